import type { FeedbackKind, FeedbackState } from './machine.js';

/**
 * The recorded facts of one item that indicators 6.1 and 6.2 look at (instants in epoch ms).
 * Deadlines are those of the unit holding the item. While the latest request for information
 * is unanswered the answer clock is paused; once supplied, `answerDueAt` has been pushed by the
 * working time spent waiting. `finishedAt` = rejected or published (answered, for the kinds
 * whose answers are not published).
 */
export interface FeedbackFacts {
  kind: FeedbackKind;
  receivedAt: number;
  finishedAt: number | null;
  rejectDueAt: number;
  infoDueAt: number;
  answerDueAt: number;
  publishDueAt: number | null;
  /** The latest request for more information, and the latest supply of it. */
  infoRequestedAt: number | null;
  infoSuppliedAt: number | null;
  rejectedAt: number | null;
  answeredAt: number | null;
  publishedAt: number | null;
  /** Ratings given up to the judging instant. */
  likes: number;
  dislikes: number;
  complainedAgainAt: number | null;
}

/** How an item stands for indicator 6.1 at a judging instant. */
export type FeedbackClass = 'on_time' | 'late' | 'in_progress_on_time' | 'in_progress_overdue';

const after = (done: number | null, due: number | null): boolean =>
  done !== null && due !== null && done > due;

/** Whether at `at` the latest request for information is still unanswered. */
export function waitingForInfo(
  f: Pick<FeedbackFacts, 'infoRequestedAt' | 'infoSuppliedAt'>,
  at: number,
): boolean {
  const asked = f.infoRequestedAt;
  if (asked === null || asked > at) return false;
  const supplied = f.infoSuppliedAt;
  return supplied === null || supplied < asked || supplied > at;
}

/**
 * The deadline a unit is working against now, by state: the answer (received, processing), the
 * publication (awaiting publication); none while waiting for information or once finished. The
 * staff list's overdue flag compares it with the present.
 */
export function pendingDueAt(
  state: FeedbackState,
  f: Pick<FeedbackFacts, 'answerDueAt' | 'publishDueAt'>,
): number | null {
  if (state === 'received' || state === 'processing') return f.answerDueAt;
  if (state === 'awaiting_publication') return f.publishDueAt;
  return null;
}

/**
 * Whether a step was or is late at instant `at`: done after its deadline, or not done while its
 * deadline has passed. Requesting information and rejecting are optional steps: only doing them
 * late counts; answering and publishing must happen.
 */
function lateAt(f: FeedbackFacts, at: number): boolean {
  const seen = (t: number | null) => (t !== null && t <= at ? t : null);
  if (after(seen(f.infoRequestedAt), f.infoDueAt)) return true;
  if (after(seen(f.rejectedAt), f.rejectDueAt)) return true;
  // The answer is due unless the item was rejected (a rejection ends the handling), and its
  // clock stands still while the item waits for requested information.
  const answerOrReject = seen(f.answeredAt) ?? seen(f.rejectedAt);
  if (!waitingForInfo(f, at) && f.answerDueAt < at && (answerOrReject ?? at) > f.answerDueAt)
    return true;
  const published = seen(f.publishedAt);
  if (f.publishDueAt !== null && f.publishDueAt < at && (published ?? at) > f.publishDueAt)
    return true;
  return false;
}

/**
 * The class of a feedback item for indicator 6.1 (DOMAIN §6, §9) judged at `judgeAt` (the end
 * of the period's last day, or of today for the current period): finished (rejected or
 * published) by then → `on_time` unless a step missed its deadline (reject 2, request
 * information 5, answer 15, publish 2 working days), else `late`; unfinished → in progress
 * within time or overdue. Null when the item is not counted: not a feedback (complaints and
 * denunciations have their own laws) or received after `judgeAt`.
 */
export function classifyFeedback(f: FeedbackFacts, judgeAt: number): FeedbackClass | null {
  if (f.kind !== 'feedback' || f.receivedAt > judgeAt) return null;
  const finished = f.finishedAt !== null && f.finishedAt <= judgeAt;
  const late = lateAt(f, judgeAt);
  if (finished) return late ? 'late' : 'on_time';
  return late ? 'in_progress_overdue' : 'in_progress_on_time';
}

