import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { reportError } from '../main.js';
import { importCommand } from './import-dossiers.js';

let database: Database;
let w: DossierWorld;
let dir: string;
let centre: string;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-import-cli-'));
  centre = (
    await database.db
      .selectFrom('units')
      .select('code')
      .where('id', '=', w.units.centre)
      .executeTakeFirstOrThrow()
  ).code;
});
afterAll(async () => {
  await database?.close();
});

async function run(lines: string[], args: string[] = []) {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, `code,unit_code,procedure_code,received_at\n${lines.join('\n')}\n`);
  const out: string[] = [];
  const err: string[] = [];
  const command = importCommand({
    open: async () => ({ ctx: w.ctx, close: async () => {} }),
    writeOut: (t) => out.push(t),
    writeErr: (t) => err.push(t),
    isTTY: false,
  });
  command.exitOverride();
  let code = 0;
  try {
    await command.parseAsync(['dossiers', file, '--tenant', w.tenantCode, ...args], {
      from: 'user',
    });
  } catch (error) {
    const write = process.stderr.write;
    const captured: string[] = [];
    process.stderr.write = ((t: string) => {
      captured.push(t);
      return true;
    }) as typeof process.stderr.write;
    try {
      code = reportError(error);
    } finally {
      process.stderr.write = write;
    }
    err.push(...captured);
  }
  return { code, out: out.join(''), err: err.join('') };
}

describe('motcua import dossiers', () => {
  it('imports a valid file and prints a one-line summary', async () => {
    const r = await run([`K-1,${centre},${w.procedureCode},2025-03-03 09:00`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^imported 1 of 1 rows in [\d.]+ s\n$/);
  });

  it('exits 2 with a one-line summary and the rows on stderr when a row is invalid', async () => {
    const r = await run([
      `K-2,${centre},${w.procedureCode},2025-03-03 09:00`,
      `K-3,${centre},${w.procedureCode},yesterday`,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('row 3, column received_at: not a date-time');
    expect(r.err).toMatch(
      /error: import_invalid: 1 invalid row\(s\) of 2; nothing was written\. First: row 3, column received_at/,
    );
    expect(
      await database.db
        .selectFrom('dossiers')
        .select('id')
        .where('code', '=', 'K-2')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('writes the invalid rows to --report', async () => {
    const report = path.join(dir, 'report.csv');
    const r = await run(
      [
        `K-4,${centre},${w.procedureCode},2025-03-03 09:00`,
        `K-5,NOPE,${w.procedureCode},2025-03-03 09:00`,
      ],
      ['--skip-invalid', '--report', report],
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('imported 1 of 2 rows');
    expect(await readFile(report, 'utf8')).toContain('3,unit_code,"unknown unit NOPE');
  });
});
