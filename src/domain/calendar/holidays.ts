import { getSolarDate } from '@dqcai/vn-lunar';
import { CalendarError } from './calendar.errors.js';
import {
  type CalendarYearTable,
  DEFAULT_TIMEZONE,
  DEFAULT_WEEKEND,
  DEFAULT_WORKING_HOURS,
  type WallTime,
} from './calendar.types.js';
import { dayToIsoDate, epochDayOf, weekdayOfDay } from './instant.js';

/** One day off of a year table and why. */
export interface Holiday {
  date: string;
  name: string;
  kind: 'holiday' | 'compensatory';
}

/** Years the lunar conversion of @dqcai/vn-lunar covers. */
const LUNAR_RANGE = { from: 1200, to: 2199 } as const;

function lunarToDay(day: number, month: number, lunarYear: number): number {
  const solar = getSolarDate(day, month, lunarYear);
  return epochDayOf(solar.year, solar.month, solar.day);
}

/**
 * The statutory public holidays of a Gregorian year (Labour Code 2019, art. 112(1)), with the
 * project's defaults where the government chooses each year:
 * - 1 January;
 * - Tết Nguyên đán, 5 days: the last day of the lunar year (29 or 30 of the 12th month) and the
 *   1st–4th of the 1st lunar month (the government picks the 5 days; this default is the one it
 *   picked for 2026);
 * - Hùng Kings' day, 10th of the 3rd lunar month;
 * - 30 April and 1 May;
 * - 2 September and 1 September as the adjacent day (as chosen for 2025).
 * A holiday falling on a weekly day off gives a compensatory day off on the next working day
 * (art. 112(3)). Swaps (a weekday off repaid by a Saturday) are never guessed: they come only
 * from the annual notice.
 *
 * @throws CalendarError `calendar_invalid` for a year outside 1200–2199 (lunar tables).
 */
export function statutoryHolidays(
  year: number,
  weekend: readonly number[] = DEFAULT_WEEKEND,
): Holiday[] {
  if (!Number.isInteger(year) || year < LUNAR_RANGE.from || year > LUNAR_RANGE.to) {
    throw new CalendarError('calendar_invalid', `year: ${year} is outside 1200–2199`, {
      field: 'year',
    });
  }
  const tet = lunarToDay(1, 1, year);
  const named: [number, string][] = [
    [epochDayOf(year, 1, 1), 'Tết Dương lịch (1 January)'],
    // The lunar 12th month has 29 or 30 days; its last day is always the eve of lunar 1/1.
    [tet - 1, 'Tết Nguyên đán (last day of the lunar year)'],
    [tet, 'Tết Nguyên đán (1st day of the 1st lunar month)'],
    [tet + 1, 'Tết Nguyên đán (2nd day)'],
    [tet + 2, 'Tết Nguyên đán (3rd day)'],
    [tet + 3, 'Tết Nguyên đán (4th day)'],
    [lunarToDay(10, 3, year), "Giỗ Tổ Hùng Vương (Hùng Kings' day, 10th of the 3rd lunar month)"],
    [epochDayOf(year, 4, 30), 'Ngày Chiến thắng (30 April)'],
    [epochDayOf(year, 5, 1), 'Quốc tế Lao động (1 May)'],
    [epochDayOf(year, 9, 1), 'Quốc khánh (adjacent day, default 1 September)'],
    [epochDayOf(year, 9, 2), 'Quốc khánh (2 September)'],
  ];
  named.sort((a, b) => a[0] - b[0]);
  const weekly = new Set(weekend);
  const off = new Set(named.map(([d]) => d));
  const result: Holiday[] = named.map(([d, name]) => ({
    date: dayToIsoDate(d),
    name,
    kind: 'holiday',
  }));
  for (const [d, name] of named) {
    if (!weekly.has(weekdayOfDay(d))) continue;
    let comp = d + 1;
    while (weekly.has(weekdayOfDay(comp)) || off.has(comp)) comp++;
    off.add(comp);
    result.push({
      date: dayToIsoDate(comp),
      name: `compensatory day off for ${name}`,
      kind: 'compensatory',
    });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

/** Options for a provisional year table; defaults are those of DOMAIN §5. */
export interface ProvisionalYearOptions {
  timezone?: string;
  workingHours?: [WallTime, WallTime][];
  weekend?: number[];
}

/**
 * A PROVISIONAL year table built from the statutory rule ({@link statutoryHolidays}) for a year
 * whose official notice is not shipped or not yet issued (DOMAIN §5: the statutory rule is only a
 * provisional default, marked as provisional). It has no extra working days: swaps are unknown.
 */
export function provisionalYearTable(
  year: number,
  options: ProvisionalYearOptions = {},
): CalendarYearTable {
  const weekend = options.weekend ?? DEFAULT_WEEKEND;
  const holidays = statutoryHolidays(year, weekend);
  return {
    year,
    status: 'provisional',
    source:
      'Computed from the Labour Code 2019 art. 112 (lunar dates by @dqcai/vn-lunar); Tết = last ' +
      'day of the lunar year + 1st–4th of the 1st month, 2 September + 1 September, weekend ' +
      'holidays compensated on the next working day. Not the official notice: no swaps.',
    timezone: options.timezone ?? DEFAULT_TIMEZONE,
    workingHours: options.workingHours ?? DEFAULT_WORKING_HOURS,
    weekend: [...weekend],
    daysOff: [...new Set(holidays.map((h) => h.date))].sort(),
    extraWorkingDays: [],
  };
}
