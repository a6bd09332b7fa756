import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { sqlFile } from './sql-file.js';

/** Dossier counters of one (receiving unit, agency) pair over a period; see sql/exact_counts.sql. */
export interface PairCounters {
  receiving_unit_id: number;
  agency_unit_id: number;
  rc_received: number;
  rc_online: number;
  rc_post: number;
  rc_synced: number;
  rc_full_online: number;
  rc_full_online_done: number;
  rc_fee: number;
  rc_paid_online: number;
  rc_reused: number;
  rc_citizen_store: number;
  rc_population_db: number;
  fn_finished: number;
  fn_early: number;
  fn_on_time: number;
  fn_late: number;
  fn_result: number;
  fn_e_result: number;
  fn_certification: number;
  fn_e_certified: number;
  fn_digitised: number;
  fn_negative: number;
  open_at_judge: number;
  overdue_at_judge: number;
}

export type CounterName = Exclude<keyof PairCounters, 'receiving_unit_id' | 'agency_unit_id'>;

/** The flow counters, named alike in index_unit_day and in the figures of a unit pair. */
const FLOW_COUNTER_NAMES = [
  'rc_received',
  'rc_online',
  'rc_post',
  'rc_synced',
  'rc_full_online',
  'rc_full_online_done',
  'rc_fee',
  'rc_paid_online',
  'rc_reused',
  'rc_citizen_store',
  'rc_population_db',
  'fn_finished',
  'fn_early',
  'fn_on_time',
  'fn_late',
  'fn_result',
  'fn_e_result',
  'fn_certification',
  'fn_e_certified',
  'fn_digitised',
  'fn_negative',
] as const satisfies readonly CounterName[];

export const COUNTER_NAMES: readonly CounterName[] = [
  ...FLOW_COUNTER_NAMES,
  'open_at_judge',
  'overdue_at_judge',
];

/**
 * The counter columns of index_unit_day in table order: the flows, then the open and overdue
 * stocks kept as deltas (summed up to the judging day into open_at_judge / overdue_at_judge).
 */
export const UNIT_DAY_COUNTER_COLUMNS = [
  ...FLOW_COUNTER_NAMES,
  'open_delta',
  'overdue_delta',
] as const;

/**
 * Session settings of the index's aggregate reads, each read in a transaction of its own.
 * `plan_cache_mode`: the pool prepares statements per connection, and after five runs
 * PostgreSQL may switch to a generic plan that guesses a province's size — on the national data
 * set that plan sorted a province's 157,000 day rows on disk (0.7 s) where the planned one hashes
 * them in memory (0.1 s). `work_mem`: a large province's (pair, procedure) groups spilled to disk
 * at the default 4 MB. The benchmark runs its hand-written comparison query under the same ones.
 */
export const INDEX_READ_SETTINGS = {
  plan_cache_mode: 'force_custom_plan',
  work_mem: '64MB',
} as const;

const SET_INDEX_READ_SETTINGS = sql.raw(
  `select ${Object.entries(INDEX_READ_SETTINGS)
    .map(([name, value]) => `set_config('${name}', '${value}', true)`)
    .join(', ')}`,
);

/**
 * Runs one index read in a transaction with {@link INDEX_READ_SETTINGS}. Inside a caller's
 * transaction it runs as is: settings would outlive the read there.
 */
export async function withIndexReadSettings<T>(
  db: Kysely<DB>,
  read: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return read(db);
  return db.transaction().execute(async (trx) => {
    await SET_INDEX_READ_SETTINGS.execute(trx);
    return read(trx);
  });
}

/** Where counters are read from: the live aggregates, or the dossiers themselves. */
export type CountSource = 'live' | 'exact';

/**
 * Counters of every (receiving unit, agency) pair of a tenant for the days `from`..`to`, with
 * unfinished dossiers judged at the end of `judge`. Same figures from both sources.
 */
export async function readPairCounters(
  db: Kysely<DB>,
  input: { tenantId: number; from: string; to: string; judge: string; source: CountSource },
): Promise<PairCounters[]> {
  const file = input.source === 'live' ? 'live_counts.sql' : 'exact_counts.sql';
  const result = await sqlFile<Record<string, number | null>>(file, {
    tenant_id: input.tenantId,
    from: input.from,
    to: input.to,
    judge: input.judge,
  }).execute(db);
  return result.rows.map((row) => {
    const out = {
      receiving_unit_id: Number(row.receiving_unit_id),
      agency_unit_id: Number(row.agency_unit_id),
    } as PairCounters;
    for (const name of COUNTER_NAMES) out[name] = Number(row[name] ?? 0);
    return out;
  });
}

/** The procedures a pair handled in a period; see sql/procedures_handled.sql. */
export interface PairProcedures {
  receiving_unit_id: number;
  agency_unit_id: number;
  procedureIds: number[];
  /** Per procedure: bits of {@link PROCEDURE_FLAGS}. */
  flags: Uint8Array;
}

/** What a pair's dossiers of a procedure showed in the period (bits of `PairProcedures.flags`). */
export const PROCEDURE_FLAGS = {
  usedOnline: 1,
  paidOnline: 2,
  offersOnline: 4,
  fullOnline: 8,
  withFee: 16,
} as const;

/**
 * Decodes the list of procedure_id × 32 + flags that sql/procedures_handled.sql sends for a pair,
 * digit by digit: no intermediate strings for the hundreds of thousands of entries of a province.
 */
