import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  countWorkingDays,
  localDate,
  type WorkingCalendar,
  workingInstantAtOrAfter,
  workingMsBetween,
} from '../../../domain/calendar/index.js';
import { canonicalJson, chainHash } from '../../../platform/audit/index.js';
import type { Database } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { addBulkLoadContributions } from '../../indices/index.js';
import { clockLimit, tenantRules } from '../dossier.rules.js';
import { type BulkSession, CopyBuffer, copyField, withBulkSession } from './bulk-session.js';
import { type CsvRecord, csvRecordBatches } from './csv-records.js';
import { FastClock, type FittedClock } from './fast-clock.js';

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
  /** Size of the input in bytes, when known: the row count is estimated from it early. */
  sizeHint?: number;
  /**
   * Drop and rebuild the secondary indexes of `dossiers` around the load: true, false, or
   * (undefined) when the import is large next to the table.
   */
  rebuildIndexes?: boolean;
  /** Codes already in the tenant are read once when at most this many (default 200,000). */
  preloadCodes?: number;
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

/** A parsed time; `iso` is the value itself when it already is `Date#toISOString()` text. */
export interface ImportTime {
  ms: number;
  dateOnly: boolean;
  iso?: string;
}

/** The number written in `n` ASCII digits at `at`, or −1. */
function digitsAt(v: string, at: number, n: number): number {
  let x = 0;
  for (let i = at; i < at + n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, what most exports write, read without a regular expression (a
 * million rows have four times each); anything else goes through the general pattern.
 */
function parseCanonicalUtc(v: string): ImportTime | null {
  if (
    v.length !== 24 ||
    v.charCodeAt(4) !== 45 || // -
    v.charCodeAt(7) !== 45 ||
    v.charCodeAt(10) !== 84 || // T
    v.charCodeAt(13) !== 58 || // :
    v.charCodeAt(16) !== 58 ||
    v.charCodeAt(19) !== 46 || // .
    v.charCodeAt(23) !== 90 // Z
  )
    return null;
  const y = digitsAt(v, 0, 4);
  const mo = digitsAt(v, 5, 2);
  const d = digitsAt(v, 8, 2);
  const h = digitsAt(v, 11, 2);
  const mi = digitsAt(v, 14, 2);
  const sec = digitsAt(v, 17, 2);
  const ms = digitsAt(v, 20, 3);
  // Years before 1000 are left to the general path (Date.UTC reads 0–99 as 1900–1999).
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return null;
  if (sec < 0 || sec > 59 || ms < 0) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : (MONTH_DAYS[mo - 1] as number))) return null;
  return { ms: Date.UTC(y, mo - 1, d, h, mi, sec, ms), dateOnly: false, iso: v };
}

