/**
 * Adding a bulk load's dossiers to the live index aggregates in two grouped statements, for the
 * loaders that suspend the row trigger while they copy (the demo generator, the legacy import).
 * Each statement adds the contribution of the tenant's dossiers with id ≥ `firstId` using the
 * migration's own `index_dossier_contribution`, so the result is the state the trigger
 * (migration 0051) would have left. Kept here, beside the aggregates, so a new counter column is
 * added in one place.
 */
export async function addBulkLoadContributions(
  query: (text: string, params: unknown[]) => Promise<unknown>,
  tenantId: number,
  firstId: number,
): Promise<void> {
  await query(UNIT_DAY, [tenantId, firstId]);
  await query(UNIT_PROCEDURE_MONTH, [tenantId, firstId]);
}

const UNIT_DAY = `insert into index_unit_day as t
     select c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day,
       sum(c.rc_received), sum(c.rc_online), sum(c.rc_post), sum(c.rc_synced), sum(c.rc_full_online),
       sum(c.rc_full_online_done), sum(c.rc_fee), sum(c.rc_paid_online), sum(c.rc_reused),
       sum(c.rc_citizen_store), sum(c.rc_population_db), sum(c.fn_finished), sum(c.fn_early),
       sum(c.fn_on_time), sum(c.fn_late), sum(c.fn_result), sum(c.fn_e_result),
       sum(c.fn_certification), sum(c.fn_e_certified), sum(c.fn_digitised), sum(c.fn_negative),
       sum(c.open_delta), sum(c.overdue_delta)
     from dossiers d, lateral index_dossier_contribution(d, 1) c
     where d.tenant_id = $1 and d.id >= $2
     group by c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day
     on conflict (tenant_id, day, receiving_unit_id, agency_unit_id) do update set
       rc_received = t.rc_received + excluded.rc_received, rc_online = t.rc_online + excluded.rc_online,
       rc_post = t.rc_post + excluded.rc_post, rc_synced = t.rc_synced + excluded.rc_synced,
       rc_full_online = t.rc_full_online + excluded.rc_full_online,
       rc_full_online_done = t.rc_full_online_done + excluded.rc_full_online_done,
       rc_fee = t.rc_fee + excluded.rc_fee, rc_paid_online = t.rc_paid_online + excluded.rc_paid_online,
       rc_reused = t.rc_reused + excluded.rc_reused, rc_citizen_store = t.rc_citizen_store + excluded.rc_citizen_store,
       rc_population_db = t.rc_population_db + excluded.rc_population_db, fn_finished = t.fn_finished + excluded.fn_finished,
       fn_early = t.fn_early + excluded.fn_early, fn_on_time = t.fn_on_time + excluded.fn_on_time,
       fn_late = t.fn_late + excluded.fn_late, fn_result = t.fn_result + excluded.fn_result,
       fn_e_result = t.fn_e_result + excluded.fn_e_result, fn_certification = t.fn_certification + excluded.fn_certification,
       fn_e_certified = t.fn_e_certified + excluded.fn_e_certified, fn_digitised = t.fn_digitised + excluded.fn_digitised,
       fn_negative = t.fn_negative + excluded.fn_negative, open_delta = t.open_delta + excluded.open_delta,
       overdue_delta = t.overdue_delta + excluded.overdue_delta`;

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
