import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/postgres.js';
import { startChild, statusKb, sumOverTree } from '../lib/process.js';
import { round } from '../lib/stats.js';
import type { Scenario } from './index.js';

/**
 * `npm start` on an empty embedded database: from the command to a served, populated demo
 * province (the web app already built, as after the first start), and the server's resident
 * memory once it serves and at its peak. The cluster itself is created by a short-lived child
 * (src/platform/db/pglite-init.ts), whose CPU is counted but whose memory is its own.
 */
export const startScenario: Scenario = {
  id: 'start',
  title: '`npm start` to a served demo province on PGlite',
  target: '< 60 s, RSS < 500 MB',
  async run(ctx) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-start-'));
    const port = await freePort();
    const t0 = performance.now();
    const child = await startChild(
      process.execPath,
      [
        path.join(ctx.root, 'bin/motcua.js'),
        'start',
        '--data-dir',
        path.join(dir, 'data'),
        '--port',
        String(port),
      ],
      /serving on/,
      { LOG_LEVEL: 'warn', MOTCUA_STORAGE_DIR: path.join(dir, 'storage') },
      300_000,
    );
    const seconds = (performance.now() - t0) / 1000;
    let rss = 0;
    let peak = 0;
    let cpu = 0;
    let populated = false;
    try {
      // Read before the first request: the peak and CPU of getting to a served province, over
      // the command's process and the server's (bin/motcua.js runs the server in a child node);
      // the peaks are added although they need not coincide, which can only overstate.
      const pid = child.process.pid as number;
      peak = sumOverTree(pid, (p) => statusKb(p, 'VmHWM')) / 1024;
      // utime, stime and those of waited-for children (the initdb, demo and web-build processes).
      const ticks = sumOverTree(pid, (p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
          return [11, 12, 13, 14].reduce((sum, i) => sum + Number(stat[i] ?? 0), 0);
        } catch {
          return 0; // ended meanwhile
        }
      });
      cpu = ticks / 100;
      const ranking = await fetch(`http://127.0.0.1:${port}/api/public/procedures?pageSize=1`);
      populated = ranking.ok && ((await ranking.json()) as { total?: number }).total !== 0;
      rss = child.rssMb();
    } finally {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    }
    return [
      {
        what: '`npm start` on an empty embedded database to a served demo province',
        measured: `${round(seconds, 1)} s (CPU ${round(cpu, 1)} s), RSS ${round(rss, 0)} MB, peak ${round(peak, 0)} MB${populated ? '' : ' (catalogue empty!)'}`,
        against: '—',
        ratio: '—',
        target: this.target,
        pass: seconds < 60 && rss < 500 && peak < 500 && populated,
      },
    ];
  },
};
