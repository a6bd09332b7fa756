import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type ClockLedger,
  countWorkingDays,
  dueAt,
  endOfWorkingHours,
  localDate,
  startClock,
  toEpochMs,
  type WorkingCalendar,
  workingInstantAtOrAfter,
  workingMsBetween,
} from '../../../domain/calendar/index.js';
import { canonicalJson, chainHash } from '../../../platform/audit/index.js';
import type { Database } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { addBulkLoadContributions } from '../../indices/index.js';
import { clockLimit, tenantRules } from '../dossier.rules.js';
import { type BulkSession, copyField, withBulkSession } from './bulk-session.js';
import { type CsvRecord, csvRecordBatches } from './csv-records.js';

/** The CSV contract (docs/import-dossiers.md). Extra columns are ignored. */
export const IMPORT_COLUMNS = [
  'code',
  'unit_code',
  'procedure_code',
  'channel',
  'received_at',
  'due_at',
  'finished_at',
  'returned_at',
  'outcome',
  'supplement_requests',
  'synced',
  'paid_online',
  'digitised',
  'e_result',
  'reused',
  'rating',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['code', 'unit_code', 'procedure_code', 'received_at'];

export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  invalid: number;
  createdUnits: string[];
  createdProcedures: string[];
  /** Every invalid row's problems (row = line of the file, the header being row 1). */
  issues: ImportIssue[];
  ms: number;
}

export interface ImportOptions {
  database: Database;
  input: Readable;
  /** Tenant code; default: the first tenant. */
  tenantCode?: string | undefined;
  createMissing?: boolean;
  skipInvalid?: boolean;
  batchSize?: number;
  now?: Date;
  /** Called as the file is read: bytes so far and rows so far. */
  onProgress?: (bytes: number, rows: number) => void;
}

interface Version {
  id: number;
  from: number;
  agencyUnitId: number | null;
  limitUnit: string;
  promisedLimit: number;
  fee: number;
  onlineLevel: string;
  resultRequired: boolean;
  certification: boolean;
}

interface Procedure {
  id: number;
  versions: Version[];
}

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

