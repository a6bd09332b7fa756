-- The procedures behind the procedure-level figures of the index (1.1, 1.2, 1.3, 3.2, 3.3, 4.1,
-- 4.2, 5.6) for a unit's subtree: every procedure the unit handled in the period (a dossier
-- received in the period whose receiving unit or agency is inside the subtree) or whose version
-- in force at the period end names an agency inside it, with what decides each formula.
-- indices.drilldown.ts applies the working-day rules (tenant calendar) and picks the side.
--
-- The dossier counts are read from the dossiers themselves, not from the monthly aggregate the
-- scorer reads (sql/procedures_handled.sql): the drill-down tests prove the two equal. The
-- version in force and its completeness are the same as readProcedureFacts (indices.repository.ts).
--   :tenant_id;  :unit_id  the unit;  :from, :to  the period's first and last local days
with subtree as (
  select descendant_id from unit_closure where tenant_id = :tenant_id and ancestor_id = :unit_id
),
handled as (
  select procedure_id,
    count(*) as received,
    count(*) filter (where channel = 2) as online,
    count(*) filter (where fee_amount > 0 and paid_online) as paid_online,
    count(*) filter (where online_level <> 'none') as offers_online,
    count(*) filter (where online_level = 'full') as full_online,
    count(*) filter (where fee_amount > 0) as with_fee
  from dossiers
  where tenant_id = :tenant_id and received_at is not null
    and received_at >= :from::date::timestamp at time zone 'Asia/Ho_Chi_Minh'
    and received_at < (:to::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
    and (receiving_unit_id in (select descendant_id from subtree)
         or agency_unit_id in (select descendant_id from subtree))
  group by procedure_id
),
versions as (
  select distinct on (v.procedure_id)
    v.procedure_id, v.name, v.name_en, v.agency_unit_id, v.online_level, v.fee_amount,
    v.announced_on, v.published_on, v.legal_effective_on,
    (length(trim(v.name)) > 0
      and jsonb_typeof(v.steps) = 'array' and jsonb_array_length(v.steps) > 0
      and jsonb_typeof(v.components) = 'array' and jsonb_array_length(v.components) > 0
      and (v.promised_limit > 0 or v.limit_unit = 'same_day')
      and jsonb_typeof(v.applicant_kinds) = 'array' and jsonb_array_length(v.applicant_kinds) > 0
      and (v.agency_unit_id is not null or v.level = 'commune')
      and v.result_type <> 'none') as complete,
    coalesce(v.applicant_kinds ? 'individual', false) as for_individuals,
    v.population_db
  from procedure_versions v
  where v.tenant_id = :tenant_id
    and v.effective_from < (:to::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
  order by v.procedure_id, v.effective_from desc, v.version desc
)
select p.id, p.code,
  v.procedure_id is not null as has_version,
  v.name, v.name_en, a.code as agency_code, v.online_level, v.fee_amount,
  v.announced_on, v.published_on, v.legal_effective_on, v.complete, v.for_individuals,
  v.population_db,
  h.procedure_id is not null as handled,
  coalesce(h.received, 0) as received, coalesce(h.online, 0) as online,
  coalesce(h.paid_online, 0) as paid_online, coalesce(h.offers_online, 0) as offers_online,
  coalesce(h.full_online, 0) as full_online, coalesce(h.with_fee, 0) as with_fee
from procedures p
left join versions v on v.procedure_id = p.id
left join handled h on h.procedure_id = p.id
left join units a on a.id = v.agency_unit_id
where p.tenant_id = :tenant_id
  and (h.procedure_id is not null or v.agency_unit_id in (select descendant_id from subtree))
order by p.code, p.id
