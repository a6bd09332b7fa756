-- Live aggregates of the real-time service index (docs/service-index-computation.md).
--
-- Each dossier contributes a few counter deltas, keyed by the pair (receiving unit, processing
-- agency) and a local day (Asia/Ho_Chi_Minh): on its reception day, on its finishing day and on
-- the day it becomes overdue. A trigger on `dossiers` subtracts the old row's contribution and
-- adds the new row's in the SAME transaction as the transition, so the index moves with every
-- transition without a recomputation, and a rolled-back transition leaves the counters alone.
-- The exact path (sql/exact_counts.sql) counts the same figures from the dossiers themselves
-- with the same functions below; tests prove both agree.

-- The local calendar day of an instant (DOMAIN §5: Asia/Ho_Chi_Minh whatever the server zone).
create function index_local_day(ts timestamptz) returns date
language sql stable parallel safe as $$ select (ts at time zone 'Asia/Ho_Chi_Minh')::date $$;

-- When "more than one supplement request" started to count (DOMAIN §5), as the legal clock's
-- classify() sees it: the ledger as of an instant keeps only the pauses begun by then, and
-- requests recorded without a pause (imports) count from reception.
create function index_second_request_at(d dossiers) returns timestamptz
language sql stable parallel safe as $$
  select case
    when d.supplement_count <= 1 then null
    when d.supplement_count - coalesce(jsonb_array_length(d.clock -> 'pauses'), 0) >= 2 then d.received_at
    when d.supplement_count - coalesce(jsonb_array_length(d.clock -> 'pauses'), 0) = 1
      then (d.clock -> 'pauses' -> 0 ->> 'from')::timestamptz
    else (d.clock -> 'pauses' -> 1 ->> 'from')::timestamptz
  end
$$;

-- The instant from which an unfinished dossier is "in progress, overdue": after its ORIGINAL due
-- date (an extension never helps, DOMAIN §4 step 7) or from the second supplement request. While
-- a pause begun before the due date is open the due date is unknown (original_due_at is null)
-- and the dossier is within time, as classify() judges it.
create function index_overdue_from(d dossiers) returns timestamptz
language sql stable parallel safe as $$
  select least(d.original_due_at, index_second_request_at(d))
$$;

-- The class of a finished dossier (indicator 2.1, DOMAIN §5): early = finished on a day before
-- the original due date's day; on_time = on that day, not after the due time; late = after it,
-- or more than one supplement request. Null while unfinished.
create function index_finished_class(d dossiers) returns text
language sql stable parallel safe as $$
  select case
    when d.finished_at is null or d.received_at is null then null
    when d.supplement_count > 1 then 'late'
    when d.original_due_at is null then 'on_time'
    when d.finished_at > d.original_due_at then 'late'
    when index_local_day(d.finished_at) < index_local_day(d.original_due_at) then 'early'
    else 'on_time'
  end
$$;

-- Counter deltas per (receiving unit, agency, day). Columns prefixed rc_ count dossiers by their
-- reception day, fn_ by their finishing day; open_delta and overdue_delta are +1/−1 at the start
-- and end of "in progress" and "in progress, overdue", so their running sum up to a day is the
-- number of dossiers in that state at the end of that day.
create table index_unit_day (
  tenant_id bigint not null,
  receiving_unit_id bigint not null,
  agency_unit_id bigint not null,
  day date not null,
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
  primary key (tenant_id, day, receiving_unit_id, agency_unit_id)
);

-- Distinct-procedure indicators (3.2, 3.3, 4.1, 4.2) need the procedures a unit handled: counts
-- per procedure and reception month.
create table index_unit_procedure_month (
  tenant_id bigint not null,
  receiving_unit_id bigint not null,
  agency_unit_id bigint not null,
  procedure_id bigint not null,
  month date not null,
  received integer not null default 0,
  online integer not null default 0,
  paid_online integer not null default 0,
  offers_online integer not null default 0,
  full_online integer not null default 0,
  with_fee integer not null default 0,
  primary key (tenant_id, month, receiving_unit_id, agency_unit_id, procedure_id)
);

-- One dossier's contribution, as rows of deltas (sign = +1 to add, −1 to remove).
create function index_dossier_contribution(d dossiers, sign integer)
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
         sign * (d.result_required and d.outcome = 'approved')::int,
         sign * (d.result_required and d.outcome = 'approved' and d.e_result)::int,
         sign * (d.certification and d.outcome = 'approved')::int,
         sign * (d.certification and d.outcome = 'approved' and d.e_certified)::int,
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

create function index_apply_dossier_change() returns trigger
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

-- Only the columns the index reads fire the trigger; queue moves and assignments do not.
create trigger dossiers_index_insert_delete after insert or delete on dossiers
  for each row execute function index_apply_dossier_change();
create trigger dossiers_index_update after update on dossiers
  for each row when ((
    old.tenant_id, old.receiving_unit_id, old.agency_unit_id, old.procedure_id, old.channel,
    old.received_at, old.original_due_at, old.supplement_count, old.clock -> 'pauses',
    old.finished_at, old.outcome, old.fee_amount, old.online_level, old.result_required,
    old.certification, old.synced, old.paid_online, old.digitised, old.e_result, old.e_certified,
    old.reused, old.citizen_store, old.population_db, old.complaint, old.rating
  ) is distinct from (
    new.tenant_id, new.receiving_unit_id, new.agency_unit_id, new.procedure_id, new.channel,
    new.received_at, new.original_due_at, new.supplement_count, new.clock -> 'pauses',
    new.finished_at, new.outcome, new.fee_amount, new.online_level, new.result_required,
    new.certification, new.synced, new.paid_online, new.digitised, new.e_result, new.e_certified,
    new.reused, new.citizen_store, new.population_db, new.complaint, new.rating
  ))
  execute function index_apply_dossier_change();

-- Counters of dossiers that existed before this migration.
insert into index_unit_day
select c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day,
  sum(c.rc_received), sum(c.rc_online), sum(c.rc_post), sum(c.rc_synced), sum(c.rc_full_online),
  sum(c.rc_full_online_done), sum(c.rc_fee), sum(c.rc_paid_online), sum(c.rc_reused),
  sum(c.rc_citizen_store), sum(c.rc_population_db), sum(c.fn_finished), sum(c.fn_early),
  sum(c.fn_on_time), sum(c.fn_late), sum(c.fn_result), sum(c.fn_e_result),
  sum(c.fn_certification), sum(c.fn_e_certified), sum(c.fn_digitised), sum(c.fn_negative),
  sum(c.open_delta), sum(c.overdue_delta)
from dossiers d, lateral index_dossier_contribution(d, 1) c
group by c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day;

insert into index_unit_procedure_month
select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, d.procedure_id,
  date_trunc('month', index_local_day(d.received_at))::date,
  count(*), count(*) filter (where d.channel = 2), count(*) filter (where d.fee_amount > 0 and d.paid_online),
  count(*) filter (where d.online_level <> 'none'), count(*) filter (where d.online_level = 'full'),
  count(*) filter (where d.fee_amount > 0)
from dossiers d where d.received_at is not null
group by 1, 2, 3, 4, 5;
