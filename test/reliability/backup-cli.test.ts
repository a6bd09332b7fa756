import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReception, buildWorld } from '../../src/modules/dossiers/dossier.test-support.js';
import { receiveDossier } from '../../src/modules/dossiers/index.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';

/**
 * Issue 8: `motcua backup` and `motcua restore` end to end through bin/motcua.js, as an operator
 * runs them: exit codes, the summary on stdout, and `error: <code>: …` on stderr.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/motcua.js');
const url = process.env.DATABASE_URL;
const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-backup-cli-'));
const targetName = `backup_cli_${randomBytes(3).toString('hex')}`;
let source: string[];
let target: string[];
let dossiers = 0;
let database: Database | undefined;

function motcua(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error' } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

function withDatabase(base: string, name: string): string {
  const parsed = new URL(base);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

beforeAll(async () => {
  let db = await createTestDatabase();
  if (url) {
    const name = (await sql<{ n: string }>`select current_database() as n`.execute(db.db)).rows[0]
      ?.n as string;
    source = ['--database-url', withDatabase(url, name)];
    target = ['--database-url', withDatabase(url, targetName)];
    database = db;
  } else {
    const dump = await db.pglite!.dumpDataDir('gzip');
    await db.close();
    db = await openDatabase({ dataDir: path.join(dir, 'source'), loadDataDir: dump });
    source = ['--data-dir', path.join(dir, 'source')];
    target = ['--data-dir', path.join(dir, 'target')];
  }
  const w = await buildWorld(db);
  for (let i = 0; i < 5; i++) {
    await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    dossiers++;
  }
  // PGlite: the commands need the directory's lock. PostgreSQL: closing drops the test database.
  if (!url) await db.close();
}, 120_000);

afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${targetName}`).catch(() => {});
    await admin.end();
  }
});

describe(`bin/motcua.js backup and restore (${url ? 'PostgreSQL' : 'PGlite'})`, () => {
  const file = path.join(dir, 'motcua.backup');

  it('backs up, restores into a new target with a verified chain, and refuses bad input with stable codes', async () => {
    const backup = await motcua([...source, 'backup', '--out', file]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      /^backup written: .* in [\d.]+ s\n1 tenants, 5 dossiers, \d+ audit rows\n$/,
    );

    const restore = await motcua([...target, 'restore', '--from', file]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`1 tenants, ${dossiers} dossiers`);
    expect(restore.stdout).toMatch(/audit chain: OK: \d+ rows in \d+ streams\n$/);

    const again = await motcua([...target, 'restore', '--from', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: restore_target_not_empty: /);

    const truncated = path.join(dir, 'truncated.backup');
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 1));
    const bad = await motcua([...target, 'restore', '--from', truncated, '--force']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: backup_invalid: .*truncated/);
  }, 120_000);
});
