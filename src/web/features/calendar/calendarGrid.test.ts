import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayStatus, monthWeeks, moveFocus, toggleDay, weekdayOf } from './calendarGrid.js';

const spec = {
  weekend: [0, 6],
  daysOff: ['2026-02-14', '2026-02-16'],
  extraWorkingDays: ['2026-02-28'],
};

describe('calendar grid helpers', () => {
  it('reads the status of a day as the server does', () => {
    expect(dayStatus(spec, '2026-02-16')).toBe('off');
    expect(dayStatus(spec, '2026-02-14')).toBe('off');
    expect(dayStatus(spec, '2026-02-15')).toBe('weekend');
    expect(dayStatus(spec, '2026-02-28')).toBe('extra');
    expect(dayStatus(spec, '2026-02-23')).toBe('working');
  });

  it('flips whether a day is worked with one toggle, and a second toggle restores it', () => {
    const dates = fc
      .integer({ min: 0, max: 364 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, (date) => {
        const before = dayStatus(spec, date);
        const once = toggleDay(spec, date);
        const worked = (s: string) => s === 'working' || s === 'extra';
        expect(worked(dayStatus(once, date))).toBe(!worked(before));
        expect(once.daysOff.filter((d) => once.extraWorkingDays.includes(d))).toEqual([]);
        // A holiday on a weekend day goes back to the weekend, not to its earlier listing.
        if (!(before === 'off' && spec.weekend.includes(weekdayOf(date))))
          expect(toggleDay(once, date)).toEqual(spec);
      }),
    );
  });

  it('lays a month out Monday first', () => {
    const weeks = monthWeeks(2026, 2);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-02-01']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(28);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('moves the focus by day, week, week edge and month, inside the year', () => {
    expect(moveFocus('2026-02-16', 'ArrowRight', 2026)).toBe('2026-02-17');
    expect(moveFocus('2026-02-16', 'ArrowUp', 2026)).toBe('2026-02-09');
    expect(moveFocus('2026-02-18', 'Home', 2026)).toBe('2026-02-16');
    expect(moveFocus('2026-02-18', 'End', 2026)).toBe('2026-02-22');
    expect(moveFocus('2026-01-31', 'PageDown', 2026)).toBe('2026-02-28');
    expect(moveFocus('2026-01-02', 'ArrowUp', 2026)).toBe('2026-01-01');
    expect(moveFocus('2026-12-30', 'ArrowDown', 2026)).toBe('2026-12-31');
    expect(moveFocus('2026-02-16', 'a', 2026)).toBeNull();
  });
});
