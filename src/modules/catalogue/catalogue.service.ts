import type { Kysely } from 'kysely';
import {
  contentFingerprint,
  describeIssue,
  feeTotal,
  type HandlingLevel,
  type Issue,
  normalizeProcedure,
  type OnlineLevel,
  type ProcedureContent,
  type ProcedureRecord,
  validateProcedure,
} from '../../domain/catalogue/index.js';
import { searchTerms } from '../../domain/text/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordFromRow, type VersionRow } from './catalogue.records.js';
import {
  findProcedureByCode,
  findProcedureById,
  findVersionAt,
  insertProcedures,
  insertVersions,
  latestVersionInfo,
  listVersions,
  loadUnitsByCode,
  lockProcedure,
  type ProcedureRow,
  type ProcedureSort,
  searchProcedures,
  setProcedureStatus,
  type UnitRef,
} from './catalogue.repository.js';

/** Who made a change, for the version row and the audit log (null actor = the CLI or a job). */
export interface ChangedBy {
  actorId: number | null;
  requestId?: string | null;
}

/** What the catalogue use cases need: the database and a clock (an AppContext fits). */
export interface CatalogueDeps {
  db: Kysely<DB>;
  now: () => Date;
}

/** A validation issue with its words in both languages, as sent on the wire and in reports. */
export interface WordedIssue extends Issue {
  vi: string;
  en: string;
}

export function wordIssues(issues: Issue[]): WordedIssue[] {
  return issues.map((issue) => ({
    ...issue,
    vi: describeIssue(issue, 'vi'),
    en: describeIssue(issue, 'en'),
  }));
}

/** Throws `validation_failed` with every field-level issue when the record breaks a rule. */
function assertValid(record: ProcedureRecord, units: Map<string, UnitRef>): void {
  const issues = validateProcedure(record, { unitExists: (code) => units.has(code) });
  if (issues.length > 0)
    throw new AppError('validation_failed', { details: { issues: wordIssues(issues) } });
}

