import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import { deleteHotline, deleteSession } from '../../modules/publicinfo/index.js';
import type { Actor } from '../../platform/auth/actor.js';
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
    ).rejects.toMatchObject({ code: 'reception_stats_period_invalid' });
  });

  it('prints a quarter’s statistics, naming it, and refuses a quarter that does not exist', async () => {
    // The ten last Fridays of 2025 planned above: one in Q1 (28 March), three in each other.
    const q2 = JSON.parse(
      (
        await run([
          'reception',
          'stats',
          '--tenant',
          w.tenantCode,
          '--year',
          '2025',
          '--quarter',
          '2',
          '--json',
        ])
      ).out,
    );
    expect(q2).toMatchObject({
      year: 2025,
      quarter: 2,
      from: '2025-04-01',
      to: '2025-06-30',
      total: { planned: 3, scheduled: 3 },
    });
    const text = await run([
      'reception',
      'stats',
      '--tenant',
      w.tenantCode,
      '--year',
      '2025',
      '--quarter',
      'Q1',
    ]);
    const lines = text.out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'citizen reception Q1 2025 (2025-01-01 to 2025-03-31): 1 unit(s) with sessions',
    );
    expect(lines.at(-1)).toMatch(/^total +1 +1 +0 +0 +0 +0 +0$/);
    let err = '';
    const command = publicInfoCommand({
      open: async () => ({ ctx: w.ctx, close: async () => {} }),
      writeOut: () => {},
      writeErr: (t) => {
        err += t;
      },
    });
    command.exitOverride();
    await expect(
      command.parseAsync(
        ['reception', 'stats', '--tenant', w.tenantCode, '--year', '2025', '--quarter', '5'],
        { from: 'user' },
      ),
    ).rejects.toMatchObject({
      code: 'reception_stats_period_invalid',
      details: { problems: [{ field: 'quarter', problem: 'quarter_invalid' }] },
    });
    expect(err).toContain('--quarter: 1, 2, 3 or 4');
  });

  it('lists deleted sessions and hotlines and restores them, audited with no actor', async () => {
    const operator: Actor = {
      userId: 0,
      tenantId: w.tenantId,
      kind: 'system',
      name: 'cli',
      grants: [{ role: 'reform_office', unitId: null }],
      via: 'token',
    };
    const listed = JSON.parse(
      (await run(['reception', 'list', '--tenant', w.tenantCode, '--json'])).out,
    );
    const victim = listed.items.find((s: { date: string }) => s.date === '2025-04-25');
    await deleteSession(w.ctx, { actor: operator, id: victim.id, version: victim.version });
    const deleted = await run(['reception', 'deleted', '--tenant', w.tenantCode]);
    expect(deleted.out).toMatch(
      new RegExp(`^1 deleted session\\(s\\)\n${victim.id} {2}2025-04-25 08:00–11:30 {2}`),
    );
    expect(deleted.out).not.toContain(' by ');
    const restored = await run([
      'reception',
      'restore',
      String(victim.id),
      '--tenant',
      w.tenantCode,
    ]);
    expect(restored.out).toBe(
      `restored session ${victim.id}  2025-04-25 08:00–11:30  scheduled  ${justice()}\n`,
    );
    expect((await run(['reception', 'deleted', '--tenant', w.tenantCode])).out).toBe(
      '0 deleted session(s)\n',
    );
    await expect(
      run(['reception', 'restore', String(victim.id), '--tenant', w.tenantCode]),
    ).rejects.toMatchObject({ code: 'publicinfo_not_deleted' });
    await expect(
      run(['reception', 'restore', 'abc', '--tenant', w.tenantCode]),
    ).rejects.toMatchObject({ code: 'validation_failed' });

    const hotline = JSON.parse(
      (await run(['hotlines', 'list', '--tenant', w.tenantCode, '--json'])).out,
    ).items[0];
    await deleteHotline(w.ctx, { actor: operator, id: hotline.id });
    expect((await run(['hotlines', 'list', '--tenant', w.tenantCode])).out).toBe('0 hotline(s)\n');
    const gone = JSON.parse(
      (await run(['hotlines', 'deleted', '--tenant', w.tenantCode, '--json'])).out,
    );
    expect(gone.items).toEqual([
      expect.objectContaining({ id: hotline.id, deletedBy: null, deletedAt: expect.any(String) }),
    ]);
    expect(
      (await run(['hotlines', 'restore', String(hotline.id), '--tenant', w.tenantCode])).out,
    ).toBe(`restored hotline ${hotline.id}  ${justice()}  Tiếp nhận phản ánh\n`);
    expect((await run(['hotlines', 'list', '--tenant', w.tenantCode])).out).toContain(
      '024 3822 1111  Tiếp nhận phản ánh',
    );
    const audit = await w.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', 'in', [`hotline:${hotline.id}`, `reception_session:${victim.id}`])
      .where('action', 'in', ['hotline.deleted', 'hotline.restored', 'reception.restored'])
      .orderBy('action')
      .execute();
    expect(audit).toEqual([
      { action: 'hotline.deleted', actor_id: null },
      { action: 'hotline.restored', actor_id: null },
      { action: 'reception.restored', actor_id: null },
    ]);
  });
});
