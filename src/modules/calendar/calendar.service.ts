import type { Kysely } from 'kysely';
import {
  addWorkingDays,
  addWorkingHours,
  CalendarError,
  type CalendarSpec,
  type CalendarYearStatus,
  type CalendarYearTable,
  createCalendar,
  defaultCalendarForYear,
  formatInstant,
  type Holiday,
  isWorkingDay,
  parseCalendarSpec,
  parseLocalOrInstant,
  statutoryHolidays,
  type WorkingCalendar,
  workingInstantAtOrAfter,
} from '../../domain/calendar/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  assertCalendarRole,
  CALENDAR_CONFIRM_ROLES,
  CALENDAR_EDIT_ROLES,
} from './calendar.policy.js';
import {
  findStoredYear,
  invalidateTenantCalendar,
  loadTenantCalendar,
  setStoredTimezone,
  tenantTimezone,
  upsertYear,
} from './calendar.repository.js';

/** Years the lunar tables cover (see docs/calendar.md, provisional years). */
export const CALENDAR_YEAR_RANGE = { from: 1200, to: 2199 } as const;

/** Maps the pure domain's errors to the catalogue. */
export function toCalendarAppError(error: unknown): unknown {
  if (!(error instanceof CalendarError)) return error;
  if (error.code === 'calendar_bad_date')
    return new AppError('invalid_date', { message: error.message, details: error.details });
  return new AppError('calendar_invalid', {
    message: error.message,
    details: { ...error.details, calendarCode: error.code },
  });
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_YEAR_RANGE.from || year > CALENDAR_YEAR_RANGE.to) {
    throw new AppError('validation_failed', {
      message: `year must be ${CALENDAR_YEAR_RANGE.from}–${CALENDAR_YEAR_RANGE.to}`,
      details: { field: 'year' },
    });
  }
}

/** A year table as the tenant sees it, with the derived working days for display. */
export interface CalendarYearView extends CalendarYearTable {
  /** True when the tenant has stored this year; false when it is the shipped table. */
  stored: boolean;
  updatedAt: string | null;
  updatedBy: { id: number; name: string | null } | null;
  /** Statutory holidays of the year with their names (labels only; the table decides). */
  holidays: Holiday[];
  months: { month: number; workingDays: string[]; count: number }[];
  totalWorkingDays: number;
}

function monthDays(year: number, month: number): string[] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return Array.from({ length: days }, (_, i) => `${year}-${mm}-${String(i + 1).padStart(2, '0')}`);
}

function view(
  table: CalendarYearTable,
  extra: Pick<CalendarYearView, 'stored' | 'updatedAt' | 'updatedBy'>,
): CalendarYearView {
  const cal = createCalendar(table);
  const months = Array.from({ length: 12 }, (_, i) => {
    const workingDays = monthDays(table.year, i + 1).filter((d) => isWorkingDay(cal, d));
    return { month: i + 1, workingDays, count: workingDays.length };
  });
  return {
    ...table,
    ...extra,
    holidays: statutoryHolidays(table.year, table.weekend),
    months,
    totalWorkingDays: months.reduce((sum, m) => sum + m.count, 0),
  };
}

function calendarOf(spec: CalendarSpec): CalendarSpec {
  return {
    timezone: spec.timezone,
    workingHours: spec.workingHours,
    weekend: spec.weekend,
    daysOff: spec.daysOff,
    extraWorkingDays: spec.extraWorkingDays,
  };
}

/** The stored table of a year, else the shipped one in the tenant's zone. */
async function currentTable(db: Kysely<DB>, tenantId: number, year: number) {
  const row = await findStoredYear(db, tenantId, year);
  if (row) {
    const spec = parseCalendarSpec(row.spec);
    const table: CalendarYearTable = {
      ...calendarOf(spec),
      year,
      status: row.status,
      source: row.source ?? '',
    };
    return { table, row };
  }
  const shipped = defaultCalendarForYear(year).spec;
  const table: CalendarYearTable = { ...shipped, timezone: await tenantTimezone(db, tenantId) };
  return { table, row: undefined };
}

