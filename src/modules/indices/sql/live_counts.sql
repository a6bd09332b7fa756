-- The same counters as sql/exact_counts.sql, read from the live aggregates maintained by the
-- trigger of migration 0051: sums of the period's days, plus the running sums of the open and
-- overdue deltas up to the judging day (the number of dossiers in those states at its end).
--   :tenant_id, :from, :to, :judge  as in exact_counts.sql
with period as (
  select receiving_unit_id, agency_unit_id,
    sum(rc_received) as rc_received, sum(rc_online) as rc_online, sum(rc_post) as rc_post,
    sum(rc_synced) as rc_synced, sum(rc_full_online) as rc_full_online,
    sum(rc_full_online_done) as rc_full_online_done, sum(rc_fee) as rc_fee,
    sum(rc_paid_online) as rc_paid_online, sum(rc_reused) as rc_reused,
    sum(rc_citizen_store) as rc_citizen_store, sum(rc_population_db) as rc_population_db,
    sum(fn_finished) as fn_finished, sum(fn_early) as fn_early, sum(fn_on_time) as fn_on_time,
    sum(fn_late) as fn_late, sum(fn_result) as fn_result, sum(fn_e_result) as fn_e_result,
    sum(fn_certification) as fn_certification, sum(fn_e_certified) as fn_e_certified,
    sum(fn_digitised) as fn_digitised, sum(fn_negative) as fn_negative
  from index_unit_day
  where tenant_id = :tenant_id and day between :from and :to
  group by receiving_unit_id, agency_unit_id
),
running as (
  select receiving_unit_id, agency_unit_id,
    sum(open_delta) as open_at_judge, sum(overdue_delta) as overdue_at_judge
  from index_unit_day
  where tenant_id = :tenant_id and day <= :judge
  group by receiving_unit_id, agency_unit_id
)
select coalesce(p.receiving_unit_id, r.receiving_unit_id) as receiving_unit_id,
       coalesce(p.agency_unit_id, r.agency_unit_id) as agency_unit_id,
       p.rc_received, p.rc_online, p.rc_post, p.rc_synced, p.rc_full_online, p.rc_full_online_done,
       p.rc_fee, p.rc_paid_online, p.rc_reused, p.rc_citizen_store, p.rc_population_db,
       p.fn_finished, p.fn_early, p.fn_on_time, p.fn_late, p.fn_result, p.fn_e_result,
       p.fn_certification, p.fn_e_certified, p.fn_digitised, p.fn_negative,
       r.open_at_judge, r.overdue_at_judge
from period p
full join running r using (receiving_unit_id, agency_unit_id)
