import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { registerCountsByUnit, registersModule } from './index.js';

type Who = 'specialist' | 'leader' | 'reform' | 'reformConstruction';

/**
 * Undoing a withdrawal in the governance registers, through HTTP: the reform office over the
 * record's unit restores it with a written reason and the version it read; what the cascade
 * took with it (an inspection's recommendations, a plan's tasks) comes back, what was withdrawn
 * on its own does not; the record is back in the lists, the overdue lists and the annual
 * index's counts; a refusal writes nothing. Headcount rows are withdrawn and restored too, out
 * of the year's total and shortfalls meanwhile.
 */
describe('registers: restoring withdrawn records', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  const s = {} as Record<Who, TestSession>;
  let justiceCode: string;

  const send = (who: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...who.headers, 'x-test-no-limit': '1' },
      ...(payload ? { payload } : {}),
    });
  const code = (res: { json: () => { error?: { code: string } } }) => res.json().error?.code;
  const ok = async (res: Promise<{ statusCode: number; json: () => unknown; body: string }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: route answers are checked by shape below.
    return r.json() as any;
  };
  /** The audit rows of an action, oldest first: the record's id, before and after. */
  const audit = async (action: string) => {
    const rows = await w.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', action)
      .orderBy('id')
      .execute();
    return rows.map((r) => {
      const data = r.data as { entityId: string; before: unknown; after: unknown };
      return { entity_id: Number(data.entityId), before: data.before, after: data.after };
    });
  };
  const eventCount = async () =>
    Number(
      (
        await w.ctx.db
          .selectFrom('register_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = () =>
    registerCountsByUnit(w.ctx.db, { tenantId: w.tenantId, year: 2025, today: '2025-03-03' });
  const ids = (items: Array<{ id: number }>) => items.map((i) => i.id);

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, registersModule], logger: false });
    await app.ready();
    w.ctx.clock.now = new Date('2025-03-03T02:00:00Z');
    const people: Array<[Who, Parameters<typeof createUser>[1]['role'], number]> = [
      ['specialist', 'specialist', w.units.justice],
      ['leader', 'leader', w.units.justice],
      ['reform', 'reform_office', w.units.province],
      ['reformConstruction', 'reform_office', w.units.construction],
    ];
    for (const [key, role, unitId] of people) {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId, name: key });
      s[key] = await signIn(app, u.username, u.password, { tenant: w.tenantCode });
    }
    const units = await w.ctx.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('tenant_id', '=', w.tenantId)
      .execute();
    justiceCode = units.find((u) => u.id === w.units.justice)?.code as string;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  describe('an initiative', () => {
    let id: number;
    let version: number;

    it('is restored only by the reform office over its unit, with a reason, and only when withdrawn; a refusal writes nothing', async () => {
      const filed = await send(s.specialist, 'POST', '/api/registers/initiatives', {
        unitCode: justiceCode,
        year: 2025,
        title: 'Sáng kiến rút nhầm',
        summary: 'x',
        authors: 'y',
      });
      id = filed.json().id;
      const url = `/api/registers/initiatives/${id}/restore`;
      // In force: nothing to restore.
      const live = await send(s.reform, 'POST', url, { reason: 'Khôi phục' });
      expect(live.statusCode).toBe(409);
      expect(code(live)).toBe('register_not_withdrawn');

      await ok(
        send(s.reform, 'POST', `/api/registers/initiatives/${id}/withdraw`, {
          reason: 'Tưởng là nhập trùng',
        }),
      );
      expect((await counts()).get(w.units.justice)?.initiativesFiled ?? 0).toBe(0);
      const before = await eventCount();
      expect((await send(s.specialist, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect(code(await send(s.reformConstruction, 'POST', url, { reason: 'x' }))).toBe(
        'register_item_not_found',
      );
      const none = await send(s.reform, 'POST', url, { reason: '  ' });
      expect(none.statusCode).toBe(422);
      expect(code(none)).toBe('register_restore_reason_required');
      expect(code(await send(s.reform, 'POST', url, {}))).toBe('register_restore_reason_required');
      const detail = await ok(send(s.reform, 'GET', `/api/registers/initiatives/${id}`));
      expect(detail.actions).toEqual(['restore']);
      expect(code(await send(s.reform, 'POST', url, { reason: 'x', version: 1 }))).toBe(
        'version_conflict',
      );
      // The unit's readers see the withdrawal but may not undo it.
      expect((await ok(send(s.leader, 'GET', `/api/registers/initiatives/${id}`))).actions).toEqual(
        [],
      );
      expect(await eventCount()).toBe(before);
      version = detail.version;
    });

    it('comes back in its state, in the list, the missing report and the counts, with the restore in its history and audit log', async () => {
      const res = await ok(
        send(s.reform, 'POST', `/api/registers/initiatives/${id}/restore`, {
          reason: '  Không trùng: hai sáng kiến khác nhau ',
          version,
        }),
      );
      expect(res).toMatchObject({
        state: 'registered',
        withdrawn: null,
        version: version + 1,
        actions: ['correct', 'evaluate', 'withdraw'],
      });
      expect(res.history.at(-1)).toMatchObject({
        action: 'restore',
        fromState: 'withdrawn',
        toState: 'registered',
        note: 'Không trùng: hai sáng kiến khác nhau',
        actor: 'reform',
      });
      const [row] = await audit('registers.initiative.restore');
      expect(row).toMatchObject({
        entity_id: id,
        before: { state: 'registered', withdrawn: true, withdrawnReason: 'Tưởng là nhập trùng' },
        after: { withdrawn: false, reason: 'Không trùng: hai sáng kiến khác nhau' },
      });
      const list = await ok(send(s.reform, 'GET', '/api/registers/initiatives?year=2025'));
      expect(ids(list.items)).toContain(id);
      const withdrawn = await ok(
        send(s.reform, 'GET', '/api/registers/initiatives?withdrawn=true'),
      );
      expect(ids(withdrawn.items)).not.toContain(id);
      const missing = await ok(
        send(s.reform, 'GET', '/api/registers/initiatives/missing?year=2025'),
      );
      expect(missing.units.map((u: { code: string }) => u.code)).not.toContain(justiceCode);
      expect((await counts()).get(w.units.justice)?.initiativesFiled).toBe(1);
      // A second restore is refused: it is in the register.
      const again = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/restore`, {
        reason: 'x',
      });
      expect(code(again)).toBe('register_not_withdrawn');
    });
  });

  describe('an inspection and its recommendations', () => {
    let inspectionId: number;
    const rec = {} as Record<'alone' | 'late' | 'done', number>;

    it('brings back the recommendations withdrawn with it, not the one withdrawn on its own', async () => {
      const planned = await send(s.reform, 'POST', '/api/registers/inspections', {
        inspectedUnitCode: justiceCode,
        inspectingBody: 'Đoàn kiểm tra công vụ tỉnh',
        kind: 'check',
        plannedOn: '2025-02-20',
        scope: 'TTHC',
      });
      expect(planned.statusCode).toBe(201);
      inspectionId = planned.json().id;
      await ok(
        send(s.reform, 'POST', `/api/registers/inspections/${inspectionId}/conclude`, {
          kind: 'conclusion',
          number: '3/KL-ĐKT',
          date: '2025-03-01',
          text: 'Kết luận',
        }),
      );
      for (const [key, content, dueOn] of [
        ['alone', 'Kiến nghị nhập trùng', '2025-03-01'],
        ['late', 'Kiến nghị quá hạn', '2025-03-01'],
        ['done', 'Kiến nghị đã xong', '2025-03-20'],
      ] as const) {
        const res = await send(
          s.reform,
          'POST',
          `/api/registers/inspections/${inspectionId}/recommendations`,
          { content, responsibleUnitCode: justiceCode, dueOn },
        );
        expect(res.statusCode).toBe(201);
        rec[key] = res.json().recommendations.at(-1).id;
      }
      await ok(
        send(s.leader, 'POST', `/api/registers/recommendations/${rec.done}/complete`, {
          note: 'Đã làm',
        }),
      );
      await ok(
        send(s.reform, 'POST', `/api/registers/recommendations/${rec.alone}/withdraw`, {
          reason: 'Nhập trùng',
        }),
      );
      const dueBefore = (await counts()).get(w.units.justice)?.recommendations.due ?? 0;
      const withdrawn = await ok(
        send(s.reform, 'POST', `/api/registers/inspections/${inspectionId}/withdraw`, {
          reason: 'Nhập nhầm cuộc kiểm tra',
        }),
      );
      expect(withdrawn.actions).toEqual(['restore']);
      // While the inspection is out, none of its recommendations can be restored alone.
      expect(withdrawn.recommendations.map((r: { canRestore: boolean }) => r.canRestore)).toEqual([
        false,
        false,
        false,
      ]);
      const alone = await send(
        s.reform,
        'POST',
        `/api/registers/recommendations/${rec.alone}/restore`,
        {
          reason: 'x',
        },
      );
      expect(alone.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: {
          state: 'withdrawn',
          step: 'restore',
          parent: { entity: 'inspection', id: inspectionId },
        },
      });
      expect((await counts()).get(w.units.justice)?.recommendations.due ?? 0).toBe(dueBefore - 2);

      const res = await ok(
        send(s.reform, 'POST', `/api/registers/inspections/${inspectionId}/restore`, {
          reason: 'Rút nhầm cuộc kiểm tra',
          version: withdrawn.version,
        }),
      );
      expect(res).toMatchObject({
        state: 'concluded',
        withdrawn: null,
        actions: ['recommend', 'withdraw'],
        conclusion: { number: '3/KL-ĐKT' },
      });
      expect(res.recommendations).toMatchObject([
        { id: rec.alone, withdrawn: { reason: 'Nhập trùng' }, canRestore: true },
        { id: rec.late, withdrawn: null, overdue: true, canComplete: true, canRestore: false },
        { id: rec.done, withdrawn: null, state: 'done' },
      ]);
      const trail = await audit('registers.recommendation.restore');
      expect(trail.map((a) => a.entity_id)).toEqual([rec.late, rec.done]);
      expect(trail[0]?.after).toMatchObject({
        along: { entity: 'inspection', id: inspectionId },
        reason: 'Rút nhầm cuộc kiểm tra',
      });
      const overdue = await ok(send(s.reform, 'GET', '/api/registers/recommendations/overdue'));
      expect(ids(overdue.items)).toContain(rec.late);
      expect(ids(overdue.items)).not.toContain(rec.alone);
      expect((await counts()).get(w.units.justice)?.recommendations.due ?? 0).toBe(dueBefore);
      const list = await ok(send(s.reform, 'GET', '/api/registers/inspections?year=2025'));
      expect(ids(list.items)).toContain(inspectionId);
    });

    it('restores the recommendation withdrawn on its own once the inspection is back', async () => {
      const url = `/api/registers/recommendations/${rec.alone}/restore`;
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect(code(await send(s.reform, 'POST', url, { reason: '' }))).toBe(
        'register_restore_reason_required',
      );
      const res = await ok(send(s.reform, 'POST', url, { reason: 'Không trùng' }));
      expect(res.recommendations.find((r: { id: number }) => r.id === rec.alone)).toMatchObject({
        withdrawn: null,
        canWithdraw: true,
        canRestore: false,
        overdue: true,
      });
      expect(code(await send(s.reform, 'POST', url, { reason: 'x' }))).toBe(
        'register_not_withdrawn',
      );
    });
  });

  describe('a plan and its tasks', () => {
    it('brings back the tasks withdrawn with it, not the one withdrawn on its own', async () => {
      const plan = await send(s.reform, 'POST', '/api/registers/plans', {
        unitCode: justiceCode,
        year: 2025,
        title: 'Kế hoạch rút nhầm',
      });
      expect(plan.statusCode).toBe(201);
      const planId: number = plan.json().id;
      const task = async (title: string, dueOn: string) => {
        const res = await send(s.reform, 'POST', `/api/registers/plans/${planId}/tasks`, {
          title,
          responsibleUnitCode: justiceCode,
          responsiblePerson: 'Lê Văn Phê Duyệt',
          dueOn,
        });
        expect(res.statusCode).toBe(201);
        return res.json().tasks.find((t: { title: string }) => t.title === title).id as number;
      };
      const alone = await task('Nhiệm vụ giao nhầm', '2025-03-01');
      const late = await task('Nhiệm vụ quá hạn', '2025-03-01');
      const later = await task('Nhiệm vụ sau', '2025-05-01');
      await ok(
        send(s.reform, 'POST', `/api/registers/tasks/${alone}/withdraw`, { reason: 'Giao nhầm' }),
      );
      const withdrawn = await ok(
        send(s.reform, 'POST', `/api/registers/plans/${planId}/withdraw`, { reason: 'Lập nhầm' }),
      );
      expect(withdrawn.actions).toEqual(['restore']);
      // The withdrawn list counts the tasks that left with the plan, not the one withdrawn before.
      const out = await ok(send(s.reform, 'GET', '/api/registers/plans?withdrawn=true'));
      expect(out.items.find((p: { id: number }) => p.id === planId)).toMatchObject({
        tasks: 2,
        tasksOverdue: 0,
      });
      expect(
        code(await send(s.reform, 'POST', `/api/registers/tasks/${late}/restore`, { reason: 'x' })),
      ).toBe('register_state_invalid');
      expect(
        (await send(s.leader, 'POST', `/api/registers/plans/${planId}/restore`, { reason: 'x' }))
          .statusCode,
      ).toBe(403);
      expect(
        code(
          await send(s.reform, 'POST', `/api/registers/plans/${planId}/restore`, {
            reason: 'x',
            version: withdrawn.version - 1,
          }),
        ),
      ).toBe('version_conflict');

      const res = await ok(
        send(s.reform, 'POST', `/api/registers/plans/${planId}/restore`, {
          reason: 'Kế hoạch đúng, rút nhầm',
          version: withdrawn.version,
        }),
      );
      expect(res).toMatchObject({ withdrawn: null });
      expect(res.actions).toEqual(['add_task', 'report', 'correct', 'withdraw']);
      expect(res.tasks).toMatchObject([
        { id: alone, withdrawn: { reason: 'Giao nhầm' }, canRestore: true },
        { id: late, withdrawn: null, overdue: true, canUpdate: true },
        { id: later, withdrawn: null },
      ]);
      expect(
        res.history
          .filter((h: { action: string }) => h.action === 'restore')
          .map((h: { entity: string; entityId: number }) => [h.entity, h.entityId]),
      ).toEqual([
        ['plan', planId],
        ['task', late],
        ['task', later],
      ]);
      const list = await ok(send(s.reform, 'GET', '/api/registers/plans?year=2025'));
      expect(list.items.find((p: { id: number }) => p.id === planId)).toMatchObject({
        tasks: 2,
        tasksOverdue: 1,
      });
      const overdue = await ok(send(s.reform, 'GET', '/api/registers/tasks/overdue'));
      expect(ids(overdue.items)).toContain(late);
      expect(ids(overdue.items)).not.toContain(alone);

      const one = await ok(
        send(s.reform, 'POST', `/api/registers/tasks/${alone}/restore`, { reason: 'Giao đúng' }),
      );
      expect(one.tasks.find((t: { id: number }) => t.id === alone)).toMatchObject({
        withdrawn: null,
        canCorrect: true,
      });
      const [row] = (await audit('registers.task.restore')).filter((a) => a.entity_id === alone);
      expect(row?.before).toMatchObject({ withdrawn: true, withdrawnReason: 'Giao nhầm' });
      expect(row?.after).not.toHaveProperty('along');
    });
  });

  it('migration 0081 marks what a cascade withdrew before it, from the audit rows, and only that', async () => {
    const planned = await send(s.reform, 'POST', '/api/registers/inspections', {
      inspectedUnitCode: justiceCode,
      inspectingBody: 'Thanh tra tỉnh',
      kind: 'inspection',
      plannedOn: '2025-02-10',
      scope: 'x',
    });
    const inspectionId: number = planned.json().id;
    await ok(
      send(s.reform, 'POST', `/api/registers/inspections/${inspectionId}/conclude`, {
        kind: 'notice',
        number: '9/TB',
        date: '2025-03-01',
        text: 'Thông báo',
      }),
    );
    const recIds: number[] = [];
    for (const content of ['Riêng', 'Cùng cuộc']) {
      const res = await send(
        s.reform,
        'POST',
        `/api/registers/inspections/${inspectionId}/recommendations`,
        { content, responsibleUnitCode: justiceCode, dueOn: '2025-04-01' },
      );
      recIds.push(res.json().recommendations.at(-1).id);
    }
    const [alone, along] = recIds as [number, number];
    await ok(
      send(s.reform, 'POST', `/api/registers/recommendations/${alone}/withdraw`, { reason: 'x' }),
    );
    await ok(
      send(s.reform, 'POST', `/api/registers/inspections/${inspectionId}/withdraw`, {
        reason: 'y',
      }),
    );
    // As the rows were before the migration: no mark.
    await w.ctx.db
      .updateTable('register_recommendations')
      .set({ withdrawn_along: false })
      .where('inspection_id', '=', inspectionId)
      .execute();
    const migration = await readFile(
      new URL('../../platform/db/migrations/0081_register_restore.sql', import.meta.url),
      'utf8',
    );
    const backfill = migration
      .replace(/--.*$/gm, '')
      .split(';')
      .map((statement) => statement.trim())
      .filter((statement) => statement.startsWith('update'));
    expect(backfill).toHaveLength(2);
    for (const statement of backfill) await sql.raw(statement).execute(w.ctx.db);
    const marks = await w.ctx.db
      .selectFrom('register_recommendations')
      .select(['id', 'withdrawn_along'])
      .where('inspection_id', '=', inspectionId)
      .orderBy('id')
      .execute();
    expect(marks).toEqual([
      { id: alone, withdrawn_along: false },
      { id: along, withdrawn_along: true },
    ]);
  });

  describe('a headcount row', () => {
    let rowId: number;
    let version: number;
    const record = (assigned: number) =>
      send(s.reform, 'PUT', '/api/registers/headcount', {
        unitCode: justiceCode,
        year: 2025,
        assigned,
        inPost: 50,
        reductionTarget: 5,
        reduced: 1,
      });

    it('is withdrawn by the reform office with a reason, out of the year, its total and shortfall', async () => {
      const saved = await record(48);
      expect(saved.statusCode).toBe(200);
      rowId = saved.json().id;
      expect(saved.json()).toMatchObject({ shortfall: 4, withdrawn: null });
      const url = `/api/registers/headcount/${rowId}/withdraw`;
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect(code(await send(s.reformConstruction, 'POST', url, { reason: 'x' }))).toBe(
        'register_item_not_found',
      );
      expect(code(await send(s.reform, 'POST', url, { reason: ' ' }))).toBe(
        'register_withdraw_reason_required',
      );
      const res = await ok(
        send(s.reform, 'POST', url, { reason: 'Nhập nhầm năm', version: saved.json().version }),
      );
      expect(res).toMatchObject({
        id: rowId,
        withdrawn: { reason: 'Nhập nhầm năm', by: 'reform' },
      });
      expect(res.history.at(-1)).toMatchObject({ action: 'withdraw', note: 'Nhập nhầm năm' });
      version = res.version;
      const year = await ok(send(s.leader, 'GET', '/api/registers/headcount?year=2025'));
      expect(year.rows).toEqual([]);
      expect(year.total).toMatchObject({ assigned: 0, reductionTarget: 0, shortfall: 0 });
      expect(
        (await send(s.leader, 'GET', '/api/registers/headcount?year=2025&withdrawn=true'))
          .statusCode,
      ).toBe(403);
      const out = await ok(
        send(s.reform, 'GET', '/api/registers/headcount?year=2025&withdrawn=true'),
      );
      expect(out.rows).toMatchObject([
        { id: rowId, assigned: 48, withdrawn: { reason: 'Nhập nhầm năm' } },
      ]);
      expect(code(await send(s.reform, 'POST', url, { reason: 'x' }))).toBe(
        'register_state_invalid',
      );
    });

    it('is restored with a reason, its figures counting again', async () => {
      const url = `/api/registers/headcount/${rowId}/restore`;
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect(code(await send(s.reform, 'POST', url, {}))).toBe('register_restore_reason_required');
      const res = await ok(send(s.reform, 'POST', url, { reason: 'Đúng năm', version }));
      expect(res).toMatchObject({ withdrawn: null, assigned: 48, shortfall: 4 });
      expect(res.history.at(-1)).toMatchObject({ action: 'restore', note: 'Đúng năm' });
      const year = await ok(send(s.reform, 'GET', '/api/registers/headcount?year=2025'));
      expect(year.total).toMatchObject({ assigned: 48, shortfall: 4 });
      expect(code(await send(s.reform, 'POST', url, { reason: 'x' }))).toBe(
        'register_not_withdrawn',
      );
    });

    it('is recorded anew over a withdrawn row: the new figures in force, the withdrawal in its history', async () => {
      await ok(
        send(s.reform, 'POST', `/api/registers/headcount/${rowId}/withdraw`, { reason: 'Sai số' }),
      );
      const saved = await ok(record(52));
      expect(saved).toMatchObject({ id: rowId, assigned: 52, withdrawn: null });
      expect(saved.history.map((h: { action: string }) => h.action)).toEqual([
        'record',
        'withdraw',
        'restore',
        'withdraw',
        'record',
      ]);
      const year = await ok(send(s.reform, 'GET', '/api/registers/headcount?year=2025'));
      expect(year.total).toMatchObject({ assigned: 52 });
    });
  });
});
