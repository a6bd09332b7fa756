import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinWorkingHours } from '../calendar/index.js';
import { buildCalendar, vn } from '../calendar/test-support.js';
import {
  addFeedbackRoles,
  allowedActions,
  answerDueAfterInfo,
  classifyFeedback,
  deadlinesFrom,
  emptyFeedbackCounts,
  type FeedbackFacts,
  feedbackOnTimeCounts,
  feedbackRoles,
  feedbackSatisfactionCounts,
  isFinished,
  nextState,
  pendingDueAt,
  publishDueFrom,
} from './index.js';

const cal = buildCalendar({ daysOff: ['2025-09-01', '2025-09-02'] });

function facts(overrides: Partial<FeedbackFacts> = {}): FeedbackFacts {
  // Deadlines follow the reception instant, overridden or not.
  const receivedAt = overrides.receivedAt ?? vn('2025-03-03T09:00:00');
  const d = deadlinesFrom(cal, receivedAt);
  return {
    kind: 'feedback',
    receivedAt,
    finishedAt: null,
    ...d,
    publishDueAt: null,
    infoRequestedAt: null,
    infoSuppliedAt: null,
    rejectedAt: null,
    answeredAt: null,
    publishedAt: null,
    likes: 0,
    dislikes: 0,
    complainedAgainAt: null,
    ...overrides,
  };
}

describe('feedback state machine', () => {
  it('follows received → processing → info ↔ processing → answer → publication', () => {
    expect(nextState('received', 'feedback', 'start')).toBe('processing');
    expect(nextState('processing', 'feedback', 'request_info')).toBe('info_requested');
    expect(nextState('info_requested', 'feedback', 'supply_info')).toBe('processing');
    expect(nextState('processing', 'feedback', 'answer')).toBe('awaiting_publication');
    expect(nextState('awaiting_publication', 'feedback', 'publish')).toBe('published');
    expect(isFinished('published', 'feedback')).toBe(true);
  });

  it('never publishes the answer to a complaint or a denunciation', () => {
    expect(nextState('processing', 'denunciation', 'answer')).toBe('answered');
    expect(nextState('processing', 'complaint', 'answer')).toBe('answered');
    expect(allowedActions('answered', 'denunciation')).toEqual([]);
    expect(isFinished('answered', 'denunciation')).toBe(true);
    expect(isFinished('awaiting_publication', 'feedback')).toBe(false);
  });

  it('sends a transferred item back to received at the new unit and refuses the rest', () => {
    expect(nextState('processing', 'feedback', 'transfer')).toBe('received');
    expect(nextState('received', 'feedback', 'answer')).toBeNull();
    expect(nextState('published', 'feedback', 'reject')).toBeNull();
    expect(nextState('info_requested', 'feedback', 'answer')).toBeNull();
    expect(allowedActions('received', 'feedback')).toEqual(['start', 'transfer', 'reject']);
  });
});

