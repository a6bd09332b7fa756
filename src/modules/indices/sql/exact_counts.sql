-- Exact recomputation of the dossier counters of the real-time service index, straight from
-- the dossiers, per (receiving unit, agency) pair. Used for verification and as the reference
-- the live aggregates (sql/live_counts.sql) must equal.
--   :tenant_id  the tenant
--   :from, :to  the period's first and last local days (inclusive)
--   :judge      the day at whose end unfinished dossiers are judged (min(:to, today))
with d as (
  select x.*,
         index_local_day(x.received_at) as r_day,
         index_local_day(x.finished_at) as f_day,
         index_local_day(index_overdue_from(x)) as o_day,
         index_finished_class(x) as class
  from dossiers x
  where x.tenant_id = :tenant_id
    and x.received_at is not null
    and x.received_at < (:to::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
    and (x.finished_at is null or x.finished_at >= :from::date::timestamp at time zone 'Asia/Ho_Chi_Minh'
         or x.received_at >= :from::date::timestamp at time zone 'Asia/Ho_Chi_Minh')
)
select receiving_unit_id, agency_unit_id,
  count(*) filter (where r_day between :from and :to) as rc_received,
  count(*) filter (where r_day between :from and :to and channel = 2) as rc_online,
  count(*) filter (where r_day between :from and :to and channel = 3) as rc_post,
  count(*) filter (where r_day between :from and :to and synced) as rc_synced,
  count(*) filter (where r_day between :from and :to and online_level = 'full') as rc_full_online,
  count(*) filter (where r_day between :from and :to and online_level = 'full' and channel = 2
                     and (e_result or not result_required)) as rc_full_online_done,
  count(*) filter (where r_day between :from and :to and fee_amount > 0) as rc_fee,
  count(*) filter (where r_day between :from and :to and fee_amount > 0 and paid_online) as rc_paid_online,
  count(*) filter (where r_day between :from and :to and reused) as rc_reused,
  count(*) filter (where r_day between :from and :to and citizen_store) as rc_citizen_store,
  count(*) filter (where r_day between :from and :to and population_db) as rc_population_db,
  count(*) filter (where f_day between :from and :to) as fn_finished,
  count(*) filter (where f_day between :from and :to and class = 'early') as fn_early,
  count(*) filter (where f_day between :from and :to and class = 'on_time') as fn_on_time,
  count(*) filter (where f_day between :from and :to and class = 'late') as fn_late,
  count(*) filter (where f_day between :from and :to and result_required and outcome = 'approved') as fn_result,
  count(*) filter (where f_day between :from and :to and result_required and outcome = 'approved' and e_result) as fn_e_result,
  count(*) filter (where f_day between :from and :to and certification and outcome = 'approved') as fn_certification,
  count(*) filter (where f_day between :from and :to and certification and outcome = 'approved' and e_certified) as fn_e_certified,
  count(*) filter (where f_day between :from and :to and digitised
                     and (e_result or not result_required or outcome is distinct from 'approved')) as fn_digitised,
  count(*) filter (where f_day between :from and :to and (complaint or coalesce(rating <= 2, false))) as fn_negative,
  count(*) filter (where r_day <= :judge and (f_day is null or f_day > :judge)) as open_at_judge,
  count(*) filter (where r_day <= :judge and (f_day is null or f_day > :judge) and o_day <= :judge) as overdue_at_judge
from d
group by receiving_unit_id, agency_unit_id
