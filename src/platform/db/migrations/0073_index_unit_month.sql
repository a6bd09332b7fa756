-- Monthly rollup of the index's day counters (index_unit_month).
--
-- A full-year index of a province read ≈ 160,000 (pair, day) rows of index_unit_day, plus every
-- earlier day for the running open and overdue stocks, and on the national data set those reads
-- were half of PostgreSQL's work for the benchmark's full-year row (docs/BENCHMARKS.md). The same
-- counters per (pair, local month) cut a year to twelve rows per pair: sql/live_counts.sql reads
-- the months a period covers whole from here and only the days of the months a boundary cuts
-- (the period's first day, the day after its last, the day after the judging day) from
-- index_unit_day. Both tables are written by the same statement, so a month row is always the
-- sum of its days: by the trigger below in the transition's commit, by the bulk loaders'
-- grouped insert (indices.bulk.ts) and by the nation demo load after it copies its day rows.

create table index_unit_month (
  tenant_id bigint not null,
  receiving_unit_id bigint not null,
  agency_unit_id bigint not null,
  -- The first local day of the month.
  month date not null,
  rc_received integer not null default 0,
  rc_online integer not null default 0,
  rc_post integer not null default 0,
  rc_synced integer not null default 0,
  rc_full_online integer not null default 0,
  rc_full_online_done integer not null default 0,
  rc_fee integer not null default 0,
  rc_paid_online integer not null default 0,
  rc_reused integer not null default 0,
  rc_citizen_store integer not null default 0,
  rc_population_db integer not null default 0,
  fn_finished integer not null default 0,
  fn_early integer not null default 0,
  fn_on_time integer not null default 0,
  fn_late integer not null default 0,
  fn_result integer not null default 0,
  fn_e_result integer not null default 0,
  fn_certification integer not null default 0,
  fn_e_certified integer not null default 0,
  fn_digitised integer not null default 0,
  fn_negative integer not null default 0,
  open_delta integer not null default 0,
  overdue_delta integer not null default 0,
  primary key (tenant_id, month, receiving_unit_id, agency_unit_id),
  check (month = date_trunc('month', month)::date)
);

insert into index_unit_month
select tenant_id, receiving_unit_id, agency_unit_id, date_trunc('month', day)::date,
    sum(rc_received), sum(rc_online), sum(rc_post), sum(rc_synced), sum(rc_full_online),
    sum(rc_full_online_done), sum(rc_fee), sum(rc_paid_online), sum(rc_reused),
    sum(rc_citizen_store), sum(rc_population_db), sum(fn_finished), sum(fn_early),
    sum(fn_on_time), sum(fn_late), sum(fn_result), sum(fn_e_result), sum(fn_certification),
    sum(fn_e_certified), sum(fn_digitised), sum(fn_negative), sum(open_delta), sum(overdue_delta)
from index_unit_day
group by 1, 2, 3, 4;

-- The trigger of migration 0051 (as 0072 left it), its day deltas now also added to the month.
create or replace function index_apply_dossier_change() returns trigger
language plpgsql as $$
begin
  with delta as (
    select c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day,
      sum(c.rc_received) as rc_received, sum(c.rc_online) as rc_online,
      sum(c.rc_post) as rc_post, sum(c.rc_synced) as rc_synced,
      sum(c.rc_full_online) as rc_full_online, sum(c.rc_full_online_done) as rc_full_online_done,
      sum(c.rc_fee) as rc_fee, sum(c.rc_paid_online) as rc_paid_online,
      sum(c.rc_reused) as rc_reused, sum(c.rc_citizen_store) as rc_citizen_store,
      sum(c.rc_population_db) as rc_population_db, sum(c.fn_finished) as fn_finished,
      sum(c.fn_early) as fn_early, sum(c.fn_on_time) as fn_on_time, sum(c.fn_late) as fn_late,
      sum(c.fn_result) as fn_result, sum(c.fn_e_result) as fn_e_result,
      sum(c.fn_certification) as fn_certification, sum(c.fn_e_certified) as fn_e_certified,
      sum(c.fn_digitised) as fn_digitised, sum(c.fn_negative) as fn_negative,
      sum(c.open_delta) as open_delta, sum(c.overdue_delta) as overdue_delta
    from (
      select * from index_dossier_contribution(new, 1) where tg_op <> 'DELETE'
      union all
      select * from index_dossier_contribution(old, -1) where tg_op <> 'INSERT'
    ) c
    group by c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day
    having
      sum(rc_received) <> 0 or sum(rc_online) <> 0 or sum(rc_post) <> 0 or sum(rc_synced) <> 0 or
      sum(rc_full_online) <> 0 or sum(rc_full_online_done) <> 0 or sum(rc_fee) <> 0 or
      sum(rc_paid_online) <> 0 or sum(rc_reused) <> 0 or sum(rc_citizen_store) <> 0 or
      sum(rc_population_db) <> 0 or sum(fn_finished) <> 0 or sum(fn_early) <> 0 or sum(fn_on_time) <> 0 or
      sum(fn_late) <> 0 or sum(fn_result) <> 0 or sum(fn_e_result) <> 0 or sum(fn_certification) <> 0 or
      sum(fn_e_certified) <> 0 or sum(fn_digitised) <> 0 or sum(fn_negative) <> 0 or
      sum(open_delta) <> 0 or sum(overdue_delta) <> 0
  ),
  by_day as (
    insert into index_unit_day as t select * from delta
    on conflict (tenant_id, day, receiving_unit_id, agency_unit_id) do update set
      rc_received = t.rc_received + excluded.rc_received,
      rc_online = t.rc_online + excluded.rc_online, rc_post = t.rc_post + excluded.rc_post,
      rc_synced = t.rc_synced + excluded.rc_synced,
      rc_full_online = t.rc_full_online + excluded.rc_full_online,
      rc_full_online_done = t.rc_full_online_done + excluded.rc_full_online_done,
      rc_fee = t.rc_fee + excluded.rc_fee,
      rc_paid_online = t.rc_paid_online + excluded.rc_paid_online,
      rc_reused = t.rc_reused + excluded.rc_reused,
      rc_citizen_store = t.rc_citizen_store + excluded.rc_citizen_store,
      rc_population_db = t.rc_population_db + excluded.rc_population_db,
      fn_finished = t.fn_finished + excluded.fn_finished,
      fn_early = t.fn_early + excluded.fn_early, fn_on_time = t.fn_on_time + excluded.fn_on_time,
      fn_late = t.fn_late + excluded.fn_late, fn_result = t.fn_result + excluded.fn_result,
      fn_e_result = t.fn_e_result + excluded.fn_e_result,
      fn_certification = t.fn_certification + excluded.fn_certification,
      fn_e_certified = t.fn_e_certified + excluded.fn_e_certified,
      fn_digitised = t.fn_digitised + excluded.fn_digitised,
      fn_negative = t.fn_negative + excluded.fn_negative,
      open_delta = t.open_delta + excluded.open_delta,
      overdue_delta = t.overdue_delta + excluded.overdue_delta
  )
  insert into index_unit_month as t
  select tenant_id, receiving_unit_id, agency_unit_id, date_trunc('month', day)::date,
    sum(rc_received), sum(rc_online), sum(rc_post), sum(rc_synced), sum(rc_full_online),
    sum(rc_full_online_done), sum(rc_fee), sum(rc_paid_online), sum(rc_reused),
    sum(rc_citizen_store), sum(rc_population_db), sum(fn_finished), sum(fn_early),
    sum(fn_on_time), sum(fn_late), sum(fn_result), sum(fn_e_result), sum(fn_certification),
    sum(fn_e_certified), sum(fn_digitised), sum(fn_negative), sum(open_delta), sum(overdue_delta)
  from delta
  group by 1, 2, 3, 4
  -- Moving a dossier's overdue day within a month changes two day rows and nets to zero here.
  having
    sum(rc_received) <> 0 or sum(rc_online) <> 0 or sum(rc_post) <> 0 or sum(rc_synced) <> 0 or
    sum(rc_full_online) <> 0 or sum(rc_full_online_done) <> 0 or sum(rc_fee) <> 0 or
    sum(rc_paid_online) <> 0 or sum(rc_reused) <> 0 or sum(rc_citizen_store) <> 0 or
    sum(rc_population_db) <> 0 or sum(fn_finished) <> 0 or sum(fn_early) <> 0 or sum(fn_on_time) <> 0 or
    sum(fn_late) <> 0 or sum(fn_result) <> 0 or sum(fn_e_result) <> 0 or sum(fn_certification) <> 0 or
    sum(fn_e_certified) <> 0 or sum(fn_digitised) <> 0 or sum(fn_negative) <> 0 or
    sum(open_delta) <> 0 or sum(overdue_delta) <> 0
  on conflict (tenant_id, month, receiving_unit_id, agency_unit_id) do update set
    rc_received = t.rc_received + excluded.rc_received,
    rc_online = t.rc_online + excluded.rc_online, rc_post = t.rc_post + excluded.rc_post,
    rc_synced = t.rc_synced + excluded.rc_synced,
    rc_full_online = t.rc_full_online + excluded.rc_full_online,
    rc_full_online_done = t.rc_full_online_done + excluded.rc_full_online_done,
    rc_fee = t.rc_fee + excluded.rc_fee,
    rc_paid_online = t.rc_paid_online + excluded.rc_paid_online,
    rc_reused = t.rc_reused + excluded.rc_reused,
    rc_citizen_store = t.rc_citizen_store + excluded.rc_citizen_store,
    rc_population_db = t.rc_population_db + excluded.rc_population_db,
    fn_finished = t.fn_finished + excluded.fn_finished,
    fn_early = t.fn_early + excluded.fn_early, fn_on_time = t.fn_on_time + excluded.fn_on_time,
    fn_late = t.fn_late + excluded.fn_late, fn_result = t.fn_result + excluded.fn_result,
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
