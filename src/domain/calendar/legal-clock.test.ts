import { describe, expect, it } from 'vitest';
import { ClockError } from './calendar.errors.js';
import { createDefaultCalendar } from './default-calendar.js';
import {
  type ClockLedger,
  classify,
  classifyAgainstLegalLimit,
  consumedMinutes,
  dueAt,
  dueAtIfResumed,
  extendClock,
  originalDueAt,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  timeLeft,
} from './legal-clock.js';
import { buildCalendar } from './test-support.js';

const cal = createDefaultCalendar();
const plain = buildCalendar();

function fiveDaysFromFriday(): ClockLedger {
  return startClock({ receivedAt: '2025-01-24T10:00:00+07:00', unit: 'working_days', budget: 5 });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClockError) return error.code;
    throw error;
  }
  throw new Error('expected a ClockError');
}

describe('startClock and dueAt', () => {
  it('counts 5 working days from a Friday across Tết 2025 to 7 Feb 17:00', () => {
    expect(dueAt(fiveDaysFromFriday(), cal)).toBe('2025-02-07T17:00:00+07:00');
  });

  it('keeps the ledger plain JSON', () => {
    const ledger = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T08:00:00+07:00',
      reason: 'x',
    });
    expect(JSON.parse(JSON.stringify(ledger))).toEqual(ledger);
  });

  it('stores a Date as UTC ISO text', () => {
    const ledger = startClock({
      receivedAt: new Date(Date.UTC(2025, 2, 3, 3)),
      unit: 'working_hours',
      budget: 2,
    });
    expect(ledger.startedAt).toBe('2025-03-03T03:00:00.000Z');
    expect(dueAt(ledger, plain)).toBe('2025-03-03T14:00:00+07:00');
  });

  it('makes a same-day dossier due at the end of the reception day', () => {
    const ledger = startClock({
      receivedAt: '2025-03-03T09:00:00+07:00',
      unit: 'same_day',
      budget: 0,
    });
    expect(dueAt(ledger, plain)).toBe('2025-03-03T17:00:00+07:00');
  });

  it('makes a same-day dossier received after hours due at the end of the next working day', () => {
    const ledger = startClock({
      receivedAt: '2025-03-07T17:01:00+07:00',
      unit: 'same_day',
      budget: 0,
    });
    expect(dueAt(ledger, plain)).toBe('2025-03-10T17:00:00+07:00');
  });

  it('counts hour-based limits in working hours', () => {
    const ledger = startClock({
      receivedAt: '2025-03-03T16:00:00+07:00',
      unit: 'working_hours',
      budget: 1.5,
    });
    expect(dueAt(ledger, plain)).toBe('2025-03-04T08:00:00+07:00');
  });

  it('ends a calendar-day limit falling on a weekend at the end of the next working day', () => {
    // Received Monday 3 March; 5 calendar days later is Saturday 8 March.
    const ledger = startClock({
      receivedAt: '2025-03-03T09:00:00+07:00',
      unit: 'calendar_days',
      budget: 5,
    });
    expect(dueAt(ledger, plain)).toBe('2025-03-10T17:00:00+07:00');
  });

  it.each([
    ['working_days', 0],
    ['working_days', 1.5],
    ['working_hours', -1],
    ['working_hours', Number.NaN],
    ['calendar_days', 0],
    ['fortnights', 1],
  ])('refuses a %s budget of %s', (unit, budget) => {
    expect(
      codeOf(() =>
        startClock({
          receivedAt: '2025-03-03T09:00:00+07:00',
          unit: unit as 'working_days',
          budget,
        }),
      ),
    ).toBe('clock_invalid_input');
  });

  it('refuses a reception instant without offset', () => {
    expect(
      codeOf(() => startClock({ receivedAt: '2025-03-03T09:00', unit: 'working_days', budget: 1 })),
    ).toBe('clock_invalid_input');
  });
});

