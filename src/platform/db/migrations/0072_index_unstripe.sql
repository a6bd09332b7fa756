-- The stripes of migration 0071 removed again; its zero-delta trim kept.
--
-- Striping index_unit_day per connection did what it was meant to: the trigger's upsert stopped
-- waiting for the row (2–8.6 ms → 0.1 ms mean under the transitions bench, pg_stat_statements),
-- but the waits moved to the WAL flush every commit queues on, and alternating before/after runs
-- of `npm run bench -- --only=transitions` showed no gain in transitions/s or p99 (median ratio
-- 0.183× before, 0.187× after, p99 ≈ 21 ms both; docs/BENCHMARKS.md). It was not free: a key
-- written live by several connections became up to 8 rows for every index read, until a nightly
-- fold. So the table goes back to one row per key: the stripes are added up into one row, the
-- column dropped, the key restored. The trigger keeps leaving out keys whose deltas are all zero
-- (approving or returning a dossier no longer updates its reception-day and -month rows).

with gone as (
  delete from index_unit_day where stripe <> 0 returning *
)
insert into index_unit_day as t
select tenant_id, receiving_unit_id, agency_unit_id, day,
  sum(rc_received), sum(rc_online), sum(rc_post), sum(rc_synced), sum(rc_full_online),
  sum(rc_full_online_done), sum(rc_fee), sum(rc_paid_online), sum(rc_reused), sum(rc_citizen_store),
  sum(rc_population_db), sum(fn_finished), sum(fn_early), sum(fn_on_time), sum(fn_late),
  sum(fn_result), sum(fn_e_result), sum(fn_certification), sum(fn_e_certified), sum(fn_digitised),
  sum(fn_negative), sum(open_delta), sum(overdue_delta),
  0::smallint
from gone group by tenant_id, receiving_unit_id, agency_unit_id, day
on conflict (tenant_id, day, receiving_unit_id, agency_unit_id, stripe) do update set
  rc_received = t.rc_received + excluded.rc_received, rc_online = t.rc_online + excluded.rc_online,
  rc_post = t.rc_post + excluded.rc_post, rc_synced = t.rc_synced + excluded.rc_synced,
  rc_full_online = t.rc_full_online + excluded.rc_full_online,
  rc_full_online_done = t.rc_full_online_done + excluded.rc_full_online_done,
  rc_fee = t.rc_fee + excluded.rc_fee, rc_paid_online = t.rc_paid_online + excluded.rc_paid_online,
  rc_reused = t.rc_reused + excluded.rc_reused,
  rc_citizen_store = t.rc_citizen_store + excluded.rc_citizen_store,
  rc_population_db = t.rc_population_db + excluded.rc_population_db,
  fn_finished = t.fn_finished + excluded.fn_finished, fn_early = t.fn_early + excluded.fn_early,
  fn_on_time = t.fn_on_time + excluded.fn_on_time, fn_late = t.fn_late + excluded.fn_late,
  fn_result = t.fn_result + excluded.fn_result, fn_e_result = t.fn_e_result + excluded.fn_e_result,
  fn_certification = t.fn_certification + excluded.fn_certification,
  fn_e_certified = t.fn_e_certified + excluded.fn_e_certified,
  fn_digitised = t.fn_digitised + excluded.fn_digitised,
  fn_negative = t.fn_negative + excluded.fn_negative,
  open_delta = t.open_delta + excluded.open_delta,
  overdue_delta = t.overdue_delta + excluded.overdue_delta;

alter table index_unit_day drop constraint index_unit_day_pkey;
alter table index_unit_day drop column stripe;
alter table index_unit_day add primary key (tenant_id, day, receiving_unit_id, agency_unit_id);

-- The contribution's rows without the stripe again (as migration 0052 left it).
create or replace function index_dossier_contribution(d dossiers, sign integer)
returns setof index_unit_day
language sql stable as $$
  with f as (
    select index_local_day(d.received_at) as r_day,
           index_local_day(d.finished_at) as f_day,
           index_local_day(index_overdue_from(d)) as o_day,
           index_finished_class(d) as class
  )
  -- reception day
  select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, f.r_day,
         sign, sign * (d.channel = 2)::int, sign * (d.channel = 3)::int, sign * d.synced::int,
         sign * (d.online_level = 'full')::int,
         sign * (d.online_level = 'full' and d.channel = 2 and (d.e_result or not d.result_required))::int,
         sign * (d.fee_amount > 0)::int, sign * (d.fee_amount > 0 and d.paid_online)::int,
         sign * d.reused::int, sign * d.citizen_store::int, sign * d.population_db::int,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         sign, 0
  from f where d.received_at is not null
  union all
  -- finishing day
  select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, f.f_day,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         sign, sign * (f.class = 'early')::int, sign * (f.class = 'on_time')::int,
         sign * (f.class = 'late')::int,
         sign * (d.result_required and d.outcome is not distinct from 'approved')::int,
         sign * (d.result_required and d.outcome is not distinct from 'approved' and d.e_result)::int,
         sign * (d.certification and d.outcome is not distinct from 'approved')::int,
         sign * (d.certification and d.outcome is not distinct from 'approved' and d.e_certified)::int,
         sign * (d.digitised and (d.e_result or not d.result_required or d.outcome is distinct from 'approved'))::int,
         sign * (d.complaint or coalesce(d.rating <= 2, false))::int,
         -sign, case when f.o_day < f.f_day then -sign else 0 end
  from f where d.received_at is not null and d.finished_at is not null
  union all
  -- the day it became overdue while unfinished
  select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, f.o_day,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         0, sign
  from f where d.received_at is not null and f.o_day is not null
    and (f.f_day is null or f.o_day < f.f_day)
