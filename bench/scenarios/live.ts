import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { jsonClient } from '../lib/client.js';
import { analyzeDatabase, createDatabase } from '../lib/postgres.js';
import { startServe } from '../lib/process.js';
import { median, round } from '../lib/stats.js';
import { createBenchWorld } from '../lib/world.js';
import type { Scenario } from './index.js';
import { loop, receptionBody } from './transitions.js';

/** How long a change may take to show before a probe counts as not visible at all. */
const GIVE_UP_MS = 5_000;

interface OnTime {
  early: number;
  onTime: number;
  late: number;
  inProgressOnTime: number;
  inProgressOverdue: number;
}

/**
 * The live index after one transition: an officer receives a dossier, then a leader approves
 * one, and each time the public scorecard of the receiving unit is read until it counts the
 * change. The time is from sending the transition to the first scorecard that shows it, the
 * read included: what a reform office watching the dashboard waits. The unit first gets a few
 * seconds of the transitions scenario's traffic, so its scorecard sums real day rows (and their
 * stripes) rather than an empty table.
 */
export const liveScenario: Scenario = {
  id: 'live',
  title: 'live index after one transition',
  target: 'visible in < 1 s',
  async run(ctx) {
    const dbUrl = ctx.pg.url.replace(/\/postgres$/, '/motcua_live');
    await createDatabase(ctx.pg.url, 'motcua_live');
    const world = await createBenchWorld(dbUrl, 'LIVE');
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    const unitCode: string = (
      await admin.query('select code from units where id = $1', [world.receivingUnitId])
    ).rows[0].code;
    await admin.end();
    const server = await startServe(ctx.root, dbUrl, {
      MOTCUA_RATE_LIMIT: '100000000',
      NODE_ENV: 'development',
    });
    const port = server.port;
    const client = jsonClient(`http://127.0.0.1:${port}`);
    const auth = (who: keyof typeof world.tokens) => ({
      authorization: `Bearer ${world.tokens[who]}`,
    });
    const onTime = async (): Promise<OnTime> => {
      const r = await client.get(`/api/public/indices/service/units/${unitCode}`, {
        'x-motcua-tenant': world.tenantCode,
      });
      if (r.status !== 200) throw new Error(`scorecard: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.onTime as OnTime;
    };
    /** Milliseconds from `sent` until the scorecard satisfies `shows`. */
    const visible = async (sent: number, shows: (now: OnTime) => boolean): Promise<number> => {
      for (;;) {
        if (shows(await onTime())) return performance.now() - sent;
        if (performance.now() - sent > GIVE_UP_MS) return Number.POSITIVE_INFINITY;
      }
    };
    const act = async (
      id: number,
      version: number,
      who: 'counter' | 'specialist' | 'leader',
      action: string,
      extra = {},
    ) => {
      const r = await client.post(
        `/api/dossiers/${id}/actions/${action}`,
        { version, ...extra },
        auth(who),
      );
      if (r.status >= 300) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.version as number;
    };
    const received: number[] = [];
    const finished: number[] = [];
    try {
      await loop(port, world, ctx.quick ? 5 : 10);
      await analyzeDatabase(dbUrl);
      for (let k = 0; k < (ctx.quick ? 5 : 20); k++) {
        const before = await onTime();
        let sent = performance.now();
        const r = await client.post('/api/dossiers', receptionBody(world, 'Nguyễn Văn Live'), {
          ...auth('counter'),
          'idempotency-key': randomUUID(),
        });
        if (r.status >= 300) throw new Error(`reception: ${r.status} ${JSON.stringify(r.body)}`);
        received.push(
          await visible(sent, (now) => now.inProgressOnTime === before.inProgressOnTime + 1),
        );
        let version = await act(r.body.id, r.body.version, 'counter', 'transfer');
        version = await act(r.body.id, version, 'specialist', 'propose_result', {
          outcome: 'approved',
        });
        const open = await onTime();
        const done = (t: OnTime) => t.early + t.onTime + t.late;
        sent = performance.now();
        await act(r.body.id, version, 'leader', 'approve');
        finished.push(await visible(sent, (now) => done(now) === done(open) + 1));
      }
    } finally {
      await server.stop();
    }
    const worst = Math.max(...received, ...finished);
    process.stderr.write(
      `  received: median ${round(median(received), 1)} ms, max ${round(Math.max(...received), 1)} ms; approved: median ${round(median(finished), 1)} ms, max ${round(Math.max(...finished), 1)} ms\n`,
    );
    return [
      {
        what: `live index after one transition: the unit's public scorecard read until it counts a reception (${received.length}×) and an approval (${finished.length}×), after ${ctx.quick ? 5 : 10} s of the transitions load`,
        measured: `reception median ${round(median(received), 1)} ms, approval median ${round(median(finished), 1)} ms, worst ${Number.isFinite(worst) ? `${round(worst, 1)} ms` : `not within ${GIVE_UP_MS} ms`}`,
        against: '—',
        ratio: '—',
        target: this.target,
        pass: worst < 1000,
      },
    ];
  },
};
