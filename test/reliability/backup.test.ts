import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCommand } from '../../src/cli/commands/backup.js';
import { restoreCommand } from '../../src/cli/commands/restore.js';
import { buildReception, buildWorld } from '../../src/modules/dossiers/dossier.test-support.js';
import { performAction, receiveDossier } from '../../src/modules/dossiers/index.js';
import { verifyAuditChain } from '../../src/platform/audit/index.js';
import { BACKUP_MAGIC, findPgTool, readBackupHeader } from '../../src/platform/db/backup.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import type { DB } from '../../src/platform/db/schema.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';

/**
 * Issue 8, data safety: `motcua backup` writes one checked file and `motcua restore` brings it
 * back with every row and a verifying audit chain; it refuses a target that holds data without
 * --force, and a truncated, corrupt or foreign file is refused with `backup_invalid` while the
 * target stays as it was. The same tests on both engines: PGlite in a data directory (default)
 * or PostgreSQL when DATABASE_URL is set.
 */
const url = process.env.DATABASE_URL;
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

// Made at load time: the targets are named while the tests are collected.
const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-'));
/** The global option naming the source, and how to name a target of our own. */
let source: string[];
let sourceCounts: Record<string, number>;
let sourceHeads: string | undefined;
let tenantId: number;
const databases: string[] = [];
const figures: Record<string, number> = {};

/** A target: its global options and a way to open it. */
interface Target {
  args: string[];
  open(): Promise<Database>;
  /** Staging leftovers beside the target (there must be none). */
  leftovers(): Promise<string[]>;
}

function newTarget(label: string): Target {
  if (url) {
    const name = `backup_${label}_${randomBytes(3).toString('hex')}`;
    databases.push(name);
    const target = withDatabase(url, name);
    return {
      args: ['--database-url', target],
      open: () => openDatabase({ databaseUrl: target, poolSize: 2 }),
      leftovers: async () =>
        (await admin<{ datname: string }>('select datname from pg_database')).rows
          .map((r) => r.datname)
          .filter((n) => n.startsWith(`${name.slice(0, 40)}_`)),
    };
  }
  const target = path.join(dir, `target-${label}`);
  return {
    args: ['--data-dir', target],
    open: () => openDatabase({ dataDir: target }),
    leftovers: async () => readdirSync(dir).filter((n) => n.startsWith(`target-${label}.`)),
  };
}

async function admin<R extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<R>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<R>(text);
  } finally {
    await client.end();
  }
}

