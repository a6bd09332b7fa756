-- The procedures each (receiving unit, agency) pair handled in a period, with what the
-- distinct-procedure indicators (3.2, 3.3, 4.1, 4.2) need. Whole months come from the live
-- monthly aggregate; a date range's partial edge months are read from the dossiers.
-- One row per pair, its procedures as one text list of procedure_id * 32 + flags (bit 1 used
-- online, 2 paid online, 4 offers online service, 8 fully online, 16 with a fee): a province's
-- year is hundreds of thousands of (pair, procedure) rows, and decoding them one row at a time
-- cost the index more than all its queries.
--   :tenant_id; :month_from, :month_to  first days of the whole months (empty when from > to);
--   :edge1_from, :edge1_to, :edge2_from, :edge2_to  partial edges (empty when from > to)
with rows as (
  select receiving_unit_id, agency_unit_id, procedure_id, received, online, paid_online,
         offers_online, full_online, with_fee
  from index_unit_procedure_month
  where tenant_id = :tenant_id and month between :month_from and :month_to
  union all
  select receiving_unit_id, agency_unit_id, procedure_id, 1, (channel = 2)::int,
         (fee_amount > 0 and paid_online)::int, (online_level <> 'none')::int,
         (online_level = 'full')::int, (fee_amount > 0)::int
  from dossiers
  where tenant_id = :tenant_id and received_at is not null
    -- Whole months have no edges: a one-time filter then skips the dossiers altogether (an
    -- empty range still walked the tenant's index, 65 ms for a large province).
    and (:edge1_from::date <= :edge1_to::date or :edge2_from::date <= :edge2_to::date)
    and ((received_at >= :edge1_from::date::timestamp at time zone 'Asia/Ho_Chi_Minh'
          and received_at < (:edge1_to::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')
      or (received_at >= :edge2_from::date::timestamp at time zone 'Asia/Ho_Chi_Minh'
          and received_at < (:edge2_to::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'))
),
-- A month row counts dossiers (never below 0), so "the sum is above 0" is "some row is above 0":
-- one bit_or instead of five sums.
pair_procedures as (
  select receiving_unit_id, agency_unit_id,
    procedure_id * 32 + bit_or(
      (online > 0)::int + 2 * (paid_online > 0)::int + 4 * (offers_online > 0)::int
      + 8 * (full_online > 0)::int + 16 * (with_fee > 0)::int) as procedure_flags
  from rows
  group by receiving_unit_id, agency_unit_id, procedure_id
  having sum(received) > 0
)
select receiving_unit_id, agency_unit_id, string_agg(procedure_flags::text, ',') as procedures
from pair_procedures
group by receiving_unit_id, agency_unit_id
