import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { annualCommand } from './annual.js';

let database: Database;
let w: DossierWorld;
const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-annual-external-cli-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database, { tenantCode: `AX${process.pid}` });
  w.ctx.clock.now = new Date('2026-01-15T02:00:00Z');
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<string> {
  let out = '';
  const command = annualCommand({
    open: async () => ({ ctx: w.ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
  });
  const all = (c: typeof command): Array<typeof command> => [c, ...c.commands.flatMap(all)];
  for (const c of all(command)) c.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return out;
}

describe('motcua annual external', () => {
  it('imports external results all or nothing and lists them', async () => {
    const t = ['--tenant', w.tenantCode];
    const bad = file('bad.csv', 'index,year,score,rank,out_of,note\npar_index,2020,84.3,70,63,\n');
    await expect(run(['external', 'import', bad, ...t])).rejects.toMatchObject({
      code: 'import_invalid',
      details: { issues: [{ row: 2, column: 'rank' }] },
    });
    expect(await run(['external', 'list', ...t])).toBe('');

    const csv = file(
      'external.csv',
      'index;year;score;rank;out_of;note\npar_index;2020;84,3;38;63;\nsipas;2025;;5;34;chỉ công bố hạng\n',
    );
    expect(await run(['external', 'import', csv, ...t])).toBe(
      '2 rows imported (2 new, 0 replaced)\n',
    );
    expect(await run(['external', 'list', ...t])).toBe(
      'par_index 2020    84.3  38/63\nsipas     2025       —  5/34  chỉ công bố hạng\n',
    );
    const json = JSON.parse(await run(['external', 'list', '--json', ...t]));
    expect(json.map((r: { index: string; rank: number }) => [r.index, r.rank])).toEqual([
      ['par_index', 38],
      ['sipas', 5],
    ]);
  });
});