/** Instants bounding a period: its first instant, and the judging instant (≤ the period's end). */
export interface FeedbackWindow {
  from: number;
  judgeAt: number;
}

export type DissatisfactionReason = 'disliked' | 'overdue' | 'complained_again';

/** Where one item stands in the numerators and denominators of 6.1 and 6.2 for a period. */
export interface FeedbackRoles {
  cls: FeedbackClass | null;
  /** 6.1 denominator: finished in the period, or in progress at the judging instant. */
  handled: boolean;
  /** 6.1 numerator: handled, and finished on time or in progress within time. */
  handledOnTime: boolean;
  /** 6.2 denominator: first received in the period. */
  received: boolean;
  /** 6.2: why a received item is subtracted from the numerator (each item counted once). */
  dissatisfaction: DissatisfactionReason[];
}

/**
 * The roles of one item in indicators 6.1 and 6.2 for a period (DOMAIN §6):
 * - 6.1 handled on time = (finished on time in P + in progress within time at J) ÷ (finished in
 *   P + in progress at J), the same population rule as dossiers in 2.1;
 * - 6.2 satisfaction = (first received in P − those disliked more than liked, overdue at J, or
 *   complained about again, each counted once) ÷ first received in P.
 */
export function feedbackRoles(f: FeedbackFacts, w: FeedbackWindow): FeedbackRoles {
  const cls = classifyFeedback(f, w.judgeAt);
  if (cls === null)
    return { cls, handled: false, handledOnTime: false, received: false, dissatisfaction: [] };
  const finishedInPeriod =
    f.finishedAt !== null && f.finishedAt >= w.from && f.finishedAt <= w.judgeAt;
  const open = cls === 'in_progress_on_time' || cls === 'in_progress_overdue';
  const handled = finishedInPeriod || open;
  const received = f.receivedAt >= w.from;
  const dissatisfaction: DissatisfactionReason[] = [];
  if (received) {
    if (f.dislikes > f.likes) dissatisfaction.push('disliked');
    if (cls === 'late' || cls === 'in_progress_overdue') dissatisfaction.push('overdue');
    if (f.complainedAgainAt !== null && f.complainedAgainAt <= w.judgeAt)
      dissatisfaction.push('complained_again');
  }
  return {
    cls,
    handled,
    handledOnTime: handled && (cls === 'on_time' || cls === 'in_progress_on_time'),
    received,
    dissatisfaction,
  };
}

/** Numerator and denominator of 6.1 and 6.2 summed over items. */
export interface FeedbackCounts {
  handled: number;
  handledOnTime: number;
  received: number;
  dissatisfied: number;
}

export function emptyFeedbackCounts(): FeedbackCounts {
  return { handled: 0, handledOnTime: 0, received: 0, dissatisfied: 0 };
}

/** Adds one item's roles to a tally (in place). */
export function addFeedbackRoles(tally: FeedbackCounts, r: FeedbackRoles): void {
  if (r.handled) tally.handled++;
  if (r.handledOnTime) tally.handledOnTime++;
  if (r.received) tally.received++;
  if (r.received && r.dissatisfaction.length > 0) tally.dissatisfied++;
}

/** Indicator 6.1 counts: handled on time ÷ handled. */
export function feedbackOnTimeCounts(c: FeedbackCounts): {
  numerator: number;
  denominator: number;
} {
  return { numerator: c.handledOnTime, denominator: c.handled };
}

/** Indicator 6.2 counts: (received − dissatisfied) ÷ received; a zero denominator is N/A. */
export function feedbackSatisfactionCounts(c: FeedbackCounts): {
  numerator: number;
  denominator: number;
} {
  if (c.dissatisfied > c.received)
    throw new RangeError('dissatisfied items cannot exceed the items received');
  return { numerator: c.received - c.dissatisfied, denominator: c.received };
}
