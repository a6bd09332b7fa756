import { type Kysely, sql } from 'kysely';
import {
  type ClockLedger,
  dueAt,
  originalDueAt,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import type { DB } from '../../platform/db/schema.js';
import { insertUnit } from '../org/org.repository.js';
import { UNIT_DAY_COUNTER_COLUMNS } from './indices.repository.js';

/**
 * Test factories for the index: a small tenant, procedures, and dossiers written with the
 * derived clock columns exactly as docs/dossiers.md defines them (due_at, original_due_at,
 * paused_since, supplement_count and finished_at derived from the ledger). Used only by tests.
 */
export interface TestTenant {
  tenantId: number;
  province: number;
  centre: number;
  justice: number;
  construction: number;
  communeA: number;
  communeB: number;
  ward: number;
  procedureId: number;
  versionId: number;
}

let seq = 0;

export async function buildTenant(db: Kysely<DB>): Promise<TestTenant> {
  seq++;
  const code = `T${seq}${Math.random().toString(36).slice(2, 6)}`;
  const tenant = await db
    .insertInto('tenants')
    .values({ code, name: `Tỉnh thử ${code}`, settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const t = tenant.id;
  const province = await insertUnit(db, {
    tenantId: t,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: `${code}.P`,
    name: 'UBND tỉnh',
  });
  const centre = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'service_centre',
    level: 'province',
    code: `${code}.C`,
    name: 'Trung tâm Phục vụ hành chính công',
  });
  const justice = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'department',
    level: 'province',
    code: `${code}.TP`,
    name: 'Sở Tư pháp',
  });
  const construction = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'department',
    level: 'province',
    code: `${code}.XD`,
    name: 'Sở Xây dựng',
  });
  const communeA = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'commune',
    level: 'commune',
    code: `${code}.XA`,
    name: 'Xã Bình Lư',
  });
  const communeB = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'commune',
    level: 'commune',
    code: `${code}.XB`,
    name: 'Xã Sìn Hồ',
  });
  const ward = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'ward',
    level: 'commune',
    code: `${code}.PW`,
    name: 'Phường Tân Phong',
  });
  const { procedureId, versionId } = await buildProcedure(db, t, {
    code: `${code}-TTHC1`,
    agency: justice,
  });
  return {
    tenantId: t,
    province,
    centre,
    justice,
    construction,
    communeA,
    communeB,
    ward,
    procedureId,
    versionId,
  };
}

