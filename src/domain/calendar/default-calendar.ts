import {
  type CalendarYearStatus,
  type CalendarYearTable,
  DEFAULT_TIMEZONE,
} from './calendar.types.js';
import { provisionalYearTable } from './holidays.js';
import { OFFICIAL_YEARS } from './official-years.js';
import { createCalendar, type WorkingCalendar } from './working-calendar.js';

/**
 * The shipped calendar of a year: the official table when this release ships one
 * ({@link OFFICIAL_YEARS}), else the provisional table from the statutory rule (DOMAIN §5). The
 * result is a fresh copy the caller may change.
 *
 * @throws CalendarError `calendar_invalid` for a year outside 1200–2199.
 */
export function defaultCalendarForYear(year: number): {
  spec: CalendarYearTable;
  status: CalendarYearStatus;
} {
  const official = OFFICIAL_YEARS.find((t) => t.year === year);
  const spec = official ? structuredClone(official) : provisionalYearTable(year);
  return { spec, status: spec.status };
}

/** Years this release ships an official table for. */
export function officialYears(): number[] {
  return OFFICIAL_YEARS.map((t) => t.year);
}

/**
 * A working calendar over the shipped tables of every year (official where shipped, else
 * provisional), in Asia/Ho_Chi_Minh; for tools and tests without a tenant calendar.
 */
export function createDefaultCalendar(): WorkingCalendar {
  return createCalendar({
    timezone: DEFAULT_TIMEZONE,
    yearSource: (year) => defaultCalendarForYear(year).spec,
  });
}