/**
 * The tenant's table for `year`: the stored one, else the shipped official or provisional one
 * (DOMAIN §5), with its status and source and the working days of each month.
 *
 * @throws AppError `validation_failed` for a year outside 1200–2199.
 */
export async function getCalendarYear(options: {
  db: Kysely<DB>;
  tenantId: number;
  year: number;
}): Promise<CalendarYearView> {
  checkYear(options.year);
  try {
    const { table, row } = await currentTable(options.db, options.tenantId, options.year);
    return view(table, {
      stored: row !== undefined,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
      updatedBy: row?.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? null } : null,
    });
  } catch (error) {
    throw toCalendarAppError(error);
  }
}

/** Who changes a calendar; `operator` is the command line (no grant checked, audited as cli). */
export interface CalendarActing {
  db: Kysely<DB>;
  tenantId: number;
  actor: Actor | null;
  operator?: boolean;
  now?: () => Date;
  requestId?: string | null;
}

/** Checks a table's days all fall in its year: a day of another year would silently do nothing. */
function checkDaysInYear(spec: CalendarSpec, year: number): void {
  for (const field of ['daysOff', 'extraWorkingDays'] as const) {
    const index = spec[field].findIndex((d) => !d.startsWith(`${year}-`));
    if (index >= 0) {
      throw new AppError('calendar_invalid', {
        message: `${field}: ${spec[field][index]} is not in ${year}`,
        details: { field: `${field}[${index}]` },
      });
    }
  }
}

function parseSpec(input: unknown, year: number): CalendarSpec {
  let spec: CalendarSpec;
  try {
    spec = parseCalendarSpec(input);
  } catch (error) {
    throw toCalendarAppError(error);
  }
  checkDaysInYear(spec, year);
  return spec;
}

async function save(
  context: CalendarActing,
  year: number,
  table: { spec: CalendarSpec; status: CalendarYearStatus; source: string },
  action: string,
  before: CalendarYearTable,
): Promise<void> {
  const { db, tenantId } = context;
  const at = context.now?.() ?? new Date();
  await db.transaction().execute(async (trx) => {
    if (table.spec.timezone !== (await tenantTimezone(trx, tenantId))) {
      await setStoredTimezone(trx, tenantId, table.spec.timezone);
    }
    await upsertYear(trx, {
      tenantId,
      year,
      status: table.status,
      spec: calendarOf(table.spec),
      source: table.source,
      updatedBy: context.operator ? null : (context.actor?.userId ?? null),
      at,
    });
    await recordAudit(trx, {
      tenantId,
      actorId: context.operator ? null : (context.actor?.userId ?? null),
      action,
      entity: 'calendar_year',
      entityId: `${tenantId}:${year}`,
      before,
      after: {
        ...calendarOf(table.spec),
        year,
        status: table.status,
        source: table.source,
        ...(context.operator ? { via: 'cli' } : {}),
      },
      requestId: context.requestId ?? null,
      at,
    });
  });
  invalidateTenantCalendar(db, tenantId);
}

async function authorise(
  context: CalendarActing,
  roles: readonly ('administrator' | 'reform_office')[],
): Promise<void> {
  if (context.operator) return;
  await assertCalendarRole(context.db, context.actor, context.tenantId, roles);
}

export interface SaveCalendarYearInput {
  timezone?: string;
  workingHours: unknown;
  weekend: unknown;
  daysOff: unknown;
  extraWorkingDays: unknown;
  source?: string;
}

/**
 * Saves the tenant's table for a year (days off, extra working days, working hours, weekend,
 * zone), validated with `parseCalendarSpec`. The zone is one per tenant: a new zone is written
 * to every stored year. A provisional year stays provisional until confirmed; an edited
 * official year becomes `confirmed` (the tenant's own checked table). Audited; the tenant's
 * cached calendar is dropped.
 *
 * @throws AppError `forbidden` / `unauthenticated` (administrator or reform office over the
 * whole tenant), `calendar_invalid` (naming the field), `validation_failed` (year).
 */
