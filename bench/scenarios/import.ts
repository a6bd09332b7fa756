import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startChild } from '../lib/process.js';
import { median, round } from '../lib/stats.js';
import type { Scenario } from './index.js';

const HEADER =
  'code,unit_code,procedure_code,channel,received_at,due_at,finished_at,returned_at,outcome,supplement_requests,synced,paid_online,digitised,e_result,reused,rating';

/** Writes `rows` legacy dossiers in the import contract's columns, spread over 40 units and 300 procedures. */
async function writeLegacyCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (line: string) =>
    out.write(line)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(`${HEADER}\n`);
  const start = Date.UTC(2024, 0, 2, 1, 0, 0);
  for (let i = 0; i < rows; i++) {
    const unit = i % 40;
    const received = new Date(start + (i % 500_000) * 60_000 + Math.floor(i / 500_000) * 3_600_000);
    const local = new Date(received.getTime() + 7 * 3600_000);
    const ymd = local.toISOString().slice(2, 10).replaceAll('-', '');
    const code = `000.00.${String(unit).padStart(2, '0')}.H99-${ymd}-${String(i).padStart(7, '0')}`;
    const finished =
      i % 10 === 0 ? '' : new Date(received.getTime() + ((i % 7) + 1) * 86_400_000).toISOString();
    const due = new Date(received.getTime() + 5 * 86_400_000).toISOString();
    await write(
      `${code},000.00.${String(unit).padStart(2, '0')}.H99,1.00${i % 300},${(i % 3) + 1},${received.toISOString()},${due},${finished},${finished},${finished ? 'approved' : ''},${i % 17 === 0 ? 1 : 0},${i % 2},${i % 3 === 0 ? 1 : 0},1,${i % 4 === 0 ? 1 : 0},0,${i % 5 === 0 ? '' : String((i % 5) + 1)}\n`,
    );
  }
  out.end();
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

/**
 * Legacy import of 1 million CSV rows (`motcua import dossiers FILE --create-missing`) against
 * `COPY` of the same file into a bare table of text columns on the same server: the floor for
 * getting those bytes into PostgreSQL at all.
 */
export const importScenario: Scenario = {
  id: 'import',
  title: 'legacy import of 1 million CSV rows',
  target: '≥ 0.5× COPY rate',
  async run(ctx) {
    const rows = ctx.quick ? 200_000 : 1_000_000;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-bench-import-'));
    const file = path.join(dir, 'legacy.csv');
    await writeLegacyCsv(file, rows);
    const admin = new pg.Client({ connectionString: ctx.pg.url });
    await admin.connect();
    const importRates: number[] = [];
    const copyRates: number[] = [];
    try {
      for (let run = 0; run < Math.min(ctx.runs, 2); run++) {
        await admin.query('drop table if exists bench_copy');
        await admin.query(
          `create unlogged table bench_copy (${HEADER.split(',')
            .map((c) => `${c} text`)
            .join(', ')})`,
        );
        // The bare table is logged like the app's tables would be: a fair floor.
        await admin.query('alter table bench_copy set logged');
        const c0 = performance.now();
        const stream = admin.query(
          copyFrom('copy bench_copy from stdin with (format csv, header true)'),
        );
        await pipeline(createReadStream(file), stream);
        const copySeconds = (performance.now() - c0) / 1000;

        const dbName = `motcua_import_${run}`;
        await admin.query(`drop database if exists ${dbName}`);
        await admin.query(`create database ${dbName}`);
        const url = ctx.pg.url.replace(/\/postgres$/, `/${dbName}`);
        // Migrate and create a tenant first so the import measures the import alone.
        const setup = await startChild(
          process.execPath,
          [
            path.join(ctx.root, 'bin/motcua.js'),
            'demo',
            '--scale',
            'commune',
            '--dossiers',
            '10',
            '--quiet',
            '--database-url',
            url,
          ],
          /./,
          {},
          120_000,
        );
        await new Promise((resolve) => setup.process.once('exit', resolve));
        const i0 = performance.now();
        const child = await startChild(
          process.execPath,
          [
            path.join(ctx.root, 'bin/motcua.js'),
            'import',
            'dossiers',
            file,
            '--create-missing',
            '--database-url',
            url,
          ],
          /./,
          {},
          600_000,
        );
        await new Promise((resolve) => child.process.once('exit', resolve));
        if (child.process.exitCode !== 0)
          throw new Error(`motcua import dossiers exited with ${child.process.exitCode}`);
        const importSeconds = (performance.now() - i0) / 1000;
        const imported = new pg.Client({ connectionString: url });
        await imported.connect();
        const count = Number(
          (await imported.query(`select count(*) as n from dossiers where source = 'import'`))
            .rows[0].n,
        );
        await imported.end();
        if (count !== rows) throw new Error(`imported ${count} of ${rows} rows`);
        process.stderr.write(
          `  run ${run + 1}: import ${round(rows / importSeconds, 0)} rows/s vs COPY ${round(rows / copySeconds, 0)} rows/s\n`,
        );
        importRates.push(rows / importSeconds);
        copyRates.push(rows / copySeconds);
        await admin.query(`drop database if exists ${dbName}`);
      }
    } finally {
      await admin.query('drop table if exists bench_copy');
      await admin.end();
      await rm(dir, { recursive: true, force: true });
    }
    const ratio = median(importRates) / median(copyRates);
    return [
      {
        what: `legacy import of ${rows.toLocaleString('en')} CSV rows (motcua import dossiers, derived clock and class)`,
        measured: `${round(median(importRates), 0)} rows/s`,
        against: `COPY into a bare table: ${round(median(copyRates), 0)} rows/s`,
        ratio: `${round(ratio)}×`,
        target: this.target,
        pass: ratio >= 0.5,
      },
    ];
  },
};
