import { CalendarError } from './calendar.errors.js';
import type { CalendarSpec, CalendarYearStatus } from './calendar.types.js';
import { wallTimeToMinutes } from './calendar.types.js';
import { isoDateToDay, wallToInstant, weekdayOfDay, yearOfDay } from './instant.js';

/** The rules of one local day: whether it is worked, and its working periods as instants. */
export interface DayRules {
  day: number;
  working: boolean;
  /** Working periods [start, end) in epoch ms; present even on days off (for "end of hours"). */
  periods: readonly (readonly [number, number])[];
}

/**
 * A calendar ready for arithmetic. It may span many years: each local day takes its rules from
 * the spec of its own Gregorian year, so a due date can cross 31 December.
 */
export interface WorkingCalendar {
  readonly timezone: string;
  /** Rules of local epoch day `day`; throws `calendar_year_missing` for a year not held. */
  rules(day: number): DayRules;
  /** Status of the table used for `year`, when known (undefined for a custom spec). */
  statusOf(year: number): CalendarYearStatus | undefined;
}

/** Returns the spec for a year, or undefined when that year is not (yet) loaded. */
export type CalendarYearSource = (year: number) => CalendarSpec | undefined;

/** Year tables looked up one year at a time, all in one zone. */
export interface CalendarYears {
  timezone: string;
  yearSource: CalendarYearSource;
}

interface CompiledYear {
  spec: CalendarSpec;
  weekend: Set<number>;
  off: Set<number>;
  extra: Set<number>;
  minutes: [number, number][];
  status: CalendarYearStatus | undefined;
}

function compile(spec: CalendarSpec): CompiledYear {
  const status = (spec as { status?: unknown }).status;
  return {
    spec,
    weekend: new Set(spec.weekend),
    off: new Set(spec.daysOff.map(isoDateToDay)),
    extra: new Set(spec.extraWorkingDays.map(isoDateToDay)),
    minutes: spec.workingHours.map(([a, b]) => [wallTimeToMinutes(a), wallTimeToMinutes(b)]),
    status:
      status === 'official' || status === 'provisional' || status === 'confirmed'
        ? status
        : undefined,
  };
}

/**
 * Builds a working calendar from one spec (used for every year, as with `--calendar FILE`) or
 * from per-year tables (stored year tables, loaded lazily). A day is worked when it is listed in
 * `extraWorkingDays`, or when it is neither a weekend day nor listed in `daysOff` (DOMAIN §5:
 * the yearly table of days off and swapped working Saturdays). All years must share the given zone.
 *
 * @throws CalendarError `calendar_year_missing` (lazily, from `rules`) for a year the source
 * lacks; `calendar_invalid` when a year's zone differs from `timezone`.
 */
export function createCalendar(source: CalendarSpec | CalendarYears): WorkingCalendar {
  const lookup: CalendarYearSource = 'yearSource' in source ? source.yearSource : () => source;
  const timezone = source.timezone;
  const years = new Map<number, CompiledYear>();
  const days = new Map<number, DayRules>();

  const yearTable = (year: number): CompiledYear => {
    let compiled = years.get(year);
    if (!compiled) {
      const spec = lookup(year);
      if (!spec) {
        throw new CalendarError('calendar_year_missing', `no calendar for year ${year}`, { year });
      }
      if (spec.timezone !== timezone) {
        throw new CalendarError(
          'calendar_invalid',
          `timezone: year ${year} uses ${spec.timezone}, other years ${timezone}`,
          { field: 'timezone', year },
        );
      }
      compiled = compile(spec);
      years.set(year, compiled);
    }
    return compiled;
  };

  return {
    timezone,
    rules(day: number): DayRules {
      const cached = days.get(day);
      if (cached) return cached;
      const y = yearTable(yearOfDay(day));
      const working = y.extra.has(day) || (!y.weekend.has(weekdayOfDay(day)) && !y.off.has(day));
      const zone = y.spec.timezone;
      const rules: DayRules = {
        day,
        working,
        periods: y.minutes.map(([a, b]) => [
          wallToInstant(zone, day, a),
          wallToInstant(zone, day, b),
        ]),
      };
      days.set(day, rules);
      return rules;
    },
    statusOf(year: number): CalendarYearStatus | undefined {
      return yearTable(year).status;
    },
  };
}
