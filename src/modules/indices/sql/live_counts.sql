-- The same counters as sql/exact_counts.sql, read from the live aggregates maintained by the
-- trigger of migration 0051: sums of the period's days, plus the running sums of the open and
-- overdue deltas up to the judging day (the number of dossiers in those states at its end).
-- One pass over the days up to the later of :to and :judge serves both: a second
-- pass for the period's days and a full join of the two took three times as long on a province
-- of the national data set.
--   :tenant_id, :from, :to, :judge  as in exact_counts.sql
select receiving_unit_id, agency_unit_id,
  sum(rc_received) filter (where day between :from and :to) as rc_received,
  sum(rc_online) filter (where day between :from and :to) as rc_online,
  sum(rc_post) filter (where day between :from and :to) as rc_post,
  sum(rc_synced) filter (where day between :from and :to) as rc_synced,
  sum(rc_full_online) filter (where day between :from and :to) as rc_full_online,
  sum(rc_full_online_done) filter (where day between :from and :to) as rc_full_online_done,
  sum(rc_fee) filter (where day between :from and :to) as rc_fee,
  sum(rc_paid_online) filter (where day between :from and :to) as rc_paid_online,
  sum(rc_reused) filter (where day between :from and :to) as rc_reused,
  sum(rc_citizen_store) filter (where day between :from and :to) as rc_citizen_store,
  sum(rc_population_db) filter (where day between :from and :to) as rc_population_db,
  sum(fn_finished) filter (where day between :from and :to) as fn_finished,
  sum(fn_early) filter (where day between :from and :to) as fn_early,
  sum(fn_on_time) filter (where day between :from and :to) as fn_on_time,
  sum(fn_late) filter (where day between :from and :to) as fn_late,
  sum(fn_result) filter (where day between :from and :to) as fn_result,
  sum(fn_e_result) filter (where day between :from and :to) as fn_e_result,
  sum(fn_certification) filter (where day between :from and :to) as fn_certification,
  sum(fn_e_certified) filter (where day between :from and :to) as fn_e_certified,
  sum(fn_digitised) filter (where day between :from and :to) as fn_digitised,
  sum(fn_negative) filter (where day between :from and :to) as fn_negative,
  sum(open_delta) filter (where day <= :judge) as open_at_judge,
  sum(overdue_delta) filter (where day <= :judge) as overdue_at_judge
from index_unit_day
where tenant_id = :tenant_id and day <= greatest(:to::date, :judge::date)
group by receiving_unit_id, agency_unit_id