export async function buildProcedure(
  db: Kysely<DB>,
  tenantId: number,
  o: {
    code: string;
    agency?: number | null;
    onlineLevel?: 'full' | 'partial' | 'none';
    fee?: number;
    announcedOn?: string | null;
    publishedOn?: string | null;
    legalEffectiveOn?: string | null;
    populationDb?: boolean;
  },
): Promise<{ procedureId: number; versionId: number }> {
  const p = await db
    .insertInto('procedures')
    .values({ tenant_id: tenantId, code: o.code } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const v = await sql<{ id: number }>`
    insert into procedure_versions (tenant_id, procedure_id, version, effective_from, name, search_text, level,
      agency_unit_id, legal_limit, promised_limit, limit_unit, fee_amount, online_level, announced_on,
      published_on, legal_effective_on, population_db, steps, components)
    values (${tenantId}, ${p.id}, 1, '2020-01-01T00:00:00+07:00', ${`Thủ tục ${o.code}`}, ${`thu tuc ${o.code}`}, 'province',
      ${o.agency ?? null}, 10, 7, 'working_days', ${o.fee ?? 0}, ${o.onlineLevel ?? 'full'}, ${o.announcedOn ?? null},
      ${o.publishedOn ?? null}, ${o.legalEffectiveOn ?? null}, ${o.populationDb ?? false},
      '[{"code":"s1"}]'::jsonb, '[{"code":"c1"}]'::jsonb)
    returning id`.execute(db);
  return { procedureId: p.id, versionId: (v.rows[0] as { id: number }).id };
}

/** The derived columns of a ledger, as the dossier module writes them beside it. */
export function derivedClockColumns(ledger: ClockLedger, cal: WorkingCalendar) {
  const open = ledger.pauses.at(-1);
  return {
    clock: JSON.stringify(ledger),
    received_at: ledger.startedAt,
    due_at: dueAt(ledger, cal),
    original_due_at: originalDueAt(ledger, cal),
    paused_since: open && open.to === null ? open.from : null,
    supplement_count: ledger.supplementRequests,
    extended: ledger.extension !== null,
    finished_at: ledger.stoppedAt,
  };
}

export interface DossierFlags {
  channel?: 1 | 2 | 3;
  outcome?: 'approved' | 'refused' | 'stopped' | 'withdrawn' | null;
  fee_amount?: number;
  online_level?: 'full' | 'partial' | 'none';
  result_required?: boolean;
  certification?: boolean;
  synced?: boolean;
  paid_online?: boolean;
  digitised?: boolean;
  e_result?: boolean;
  e_certified?: boolean;
  reused?: boolean;
  citizen_store?: boolean;
  population_db?: boolean;
  complaint?: boolean;
  rating?: number | null;
}

/** Inserts a received dossier with its ledger and flags; returns its id. */
export async function insertDossier(
  db: Kysely<DB>,
  o: {
    tenant: TestTenant;
    receivingUnit: number;
    agencyUnit: number;
    ledger: ClockLedger;
    cal: WorkingCalendar;
    flags?: DossierFlags;
    procedure?: { procedureId: number; versionId: number };
  },
): Promise<number> {
  const d = derivedClockColumns(o.ledger, o.cal);
  const proc = o.procedure ?? { procedureId: o.tenant.procedureId, versionId: o.tenant.versionId };
  const row = await sql<{ id: number }>`
    insert into dossiers (tenant_id, status, receiving_unit_id, agency_unit_id, current_unit_id, procedure_id,
      procedure_version_id, applicant_kind, applicant_name, clock, received_at, due_at, original_due_at,
      paused_since, supplement_count, extended, finished_at)
    values (${o.tenant.tenantId}, ${d.finished_at ? 'returned' : 'in_appraisal'}, ${o.receivingUnit}, ${o.agencyUnit},
      ${o.agencyUnit}, ${proc.procedureId}, ${proc.versionId}, 'individual', 'Nguyễn Văn A', ${d.clock}::jsonb,
      ${d.received_at}, ${d.due_at}, ${d.original_due_at}, ${d.paused_since}, ${d.supplement_count}, ${d.extended},
      ${d.finished_at})
    returning id`.execute(db);
  const id = (row.rows[0] as { id: number }).id;
  if (o.flags && Object.keys(o.flags).length > 0) await updateDossierFlags(db, id, o.flags);
  return id;
}

/** Writes a new ledger (a transition) with its derived columns. */
export async function updateDossierLedger(
  db: Kysely<DB>,
  id: number,
  ledger: ClockLedger,
  cal: WorkingCalendar,
): Promise<void> {
  const d = derivedClockColumns(ledger, cal);
  await sql`
    update dossiers set clock = ${d.clock}::jsonb, due_at = ${d.due_at}, original_due_at = ${d.original_due_at},
      paused_since = ${d.paused_since}, supplement_count = ${d.supplement_count}, extended = ${d.extended},
      finished_at = ${d.finished_at}, status = ${d.finished_at ? 'returned' : 'in_appraisal'}, version = version + 1
    where id = ${id}`.execute(db);
}

export async function updateDossierFlags(
  db: Kysely<DB>,
  id: number,
  flags: DossierFlags,
): Promise<void> {
  await db
    .updateTable('dossiers' as never)
    .set(flags as never)
    .where('id' as never, '=', id as never)
    .execute();
}

/**
 * The (pair, month) keys where index_unit_month differs from the sum of the pair's
 * index_unit_day rows of that month (migration 0073 keeps them equal); all-zero rows on either
 * side count as absent. Empty when the rollup is right.
 */
export async function monthRollupDrift(db: Kysely<DB>, tenantId: number): Promise<string[]> {
  const counters = UNIT_DAY_COUNTER_COLUMNS;
  const sums = sql.raw(counters.map((c) => `sum(${c})::int as ${c}`).join(', '));
  const vector = (alias: string) =>
    sql.raw(`array[${counters.map((c) => `coalesce(${alias}.${c}, 0)`).join(', ')}]`);
  const { rows } = await sql<{ key: string }>`
    with days as (
      select receiving_unit_id, agency_unit_id, date_trunc('month', day)::date as month, ${sums}
      from index_unit_day where tenant_id = ${tenantId}
      group by 1, 2, 3
    ),
    months as (select * from index_unit_month where tenant_id = ${tenantId})
    select concat_ws('/', coalesce(d.receiving_unit_id, m.receiving_unit_id),
      coalesce(d.agency_unit_id, m.agency_unit_id), coalesce(d.month, m.month)) as key
    from days d
    full join months m using (receiving_unit_id, agency_unit_id, month)
    where ${vector('d')} is distinct from ${vector('m')}
    order by 1`.execute(db);
  return rows.map((r) => r.key);
}
