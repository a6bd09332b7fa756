import { sql } from 'kysely';
import type { Worker, WorkerLog } from '../worker.js';
import type { Database } from './database.js';

/**
 * PostgreSQL's autovacuum rules, run by the server itself on the embedded database.
 *
 * PGlite is PostgreSQL in single-user mode: no autovacuum launcher ever starts. Without it a
 * dossier's every transition leaves a dead row version and eleven dead index entries that
 * nothing reclaims, and the planner never learns a table's size or its values' distribution.
 * So on PGlite the server checks the cumulative statistics once a minute (autovacuum's
 * naptime) and vacuums or analyses each table past the thresholds PostgreSQL would use by
 * default. On a PostgreSQL server autovacuum does this and the worker does not start.
 */
export const MAINTENANCE_DEFAULTS = {
  intervalMs: 60_000,
  // autovacuum_vacuum_threshold, _scale_factor: dead row versions.
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  // autovacuum_vacuum_insert_threshold, _scale_factor: rows inserted since the last vacuum,
  // so insert-only tables (history, audit) get their visibility map set.
  insertThreshold: 1000,
  insertScaleFactor: 0.2,
  // autovacuum_analyze_threshold, _scale_factor: rows changed since the last analyse.
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
} as const;

export interface TableActivity {
  table: string;
  /** pg_class.reltuples; -1 (never vacuumed or analysed) counts as 0. */
  reltuples: number;
  deadRows: number;
  insertedSinceVacuum: number;
  changedSinceAnalyze: number;
}

export interface MaintenanceStep {
  table: string;
  /** `vacuum (analyze)` when both are due, else the one that is. */
  vacuum: boolean;
  analyze: boolean;
}

/** The tables autovacuum would process now, in the order given. Pure. */
export function dueMaintenance(
  tables: readonly TableActivity[],
  rules: typeof MAINTENANCE_DEFAULTS = MAINTENANCE_DEFAULTS,
): MaintenanceStep[] {
  const steps: MaintenanceStep[] = [];
  for (const t of tables) {
    const rows = Math.max(t.reltuples, 0);
    const vacuum =
      t.deadRows > rules.vacuumThreshold + rules.vacuumScaleFactor * rows ||
      t.insertedSinceVacuum > rules.insertThreshold + rules.insertScaleFactor * rows;
    const analyze =
      t.changedSinceAnalyze > rules.analyzeThreshold + rules.analyzeScaleFactor * rows;
    if (vacuum || analyze) steps.push({ table: t.table, vacuum, analyze });
  }
  return steps;
}

/** The statement of one step; the name is quoted as an identifier. */
export function maintenanceStatement(step: MaintenanceStep): string {
  const name = `"${step.table.replaceAll('"', '""')}"`;
  if (step.vacuum) return step.analyze ? `vacuum (analyze) ${name}` : `vacuum ${name}`;
  return `analyze ${name}`;
}

/** One round: reads the statistics and runs each due step; returns what it ran. */
export async function runMaintenanceRound(
  database: Pick<Database, 'db' | 'exec'>,
  rules: typeof MAINTENANCE_DEFAULTS = MAINTENANCE_DEFAULTS,
): Promise<MaintenanceStep[]> {
  const { rows } = await sql<{
    table: string;
    reltuples: number;
    dead: number;
    inserted: number;
    changed: number;
  }>`
    select s.relname as table, c.reltuples::float8 as reltuples, s.n_dead_tup as dead,
      s.n_ins_since_vacuum as inserted, s.n_mod_since_analyze as changed
    from pg_stat_user_tables s
    join pg_class c on c.oid = s.relid
    where s.schemaname = 'public'
    order by s.relname`.execute(database.db);
  const steps = dueMaintenance(
    rows.map((r) => ({
      table: r.table,
      reltuples: Number(r.reltuples),
      deadRows: Number(r.dead),
      insertedSinceVacuum: Number(r.inserted),
      changedSinceAnalyze: Number(r.changed),
    })),
    rules,
  );
  // One statement at a time: each holds the embedded database's one connection meanwhile.
  for (const step of steps) await database.exec(maintenanceStatement(step));
  return steps;
}

/**
 * The server's maintenance worker (registered in WORKERS): on PGlite a round every
 * `intervalMs`, the first one a minute after start; on PostgreSQL nothing (autovacuum).
 * A failed round is logged and the next one tried as usual.
 */
export function startEmbeddedMaintenance(
  database: Pick<Database, 'engine' | 'db' | 'exec'>,
  log: Pick<WorkerLog, 'warn'>,
  intervalMs: number = MAINTENANCE_DEFAULTS.intervalMs,
): Worker {
  if (database.engine !== 'pglite') return { name: 'maintenance', stop: async () => undefined };
  let round: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (round) return; // a long vacuum is still running: skip this tick, as autovacuum would
    round = runMaintenanceRound(database)
      .catch((error: Error) =>
        log.warn({ error: error.message }, 'embedded database maintenance failed'),
      )
      .finally(() => {
        round = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    name: 'maintenance',
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
