import type { Kysely } from 'kysely';
import {
  type CalendarYearStatus,
  type CalendarYearTable,
  createCalendar,
  DEFAULT_TIMEZONE,
  defaultCalendarForYear,
  officialYears,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import type { DB } from '../../platform/db/schema.js';

/** The year tables a tenant has stored (official, confirmed or edited provisional ones). */
export async function storedCalendarYears(
  db: Kysely<DB>,
  tenantId: number,
): Promise<Map<number, CalendarYearTable>> {
  const rows = await db
    .selectFrom('calendar_years')
    .select(['year', 'status', 'spec', 'source'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const years = new Map<number, CalendarYearTable>();
  for (const row of rows) {
    const spec = row.spec as CalendarYearTable;
    years.set(row.year, {
      ...spec,
      year: row.year,
      status: row.status,
      ...(row.source ? { source: row.source } : {}),
    });
  }
  return years;
}

/** One stored year with who saved it last. */
export async function findStoredYear(db: Kysely<DB>, tenantId: number, year: number) {
  return db
    .selectFrom('calendar_years as c')
    .leftJoin('users as u', 'u.id', 'c.updated_by')
    .select([
      'c.year',
      'c.status',
      'c.spec',
      'c.source',
      'c.updated_at',
      'c.updated_by',
      'u.full_name as updated_by_name',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.year', '=', year)
    .executeTakeFirst();
}

/** Inserts or replaces a year table (the spec column holds the calendar JSON of docs/calendar.md). */
export async function upsertYear(
  db: Kysely<DB>,
  row: {
    tenantId: number;
    year: number;
    status: CalendarYearStatus;
    spec: unknown;
    source: string | null;
    updatedBy: number | null;
    at: Date;
  },
): Promise<void> {
  const values = {
    tenant_id: row.tenantId,
    year: row.year,
    status: row.status,
    spec: JSON.stringify(row.spec),
    source: row.source,
    updated_at: row.at,
    updated_by: row.updatedBy,
  };
  await db
    .insertInto('calendar_years')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'year']).doUpdateSet({
        status: values.status,
        spec: values.spec,
        source: values.source,
        updated_at: values.updated_at,
        updated_by: values.updated_by,
      }),
    )
    .execute();
}

/** Rewrites the zone of every stored year of a tenant (the zone is one per tenant). */
export async function setStoredTimezone(
  db: Kysely<DB>,
  tenantId: number,
  timezone: string,
): Promise<void> {
  const rows = await db
    .selectFrom('calendar_years')
    .select(['year', 'spec'])
    .where('tenant_id', '=', tenantId)
    .execute();
  for (const row of rows) {
    const spec = row.spec as Record<string, unknown>;
    if (spec.timezone === timezone) continue;
    await db
      .updateTable('calendar_years')
      .set({ spec: JSON.stringify({ ...spec, timezone }) })
      .where('tenant_id', '=', tenantId)
      .where('year', '=', row.year)
      .execute();
  }
}

/** The tenant's zone: that of its stored tables, else Asia/Ho_Chi_Minh. */
export async function tenantTimezone(db: Kysely<DB>, tenantId: number): Promise<string> {
  const row = await db
    .selectFrom('calendar_years')
    .select('spec')
    .where('tenant_id', '=', tenantId)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
  const zone = (row?.spec as { timezone?: unknown } | undefined)?.timezone;
  return typeof zone === 'string' ? zone : DEFAULT_TIMEZONE;
}

/**
 * Stores the official tables this release ships (2025, 2026) for a new tenant, so the stored
 * table is the truth from the start; a year already stored is left alone. Provisional years are
 * computed when asked and stored only when someone edits or confirms them.
 */
export async function storeShippedCalendarYears(
  db: Kysely<DB>,
  tenantId: number,
  at: Date = new Date(),
): Promise<number[]> {
  const stored: number[] = [];
  for (const year of officialYears()) {
    const { spec } = defaultCalendarForYear(year);
    const { year: _year, status, source, ...calendar } = spec;
    const result = await db
      .insertInto('calendar_years')
      .values({
        tenant_id: tenantId,
        year,
        status,
        spec: JSON.stringify(calendar),
        source,
        updated_at: at,
        updated_by: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'year']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) stored.push(year);
  }
  return stored;
}

/**
 * Stores the shipped official years for every tenant that lacks them (tenants made before this
 * rule, or by a tool that inserts tenants directly). Returns how many year rows were added.
 */
export async function storeShippedCalendarYearsForAllTenants(
  db: Kysely<DB>,
  at: Date = new Date(),
): Promise<number> {
  const tenants = await db.selectFrom('tenants').select('id').execute();
  let added = 0;
  for (const tenant of tenants)
    added += (await storeShippedCalendarYears(db, tenant.id, at)).length;
  return added;
}

const CACHE_TTL_MS = 60_000;

interface CacheEntry {
  calendar: Promise<WorkingCalendar>;
  loadedAt: number;
}

/**
 * Calendars by database and tenant. A Kysely instance and every transaction opened from it
 * share one dialect adapter object, so the adapter names "this database" for both.
 */
const cache = new WeakMap<object, Map<number, CacheEntry>>();

function cacheFor(db: Kysely<DB>): Map<number, CacheEntry> {
  const key = db.getExecutor().adapter as object;
  let entries = cache.get(key);
  if (!entries) {
    entries = new Map();
    cache.set(key, entries);
  }
  return entries;
}

async function buildTenantCalendar(db: Kysely<DB>, tenantId: number): Promise<WorkingCalendar> {
  const stored = await storedCalendarYears(db, tenantId);
  const timezone = [...stored.values()][0]?.timezone ?? DEFAULT_TIMEZONE;
  // Shipped tables take the tenant's zone: the zone is a tenant setting, the days off are not.
  return createCalendar({
    timezone,
    yearSource: (year) => stored.get(year) ?? { ...defaultCalendarForYear(year).spec, timezone },
  });
}

/**
 * The tenant's working calendar over every year: its stored tables where it has them, the
 * shipped official or provisional table otherwise. Cached per database and tenant: saving a
 * year through this module drops the entry at once; other processes (several servers on one
 * PostgreSQL) see a change within a minute, when their entry expires.
 */
export async function loadTenantCalendar(
  db: Kysely<DB>,
  tenantId: number,
): Promise<WorkingCalendar> {
  const entries = cacheFor(db);
  const now = Date.now();
  const entry = entries.get(tenantId);
  if (entry && now - entry.loadedAt < CACHE_TTL_MS) return entry.calendar;
  const calendar = buildTenantCalendar(db, tenantId);
  entries.set(tenantId, { calendar, loadedAt: now });
  calendar.catch(() => {
    if (entries.get(tenantId)?.calendar === calendar) entries.delete(tenantId);
  });
  return calendar;
}

/** Drops the cached calendar of a tenant; call after the change has committed. */
export function invalidateTenantCalendar(db: Kysely<DB>, tenantId: number): void {
  cacheFor(db).delete(tenantId);
}
