import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/postgres.js';
import { startChild } from '../lib/process.js';
import { round } from '../lib/stats.js';
import type { Scenario } from './index.js';

/**
 * `npm start` on an empty embedded database: from the command to a served, populated demo
 * province (the web app already built, as after the first start), and the server's resident
 * memory once it serves.
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
    let populated = false;
    try {
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
        measured: `${round(seconds, 1)} s, RSS ${round(rss, 0)} MB${populated ? '' : ' (catalogue empty!)'}`,
        against: '—',
        ratio: '—',
        target: this.target,
        pass: seconds < 60 && rss < 500 && populated,
      },
    ];
  },
};
