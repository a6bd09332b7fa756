import type { Kysely } from 'kysely';
import {
  type CalendarYearTable,
  createCalendar,
  DEFAULT_TIMEZONE,
  defaultCalendarForYear,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import type { DB } from '../../platform/db/schema.js';

/** The year tables a tenant has stored (official, confirmed or edited provisional ones). */
export async function storedCalendarYears(db: Kysely<DB>, tenantId: number): Promise<Map<number, CalendarYearTable>> {
  const rows = await db.selectFrom('calendar_years').select(['year', 'status', 'spec', 'source']).where('tenant_id', '=', tenantId).execute();
  const years = new Map<number, CalendarYearTable>();
  for (const row of rows) {
    const spec = row.spec as CalendarYearTable;
    years.set(row.year, { ...spec, year: row.year, status: row.status, ...(row.source ? { source: row.source } : {}) });
  }
  return years;
}

/**
 * The tenant's working calendar over every year: its stored tables where it has them, the
 * shipped official or provisional table otherwise. The stored tables are read once, so the
 * calendar itself answers without I/O.
 */
export async function loadTenantCalendar(db: Kysely<DB>, tenantId: number): Promise<WorkingCalendar> {
  const stored = await storedCalendarYears(db, tenantId);
  const timezone = [...stored.values()][0]?.timezone ?? DEFAULT_TIMEZONE;
  return createCalendar({ timezone, yearSource: (year) => stored.get(year) ?? defaultCalendarForYear(year).spec });
}
