import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReception,
  buildWorld,
  type DossierWorld,
} from '../../src/modules/dossiers/dossier.test-support.js';
import { performAction, receiveDossier } from '../../src/modules/dossiers/index.js';
import { verifyAuditChain } from '../../src/platform/audit/index.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import type { DB } from '../../src/platform/db/schema.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';

/**
 * Issue 8, data safety: a backup taken with the engine's own tool and restored into a new
 * database holds the same rows, and the audit chain still verifies after the restore.
 * PostgreSQL: `pg_dump -Fc` then `pg_restore` into a new database. PGlite: `dumpDataDir` to a
 * file, then a new instance from `loadDataDir`.
 */
const url = process.env.DATABASE_URL;
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const TABLES = [
  'tenants',
  'units',
  'users',
  'dossiers',
  'dossier_events',
  'audit_log',
  'outbox',
] as const;
const DOSSIERS = 30;

let database: Database;
let w: DossierWorld;
let dir: string;
const figures: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-'));
  database = await createTestDatabase();
  w = await buildWorld(database);
  for (let i = 0; i < DOSSIERS; i++) {
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    await performAction(w.ctx, {
      actor: w.actors.counter,
      dossierId: r.id,
      action: 'transfer',
      version: r.version,
    });
  }
});
afterAll(async () => {
  console.info(`[backup] ${JSON.stringify(figures)}`);
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function counts(db: Kysely<DB>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
      db,
    );
    out[table] = r.rows[0]?.n ?? -1;
  }
  return out;
}

async function expectSameAndVerified(restored: Kysely<DB>): Promise<void> {
  const before = await counts(database.db);
  expect(before.dossiers).toBeGreaterThanOrEqual(DOSSIERS);
  expect(await counts(restored)).toEqual(before);
  const chain = await verifyAuditChain(restored, { tenantId: w.tenantId });
  expect(chain.ok).toBe(true);
  // The same head hashes: the chain was restored, not rebuilt.
  const heads = (db: Kysely<DB>) =>
    sql<{
      h: string;
    }>`select string_agg(hash, ',' order by stream, seq) as h from audit_log`.execute(db);
  expect((await heads(restored)).rows[0]?.h).toBe((await heads(database.db)).rows[0]?.h);
}

describe.skipIf(Boolean(url))('backup and restore on PGlite', () => {
  it('restores a dumpDataDir file with the same rows and a verifying audit chain', async () => {
    const started = Date.now();
    const file = path.join(dir, 'backup.tar.gz');
    const dump = await database.pglite!.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    figures.dumpMs = Date.now() - started;
    figures.dumpBytes = statSync(file).size;
    const restored = await openDatabase({
      memory: true,
      loadDataDir: new Blob([readFileSync(file)]),
    });
    try {
      await expectSameAndVerified(restored.db);
    } finally {
      await restored.close();
    }
    figures.roundTripMs = Date.now() - started;
  }, 60_000);
});

describe.skipIf(!url)('backup and restore on PostgreSQL', () => {
  it('restores a pg_dump -Fc file into a new database with the same rows and a verifying audit chain', async () => {
    const started = Date.now();
    const name = (await sql<{ n: string }>`select current_database() as n`.execute(database.db))
      .rows[0]?.n as string;
    const source = new URL(url as string);
    source.pathname = `/${name}`;
    const target = new URL(url as string);
    const restoredName = `${name}_restored`;
    target.pathname = `/${restoredName}`;
    const file = path.join(dir, 'backup.dump');
    execFileSync(path.join(PG_BIN, 'pg_dump'), ['-Fc', '-f', file, '-d', source.toString()]);
    figures.dumpMs = Date.now() - started;
    figures.dumpBytes = statSync(file).size;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${restoredName}`);
      await admin.query(`create database ${restoredName}`);
      execFileSync(path.join(PG_BIN, 'pg_restore'), ['--no-owner', '-d', target.toString(), file]);
      const restored = await openDatabase({ databaseUrl: target.toString(), poolSize: 2 });
      try {
        await expectSameAndVerified(restored.db);
      } finally {
        await restored.close();
      }
    } finally {
      await admin.query(`drop database if exists ${restoredName}`).catch(() => {});
      await admin.end();
    }
    figures.roundTripMs = Date.now() - started;
  }, 60_000);
});
