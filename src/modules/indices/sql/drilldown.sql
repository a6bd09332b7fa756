-- The dossiers behind one figure of the index: the same derived facts as exact_counts.sql,
-- filtered by the formula's numerator or denominator predicate (indices.drilldown.ts), for the
-- dossiers of a unit's subtree (receiving unit or agency inside it).
--   :tenant_id, :from, :to, :judge  as in exact_counts.sql;  :unit_id  the unit
--   :formula, :side  which predicate;  :limit, :offset  paging
with subtree as (
  select descendant_id from unit_closure where tenant_id = :tenant_id and ancestor_id = :unit_id
),
d as (
  select x.id, x.code, x.status, x.channel, x.received_at, x.original_due_at, x.due_at, x.finished_at,
         x.outcome, x.supplement_count, x.synced, x.paid_online, x.fee_amount, x.online_level,
         x.result_required, x.e_result, x.certification, x.e_certified, x.digitised, x.reused,
         x.citizen_store, x.population_db, x.complaint, x.rating, x.receiving_unit_id,
         x.agency_unit_id, x.procedure_id,
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
    and (x.receiving_unit_id in (select descendant_id from subtree)
         or x.agency_unit_id in (select descendant_id from subtree))
),
picked as (
  select d.*,
    case
      when d.f_day between :from and :to then d.class
      when d.r_day <= :judge and (d.f_day is null or d.f_day > :judge) and d.o_day <= :judge then 'in_progress_overdue'
      when d.r_day <= :judge and (d.f_day is null or d.f_day > :judge) then 'in_progress_on_time'
    end as period_class
  from d
)
select p.*, u.code as receiving_unit_code, count(*) over () as total_count
from picked p join units u on u.id = p.receiving_unit_id
where case :formula::text || ':' || :side::text
  when 'dossiers_synced_to_portal:denominator' then r_day between :from and :to
  when 'dossiers_synced_to_portal:numerator' then r_day between :from and :to and synced
  when 'dossiers_on_time:denominator' then period_class is not null
  when 'dossiers_on_time:numerator' then period_class in ('early', 'on_time', 'in_progress_on_time')
  when 'dossiers_overdue:numerator' then period_class = 'in_progress_overdue'
  when 'dossiers_full_online:denominator' then r_day between :from and :to and online_level = 'full'
  when 'dossiers_full_online:numerator' then r_day between :from and :to and online_level = 'full' and channel = 2 and (e_result or not result_required)
  when 'channel_mix_online_share:denominator' then r_day between :from and :to
  when 'channel_mix_online_share:numerator' then r_day between :from and :to and channel = 2
  when 'dossiers_paid_online:denominator' then r_day between :from and :to and fee_amount > 0
  when 'dossiers_paid_online:numerator' then r_day between :from and :to and fee_amount > 0 and paid_online
  when 'dossiers_electronic_result:denominator' then f_day between :from and :to and result_required and outcome is not distinct from 'approved'
  when 'dossiers_electronic_result:numerator' then f_day between :from and :to and result_required and outcome is not distinct from 'approved' and e_result
  when 'dossiers_digitised:denominator' then f_day between :from and :to
  when 'dossiers_digitised:numerator' then f_day between :from and :to and digitised and (e_result or not result_required or outcome is distinct from 'approved')
  when 'electronic_certified_copies:denominator' then f_day between :from and :to and certification and outcome is not distinct from 'approved'
  when 'electronic_certified_copies:numerator' then f_day between :from and :to and certification and outcome is not distinct from 'approved' and e_certified
  when 'dossiers_reusing_data:denominator' then r_day between :from and :to
  when 'dossiers_reusing_data:numerator' then r_day between :from and :to and reused
  when 'dossiers_citizen_data_store:denominator' then r_day between :from and :to
  when 'dossiers_citizen_data_store:numerator' then r_day between :from and :to and citizen_store
  when 'dossiers_population_data_or_vneid:denominator' then r_day between :from and :to
  when 'dossiers_population_data_or_vneid:numerator' then r_day between :from and :to and population_db
  when 'dossier_satisfaction:denominator' then f_day between :from and :to
  when 'dossier_satisfaction:numerator' then f_day between :from and :to and class <> 'late' and not (complaint or coalesce(rating <= 2, false))
  else false
end
order by p.received_at, p.id
limit :limit offset :offset