describe('pauses', () => {
  it('pushes the due date by the working time the pause covered', () => {
    let ledger = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T07:30:00+07:00',
      reason: 'supplement requested',
    });
    ledger = resumeClock(ledger, { at: '2025-02-04T07:30:00+07:00' });
    expect(dueAt(ledger, cal)).toBe('2025-02-10T17:00:00+07:00');
    expect(ledger.supplementRequests).toBe(1);
  });

  it('pushes by nothing for a pause that covered only a weekend', () => {
    let ledger = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-01T09:00:00+07:00',
      reason: 'supplement requested',
    });
    ledger = resumeClock(ledger, { at: '2025-02-02T09:00:00+07:00' });
    expect(dueAt(ledger, cal)).toBe('2025-02-07T17:00:00+07:00');
  });

  it('pushes only by the working hours inside a pause spanning a night', () => {
    const start = startClock({
      receivedAt: '2025-03-03T08:00:00+07:00',
      unit: 'working_hours',
      budget: 6,
    });
    let ledger = pauseClock(start, { at: '2025-03-03T15:00:00+07:00', reason: 'supplement' });
    ledger = resumeClock(ledger, { at: '2025-03-04T08:00:00+07:00' });
    // 5 h were used before the pause; the last hour runs from 08:00 on Tuesday.
    expect(dueAt(start, plain)).toBe('2025-03-03T16:00:00+07:00');
    expect(dueAt(ledger, plain)).toBe('2025-03-04T09:00:00+07:00');
  });

  it('moves nothing for a pause begun after the budget ran out', () => {
    const start = startClock({
      receivedAt: '2025-03-03T08:00:00+07:00',
      unit: 'working_hours',
      budget: 2,
    });
    const ledger = pauseClock(start, { at: '2025-03-04T08:00:00+07:00', reason: 'supplement' });
    expect(dueAt(ledger, plain)).toBe('2025-03-03T10:00:00+07:00');
    expect(classify(ledger, plain, { at: '2025-03-31T00:00:00+07:00' })).toBe(
      'in_progress_overdue',
    );
  });

  it('leaves the due date unknown while paused, and says when it would be if resumed now', () => {
    const ledger = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T07:30:00+07:00',
      reason: 'supplement requested',
    });
    expect(dueAt(ledger, cal)).toBeNull();
    expect(dueAtIfResumed(ledger, cal, '2025-02-05T07:30:00+07:00')).toBe(
      '2025-02-11T17:00:00+07:00',
    );
  });

  it('does not consume budget while paused', () => {
    const ledger = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T07:30:00+07:00',
      reason: 'supplement requested',
    });
    expect(consumedMinutes(ledger, cal, '2025-02-05T12:00:00+07:00')).toBe(
      consumedMinutes(ledger, cal, '2025-02-03T07:30:00+07:00'),
    );
    expect(timeLeft(ledger, cal, '2025-02-05T12:00:00+07:00')).toBe(
      timeLeft(fiveDaysFromFriday(), cal, '2025-02-03T07:30:00+07:00'),
    );
  });

  it('refuses a second pause, a resume without pause, and facts out of order', () => {
    const paused = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T08:00:00+07:00',
      reason: 'x',
    });
    expect(codeOf(() => pauseClock(paused, { at: '2025-02-03T09:00:00+07:00', reason: 'x' }))).toBe(
      'clock_already_paused',
    );
    expect(
      codeOf(() => resumeClock(fiveDaysFromFriday(), { at: '2025-02-03T09:00:00+07:00' })),
    ).toBe('clock_not_paused');
    expect(codeOf(() => resumeClock(paused, { at: '2025-02-03T07:00:00+07:00' }))).toBe(
      'clock_invalid_input',
    );
    expect(
      codeOf(() =>
        pauseClock(fiveDaysFromFriday(), { at: '2025-01-01T08:00:00+07:00', reason: 'x' }),
      ),
    ).toBe('clock_invalid_input');
    expect(
      codeOf(() =>
        pauseClock(fiveDaysFromFriday(), { at: '2025-02-03T08:00:00+07:00', reason: ' ' }),
      ),
    ).toBe('clock_invalid_input');
  });
});

describe('extension', () => {
  const extended = () =>
    extendClock(
      fiveDaysFromFriday(),
      {
        dueAt: '2025-02-14T17:00:00+07:00',
        reason: 'site visit needed',
        at: '2025-02-05T09:00:00+07:00',
      },
      cal,
    );

  it('moves the current due date but not the original one', () => {
    expect(dueAt(extended(), cal)).toBe('2025-02-14T17:00:00+07:00');
    expect(originalDueAt(extended(), cal)).toBe('2025-02-07T17:00:00+07:00');
  });

  it('is allowed only once', () => {
    expect(
      codeOf(() =>
        extendClock(
          extended(),
          { dueAt: '2025-02-21T17:00:00+07:00', reason: 'again', at: '2025-02-13T09:00:00+07:00' },
          cal,
        ),
      ),
    ).toBe('clock_already_extended');
  });

  it('must be later than the current due date and give a reason', () => {
    const base = fiveDaysFromFriday();
    expect(
      codeOf(() =>
        extendClock(
          base,
          { dueAt: '2025-02-07T17:00:00+07:00', reason: 'r', at: '2025-02-05T09:00:00+07:00' },
          cal,
        ),
      ),
    ).toBe('clock_extension_not_later');
    expect(
      codeOf(() =>
        extendClock(
          base,
          { dueAt: '2025-02-14T17:00:00+07:00', reason: '', at: '2025-02-05T09:00:00+07:00' },
          cal,
        ),
      ),
    ).toBe('clock_invalid_input');
  });

  it('cannot be set while paused', () => {
    const paused = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T08:00:00+07:00',
      reason: 'x',
    });
    expect(
      codeOf(() =>
        extendClock(
          paused,
          { dueAt: '2025-02-20T17:00:00+07:00', reason: 'r', at: '2025-02-04T09:00:00+07:00' },
          cal,
        ),
      ),
    ).toBe('clock_paused');
  });

  it('counts a late dossier as late even after an extension', () => {
    const done = stopClock(extended(), { at: '2025-02-12T10:00:00+07:00' });
    expect(classify(done, cal)).toBe('late');
    expect(timeLeft(done, cal, '2025-03-01T00:00:00+07:00')).toBeGreaterThan(0);
  });
});

