-- The same counters as sql/exact_counts.sql, read from the live aggregates maintained by the
-- trigger of migration 0051: sums of the period's rows, plus the running sums of the open and
-- overdue deltas up to the judging day (the number of dossiers in those states at its end).
-- A month wholly inside or outside the period, and wholly before or after the judging day, is
-- read as its one row of index_unit_month (migration 0073); only the months a boundary cuts
-- (the period's first day, the day after its last, the day after the judging day, unless the
-- boundary is a 1st) are read day by day from index_unit_day. A full year of a province is
-- then ≈ 12 rows per pair instead of ≈ 365, and the years before it for the stocks likewise.
-- The rows outside the period carry only the two deltas, summed per pair first; one group by
-- over both.
--   :tenant_id, :from, :to, :judge  as in exact_counts.sql
with cut as (
  select coalesce(array_agg(distinct date_trunc('month', b)::date), '{}') as months
  from unnest(array[:from::date, :to::date + 1, :judge::date + 1]) as b
  where extract(day from b) <> 1
),
-- Each cut month is one range of the primary key. `offset 0` keeps the lateral subquery from
-- being flattened into a join, which PostgreSQL turned round: it scanned all of a province's
-- days (0.05 s for a large one) to match them against no cut month at all.
cut_days as (
  select d.*
  from cut, unnest(cut.months) as m,
    lateral (
      select * from index_unit_day
      where tenant_id = :tenant_id and day >= m and day < (m + interval '1 month')::date
      offset 0
    ) d
)
select receiving_unit_id, agency_unit_id,
  sum(rc_received) as rc_received, sum(rc_online) as rc_online, sum(rc_post) as rc_post,
  sum(rc_synced) as rc_synced, sum(rc_full_online) as rc_full_online,
  sum(rc_full_online_done) as rc_full_online_done, sum(rc_fee) as rc_fee,
  sum(rc_paid_online) as rc_paid_online, sum(rc_reused) as rc_reused,
  sum(rc_citizen_store) as rc_citizen_store, sum(rc_population_db) as rc_population_db,
  sum(fn_finished) as fn_finished, sum(fn_early) as fn_early, sum(fn_on_time) as fn_on_time,
  sum(fn_late) as fn_late, sum(fn_result) as fn_result, sum(fn_e_result) as fn_e_result,
  sum(fn_certification) as fn_certification, sum(fn_e_certified) as fn_e_certified,
  sum(fn_digitised) as fn_digitised, sum(fn_negative) as fn_negative,
  sum(open_delta) as open_at_judge, sum(overdue_delta) as overdue_at_judge
from (
  select receiving_unit_id, agency_unit_id,
    rc_received, rc_online, rc_post, rc_synced, rc_full_online, rc_full_online_done, rc_fee,
    rc_paid_online, rc_reused, rc_citizen_store, rc_population_db, fn_finished, fn_early,
    fn_on_time, fn_late, fn_result, fn_e_result, fn_certification, fn_e_certified, fn_digitised,
    fn_negative,
    case when month <= :judge then open_delta end as open_delta,
    case when month <= :judge then overdue_delta end as overdue_delta
  from index_unit_month, cut
  where tenant_id = :tenant_id and month between :from and :to and month <> all (cut.months)
  union all
  select receiving_unit_id, agency_unit_id,
    rc_received, rc_online, rc_post, rc_synced, rc_full_online, rc_full_online_done, rc_fee,
    rc_paid_online, rc_reused, rc_citizen_store, rc_population_db, fn_finished, fn_early,
    fn_on_time, fn_late, fn_result, fn_e_result, fn_certification, fn_e_certified, fn_digitised,
    fn_negative,
    case when day <= :judge then open_delta end as open_delta,
    case when day <= :judge then overdue_delta end as overdue_delta
  from cut_days
  where day between :from and :to
  union all
  select receiving_unit_id, agency_unit_id,
    null::int, null::int, null::int, null::int, null::int, null::int, null::int, null::int,
    null::int, null::int, null::int, null::int, null::int, null::int, null::int, null::int,
    null::int, null::int, null::int, null::int, null::int,
    sum(open_delta), sum(overdue_delta)
  from (
    select receiving_unit_id, agency_unit_id, open_delta, overdue_delta
    from index_unit_month, cut
    where tenant_id = :tenant_id and month <= :judge and (month < :from or month > :to)
      and month <> all (cut.months)
    union all
    select receiving_unit_id, agency_unit_id, open_delta, overdue_delta
    from cut_days
    where day <= :judge and (day < :from or day > :to)
  ) outside
  group by receiving_unit_id, agency_unit_id
) rows
group by receiving_unit_id, agency_unit_id
