import {
  addWorkingDays,
  addWorkingTime,
  type WorkingCalendar,
  workingMsBetween,
} from '../calendar/index.js';

/**
 * Default handling limits of a feedback item in working days (DOMAIN §9, as scored for indicator
 * 6.1 of Decision 766/QĐ-TTg): reject within 2 working days of receipt or transfer, request more
 * information within 5, answer within 15, publish the answer within 2 of answering.
 */
export interface FeedbackLimits {
  reject: number;
  requestInfo: number;
  answer: number;
  publish: number;
}

export const DEFAULT_FEEDBACK_LIMITS: Readonly<FeedbackLimits> = Object.freeze({
  reject: 2,
  requestInfo: 5,
  answer: 15,
  publish: 2,
});

/** The deadlines that start when a unit receives an item (first receipt or a transfer). */
export interface HandlingDeadlines {
  rejectDueAt: number;
  infoDueAt: number;
  answerDueAt: number;
}

/**
 * Deadlines of a unit that receives an item at `at` (epoch ms), by the default counting rule of
 * the legal clock (DOMAIN §5): N working days count from the first working day after the day of
 * reception (received outside working hours = at the start of the next working period) and end
 * at the end of working hours of the N-th day. A transfer starts the same three deadlines again
 * for the new unit ("within 2 working days of receipt or transfer").
 *
 * @throws CalendarError `calendar_year_missing` when the calendar lacks the years involved.
 */
export function deadlinesFrom(
  cal: WorkingCalendar,
  at: number,
  limits: Readonly<FeedbackLimits> = DEFAULT_FEEDBACK_LIMITS,
): HandlingDeadlines {
  return {
    rejectDueAt: addWorkingDays(cal, at, limits.reject),
    infoDueAt: addWorkingDays(cal, at, limits.requestInfo),
    answerDueAt: addWorkingDays(cal, at, limits.answer),
  };
}

/**
 * The answer deadline once requested information has been supplied: the old deadline pushed by
 * the working time spent waiting, as the legal clock pauses while a dossier waits for a
 * supplement (DOMAIN §5: pausing never shortens the remaining budget). Supplied before it was
 * requested (clock skew) pushes by nothing.
 */
export function answerDueAfterInfo(
  cal: WorkingCalendar,
  answerDueAt: number,
  requestedAt: number,
  suppliedAt: number,
): number {
  return addWorkingTime(cal, answerDueAt, workingMsBetween(cal, requestedAt, suppliedAt));
}

/** Publication deadline of an answer given at `answeredAt` (2 working days by default). */
export function publishDueFrom(
  cal: WorkingCalendar,
  answeredAt: number,
  limits: Readonly<FeedbackLimits> = DEFAULT_FEEDBACK_LIMITS,
): number {
  return addWorkingDays(cal, answeredAt, limits.publish);
}
