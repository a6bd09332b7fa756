import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { registerCountsByUnit, registersModule } from './index.js';

type Who = 'specialist' | 'leader' | 'otherLeader' | 'reform' | 'reformConstruction';

/**
 * Corrections in place and withdrawals in the governance registers, through HTTP: each
 * correction in its allowed states only, with the record's version and the same checks as
 * creation, audited with before and after; withdrawal of a record entered by mistake by the
 * reform office with a written reason, what goes with it (an inspection's recommendations, a
 * plan's tasks), and what a withdrawn record leaves: the lists, the CSV exports, the overdue
 * lists, the units-that-filed-none report and the counts the annual index reads.
 */
describe('registers corrections and withdrawals', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  const s = {} as Record<Who, TestSession>;
  let justiceCode: string;
  let constructionCode: string;

  const send = (who: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...who.headers, 'x-test-no-limit': '1' },
      ...(payload ? { payload } : {}),
    });
  const code = (res: { json: () => { error?: { code: string } } }) => res.json().error?.code;
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
  const counts = () =>
    registerCountsByUnit(w.ctx.db, { tenantId: w.tenantId, year: 2025, today: '2025-03-03' });
  const csvLines = (body: string) =>
    body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, registersModule], logger: false });
    await app.ready();
    w.ctx.clock.now = new Date('2025-03-03T02:00:00Z');
    const people: Array<[Who, Parameters<typeof createUser>[1]['role'], number]> = [
      ['specialist', 'specialist', w.units.justice],
      ['leader', 'leader', w.units.justice],
      ['otherLeader', 'leader', w.units.construction],
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
    constructionCode = units.find((u) => u.id === w.units.construction)?.code as string;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const planInspection = async (inspectedUnitCode: string) => {
    const res = await send(s.reform, 'POST', '/api/registers/inspections', {
      inspectedUnitCode,
      inspectingBody: 'Đoàn kiểm tra công vụ tỉnh',
      kind: 'check',
      plannedOn: '2025-03-05',
      scope: 'Việc giải quyết TTHC quý I',
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const conclude = async (id: number) => {
    const res = await send(s.reform, 'POST', `/api/registers/inspections/${id}/conclude`, {
      kind: 'conclusion',
      number: `${id}/KL-ĐKT`,
      date: '2025-03-03',
      text: 'Đơn vị niêm yết chưa đầy đủ TTHC.',
    });
    expect(res.statusCode).toBe(200);
  };
  const recommend = async (id: number, content: string, unitCode: string, dueOn: string) => {
    const res = await send(s.reform, 'POST', `/api/registers/inspections/${id}/recommendations`, {
      content,
      responsibleUnitCode: unitCode,
      dueOn,
    });
    expect(res.statusCode).toBe(201);
    return res.json().recommendations.at(-1) as { id: number; version: number };
  };
  const createPlan = async (title: string) => {
    const res = await send(s.reform, 'POST', '/api/registers/plans', {
      unitCode: justiceCode,
      year: 2025,
      title,
      indicator: '2.1',
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const addTask = async (planId: number, title: string, dueOn: string) => {
    const res = await send(s.reform, 'POST', `/api/registers/plans/${planId}/tasks`, {
      title,
      responsibleUnitCode: justiceCode,
      responsiblePerson: 'Lê Văn Phê Duyệt',
      dueOn,
    });
    expect(res.statusCode).toBe(201);
    return res.json().tasks.find((t: { title: string }) => t.title === title) as {
      id: number;
      version: number;
    };
  };

  describe('correcting an inspection', () => {
    let id: number;

    it('corrects a planned inspection, the inspected unit too, audited with before and after', async () => {
      const planned = await planInspection(justiceCode);
      id = planned.id;
      expect(
        (await send(s.reform, 'GET', `/api/registers/inspections/${id}`)).json().actions,
      ).toEqual(['start', 'conclude', 'correct', 'withdraw']);
      const res = await send(s.reform, 'PUT', `/api/registers/inspections/${id}`, {
        inspectedUnitCode: constructionCode,
        inspectingUnitCode: justiceCode,
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'inspection',
        plannedOn: '2025-03-20',
        scope: 'Công vụ, công chức',
        version: planned.version,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        inspectedUnit: { code: constructionCode },
        inspectingUnit: { code: justiceCode },
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'inspection',
        plannedOn: '2025-03-20',
        scope: 'Công vụ, công chức',
        state: 'planned',
        version: planned.version + 1,
      });
      expect(res.json().history.map((h: { action: string }) => h.action)).toEqual([
        'plan',
        'correct',
      ]);
      const [row] = await audit('registers.inspection.correct');
      expect(row?.before).toMatchObject({ inspectedUnit: justiceCode, plannedOn: '2025-03-05' });
      expect(row?.after).toMatchObject({
        inspectedUnit: constructionCode,
        plannedOn: '2025-03-20',
      });
      // The justice leader no longer reads it; the construction leader does, without actions.
      expect(code(await send(s.leader, 'GET', `/api/registers/inspections/${id}`))).toBe(
        'register_item_not_found',
      );
      expect(
        (await send(s.otherLeader, 'GET', `/api/registers/inspections/${id}`)).json(),
      ).toMatchObject({
        actions: [],
      });
    });

    it('keeps the inspected unit once begun and refuses a stale version', async () => {
      const started = await send(s.reform, 'POST', `/api/registers/inspections/${id}/start`, {});
      const version = started.json().version as number;
      const body = {
        inspectedUnitCode: constructionCode,
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'inspection',
        plannedOn: '2025-03-20',
        scope: 'Công vụ, công chức, kỷ luật hành chính',
      };
      const moved = await send(s.reform, 'PUT', `/api/registers/inspections/${id}`, {
        ...body,
        inspectedUnitCode: justiceCode,
        version,
      });
      expect(moved.statusCode).toBe(409);
      expect(moved.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'in_progress', step: 'change_inspected_unit' },
      });
      const stale = await send(s.reform, 'PUT', `/api/registers/inspections/${id}`, {
        ...body,
        version: version - 1,
      });
      expect(code(stale)).toBe('version_conflict');
      const ok = await send(s.reform, 'PUT', `/api/registers/inspections/${id}`, {
        ...body,
        version,
      });
      expect(ok.statusCode).toBe(200);
      // No inspecting unit given: the correction clears it.
      expect(ok.json()).toMatchObject({
        state: 'in_progress',
        inspectingUnit: null,
        scope: 'Công vụ, công chức, kỷ luật hành chính',
      });
    });

    it('checks a correction like planning: dates, text, units, version', async () => {
      const current = (await send(s.reform, 'GET', `/api/registers/inspections/${id}`)).json();
      const body = {
        inspectedUnitCode: constructionCode,
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'inspection',
        plannedOn: '2025-03-20',
        scope: 'Công vụ',
        version: current.version,
      };
      const put = (patch: object) =>
        send(s.reform, 'PUT', `/api/registers/inspections/${id}`, { ...body, ...patch });
      expect(code(await put({ plannedOn: '2025-02-30' }))).toBe('validation_failed');
      expect(code(await put({ scope: '   ' }))).toBe('validation_failed');
      expect(code(await put({ kind: 'audit' }))).toBe('validation_failed');
      const unknown = await put({ inspectingUnitCode: 'KHONG.CO' });
      expect(unknown.json().error).toMatchObject({
        code: 'register_unit_invalid',
        details: { field: 'inspectingUnitCode' },
      });
      const { version: _, ...noVersion } = body;
      expect(code(await send(s.reform, 'PUT', `/api/registers/inspections/${id}`, noVersion))).toBe(
        'validation_failed',
      );
      // Nothing was written by the refusals.
      const after = (await send(s.reform, 'GET', `/api/registers/inspections/${id}`)).json();
      expect(after).toMatchObject({ version: current.version, scope: current.scope });
    });

    it('is corrected by the reform office only, and not once concluded', async () => {
      const current = (await send(s.reform, 'GET', `/api/registers/inspections/${id}`)).json();
      const body = {
        inspectedUnitCode: constructionCode,
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'inspection',
        plannedOn: '2025-03-20',
        scope: 'Công vụ',
        version: current.version,
      };
      const byLeader = await send(s.otherLeader, 'PUT', `/api/registers/inspections/${id}`, body);
      expect(byLeader.statusCode).toBe(403);
      await conclude(id);
      const late = await send(s.reform, 'PUT', `/api/registers/inspections/${id}`, {
        ...body,
        version: current.version + 1,
      });
      expect(late.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'concluded', step: 'correct' },
      });
    });
  });

  describe('correcting a recommendation', () => {
    it('corrects an open recommendation: content, unit, deadline; refuses stale, invalid, others and done', async () => {
      const inspection = await planInspection(justiceCode);
      await conclude(inspection.id);
      const rec = await recommend(inspection.id, 'Niêm yết lại TTHC', justiceCode, '2025-03-10');
      const url = `/api/registers/recommendations/${rec.id}`;
      const body = {
        content: 'Niêm yết lại đầy đủ TTHC tại bộ phận một cửa',
        responsibleUnitCode: constructionCode,
        dueOn: '2025-03-31',
        version: rec.version,
      };
      expect(code(await send(s.reform, 'PUT', url, { ...body, dueOn: '2025-13-01' }))).toBe(
        'validation_failed',
      );
      expect(code(await send(s.reform, 'PUT', url, { ...body, content: ' ' }))).toBe(
        'validation_failed',
      );
      expect(
        code(await send(s.reform, 'PUT', url, { ...body, responsibleUnitCode: 'KHONG.CO' })),
      ).toBe('register_unit_invalid');
      // The responsible unit's leader reads it and closes it, but does not rewrite it.
      expect((await send(s.leader, 'PUT', url, body)).statusCode).toBe(403);
      const ok = await send(s.reform, 'PUT', url, body);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().recommendations[0]).toMatchObject({
        content: 'Niêm yết lại đầy đủ TTHC tại bộ phận một cửa',
        responsibleUnit: { code: constructionCode },
        dueOn: '2025-03-31',
        version: rec.version + 1,
        canCorrect: true,
        canWithdraw: true,
      });
      const [row] = await audit('registers.recommendation.correct');
      expect(row).toMatchObject({
        entity_id: rec.id,
        before: { responsibleUnit: justiceCode, dueOn: '2025-03-10' },
        after: { responsibleUnit: constructionCode, dueOn: '2025-03-31' },
      });
      expect(code(await send(s.reform, 'PUT', url, body))).toBe('version_conflict');
      const done = await send(s.otherLeader, 'POST', `${url}/complete`, { note: 'Đã niêm yết' });
      expect(done.json().recommendations[0]).toMatchObject({ state: 'done', canCorrect: false });
      const late = await send(s.reform, 'PUT', url, { ...body, version: rec.version + 2 });
      expect(late.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'done', step: 'correct' },
      });
    });
  });

  describe('correcting a plan and its tasks', () => {
    it('corrects a plan until its first progress report', async () => {
      const plan = await createPlan('Khắc phục chỉ số 2.1');
      const url = `/api/registers/plans/${plan.id}`;
      expect((await send(s.reform, 'GET', url)).json().actions).toEqual([
        'add_task',
        'report',
        'correct',
        'withdraw',
      ]);
      expect((await send(s.leader, 'GET', url)).json().actions).toEqual(['report']);
      const body = { title: 'Khắc phục chỉ số 2.1 và 2.2', indicator: '2.2', dueOn: '2025-06-30' };
      expect(
        (await send(s.leader, 'PUT', url, { ...body, version: plan.version })).statusCode,
      ).toBe(403);
      expect(
        code(await send(s.reform, 'PUT', url, { ...body, indicator: '2 2', version: 1 })),
      ).toBe('validation_failed');
      expect(
        code(await send(s.reform, 'PUT', url, { ...body, dueOn: '2025-02-29', version: 1 })),
      ).toBe('validation_failed');
      const ok = await send(s.reform, 'PUT', url, { ...body, version: plan.version });
      expect(ok.json()).toMatchObject({ ...body, version: plan.version + 1 });
      // No due date: 31 July of the plan's year, as when it was registered; no indicator: none.
      const reset = await send(s.reform, 'PUT', url, {
        title: 'Khắc phục chỉ số 2.1',
        version: plan.version + 1,
      });
      expect(reset.json()).toMatchObject({ dueOn: '2025-07-31', indicator: null });
      expect(code(await send(s.reform, 'PUT', url, { ...body, version: plan.version }))).toBe(
        'version_conflict',
      );
      await send(s.leader, 'POST', `${url}/reports`, { text: 'Đã bắt đầu', percent: 10 });
      const detail = (await send(s.reform, 'GET', url)).json();
      expect(detail.actions).not.toContain('correct');
      const late = await send(s.reform, 'PUT', url, { ...body, version: detail.version });
      expect(late.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'reported', step: 'correct' },
      });
    });

    it('corrects a task not done: title, unit, person, deadline', async () => {
      const plan = await createPlan('Kế hoạch nhiệm vụ');
      const task = await addTask(plan.id, 'Số hóa hồ sơ', '2025-03-15');
      const url = `/api/registers/tasks/${task.id}`;
      const body = {
        title: 'Số hóa toàn bộ hồ sơ tồn',
        responsibleUnitCode: constructionCode,
        responsiblePerson: 'Trần Văn Thẩm Định',
        dueOn: '2025-04-15',
        version: task.version,
      };
      expect((await send(s.leader, 'PUT', url, body)).statusCode).toBe(403);
      expect(code(await send(s.reform, 'PUT', url, { ...body, dueOn: '15/04/2025' }))).toBe(
        'validation_failed',
      );
      expect(code(await send(s.reform, 'PUT', url, { ...body, responsiblePerson: '' }))).toBe(
        'validation_failed',
      );
      expect(
        code(await send(s.reform, 'PUT', url, { ...body, responsibleUnitCode: 'KHONG.CO' })),
      ).toBe('register_unit_invalid');
      const ok = await send(s.reform, 'PUT', url, body);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().tasks[0]).toMatchObject({
        title: 'Số hóa toàn bộ hồ sơ tồn',
        responsibleUnit: { code: constructionCode },
        responsiblePerson: 'Trần Văn Thẩm Định',
        dueOn: '2025-04-15',
        version: task.version + 1,
        canCorrect: true,
      });
      const [row] = await audit('registers.task.correct');
      expect(row).toMatchObject({
        before: { title: 'Số hóa hồ sơ', dueOn: '2025-03-15' },
        after: { title: 'Số hóa toàn bộ hồ sơ tồn', dueOn: '2025-04-15' },
      });
      expect(code(await send(s.reform, 'PUT', url, body))).toBe('version_conflict');
      await send(s.otherLeader, 'POST', `${url}/status`, { status: 'done' });
      const late = await send(s.reform, 'PUT', url, { ...body, version: task.version + 2 });
      expect(late.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'done', step: 'correct' },
      });
    });
  });

  describe('withdrawing', () => {
    let initiativeId: number;

    it('needs the reform office over the unit and a written reason; a refusal writes nothing', async () => {
      const filed = await send(s.specialist, 'POST', '/api/registers/initiatives', {
        unitCode: justiceCode,
        year: 2025,
        title: 'Sáng kiến nhập trùng',
        summary: 'x',
        authors: 'y',
      });
      initiativeId = filed.json().id;
      expect(filed.json().actions).toEqual(['correct']);
      const url = `/api/registers/initiatives/${initiativeId}/withdraw`;
      expect((await send(s.specialist, 'POST', url, { reason: 'Nhập trùng' })).statusCode).toBe(
        403,
      );
      expect((await send(s.leader, 'POST', url, { reason: 'Nhập trùng' })).statusCode).toBe(403);
      // A reform office granted over another department does not even see it.
      expect(code(await send(s.reformConstruction, 'POST', url, { reason: 'Nhập trùng' }))).toBe(
        'register_item_not_found',
      );
      const none = await send(s.reform, 'POST', url, {});
      expect(none.statusCode).toBe(422);
      expect(code(none)).toBe('register_withdraw_reason_required');
      expect(code(await send(s.reform, 'POST', url, { reason: '   ' }))).toBe(
        'register_withdraw_reason_required',
      );
      const detail = await send(s.reform, 'GET', `/api/registers/initiatives/${initiativeId}`);
      expect(detail.json()).toMatchObject({ withdrawn: null, history: [{ action: 'file' }] });
      expect(detail.json().actions).toEqual(['correct', 'evaluate', 'withdraw']);
    });

    it('withdraws a recognised initiative from the lists, CSV, the missing report and the annual counts, keeping its page', async () => {
      expect((await counts()).get(w.units.justice)?.initiativesFiled).toBe(1);
      const evaluated = await send(
        s.reform,
        'POST',
        `/api/registers/initiatives/${initiativeId}/evaluate`,
        { score: 70, comment: 'Đạt' },
      );
      expect(evaluated.statusCode).toBe(200);
      await send(s.reform, 'POST', `/api/registers/initiatives/${initiativeId}/decide`, {
        recognised: true,
      });
      const res = await send(
        s.reform,
        'POST',
        `/api/registers/initiatives/${initiativeId}/withdraw`,
        {
          reason: '  Trùng với sáng kiến đã đăng ký năm 2024 ',
          version: 3,
        },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        state: 'recognised',
        version: 4,
        actions: ['restore'],
        withdrawn: { by: 'reform', reason: 'Trùng với sáng kiến đã đăng ký năm 2024' },
      });
      expect(res.json().history.at(-1)).toMatchObject({
        action: 'withdraw',
        fromState: 'recognised',
        toState: 'withdrawn',
        note: 'Trùng với sáng kiến đã đăng ký năm 2024',
        actor: 'reform',
      });
      const [row] = await audit('registers.initiative.withdraw');
      expect(row).toMatchObject({
        entity_id: initiativeId,
        before: { state: 'recognised', withdrawn: false },
        after: { withdrawn: true, reason: 'Trùng với sáng kiến đã đăng ký năm 2024' },
      });
      // Its page stays readable, to the unit too.
      expect(
        (await send(s.leader, 'GET', `/api/registers/initiatives/${initiativeId}`)).json(),
      ).toMatchObject({ withdrawn: { reason: 'Trùng với sáng kiến đã đăng ký năm 2024' } });

      const list = await send(s.reform, 'GET', '/api/registers/initiatives?year=2025');
      expect(list.json()).toMatchObject({ total: 0, items: [] });
      const withdrawn = await send(s.reform, 'GET', '/api/registers/initiatives?withdrawn=true');
      expect(withdrawn.json().items.map((i: { id: number }) => i.id)).toEqual([initiativeId]);
      expect(
        (await send(s.leader, 'GET', '/api/registers/initiatives?withdrawn=true')).statusCode,
      ).toBe(403);
      const other = await send(
        s.reformConstruction,
        'GET',
        '/api/registers/initiatives?withdrawn=true',
      );
      expect(other.json().total).toBe(0);

      const csv = await send(s.reform, 'GET', '/api/registers/initiatives/export.csv?year=2025');
      expect(csvLines(csv.body)).toHaveLength(1);
      const csvWithdrawn = await send(
        s.reform,
        'GET',
        '/api/registers/initiatives/export.csv?year=2025&withdrawn=true',
      );
      expect(csvWithdrawn.headers['content-disposition']).toContain('sang-kien-2025-da-rut.csv');
      const lines = csvLines(csvWithdrawn.body);
      expect(lines[0]).toMatch(/,Ngày rút khỏi sổ,Lý do rút$/);
      expect(lines[1]).toMatch(/,2025-03-03,Trùng với sáng kiến đã đăng ký năm 2024$/);

      const missing = await send(s.reform, 'GET', '/api/registers/initiatives/missing?year=2025');
      expect(missing.json().units.map((u: { code: string }) => u.code)).toContain(justiceCode);
      expect((await counts()).get(w.units.justice)?.initiativesFiled ?? 0).toBe(0);
    });

    it('takes no further step on a withdrawn record', async () => {
      const url = `/api/registers/initiatives/${initiativeId}`;
      const again = await send(s.reform, 'POST', `${url}/withdraw`, { reason: 'Lần hai' });
      expect(again.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'withdrawn', step: 'withdraw' },
      });
      const replicate = await send(s.reform, 'POST', `${url}/replications`, {
        unitCodes: [constructionCode],
        replicatedOn: '2025-03-01',
      });
      expect(replicate.json().error.details).toEqual({ state: 'withdrawn', step: 'replicate' });
    });

    it('withdraws an inspection with its recommendations in one go, out of the overdue list and the counts', async () => {
      const inspection = await planInspection(justiceCode);
      await conclude(inspection.id);
      const open = await recommend(inspection.id, 'Kiến nghị quá hạn', justiceCode, '2025-03-01');
      const closed = await recommend(inspection.id, 'Kiến nghị đã xong', justiceCode, '2025-03-20');
      await send(s.leader, 'POST', `/api/registers/recommendations/${closed.id}/complete`, {
        note: 'Đã làm',
      });
      const overdue = await send(s.reform, 'GET', '/api/registers/recommendations/overdue');
      expect(overdue.json().items.map((r: { id: number }) => r.id)).toContain(open.id);
      const before = (await counts()).get(w.units.justice)?.recommendations;
      expect(before?.due).toBeGreaterThanOrEqual(2);

      const detail = (
        await send(s.reform, 'GET', `/api/registers/inspections/${inspection.id}`)
      ).json();
      expect(detail.actions).toEqual(['recommend', 'withdraw']);
      const res = await send(
        s.reform,
        'POST',
        `/api/registers/inspections/${inspection.id}/withdraw`,
        {
          reason: 'Cuộc kiểm tra nhập nhầm đơn vị',
          version: detail.version,
        },
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        state: 'concluded',
        actions: ['restore'],
        withdrawn: { by: 'reform' },
      });
      expect(body.conclusion).toMatchObject({ number: `${inspection.id}/KL-ĐKT` });
      expect(body.recommendations).toMatchObject([
        { id: open.id, state: 'open', overdue: false, canComplete: false, canWithdraw: false },
        { id: closed.id, state: 'done', canCorrect: false },
      ]);
      for (const r of body.recommendations)
        expect(r.withdrawn).toMatchObject({ reason: 'Cuộc kiểm tra nhập nhầm đơn vị' });
      expect(
        body.history
          .filter((h: { action: string }) => h.action === 'withdraw')
          .map((h: { entity: string }) => h.entity),
      ).toEqual(['inspection', 'recommendation', 'recommendation']);
      const trail = await audit('registers.recommendation.withdraw');
      expect(trail.map((a) => a.entity_id)).toEqual([open.id, closed.id]);
      expect(trail[0]?.after).toMatchObject({ along: { entity: 'inspection', id: inspection.id } });

      const after = await send(s.reform, 'GET', '/api/registers/recommendations/overdue');
      expect(after.json().items.map((r: { id: number }) => r.id)).not.toContain(open.id);
      const recsNow = (await counts()).get(w.units.justice)?.recommendations;
      expect(recsNow?.due ?? 0).toBe((before?.due ?? 0) - 2);
      const list = await send(s.reform, 'GET', '/api/registers/inspections?withdrawn=true');
      expect(list.json().items).toMatchObject([
        { id: inspection.id, withdrawn: { reason: 'Cuộc kiểm tra nhập nhầm đơn vị' } },
      ]);
      const csv = await send(s.reform, 'GET', '/api/registers/inspections/export.csv');
      expect(csv.body).not.toContain(`${inspection.id}/KL-ĐKT`);
      const complete = await send(
        s.leader,
        'POST',
        `/api/registers/recommendations/${open.id}/complete`,
        { note: 'x' },
      );
      expect(complete.json().error.details).toEqual({ state: 'withdrawn', step: 'complete' });
      const alone = await send(
        s.reform,
        'POST',
        `/api/registers/recommendations/${open.id}/withdraw`,
        {
          reason: 'x',
        },
      );
      expect(code(alone)).toBe('register_state_invalid');
    });

    it('withdraws one recommendation, leaving the inspection and the others', async () => {
      const inspection = await planInspection(justiceCode);
      await conclude(inspection.id);
      const wrong = await recommend(inspection.id, 'Nhập nhầm', justiceCode, '2025-03-01');
      const right = await recommend(inspection.id, 'Đúng', justiceCode, '2025-03-01');
      const url = `/api/registers/recommendations/${wrong.id}/withdraw`;
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect(code(await send(s.reform, 'POST', url, { reason: '' }))).toBe(
        'register_withdraw_reason_required',
      );
      expect(code(await send(s.reform, 'POST', url, { reason: 'x', version: 9 }))).toBe(
        'version_conflict',
      );
      const res = await send(s.reform, 'POST', url, { reason: 'Nhập hai lần' });
      expect(res.json()).toMatchObject({ withdrawn: null, actions: ['recommend', 'withdraw'] });
      expect(res.json().recommendations).toMatchObject([
        { id: wrong.id, withdrawn: { reason: 'Nhập hai lần' } },
        { id: right.id, withdrawn: null, canWithdraw: true },
      ]);
      const overdue = (
        await send(s.reform, 'GET', '/api/registers/recommendations/overdue')
      ).json();
      const ids = overdue.items.map((r: { id: number }) => r.id);
      expect(ids).toContain(right.id);
      expect(ids).not.toContain(wrong.id);
    });

    it('withdraws a plan with its tasks, out of the overdue list, the lists and the counts', async () => {
      const plan = await createPlan('Kế hoạch nhập nhầm');
      const late = await addTask(plan.id, 'Nhiệm vụ quá hạn', '2025-03-01');
      const later = await addTask(plan.id, 'Nhiệm vụ sau', '2025-05-01');
      await send(s.leader, 'POST', `/api/registers/plans/${plan.id}/reports`, {
        text: 'Tiến độ',
        percent: 20,
      });
      const tasksBefore = (await counts()).get(w.units.justice)?.tasks.due ?? 0;
      const overdue = await send(s.reform, 'GET', '/api/registers/tasks/overdue');
      expect(overdue.json().items.map((t: { id: number }) => t.id)).toContain(late.id);

      const url = `/api/registers/plans/${plan.id}/withdraw`;
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      expect(code(await send(s.reform, 'POST', url, { reason: ' ' }))).toBe(
        'register_withdraw_reason_required',
      );
      // The refusal left the tasks as they were.
      expect(
        (await send(s.reform, 'GET', `/api/registers/plans/${plan.id}`)).json().tasks,
      ).toMatchObject([
        { id: late.id, withdrawn: null },
        { id: later.id, withdrawn: null },
      ]);
      const res = await send(s.reform, 'POST', url, { reason: 'Lập nhầm cho Sở Tư pháp' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        percent: 20,
        actions: ['restore'],
        withdrawn: { reason: 'Lập nhầm cho Sở Tư pháp' },
      });
      expect(res.json().tasks).toMatchObject([
        { id: late.id, overdue: false, canUpdate: false, withdrawn: { by: 'reform' } },
        { id: later.id, canCorrect: false, withdrawn: { by: 'reform' } },
      ]);
      const after = await send(s.reform, 'GET', '/api/registers/tasks/overdue');
      expect(after.json().items.map((t: { id: number }) => t.id)).not.toContain(late.id);
      expect((await counts()).get(w.units.justice)?.tasks.due ?? 0).toBe(tasksBefore - 2);
      const list = await send(s.reform, 'GET', '/api/registers/plans?year=2025');
      expect(list.json().items.map((p: { id: number }) => p.id)).not.toContain(plan.id);
      const withdrawn = await send(s.reform, 'GET', '/api/registers/plans?withdrawn=true');
      expect(withdrawn.json().items).toMatchObject([{ id: plan.id, tasks: 2, tasksOverdue: 0 }]);
      const csv = await send(s.reform, 'GET', '/api/registers/plans/export.csv?year=2025');
      expect(csv.body).not.toContain('Kế hoạch nhập nhầm');
      const report = await send(s.leader, 'POST', `/api/registers/plans/${plan.id}/reports`, {
        text: 'x',
        percent: 30,
      });
      expect(report.json().error.details).toEqual({ state: 'withdrawn', step: 'report' });
      const status = await send(s.leader, 'POST', `/api/registers/tasks/${late.id}/status`, {
        status: 'done',
      });
      expect(code(status)).toBe('register_state_invalid');
    });

    it('withdraws one task, and a plan withdrawn later shows it withdrawn on its own', async () => {
      const plan = await createPlan('Kế hoạch đúng');
      const wrong = await addTask(plan.id, 'Nhiệm vụ nhập nhầm', '2025-03-01');
      const right = await addTask(plan.id, 'Nhiệm vụ đúng', '2025-03-02');
      const url = `/api/registers/tasks/${wrong.id}/withdraw`;
      expect((await send(s.leader, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
      const res = await send(s.reform, 'POST', url, {
        reason: 'Giao nhầm',
        version: wrong.version,
      });
      expect(res.json()).toMatchObject({ withdrawn: null });
      expect(res.json().tasks).toMatchObject([
        { id: wrong.id, withdrawn: { reason: 'Giao nhầm' }, canWithdraw: false },
        { id: right.id, withdrawn: null, canWithdraw: true },
      ]);
      const list = (await send(s.reform, 'GET', '/api/registers/plans?year=2025')).json();
      expect(list.items.find((p: { id: number }) => p.id === plan.id)).toMatchObject({
        tasks: 1,
        tasksOverdue: 1,
      });
      const overdue = (await send(s.reform, 'GET', '/api/registers/tasks/overdue')).json();
      expect(overdue.items.map((t: { id: number }) => t.id)).toEqual([right.id]);
    });
  });
});
