import { describe, expect, it } from 'vitest';
import { CalendarError } from './calendar.errors.js';
import { createDefaultCalendar } from './default-calendar.js';
import { formatInstant } from './instant.js';
import { buildCalendar, buildSpec, vn } from './test-support.js';
import { createCalendar } from './working-calendar.js';
import {
  addWorkingDays,
  addWorkingHours,
  countWorkingDays,
  endOfWorkingHours,
  isWithinWorkingHours,
  isWorkingDay,
  nextWorkingPeriodStart,
  workingDayAfter,
  workingInstantAtOrAfter,
  workingMinutesBetween,
} from './working-time.js';

const ZONE = 'Asia/Ho_Chi_Minh';
const iso = (ms: number) => formatInstant(ZONE, ms);

describe('working days', () => {
  const cal = createDefaultCalendar();

  it('treats weekends, holidays and swapped Saturdays as the 2025 notice says', () => {
    expect(isWorkingDay(cal, '2025-01-24')).toBe(true);
    expect(isWorkingDay(cal, '2025-01-25')).toBe(false);
    expect(isWorkingDay(cal, '2025-01-29')).toBe(false);
    expect(isWorkingDay(cal, '2025-04-26')).toBe(true);
    expect(isWorkingDay(cal, '2025-05-02')).toBe(false);
  });

  it('finds the next working day across Tết 2026', () => {
    expect(workingDayAfter(cal, '2026-02-13')).toBe('2026-02-23');
    expect(workingDayAfter(cal, '2026-02-13', 2)).toBe('2026-02-24');
  });

  it('counts working days inclusively across Tết 2025', () => {
    expect(countWorkingDays(cal, '2025-01-20', '2025-02-10')).toBe(11);
    expect(countWorkingDays(cal, '2025-01-24', '2025-01-24')).toBe(1);
    expect(countWorkingDays(cal, '2025-02-10', '2025-01-20')).toBe(0);
  });

  it('ends working hours at 17:00 local time', () => {
    expect(iso(endOfWorkingHours(cal, '2025-02-07'))).toBe('2025-02-07T17:00:00+07:00');
  });
});

describe('addWorkingDays', () => {
  const cal = createDefaultCalendar();

  it('counts 5 working days from a Friday across Tết 2025 to 7 Feb 17:00', () => {
    expect(iso(addWorkingDays(cal, vn('2025-01-24T10:00'), 5))).toBe('2025-02-07T17:00:00+07:00');
  });

  it('counts a dossier received after hours from the next working period', () => {
    expect(iso(addWorkingDays(cal, vn('2025-01-24T17:30'), 5))).toBe('2025-02-10T17:00:00+07:00');
  });

  it('counts a dossier received at the lunch break as received that afternoon', () => {
    expect(iso(addWorkingDays(cal, vn('2025-03-03T12:00'), 0))).toBe('2025-03-03T17:00:00+07:00');
  });

  it('makes a same-day limit received after hours due at the end of the next working day', () => {
    expect(iso(addWorkingDays(cal, vn('2025-03-07T18:00'), 0))).toBe('2025-03-10T17:00:00+07:00');
  });

  it('crosses the year boundary into the next year table', () => {
    expect(iso(addWorkingDays(cal, vn('2025-12-30T09:00'), 3))).toBe('2026-01-05T17:00:00+07:00');
  });
});

describe('working hours', () => {
  const cal = buildCalendar();

  it('adds 1.5 working hours over the lunch break', () => {
    expect(iso(addWorkingHours(cal, vn('2025-03-03T10:30'), 1.5))).toBe(
      '2025-03-03T14:00:00+07:00',
    );
  });

  it('stops at the end of a period rather than the start of the next', () => {
    expect(iso(addWorkingHours(cal, vn('2025-03-03T07:30'), 4))).toBe('2025-03-03T11:30:00+07:00');
  });

  it('carries hours over a weekend', () => {
    expect(iso(addWorkingHours(cal, vn('2025-03-07T16:00'), 2))).toBe('2025-03-10T08:30:00+07:00');
  });

  it('measures working minutes between two instants, leaving out nights and lunch', () => {
    expect(workingMinutesBetween(cal, vn('2025-03-03T11:00'), vn('2025-03-04T08:00'))).toBe(
      30 + 210 + 30,
    );
    expect(workingMinutesBetween(cal, vn('2025-03-04T08:00'), vn('2025-03-03T11:00'))).toBe(0);
  });

  it('starts the clock at the next working period outside working hours', () => {
    expect(iso(workingInstantAtOrAfter(cal, vn('2025-03-03T10:00')))).toBe(
      '2025-03-03T10:00:00+07:00',
    );
    expect(iso(workingInstantAtOrAfter(cal, vn('2025-03-08T10:00')))).toBe(
      '2025-03-10T07:30:00+07:00',
    );
    expect(iso(nextWorkingPeriodStart(cal, vn('2025-03-03T10:00')))).toBe(
      '2025-03-03T13:30:00+07:00',
    );
  });

  it('counts the end of a period as within working hours', () => {
    expect(isWithinWorkingHours(cal, vn('2025-03-03T17:00'))).toBe(true);
    expect(isWithinWorkingHours(cal, vn('2025-03-03T12:00'))).toBe(false);
    expect(isWithinWorkingHours(cal, vn('2025-03-08T10:00'))).toBe(false);
  });

  it('works a swapped Saturday and skips a listed day off', () => {
    const swapped = buildCalendar({ daysOff: ['2025-05-02'], extraWorkingDays: ['2025-04-26'] });
    expect(iso(addWorkingHours(swapped, vn('2025-04-25T16:00'), 2))).toBe(
      '2025-04-26T08:30:00+07:00',
    );
    expect(iso(addWorkingDays(swapped, vn('2025-05-01T09:00'), 1))).toBe(
      '2025-05-05T17:00:00+07:00',
    );
  });
});

describe('calendar sources', () => {
  it('asks for the year it lacks', () => {
    const cal = createCalendar({
      timezone: ZONE,
      yearSource: (y) => (y === 2025 ? buildSpec() : undefined),
    });
    try {
      addWorkingDays(cal, vn('2025-12-31T09:00'), 2);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarError);
      expect((error as CalendarError).code).toBe('calendar_year_missing');
      expect((error as CalendarError).details.year).toBe(2026);
    }
  });

  it('refuses a year table in another zone', () => {
    const cal = createCalendar({
      timezone: ZONE,
      yearSource: (y) => buildSpec(y === 2026 ? { timezone: 'Asia/Bangkok' } : {}),
    });
    expect(() => addWorkingDays(cal, vn('2025-12-31T09:00'), 2)).toThrow(/timezone/);
  });

  it('gives up on a calendar without working days instead of looping', () => {
    const cal = buildCalendar({ weekend: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => addWorkingDays(cal, vn('2025-03-03T09:00'), 1)).toThrow(
      expect.objectContaining({ code: 'calendar_no_working_time' }),
    );
  });

  it('works in a zone with daylight saving', () => {
    const cal = buildCalendar({ timezone: 'America/New_York' });
    // 2025-03-09 is the spring-forward Sunday in New York.
    expect(
      formatInstant(
        'America/New_York',
        addWorkingDays(cal, Date.parse('2025-03-07T10:00:00-05:00'), 1),
      ),
    ).toBe('2025-03-10T17:00:00-04:00');
  });
});
