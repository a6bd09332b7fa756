import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import {
  dueMaintenance,
  maintenanceStatement,
  runMaintenanceRound,
  startEmbeddedMaintenance,
  type TableActivity,
} from './maintenance.js';
import { createTestDatabase } from './testing.js';

const quiet: TableActivity = {
  table: 't',
  reltuples: 1000,
  deadRows: 0,
  insertedSinceVacuum: 0,
  changedSinceAnalyze: 0,
};

describe('embedded maintenance rules (autovacuum defaults)', () => {
  it('vacuums past 50 + 20 % dead rows, never-vacuumed tables counting as empty', () => {
    expect(dueMaintenance([{ ...quiet, deadRows: 250 }])).toEqual([]);
    expect(dueMaintenance([{ ...quiet, deadRows: 251 }])).toEqual([
      { table: 't', vacuum: true, analyze: false },
    ]);
    expect(dueMaintenance([{ ...quiet, reltuples: -1, deadRows: 51 }])).toEqual([
      { table: 't', vacuum: true, analyze: false },
    ]);
  });

  it('vacuums insert-only tables past 1000 + 20 % inserted rows', () => {
    expect(dueMaintenance([{ ...quiet, insertedSinceVacuum: 1200 }])).toEqual([]);
    expect(dueMaintenance([{ ...quiet, insertedSinceVacuum: 1201 }])[0]?.vacuum).toBe(true);
  });

  it('analyses past 50 + 10 % changed rows, and does both in one statement when both are due', () => {
    expect(dueMaintenance([{ ...quiet, changedSinceAnalyze: 150 }])).toEqual([]);
    const both = dueMaintenance([{ ...quiet, changedSinceAnalyze: 151, deadRows: 300 }]);
    expect(both).toEqual([{ table: 't', vacuum: true, analyze: true }]);
    expect(maintenanceStatement(both[0]!)).toBe('vacuum (analyze) "t"');
    expect(maintenanceStatement({ table: 'a"b', vacuum: false, analyze: true })).toBe(
      'analyze "a""b"',
    );
  });
});

describe(`embedded maintenance on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.exec('create table maintenance_churn (id int primary key, v int)');
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Churn, then the statistics flushed at once (they are otherwise sent at most every second). */
  async function churn() {
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into maintenance_churn select g, g from generate_series(1, 500) g
        on conflict (id) do update set v = excluded.v + 1`.execute(trx);
      await sql`update maintenance_churn set v = v + 1 where id <= 400`.execute(trx);
      await sql`select pg_stat_force_next_flush()`.execute(trx);
    });
  }

  const activity = async () =>
    (
      await sql<{ dead: number; changed: number; vacuumed: boolean; analyzed: boolean }>`
        select n_dead_tup as dead, n_mod_since_analyze as changed,
          last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
        from pg_stat_user_tables where relname = 'maintenance_churn'`.execute(database.db)
    ).rows[0];

  it('vacuums and analyses a table with dead rows, and leaves it alone once done', async () => {
    await churn();
    expect((await activity())?.dead).toBeGreaterThanOrEqual(400);
    const steps = await runMaintenanceRound(database);
    expect(steps).toContainEqual({ table: 'maintenance_churn', vacuum: true, analyze: true });
    expect(await activity()).toMatchObject({ dead: 0, changed: 0, vacuumed: true, analyzed: true });
    const again = await runMaintenanceRound(database);
    expect(again.map((s) => s.table)).not.toContain('maintenance_churn');
  });

  it('runs on a timer on PGlite only: PostgreSQL has autovacuum', async () => {
    await churn();
    const statements: string[] = [];
    const watched = {
      engine: database.engine,
      db: database.db,
      exec: async (script: string) => {
        statements.push(script);
        await database.exec(script);
      },
    };
    const worker = startEmbeddedMaintenance(watched, { warn: () => undefined }, 20);
    const deadline = Date.now() + (database.engine === 'pglite' ? 5_000 : 300);
    while (Date.now() < deadline && !statements.includes('vacuum (analyze) "maintenance_churn"'))
      await new Promise((resolve) => setTimeout(resolve, 25));
    await worker.stop();
    if (database.engine === 'pglite') {
      expect(statements).toContain('vacuum (analyze) "maintenance_churn"');
      expect((await activity())?.dead).toBe(0);
    } else expect(statements).toEqual([]);
  });
});
