-- The index aggregates' trigger (migration 0051) fires at commit instead of at each statement.
--
-- Every dossier received or finished on a day for one (receiving unit, agency) pair updates the
-- same index_unit_day and index_unit_procedure_month rows. Run inside the statement, the trigger
-- locked those rows for the rest of the transaction: a registration then held them through
-- its remaining round trips (history, outbox, audit, idempotency answer), and every other
-- registration or approval of that unit waited in line (8 clients: 12 ms of lock wait per
-- update, measured with pg_stat_statements; docs/BENCHMARKS.md). As a deferred constraint
-- trigger it runs once the transaction's own work is done, so the rows are held only for the
-- commit itself. The deltas are the same: each row event still subtracts its OLD and adds its
-- NEW, and events of one transaction add up in any order. A rolled-back transaction still
-- leaves the counters alone; a bulk loader's `disable trigger user` and replica mode still
-- suspend it (neither counts constraint triggers made by CREATE CONSTRAINT TRIGGER as internal).
drop trigger dossiers_index_insert_delete on dossiers;
drop trigger dossiers_index_update on dossiers;

create constraint trigger dossiers_index_insert_delete after insert or delete on dossiers
  deferrable initially deferred
  for each row execute function index_apply_dossier_change();
create constraint trigger dossiers_index_update after update on dossiers
  deferrable initially deferred
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
