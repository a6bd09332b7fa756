import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type AuditVerification, verifyAuditChain } from '../audit/index.js';
import { AppError } from '../errors.js';
import { type Database, type Engine, openDatabase } from './database.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import type { DB } from './schema.js';

/**
 * `motcua backup` / `motcua restore`: one file per backup, on either engine.
 *
 * The file is a one-line header followed by the engine's own dump (PostgreSQL: `pg_dump -Fc`;
 * PGlite: the gzip tarball of `dumpDataDir`):
 *
 *     MOTCUA-BACKUP/1 {"engine":"postgres","payloadBytes":…,"sha256":"…","counts":{…},…}\n
 *     <payload>
 *
 * The header carries the payload's length and SHA-256, so a truncated, edited or foreign file is
 * refused (`backup_invalid`) before anything is touched; and the row counts taken in the same
 * snapshot as the dump, so a restore can prove it brought back every row. `tail -n +2 FILE`
 * gives the plain engine dump back to an operator who needs `pg_restore` by hand.
 */
export const BACKUP_MAGIC = 'MOTCUA-BACKUP/1 ';
const MAX_HEADER_BYTES = 64 * 1024;

/** The tables whose row counts are recorded in the header and compared after a restore. */
export const COUNTED_TABLES = [
  'tenants',
  'units',
  'users',
  'dossiers',
  'dossier_events',
  'audit_log',
  'outbox',
] as const;

export interface BackupHeader {
  engine: Engine;
  createdAt: string;
  /** The PostgreSQL version of the source (PGlite embeds one too). */
  serverVersion: string;
  /** The highest migration applied in the source. */
  schema: number;
  counts: Record<string, number>;
  payloadBytes: number;
  sha256: string;
}

