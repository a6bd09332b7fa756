-- A finished dossier whose outcome is not yet recorded made a counter NULL (outcome = 'approved'
-- is unknown, not false); compare with IS NOT DISTINCT FROM so every delta is a number.
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
