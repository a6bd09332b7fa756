import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import {
  addRecommendation,
  addTask,
  concludeInspection,
  createPlan,
  fileInitiative,
  planInspection,
  setHeadcount,
} from '../../modules/registers/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { reportError } from '../main.js';
import { registersCommand } from './registers.js';

let database: Database;
let w: DossierWorld;
let justice: string;
let construction: string;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database, { tenantCode: `RG${process.pid}` });
  const units = await w.ctx.db
    .selectFrom('units')
    .select(['id', 'code'])
    .where('tenant_id', '=', w.tenantId)
    .execute();
  justice = units.find((u) => u.id === w.units.justice)?.code as string;
  construction = units.find((u) => u.id === w.units.construction)?.code as string;
  w.ctx.clock.now = new Date('2025-05-05T02:00:00Z');
  await fileInitiative(w.ctx, {
    actor: w.actors.leader,
    input: {
      unitCode: justice,
      year: 2025,
      title: 'Trả kết quả qua bưu điện',
      summary: 'x',
      authors: 'Lê Văn Phê Duyệt',
    },
  });
  const inspection = await planInspection(w.ctx, {
    actor: w.actors.reform,
    input: {
      inspectedUnitCode: construction,
      inspectingBody: 'Thanh tra tỉnh',
      kind: 'inspection',
      plannedOn: '2025-04-01',
      scope: 'Công vụ',
    },
  });
  await concludeInspection(w.ctx, {
    actor: w.actors.reform,
    id: inspection.id,
    conclusion: { kind: 'notice', number: '7/TB-TTr', date: '2025-05-05', text: 'Thông báo' },
  });
  await addRecommendation(w.ctx, {
    actor: w.actors.reform,
    inspectionId: inspection.id,
    input: {
      content: 'Chấn chỉnh giờ làm việc',
      responsibleUnitCode: construction,
      dueOn: '2025-05-01',
    },
  });
  const plan = await createPlan(w.ctx, {
    actor: w.actors.reform,
    input: { unitCode: justice, year: 2025, title: 'Khắc phục 2.1', indicator: '2.1' },
  });
  await addTask(w.ctx, {
    actor: w.actors.reform,
    planId: plan.id,
    input: {
      title: 'Số hóa hồ sơ',
      responsibleUnitCode: justice,
      responsiblePerson: 'Trần Văn Thẩm Định',
      dueOn: '2025-05-02',
    },
  });
});
beforeAll(async () => {
  await setHeadcount(w.ctx, {
    actor: w.actors.reform,
    input: {
      unitCode: justice,
      year: 2025,
      assigned: 40,
      inPost: 41,
      reductionTarget: 4,
      reduced: 1,
    },
  });
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<string> {
  let out = '';
  const command = registersCommand({
    open: async () => ({ ctx: w.ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
  });
  command.exitOverride();
  const all = (c: typeof command) => {
    for (const sub of c.commands) {
      sub.exitOverride();
      all(sub);
    }
  };
  all(command);
  await command.parseAsync([...args, '--tenant', w.tenantCode], { from: 'user' });
  return out;
}

describe('motcua registers', () => {
  it("lists a year's initiatives as a table or JSON, by unit", async () => {
    const text = await run(['initiatives', 'list', '--year', '2025']);
    expect(text).toContain('Trả kết quả qua bưu điện');
    expect(text).toContain('1 initiatives');
    const json = JSON.parse(await run(['initiatives', 'list', '--year', '2025', '--json']));
    expect(json).toMatchObject([{ state: 'registered', unit: { code: justice } }]);
    const other = JSON.parse(
      await run(['initiatives', 'list', '--year', '2025', '--unit', construction, '--json']),
    );
    expect(other).toEqual([]);
    expect(JSON.parse(await run(['initiatives', 'list', '--year', '2024', '--json']))).toEqual([]);
  });

  it('names the units that filed no initiative in the year', async () => {
    const json = JSON.parse(await run(['initiatives', 'missing', '--year', '2025', '--json']));
    const codes = json.units.map((u: { code: string }) => u.code);
    expect(codes).toContain(construction);
    expect(codes).not.toContain(justice);
    const text = await run(['initiatives', 'missing', '--year', '2025', '--kinds', 'department']);
    expect(text).toContain('1 of 2 units filed no initiative in 2025');
  });

  it('lists overdue recommendations and plan tasks by the Vietnam date today', async () => {
    const recs = JSON.parse(await run(['recommendations', 'overdue', '--json']));
    expect(recs).toMatchObject({
      today: '2025-05-05',
      items: [{ content: 'Chấn chỉnh giờ làm việc', daysOverdue: 4 }],
    });
    const tasks = await run(['tasks', 'overdue']);
    expect(tasks).toContain('Trần Văn Thẩm Định');
    expect(tasks).toContain('1 overdue on 2025-05-05');
    const inspections = await run(['inspections', 'list', '--year', '2025']);
    expect(inspections).toContain('7/TB-TTr');
    const plans = JSON.parse(await run(['plans', 'list', '--json']));
    expect(plans).toMatchObject([{ indicator: '2.1', dueOn: '2025-07-31', tasksOverdue: 1 }]);
  });

  it('prints the headcount of a year with the shortfall and the total', async () => {
    const text = await run(['headcount', 'list', '--year', '2025']);
    const line = text.split('\n').find((l) => l.includes(justice));
    expect(line?.split(/\s+/).slice(1)).toEqual([justice, '40', '41', '4', '1', '3']);
    expect(line).toMatch(/^\d+\s/);
    expect(text).toMatch(/total\s+40\s+41\s+4\s+1\s+3/);
  });

  it('refuses a missing or malformed year with validation_failed', async () => {
    await expect(run(['initiatives', 'missing', '--year', '25'])).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      run(['initiatives', 'list', '--year', '2025', '--state', 'done']),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('withdraws an initiative entered by mistake, with a reason, out of the lists', async () => {
    const [initiative] = JSON.parse(await run(['initiatives', 'list', '--year', '2025', '--json']));
    const id = String(initiative.id);
    await expect(run(['initiatives', 'withdraw', id, '--reason', '   '])).rejects.toMatchObject({
      code: 'register_withdraw_reason_required',
    });
    const text = await run(['initiatives', 'withdraw', id, '--reason', 'Nhập trùng']);
    expect(text).toBe(`initiative ${id} withdrawn: Nhập trùng\n`);
    expect(JSON.parse(await run(['initiatives', 'list', '--year', '2025', '--json']))).toEqual([]);
    const withdrawn = JSON.parse(
      await run(['initiatives', 'list', '--year', '2025', '--withdrawn', '--json']),
    );
    // The operator is no user: the record says so, and the reason says who asked.
    expect(withdrawn).toMatchObject([
      { id: initiative.id, withdrawn: { by: null, reason: 'Nhập trùng' } },
    ]);
    const missing = JSON.parse(await run(['initiatives', 'missing', '--year', '2025', '--json']));
    expect(missing.units.map((u: { code: string }) => u.code)).toContain(justice);
    await expect(run(['initiatives', 'withdraw', id, '--reason', 'x'])).rejects.toMatchObject({
      code: 'register_state_invalid',
    });
    await expect(run(['plans', 'withdraw', '999999', '--reason', 'x'])).rejects.toMatchObject({
      code: 'register_item_not_found',
    });
    await expect(run(['plans', 'withdraw', 'abc', '--reason', 'x'])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('withdraws an inspection with its recommendations and a plan with its tasks', async () => {
    const [inspection] = JSON.parse(await run(['inspections', 'list', '--json']));
    await run(['inspections', 'withdraw', String(inspection.id), '--reason', 'Nhập nhầm']);
    expect(JSON.parse(await run(['recommendations', 'overdue', '--json'])).items).toEqual([]);
    expect(JSON.parse(await run(['inspections', 'list', '--json']))).toEqual([]);
    const [plan] = JSON.parse(await run(['plans', 'list', '--json']));
    const json = JSON.parse(
      await run(['plans', 'withdraw', String(plan.id), '--reason', 'Lập nhầm', '--json']),
    );
    expect(json.tasks).toMatchObject([{ withdrawn: { reason: 'Lập nhầm' } }]);
    expect(JSON.parse(await run(['tasks', 'overdue', '--json'])).items).toEqual([]);
    const withdrawn = JSON.parse(await run(['plans', 'list', '--withdrawn', '--json']));
    expect(withdrawn).toMatchObject([{ id: plan.id, withdrawn: { reason: 'Lập nhầm' } }]);
  });

  it('restores the withdrawn plan with the tasks withdrawn with it, and refuses one in force', async () => {
    const [plan] = JSON.parse(await run(['plans', 'list', '--withdrawn', '--json']));
    await expect(run(['plans', 'restore', String(plan.id), '--reason', ' '])).rejects.toMatchObject(
      { code: 'register_restore_reason_required' },
    );
    const text = await run(['plans', 'restore', String(plan.id), '--reason', 'Rút nhầm']);
    expect(text).toBe(`plan ${plan.id} restored: Rút nhầm\n`);
    expect(JSON.parse(await run(['plans', 'list', '--json']))).toMatchObject([
      { id: plan.id, withdrawn: null, tasks: 1, tasksOverdue: 1 },
    ]);
    expect(JSON.parse(await run(['tasks', 'overdue', '--json'])).items).toHaveLength(1);
    await expect(
      run(['plans', 'restore', String(plan.id), '--reason', 'Lần hai']),
    ).rejects.toMatchObject({ code: 'register_not_withdrawn' });
  });

  it('withdraws a headcount row out of the year and its total, and restores it', async () => {
    const [row] = JSON.parse(await run(['headcount', 'list', '--year', '2025', '--json'])).rows;
    await run(['headcount', 'withdraw', String(row.id), '--reason', 'Nhập nhầm năm']);
    const after = JSON.parse(await run(['headcount', 'list', '--year', '2025', '--json']));
    expect(after.rows).toEqual([]);
    expect(after.total).toMatchObject({ assigned: 0, shortfall: 0 });
    const withdrawn = JSON.parse(
      await run(['headcount', 'list', '--year', '2025', '--withdrawn', '--json']),
    );
    expect(withdrawn.rows).toMatchObject([{ id: row.id, withdrawn: { reason: 'Nhập nhầm năm' } }]);
    await run(['headcount', 'restore', String(row.id), '--reason', 'Rút nhầm']);
    const back = JSON.parse(await run(['headcount', 'list', '--year', '2025', '--json']));
    expect(back.total).toMatchObject({ assigned: 40, shortfall: 3 });
  });

  it('exits 2 on a refused withdrawal, naming the code', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const code of [
        'register_withdraw_reason_required',
        'register_state_invalid',
        'register_item_not_found',
        'register_not_withdrawn',
        'register_restore_reason_required',
      ] as const)
        expect(reportError(new AppError(code))).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toContain('register_withdraw_reason_required');
    } finally {
      stderr.mockRestore();
    }
  });
});
