import type { CalendarSpec } from './calendar.types.js';
import { createCalendar, type WorkingCalendar } from './working-calendar.js';

/** A calendar spec for tests: Mon–Fri, 07:30–11:30 and 13:30–17:00, Asia/Ho_Chi_Minh. */
export function buildSpec(overrides: Partial<CalendarSpec> = {}): CalendarSpec {
  return {
    timezone: 'Asia/Ho_Chi_Minh',
    workingHours: [
      ['07:30', '11:30'],
      ['13:30', '17:00'],
    ],
    weekend: [0, 6],
    daysOff: [],
    extraWorkingDays: [],
    ...overrides,
  };
}

/** A working calendar over {@link buildSpec} for every year. */
export function buildCalendar(overrides: Partial<CalendarSpec> = {}): WorkingCalendar {
  return createCalendar(buildSpec(overrides));
}

/** Epoch ms of a wall time in Vietnam (UTC+7). */
export function vn(local: string): number {
  return Date.parse(`${local}+07:00`);
}
