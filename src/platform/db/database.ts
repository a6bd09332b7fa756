import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/**
 * One handle on the database, whichever engine is behind it. Code above this file sees only
 * Kysely and `exec` (multi-statement scripts such as migrations); nothing is written twice
 * for the two engines.
 */
export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<DB>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  /** The PGlite instance, for dumps and COPY; undefined on PostgreSQL. */
  readonly pglite: PGlite | undefined;
  /** The pg pool, for COPY and benchmarks; undefined on PGlite. */
  readonly pool: pg.Pool | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** A PGlite data-directory dump to start from (tests start from a migrated snapshot). */
  loadDataDir?: Blob | File | undefined;
  /** In-memory PGlite (no directory, no lock). */
  memory?: boolean;
  poolSize?: number;
}

// The same JavaScript types on both engines: counts and ids as numbers, dates as 'YYYY-MM-DD'
// strings (a DATE has no time zone; turning it into a Date shifts it by the host's offset).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parseNumber = (value: string) => Number(value);
const keepText = (value: string) => value;

/** Opens PGlite in a directory (with an exclusive lock) or a pool on a PostgreSQL server. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPGlite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const parsers: Record<number, (value: string) => unknown> = {
    [INT8]: parseNumber,
    [NUMERIC]: parseNumber,
    [DATE]: keepText,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ??
        pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // Fail now with a clear message rather than on the first request.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    pglite: undefined,
    pool,
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPGlite(options: OpenDatabaseOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (!options.memory && options.dataDir) lock = await acquireDataDirLock(options.dataDir);
  try {
    const pglite = await PGlite.create({
      ...(options.memory || !options.dataDir ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8]: parseNumber, [NUMERIC]: parseNumber, [DATE]: keepText },
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      engine: 'pglite',
      db,
      pglite,
      pool: undefined,
      async exec(script) {
        // Through Kysely so the script waits for the connection like every other query.
        await db.connection().execute(() => pglite.exec(script));
      },
      async close() {
        await db.destroy();
        await pglite.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