function withDatabase(base: string, name: string): string {
  const parsed = new URL(base);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

beforeAll(async () => {
  let database = await createTestDatabase();
  if (url) {
    const name = (await sql<{ n: string }>`select current_database() as n`.execute(database.db))
      .rows[0]?.n as string;
    source = ['--database-url', withDatabase(url, name)];
  } else {
    // The commands work on a data directory: move the migrated in-memory database into one.
    const dump = await database.pglite!.dumpDataDir('gzip');
    await database.close();
    const dataDir = path.join(dir, 'source');
    database = await openDatabase({ dataDir, loadDataDir: dump });
    source = ['--data-dir', dataDir];
  }
  try {
    const w = await buildWorld(database);
    tenantId = w.tenantId;
    for (let i = 0; i < DOSSIERS; i++) {
      const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
      await performAction(w.ctx, {
        actor: w.actors.counter,
        dossierId: r.id,
        action: 'transfer',
        version: r.version,
      });
    }
    sourceCounts = await counts(database.db);
    sourceHeads = await heads(database.db);
  } finally {
    // PGlite: the backup opens the directory itself and needs its lock. PostgreSQL: the test
    // database is dropped on close, so it stays open until afterAll.
    if (!url) await database.close();
    else afterAll(() => database.close());
  }
}, 120_000);

afterAll(async () => {
  console.info(`[backup] ${JSON.stringify(figures)}`);
  rmSync(dir, { recursive: true, force: true });
  for (const name of databases) await admin(`drop database if exists ${name}`).catch(() => {});
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

/** Every audit hash in (stream, seq) order: equal means the chain was restored, not rebuilt. */
async function heads(db: Kysely<DB>): Promise<string | undefined> {
  return (
    await sql<{
      h: string;
    }>`select string_agg(hash, ',' order by stream, seq) as h from audit_log`.execute(db)
  ).rows[0]?.h;
}

/** Runs one command under the same global options as bin/motcua.js. */
async function cli(
  args: string[],
): Promise<{ out: string; exitCode: number; json?: Record<string, unknown> }> {
  let out = '';
  let exitCode = 0;
  const writeOut = (text: string) => {
    out += text;
  };
  const program = new Command('motcua')
    .option('--database-url <url>')
    .option('--data-dir <dir>')
    .exitOverride();
  program.addCommand(backupCommand({ writeOut }).exitOverride());
  program.addCommand(
    restoreCommand({
      writeOut,
      setExitCode: (code) => {
        exitCode = code;
      },
    }).exitOverride(),
  );
  await program.parseAsync(args, { from: 'user' });
  const json = args.includes('--json') ? (JSON.parse(out) as Record<string, unknown>) : undefined;
  return { out, exitCode, ...(json ? { json } : {}) };
}

let backupFile: string;

async function expectRestored(target: Target): Promise<void> {
  const restored = await target.open();
  try {
    expect(await counts(restored.db)).toEqual(sourceCounts);
    expect((await verifyAuditChain(restored.db, { tenantId })).ok).toBe(true);
    expect(await heads(restored.db)).toBe(sourceHeads);
  } finally {
    await restored.close();
  }
}

/** Adds a tenant the backup does not hold, to see whether a refused restore touched the target. */
async function mark(target: Target): Promise<void> {
  const database = await target.open();
  try {
    await database.db
      .insertInto('tenants')
      .values({ code: 'MARK', name: 'marker', settings: '{}' })
      .execute();
  } finally {
    await database.close();
  }
}

async function marked(target: Target): Promise<boolean> {
  const database = await target.open();
  try {
    const row = await database.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'MARK')
      .executeTakeFirst();
    return row !== undefined;
  } finally {
    await database.close();
  }
}

describe(`motcua backup and restore (${url ? 'PostgreSQL' : 'PGlite'})`, () => {
  const target = newTarget('main');

  it('writes one file and reports its size, duration and what it holds', async () => {
    backupFile = path.join(dir, 'motcua.backup');
    const started = Date.now();
    const r = await cli([...source, 'backup', '--out', backupFile]);
    figures.backupMs = Date.now() - started;
    expect(r.out).toMatch(
      new RegExp(
        `^backup written: ${backupFile.replace(/[.]/g, '\\.')} \\([\\d.]+ [KM]?B, ${url ? 'postgres' : 'pglite'}, schema \\d+\\) in [\\d.]+ s\\n`,
      ),
    );
    expect(r.out).toContain(
      `${sourceCounts.tenants} tenants, ${sourceCounts.dossiers} dossiers, ${sourceCounts.audit_log} audit rows`,
    );
    // Nothing but the file itself is left beside it.
    expect(readdirSync(dir).filter((n) => /^\.motcua-backup-|\.partial-/.test(n))).toEqual([]);
    const { header } = await readBackupHeader(backupFile);
    figures.backupBytes = readFileSync(backupFile).length;
    expect(header.counts).toEqual(sourceCounts);
    expect(readFileSync(backupFile).subarray(0, BACKUP_MAGIC.length).toString()).toBe(BACKUP_MAGIC);
  }, 60_000);

  it('restores into an empty target with the same rows and the same verifying audit chain', async () => {
    const started = Date.now();
    const r = await cli([...target.args, 'restore', '--from', backupFile]);
    figures.restoreMs = Date.now() - started;
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain('every counted table matches the backup');
    expect(r.out).toMatch(
      new RegExp(`audit chain: OK: ${sourceCounts.audit_log} rows in \\d+ streams`),
    );
    expect(await target.leftovers()).toEqual([]);
    await expectRestored(target);
  }, 60_000);

  it('refuses a target that holds data without --force, and leaves it as it was', async () => {
    await mark(target);
    await expect(cli([...target.args, 'restore', '--from', backupFile])).rejects.toMatchObject({
      code: 'restore_target_not_empty',
    });
    expect(await marked(target)).toBe(true);
  }, 60_000);

  it.each([
    ['a truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.7))],
    [
      'a corrupt',
      (b: Buffer) => {
        const c = Buffer.from(b);
        const at = c.length - 100;
        c[at] = (c[at] ?? 0) ^ 0xff;
        return c;
      },
    ],
    ['a foreign', () => Buffer.from('PGDMP this is not a Một Cửa backup\n')],
    [
      "the other engine's",
      (b: Buffer) => {
        const end = b.indexOf(0x0a);
        const header = JSON.parse(b.subarray(BACKUP_MAGIC.length, end).toString()) as {
          engine: string;
        };
        header.engine = header.engine === 'pglite' ? 'postgres' : 'pglite';
        return Buffer.concat([
          Buffer.from(`${BACKUP_MAGIC}${JSON.stringify(header)}\n`),
          b.subarray(end + 1),
        ]);
      },
    ],
  ])(
    'refuses %s file with backup_invalid, even with --force, and leaves the target as it was',
    async (label, spoil) => {
      const file = path.join(dir, `spoilt-${label.replace(/ /g, '-')}`);
      writeFileSync(file, spoil(readFileSync(backupFile)));
      await expect(
        cli([...target.args, 'restore', '--from', file, '--force']),
      ).rejects.toMatchObject({ code: 'backup_invalid' });
      expect(await marked(target)).toBe(true);
      expect(await target.leftovers()).toEqual([]);
    },
    60_000,
  );

  it('replaces the data with --force', async () => {
    const r = await cli([...target.args, 'restore', '--from', backupFile, '--force', '--json']);
    expect(r.json).toMatchObject({ replaced: true, audit: { ok: true }, counts: sourceCounts });
    expect(await marked(target)).toBe(false);
    expect(await target.leftovers()).toEqual([]);
    await expectRestored(target);
  }, 60_000);

  it('refuses an output file in a directory that does not exist, before any work', async () => {
    await expect(
      cli([...source, 'backup', '--out', path.join(dir, 'missing', 'motcua.backup')]),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('says so when pg_dump or pg_restore cannot be found', () => {
    expect(() =>
      findPgTool('pg_dump', { env: { PATH: dir }, debianRoot: path.join(dir, 'none') }),
    ).toThrow(expect.objectContaining({ code: 'backup_tool_missing' }));
    expect(
      findPgTool('pg_restore', { env: { PATH: '' }, debianRoot: '/usr/lib/postgresql' }),
    ).toMatch(/pg_restore$/);
  });
});

describe.skipIf(Boolean(url))('the data directory lock (PGlite)', () => {
  it('refuses to back up or restore a directory a server holds (data_dir_locked)', async () => {
    const dataDir = source[1] as string;
    const held = await openDatabase({ dataDir });
    try {
      await expect(
        cli([...source, 'backup', '--out', path.join(dir, 'locked.backup')]),
      ).rejects.toMatchObject({ code: 'data_dir_locked' });
      expect(existsSync(path.join(dir, 'locked.backup'))).toBe(false);
      await expect(
        cli([...source, 'restore', '--from', backupFile, '--force']),
      ).rejects.toMatchObject({ code: 'data_dir_locked' });
    } finally {
      await held.close();
    }
  }, 60_000);

  it('never replaces a directory that holds files but no database', async () => {
    // The test's own scratch directory: files, no PG_VERSION.
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    await expect(
      cli(['--data-dir', dir, 'restore', '--from', backupFile, '--force']),
    ).rejects.toMatchObject({ code: 'restore_target_not_empty' });
    expect(existsSync(path.join(dir, 'keep.txt'))).toBe(true);
  });
});

describe.skipIf(!url)('a target in use (PostgreSQL)', () => {
  it('refuses to replace a database with open sessions (restore_target_busy)', async () => {
    const target = newTarget('busy');
    await cli([...target.args, 'restore', '--from', backupFile]);
    await mark(target);
    const session = await target.open();
    try {
      await session.db.selectFrom('tenants').select('id').execute();
      await expect(
        cli([...target.args, 'restore', '--from', backupFile, '--force']),
      ).rejects.toMatchObject({ code: 'restore_target_busy' });
    } finally {
      await session.close();
    }
    expect(await marked(target)).toBe(true);
    expect(await target.leftovers()).toEqual([]);
  }, 60_000);
});
