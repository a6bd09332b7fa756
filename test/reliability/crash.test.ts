import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../../src/modules/auth/testing.js';
import {
  buildReception,
  buildWorld,
  insertProcedure,
} from '../../src/modules/dossiers/dossier.test-support.js';
import { insertUnit } from '../../src/modules/org/org.repository.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';

/**
 * Issue 8, crash: the real server as a child process, killed with SIGKILL in the middle of
 * idempotent receptions from several clients, restarted, every unacknowledged request replayed
 * with its key. On PostgreSQL: every acknowledged dossier exists exactly once, the replays give
 * back the same dossiers, and each agency's codes of the day are 0001…n without a gap. On
 * PGlite (which never fsyncs, so a kill -9 may lose acknowledged writes by design) only the
 * data-directory lock is tested: a second process is refused, and the lock of a killed process
 * is taken over.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/motcua.js');
const url = process.env.DATABASE_URL;
// CI runs 1,000; `npm run test:crash -- --submissions 10000` runs the full size
// (test/reliability/run-crash.mjs sets these).
const SUBMISSIONS = Number(process.env.MOTCUA_CRASH_SUBMISSIONS ?? 1000);
const CLIENTS = Number(process.env.MOTCUA_CRASH_CLIENTS ?? 16);
// Receptions go to procedures of this many agencies, each with its own gap-free counter: a
// province receives for many agencies at once, and one counter row alone would serialise every
// commit (one WAL flush each) and measure the disk rather than the system.
const AGENCIES = Number(process.env.MOTCUA_CRASH_AGENCIES ?? 4);
// About 60 ms a reception on a loaded 2-core machine, plus two server starts.
const TIMEOUT_MS = Math.max(120_000, 60_000 + SUBMISSIONS * 60);
const children: ChildProcess[] = [];
const figures: Record<string, number> = {
  submissions: SUBMISSIONS,
  clients: CLIENTS,
  agencies: AGENCIES,
};

afterAll(() => {
  for (const child of children) if (!hasExited(child)) child.kill('SIGKILL');
  console.info(`[crash] ${JSON.stringify(figures)}`);
});

function serve(args: string[], port: number, env: Record<string, string> = {}): ChildProcess {
  // With its V8 flag given here, bin/motcua.js serves in this very process instead of a child of
  // its own, so SIGKILL hits the server itself: its parent's death would let it stop cleanly.
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=4',
      BIN,
      ...args,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  child.stdout?.resume();
  // The tail of stderr, so a server that fails to start says why in the test's failure.
  let tail = '';
  child.stderr?.on('data', (chunk) => {
    tail = (tail + String(chunk)).slice(-2000);
  });
  stderrTails.set(child, () => tail);
  return child;
}

const stderrTails = new WeakMap<ChildProcess, () => string>();

async function waitReady(port: number, child: ChildProcess, timeoutMs = 40_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (hasExited(child)) {
      throw new Error(
        `server exited with ${child.exitCode}: ${stderrTails.get(child)?.() ?? ''}`.trim(),
      );
    }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (r.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `server did not become ready in ${timeoutMs} ms: ${stderrTails.get(child)?.() ?? ''}`.trim(),
  );
}

/** A child killed by a signal has exitCode null and signalCode set. */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (hasExited(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe.skipIf(!url)('kill -9 during idempotent receptions (PostgreSQL)', () => {
  it(
    `keeps every acknowledged dossier exactly once and codes gap-free over ${SUBMISSIONS} submissions`,
    async () => {
      const started = Date.now();
      const database = await createTestDatabase();
      try {
        const w = await buildWorld(database, { now: new Date().toISOString() });
        const officer = await createUser(database.db, {
          tenantId: w.tenantId,
          role: 'counter_officer',
          unitId: w.units.centre,
        });
        const name = (await sql<{ n: string }>`select current_database() as n`.execute(database.db))
          .rows[0]?.n as string;
        const dbUrl = new URL(url as string);
        dbUrl.pathname = `/${name}`;
        const port = 3650;
        const storage = mkdtempSync(path.join(os.tmpdir(), 'motcua-crash-'));
        const args = ['--database-url', dbUrl.toString()];
        const env = { MOTCUA_STORAGE_DIR: storage };
        let server = serve(args, port, env);
        await waitReady(port, server);
        figures.startMs = Date.now() - started;

        const base = `http://127.0.0.1:${port}`;
        const login = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-motcua-tenant': w.tenantCode,
            'x-test-no-limit': '1',
          },
          body: JSON.stringify({ username: officer.username, password: TEST_PASSWORD }),
        });
        expect(login.status).toBe(200);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
        const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
        const procedures = [w.procedureCode];
        for (let k = 1; k < AGENCIES; k++) {
          const agency = await insertUnit(database.db, {
            tenantId: w.tenantId,
            parentId: w.units.province,
            kind: 'department',
            level: 'province',
            code: `000.00.${30 + k}.${w.tenantCode}`,
            name: `Sở thử ${k}`,
          });
          const code = `${w.procedureCode}.${k}`;
          await insertProcedure(database.db, w.tenantId, {
            code,
            agencyUnitId: agency,
            promisedLimit: 5,
            limitUnit: 'working_days',
          });
          procedures.push(code);
        }
        const bodies = procedures.map((procedureCode) =>
          JSON.stringify(buildReception(w, { procedureCode })),
        );
        const submit = async (key: string) => {
          const r = await fetch(`${base}/api/dossiers`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie,
              'x-csrf-token': csrf,
              'idempotency-key': key,
              'x-test-no-limit': '1',
            },
            // The key's number picks the agency, so a replay goes where the first attempt went.
            body: bodies[Number(key.slice(key.lastIndexOf('-') + 1)) % bodies.length],
            signal: AbortSignal.timeout(20_000),
          });
          if (r.status !== 200 && r.status !== 201)
            throw new Error(`HTTP ${r.status} ${await r.text()}`);
          return (await r.json()) as { id: number; code: string };
        };

        const keys = Array.from({ length: SUBMISSIONS }, (_, i) => `crash-${i}`);
        const acked = new Map<string, { id: number; code: string }>();
        let next = 0;
        let killed = false;
        const sendPhase = Date.now();
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (next < keys.length && !killed) {
              const key = keys[next++] as string;
              try {
                acked.set(key, await submit(key));
              } catch {
                // Lost with the server: replayed after the restart.
              }
              if (!killed && acked.size >= SUBMISSIONS / 2) {
                killed = true;
                server.kill('SIGKILL');
              }
            }
          }),
        );
        await exited(server);
        figures.ackedBeforeKill = acked.size;
        figures.sendMs = Date.now() - sendPhase;

        const restart = Date.now();
        server = serve(args, port, env);
        await waitReady(port, server);
        figures.restartMs = Date.now() - restart;

        // Replay everything not acknowledged, and a sample of acknowledged keys, with the same keys.
        const replayPhase = Date.now();
        const pending = keys.filter((k) => !acked.has(k));
        figures.replayed = pending.length;
        let cursor = 0;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (cursor < pending.length) {
              const key = pending[cursor++] as string;
              acked.set(key, await submit(key));
            }
          }),
        );
        const sample = keys.filter((_, i) => i % 50 === 0);
        let sampled = 0;
        const mismatched: string[] = [];
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (sampled < sample.length) {
              const key = sample[sampled++] as string;
              const again = await submit(key);
              if (again.id !== acked.get(key)?.id) mismatched.push(key);
            }
          }),
        );
        expect(mismatched).toEqual([]);
        figures.replayMs = Date.now() - replayPhase;
        server.kill('SIGTERM');
        await exited(server);
        rmSync(storage, { recursive: true, force: true });

        expect(acked.size).toBe(SUBMISSIONS);
        const rows = await database.db
          .selectFrom('dossiers')
          .select(['id', 'code'])
          .where('tenant_id', '=', w.tenantId)
          .execute();
        // Exactly once: one row per key, and every acknowledged id is a row.
        expect(rows.length).toBe(SUBMISSIONS);
        const ids = new Set(rows.map((r) => r.id));
        for (const ack of acked.values()) expect(ids.has(ack.id)).toBe(true);
        expect(new Set([...acked.values()].map((a) => a.id)).size).toBe(SUBMISSIONS);
        // Gap-free per agency per day: all on one day, so one code prefix per agency, numbered
        // 1…n with no gap, n being the number of keys sent to that agency. The number has 4
        // digits and widens past 9999, so it is the part after the code's last '-'.
        const byPrefix = new Map<string, number[]>();
        for (const r of rows) {
          const code = r.code as string;
          const cut = code.lastIndexOf('-');
          const list = byPrefix.get(code.slice(0, cut)) ?? [];
          list.push(Number(code.slice(cut + 1)));
          byPrefix.set(code.slice(0, cut), list);
        }
        expect(byPrefix.size).toBe(AGENCIES);
        const expectedSizes = procedures
          .map((_, k) => keys.filter((_, i) => i % AGENCIES === k).length)
          .sort((a, b) => a - b);
        expect([...byPrefix.values()].map((l) => l.length).sort((a, b) => a - b)).toEqual(
          expectedSizes,
        );
        for (const list of byPrefix.values()) {
          expect(list.sort((a, b) => a - b)).toEqual(
            Array.from({ length: list.length }, (_, i) => i + 1),
          );
        }
        figures.totalMs = Date.now() - started;
      } finally {
        await database.close();
      }
    },
    TIMEOUT_MS,
  );
});

describe.skipIf(Boolean(url))('embedded data directory after a crash (PGlite)', () => {
  it('refuses a second process and lets a restart take over the lock of a killed one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-crash-pglite-'));
    const args = ['--data-dir', path.join(dir, 'data')];
    const env = { MOTCUA_STORAGE_DIR: path.join(dir, 'storage') };
    try {
      const first = serve(args, 3651, env);
      // The first start creates the database and runs every migration: 37 s at load 11.
      await waitReady(3651, first, 100_000);
      const second = serve(args, 3652, env);
      let stderr = '';
      second.stderr?.on('data', (chunk) => {
        stderr += String(chunk);
      });
      expect(await exited(second)).not.toBe(0);
      expect(stderr).toContain('data_dir_locked');
      first.kill('SIGKILL');
      await exited(first);
      const third = serve(args, 3653, env);
      await waitReady(3653, third);
      const ready = await fetch('http://127.0.0.1:3653/readyz');
      expect(ready.status).toBeLessThan(500);
      third.kill('SIGTERM');
      await exited(third);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
