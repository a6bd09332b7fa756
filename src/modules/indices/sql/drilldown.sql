-- The dossiers behind one figure of the index: the same derived facts as exact_counts.sql, with
-- each formula's denominator and numerator predicates (indices.drilldown.ts), for the dossiers of
-- a unit's subtree (receiving unit or agency inside it, counted once).
--   :tenant_id, :from, :to, :judge  as in exact_counts.sql;  :unit_id  the unit
--   :formula  which predicates;  :listing  'denominator', 'numerator' (members of the numerator)
--   or 'deductions' (denominator rows not in the numerator: 6.3 subtracts, it does not count);
--   :limit, :offset  paging, in reception order
-- One row always comes back (the figures), with the page's columns null past the last page, so
-- the totals stay right for any offset.
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
    end as period_class,
    (d.complaint or coalesce(d.rating <= 2, false)) as negative
  from d
),
judged as (
  select p.*,
    coalesce(case :formula::text
      when 'dossiers_synced_to_portal' then r_day between :from and :to
      when 'dossiers_on_time' then period_class is not null
      when 'dossiers_overdue' then period_class = 'in_progress_overdue'
      when 'dossiers_full_online' then r_day between :from and :to and online_level = 'full'
      when 'channel_mix_online_share' then r_day between :from and :to
      when 'dossiers_paid_online' then r_day between :from and :to and fee_amount > 0
      when 'dossiers_electronic_result' then f_day between :from and :to and result_required and outcome is not distinct from 'approved'
      when 'dossiers_digitised' then f_day between :from and :to
      when 'electronic_certified_copies' then f_day between :from and :to and certification and outcome is not distinct from 'approved'
      when 'dossiers_reusing_data' then r_day between :from and :to
      when 'dossiers_citizen_data_store' then r_day between :from and :to
      when 'dossiers_population_data_or_vneid' then r_day between :from and :to
      when 'dossier_satisfaction' then f_day between :from and :to
    end, false) as in_den,
    coalesce(case :formula::text
      when 'dossiers_synced_to_portal' then r_day between :from and :to and synced
      when 'dossiers_on_time' then period_class in ('early', 'on_time', 'in_progress_on_time')
      when 'dossiers_overdue' then period_class = 'in_progress_overdue'
      when 'dossiers_full_online' then r_day between :from and :to and online_level = 'full' and channel = 2 and (e_result or not result_required)
      when 'channel_mix_online_share' then r_day between :from and :to and channel = 2
      when 'dossiers_paid_online' then r_day between :from and :to and fee_amount > 0 and paid_online
      when 'dossiers_electronic_result' then f_day between :from and :to and result_required and outcome is not distinct from 'approved' and e_result
      when 'dossiers_digitised' then f_day between :from and :to and digitised and (e_result or not result_required or outcome is distinct from 'approved')
      when 'electronic_certified_copies' then f_day between :from and :to and certification and outcome is not distinct from 'approved' and e_certified
      when 'dossiers_reusing_data' then r_day between :from and :to and reused
      when 'dossiers_citizen_data_store' then r_day between :from and :to and citizen_store
      when 'dossiers_population_data_or_vneid' then r_day between :from and :to and population_db
      when 'dossier_satisfaction' then f_day between :from and :to and class <> 'late' and not negative
    end, false) as in_num
  from picked p
),
listed as (
  select j.* from judged j
  where case :listing::text
    when 'denominator' then in_den
    when 'numerator' then in_num
    when 'deductions' then in_den and not in_num
    else false
  end
),
figures as (
  select count(*) filter (where in_den) as den_count,
         count(*) filter (where in_num) as num_count,
         count(*) filter (where in_den and class = 'late') as late_count,
         count(*) filter (where in_den and negative) as negative_count,
         (select count(*) from listed) as total_count
  from judged
)
select f.*, page.*
from figures f
left join lateral (
  select l.*, u.code as receiving_unit_code
  from listed l join units u on u.id = l.receiving_unit_id
  order by l.received_at, l.id
  limit :limit offset :offset
) page on true