$$;

create or replace function index_apply_dossier_change() returns trigger
language plpgsql as $$
begin
  insert into index_unit_day as t
  select c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day,
    sum(c.rc_received), sum(c.rc_online), sum(c.rc_post), sum(c.rc_synced), sum(c.rc_full_online),
    sum(c.rc_full_online_done), sum(c.rc_fee), sum(c.rc_paid_online), sum(c.rc_reused),
    sum(c.rc_citizen_store), sum(c.rc_population_db), sum(c.fn_finished), sum(c.fn_early),
    sum(c.fn_on_time), sum(c.fn_late), sum(c.fn_result), sum(c.fn_e_result),
    sum(c.fn_certification), sum(c.fn_e_certified), sum(c.fn_digitised), sum(c.fn_negative),
    sum(c.open_delta), sum(c.overdue_delta)
  from (
    select * from index_dossier_contribution(new, 1) where tg_op <> 'DELETE'
    union all
    select * from index_dossier_contribution(old, -1) where tg_op <> 'INSERT'
  ) c
  group by c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day
  having sum(c.rc_received) <> 0 or sum(c.rc_online) <> 0 or sum(c.rc_post) <> 0 or
    sum(c.rc_synced) <> 0 or sum(c.rc_full_online) <> 0 or sum(c.rc_full_online_done) <> 0 or
    sum(c.rc_fee) <> 0 or sum(c.rc_paid_online) <> 0 or sum(c.rc_reused) <> 0 or
    sum(c.rc_citizen_store) <> 0 or sum(c.rc_population_db) <> 0 or sum(c.fn_finished) <> 0 or
    sum(c.fn_early) <> 0 or sum(c.fn_on_time) <> 0 or sum(c.fn_late) <> 0 or
    sum(c.fn_result) <> 0 or sum(c.fn_e_result) <> 0 or sum(c.fn_certification) <> 0 or
    sum(c.fn_e_certified) <> 0 or sum(c.fn_digitised) <> 0 or sum(c.fn_negative) <> 0 or
    sum(c.open_delta) <> 0 or sum(c.overdue_delta) <> 0
  on conflict (tenant_id, day, receiving_unit_id, agency_unit_id) do update set
    rc_received = t.rc_received + excluded.rc_received,
    rc_online = t.rc_online + excluded.rc_online,
    rc_post = t.rc_post + excluded.rc_post,
    rc_synced = t.rc_synced + excluded.rc_synced,
    rc_full_online = t.rc_full_online + excluded.rc_full_online,
    rc_full_online_done = t.rc_full_online_done + excluded.rc_full_online_done,
    rc_fee = t.rc_fee + excluded.rc_fee,
    rc_paid_online = t.rc_paid_online + excluded.rc_paid_online,
    rc_reused = t.rc_reused + excluded.rc_reused,
    rc_citizen_store = t.rc_citizen_store + excluded.rc_citizen_store,
    rc_population_db = t.rc_population_db + excluded.rc_population_db,
    fn_finished = t.fn_finished + excluded.fn_finished,
    fn_early = t.fn_early + excluded.fn_early,
    fn_on_time = t.fn_on_time + excluded.fn_on_time,
    fn_late = t.fn_late + excluded.fn_late,
    fn_result = t.fn_result + excluded.fn_result,
    fn_e_result = t.fn_e_result + excluded.fn_e_result,
    fn_certification = t.fn_certification + excluded.fn_certification,
    fn_e_certified = t.fn_e_certified + excluded.fn_e_certified,
    fn_digitised = t.fn_digitised + excluded.fn_digitised,
    fn_negative = t.fn_negative + excluded.fn_negative,
    open_delta = t.open_delta + excluded.open_delta,
    overdue_delta = t.overdue_delta + excluded.overdue_delta;

  insert into index_unit_procedure_month as t
  select c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.procedure_id, c.month,
    sum(c.received), sum(c.online), sum(c.paid_online), sum(c.offers_online), sum(c.full_online),
    sum(c.with_fee)
  from (
    select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, d.procedure_id,
      date_trunc('month', index_local_day(d.received_at))::date as month,
      s as received, s * (d.channel = 2)::int as online, s * (d.fee_amount > 0 and d.paid_online)::int as paid_online,
      s * (d.online_level <> 'none')::int as offers_online, s * (d.online_level = 'full')::int as full_online,
      s * (d.fee_amount > 0)::int as with_fee
    from (select new as d, 1 as s where tg_op <> 'DELETE' union all select old, -1 where tg_op <> 'INSERT') x,
      lateral (select (x.d).*) d
    where d.received_at is not null
  ) c
  group by c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.procedure_id, c.month
  having sum(c.received) <> 0 or sum(c.online) <> 0 or sum(c.paid_online) <> 0 or
    sum(c.offers_online) <> 0 or sum(c.full_online) <> 0 or sum(c.with_fee) <> 0
  on conflict (tenant_id, month, receiving_unit_id, agency_unit_id, procedure_id) do update set
    received = t.received + excluded.received,
    online = t.online + excluded.online,
    paid_online = t.paid_online + excluded.paid_online,
    offers_online = t.offers_online + excluded.offers_online,
    full_online = t.full_online + excluded.full_online,
    with_fee = t.with_fee + excluded.with_fee;
  return null;
end
$$;

drop function index_stripe();