/** Parses a time; without an offset it is local time +07:00 (Asia/Ho_Chi_Minh). */
export function parseImportTime(value: string): { ms: number; dateOnly: boolean } | null {
  const m = TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s, frac, zone] = [
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    m[7],
    m[8],
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null;
  let offsetMin = 7 * 60;
  if (zone === 'Z') offsetMin = 0;
  else if (zone) {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return { ms: local - offsetMin * 60_000, dateOnly: m[4] === undefined };
}

const OUTCOMES = new Set(['approved', 'refused', 'stopped', 'withdrawn']);

const COPY_COLUMNS = [
  'tenant_id',
  'code',
  'status',
  'receiving_unit_id',
  'agency_unit_id',
  'current_unit_id',
  'procedure_id',
  'procedure_version_id',
  'channel',
  'applicant_kind',
  'applicant_name',
  'clock',
  'received_at',
  'due_at',
  'original_due_at',
  'supplement_count',
  'finished_at',
  'returned_at',
  'outcome',
  'fee_amount',
  'online_level',
  'result_required',
  'certification',
  'synced',
  'paid_online',
  'digitised',
  'e_result',
  'reused',
  'rating',
  'source',
  'created_at',
  'updated_at',
] as const;

const PLACEHOLDER_APPLICANT = 'Không rõ (nhập từ hệ thống cũ)';

/**
 * Imports legacy dossiers from CSV (issue 4, docs/import-dossiers.md): streams and validates
 * every row (errors name the row and column), computes each dossier's legal clock in JS exactly
 * as for native dossiers (a given `due_at` is kept as the promised date), and writes in large
 * COPY batches inside ONE transaction. With invalid rows nothing is written unless
 * `skipInvalid`, which writes the valid rows and reports the others. `createMissing` creates
 * unknown units and procedures as stubs (a stub procedure's limit is taken from the first row's
 * `due_at`). The live index aggregates are brought up to date in the same transaction.
 *
 * @throws AppError `import_invalid` (invalid rows without skipInvalid; details.issues),
 * `validation_failed` (header lacks a required column), `not_found` (tenant).
 */
export async function importDossiers(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { database } = options;
  const batchSize = options.batchSize ?? 20_000;
  const now = (options.now ?? new Date()).toISOString();
  // Read before the bulk session: on PGlite the session holds the only connection.
  const tenant = await (options.tenantCode
    ? database.db.selectFrom('tenants').select('id').where('code', '=', options.tenantCode)
    : database.db.selectFrom('tenants').select('id').orderBy('id').limit(1)
  ).executeTakeFirst();
  if (!tenant)
    throw new AppError('not_found', {
      message: `tenant ${options.tenantCode ?? '(default)'} not found`,
    });
  const tenantId = Number(tenant.id);
  const { cal } = await tenantRules(database.db, tenantId);
  return withBulkSession(database, async (s) => {
    const units = new Map<string, number>();
    for (const u of await s.query<{ id: number; code: string }>(
      'select id, code from units where tenant_id = $1',
      [tenantId],
    ))
      units.set(u.code, Number(u.id));
    const procedures = await loadProcedures(s, tenantId);
    const [root] = await s.query<{ id: number }>(
      'select id from units where tenant_id = $1 and parent_id is null order by id limit 1',
      [tenantId],
    );

    // Bulk mode: the index's row trigger is suspended and its aggregates are updated once, in
    // one grouped statement, at the end (the same contribution function the trigger uses).
    const [fn] = await s.query<{ present: boolean }>(
      `select exists (select 1 from pg_proc where proname = 'index_dossier_contribution') as present`,
    );
    const aggregates = fn?.present === true;
    // Every id written was resolved from the database in this transaction, so the foreign-key
    // checks (a third of the load time) are skipped where the role may (PostgreSQL's restore
    // mode, superuser only); otherwise only the index trigger is suspended.
    let replica = false;
    await s.query('savepoint bulk_mode');
    try {
      await s.query('set local session_replication_role = replica');
      await s.query('release savepoint bulk_mode');
      replica = true;
    } catch {
      await s.query('rollback to savepoint bulk_mode');
    }
    if (aggregates && !replica) await s.query('alter table dossiers disable trigger user');
    const [maxRow] = await s.query<{ max: number }>(
      'select coalesce(max(id), 0) as max from dossiers',
    );
    const firstNewId = Number(maxRow?.max ?? 0) + 1;

    const issues: ImportIssue[] = [];
    const createdUnits: string[] = [];
    const createdProcedures: string[] = [];
    const seenCodes = new Set<string>();
    const deferred: CsvRecord[] = [];
    const due = memoisedDue(cal);
    let index: Map<Column, number> | null = null;
    let rows = 0;
    let imported = 0;
    let invalid = 0;
    let bytes = 0;
    let batch: { code: string; line: number; csv: string }[] = [];

    const flush = async () => {
      if (batch.length === 0) return;
      const current = batch;
      batch = [];
      // Codes already in the database are errors too (a re-run of the same file).
      const existing = await s.query<{ code: string }>(
        'select code from dossiers where tenant_id = $1 and code = any($2::text[])',
        [tenantId, current.map((r) => r.code)],
      );
      let keep = current;
      if (existing.length > 0) {
        const taken = new Set(existing.map((r) => r.code));
        keep = current.filter((r) => !taken.has(r.code));
        for (const r of current) {
          if (taken.has(r.code)) {
            issues.push({
              row: r.line,
              column: 'code',
              message: `dossier ${r.code} already exists`,
            });
            invalid++;
          }
        }
      }
      imported += keep.length;
      if (keep.length > 0 && (options.skipInvalid || invalid === 0)) {
        await s.copy('dossiers', COPY_COLUMNS, keep.map((r) => r.csv).join(''));
      }
    };

    for await (const records of csvRecordBatches(options.input, (n) => {
      bytes += n;
    })) {
      for (const record of records) {
        if (!index) {
          index = headerIndex(record);
          continue;
        }
        rows++;
        if (options.createMissing && waitsForStub(record, index, procedures)) {
          deferred.push(record);
          continue;
        }
        const result = await validateRow(record, index, {
          s,
          tenantId,
          units,
          procedures,
          cal,
          createMissing: options.createMissing === true,
          root: root ? Number(root.id) : null,
          createdUnits,
          createdProcedures,
          seenCodes,
          now,
          due,
        });
        if ('issues' in result) {
          issues.push(...result.issues);
          invalid++;
          continue;
        }
        batch.push(result);
        if (batch.length >= batchSize) await flush();
      }
      options.onProgress?.(bytes, rows);
    }
    if (!index)
      throw new AppError('validation_failed', {
        message: 'the file is empty: a header row is required',
      });
    // Rows of an unknown procedure without due_at, once a later row's due_at made its stub.
    for (const record of deferred) {
      const result = await validateRow(record, index, {
        s,
        tenantId,
        units,
        procedures,
        cal,
        createMissing: true,
        root: root ? Number(root.id) : null,
        createdUnits,
        createdProcedures,
        seenCodes,
        now,
        due,
      });
      if ('issues' in result) {
        issues.push(...result.issues);
        invalid++;
        continue;
      }
      batch.push(result);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    issues.sort((a, b) => a.row - b.row);
    options.onProgress?.(bytes, rows);

    if (invalid > 0 && !options.skipInvalid) {
      const first = issues[0] as ImportIssue;
      throw new AppError('import_invalid', {
        message: `${invalid} invalid row(s) of ${rows}; nothing was written. First: row ${first.row}, column ${first.column}: ${first.message}`,
        details: { rows, invalid, issues },
      });
    }
    if (replica) await s.query('set local session_replication_role = origin');
    if (aggregates) {
      await applyAggregates(s, tenantId, firstNewId);
      if (!replica) await s.query('alter table dossiers enable trigger user');
    }
    const summary = { rows, imported, invalid, createdUnits, createdProcedures };
    await auditImport(s, tenantId, now, summary);
    return { ...summary, issues, ms: Date.now() - started };
  });
}

/** An unknown procedure on a row without due_at: its stub may come from a later row. */
function waitsForStub(
  record: CsvRecord,
  index: Map<Column, number>,
  procedures: Map<string, Procedure>,
): boolean {
  const at = (col: Column) => {
    const i = index.get(col);
    return i === undefined ? '' : (record.fields[i] ?? '').trim();
  };
  const code = at('procedure_code');
  return code !== '' && !procedures.has(code) && at('due_at') === '';
}

function headerIndex(record: CsvRecord): Map<Column, number> {
  const index = new Map<Column, number>();
  record.fields.forEach((name, i) => {
    const key = name.trim().toLowerCase() as Column;
    if ((IMPORT_COLUMNS as readonly string[]).includes(key) && !index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new AppError('validation_failed', {
      message: `row 1: the header lacks the required column(s) ${missing.join(', ')}`,
      details: {
        issues: missing.map((c) => ({ row: 1, column: c, message: 'required column missing' })),
      },
    });
  }
  return index;
}

async function loadProcedures(s: BulkSession, tenantId: number): Promise<Map<string, Procedure>> {
  const rows = await s.query<{
    procedure_id: number;
    code: string;
    version_id: number;
    effective_from: Date | string;
    agency_unit_id: number | null;
    limit_unit: string;
    promised_limit: number | string;
    fee_amount: number | string;
    online_level: string;
    result_type: string;
    certification: boolean;
  }>(
    `select p.id as procedure_id, p.code, v.id as version_id, v.effective_from, v.agency_unit_id, v.limit_unit,
       v.promised_limit, v.fee_amount, v.online_level, v.result_type, v.certification
     from procedures p join procedure_versions v on v.procedure_id = p.id
     where p.tenant_id = $1 order by p.id, v.effective_from, v.version`,
    [tenantId],
  );
  const map = new Map<string, Procedure>();
  for (const r of rows) {
    let p = map.get(r.code);
    if (!p) {
      p = { id: Number(r.procedure_id), versions: [] };
      map.set(r.code, p);
    }
    p.versions.push({
      id: Number(r.version_id),
      from: new Date(r.effective_from).getTime(),
      agencyUnitId: r.agency_unit_id === null ? null : Number(r.agency_unit_id),
      limitUnit: r.limit_unit,
      promisedLimit: Number(r.promised_limit),
      fee: Number(r.fee_amount),
      onlineLevel: r.online_level,
      resultRequired: r.result_type !== 'none',
      certification: r.certification === true,
    });
  }
  return map;
}

/** The version in force at `at`; legacy dossiers older than the catalogue take its first version. */
function versionAt(p: Procedure, at: number): Version {
  let chosen = p.versions[0] as Version;
  for (const v of p.versions) if (v.from <= at) chosen = v;
  return chosen;
}

interface RowContext {
  s: BulkSession;
  tenantId: number;
  units: Map<string, number>;
  procedures: Map<string, Procedure>;
  cal: WorkingCalendar;
  createMissing: boolean;
  root: number | null;
  createdUnits: string[];
  createdProcedures: string[];
  seenCodes: Set<string>;
  now: string;
  due: (l: ClockLedger) => string | null;
}

function flag(value: string, column: string, issues: ImportIssue[], row: number): boolean {
  if (value === '' || value === '0') return false;
  if (value === '1') return true;
  issues.push({ row, column, message: `must be 0 or 1, got "${value}"` });
  return false;
}

async function validateRow(
  record: CsvRecord,
  index: Map<Column, number>,
  c: RowContext,
): Promise<{ code: string; line: number; csv: string } | { issues: ImportIssue[] }> {
  const row = record.line;
  const get = (col: Column) => {
    const i = index.get(col);
    return i === undefined ? '' : (record.fields[i] ?? '').trim();
  };
  const issues: ImportIssue[] = [];
  const fail = (column: Column, message: string) => issues.push({ row, column, message });

  const code = get('code');
  if (code === '') fail('code', 'required');
  else if (code.length > 60) fail('code', 'longer than 60 characters');
  else if (c.seenCodes.has(code)) fail('code', `duplicate code ${code} in the file`);

  const channelText = get('channel');
  const channel = channelText === '' ? 1 : Number(channelText);
  if (channel !== 1 && channel !== 2 && channel !== 3)
    fail('channel', `must be 1, 2 or 3 (empty = 1), got "${channelText}"`);

  const time = (col: Column, required: boolean) => {
    const v = get(col);
    if (v === '') {
      if (required) fail(col, 'required');
      return null;
    }
    const t = parseImportTime(v);
    if (!t)
      fail(
        col,
        `not a date-time (YYYY-MM-DD HH:MM[:SS], optional offset; without offset +07:00): "${v}"`,
      );
    return t;
  };
  const received = time('received_at', true);
  const due = time('due_at', false);
  const finished = time('finished_at', false);
  const returned = time('returned_at', false);
  const outcome = get('outcome');
  if (outcome !== '' && !OUTCOMES.has(outcome))
    fail('outcome', `must be approved, refused, stopped or withdrawn, got "${outcome}"`);
  if (finished && outcome === '') fail('outcome', 'required when finished_at is given');
  if (!finished && outcome !== '' && issues.every((i) => i.column !== 'finished_at'))
    fail('outcome', 'must be empty while the dossier is in progress (no finished_at)');
  if (returned && !finished) fail('returned_at', 'a returned dossier needs finished_at');
  if (received && finished && finished.ms < received.ms)
    fail('finished_at', 'earlier than received_at');
  if (finished && returned && returned.ms < finished.ms)
    fail('returned_at', 'earlier than finished_at');
  if (received && due && !due.dateOnly && due.ms < received.ms)
    fail('due_at', 'earlier than received_at');

  const supText = get('supplement_requests');
  const supplements = supText === '' ? 0 : Number(supText);
  if (!Number.isInteger(supplements) || supplements < 0 || supplements > 100)
    fail('supplement_requests', `must be a whole number ≥ 0, got "${supText}"`);
  const synced = flag(get('synced'), 'synced', issues, row);
  const paidOnline = flag(get('paid_online'), 'paid_online', issues, row);
  const digitised = flag(get('digitised'), 'digitised', issues, row);
  const eResult = flag(get('e_result'), 'e_result', issues, row);
  const reused = flag(get('reused'), 'reused', issues, row);
  const ratingText = get('rating');
  const rating = ratingText === '' ? null : Number(ratingText);
  if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
    fail('rating', `must be 1–5 or empty, got "${ratingText}"`);

  const unitCode = get('unit_code');
  let unitId = c.units.get(unitCode);
  if (unitCode === '') fail('unit_code', 'required');
  else if (unitId === undefined && !c.createMissing)
    fail('unit_code', `unknown unit ${unitCode} (use --create-missing to create it)`);

  const procedureCode = get('procedure_code');
  let procedure = c.procedures.get(procedureCode);
  if (procedureCode === '') fail('procedure_code', 'required');
  else if (!procedure && !c.createMissing)
    fail(
      'procedure_code',
      `unknown procedure ${procedureCode} (use --create-missing to create it)`,
    );
  else if (!procedure && !due && issues.length === 0)
    fail(
      'procedure_code',
      `unknown procedure ${procedureCode} and no due_at to take the stub's time limit from`,
    );

  if (issues.length > 0 || !received) return { issues };

  const receivedIso = new Date(received.ms).toISOString();
  const dueMs = due
    ? due.dateOnly
      ? endOfWorkingHours(c.cal, localDate(c.cal, due.ms))
      : due.ms
    : null;
  if (unitId === undefined) {
    unitId = await createStubUnit(c, unitCode);
  }
  if (!procedure) {
    procedure = await createStubProcedure(c, procedureCode, received.ms, dueMs as number);
  }
  const version = versionAt(procedure, received.ms);
  let ledger: ClockLedger;
  try {
    ledger = fitLedger(
      c.cal,
      receivedIso,
      clockLimit(version.limitUnit, version.promisedLimit, c.cal, receivedIso),
      dueMs,
      c.due,
    );
  } catch (error) {
    fail('received_at', `cannot start the clock: ${(error as Error).message}`);
    return { issues };
  }
  if (supplements > 0) ledger = { ...ledger, supplementRequests: supplements };
  const dueIso = c.due(ledger);
  const finishedIso = finished ? new Date(finished.ms).toISOString() : null;
  if (finishedIso) ledger = { ...ledger, stoppedAt: finishedIso };
  c.seenCodes.add(code);

  const agency = version.agencyUnitId ?? unitId;
  const status = !finished
    ? 'in_appraisal'
    : outcome === 'stopped'
      ? 'stopped'
      : outcome === 'withdrawn'
        ? 'withdrawn'
        : returned
          ? 'returned'
          : 'result_ready';
  const current = status === 'in_appraisal' ? agency : unitId;
  const dueColumn = dueIso === null ? null : new Date(toEpochMs(dueIso)).toISOString();
  const fields: (string | number | boolean | null)[] = [
    c.tenantId,
    code,
    status,
    unitId,
    agency,
    current,
    procedure.id,
    version.id,
    channel,
    'individual',
    PLACEHOLDER_APPLICANT,
    JSON.stringify(ledger),
    receivedIso,
    dueColumn,
    dueColumn,
    supplements,
    finishedIso,
    returned ? new Date(returned.ms).toISOString() : null,
    outcome === '' ? null : outcome,
    version.fee,
    version.onlineLevel,
    version.resultRequired,
    version.certification,
    synced,
    paidOnline,
    digitised,
    eResult,
    reused,
    rating,
    'import',
    c.now,
    c.now,
  ];
  return { code, line: row, csv: `${fields.map(copyField).join(',')}\n` };
}

/**
 * The ledger of an imported dossier. Without `due_at` it is the procedure's limit counted from
 * reception, exactly as for a native dossier. With `due_at` (the date the old system promised)
 * the ledger is chosen so that its derived due date IS that date: the procedure's limit when it
 * already gives it, else that many working days, else the working hours up to it.
 */
export function fitLedger(
  cal: WorkingCalendar,
  receivedIso: string,
  limit: { unit: ClockLedger['unit']; budget: number },
  dueMs: number | null,
  due: (l: ClockLedger) => string | null = (l) => dueAt(l, cal),
): ClockLedger {
  const base = startClock({ receivedAt: receivedIso, unit: limit.unit, budget: limit.budget });
  if (dueMs === null) return base;
  const same = (l: ClockLedger) => {
    const d = due(l);
    return d !== null && toEpochMs(d) === dueMs;
  };
  if (same(base)) return base;
  const start = workingInstantAtOrAfter(cal, toEpochMs(receivedIso));
  const startDay = localDate(cal, start);
  const dueDay = localDate(cal, dueMs);
  if (dueDay === startDay) {
    const sameDay = startClock({ receivedAt: receivedIso, unit: 'same_day', budget: 0 });
    if (same(sameDay)) return sameDay;
  } else if (dueDay > startDay) {
    const n = countWorkingDays(cal, nextIsoDay(startDay), dueDay);
    if (n >= 1) {
      const days = startClock({ receivedAt: receivedIso, unit: 'working_days', budget: n });
      if (same(days)) return days;
    }
  }
  const hours = workingMsBetween(cal, start, dueMs) / 3_600_000;
  if (hours > 0)
    return startClock({
      receivedAt: receivedIso,
      unit: 'working_hours',
      budget: Math.round(hours * 1_000_000) / 1_000_000,
    });
  return startClock({ receivedAt: receivedIso, unit: 'same_day', budget: 0 });
}

/**
 * `dueAt` for the fresh ledgers of an import, memoised: without pauses or extension a day-based
 * limit's due date depends only on the local day counting starts (DOMAIN §5), so a million rows
 * need only as many calendar walks as there are distinct (limit, day) pairs.
 */
export function memoisedDue(cal: WorkingCalendar): (l: ClockLedger) => string | null {
  const cache = new Map<string, string | null>();
  return (l) => {
    if (l.pauses.length > 0 || l.extension !== null || l.unit === 'working_hours')
      return dueAt(l, cal);
    const day = localDate(cal, workingInstantAtOrAfter(cal, toEpochMs(l.startedAt)));
    const key = `${l.unit}|${l.budget}|${day}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = dueAt(l, cal);
      cache.set(key, hit);
    }
    return hit;
  };
}

function nextIsoDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

async function createStubUnit(c: RowContext, code: string): Promise<number> {
  const [unit] = await c.s.query<{ id: number }>(
    `insert into units (tenant_id, parent_id, kind, level, code, name) values ($1, $2, 'imported', 'unknown', $3, $4) returning id`,
    [c.tenantId, c.root, code, `${code} (đơn vị tạo khi nhập dữ liệu cũ)`],
  );
  const id = Number((unit as { id: number }).id);
  await c.s.query(
    `insert into unit_closure (tenant_id, ancestor_id, descendant_id, depth)
     select $1::bigint, $2::bigint, $2::bigint, 0
     union all select tenant_id, ancestor_id, $2::bigint, depth + 1 from unit_closure where descendant_id = $3::bigint`,
    [c.tenantId, id, c.root],
  );
  c.units.set(code, id);
  c.createdUnits.push(code);
  return id;
}

/** A stub procedure whose limit is the working days (or hours) from reception to `dueMs`. */
async function createStubProcedure(
  c: RowContext,
  code: string,
  receivedMs: number,
  dueMs: number,
): Promise<Procedure> {
  const start = workingInstantAtOrAfter(c.cal, receivedMs);
  const startDay = localDate(c.cal, start);
  const dueDay = localDate(c.cal, dueMs);
  let unit = 'working_days';
  let limit = dueDay > startDay ? countWorkingDays(c.cal, nextIsoDay(startDay), dueDay) : 0;
  if (limit === 0) {
    unit = 'same_day';
  }
  if (unit === 'working_days' && limit < 1) {
    unit = 'working_hours';
    limit = Math.max(0.5, Math.round(workingMsBetween(c.cal, start, dueMs) / 1_800_000) / 2);
  }
  const [p] = await c.s.query<{ id: number }>(
    `insert into procedures (tenant_id, code) values ($1, $2) returning id`,
    [c.tenantId, code],
  );
  const id = Number((p as { id: number }).id);
  const name = `${code} (thủ tục tạo khi nhập dữ liệu cũ)`;
  const [v] = await c.s.query<{ id: number }>(
    `insert into procedure_versions (tenant_id, procedure_id, version, effective_from, name, search_text, level, legal_limit, promised_limit, limit_unit)
     values ($1, $2, 1, '1900-01-01T00:00:00+07:00', $3, $4, 'province', $5, $5, $6) returning id`,
    [c.tenantId, id, name, name.toLowerCase(), limit, unit],
  );
  const procedure: Procedure = {
    id,
    versions: [
      {
        id: Number((v as { id: number }).id),
        from: Date.parse('1900-01-01T00:00:00+07:00'),
        agencyUnitId: null,
        limitUnit: unit,
        promisedLimit: limit,
        fee: 0,
        onlineLevel: 'none',
        resultRequired: true,
        certification: false,
      },
    ],
  };
  c.procedures.set(code, procedure);
  c.createdProcedures.push(code);
  return procedure;
}

async function applyAggregates(s: BulkSession, tenantId: number, firstId: number): Promise<void> {
  await addBulkLoadContributions((text, params) => s.query(text, params), tenantId, firstId);
}

/** One audit row per import run (its own chain stream), in the import's transaction. */
async function auditImport(
  s: BulkSession,
  tenantId: number,
  at: string,
  summary: Record<string, unknown>,
): Promise<void> {
  const runId = randomUUID();
  const data = {
    action: 'dossier.imported',
    actorId: null,
    unitId: null,
    requestId: null,
    at,
    entity: 'dossier_import',
    entityId: runId,
    before: null,
    after: summary,
  };
  const canonical = canonicalJson(data);
  await s.query(
    `insert into audit_log (tenant_id, stream, seq, at, actor_id, unit_id, action, request_id, data, prev_hash, hash)
     values ($1, $2, 1, $3, null, null, 'dossier.imported', null, $4::jsonb, null, $5)`,
    [tenantId, `dossier_import:${runId}`, at, canonical, chainHash(null, canonical)],
  );
}