describe('feedback deadlines', () => {
  it('counts 2, 5 and 15 working days from the day after receipt, skipping days off', () => {
    // Friday 29 August 2025; 1–2 September are National Day holidays.
    const d = deadlinesFrom(cal, vn('2025-08-29T10:00:00'));
    expect(new Date(d.rejectDueAt).toISOString()).toBe('2025-09-04T10:00:00.000Z'); // Thu 17:00
    expect(new Date(d.infoDueAt).toISOString()).toBe('2025-09-09T10:00:00.000Z');
    expect(new Date(d.answerDueAt).toISOString()).toBe('2025-09-23T10:00:00.000Z');
  });

  it('counts an item received on Saturday from Monday', () => {
    const d = deadlinesFrom(cal, vn('2025-03-08T10:00:00'));
    expect(new Date(d.rejectDueAt).toISOString()).toBe('2025-03-12T10:00:00.000Z');
  });

  it('publishes within 2 working days of the answer', () => {
    expect(new Date(publishDueFrom(cal, vn('2025-03-07T16:00:00'))).toISOString()).toBe(
      '2025-03-11T10:00:00.000Z',
    );
  });

  it('pushes the answer deadline by the working time spent waiting for information', () => {
    const due = vn('2025-03-24T17:00:00');
    // Waiting from Monday 08:00 to Wednesday 08:00 = two full working days.
    const pushed = answerDueAfterInfo(
      cal,
      due,
      vn('2025-03-10T07:30:00'),
      vn('2025-03-12T07:30:00'),
    );
    expect(new Date(pushed).toISOString()).toBe('2025-03-26T10:00:00.000Z');
  });

  it('never shortens the answer budget, and every deadline ends inside working hours', () => {
    const start = vn('2025-01-01T00:00:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 * 24 * 60 }),
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        (minutes, wait) => {
          const at = start + minutes * 60_000;
          const d = deadlinesFrom(cal, at);
          expect(d.rejectDueAt).toBeLessThan(d.infoDueAt);
          expect(d.infoDueAt).toBeLessThan(d.answerDueAt);
          for (const t of [d.rejectDueAt, d.infoDueAt, d.answerDueAt])
            expect(isWithinWorkingHours(cal, t)).toBe(true);
          const pushed = answerDueAfterInfo(cal, d.answerDueAt, at, at + wait * 60_000);
          expect(pushed).toBeGreaterThanOrEqual(d.answerDueAt);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('indicator 6.1: feedback handled on time', () => {
  const judge = vn('2025-03-31T23:59:59');

  it('counts an item answered and published within the deadlines as on time', () => {
    const answeredAt = vn('2025-03-10T10:00:00');
    const f = facts({
      answeredAt,
      publishDueAt: publishDueFrom(cal, answeredAt),
      publishedAt: vn('2025-03-11T09:00:00'),
      finishedAt: vn('2025-03-11T09:00:00'),
    });
    expect(classifyFeedback(f, judge)).toBe('on_time');
  });

  it('counts a late publication, a late rejection and a late information request as late', () => {
    const answeredAt = vn('2025-03-10T10:00:00');
    const published = vn('2025-03-14T09:00:00');
    expect(
      classifyFeedback(
        facts({
          answeredAt,
          publishDueAt: publishDueFrom(cal, answeredAt),
          publishedAt: published,
          finishedAt: published,
        }),
        judge,
      ),
    ).toBe('late');
    const rejected = vn('2025-03-06T09:00:00'); // 3rd working day after Monday 3 March
    expect(classifyFeedback(facts({ rejectedAt: rejected, finishedAt: rejected }), judge)).toBe(
      'late',
    );
    const inTime = vn('2025-03-05T16:00:00');
    expect(classifyFeedback(facts({ rejectedAt: inTime, finishedAt: inTime }), judge)).toBe(
      'on_time',
    );
    expect(classifyFeedback(facts({ infoRequestedAt: vn('2025-03-12T09:00:00') }), judge)).toBe(
      'in_progress_overdue',
    );
  });

  it('judges an unfinished item at the judging instant, and not while the clock is paused', () => {
    const f = facts();
    expect(classifyFeedback(f, vn('2025-03-20T23:59:59'))).toBe('in_progress_on_time');
    expect(classifyFeedback(f, vn('2025-03-25T23:59:59'))).toBe('in_progress_overdue');
    const paused = facts({ infoRequestedAt: vn('2025-03-04T09:00:00') });
    expect(classifyFeedback(paused, vn('2025-06-30T23:59:59'))).toBe('in_progress_on_time');
    // Supplied on 10 March: the clock runs again against the (pushed) deadline.
    const resumed = facts({
      infoRequestedAt: vn('2025-03-04T09:00:00'),
      infoSuppliedAt: vn('2025-03-10T09:00:00'),
      answerDueAt: answerDueAfterInfo(
        cal,
        deadlinesFrom(cal, vn('2025-03-03T09:00:00')).answerDueAt,
        vn('2025-03-04T09:00:00'),
        vn('2025-03-10T09:00:00'),
      ),
    });
    expect(classifyFeedback(resumed, vn('2025-03-07T23:59:59'))).toBe('in_progress_on_time');
    expect(classifyFeedback(resumed, vn('2025-03-26T23:59:59'))).toBe('in_progress_on_time');
    expect(classifyFeedback(resumed, vn('2025-04-01T23:59:59'))).toBe('in_progress_overdue');
  });

  it('leaves complaints, denunciations and items received after the judging day out', () => {
    expect(classifyFeedback(facts({ kind: 'denunciation' }), judge)).toBeNull();
    expect(classifyFeedback(facts({ kind: 'complaint' }), judge)).toBeNull();
    expect(classifyFeedback(facts(), vn('2025-03-01T23:59:59'))).toBeNull();
  });

  it('ignores what happened after the judging instant', () => {
    const late = vn('2025-04-10T09:00:00');
    const f = facts({ answeredAt: late, publishDueAt: publishDueFrom(cal, late) });
    expect(classifyFeedback(f, vn('2025-03-20T23:59:59'))).toBe('in_progress_on_time');
    expect(classifyFeedback(f, vn('2025-04-30T23:59:59'))).toBe('in_progress_overdue');
  });
});

describe('the pending deadline', () => {
  it('is the answer, then the publication, and none while paused or finished', () => {
    const f = { answerDueAt: 10, publishDueAt: 20 };
    expect(pendingDueAt('processing', f)).toBe(10);
    expect(pendingDueAt('awaiting_publication', f)).toBe(20);
    expect(pendingDueAt('info_requested', f)).toBeNull();
    expect(pendingDueAt('published', f)).toBeNull();
  });
});

describe('indicator 6.2 and the tallies', () => {
  const w = { from: vn('2025-03-01T00:00:00'), judgeAt: vn('2025-03-20T23:59:59') };

  it('subtracts each disliked, overdue or re-complained item once', () => {
    const items = [
      facts(), // fine
      facts({ dislikes: 2, likes: 1 }), // disliked
      facts({ dislikes: 1, likes: 1 }), // a tie is not "more disliked than liked"
      facts({ dislikes: 3, complainedAgainAt: vn('2025-03-20T09:00:00') }), // two reasons, once
      facts({ receivedAt: vn('2025-02-03T09:00:00') }), // received before the period
    ];
    const tally = emptyFeedbackCounts();
    const roles = items.map((f) => feedbackRoles(f, w));
    for (const r of roles) addFeedbackRoles(tally, r);
    expect(roles[3]?.dissatisfaction).toEqual(['disliked', 'complained_again']);
    expect(feedbackSatisfactionCounts(tally)).toEqual({ numerator: 2, denominator: 4 });
    // The February item is in progress at the judging instant and long overdue.
    expect(roles[4]?.cls).toBe('in_progress_overdue');
    expect(feedbackOnTimeCounts(tally)).toEqual({ numerator: 4, denominator: 5 });
  });

  it('has a zero denominator when nothing was received (N/A)', () => {
    expect(feedbackSatisfactionCounts(emptyFeedbackCounts())).toEqual({
      numerator: 0,
      denominator: 0,
    });
  });

  it('counts an item finished before the period in neither indicator', () => {
    const done = vn('2025-02-10T09:00:00');
    const r = feedbackRoles(
      facts({ receivedAt: vn('2025-02-05T09:00:00'), rejectedAt: done, finishedAt: done }),
      w,
    );
    expect(r.handled).toBe(false);
    expect(r.received).toBe(false);
  });
});
