/**
 * Pure helpers of the calendar screen: month grids, the status of a day under a year table,
 * what a click on a day changes, and keyboard moves between days. Dates are `YYYY-MM-DD`
 * strings handled in UTC, so the browser's zone never shifts a day.
 */

export interface YearSpec {
  weekend: number[];
  daysOff: string[];
  extraWorkingDays: string[];
}

export type DayStatus = 'working' | 'weekend' | 'off' | 'extra';

const DAY_MS = 86_400_000;

export function toEpochDay(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as in the calendar JSON. */
export function weekdayOf(date: string): number {
  return new Date(toEpochDay(date) * DAY_MS).getUTCDay();
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** A day is worked when it is an extra working day, or neither weekend nor a day off (docs/calendar.md). */
export function dayStatus(spec: YearSpec, date: string): DayStatus {
  if (spec.extraWorkingDays.includes(date)) return 'extra';
  if (spec.daysOff.includes(date)) return 'off';
  if (spec.weekend.includes(weekdayOf(date))) return 'weekend';
  return 'working';
}

export function isWorked(status: DayStatus): boolean {
  return status === 'working' || status === 'extra';
}

/**
 * One click on a day flips whether it is worked: a working weekday becomes a day off, a day
 * off goes back to normal, a weekend day becomes an extra working day (a swapped Saturday),
 * and an extra working day goes back to the weekend. A day never ends up in both lists.
 */
export function toggleDay<T extends YearSpec>(spec: T, date: string): T {
  const status = dayStatus(spec, date);
  const without = (list: string[]) => list.filter((d) => d !== date);
  const sorted = (list: string[]) => [...list, date].sort();
  switch (status) {
    case 'extra':
      return { ...spec, extraWorkingDays: without(spec.extraWorkingDays) };
    case 'off':
      // A holiday listed on a weekend day stays unworked once unlisted; it becomes a worked
      // (swapped) day only as an extra working day.
      return spec.weekend.includes(weekdayOf(date))
        ? {
            ...spec,
            daysOff: without(spec.daysOff),
            extraWorkingDays: sorted(spec.extraWorkingDays),
          }
        : { ...spec, daysOff: without(spec.daysOff) };
    case 'weekend':
      return { ...spec, extraWorkingDays: sorted(spec.extraWorkingDays) };
    case 'working':
      return { ...spec, daysOff: sorted(spec.daysOff) };
  }
}

/**
 * The weeks of a month, Monday first (as Vietnamese calendars print them); days outside the
 * month are null.
 */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (weekdayOf(first) + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 0; d < days; d++) cells.push(addDays(first, d));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Weekday numbers in grid order (Monday … Sunday). */
export const GRID_WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/**
 * Where a key moves the focused day (grid keyboard pattern): arrows by a day or a week, Home and
 * End to the start and end of the week, Page Up / Page Down by a month; kept inside the year.
 * Returns null for keys that do not move.
 */
export function moveFocus(date: string, key: string, year: number): string | null {
  let next: string;
  switch (key) {
    case 'ArrowLeft':
      next = addDays(date, -1);
      break;
    case 'ArrowRight':
      next = addDays(date, 1);
      break;
    case 'ArrowUp':
      next = addDays(date, -7);
      break;
    case 'ArrowDown':
      next = addDays(date, 7);
      break;
    case 'Home':
      next = addDays(date, -((weekdayOf(date) + 6) % 7));
      break;
    case 'End':
      next = addDays(date, 6 - ((weekdayOf(date) + 6) % 7));
      break;
    case 'PageUp':
    case 'PageDown': {
      const month = Number(date.slice(5, 7)) + (key === 'PageUp' ? -1 : 1);
      if (month < 1 || month > 12) return date;
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const day = Math.min(Number(date.slice(8, 10)), last);
      next = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      break;
    }
    default:
      return null;
  }
  if (next < `${year}-01-01`) return `${year}-01-01`;
  if (next > `${year}-12-31`) return `${year}-12-31`;
  return next;
}

/** `YYYY-MM-DDTHH:MM` of now in Vietnam, for a datetime-local input's default. */
export function nowInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}
