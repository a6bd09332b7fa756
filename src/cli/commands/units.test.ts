import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../modules/org/index.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { unitsCommand } from './units.js';

let database: Database;
let ctx: AppContext;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(
    database,
    loadConfig({}, { NODE_ENV: 'test' }),
    () => new Date('2025-09-01T03:00:00Z'),
  );
  await createTenant({ db: ctx.db, code: 'LCU', name: 'Tỉnh Lai Châu' });
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<string> {
  let out = '';
  const command = unitsCommand({
    open: async () => ({ ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
  });
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return out;
}

describe('motcua units', () => {
  it('creates a tree, records a 2025 merger and lists former units', async () => {
    await run([
      'create',
      '--code',
      'P',
      '--name',
      'UBND tỉnh',
      '--kind',
      'people_committee',
      '--level',
      'province',
    ]);
    await run([
      'create',
      '--code',
      'D',
      '--name',
      'Huyện Tam Đường',
      '--kind',
      'district',
      '--level',
      'district',
      '--parent',
      'P',
    ]);
    await run([
      'create',
      '--code',
      'C',
      '--name',
      'Xã Tam Đường',
      '--kind',
      'commune',
      '--level',
      'commune',
      '--parent',
      'P',
      '--valid-from',
      '2025-07-01',
    ]);
    expect(
      await run([
        'lineage',
        '--unit',
        'D',
        '--relation',
        'merged_into',
        '--other',
        'C',
        '--on',
        '2025-07-01',
        '--note',
        'NQ 2025',
      ]),
    ).toBe('recorded: D merged_into C from 2025-07-01\n');
    expect(await run(['list'])).toBe(
      'P  UBND tỉnh  [people_committee/province]\n' +
        '  C  Xã Tam Đường  [commune/commune] 2025-07-01–…\n' +
        '  D  Huyện Tam Đường  [district/district] …–2025-06-30  (former / đã giải thể)\n',
    );
    const active = JSON.parse(await run(['list', '--active', '--json']));
    expect(active.map((u: { code: string }) => u.code)).toEqual(['P', 'C']);
    const lineage = JSON.parse(await run(['lineage', '--unit', 'C', '--json']));
    expect(lineage).toMatchObject({
      unit: 'C',
      former: false,
      predecessors: [{ unit: 'D', partial: false }],
      successors: [{ unit: 'C' }],
    });
    const text = await run(['lineage', '--unit', 'D']);
    expect(text).toContain('2025-07-01  merged  → C  Xã Tam Đường  (NQ 2025)');
    expect(text).toContain('current successors on 2025-09-01: C');
  });

  it('refuses bad input with catalogue codes', async () => {
    await expect(
      run(['create', '--code', 'P', '--name', 'x', '--kind', 'department', '--level', 'province']),
    ).rejects.toMatchObject({ code: 'already_exists' });
    await expect(
      run(['create', '--code', 'X', '--name', 'x', '--kind', 'Department', '--level', 'province']),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      run([
        'create',
        '--code',
        'X',
        '--name',
        'x',
        '--kind',
        'department',
        '--level',
        'province',
        '--parent',
        'NOPE',
      ]),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      run([
        'lineage',
        '--unit',
        'C',
        '--relation',
        'eaten_by',
        '--other',
        'P',
        '--on',
        '2025-07-01',
      ]),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      run([
        'lineage',
        '--unit',
        'C',
        '--relation',
        'merged_into',
        '--other',
        'D',
        '--on',
        '2025-08-01',
      ]),
    ).rejects.toMatchObject({ code: 'rule_violation' });
    await expect(run(['list', '--as-of', 'yesterday'])).rejects.toMatchObject({
      code: 'invalid_date',
    });
  });
});
