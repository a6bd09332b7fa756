import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The numbered SQL files, in order. Forward-only: a file once applied is never edited. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => NAME.test(f)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    migrations.push({
      id: Number(file.slice(0, 4)),
      name: file,
      sql: text,
      checksum: createHash('sha256').update(text).digest('hex').slice(0, 16),
    });
  }
  const ids = new Set<number>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`two migrations are numbered ${m.id}`);
    ids.add(m.id);
  }
  return migrations;
}

/**
 * Applies every migration not yet applied, each in its own transaction, and records it. An
 * advisory lock keeps two servers starting at once on PostgreSQL from applying a file twice.
 * Returns the names applied.
 */
export async function migrate(database: Database, migrations?: Migration[]): Promise<string[]> {
  const list = migrations ?? (await loadMigrations());
  await database.exec(`
    create table if not exists schema_migrations (
      id integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  const applied: string[] = [];
  await database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(727274)`.execute(conn);
    try {
      const done = await sql<{
        id: number;
        checksum: string;
      }>`select id, checksum from schema_migrations`.execute(conn);
      const doneIds = new Map(done.rows.map((r) => [Number(r.id), r.checksum]));
      for (const m of list) {
        const previous = doneIds.get(m.id);
        if (previous !== undefined) {
          if (previous !== m.checksum) {
            throw new Error(`migration ${m.name} was edited after it was applied (forward-only)`);
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          // PGlite's parameterised path takes one statement; its exec runs a script on the same
          // single session, so it is inside this transaction (we hold that session).
          if (database.pglite) await database.pglite.exec(m.sql);
          else await sql.raw(m.sql).execute(trx);
          await sql`insert into schema_migrations (id, name, checksum) values (${m.id}, ${m.name}, ${m.checksum})`.execute(
            trx,
          );
        });
        applied.push(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(727274)`.execute(conn);
    }
  });
  return applied;
}
