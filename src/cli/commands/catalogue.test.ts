import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogueCsv } from '../../modules/catalogue/fixtures/generate.js';
import { loadStarterTenant } from '../../modules/org/starter.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { catalogueCommand, progressReporter } from './catalogue.js';

const SAMPLE = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../modules/catalogue/fixtures/sample-procedures.csv',
);
let database: Database;
let ctx: AppContext;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(
    database,
    loadConfig({}, { NODE_ENV: 'test' }),
    () => new Date('2025-09-01T03:00:00Z'),
  );
  await loadStarterTenant(ctx.db);
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-catalogue-cli-'));
});
afterAll(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], isTTY = false): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const command = catalogueCommand({
    open: async () => ({ ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
    isTTY,
  });
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return { out, err };
}

describe('motcua catalogue', () => {
  it('refuses a file with an invalid row, writes the report and nothing else', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      (await readFile(SAMPLE, 'utf8')).replace(',20,15,working_days,', ',20,25,working_days,'),
    );
    const report = path.join(dir, 'report.csv');
    const error = await run(['import', bad, '--report', report]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('import_invalid');
    const lines = (await readFile(report, 'utf8'))
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('row,column,path,code,vi,en');
    expect(lines[1]).toMatch(/^7,promised_limit,promisedLimit,promised_exceeds_legal,/);
    const count = await ctx.db
      .selectFrom('procedures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('imports with --skip-invalid and reports the skipped row', async () => {
    const bad = path.join(dir, 'bad.csv');
    const { out, err } = await run([
      'import',
      bad,
      '--skip-invalid',
      '--effective-from',
      '2025-08-01',
    ]);
    expect(out).toMatch(
      /^imported: 11 rows in [\d.]+ s — 10 new, 0 new versions, 0 status changes, 0 unchanged, 1 invalid\n$/,
    );
    expect(err).toContain(
      'row 7, promised_limit: The promised limit (25) may not exceed the legal limit (20)',
    );
  });

  it('exports to xlsx and csv, and importing either back changes nothing', async () => {
    for (const ext of ['xlsx', 'csv']) {
      const file = path.join(dir, `export.${ext}`);
      expect((await run(['export', file])).out).toBe(`exported 10 procedures to ${file}\n`);
      const { out } = await run(['import', file, '--json']);
      expect(JSON.parse(out)).toMatchObject({
        written: true,
        created: 0,
        versioned: 0,
        unchanged: 10,
      });
    }
  });

  it('refuses an export file name that is neither .xlsx nor .csv', async () => {
    await expect(run(['export', path.join(dir, 'x.txt')])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('imports 2,000 procedures in one go with plain progress lines off a terminal', async () => {
    const big = path.join(dir, 'big.csv');
    await writeFile(big, generateCatalogueCsv(2000));
    const started = performance.now();
    const { out, err } = await run(['import', big, '--json']);
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(out);
    expect(report).toMatchObject({ written: true, created: 2000, invalidRows: 0 });
    expect(err).toContain('import: 2000 rows read\n');
    expect(err).toContain('import: checking 2000/2000 (100%)\n');
    expect(err).toContain('import: writing 2000/2000 (100%)\n');
    console.info(
      `catalogue import of 2000 procedures: ${seconds.toFixed(2)} s (${database.engine})`,
    );
    const again = await run(['import', big, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, versioned: 0, unchanged: 2000 });
  });
});

describe('progressReporter', () => {
  it('redraws one bar on a terminal and ends the line when done', () => {
    let text = '';
    const p = progressReporter((t) => {
      text += t;
    }, true);
    p.update('read', 400, 400);
    p.update('check', 200, 400);
    p.update('check', 400, 400);
    expect(text).toBe(
      `\rchecking [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 200/400\rchecking [${'#'.repeat(30)}] 100% 400/400\n`,
    );
  });

  it('stays quiet for small files', () => {
    let text = '';
    const p = progressReporter((t) => {
      text += t;
    }, false);
    p.update('read', 11, 11);
    p.update('check', 11, 11);
    expect(text).toBe('');
  });
});