describe('stopClock', () => {
  it('refuses anything after the stop', () => {
    const done = stopClock(fiveDaysFromFriday(), { at: '2025-02-04T10:00:00+07:00' });
    expect(codeOf(() => stopClock(done, { at: '2025-02-05T10:00:00+07:00' }))).toBe(
      'clock_stopped',
    );
    expect(codeOf(() => pauseClock(done, { at: '2025-02-05T10:00:00+07:00', reason: 'x' }))).toBe(
      'clock_stopped',
    );
  });

  it('closes an open pause when a dossier is withdrawn while awaiting a supplement', () => {
    const paused = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-03T08:00:00+07:00',
      reason: 'x',
    });
    const done = stopClock(paused, { at: '2025-02-20T10:00:00+07:00' });
    expect(done.pauses[0]?.to).toBe('2025-02-20T10:00:00+07:00');
    expect(classify(done, cal)).toBe('early');
  });
});

describe('classify (Decision 766, indicator 2.1)', () => {
  const judge = (finishedAt: string) => classify(fiveDaysFromFriday(), cal, { finishedAt });

  it('calls a dossier finished on a day before the due day early', () => {
    expect(judge('2025-02-06T16:59:00+07:00')).toBe('early');
  });

  it('calls a dossier finished on the due day by the due time on time', () => {
    expect(judge('2025-02-07T07:30:00+07:00')).toBe('on_time');
    expect(judge('2025-02-07T17:00:00+07:00')).toBe('on_time');
  });

  it('calls a dossier finished after the due time late', () => {
    expect(judge('2025-02-07T17:00:01+07:00')).toBe('late');
  });

  it('calls an hour-limited dossier finished the same day before the due hour on time', () => {
    const ledger = startClock({
      receivedAt: '2025-03-03T08:00:00+07:00',
      unit: 'working_hours',
      budget: 2,
    });
    expect(classify(ledger, plain, { finishedAt: '2025-03-03T09:00:00+07:00' })).toBe('on_time');
  });

  it('calls a dossier with two supplement requests late even when finished early', () => {
    let ledger = pauseClock(fiveDaysFromFriday(), { at: '2025-02-03T08:00:00+07:00', reason: 'a' });
    ledger = resumeClock(ledger, { at: '2025-02-03T09:00:00+07:00' });
    ledger = pauseClock(ledger, { at: '2025-02-03T10:00:00+07:00', reason: 'b' });
    ledger = resumeClock(ledger, { at: '2025-02-03T11:00:00+07:00' });
    ledger = stopClock(ledger, { at: '2025-02-04T10:00:00+07:00' });
    expect(classify(ledger, cal)).toBe('late');
    expect(classify(ledger, cal, { at: '2025-02-03T10:30:00+07:00' })).toBe('in_progress_overdue');
    expect(classify(ledger, cal, { at: '2025-02-03T09:30:00+07:00' })).toBe('in_progress_on_time');
  });

  it('judges unfinished dossiers at the end of the period', () => {
    const ledger = fiveDaysFromFriday();
    expect(classify(ledger, cal, { periodEnd: '2025-01-31T23:59:59+07:00' })).toBe(
      'in_progress_on_time',
    );
    expect(classify(ledger, cal, { at: '2025-02-28T23:59:59+07:00' })).toBe('in_progress_overdue');
  });

  it('treats a dossier finished after the period end as in progress at the period end', () => {
    const done = stopClock(fiveDaysFromFriday(), { at: '2025-02-12T10:00:00+07:00' });
    expect(classify(done, cal, { at: '2025-01-31T23:59:59+07:00' })).toBe('in_progress_on_time');
  });

  it('keeps a paused dossier within time at the period end', () => {
    const ledger = pauseClock(fiveDaysFromFriday(), {
      at: '2025-02-06T08:00:00+07:00',
      reason: 'x',
    });
    expect(classify(ledger, cal, { at: '2025-02-28T23:59:59+07:00' })).toBe('in_progress_on_time');
  });

  it('needs a period end to judge an unfinished dossier', () => {
    expect(codeOf(() => classify(fiveDaysFromFriday(), cal))).toBe('clock_invalid_input');
  });
});

describe('classifyAgainstLegalLimit (no promised date)', () => {
  it('compares end − start − suspended time with the legal limit', () => {
    const base = {
      receivedAt: '2025-03-03T08:00:00+07:00',
      unit: 'working_days' as const,
      budget: 2,
    };
    expect(
      classifyAgainstLegalLimit({ ...base, finishedAt: '2025-03-06T10:00:00+07:00' }, plain),
    ).toBe('late');
    expect(
      classifyAgainstLegalLimit(
        {
          ...base,
          finishedAt: '2025-03-06T10:00:00+07:00',
          suspended: [{ from: '2025-03-04T07:30:00+07:00', to: '2025-03-05T07:30:00+07:00' }],
        },
        plain,
      ),
    ).toBe('on_time');
  });
});
