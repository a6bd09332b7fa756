import { type Kysely, sql } from 'kysely';
import type { HandlingLevel, OnlineLevel } from '../../domain/catalogue/index.js';
import type { DB } from '../../platform/db/schema.js';
import './catalogue.tables.js';
import { type NewVersion, type VersionRow, versionValues } from './catalogue.records.js';

/** Rows per INSERT: 35 columns × 400 rows stays well under PostgreSQL's 65,535 parameters. */
const BATCH = 400;

export interface UnitRef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

/** Every unit of the tenant by code (a province has a few hundred), for validation and lookup. */
export async function loadUnitsByCode(
  db: Kysely<DB>,
  tenantId: number,
): Promise<Map<string, UnitRef>> {
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'name_en'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(
    rows.map((r) => [r.code, { id: r.id, code: r.code, name: r.name, nameEn: r.name_en }]),
  );
}

/**
 * One version per procedure of the tenant: the one in effect at `at` (latest effective_from ≤
 * at, then highest number); with `includeUpcoming`, a procedure whose versions all start later
 * contributes its first upcoming version instead (the back office sees it, the public not).
 */
function versionsAt(db: Kysely<DB>, tenantId: number, at: Date, includeUpcoming: boolean) {
  let q = db
    .selectFrom('procedure_versions as v')
    .distinctOn('v.procedure_id')
    .selectAll('v')
    .where('v.tenant_id', '=', tenantId);
  if (!includeUpcoming) q = q.where('v.effective_from', '<=', at);
  return q
    .orderBy('v.procedure_id')
    .orderBy(sql`v.effective_from <= ${at}`, 'desc')
    .orderBy(sql`case when v.effective_from <= ${at} then v.effective_from end`, 'desc')
    .orderBy('v.effective_from', 'asc')
    .orderBy('v.version', 'desc');
}

/** The latest version of every procedure of the tenant (highest number), for import and export. */
function latestVersions(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('procedure_versions as v')
    .distinctOn('v.procedure_id')
    .selectAll('v')
    .where('v.tenant_id', '=', tenantId)
    .orderBy('v.procedure_id')
    .orderBy('v.version', 'desc');
}

export type ProcedureSort = 'code' | 'name' | 'promisedLimit' | 'fee' | 'effectiveFrom';

export interface ProcedureFilter {
  tenantId: number;
  at: Date;
  includeUpcoming: boolean;
  /** Folded words; each must occur in the folded code or names. */
  terms: string[];
  fieldCode?: string | undefined;
  level?: HandlingLevel | undefined;
  /** The agency unit or any unit below it. */
  agencyUnitId?: number | undefined;
  onlineLevel?: OnlineLevel | undefined;
  status: 'active' | 'retired' | 'all';
  sort: ProcedureSort;
  direction: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** `like` pattern for a literal word: %, _ and the escape character itself are escaped. */
function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Kysely<DB>, f: ProcedureFilter) {
  let q = db
    .with('cur', () => versionsAt(db, f.tenantId, f.at, f.includeUpcoming))
    .selectFrom('procedures as p')
    .innerJoin('cur as v', 'v.procedure_id', 'p.id')
    .leftJoin('units as u', 'u.id', 'v.agency_unit_id')
    .where('p.tenant_id', '=', f.tenantId);
  if (f.status !== 'all') q = q.where('p.status', '=', f.status);
  for (const word of f.terms) q = q.where('v.search_text', 'like', containsPattern(word));
  if (f.fieldCode) q = q.where('v.field_code', '=', f.fieldCode);
  if (f.level) q = q.where('v.level', '=', f.level);
  if (f.onlineLevel) q = q.where('v.online_level', '=', f.onlineLevel);
  if (f.agencyUnitId !== undefined) {
    const unitId = f.agencyUnitId;
    q = q.where('v.agency_unit_id', 'in', (eb) =>
      eb
        .selectFrom('unit_closure')
        .select('descendant_id')
        .where('ancestor_id', '=', unitId)
        .where('tenant_id', '=', f.tenantId),
    );
  }
  return q;
}

type JoinedQuery = ReturnType<typeof filtered>;

function selectRow(q: JoinedQuery) {
  return q
    .selectAll('v')
    .select([
      'p.code as code',
      'p.status as status',
      'p.retired_at as retired_at',
      'u.code as agency_code',
      'u.name as agency_name',
      'u.name_en as agency_name_en',
    ]);
}

/** One page of procedures matching the filter, and how many match in all. */
export async function searchProcedures(
  db: Kysely<DB>,
  f: ProcedureFilter,
): Promise<{ rows: VersionRow[]; total: number }> {
  const base = filtered(db, f);
  const { total } = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  let q = selectRow(base);
  const dir = f.direction;
  switch (f.sort) {
    case 'code':
      q = q.orderBy('p.code', dir);
      break;
    case 'name':
      // Folded text sorts the same on both engines whatever their collation.
      q = q.orderBy('v.search_text', dir).orderBy('p.code', 'asc');
      break;
    case 'promisedLimit':
      q = q
        .orderBy('v.limit_unit', 'asc')
        .orderBy('v.promised_limit', dir)
        .orderBy('p.code', 'asc');
      break;
    case 'fee':
      q = q.orderBy('v.fee_amount', dir).orderBy('p.code', 'asc');
      break;
    case 'effectiveFrom':
      q = q.orderBy('v.effective_from', dir).orderBy('p.code', 'asc');
      break;
    default: {
      const unknown: never = f.sort;
      throw new Error(`unknown sort ${String(unknown)}`);
    }
  }
  const rows = (await q.limit(f.limit).offset(f.offset).execute()) as VersionRow[];
  return { rows, total: Number(total) };
}

