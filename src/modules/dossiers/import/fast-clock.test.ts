import { describe, expect, it } from 'vitest';
import {
  type ClockLedger,
  type ClockUnit,
  countWorkingDays,
  createDefaultCalendar,
  dueAt,
  localDate,
  startClock,
  toEpochMs,
  type WorkingCalendar,
  workingInstantAtOrAfter,
  workingMsBetween,
} from '../../../domain/calendar/index.js';
import { FastClock } from './fast-clock.js';

/**
 * The import's clock before FastClock (issue 4), kept verbatim as the reference: the ledger is
 * the procedure's limit when it gives `due_at`, else that many working days, else the working
 * hours up to it, and the due date is the domain's `dueAt` of that ledger.
 */
function referenceFit(
  cal: WorkingCalendar,
  receivedIso: string,
  limit: { unit: ClockUnit; budget: number },
  dueMs: number | null,
): { ledger: ClockLedger; dueMs: number } {
  const due = (l: ClockLedger) => dueAt(l, cal);
  const done = (l: ClockLedger) => ({ ledger: l, dueMs: toEpochMs(due(l) as string) });
  const base = startClock({ receivedAt: receivedIso, unit: limit.unit, budget: limit.budget });
  if (dueMs === null) return done(base);
  const same = (l: ClockLedger) => {
    const d = due(l);
    return d !== null && toEpochMs(d) === dueMs;
  };
  if (same(base)) return done(base);
  const start = workingInstantAtOrAfter(cal, toEpochMs(receivedIso));
  const startDay = localDate(cal, start);
  const dueDay = localDate(cal, dueMs);
  if (dueDay === startDay) {
    const sameDay = startClock({ receivedAt: receivedIso, unit: 'same_day', budget: 0 });
    if (same(sameDay)) return done(sameDay);
  } else if (dueDay > startDay) {
    const next = new Date(Date.parse(`${startDay}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const n = countWorkingDays(cal, next, dueDay);
    if (n >= 1) {
      const days = startClock({ receivedAt: receivedIso, unit: 'working_days', budget: n });
      if (same(days)) return done(days);
    }
  }
  const hours = workingMsBetween(cal, start, dueMs) / 3_600_000;
  if (hours > 0)
    return done(
      startClock({
        receivedAt: receivedIso,
        unit: 'working_hours',
        budget: Math.round(hours * 1_000_000) / 1_000_000,
      }),
    );
  return done(startClock({ receivedAt: receivedIso, unit: 'same_day', budget: 0 }));
}

/** mulberry32: a failure can be replayed from its seed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('FastClock (the import clock)', () => {
  const cal = createDefaultCalendar();

  it('fits the same ledger and due date as the reference on random rows', () => {
    const random = prng(20261122);
    const limits: { unit: ClockUnit; budget: number }[] = [
      { unit: 'working_days', budget: 1 },
      { unit: 'working_days', budget: 5 },
      { unit: 'working_days', budget: 15 },
      { unit: 'calendar_days', budget: 7 },
      { unit: 'working_hours', budget: 4 },
      { unit: 'working_hours', budget: 29.5 },
      { unit: 'same_day', budget: 0 },
    ];
    // Around Tết 2025 and the end of 2025 (holidays, weekends, shifted working days).
    const starts = [
      Date.parse('2025-01-20T00:00:00+07:00'),
      Date.parse('2025-12-20T00:00:00+07:00'),
    ];
    const clock = new FastClock(cal);
    let fittedToDue = 0;
    for (let i = 0; i < 4000; i++) {
      const from = starts[i % 2] as number;
      // Any minute of 30 days, night and weekend included; sometimes with seconds and ms.
      const received =
        from + Math.floor(random() * 30 * 1440) * 60_000 + (i % 7 === 0 ? 12_345 : 0);
      const limit = limits[Math.floor(random() * limits.length)] as (typeof limits)[number];
      const kind = random();
      let due: number | null = null;
      if (kind < 0.3) due = null;
      else if (kind < 0.6) {
        // A date alone: the end of that day's working hours.
        const day = clock.localDay(received) + Math.floor(random() * 12);
        if (cal.rules(day).working) due = clock.endOfDay(day);
      } else due = received + Math.floor(random() * 10 * 86_400_000);
      const receivedIso = new Date(received).toISOString();
      const expected = referenceFit(cal, receivedIso, limit, due);
      const actual = clock.fit(limit, received, due);
      expect(
        { unit: actual.unit, budget: actual.budget, dueMs: actual.dueMs },
        `${receivedIso} ${limit.unit}/${limit.budget} due ${due === null ? '-' : new Date(due).toISOString()}`,
      ).toEqual({
        unit: expected.ledger.unit,
        budget: expected.ledger.budget,
        dueMs: expected.dueMs,
      });
      if (due !== null && actual.dueMs === due) fittedToDue++;
    }
    // The sample exercised the fitting paths, not only the procedure's own limit.
    expect(fittedToDue).toBeGreaterThan(500);
  });

  it('finds local days like the calendar, also across midnight and in another zone', () => {
    const clock = new FastClock(cal);
    const at = Date.parse('2025-03-02T17:00:00Z'); // 00:00 on 3 March in Hà Nội
    expect(clock.localDay(at)).toBe(clock.localDay(at + 3_600_000));
    expect(clock.localDay(at - 1)).toBe(clock.localDay(at) - 1);
    expect(new Date(clock.localDay(at) * 86_400_000).toISOString().slice(0, 10)).toBe(
      localDate(cal, at),
    );
    // A zone with daylight saving: the hour of the change is looked up exactly.
    const paris = new FastClock({ ...cal, timezone: 'Europe/Paris', rules: (d) => cal.rules(d) });
    const change = Date.parse('2025-03-30T01:00:00Z'); // 02:00 → 03:00 local
    for (const ms of [change - 1, change, change + 1_800_000, Date.parse('2025-03-29T23:30:00Z')])
      expect(new Date(paris.localDay(ms) * 86_400_000).toISOString().slice(0, 10)).toBe(
        localDate({ ...cal, timezone: 'Europe/Paris' }, ms),
      );
  });

  it('names a limit startClock refuses', () => {
    const clock = new FastClock(cal);
    expect(clock.limitProblem('working_days', 5)).toBeNull();
    expect(clock.limitProblem('working_days', 0)).toMatch(/budget/);
    expect(clock.limitProblem('fortnights' as ClockUnit, 1)).toMatch(/unit/);
  });
});