export interface BackupTarget {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

export interface BackupResult {
  file: string;
  bytes: number;
  header: BackupHeader;
}

export interface RestoreResult {
  header: BackupHeader;
  /** Row counts read back from the restored database (equal to header.counts). */
  counts: Record<string, number>;
  /** The audit chain, verified on the restored database. */
  audit: AuditVerification;
  /** True when existing data was replaced (--force). */
  replaced: boolean;
  /** Where it went: the data directory, or the database name. */
  target: string;
}

/**
 * Writes a backup of the database named by `target` to `out`. PostgreSQL: `pg_dump -Fc` from
 * the snapshot the counts were read in (so they agree even while a server writes). PGlite: the
 * data directory is opened with its lock, so a running server makes this `data_dir_locked` —
 * stop it first; the dump takes a second or two for a small province.
 * Throws `backup_tool_missing`, `backup_failed`, `data_dir_locked`, `not_found`.
 */
export async function backupDatabase(target: BackupTarget, out: string): Promise<BackupResult> {
  const folder = path.dirname(path.resolve(out));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AppError('validation_failed', {
      message: `cannot write ${out}: the directory ${folder} does not exist`,
      details: { out },
    });
  }
  // The dump waits beside the destination (not in a small /tmp) until its checksum is known.
  const work = await mkdtemp(path.join(folder, '.motcua-backup-'));
  try {
    const payload = path.join(work, 'payload');
    const meta = target.databaseUrl
      ? await dumpPostgres(target.databaseUrl, payload)
      : await dumpPGlite(requireDataDir(target), payload);
    const { bytes, sha256 } = await hashFile(payload);
    const header: BackupHeader = {
      ...meta,
      engine: target.databaseUrl ? 'postgres' : 'pglite',
      createdAt: new Date().toISOString(),
      payloadBytes: bytes,
      sha256,
    };
    // Written beside the destination and renamed, so a failed backup never leaves a file that
    // looks like a backup under the requested name.
    const partial = `${out}.partial-${process.pid}`;
    try {
      const stream = createWriteStream(partial);
      stream.write(`${BACKUP_MAGIC}${JSON.stringify(header)}\n`);
      await pipeline(createReadStream(payload), stream);
      const synced = await open(partial, 'r+');
      await synced.sync();
      await synced.close();
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { file: out, bytes: statSync(out).size, header };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into `target`. The file is checked first (header, length, SHA-256, engine);
 * the dump is restored into a new sibling (a temporary data directory, or a temporary database
 * on the same server), its row counts compared with the header and its audit chain verified,
 * and only then swapped in place of the target. Any failure before the swap leaves the target
 * as it was. A target holding data is replaced only with `force`; a directory that holds files
 * but is not a data directory is never replaced.
 * Throws `backup_invalid`, `restore_target_not_empty`, `restore_target_busy`,
 * `data_dir_locked`, `backup_tool_missing`, `backup_failed`.
 */
export async function restoreDatabase(
  from: string,
  target: BackupTarget,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  const checked = await readBackupHeader(from);
  const { header } = checked;
  const engine: Engine = target.databaseUrl ? 'postgres' : 'pglite';
  if (header.engine !== engine) {
    throw new AppError('backup_invalid', {
      message: `${from} is a ${header.engine} backup; it cannot be restored into ${engine}`,
      details: { file: from, engine: header.engine, target: engine },
    });
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'motcua-restore-'));
  try {
    const payload = path.join(work, 'payload');
    await extractPayload(from, checked, payload);
    return target.databaseUrl
      ? await restorePostgres(header, payload, target.databaseUrl, options.force === true)
      : await restorePGlite(header, payload, requireDataDir(target), options.force === true);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A header read from a file, with where the payload starts. */
export interface CheckedHeader {
  header: BackupHeader;
  payloadOffset: number;
}

/**
 * Reads and checks the header line and that the file has exactly the announced length
 * (`backup_invalid` otherwise); the payload's checksum is checked as it is extracted.
 */
export async function readBackupHeader(file: string): Promise<CheckedHeader> {
  const invalid = (reason: string) =>
    new AppError('backup_invalid', {
      message: `${file} is not a usable Một Cửa backup: ${reason}`,
      details: { file, reason },
    });
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new AppError('not_found', { message: `no such file: ${file}`, details: { file } });
  }
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!head.subarray(0, BACKUP_MAGIC.length).equals(Buffer.from(BACKUP_MAGIC))) {
    throw invalid('it does not start with the Một Cửa backup header');
  }
  const end = head.indexOf(0x0a);
  if (end < 0) throw invalid('the header line is not terminated');
  let parsed: unknown;
  try {
    parsed = JSON.parse(head.subarray(BACKUP_MAGIC.length, end).toString('utf8'));
  } catch {
    throw invalid('the header is not valid JSON');
  }
  const h = parsed as Partial<BackupHeader>;
  if (
    (h.engine !== 'postgres' && h.engine !== 'pglite') ||
    typeof h.payloadBytes !== 'number' ||
    typeof h.sha256 !== 'string' ||
    typeof h.counts !== 'object' ||
    h.counts === null ||
    typeof h.schema !== 'number'
  ) {
    throw invalid('the header lacks engine, payloadBytes, sha256, counts or schema');
  }
  const expected = end + 1 + h.payloadBytes;
  if (size !== expected) {
    throw invalid(
      size < expected
        ? `it is truncated (${size} bytes, the header announces ${expected})`
        : `it has ${size - expected} bytes more than the header announces`,
    );
  }
  return { header: h as BackupHeader, payloadOffset: end + 1 };
}

/** Copies the payload out of the backup, checking its SHA-256 against the header. */
async function extractPayload(file: string, checked: CheckedHeader, dest: string): Promise<void> {
  const { header, payloadOffset: start } = checked;
  const hash = createHash('sha256');
  const source = createReadStream(file, { start });
  source.on('data', (chunk) => hash.update(chunk));
  await pipeline(source, createWriteStream(dest));
  const actual = hash.digest('hex');
  if (actual !== header.sha256) {
    throw new AppError('backup_invalid', {
      message: `${file} is corrupt: its content does not match the checksum in its header`,
      details: { file, expected: header.sha256, actual },
    });
  }
}

async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

function requireDataDir(target: BackupTarget): string {
  if (!target.dataDir) throw new AppError('validation_failed', { message: 'no data directory' });
  return path.resolve(target.dataDir);
}

type SourceMeta = Pick<BackupHeader, 'serverVersion' | 'schema' | 'counts'>;

/** Row counts of the counted tables that exist, and the schema version, in one snapshot. */
async function readSourceMeta(
  query: <R>(text: string) => Promise<R[]>,
  source: string,
): Promise<SourceMeta> {
  const [found] = await query<{ ok: boolean }>(
    `select to_regclass('public.schema_migrations') is not null as ok`,
  );
  if (!found?.ok) {
    throw new AppError('not_found', {
      message: `${source} holds no Một Cửa database (no schema_migrations table)`,
      details: { source },
    });
  }
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    // The names are the constants above, never input.
    const [exists] = await query<{ ok: boolean }>(
      `select to_regclass('public.${table}') is not null as ok`,
    );
    if (!exists?.ok) continue;
    const [row] = await query<{ n: number | string }>(`select count(*) as n from public.${table}`);
    counts[table] = Number(row?.n ?? 0);
  }
  const [schema] = await query<{ id: number | string | null }>(
    'select max(id) as id from schema_migrations',
  );
  const [version] = await query<{ server_version: string }>('show server_version');
  return {
    counts,
    schema: Number(schema?.id ?? 0),
    serverVersion: version?.server_version ?? 'unknown',
  };
}

async function countRows(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const exists = await sql<{
      ok: boolean;
    }>`select to_regclass(${`public.${table}`}) is not null as ok`.execute(db);
    if (!exists.rows[0]?.ok) continue;
    const r = await sql<{
      n: number;
    }>`select count(*)::bigint as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// PGlite

async function dumpPGlite(dataDir: string, payload: string): Promise<SourceMeta> {
  // Opening an empty directory would run initdb there: a backup must never create a database.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new AppError('not_found', {
      message: `${dataDir} holds no database`,
      details: { dataDir },
    });
  }
  // openDatabase takes the directory's lock: data_dir_locked while a server runs on it.
  const database = await openDatabase({ dataDir });
  try {
    const meta = await readSourceMeta(async (text) => {
      const r = await sql.raw(text).execute(database.db);
      return r.rows as never[];
    }, dataDir);
    const dump = await (database.pglite as NonNullable<Database['pglite']>).dumpDataDir('gzip');
    const handle = await open(payload, 'w');
    try {
      await handle.write(Buffer.from(await dump.arrayBuffer()));
    } finally {
      await handle.close();
    }
    return meta;
  } finally {
    await database.close();
  }
}

async function restorePGlite(
  header: BackupHeader,
  payload: string,
  dataDir: string,
  force: boolean,
): Promise<RestoreResult> {
  // Held from the first look at the target until the swap is done: a server started meanwhile
  // gets data_dir_locked, and a running one makes this restore data_dir_locked.
  const targetLock = await acquireDataDirLock(dataDir);
  let stagingLock: DataDirLock | undefined;
  const staging = `${dataDir}.restoring-${process.pid}-${randomBytes(4).toString('hex')}`;
  const replacedDir = `${dataDir}.replaced-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const entries = (await readdir(dataDir)).filter((e) => e !== '.motcua.lock');
    const isDataDir = entries.includes('PG_VERSION');
    if (entries.length > 0 && !isDataDir) {
      throw new AppError('restore_target_not_empty', {
        message: `${dataDir} holds files but is not a data directory; it is never replaced`,
        details: { target: dataDir, dataDirectory: false },
      });
    }
    if (isDataDir && !force) {
      throw new AppError('restore_target_not_empty', {
        message: `${dataDir} already holds a database; pass --force to replace it`,
        details: { target: dataDir },
      });
    }
    let counts: Record<string, number>;
    let audit: AuditVerification;
    try {
      const restored = await openDatabase({
        dataDir: staging,
        loadDataDir: new Blob([await readFile(payload)]),
      });
      try {
        counts = await countRows(restored.db);
        audit = await verifyAuditChain(restored.db);
      } finally {
        await restored.close();
      }
      expectSameCounts(header, counts);
      // The staging directory carries a lock of ours through the swap, so the target is never
      // unlocked between the two renames' results.
      stagingLock = await acquireDataDirLock(staging);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw restoreFailure(error);
    }
    await rename(dataDir, replacedDir);
    try {
      await rename(staging, dataDir);
    } catch (error) {
      await rename(replacedDir, dataDir);
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    await rm(replacedDir, { recursive: true, force: true });
    return { header, counts, audit, replaced: isDataDir, target: dataDir };
  } finally {
    // Both handles remove the lock file by path: targetLock's path now holds the lock that came
    // with the staging directory, so this leaves the restored directory unlocked and ready.
    await stagingLock?.release();
    await targetLock.release();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/**
 * Finds pg_dump or pg_restore: $PG_BIN, then PATH, then the newest Debian/Ubuntu
 * /usr/lib/postgresql/<version>/bin (where the server's packages put it without a PATH entry).
 */
export function findPgTool(
  name: 'pg_dump' | 'pg_restore',
  options: { env?: NodeJS.ProcessEnv; debianRoot?: string } = {},
): string {
  const env = options.env ?? process.env;
  const root = options.debianRoot ?? '/usr/lib/postgresql';
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(path.join(env.PG_BIN, name));
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir) candidates.push(path.join(dir, name));
  }
  try {
    // Synchronous on purpose: the lookup runs once per command, before any work.
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(root, v, 'bin', name));
  } catch {
    // No Debian layout: PATH and PG_BIN were the places to look.
  }
  const found = candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new AppError('backup_tool_missing', {
      message: `${name} was not found in PG_BIN, PATH or ${root}/*/bin; install the PostgreSQL client (e.g. apt-get install postgresql-client-15) or set PG_BIN`,
      details: { tool: name },
    });
  }
  return found;
}

