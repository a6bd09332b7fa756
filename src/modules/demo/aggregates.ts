import { addBulkLoadContributions } from '../indices/index.js';
import type { DemoWriter } from './writer.js';

/**
 * The live index aggregates (migration 0051) are kept by a row trigger on `dossiers`, which is
 * the right tool for one transition but the slowest for a bulk load: the demo disables the
 * table's triggers while it copies, then adds each new dossier's contribution in one grouped
 * statement with the migration's own `index_dossier_contribution`, exactly as the migration
 * back-fills dossiers that existed before it. The result is the state the trigger would have
 * left. When the index module is absent (no such function) nothing is done.
 */
export async function suspendDossierTriggers(writer: DemoWriter): Promise<boolean> {
  const [row] = await writer.query<{ present: boolean }>(
    `select exists (select 1 from pg_proc where proname = 'index_dossier_contribution') as present`,
  );
  if (!row?.present) return false;
  await writer.query('alter table dossiers disable trigger user');
  return true;
}

/** Re-enables the triggers and adds the contribution of the tenant's dossiers with id ≥ `firstId`. */
export async function resumeDossierTriggers(
  writer: DemoWriter,
  tenantId: number,
  firstId: number,
): Promise<void> {
  await addBulkLoadContributions((text, params) => writer.query(text, params), tenantId, firstId);
  await writer.query('alter table dossiers enable trigger user');
}

/**
 * Bulk-load mode for the demo's own transaction. Foreign keys and row triggers are skipped
 * (`session_replication_role = replica`, the mode PostgreSQL's own restore uses) because every
 * id the demo writes was reserved by itself in the same transaction, and the tests check
 * referential sanity; where the role may not do that (not a superuser) nothing changes. The
 * plain indexes of an empty dossiers table are dropped and rebuilt at the end, which is faster
 * than maintaining them row by row. Returns the function that restores everything.
 */
export async function enterBulkMode(writer: DemoWriter): Promise<() => Promise<void>> {
  let replica = false;
  await writer.query('savepoint demo_bulk');
  try {
    await writer.query('set local session_replication_role = replica');
    await writer.query('release savepoint demo_bulk');
    replica = true;
  } catch {
    await writer.query('rollback to savepoint demo_bulk');
  }
  const dropped: string[] = [];
  for (const table of ['dossiers', 'dossier_events']) {
    const [empty] = await writer.query<{ empty: boolean }>(
      `select not exists (select 1 from ${table}) as empty`,
    );
    if (!empty?.empty) continue;
    const indexes = await writer.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = $1
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
       order by i.indexname`,
      [table],
    );
    for (const index of indexes) {
      await writer.query(`drop index ${index.indexname}`);
      dropped.push(index.indexdef);
    }
  }
  return async () => {
    await writer.flush();
    for (const definition of dropped) await writer.query(definition);
    if (replica) await writer.query('set local session_replication_role = origin');
  };
}
