import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from './default-calendar.js';
import { dayToIsoDate, epochDayOf, toEpochMs } from './instant.js';
import {
  type ClockLedger,
  type ClockUnit,
  classify,
  dueAt,
  pauseClock,
  resumeClock,
  startClock,
  timeLeft,
} from './legal-clock.js';
import { buildCalendar } from './test-support.js';
import {
  addWorkingTime,
  countWorkingDays,
  isWithinWorkingHours,
  workingInstantAtOrAfter,
  workingMsBetween,
} from './working-time.js';

const cal = createDefaultCalendar();
const HOUR = 3_600_000;
const FROM = Date.UTC(2024, 5, 1);
const TO = Date.UTC(2026, 9, 1);

const instant = fc.integer({ min: FROM, max: TO });
const iso = (ms: number) => new Date(ms).toISOString();

const limit: fc.Arbitrary<{ unit: ClockUnit; budget: number }> = fc.oneof(
  fc.record({
    unit: fc.constant('working_days' as const),
    budget: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    unit: fc.constant('working_hours' as const),
    budget: fc.integer({ min: 1, max: 200 }).map((q) => q / 4),
  }),
  fc.record({ unit: fc.constant('same_day' as const), budget: fc.constant(0) }),
  fc.record({
    unit: fc.constant('calendar_days' as const),
    budget: fc.integer({ min: 1, max: 60 }),
  }),
);

/** A ledger with up to two closed pauses at random offsets after reception. */
const ledger: fc.Arbitrary<ClockLedger> = fc
  .record({
    receivedAt: instant,
    limit,
    pauses: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 400 * HOUR }), fc.integer({ min: 0, max: 200 * HOUR })),
      { maxLength: 2 },
    ),
  })
  .map(({ receivedAt, limit: l, pauses }) => {
    let result = startClock({ receivedAt: iso(receivedAt), ...l });
    let cursor = receivedAt;
    for (const [gap, length] of pauses) {
      cursor += gap;
      result = pauseClock(result, { at: iso(cursor), reason: 'supplement' });
      cursor += length;
      result = resumeClock(result, { at: iso(cursor) });
    }
    return result;
  });

const dueMs = (l: ClockLedger, c = cal): number => toEpochMs(dueAt(l, c) as string);

describe('calendar invariants', () => {
  it('puts every due date within working hours of a working day', () => {
    fc.assert(
      fc.property(ledger, (l) => {
        expect(isWithinWorkingHours(cal, dueMs(l))).toBe(true);
      }),
    );
  });

  it('never shortens the remaining budget by pausing', () => {
    fc.assert(
      fc.property(
        instant,
        limit,
        fc.integer({ min: 0, max: 300 * HOUR }),
        fc.integer({ min: 0, max: 300 * HOUR }),
        fc.integer({ min: 0, max: 600 * HOUR }),
        (receivedAt, l, gap, length, later) => {
          const base = startClock({ receivedAt: iso(receivedAt), ...l });
          const from = receivedAt + gap;
          const paused = pauseClock(base, { at: iso(from), reason: 'supplement' });
          const resumed = resumeClock(paused, { at: iso(from + length) });
          const now = iso(from + later);
          expect(dueMs(resumed)).toBeGreaterThanOrEqual(dueMs(base));
          expect(timeLeft(paused, cal, now)).toBeGreaterThanOrEqual(timeLeft(base, cal, now));
          expect(timeLeft(resumed, cal, now)).toBeGreaterThanOrEqual(timeLeft(base, cal, now));
        },
      ),
    );
  });

  it('never brings a due date earlier by adding a day off', () => {
    const day2025 = fc
      .integer({ min: epochDayOf(2025, 1, 1), max: epochDayOf(2025, 12, 31) })
      .map(dayToIsoDate);
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 9, 1) }),
        limit,
        fc.uniqueArray(day2025, { maxLength: 20 }),
        day2025,
        (receivedAt, l, daysOff, extra) => {
          const clock = startClock({ receivedAt: iso(receivedAt), ...l });
          const before = dueMs(clock, buildCalendar({ daysOff }));
          const after = dueMs(clock, buildCalendar({ daysOff: [...new Set([...daysOff, extra])] }));
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('takes exactly the working time it adds', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 500 * HOUR }), (at, amount) => {
        const start = workingInstantAtOrAfter(cal, at);
        expect(workingMsBetween(cal, start, addWorkingTime(cal, start, amount))).toBe(amount);
      }),
    );
  });

  it('counts working days additively over adjacent ranges', () => {
    const day = fc.integer({ min: epochDayOf(2024, 6, 1), max: epochDayOf(2026, 10, 1) });
    fc.assert(
      fc.property(day, day, day, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        expect(
          countWorkingDays(cal, dayToIsoDate(a), dayToIsoDate(b)) +
            countWorkingDays(cal, dayToIsoDate(b + 1), dayToIsoDate(c)),
        ).toBe(countWorkingDays(cal, dayToIsoDate(a), dayToIsoDate(c)));
      }),
    );
  });

  it('calls a dossier late exactly when finished after its due date', () => {
    fc.assert(
      fc.property(ledger, fc.integer({ min: -100 * HOUR, max: 100 * HOUR }), (l, offset) => {
        fc.pre(l.supplementRequests <= 1);
        const due = dueMs(l);
        const finishedAt = Math.max(due + offset, toEpochMs(l.pauses.at(-1)?.to ?? l.startedAt));
        const result = classify(l, cal, { finishedAt: iso(finishedAt) });
        expect(result === 'late').toBe(finishedAt > due);
      }),
    );
  });

  it('gives the same results whatever the host time zone', () => {
    const samples = fc.sample(ledger, { numRuns: 200, seed: 42 });
    const run = () =>
      samples.map((l) => [
        dueAt(l, createDefaultCalendar()),
        timeLeft(l, cal, '2025-06-01T00:00:00Z'),
      ]);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const reference = run();
      for (const zone of [
        'America/New_York',
        'Pacific/Kiritimati',
        'Asia/Ho_Chi_Minh',
        'Pacific/Pago_Pago',
      ]) {
        process.env.TZ = zone;
        expect(run()).toEqual(reference);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
