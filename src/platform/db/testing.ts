import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from './database.js';
import { loadMigrations, migrate } from './migrate.js';

/**
 * A fresh, migrated database for one test file, on the engine the run was asked for: PGlite by
 * default, PostgreSQL when DATABASE_URL is set (the same test files run on both).
 *
 * Creating and migrating a PGlite database takes seconds, so the migrated state is built once
 * per schema version into a snapshot file and each test database starts from it; on
 * PostgreSQL each test database is a copy of a migrated template database.
 */
export async function createTestDatabase(): Promise<Database> {
  const migrations = await loadMigrations();
  const version = createHash('sha256')
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const url = process.env.DATABASE_URL;
  return url ? createPostgresTestDatabase(url, version) : createPGliteTestDatabase(version);
}

async function createPGliteTestDatabase(version: string): Promise<Database> {
  const dir = path.join(os.tmpdir(), 'motcua-test-snapshots');
  const file = path.join(dir, `schema-${version}.tar.gz`);
  if (!existsSync(file)) await buildSnapshot(dir, file);
  const blob = new Blob([await readFile(file)]);
  return openDatabase({ memory: true, loadDataDir: blob });
}

async function buildSnapshot(dir: string, file: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lockFile = `${file}.lock`;
  // Several test workers may start at once: one builds, the others wait for the file.
  for (let waited = 0; ; waited += 200) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.close();
      break;
    } catch {
      if (existsSync(file)) return;
      if (waited > 120_000) await rm(lockFile, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (existsSync(file)) return;
    const database = await openDatabase({ memory: true });
    await migrate(database);
    const dump = await database.pglite!.dumpDataDir('gzip');
    await database.close();
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
    await rename(temporary, file);
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function createPostgresTestDatabase(url: string, version: string): Promise<Database> {
  const template = `motcua_tpl_${version}`;
  const name = `motcua_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(727275)');
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) {
        await admin.query(`create database ${template}`);
        const database = await openDatabase({
          databaseUrl: withDatabase(url, template),
          poolSize: 1,
        });
        await migrate(database);
        await database.close();
      }
      await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.query('select pg_advisory_unlock(727275)');
    }
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 5 });
  const close = database.close.bind(database);
  return Object.assign(database, {
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name}`).catch(() => {});
      await dropper.end();
    },
  });
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
