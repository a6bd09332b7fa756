import { randomUUID } from 'node:crypto';
import { jsonClient, percentile } from '../lib/client.js';
import { pgbenchInit, pgbenchTps } from '../lib/pgbench.js';
import { analyzeDatabase, createDatabase } from '../lib/postgres.js';
import { startServe } from '../lib/process.js';
import { median, round } from '../lib/stats.js';
import { type BenchWorld, createBenchWorld } from '../lib/world.js';
import type { Scenario } from './index.js';

const CLIENTS = 8;
/**
 * Traffic before the first measurement. A freshly started server needs ≈ 20 s of this load to
 * settle: V8 optimises the hot paths and each pooled PostgreSQL connection prepares its
 * statements once. Measured in 5 s slices after start: server CPU 7.9 → 5.4 → 4.6 → 4.2 → 3.5 ms
 * and PostgreSQL CPU 8.1 → 3.7 ms per transition. pgbench's figure is a warm server's, so this
 * one is too; and as `pgbench -i` analyses its tables, the database is analysed after the
 * warm-up (`analyzeDatabase`).
 */
const WARM_UP_SECONDS = 20;

/**
 * Dossier transitions through the HTTP API, 8 concurrent clients, each request a real
 * transition (state, history, audit chain, outbox) against `pgbench -N -c 8 -j 2` on the same
 * server. Each client loops: receive a dossier at the counter (registration takes a gap-free
 * code), then transfer, propose the result, approve, return: five transitions per dossier.
 */
export const transitionsScenario: Scenario = {
  id: 'transitions',
  title: 'dossier transitions through the HTTP API, 8 concurrent clients',
  target: '≥ 0.5× pgbench; p99 < 50 ms',
  async run(ctx) {
    const dbUrl = ctx.pg.url.replace(/\/postgres$/, '/motcua_transitions');
    await createDatabase(ctx.pg.url, 'motcua_transitions');
    const world = await createBenchWorld(dbUrl, 'BENCH');
    const server = await startServe(ctx.root, dbUrl, {
      MOTCUA_RATE_LIMIT: '100000000',
      NODE_ENV: 'development',
    });
    const port = server.port;
    pgbenchInit(ctx.pg.bin, ctx.pg.port, 10);
    const ratios: number[] = [];
    const p99s: number[] = [];
    const tpsList: number[] = [];
    const pgbenchList: number[] = [];
    try {
      await loop(port, world, WARM_UP_SECONDS);
      await analyzeDatabase(dbUrl);
      for (let run = 0; run < ctx.runs; run++) {
        const baseline = pgbenchTps(ctx.pg.bin, ctx.pg.port, ctx.seconds);
        const measured = await loop(port, world, ctx.seconds);
        process.stderr.write(
          `  run ${run + 1}: ${round(measured.tps)} transitions/s (p99 ${round(measured.p99)} ms, ${measured.errors} errors) vs pgbench ${round(baseline)} tps\n`,
        );
        if (measured.errors > 0)
          throw new Error(`${measured.errors} transitions failed: ${measured.firstError}`);
        tpsList.push(measured.tps);
        pgbenchList.push(baseline);
        ratios.push(measured.tps / baseline);
        p99s.push(measured.p99);
      }
    } finally {
      await server.stop();
    }
    const ratio = median(ratios);
    const p99 = median(p99s);
    return [
      {
        what: 'dossier transitions over HTTP, 8 clients (state + history + audit + outbox)',
        measured: `${round(median(tpsList), 0)} transitions/s, p99 ${round(p99, 1)} ms`,
        against: `pgbench -N -c 8 -j 2: ${round(median(pgbenchList), 0)} tps`,
        ratio: `${round(ratio)}×`,
        target: this.target,
        pass: ratio >= 0.5 && p99 < 50,
      },
    ];
  },
};

/** A complete counter reception of the bench world's procedure (registration takes a code). */
export function receptionBody(world: BenchWorld, applicantName: string) {
  return {
    procedureCode: world.procedureCode,
    receivingUnitId: world.receivingUnitId,
    applicant: { kind: 'individual', name: applicantName, idNumber: '001090012345' },
    components: [{ code: 'TP01' }, { code: 'TP02' }],
    channel: 1,
    decision: 'complete',
  };
}

export async function loop(port: number, world: BenchWorld, seconds: number) {
  const client = jsonClient(`http://127.0.0.1:${port}`);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  let transitions = 0;
  const deadline = performance.now() + seconds * 1000;
  const check = (r: { status: number; body: any; ms: number }) => {
    latencies.push(r.ms);
    if (r.status >= 300) {
      errors++;
      firstError ||= `${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
      return false;
    }
    transitions++;
    return true;
  };
  const worker = async () => {
    while (performance.now() < deadline) {
      const received = await client.post(
        '/api/dossiers',
        receptionBody(world, 'Nguyễn Văn Bench'),
        { ...auth(world.tokens.counter), 'idempotency-key': randomUUID() },
      );
      if (!check(received)) continue;
      let version = received.body.version as number;
      const id = received.body.id as number;
      for (const [who, action, extra] of [
        ['counter', 'transfer', {}],
        ['specialist', 'propose_result', { outcome: 'approved' }],
        ['leader', 'approve', {}],
        ['counter', 'return_result', {}],
      ] as const) {
        if (performance.now() >= deadline) break;
        const r = await client.post(
          `/api/dossiers/${id}/actions/${action}`,
          { version, ...extra },
          auth(world.tokens[who]),
        );
        if (!check(r)) break;
        version = r.body.version;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { tps: transitions / elapsed, p99: percentile(latencies, 99), errors, firstError };
}
