import { describe, expect, it } from 'vitest';
import { parseCalendarSpec } from './calendar.types.js';
import {
  createDefaultCalendar,
  defaultCalendarForYear,
  officialYears,
} from './default-calendar.js';
import { provisionalYearTable, statutoryHolidays } from './holidays.js';
import { OFFICIAL_YEARS } from './official-years.js';
import { countWorkingDays, isWorkingDay } from './working-time.js';

describe('statutory holidays (Labour Code 2019 art. 112)', () => {
  it('puts Tết (lunar 1/1) on 2025-01-29 and 2026-02-17', () => {
    const first = (year: number) =>
      statutoryHolidays(year).find((h) => h.name.includes('1st day of the 1st lunar month'))?.date;
    expect(first(2025)).toBe('2025-01-29');
    expect(first(2026)).toBe('2026-02-17');
  });

  it('gives 11 holidays a year', () => {
    for (const year of [2024, 2025, 2026, 2027, 2030]) {
      expect(statutoryHolidays(year).filter((h) => h.kind === 'holiday')).toHaveLength(11);
    }
  });

  it('puts Hùng Kings’ day 2025 on Monday 7 April (10/3 lunar)', () => {
    expect(statutoryHolidays(2025).some((h) => h.date === '2025-04-07')).toBe(true);
  });

  it('compensates Hùng Kings’ day 2026 (Sunday 26 April) on Monday 27 April', () => {
    const comp = statutoryHolidays(2026).filter((h) => h.kind === 'compensatory');
    expect(comp.map((h) => h.date)).toEqual(['2026-04-27']);
  });

  it('takes the last day of a 29-day lunar 12th month as the eve of Tết', () => {
    // Lunar 12th month of Giáp Thìn had 29 days: its last day was 28 Jan 2025.
    expect(statutoryHolidays(2025).some((h) => h.date === '2025-01-28')).toBe(true);
  });

  it('compensates each weekend holiday on a separate next working day', () => {
    // Tết 2027: lunar 1/1 is Saturday 6 Feb, so Saturday and Sunday are compensated Wed and Thu.
    const dates = provisionalYearTable(2027).daysOff;
    expect(dates).toEqual(
      expect.arrayContaining([
        '2027-02-05',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
      ]),
    );
    expect(dates).toContain('2027-05-03');
  });

  it('marks a computed table as provisional and valid', () => {
    const table = provisionalYearTable(2030);
    expect(table.status).toBe('provisional');
    expect(table.extraWorkingDays).toEqual([]);
    expect(parseCalendarSpec(table).daysOff).toEqual(table.daysOff);
  });

  it('refuses years outside the lunar tables', () => {
    expect(() => statutoryHolidays(2200)).toThrow(/outside/);
  });
});

describe('official year tables', () => {
  const cal = createDefaultCalendar();

  it('are valid calendar specs', () => {
    for (const table of OFFICIAL_YEARS) expect(() => parseCalendarSpec(table)).not.toThrow();
  });

  it('give civil servants 25 Jan – 2 Feb 2025 off for Tết', () => {
    expect(countWorkingDays(cal, '2025-01-25', '2025-02-02')).toBe(0);
    expect(isWorkingDay(cal, '2025-01-24')).toBe(true);
    expect(isWorkingDay(cal, '2025-02-03')).toBe(true);
  });

  it('give civil servants 14–22 Feb 2026 off for Tết, weekdays 16–20 Feb', () => {
    expect(countWorkingDays(cal, '2026-02-14', '2026-02-22')).toBe(0);
    expect(isWorkingDay(cal, '2026-02-13')).toBe(true);
    expect(isWorkingDay(cal, '2026-02-23')).toBe(true);
  });

  it('give Monday 27 April 2026 off for Hùng Kings’ day', () => {
    expect(isWorkingDay(cal, '2026-04-27')).toBe(false);
  });

  it('fall back to the provisional table for years not shipped', () => {
    expect(officialYears()).toEqual([2025, 2026]);
    expect(defaultCalendarForYear(2025).status).toBe('official');
    expect(defaultCalendarForYear(2027).status).toBe('provisional');
  });

  it('hand out copies the caller may change', () => {
    defaultCalendarForYear(2025).spec.daysOff.push('2025-03-03');
    expect(defaultCalendarForYear(2025).spec.daysOff).not.toContain('2025-03-03');
  });
});