export async function saveCalendarYear(
  context: CalendarActing & { year: number; input: SaveCalendarYearInput },
): Promise<CalendarYearView> {
  checkYear(context.year);
  await authorise(context, CALENDAR_EDIT_ROLES);
  const { table: before } = await currentTable(context.db, context.tenantId, context.year);
  const spec = parseSpec(
    { ...context.input, timezone: context.input.timezone ?? before.timezone },
    context.year,
  );
  const status: CalendarYearStatus =
    before.status === 'official' && !sameCalendar(spec, before) ? 'confirmed' : before.status;
  await save(
    context,
    context.year,
    { spec, status, source: context.input.source ?? before.source },
    'calendar.year_saved',
    before,
  );
  return getCalendarYear(context);
}

function sameCalendar(a: CalendarSpec, b: CalendarSpec): boolean {
  return JSON.stringify(calendarOf(a)) === JSON.stringify(calendarOf(parseCalendarSpec(b)));
}

/**
 * Marks a provisional year confirmed by an administrator: the table computed from the statutory
 * rule (or as edited) becomes the tenant's checked table.
 *
 * @throws AppError `forbidden` (administrator over the whole tenant), `rule_violation` when the
 * year is not provisional (`details.status`).
 */
export async function confirmCalendarYear(
  context: CalendarActing & { year: number },
): Promise<CalendarYearView> {
  checkYear(context.year);
  await authorise(context, CALENDAR_CONFIRM_ROLES);
  const { table } = await currentTable(context.db, context.tenantId, context.year);
  if (table.status !== 'provisional') {
    throw new AppError('rule_violation', {
      message: `year ${context.year} is ${table.status}, only a provisional year can be confirmed`,
      details: { rule: 'calendar_not_provisional', status: table.status },
    });
  }
  await save(
    context,
    context.year,
    { spec: table, status: 'confirmed', source: table.source },
    'calendar.year_confirmed',
    table,
  );
  return getCalendarYear(context);
}

/** The year table as the JSON file of docs/calendar.md (what `import` reads back unchanged). */
export async function exportCalendarYear(options: {
  db: Kysely<DB>;
  tenantId: number;
  year: number;
}): Promise<CalendarYearTable> {
  checkYear(options.year);
  const { table } = await currentTable(options.db, options.tenantId, options.year);
  return { year: table.year, status: table.status, source: table.source, ...calendarOf(table) };
}

const STATUSES: readonly CalendarYearStatus[] = ['official', 'confirmed', 'provisional'];

/**
 * Imports a year table from the JSON of docs/calendar.md. `year`, when present, must match;
 * `status` and `source` are kept when given (so export → import changes nothing), else the
 * table is `confirmed` with the importer as source.
 *
 * @throws AppError `calendar_invalid` (naming the field), `forbidden`.
 */
export async function importCalendarYear(
  context: CalendarActing & { year: number; json: unknown },
): Promise<CalendarYearView> {
  checkYear(context.year);
  await authorise(context, CALENDAR_EDIT_ROLES);
  const json = context.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('calendar_invalid', {
      message: 'calendar: must be a JSON object',
      details: { field: 'calendar' },
    });
  }
  const record = json as Record<string, unknown>;
  if (record.year !== undefined && record.year !== context.year) {
    throw new AppError('calendar_invalid', {
      message: `year: the file is for ${String(record.year)}, not ${context.year}`,
      details: { field: 'year' },
    });
  }
  if (record.status !== undefined && !STATUSES.includes(record.status as CalendarYearStatus)) {
    throw new AppError('calendar_invalid', {
      message: `status: one of ${STATUSES.join(', ')}`,
      details: { field: 'status' },
    });
  }
  if (record.source !== undefined && typeof record.source !== 'string') {
    throw new AppError('calendar_invalid', {
      message: 'source: must be text',
      details: { field: 'source' },
    });
  }
  const spec = parseSpec(record, context.year);
  const { table: before } = await currentTable(context.db, context.tenantId, context.year);
  const at = (context.now?.() ?? new Date()).toISOString().slice(0, 10);
  const status = (record.status as CalendarYearStatus | undefined) ?? 'confirmed';
  const source = (record.source as string | undefined) ?? `Imported on ${at}`;
  await save(context, context.year, { spec, status, source }, 'calendar.year_imported', before);
  return getCalendarYear(context);
}