/**
 * Runs pg_dump or pg_restore on a database URL, collecting stderr; a non-zero exit becomes
 * `backup_failed` with its message. A password moves from the URL to PGPASSWORD, so it is not
 * on a command line that every user of the machine can read in `ps`.
 */
function run(tool: string, args: string[], url: string): Promise<void> {
  const parsed = new URL(url);
  const env = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return new Promise((resolve, reject) => {
    const child = spawn(tool, ['-d', parsed.toString(), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 8000) stderr += String(chunk);
    });
    child.on('error', (error) =>
      reject(
        new AppError('backup_failed', {
          message: `${path.basename(tool)} could not be run: ${error.message}`,
          cause: error,
        }),
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new AppError('backup_failed', {
            message: `${path.basename(tool)} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
            details: { tool: path.basename(tool), exitCode: code, stderr: stderr.trim() },
          }),
        );
    });
  });
}

async function dumpPostgres(url: string, payload: string): Promise<SourceMeta> {
  const pgDump = findPgTool('pg_dump');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The counts and pg_dump read the same exported snapshot, so the header matches the dump
    // exactly even while a server keeps writing.
    await client.query('begin isolation level repeatable read read only');
    const meta = await readSourceMeta(async (text) => (await client.query(text)).rows, redact(url));
    const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0]
      ?.s as string;
    await run(pgDump, ['-Fc', `--snapshot=${snapshot}`, '-f', payload], url);
    await client.query('commit');
    return meta;
  } finally {
    await client.end();
  }
}

async function restorePostgres(
  header: BackupHeader,
  payload: string,
  url: string,
  force: boolean,
): Promise<RestoreResult> {
  const pgRestore = findPgTool('pg_restore');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) {
    throw new AppError('validation_failed', {
      message: 'the database URL names no database',
      details: { url: redact(url) },
    });
  }
  const admin = new pg.Client({
    connectionString: withDatabase(url, name === 'postgres' ? 'template1' : 'postgres'),
  });
  await admin.connect();
  const staging = `${name.slice(0, 40)}_restoring_${randomBytes(4).toString('hex')}`;
  const replacedName = `${name.slice(0, 40)}_replaced_${randomBytes(4).toString('hex')}`;
  let stagingCreated = false;
  try {
    const exists =
      (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    const inUse = async () =>
      Number(
        (
          await admin.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
            [name],
          )
        ).rows[0]?.n ?? 0,
      );
    let holdsData = false;
    if (exists) {
      holdsData = (await userTableCount(withDatabase(url, name))) > 0;
      if (holdsData && !force) {
        throw new AppError('restore_target_not_empty', {
          message: `database ${name} already holds tables; pass --force to replace it`,
          details: { target: name },
        });
      }
      const sessions = await inUse();
      if (sessions > 0) throw busy(name, sessions);
    }
    try {
      // template0: nothing a site added to template1 ends up beside the restored objects.
      await admin.query(`create database ${pg.escapeIdentifier(staging)} template template0`);
      stagingCreated = true;
      await run(pgRestore, ['--no-owner', '--exit-on-error', payload], withDatabase(url, staging));
    } catch (error) {
      throw restoreFailure(error);
    }
    const restored = await openDatabase({ databaseUrl: withDatabase(url, staging), poolSize: 2 });
    let counts: Record<string, number>;
    let audit: AuditVerification;
    try {
      counts = await countRows(restored.db);
      audit = await verifyAuditChain(restored.db);
    } finally {
      await restored.close();
    }
    expectSameCounts(header, counts);
    if (exists) {
      try {
        await admin.query(
          `alter database ${pg.escapeIdentifier(name)} rename to ${pg.escapeIdentifier(replacedName)}`,
        );
      } catch (error) {
        // 55006 object_in_use: a session connected since the check above.
        if ((error as { code?: string }).code === '55006') throw busy(name, await inUse());
        throw error;
      }
    }
    await admin.query(
      `alter database ${pg.escapeIdentifier(staging)} rename to ${pg.escapeIdentifier(name)}`,
    );
    stagingCreated = false;
    if (exists) await admin.query(`drop database ${pg.escapeIdentifier(replacedName)}`);
    return { header, counts, audit, replaced: holdsData, target: name };
  } finally {
    if (stagingCreated) {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(staging)}`).catch(() => {});
    }
    await admin.end();
  }
}

function busy(name: string, sessions: number): AppError {
  return new AppError('restore_target_busy', {
    message: `database ${name} has ${sessions} other session(s); stop the server before restoring`,
    details: { target: name, sessions },
  });
}

async function userTableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg_toast%'`,
    );
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------

function expectSameCounts(header: BackupHeader, counts: Record<string, number>): void {
  const differing = Object.keys(header.counts).filter((t) => counts[t] !== header.counts[t]);
  if (differing.length > 0) {
    throw new AppError('backup_failed', {
      message: `the restored database differs from the backup in ${differing.join(', ')}`,
      details: Object.fromEntries(
        differing.map((t) => [t, { backup: header.counts[t], restored: counts[t] ?? null }]),
      ),
    });
  }
}

/** Failures while loading a checked payload are the engine's, not the file's. */
function restoreFailure(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('backup_failed', { message: `restore failed: ${message}`, cause: error });
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(database URL)';
  }
}