export function decodeProcedureList(text: string): { procedureIds: number[]; flags: Uint8Array } {
  const procedureIds: number[] = [];
  const flagList: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 44;
    if (code === 44) {
      if (digits === 0)
        throw new Error(`procedures_handled: empty entry in "${text.slice(0, 40)}"`);
      procedureIds.push(Math.floor(value / 32));
      flagList.push(value % 32);
      value = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits++;
    } else throw new Error(`procedures_handled: unexpected "${text[i]}" in a procedure list`);
  }
  return { procedureIds, flags: Uint8Array.from(flagList) };
}

const EMPTY_RANGE = { from: '2000-01-02', to: '2000-01-01' };

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function lastOfMonth(date: string): string {
  return addDays(firstOfMonth(addDays(firstOfMonth(date), 32)), -1);
}

/**
 * Splits `from`..`to` into whole months (read from the monthly aggregate) and at most two
 * partial edges (read from the dossiers).
 */
export function splitIntoMonths(
  from: string,
  to: string,
): {
  months: { from: string; to: string };
  edges: [{ from: string; to: string }, { from: string; to: string }];
} {
  const firstWhole =
    from === firstOfMonth(from) ? from : firstOfMonth(addDays(lastOfMonth(from), 1));
  const lastWholeEnd = to === lastOfMonth(to) ? to : addDays(firstOfMonth(to), -1);
  if (firstWhole > lastWholeEnd) {
    return { months: EMPTY_RANGE, edges: [{ from, to }, EMPTY_RANGE] };
  }
  return {
    months: { from: firstWhole, to: firstOfMonth(lastWholeEnd) },
    edges: [
      firstWhole > from ? { from, to: addDays(firstWhole, -1) } : EMPTY_RANGE,
      lastWholeEnd < to ? { from: addDays(lastWholeEnd, 1), to } : EMPTY_RANGE,
    ],
  };
}

export async function readProceduresHandled(
  db: Kysely<DB>,
  input: { tenantId: number; from: string; to: string },
): Promise<PairProcedures[]> {
  const { months, edges } = splitIntoMonths(input.from, input.to);
  const result = await sqlFile<{
    receiving_unit_id: number | string;
    agency_unit_id: number | string;
    procedures: string;
  }>('procedures_handled.sql', {
    tenant_id: input.tenantId,
    month_from: months.from,
    month_to: months.to,
    edge1_from: edges[0].from,
    edge1_to: edges[0].to,
    edge2_from: edges[1].from,
    edge2_to: edges[1].to,
  }).execute(db);
  return result.rows.map((r) => ({
    receiving_unit_id: Number(r.receiving_unit_id),
    agency_unit_id: Number(r.agency_unit_id),
    ...decodeProcedureList(r.procedures),
  }));
}

/** The catalogue facts of a procedure's version in force at a day (indicators 1.1–1.3, 5.6). */
export interface ProcedureFacts {
  procedure_id: number;
  agency_unit_id: number | null;
  announced_on: string | null;
  published_on: string | null;
  legal_effective_on: string | null;
  /** Name, steps, components, time limit, applicant, agency, fee and result all present. */
  complete: boolean;
  for_individuals: boolean;
  population_db: boolean;
}

export async function readProcedureFacts(
  db: Kysely<DB>,
  tenantId: number,
  asOf: string,
): Promise<ProcedureFacts[]> {
  const result = await sql<ProcedureFacts>`
    select distinct on (v.procedure_id)
      v.procedure_id, v.agency_unit_id, v.announced_on, v.published_on, v.legal_effective_on,
      (length(trim(v.name)) > 0
        and jsonb_typeof(v.steps) = 'array' and jsonb_array_length(v.steps) > 0
        and jsonb_typeof(v.components) = 'array' and jsonb_array_length(v.components) > 0
        and (v.promised_limit > 0 or v.limit_unit = 'same_day')
        and jsonb_typeof(v.applicant_kinds) = 'array' and jsonb_array_length(v.applicant_kinds) > 0
        and (v.agency_unit_id is not null or v.level = 'commune')
        and v.result_type <> 'none') as complete,
      coalesce(v.applicant_kinds ? 'individual', false) as for_individuals,
      v.population_db
    from procedure_versions v
    join procedures p on p.id = v.procedure_id
    where v.tenant_id = ${tenantId}
      and v.effective_from < (${asOf}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
    order by v.procedure_id, v.effective_from desc, v.version desc`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    procedure_id: Number(r.procedure_id),
    agency_unit_id: r.agency_unit_id === null ? null : Number(r.agency_unit_id),
  }));
}

export interface IndexUnitRow {
  id: number;
  parent_id: number | null;
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  level: string;
  /** YYYY-MM-DD; null = open. */
  valid_from: string | null;
  valid_to: string | null;
}

export async function listTenantUnits(db: Kysely<DB>, tenantId: number): Promise<IndexUnitRow[]> {
  return db
    .selectFrom('units')
    .select(['id', 'parent_id', 'code', 'name', 'name_en', 'kind', 'level'])
    .select(sql<string | null>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'))
    .select(sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to'))
    .where('tenant_id', '=', tenantId)
    .orderBy('code')
    .execute();
}

/** ancestor id → its descendants (itself included), for the given ancestors. */
export async function readSubtrees(
  db: Kysely<DB>,
  tenantId: number,
  ancestorIds: number[],
): Promise<Map<number, Set<number>>> {
  const map = new Map<number, Set<number>>();
  if (ancestorIds.length === 0) return map;
  const rows = await db
    .selectFrom('unit_closure')
    .select(['ancestor_id', 'descendant_id'])
    .where('tenant_id', '=', tenantId)
    .where('ancestor_id', 'in', ancestorIds)
    .execute();
  for (const r of rows) {
    const set = map.get(r.ancestor_id) ?? new Set<number>();
    set.add(r.descendant_id);
    map.set(r.ancestor_id, set);
  }
  return map;
}