export interface ProcedureRow {
  id: number;
  code: string;
  status: 'active' | 'retired';
  retired_at: Date | null;
  created_at: Date;
}

export async function findProcedureByCode(
  db: Kysely<DB>,
  tenantId: number,
  code: string,
): Promise<ProcedureRow | undefined> {
  return db
    .selectFrom('procedures')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findProcedureById(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
): Promise<ProcedureRow | undefined> {
  return db
    .selectFrom('procedures')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

function versionWithProcedure(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('procedure_versions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .leftJoin('units as u', 'u.id', 'v.agency_unit_id')
    .selectAll('v')
    .select([
      'p.code as code',
      'p.status as status',
      'p.retired_at as retired_at',
      'u.code as agency_code',
      'u.name as agency_name',
      'u.name_en as agency_name_en',
    ])
    .where('v.tenant_id', '=', tenantId);
}

/** The version of one procedure in effect at `at` (latest effective_from ≤ at), if any. */
export async function findVersionAt(
  db: Kysely<DB>,
  tenantId: number,
  procedureId: number,
  at: Date,
): Promise<VersionRow | undefined> {
  return (await versionWithProcedure(db, tenantId)
    .where('v.procedure_id', '=', procedureId)
    .where('v.effective_from', '<=', at)
    .orderBy('v.effective_from', 'desc')
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst()) as VersionRow | undefined;
}

/** Every version of one procedure, newest number first. */
export async function listVersions(
  db: Kysely<DB>,
  tenantId: number,
  procedureId: number,
): Promise<VersionRow[]> {
  return (await versionWithProcedure(db, tenantId)
    .where('v.procedure_id', '=', procedureId)
    .orderBy('v.version', 'desc')
    .execute()) as VersionRow[];
}

/** The latest version (highest number) of every procedure of the tenant, by code. */
export async function loadLatestVersions(db: Kysely<DB>, tenantId: number): Promise<VersionRow[]> {
  return (await db
    .with('lat', () => latestVersions(db, tenantId))
    .selectFrom('procedures as p')
    .innerJoin('lat as v', 'v.procedure_id', 'p.id')
    .leftJoin('units as u', 'u.id', 'v.agency_unit_id')
    .selectAll('v')
    .select([
      'p.code as code',
      'p.status as status',
      'p.retired_at as retired_at',
      'u.code as agency_code',
      'u.name as agency_name',
      'u.name_en as agency_name_en',
    ])
    .where('p.tenant_id', '=', tenantId)
    .orderBy('p.code')
    .execute()) as VersionRow[];
}

/** Inserts procedures (one statement per batch) and returns their ids by code. */
export async function insertProcedures(
  trx: Kysely<DB>,
  tenantId: number,
  codes: string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < codes.length; i += BATCH) {
    const rows = await trx
      .insertInto('procedures')
      .values(codes.slice(i, i + BATCH).map((code) => ({ tenant_id: tenantId, code })))
      .returning(['id', 'code'])
      .execute();
    for (const row of rows) ids.set(row.code, row.id);
  }
  return ids;
}

/** Inserts versions in batches; returns their ids in the order given. */
export async function insertVersions(trx: Kysely<DB>, versions: NewVersion[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < versions.length; i += BATCH) {
    const rows = await trx
      .insertInto('procedure_versions')
      .values(versions.slice(i, i + BATCH).map(versionValues))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Sets a procedure's status; retired_at records when it was retired (null when active). */
export async function setProcedureStatus(
  trx: Kysely<DB>,
  tenantId: number,
  procedureIds: number[],
  status: 'active' | 'retired',
  at: Date,
): Promise<void> {
  if (procedureIds.length === 0) return;
  await trx
    .updateTable('procedures')
    .set({ status, retired_at: status === 'retired' ? at : null })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', procedureIds)
    .execute();
}

/** Distinct fields (code and name) of the tenant's current procedures, for the filter list. */
export async function listFields(db: Kysely<DB>, tenantId: number, at: Date, activeOnly: boolean) {
  let q = db
    .with('cur', () => versionsAt(db, tenantId, at, !activeOnly))
    .selectFrom('cur as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .select([
      'v.field_code as code',
      (eb) => eb.fn.max('v.field_name').as('name'),
      (eb) => eb.fn.countAll<number>().as('count'),
    ])
    .where('v.field_code', 'is not', null)
    .groupBy('v.field_code')
    .orderBy('v.field_code');
  if (activeOnly) q = q.where('p.status', '=', 'active');
  return (await q.execute()).map((r) => ({
    code: r.code as string,
    name: r.name as string | null,
    count: Number(r.count),
  }));
}

/** Locks one procedure row for the rest of the transaction (edits to it serialise). */
export async function lockProcedure(
  trx: Kysely<DB>,
  tenantId: number,
  procedureId: number,
): Promise<void> {
  await trx
    .selectFrom('procedures')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', procedureId)
    .forUpdate()
    .execute();
}

/** Highest version number and latest effective_from of a procedure. */
export async function latestVersionInfo(trx: Kysely<DB>, tenantId: number, procedureId: number) {
  return trx
    .selectFrom('procedure_versions')
    .select(['version', 'effective_from'])
    .where('tenant_id', '=', tenantId)
    .where('procedure_id', '=', procedureId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
