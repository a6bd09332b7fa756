import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { initPGliteDataDir } from './pglite-init.js';
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
  /**
   * A handle for background workers (the outbox): on PostgreSQL a second pool of
   * BACKGROUND_POOL_SIZE connections, opened on first use and closed with the database, so a
   * worker's rounds never queue behind requests for a connection nor take one a request needs;
   * on PGlite (one connection whatever the handle) `db` itself.
   */
  background(): Kysely<DB>;
  /**
   * A handle whose prepared statements always run their generic plan, for the hottest reads
   * whose parameters change the plan's cost but never its shape (the public look-up's batches
   * of codes). PostgreSQL re-plans a prepared statement for its parameters unless the generic
   * plan looks no dearer, and with an array of codes it never does: the look-up planned each
   * batch anew (≈ 1 ms, ten times its run time; docs/BENCHMARKS.md). On PostgreSQL a pool of
   * GENERIC_PLAN_POOL_SIZE connections opened on first use with `plan_cache_mode =
   * force_generic_plan`; on PGlite `db` itself (one connection, and its planning is no issue at
   * an embedded database's load).
   */
  genericPlans(): Kysely<DB>;
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

/** Connections of the background workers' pool (see Database.background). */
export const BACKGROUND_POOL_SIZE = 2;
/** Connections of the generic-plan pool (see Database.genericPlans). */
export const GENERIC_PLAN_POOL_SIZE = 4;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = await openPool(url, poolSize);
  const db = poolKysely(pool);
  let background: Kysely<DB> | undefined;
  let genericPlans: Kysely<DB> | undefined;
  return {
    engine: 'postgres',
    db,
    pglite: undefined,
    pool,
    background() {
      // pg.Pool connects lazily, so this opens nothing until the first query.
      background ??= poolKysely(newPool(url, 'motcua-background', BACKGROUND_POOL_SIZE));
      return background;
    },
    genericPlans() {
      genericPlans ??= poolKysely(
        newPool(
          url,
          'motcua-generic-plans',
          GENERIC_PLAN_POOL_SIZE,
          '-c plan_cache_mode=force_generic_plan',
        ),
      );
      return genericPlans;
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await background?.destroy();
      await genericPlans?.destroy();
      await db.destroy();
    },
  };
}

async function openPool(url: string, poolSize: number): Promise<pg.Pool> {
  const pool = newPool(url, 'motcua', poolSize);
  // Fail now with a clear message rather than on the first request.
  const client = await pool.connect();
  client.release();
  return pool;
}

function poolKysely(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => preparing(await pool.connect()),
        end: () => pool.end(),
      } as unknown as pg.Pool,
    }),
  });
}

/**
 * A pool whose sessions show `name` as their application_name (pg_stat_activity tells the
 * server's pools apart); `options` are server settings for its sessions (`-c name=value`).
 */
function newPool(url: string, name: string, poolSize: number, options?: string): pg.Pool {
  const parsers: Record<number, (value: string) => unknown> = {
    [INT8]: parseNumber,
    [NUMERIC]: parseNumber,
    [DATE]: keepText,
  };
  return new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: name,
    ...(options ? { options } : {}),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ??
        pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
}

/** Statements prepared per connection at most; later new texts run unnamed (see `preparing`). */
export const PREPARED_PER_CONNECTION = 500;
/** Longer texts are bulk statements (multi-row inserts) that differ every time: never prepared. */
const PREPARED_MAX_TEXT = 20_000;
const PREPARING = Symbol('motcua.preparing');
/** Statement names by text, shared by the connections (hashing a long CTE on every call showed). */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `k${createHash('sha1').update(text).digest('base64url')}`;
    if (statementNames.size >= 4 * PREPARED_PER_CONNECTION) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Makes Kysely's parameterised queries on this connection named prepared statements, named by a
 * hash of their text: PostgreSQL parses and plans each text once per connection instead of on
 * every execution. Without it, planning dominated a dossier transition's cost on the server
 * (the six-join dossier read plans in ≈ 0.9 ms and runs in ≈ 0.1 ms; measured 11× faster a
 * query when prepared, docs/BENCHMARKS.md). Queries without parameters (BEGIN, COMMIT, scripts)
 * keep the simple protocol, which may hold several statements. Kysely builds the same text for
 * the same query shape, so the number of distinct texts is small; the cap bounds what a
 * connection keeps on the server all the same.
 */
function preparing(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [PREPARING]?: true };
  if (marked[PREPARING]) return client;
  marked[PREPARING] = true;
  const names = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (
      args.length === 2 &&
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      text.length <= PREPARED_MAX_TEXT
    ) {
      const name = statementName(text);
      if (names.has(name) || names.size < PREPARED_PER_CONNECTION) {
        names.add(name);
        return query({ name, text, values });
      }
    }
    return query(...args);
  };
  return client;
}

async function openPGlite(options: OpenDatabaseOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (!options.memory && options.dataDir) lock = await acquireDataDirLock(options.dataDir);
  try {
    if (lock && options.dataDir && !options.loadDataDir) await initPGliteDataDir(options.dataDir);
    const pglite = await PGlite.create({
      ...(options.memory || !options.dataDir ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8]: parseNumber, [NUMERIC]: parseNumber, [DATE]: keepText },
      // 32 MB of shared buffers instead of PostgreSQL's 128 MB: the buffers live in PGlite's
      // WebAssembly memory, which never shrinks, and an embedded database (the demo province
      // is 70 MB) reads the rest from the operating system's cache. Keeps `npm start` and the
      // server's resident memory low (issues 7 and 9).
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      engine: 'pglite',
      db,
      pglite,
      pool: undefined,
      background: () => db,
      genericPlans: () => db,
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
