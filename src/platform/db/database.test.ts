import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnit, isInSubtree } from '../../modules/org/org.repository.js';
import { type Database, openDatabase } from './database.js';
import { createTestDatabase } from './testing.js';

describe(
  'database (engine under test: ' + (process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite') + ')',
  () => {
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database.close();
    });

    it('returns counts and ids as numbers and dates as plain strings on both engines', async () => {
      const row = await sql<{
        n: number;
        d: string;
        x: number;
      }>`select count(*) as n, date '2025-01-29' as d, 12.5::numeric as x`.execute(database.db);
      expect(row.rows[0]).toEqual({ n: 1, d: '2025-01-29', x: 12.5 });
    });

    it('keeps the unit tree queryable at any depth through the closure table', async () => {
      const tenant = await database.db
        .insertInto('tenants')
        .values({ code: 'T1', name: 'Tỉnh thử', settings: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      let parent: number | null = null;
      const chain: number[] = [];
      for (let depth = 0; depth < 6; depth++) {
        parent = await insertUnit(database.db, {
          tenantId: tenant.id,
          parentId: parent,
          kind: 'unit',
          level: `l${depth}`,
          code: `U${depth}`,
          name: `Đơn vị ${depth}`,
        });
        chain.push(parent);
      }
      expect(await isInSubtree(database.db, chain[0]!, chain[5]!)).toBe(true);
      expect(await isInSubtree(database.db, chain[5]!, chain[0]!)).toBe(false);
    });

    it('rolls back a failed transaction completely', async () => {
      await expect(
        database.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('tenants')
            .values({ code: 'T2', name: 'x', settings: '{}' })
            .execute();
          await trx
            .insertInto('tenants')
            .values({ code: 'T2', name: 'duplicate', settings: '{}' })
            .execute();
        }),
      ).rejects.toThrow();
      const found = await database.db
        .selectFrom('tenants')
        .select('id')
        .where('code', '=', 'T2')
        .execute();
      expect(found).toEqual([]);
    });
  },
);

describe.skipIf(!process.env.DATABASE_URL)('prepared statements (PostgreSQL)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('prepares a parameterised query once per connection and keeps answering it right', async () => {
    // One connection throughout, so the prepared statement is visible to the next query.
    await database.db.connection().execute(async (db) => {
      const marker = `probe ${Math.random()}`;
      for (const n of [1, 2, 3]) {
        const r = await sql<{
          v: number;
          m: string;
        }>`select ${n}::int * 2 as v, ${marker}::text as m`.execute(db);
        expect(r.rows).toEqual([{ v: n * 2, m: marker }]);
      }
      const prepared = await sql<{ n: number }>`
        select count(*)::int as n from pg_prepared_statements
        where statement like '%as v, $2::text as m' and not from_sql`.execute(db);
      expect(prepared.rows[0]?.n).toBe(1);
      // Unparameterised scripts keep the simple protocol: several statements in one query.
      await sql`select 1; select 2`.execute(db);
    });
  });
});

describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded data directory', () => {
  it('refuses a second opener of the same directory with data_dir_locked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({
        code: 'data_dir_locked',
      });
    } finally {
      await first.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
