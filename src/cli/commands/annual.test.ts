import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANNUAL_FRAMEWORK } from '../../domain/annual/index.js';
import { fileContest } from '../../modules/annual/index.js';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { annualCommand } from './annual.js';

let database: Database;
let w: DossierWorld;
const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-annual-cli-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database, { tenantCode: `AN${process.pid}` });
  w.ctx.clock.now = new Date('2025-02-03T02:00:00Z');
});
afterAll(async () => {
  await database?.close();
});

let err = '';
async function run(args: string[]): Promise<string> {
  let out = '';
  err = '';
  const command = annualCommand({
    open: async () => ({ ctx: w.ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
  });
  const all = (c: typeof command): Array<typeof command> => [c, ...c.commands.flatMap(all)];
  for (const c of all(command)) c.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return out;
}

describe('motcua annual', () => {
  it('runs a cycle from the command line: framework, advance, survey, results', async () => {
    const t = ['--tenant', w.tenantCode, '--year', '2025'];
    const fw = file('framework.json', JSON.stringify(DEFAULT_ANNUAL_FRAMEWORK));
    expect(await run(['framework', 'import', fw, ...t])).toBe(
      '2025: draft, 8 fields, 100 points, 3 units take part\n',
    );
    expect(
      await run(['advance', '--to', 'self_assessment', '--deadline', '2025-03-31', ...t]),
    ).toBe('2025: self_assessment\n');
    expect(await run(['advance', '--to', 'appraisal', ...t])).toBe('2025: appraisal\n');
    const justice = await w.ctx.db
      .selectFrom('units')
      .select('code')
      .where('id', '=', w.units.justice)
      .executeTakeFirstOrThrow();
    const csv = file('survey.csv', `unit_code,subcriterion_id,points\n${justice.code},8.1.1,8\n`);
    expect(await run(['survey', 'import', csv, ...t])).toBe('1 rows imported\n');

    const table = await run(['results', ...t]);
    expect(table).toContain('2025 (preview)');
    const line = table.split('\n').find((l) => l.includes('Sở Tư pháp'));
    expect(line?.startsWith('1/2')).toBe(true);
    expect(line).toContain('8');
    const json = JSON.parse(await run(['results', ...t, '--json']));
    expect(json.units.find((u: { code: string }) => u.code === justice.code)).toMatchObject({
      total: 8,
      rank: 1,
      of: 2,
    });
  });

  it('refuses a bad framework, a bad CSV, a wrong state and a bad year with stable codes', async () => {
    const t = ['--tenant', w.tenantCode];
    await expect(
      run(['framework', 'import', file('bad.json', '{"fields": []}'), ...t, '--year', '2026']),
    ).rejects.toMatchObject({ code: 'annual_framework_invalid' });
    await expect(
      run([
        'survey',
        'import',
        file('bad.csv', 'unit_code,subcriterion_id,points\nX,8.1.1,99\n'),
        ...t,
        '--year',
        '2025',
      ]),
    ).rejects.toMatchObject({ code: 'import_invalid' });
    await expect(run(['advance', '--to', 'final', ...t, '--year', '2025'])).rejects.toMatchObject({
      code: 'annual_wrong_state',
    });
    await expect(run(['results', ...t, '--year', '25'])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('lists and answers contests as the operator, refusing with the API codes and exit 2', async () => {
    const t = ['--tenant', w.tenantCode, '--year', '2025'];
    const justice = await w.ctx.db
      .selectFrom('units')
      .select('code')
      .where('id', '=', w.units.justice)
      .executeTakeFirstOrThrow();
    expect(await run(['advance', '--to', 'provisional', '--deadline', '2025-03-31', ...t])).toBe(
      '2025: provisional\n',
    );
    const published = await run(['results', ...t]);
    expect(published).toContain('2025 (provisional, published 2025-02-03T02:00:00.000Z)');
    expect(await run(['contests', 'list', ...t])).toBe('no contest\n');
    const contest = await fileContest({
      ctx: w.ctx,
      tenantId: w.tenantId,
      actor: w.actors.leader,
      year: 2025,
      unitCode: justice.code,
      subcriterionId: '8.1.2',
      reason: 'Khảo sát thiếu phiếu của người dân',
    });
    expect(await run(['contests', 'list', '--open', ...t])).toBe(
      `#${contest.id}\t${justice.code}\t8.1.2\topen\tKhảo sát thiếu phiếu của người dân\n`,
    );

    const refusal = (args: string[]) =>
      run(['contests', 'answer', String(contest.id), ...args, ...t]);
    await expect(
      refusal(['--decision', 'upheld', '--answer', 'Chấp nhận', '--points', '99']),
    ).rejects.toMatchObject({ exitCode: 2, code: 'annual_score_out_of_range' });
    expect(err).toMatch(/^error: annual_score_out_of_range: /);
    await expect(refusal(['--decision', 'upheld', '--answer', '  '])).rejects.toMatchObject({
      exitCode: 2,
      code: 'annual_reason_required',
    });
    await expect(refusal(['--decision', 'maybe', '--answer', 'x'])).rejects.toMatchObject({
      exitCode: 2,
      code: 'validation_failed',
    });
    await expect(
      run(['contests', 'answer', '999999', '--decision', 'rejected', '--answer', 'x', ...t]),
    ).rejects.toMatchObject({ exitCode: 2, code: 'not_found' });

    expect(
      await refusal(['--decision', 'upheld', '--answer', 'Bổ sung hợp lệ', '--points', '2,5']),
    ).toBe(
      `#${contest.id}\t${justice.code}\t8.1.2\tupheld\tKhảo sát thiếu phiếu của người dân  → upheld (2.5): Bổ sung hợp lệ\n`,
    );
    await expect(refusal(['--decision', 'rejected', '--answer', 'x'])).rejects.toMatchObject({
      exitCode: 2,
      code: 'transition_not_allowed',
    });
    expect(await run(['contests', 'list', '--open', ...t])).toBe('no open contest\n');
    const listed = JSON.parse(await run(['contests', 'list', '--json', ...t]));
    expect(listed.contests).toMatchObject([{ id: contest.id, state: 'upheld', newPoints: 2.5 }]);

    // The provisional results stay as published; the upheld points count from final on, and
    // the final results stay as published when the unit is renamed afterwards.
    expect(await run(['results', ...t])).toBe(published);
    const preview = JSON.parse(await run(['results', '--preview', '--json', ...t]));
    expect(preview.stage).toBe('preview');
    expect(preview.units.find((u: { code: string }) => u.code === justice.code).total).toBe(10.5);
    expect(await run(['advance', '--to', 'final', ...t])).toBe('2025: final\n');
    await w.ctx.db
      .updateTable('units')
      .set({ name: 'Sở Tư pháp (tên mới)' })
      .where('id', '=', w.units.justice)
      .execute();
    const final = await run(['results', ...t]);
    expect(final).toContain('2025 (final, published');
    expect(final).toContain('Sở Tư pháp ');
    expect(final).not.toContain('tên mới');
    expect(final.split('\n').find((l) => l.includes('Sở Tư pháp'))).toContain('10.5');
    await expect(run(['contests', 'list', ...t, '--year', '2031'])).rejects.toMatchObject({
      exitCode: 2,
      code: 'not_found',
    });
  });
});