/** Parses a time; without an offset it is local time +07:00 (Asia/Ho_Chi_Minh). */
export function parseImportTime(value: string): ImportTime | null {
  const fast = parseCanonicalUtc(value);
  if (fast) return fast;
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
/** Constant columns of every row, as CSV: applicant kind and name. */
const APPLICANT_CSV = `individual,${copyField(PLACEHOLDER_APPLICANT)}`;

/** Below this many rows the secondary indexes of `dossiers` are never rebuilt (auto mode). */
const REBUILD_MIN_ROWS = 50_000;
/** Codes already in the tenant are held in memory when there are at most this many. */
const PRELOAD_CODES = 200_000;

/**
 * Imports legacy dossiers from CSV (issue 4, docs/import-dossiers.md): streams and validates
 * every row (errors name the row and column), computes each dossier's legal clock in JS exactly
 * as for native dossiers (a given `due_at` is kept as the promised date), and writes in large
 * COPY batches inside ONE transaction, the next batch being parsed while the server writes the
 * last. With invalid rows nothing is written unless `skipInvalid`, which writes the valid rows
 * and reports the others. `createMissing` creates unknown units and procedures as stubs (a stub
 * procedure's limit is taken from the first row's `due_at`). The live index aggregates are
 * brought up to date in the same transaction.
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
    // A re-run of the same file finds its codes taken. When the tenant has few dossiers their
    // codes are read once; otherwise each batch asks for its own.
    const preload = options.preloadCodes ?? PRELOAD_CODES;
    const known = await s.query<{ code: string }>(
      'select code from dossiers where tenant_id = $1 and code is not null limit $2',
      [tenantId, preload + 1],
    );
    const existingCodes = known.length <= preload ? new Set(known.map((r) => r.code)) : null;

    const issues: ImportIssue[] = [];
    const createdUnits: string[] = [];
    const createdProcedures: string[] = [];
    const deferred: CsvRecord[] = [];
    let index: ColumnIndex | null = null;
    let rows = 0;
    let imported = 0;
    let invalid = 0;
    let bytes = 0;
    // The batch's rows (code, line) and, in the same order, their COPY text.
    let batch: { code: string; line: number }[] = [];
    let text = new CopyBuffer(Math.min(batchSize, 50_000) * 640);
    const ctx: RowContext = {
      s,
      tenantId,
      units,
      procedures,
      cal,
      clock: new FastClock(cal),
      createMissing: options.createMissing === true,
      root: root ? Number(root.id) : null,
      createdUnits,
      createdProcedures,
      seenCodes: new Set<string>(),
      tail: `,import,${now},${now}\n`,
    };

    // The COPY of the last batch runs on the server while the next one is parsed here; it is
    // awaited before the connection is used again. Its rejection is observed when awaited.
    let inflight: Promise<void> | null = null;
    const settle = async () => {
      const pending = inflight;
      inflight = null;
      if (pending) await pending;
    };
    let rebuild: SecondaryIndex[] | null = null;
    let decided = false;

    const flush = async () => {
      if (batch.length === 0) return;
      const current = batch;
      const currentText = text;
      batch = [];
      text = new CopyBuffer(Math.min(batchSize, 50_000) * 640);
      if (!decided) {
        decided = true;
        await settle();
        const estimate = options.sizeHint && bytes > 0 ? (rows * options.sizeHint) / bytes : rows;
        if (await shouldRebuild(s, options.rebuildIndexes, estimate))
          rebuild = await dropSecondaryIndexes(s);
      }
      // Codes already in the database are errors too (a re-run of the same file).
      let taken: Set<string>;
      if (existingCodes) {
        taken = new Set();
        for (const r of current) if (existingCodes.has(r.code)) taken.add(r.code);
      } else {
        await settle();
        const existing = await s.query<{ code: string }>(
          'select code from dossiers where tenant_id = $1 and code = any($2::text[])',
          [tenantId, current.map((r) => r.code)],
        );
        taken = new Set(existing.map((r) => r.code));
      }
      let kept = current.length;
      if (taken.size > 0) {
        for (const r of current) {
          if (taken.has(r.code)) {
            issues.push({
              row: r.line,
              column: 'code',
              message: `dossier ${r.code} already exists`,
            });
            invalid++;
            kept--;
          }
        }
      }
      imported += kept;
      if (kept > 0 && (options.skipInvalid || invalid === 0)) {
        await settle();
        const payload =
          taken.size > 0
            ? currentText.bytes((i) => !taken.has((current[i] as { code: string }).code))
            : currentText.bytes();
        const copying = s.copy('dossiers', COPY_COLUMNS, payload);
        copying.catch(() => {});
        inflight = copying;
      }
    };

    const take = async (record: CsvRecord, columns: ColumnIndex) => {
      let result = validateRow(record, columns, ctx);
      // Stubs are rare (once per unknown code): only then does a row wait for the database.
      while ('stub' in result) {
        if (result.stub === 'unit') await createStubUnit(ctx, result.code);
        else await createStubProcedure(ctx, result.code, result.receivedMs, result.dueMs);
        result = validateRow(record, columns, ctx);
      }
      if ('issues' in result) {
        for (const issue of result.issues) issues.push(issue);
        invalid++;
        return;
      }
      batch.push({ code: result.code, line: result.line });
      text.push(result.csv);
      if (batch.length >= batchSize) await flush();
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
        await take(record, index);
      }
      options.onProgress?.(bytes, rows);
    }
    if (!index)
      throw new AppError('validation_failed', {
        message: 'the file is empty: a header row is required',
      });
    // Rows of an unknown procedure without due_at, once a later row's due_at made its stub.
    for (const record of deferred) await take(record, index);
    await flush();
    await settle();
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
    if (rebuild) await recreateIndexes(s, database.engine, rebuild);
    const summary = { rows, imported, invalid, createdUnits, createdProcedures };
    await auditImport(s, tenantId, now, summary);
    return { ...summary, issues, ms: Date.now() - started };
  });
}

/** A secondary index of `dossiers`: its name and the statement that creates it. */
interface SecondaryIndex {
  name: string;
  definition: string;
}

/**
 * Whether to drop the secondary indexes of `dossiers` for the load and build them again after:
 * maintaining ten indexes row by row costs several times what sorting them once does, but a
 * rebuild reads the whole table, so it pays only when the import is large next to what is
 * already there (at least half as many rows). `force` (true/false) overrides the estimate.
 */
async function shouldRebuild(
  s: BulkSession,
  force: boolean | undefined,
  estimatedRows: number,
): Promise<boolean> {
  if (force !== undefined) return force;
  if (estimatedRows < REBUILD_MIN_ROWS) return false;
  const cap = Math.ceil(estimatedRows * 2) + 1;
  // Counts at most `cap` rows: the cost stays that of the import, whatever the table's size.
  const [row] = await s.query<{ n: number }>(
    'select count(*)::int as n from (select 1 from dossiers limit $1) x',
    [cap],
  );
  return Number(row?.n ?? cap) < cap;
}

/** Drops the plain (not unique, not constraint) indexes of `dossiers`; returns how to rebuild them. */
async function dropSecondaryIndexes(s: BulkSession): Promise<SecondaryIndex[]> {
  const list = await s.query<SecondaryIndex>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i
     where i.indrelid = 'dossiers'::regclass and not i.indisunique and not i.indisprimary
       and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
     order by 1`,
  );
  for (const ix of list) await s.query(`drop index ${ix.name}`);
  return list;
}

async function recreateIndexes(
  s: BulkSession,
  engine: Database['engine'],
  list: SecondaryIndex[],
): Promise<void> {
  // Sorting in memory instead of in temporary files (the setting ends with the transaction).
  if (engine === 'postgres') await s.query(`set local maintenance_work_mem = '256MB'`);
  for (const ix of list) await s.query(ix.definition);
}

/** An unknown procedure on a row without due_at: its stub may come from a later row. */
function waitsForStub(
  record: CsvRecord,
  index: ColumnIndex,
  procedures: Map<string, Procedure>,
): boolean {
  const code = field(record.fields, index.procedure_code);
  return code !== '' && !procedures.has(code) && field(record.fields, index.due_at) === '';
}

/** Position of each contract column in the file's header (−1 when absent). */
type ColumnIndex = Record<Column, number>;

function headerIndex(record: CsvRecord): ColumnIndex {
  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, -1])) as ColumnIndex;
  record.fields.forEach((name, i) => {
    const key = name.trim().toLowerCase() as Column;
    if ((IMPORT_COLUMNS as readonly string[]).includes(key) && index[key] < 0) index[key] = i;
  });
  const missing = REQUIRED.filter((c) => index[c] < 0);
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

function field(fields: string[], i: number): string {
  if (i < 0) return '';
  const v = fields[i];
  return v === undefined ? '' : v.trim();
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
  clock: FastClock;
  createMissing: boolean;
  root: number | null;
  createdUnits: string[];
  createdProcedures: string[];
  seenCodes: Set<string>;
  /** The last CSV columns of every row: source, created_at, updated_at. */
  tail: string;
}

/** A valid row: its code, file line and its `dossiers` row as one CSV line for COPY. */
interface ValidRow {
  code: string;
  line: number;
  csv: string;
}

/** A valid row that needs a stub unit or procedure made first (`createMissing`). */
type StubNeeded =
  | { stub: 'unit'; code: string }
  | { stub: 'procedure'; code: string; receivedMs: number; dueMs: number };

function flag(value: string, column: string, issues: ImportIssue[], row: number): boolean {
  if (value === '' || value === '0') return false;
  if (value === '1') return true;
  issues.push({ row, column, message: `must be 0 or 1, got "${value}"` });
  return false;
}

const bool = (b: boolean) => (b ? 't' : 'f');

/**
 * Validates one record and turns it into its `dossiers` row. Synchronous: the database is only
 * needed for a stub, which is returned as such for the caller to create before asking again.
 */
function validateRow(
  record: CsvRecord,
  index: ColumnIndex,
  c: RowContext,
): ValidRow | StubNeeded | { issues: ImportIssue[] } {
  const row = record.line;
  const f = record.fields;
  const issues: ImportIssue[] = [];
  const fail = (column: Column, message: string) => issues.push({ row, column, message });

  const code = field(f, index.code);
  if (code === '') fail('code', 'required');
  else if (code.length > 60) fail('code', 'longer than 60 characters');
  else if (c.seenCodes.has(code)) fail('code', `duplicate code ${code} in the file`);

  const channelText = field(f, index.channel);
  const channel = channelText === '' ? 1 : Number(channelText);
  if (channel !== 1 && channel !== 2 && channel !== 3)
    fail('channel', `must be 1, 2 or 3 (empty = 1), got "${channelText}"`);

  const time = (col: Column, required: boolean) => {
    const v = field(f, index[col]);
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
  const outcome = field(f, index.outcome);
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

  const supText = field(f, index.supplement_requests);
  const supplements = supText === '' ? 0 : Number(supText);
  if (!Number.isInteger(supplements) || supplements < 0 || supplements > 100)
    fail('supplement_requests', `must be a whole number ≥ 0, got "${supText}"`);
  const synced = flag(field(f, index.synced), 'synced', issues, row);
  const paidOnline = flag(field(f, index.paid_online), 'paid_online', issues, row);
  const digitised = flag(field(f, index.digitised), 'digitised', issues, row);
  const eResult = flag(field(f, index.e_result), 'e_result', issues, row);
  const reused = flag(field(f, index.reused), 'reused', issues, row);
  const ratingText = field(f, index.rating);
  const rating = ratingText === '' ? null : Number(ratingText);
  if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
    fail('rating', `must be 1–5 or empty, got "${ratingText}"`);

  const unitCode = field(f, index.unit_code);
  const unitId = c.units.get(unitCode);
  if (unitCode === '') fail('unit_code', 'required');
  else if (unitId === undefined && !c.createMissing)
    fail('unit_code', `unknown unit ${unitCode} (use --create-missing to create it)`);

  const procedureCode = field(f, index.procedure_code);
  const procedure = c.procedures.get(procedureCode);
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

  const dueMs = due ? (due.dateOnly ? c.clock.endOfDay(c.clock.localDay(due.ms)) : due.ms) : null;
  if (unitId === undefined) return { stub: 'unit', code: unitCode };
  if (!procedure)
    return {
      stub: 'procedure',
      code: procedureCode,
      receivedMs: received.ms,
      dueMs: dueMs as number,
    };
  const receivedIso = received.iso ?? new Date(received.ms).toISOString();
  const version = versionAt(procedure, received.ms);
  const limit = clockLimit(version.limitUnit, version.promisedLimit, c.cal, receivedIso);
  let fitted: FittedClock;
  try {
    const problem = c.clock.limitProblem(limit.unit, limit.budget);
    if (problem !== null) throw new Error(problem);
    fitted = c.clock.fit(limit, received.ms, dueMs);
    if (!(fitted.budget > 0) && fitted.unit !== 'same_day') {
      throw new Error(c.clock.limitProblem(fitted.unit, fitted.budget) ?? 'no budget');
    }
  } catch (error) {
    fail('received_at', `cannot start the clock: ${(error as Error).message}`);
    return { issues };
  }
  c.seenCodes.add(code);

  const finishedIso = finished ? (finished.iso ?? new Date(finished.ms).toISOString()) : null;
  const returnedIso = returned ? (returned.iso ?? new Date(returned.ms).toISOString()) : null;
  const dueIso = new Date(fitted.dueMs).toISOString();
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
  // The ledger exactly as startClock / stopClock write it (same keys in the same order), as a
  // quoted CSV field: its quotes doubled, its text otherwise free of quotes and commas to escape.
  const clock =
    `"{""unit"":""${fitted.unit}"",""budget"":${fitted.budget},""startedAt"":""${receivedIso}"",` +
    `""pauses"":[],""supplementRequests"":${supplements},""extension"":null,""stoppedAt"":${
      finishedIso ? `""${finishedIso}""` : 'null'
    }}"`;
  const csv =
    `${c.tenantId},${copyField(code)},${status},${unitId},${agency},${current},${procedure.id},` +
    `${version.id},${channel},${APPLICANT_CSV},${clock},${receivedIso},${dueIso},${dueIso},` +
    `${supplements},${finishedIso ?? ''},${returnedIso ?? ''},${outcome},${version.fee},` +
    `${version.onlineLevel},${bool(version.resultRequired)},${bool(version.certification)},` +
    `${bool(synced)},${bool(paidOnline)},${bool(digitised)},${bool(eResult)},${bool(reused)},` +
    `${rating ?? ''}${c.tail}`;
  return { code, line: row, csv };
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
