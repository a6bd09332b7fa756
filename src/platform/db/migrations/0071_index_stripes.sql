-- Striped live index aggregates: concurrent transitions of one unit stop queueing on one row.
--
-- Every registration and every finished dossier of a (receiving unit, agency) pair on a day adds
-- its deltas to the same index_unit_day row. The trigger (migration 0060) runs at commit, but the
-- row's lock is still held through the commit's WAL flush, so 8 officers of one service centre
-- took turns on it, and a registration waiting there kept its agency-day code counter locked too
-- (docs/BENCHMARKS.md, issue 7). Now the row's key has a small `stripe`: each connection adds its
-- deltas to its own stripe (index_stripe(): the backend's process id modulo 8), so concurrent
-- transactions of one unit rarely meet on a row. The counters are deltas whose sums are the
-- figures, so a key's stripes add up to what the single row held; every reader sums over them.
-- Bulk writers (the rebuild in indices.bulk.ts, the demo and national loaders, the import) and
-- the rows that exist already are stripe 0: the national data keeps one row per key.
--
-- index_unit_procedure_month keeps one row per key. Its readers take "some month row is above 0"
-- for "the sum is above 0" (one bit_or instead of five sums, sql/procedures_handled.sql); a stripe
-- that only removed a dossier would hold a negative count and break that. After the trim below
-- only registrations (and the rare changes of channel, fee, payment or procedure) write to it,
-- and registrations of one agency already take turns on its day's gap-free code counter.
--
-- Both statements of the trigger now leave out keys whose deltas are all zero: approving or
-- returning a dossier subtracts and re-adds the same reception-day and reception-month
-- contribution, which updated (and locked) those rows to add nothing.

alter table index_unit_day add column stripe smallint not null default 0;
alter table index_unit_day drop constraint index_unit_day_pkey;
alter table index_unit_day
  add primary key (tenant_id, day, receiving_unit_id, agency_unit_id, stripe);

-- The stripe a connection writes to. Stable within a session; 8 stripes for the 10-connection
-- pool: the pool's backends are forked one after another, so their ids modulo 8 mostly differ.
-- The setting `motcua.index_stripe` overrides it, so a test can spread one connection's
-- writes over stripes (PGlite has one backend and would only ever use one).
create function index_stripe() returns smallint
language sql stable parallel safe as $$
  select coalesce(nullif(current_setting('motcua.index_stripe', true), '')::smallint,
                  (pg_backend_pid() % 8)::smallint)
$$;

-- The contribution's rows now carry the table's new last column (stripe 0; the trigger puts its
-- own stripe instead).
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
         sign, 0, 0::smallint
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
         -sign, case when f.o_day < f.f_day then -sign else 0 end, 0::smallint
  from f where d.received_at is not null and d.finished_at is not null
  union all
  -- the day it became overdue while unfinished
  select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, f.o_day,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         0, sign, 0::smallint
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
    sum(c.open_delta), sum(c.overdue_delta), index_stripe()
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
  on conflict (tenant_id, day, receiving_unit_id, agency_unit_id, stripe) do update set
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
