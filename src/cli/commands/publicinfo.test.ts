import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { publicInfoCommand } from './publicinfo.js';

let database: Database;
let w: DossierWorld;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  w.ctx.clock.now = new Date('2025-03-03T02:00:00Z');
  dir = await mkdtemp(path.join(tmpdir(), 'motcua-publicinfo-'));
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const command = publicInfoCommand({
    open: async () => ({ ctx: w.ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
  });
  const exitOverride = (c: typeof command) => {
    c.exitOverride();
    for (const sub of c.commands) exitOverride(sub);
  };
  exitOverride(command);
  await command.parseAsync(args, { from: 'user' });
  return { out, err };
}

const justice = () => `000.00.12.${w.tenantCode}`;

describe('motcua public-info', () => {
  it('imports hotlines from CSV, all or nothing, and lists them', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      `unit_code,purpose,phone\n${justice()},Tiếp nhận phản ánh,0243 822 1111\nNOPE,Hỗ trợ,abc\n`,
    );
    await expect(run(['hotlines', 'import', bad, '--tenant', w.tenantCode])).rejects.toMatchObject({
      code: 'import_invalid',
    });
    const empty = JSON.parse(
      (await run(['hotlines', 'list', '--tenant', w.tenantCode, '--json'])).out,
    );
    expect(empty.items).toEqual([]);

    const good = path.join(dir, 'good.csv');
    await writeFile(
      good,
      `unit_code,purpose,phone,email\n${justice()},Tiếp nhận phản ánh,024 3822 1111,pakn@stp.gov.vn\n`,
    );
    const imported = await run(['hotlines', 'import', good, '--tenant', w.tenantCode]);
    expect(imported.out).toBe('imported: 1 created, 0 updated\n');
    const listed = await run(['hotlines', 'list', '--tenant', w.tenantCode]);
    expect(listed.out).toContain('024 3822 1111  Tiếp nhận phản ánh');
    const audit = await w.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', 'like', 'hotline:%')
      .where('tenant_id', '=', w.tenantId)
      .execute();
    expect(audit).toEqual([{ action: 'hotline.created', actor_id: null }]);
  });

  it('prints each bad row and column of a refused import', async () => {
    const bad = path.join(dir, 'bad2.csv');
    await writeFile(bad, `unit_code,purpose,phone\n${justice()},,0912\n`);
    const command = publicInfoCommand({
      open: async () => ({ ctx: w.ctx, close: async () => {} }),
      writeOut: () => {},
      writeErr: (text) => {
        lines.push(text);
      },
    });
    const lines: string[] = [];
    command.exitOverride();
    await expect(
      command.parseAsync(['hotlines', 'import', bad, '--tenant', w.tenantCode], { from: 'user' }),
    ).rejects.toMatchObject({ code: 'import_invalid' });
    expect(lines).toEqual([
      'row 2, column purpose: required\n',
      'row 2, column phone: phone_invalid\n',
    ]);
  });

  it('plans a year by rule, then lists the sessions', async () => {
    const dry = await run([
      'reception',
      'plan',
      '--tenant',
      w.tenantCode,
      '--unit',
      justice(),
      '--rule',
      'weekly THU',
      '--year',
      '2025',
      '--dry-run',
    ]);
    expect(dry.out).toMatch(/^would schedule 42 session\(s\) by "weekly THU" from 2025-03-03/);
    expect(dry.out).toContain('skipped 2025-05-01 (day off)');
    const planned = await run([
      'reception',
      'plan',
      '--tenant',
      w.tenantCode,
      '--unit',
      justice(),
      '--rule',
      'monthly last FRI',
      '--year',
      '2025',
      '--leader',
      'Nguyễn Văn An',
      '--title',
      'Giám đốc',
      '--place',
      'Phòng tiếp công dân',
    ]);
    expect(planned.out).toMatch(/^scheduled 10 session\(s\) by "monthly last FRI"/);
    const listed = JSON.parse(
      (
        await run([
          'reception',
          'list',
          '--tenant',
          w.tenantCode,
          '--from',
          '2025-03-01',
          '--to',
          '2025-04-30',
          '--json',
        ])
      ).out,
    );
    expect(listed.items.map((s: { date: string }) => s.date)).toEqual(['2025-03-28', '2025-04-25']);
    await expect(
      run([
        'reception',
        'plan',
        '--unit',
        justice(),
        '--rule',
        'daily',
        '--year',
        '2025',
        '--tenant',
        w.tenantCode,
        '--dry-run',
      ]),
    ).rejects.toMatchObject({ code: 'reception_rule_invalid' });
  });

  it('prints a year’s statistics per unit with the total, or as JSON', async () => {
    const json = JSON.parse(
      (await run(['reception', 'stats', '--tenant', w.tenantCode, '--year', '2025', '--json'])).out,
    );
    // The ten last Fridays planned above, all still scheduled.
    expect(json.rows).toEqual([
      expect.objectContaining({ unit: expect.objectContaining({ code: justice() }), planned: 10 }),
    ]);
    expect(json.total).toMatchObject({ planned: 10, scheduled: 10, held: 0 });
    const text = await run([
      'reception',
      'stats',
      '--tenant',
      w.tenantCode,
      '--year',
      '2025',
      '--unit',
      justice(),
    ]);
    const lines = text.out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `citizen reception 2025 under ${justice()} Sở Tư pháp: 1 unit(s) with sessions`,
    );
    expect(lines[1]).toMatch(/^unit +planned {2}scheduled {2}held/);
    expect(lines[2]).toMatch(
      new RegExp(`^${justice().replace(/\./g, '\\.')} Sở Tư pháp +10 +10 +0 `),
    );
    expect(lines[3]).toMatch(/^total +10 +10 +0 +0 +0 +0 +0$/);
    const empty = JSON.parse(
      (await run(['reception', 'stats', '--tenant', w.tenantCode, '--year', '2024', '--json'])).out,
    );
    expect(empty).toMatchObject({ year: 2024, rows: [], total: { planned: 0 } });
    await expect(
      run(['reception', 'stats', '--tenant', w.tenantCode, '--year', '25']),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