/** Result of a due-date computation; the same fields as `motcua calendar due --json`. */
export interface DueComputation {
  due: string;
  from: string;
  start: string;
  unit: 'working_days' | 'working_hours' | 'same_day';
  budget: number;
  provisional: boolean;
}

function yearsBetween(cal: WorkingCalendar, a: number, b: number): number[] {
  const first = Number(formatInstant(cal.timezone, a).slice(0, 4));
  const last = Number(formatInstant(cal.timezone, b).slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

/**
 * The due date of a limit received at `from`, counted exactly as `motcua calendar due` does
 * (DOMAIN §5): `days` working days from the first working day after reception, due at the end
 * of working hours (0 = same day); or `hours` working hours from the start of counting. A
 * `from` without offset is wall-clock time of the calendar's zone.
 *
 * @throws AppError `validation_failed` (neither or both of days and hours, or a bad number),
 * `invalid_date` (bad `from`), `calendar_invalid` (a year the tables cannot give).
 */
export function computeDue(
  cal: WorkingCalendar,
  input: { from: string; days?: number | string; hours?: number | string },
): DueComputation {
  const { days, hours } = input;
  if ((days === undefined) === (hours === undefined)) {
    throw new AppError('validation_failed', {
      message: 'give either days or hours',
      details: { field: days === undefined ? 'days' : 'hours' },
    });
  }
  try {
    const from = parseLocalOrInstant(cal.timezone, input.from);
    const start = workingInstantAtOrAfter(cal, from);
    let due: number;
    let unit: DueComputation['unit'];
    let budget: number;
    if (days !== undefined) {
      if (!/^\d+$/.test(String(days)) || Number(days) > 3650) {
        throw new AppError('validation_failed', {
          message: `days must be a whole number 0–3650: ${days}`,
          details: { field: 'days' },
        });
      }
      budget = Number(days);
      unit = budget === 0 ? 'same_day' : 'working_days';
      due = addWorkingDays(cal, from, budget);
    } else {
      budget = Number(hours);
      if (!/^\d+(\.\d+)?$/.test(String(hours)) || !(budget > 0) || budget > 30_000) {
        throw new AppError('validation_failed', {
          message: `hours must be a number > 0: ${hours}`,
          details: { field: 'hours' },
        });
      }
      unit = 'working_hours';
      due = addWorkingHours(cal, start, budget);
    }
    return {
      due: formatInstant(cal.timezone, due),
      from: formatInstant(cal.timezone, from),
      start: formatInstant(cal.timezone, start),
      unit,
      budget,
      provisional: yearsBetween(cal, from, due).some((y) => cal.statusOf(y) === 'provisional'),
    };
  } catch (error) {
    throw toCalendarAppError(error);
  }
}

/** {@link computeDue} on the tenant's (cached) calendar. */
export async function computeTenantDue(options: {
  db: Kysely<DB>;
  tenantId: number;
  from: string;
  days?: number | string;
  hours?: number | string;
}): Promise<DueComputation> {
  const cal = await loadTenantCalendar(options.db, options.tenantId);
  return computeDue(cal, {
    from: options.from,
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.hours !== undefined ? { hours: options.hours } : {}),
  });
}