function parseEffectiveFrom(value: Date | string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const date =
    typeof value === 'string'
      ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+07:00` : value)
      : value;
  if (Number.isNaN(date.getTime()))
    throw new AppError('invalid_date', {
      details: { field: 'effectiveFrom', value: String(value) },
    });
  return date;
}

export interface ListProceduresOptions {
  tenantId: number;
  query?: string | undefined;
  fieldCode?: string | undefined;
  level?: HandlingLevel | undefined;
  /** Code of the processing agency; its sub-units count too. */
  agencyCode?: string | undefined;
  onlineLevel?: OnlineLevel | undefined;
  status?: 'active' | 'retired' | 'all' | undefined;
  sort?: ProcedureSort | undefined;
  direction?: 'asc' | 'desc' | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
  /**
   * Public browsing: only active procedures with a version already in effect. The back office
   * also sees retired ones and those whose first version starts later.
   */
  publicView: boolean;
}

export interface ProcedurePage {
  items: VersionRow[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Lists and searches the catalogue: each query word must appear in the code or a name, ignoring
 * case and Vietnamese diacritics ("giay phep xay dung" finds "Giấy phép xây dựng"); filters by
 * field, level, agency (with its sub-units), online level and status; sorted and paged (at most
 * 100 a page). An unknown agency code matches nothing.
 */
export async function listProcedures(
  deps: CatalogueDeps,
  options: ListProceduresOptions,
): Promise<ProcedurePage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 20)));
  let agencyUnitId: number | undefined;
  if (options.agencyCode) {
    const unit = await deps.db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', options.tenantId)
      .where('code', '=', options.agencyCode)
      .executeTakeFirst();
    if (!unit) return { items: [], total: 0, page, pageSize };
    agencyUnitId = unit.id;
  }
  const { rows, total } = await searchProcedures(deps.db, {
    tenantId: options.tenantId,
    at: deps.now(),
    includeUpcoming: !options.publicView,
    terms: searchTerms(options.query ?? ''),
    fieldCode: options.fieldCode,
    level: options.level,
    agencyUnitId,
    onlineLevel: options.onlineLevel,
    status: options.publicView ? 'active' : (options.status ?? 'active'),
    sort: options.sort ?? 'code',
    direction: options.direction ?? 'asc',
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: rows, total, page, pageSize };
}

export interface ProcedureDetail {
  procedure: ProcedureRow;
  /** The version in effect now; undefined when the first version starts later. */
  current: VersionRow | undefined;
  /** Versions that take effect later than now, earliest first. */
  upcoming: VersionRow[];
  /** Every version, newest number first. */
  versions: VersionRow[];
}

/**
 * One procedure by code with its current version and its history. Public callers get
 * `not_found` for a retired procedure or one with no version in effect yet (nobody can probe
 * what exists, STYLE §2).
 */
export async function getProcedure(
  deps: CatalogueDeps,
  options: { tenantId: number; code: string; publicView: boolean },
): Promise<ProcedureDetail> {
  const procedure = await findProcedureByCode(deps.db, options.tenantId, options.code);
  if (!procedure) throw new AppError('not_found', { details: { code: options.code } });
  const now = deps.now();
  const current = await findVersionAt(deps.db, options.tenantId, procedure.id, now);
  if (options.publicView && (procedure.status !== 'active' || !current)) {
    throw new AppError('not_found', { details: { code: options.code } });
  }
  const versions =
    options.publicView && current
      ? [current]
      : await listVersions(deps.db, options.tenantId, procedure.id);
  const upcoming = versions
    .filter((v) => new Date(v.effective_from) > now)
    .sort((a, b) => a.version - b.version);
  return { procedure, current, upcoming, versions };
}

/** The version a dossier is bound to: what `currentVersionAt` returns. */
export interface ProcedureVersionAt {
  procedureId: number;
  versionId: number;
  version: number;
  effectiveFrom: Date;
  code: string;
  status: 'active' | 'retired';
  /** The processing agency's unit id, null when the receiving unit's level handles it. */
  agencyUnitId: number | null;
  feeTotal: number;
  record: ProcedureRecord;
}

/**
 * The version of a procedure (by id or code) in effect at `at`: the latest version whose
 * effective_from ≤ at. A dossier keeps the version it was received under (issue 3), so the
 * dossier module calls this with the reception instant and stores the version id. Returns
 * undefined when the procedure does not exist or had no version yet; the caller decides what
 * a retired procedure means (reception refuses it).
 */
export async function currentVersionAt(
  db: Kysely<DB>,
  tenantId: number,
  procedure: number | string,
  at: Date,
): Promise<ProcedureVersionAt | undefined> {
  const found =
    typeof procedure === 'number'
      ? await findProcedureById(db, tenantId, procedure)
      : await findProcedureByCode(db, tenantId, procedure);
  if (!found) return undefined;
  const row = await findVersionAt(db, tenantId, found.id, at);
  if (!row) return undefined;
  return {
    procedureId: found.id,
    versionId: row.id,
    version: row.version,
    effectiveFrom: new Date(row.effective_from),
    code: found.code,
    status: found.status,
    agencyUnitId: row.agency_unit_id,
    feeTotal: Number(row.fee_amount),
    record: recordFromRow(row),
  };
}

/** Audit data for a version: enough to tell what changed without the whole template. */
function versionSummary(record: ProcedureRecord, version: number, effectiveFrom: Date) {
  return {
    code: record.code,
    version,
    effectiveFrom: effectiveFrom.toISOString(),
    name: record.name,
    promisedLimit: record.promisedLimit,
    legalLimit: record.legalLimit,
    limitUnit: record.limitUnit,
    feeTotal: feeTotal(record),
    onlineLevel: record.onlineLevel,
    fingerprint: contentFingerprint(record),
  };
}

/**
 * Adds a procedure with its first version, effective from `effectiveFrom` (default now).
 * Throws `validation_failed` (field-level issues), `already_exists` for a taken code,
 * `invalid_date`. Audited as `catalogue.procedure_created`.
 */
export async function createProcedure(
  deps: CatalogueDeps,
  options: {
    tenantId: number;
    record: ProcedureRecord;
    effectiveFrom?: Date | string;
    note?: string | null;
    by: ChangedBy;
  },
): Promise<ProcedureDetail> {
  const record = normalizeProcedure(options.record);
  const effectiveFrom = parseEffectiveFrom(options.effectiveFrom, deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const units = await loadUnitsByCode(trx, options.tenantId);
    assertValid(record, units);
    if (await findProcedureByCode(trx, options.tenantId, record.code)) {
      throw new AppError('already_exists', { details: { code: record.code } });
    }
    const ids = await insertProcedures(trx, options.tenantId, [record.code]);
    const procedureId = ids.get(record.code)!;
    await insertVersions(trx, [
      {
        tenantId: options.tenantId,
        procedureId,
        version: 1,
        effectiveFrom,
        agencyUnitId: record.agencyCode ? (units.get(record.agencyCode)?.id ?? null) : null,
        createdBy: options.by.actorId,
        note: options.note ?? null,
        record,
      },
    ]);
    await recordAudit(trx, {
      tenantId: options.tenantId,
      actorId: options.by.actorId,
      action: 'catalogue.procedure_created',
      entity: 'procedure',
      entityId: procedureId,
      after: versionSummary(record, 1, effectiveFrom),
      requestId: options.by.requestId ?? null,
      at: deps.now(),
    });
  });
  return getProcedure(deps, { tenantId: options.tenantId, code: record.code, publicView: false });
}

/**
 * Edits a procedure: the content becomes a new version effective from `effectiveFrom`
 * (default now), which may not be before the latest version's start (versions follow each
 * other in time). Unchanged content makes no version. `expectedVersion`, when given, must be
 * the latest version number (`version_conflict` otherwise: someone else edited meanwhile).
 * Throws `not_found`, `validation_failed`, `rule_violation` (date before the latest version),
 * `invalid_date`. Audited as `catalogue.procedure_versioned`.
 */
export async function updateProcedure(
  deps: CatalogueDeps,
  options: {
    tenantId: number;
    code: string;
    content: ProcedureContent;
    effectiveFrom?: Date | string;
    expectedVersion?: number;
    note?: string | null;
    by: ChangedBy;
  },
): Promise<{ changed: boolean; detail: ProcedureDetail }> {
  const record = normalizeProcedure({ ...options.content, code: options.code });
  const effectiveFrom = parseEffectiveFrom(options.effectiveFrom, deps.now());
  const changed = await deps.db.transaction().execute(async (trx) => {
    const procedure = await findProcedureByCode(trx, options.tenantId, options.code);
    if (!procedure) throw new AppError('not_found', { details: { code: options.code } });
    await lockProcedure(trx, options.tenantId, procedure.id);
    const latest = await latestVersionInfo(trx, options.tenantId, procedure.id);
    const latestNumber = latest?.version ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== latestNumber) {
      throw new AppError('version_conflict', {
        details: { expectedVersion: options.expectedVersion, latestVersion: latestNumber },
      });
    }
    const units = await loadUnitsByCode(trx, options.tenantId);
    assertValid(record, units);
    const versions = await listVersions(trx, options.tenantId, procedure.id);
    const previous = versions[0];
    if (previous && contentFingerprint(recordFromRow(previous)) === contentFingerprint(record))
      return false;
    if (latest && effectiveFrom < new Date(latest.effective_from)) {
      throw new AppError('rule_violation', {
        message: 'a new version cannot take effect before the latest version',
        details: {
          rule: 'effective_before_latest',
          latestEffectiveFrom: new Date(latest.effective_from).toISOString(),
        },
      });
    }
    await insertVersions(trx, [
      {
        tenantId: options.tenantId,
        procedureId: procedure.id,
        version: latestNumber + 1,
        effectiveFrom,
        agencyUnitId: record.agencyCode ? (units.get(record.agencyCode)?.id ?? null) : null,
        createdBy: options.by.actorId,
        note: options.note ?? null,
        record,
      },
    ]);
    await recordAudit(trx, {
      tenantId: options.tenantId,
      actorId: options.by.actorId,
      action: 'catalogue.procedure_versioned',
      entity: 'procedure',
      entityId: procedure.id,
      before: previous
        ? versionSummary(
            recordFromRow(previous),
            previous.version,
            new Date(previous.effective_from),
          )
        : null,
      after: versionSummary(record, latestNumber + 1, effectiveFrom),
      requestId: options.by.requestId ?? null,
      at: deps.now(),
    });
    return true;
  });
  return {
    changed,
    detail: await getProcedure(deps, {
      tenantId: options.tenantId,
      code: options.code,
      publicView: false,
    }),
  };
}

/**
 * Retires a procedure (no new dossiers; dossiers already received keep their version) or
 * reactivates it. Doing what is already so changes nothing and records nothing. Throws
 * `not_found`. Audited as `catalogue.procedure_retired` / `catalogue.procedure_reactivated`.
 */
export async function setProcedureActive(
  deps: CatalogueDeps,
  options: {
    tenantId: number;
    code: string;
    active: boolean;
    reason?: string | null;
    by: ChangedBy;
  },
): Promise<{ changed: boolean; detail: ProcedureDetail }> {
  const status = options.active ? 'active' : 'retired';
  const changed = await deps.db.transaction().execute(async (trx) => {
    const procedure = await findProcedureByCode(trx, options.tenantId, options.code);
    if (!procedure) throw new AppError('not_found', { details: { code: options.code } });
    await lockProcedure(trx, options.tenantId, procedure.id);
    const fresh = await findProcedureById(trx, options.tenantId, procedure.id);
    if (fresh?.status === status) return false;
    const now = deps.now();
    await setProcedureStatus(trx, options.tenantId, [procedure.id], status, now);
    await recordAudit(trx, {
      tenantId: options.tenantId,
      actorId: options.by.actorId,
      action: options.active ? 'catalogue.procedure_reactivated' : 'catalogue.procedure_retired',
      entity: 'procedure',
      entityId: procedure.id,
      before: { code: procedure.code, status: fresh?.status ?? procedure.status },
      after: { code: procedure.code, status, reason: options.reason ?? null },
      requestId: options.by.requestId ?? null,
      at: now,
    });
    return true;
  });
  return {
    changed,
    detail: await getProcedure(deps, {
      tenantId: options.tenantId,
      code: options.code,
      publicView: false,
    }),
  };
}
