import { UNIT_DAY_COUNTER_COLUMNS } from './indices.repository.js';

/**
 * Adding a bulk load's dossiers to the live index aggregates in two grouped statements, for the
 * loaders that suspend the row trigger while they copy (the demo generator, the legacy import).
 * Each statement adds the contribution of the tenant's dossiers with id ≥ `firstId` using the
 * migration's own `index_dossier_contribution`, so the result is the state the trigger
 * (migrations 0051 and 0073) would have left. Kept here, beside the aggregates, so a new counter
 * column is added in one place.
 */
export async function addBulkLoadContributions(
  query: (text: string, params: unknown[]) => Promise<unknown>,
  tenantId: number,
  firstId: number,
): Promise<void> {
  await query(UNIT_DAY_AND_MONTH, [tenantId, firstId]);
  await query(UNIT_PROCEDURE_MONTH, [tenantId, firstId]);
}

/** The counter columns of index_unit_day and index_unit_month, in table order. */
const COUNTERS = UNIT_DAY_COUNTER_COLUMNS.join(', ');
const SUMS = UNIT_DAY_COUNTER_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ');
const ADD = UNIT_DAY_COUNTER_COLUMNS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ');

/**
 * The load's contributions per (pair, day), added to index_unit_day and, summed per month, to
 * index_unit_month in the same statement (migration 0073: a month row is the sum of its days).
 */
const UNIT_DAY_AND_MONTH = `with delta as (
       select c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day, ${SUMS}
       from dossiers d, lateral index_dossier_contribution(d, 1) c
       where d.tenant_id = $1 and d.id >= $2
       group by c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day
     ),
     by_day as (
       insert into index_unit_day as t (tenant_id, receiving_unit_id, agency_unit_id, day, ${COUNTERS})
       select * from delta
       on conflict (tenant_id, day, receiving_unit_id, agency_unit_id) do update set ${ADD}
     )
     insert into index_unit_month as t (tenant_id, receiving_unit_id, agency_unit_id, month, ${COUNTERS})
     select tenant_id, receiving_unit_id, agency_unit_id, date_trunc('month', day)::date, ${SUMS}
     from delta
     group by 1, 2, 3, 4
     on conflict (tenant_id, month, receiving_unit_id, agency_unit_id) do update set ${ADD}`;

const UNIT_PROCEDURE_MONTH = `insert into index_unit_procedure_month as t
     select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, d.procedure_id,
       date_trunc('month', index_local_day(d.received_at))::date,
       count(*), count(*) filter (where d.channel = 2), count(*) filter (where d.fee_amount > 0 and d.paid_online),
       count(*) filter (where d.online_level <> 'none'), count(*) filter (where d.online_level = 'full'),
       count(*) filter (where d.fee_amount > 0)
     from dossiers d where d.received_at is not null and d.tenant_id = $1 and d.id >= $2
     group by 1, 2, 3, 4, 5
     on conflict (tenant_id, month, receiving_unit_id, agency_unit_id, procedure_id) do update set
       received = t.received + excluded.received, online = t.online + excluded.online,
       paid_online = t.paid_online + excluded.paid_online, offers_online = t.offers_online + excluded.offers_online,
       full_online = t.full_online + excluded.full_online, with_fee = t.with_fee + excluded.with_fee`;
