import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnnualFramework, DEFAULT_ANNUAL_FRAMEWORK } from '../../domain/annual/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import {
  addRecommendation,
  addTask,
  completeRecommendation,
  concludeInspection,
  createPlan,
  fileInitiative,
  planInspection,
  registerCountsByUnit,
  setTaskStatus,
} from '../registers/index.js';
import { advanceCycle, annualModule, importFramework } from './index.js';

/**
 * The default framework plus one field scoring remediation tasks and inspection
 * recommendations, so that the three register metrics are all computed through the route (a
 * framework need not total 100).
 */
const FRAMEWORK: AnnualFramework = {
  ...DEFAULT_ANNUAL_FRAMEWORK,
  fields: [
    ...DEFAULT_ANNUAL_FRAMEWORK.fields,
    {
      id: '9',
      name: { vi: 'Khắc phục', en: 'Remediation' },
      maxPoints: 3,
      criteria: [
        {
          id: '9.1',
          name: { vi: 'Kế hoạch khắc phục và kiến nghị', en: 'Remediation and recommendations' },
          maxPoints: 3,
          subcriteria: [
            {
              id: '9.1.1',
              name: { vi: 'Nhiệm vụ khắc phục đúng hạn', en: 'Remediation tasks on time' },
              maxPoints: 2,
              method: 'automatic',
              metric: 'remediation_tasks_done_on_time',
              scoring: { kind: 'linear', from: 0, to: 100 },
            },
            {
              id: '9.1.2',
              name: {
                vi: 'Kiến nghị sau thanh tra, kiểm tra hoàn thành đúng hạn',
                en: 'Inspection recommendations closed on time',
              },
              maxPoints: 1,
              method: 'automatic',
              metric: 'inspection_recommendations_closed_on_time',
              scoring: { kind: 'linear', from: 50, to: 100 },
            },
          ],
        },
      ],
    },
  ],
};

/**
 * The annual index's automatic points read from the governance registers (DOMAIN §7, §10):
 * initiatives filed, inspection recommendations and remediation tasks done by their deadline,
 * judged on Vietnam calendar dates, through `POST /api/annual/cycles/:year/automatic`.
 */
describe('annual automatic points from the governance registers', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  let reform: TestSession;
  let reformLogin = '';
  const codes = { justice: '', construction: '', ward: '' };
  const at = (iso: string) => {
    w.ctx.clock.now = new Date(iso);
  };
  const compute = async (iso: string) => {
    at(iso);
    reform = await signIn(app, reformLogin, undefined, { tenant: w.tenantCode });
    const res = await app.inject({
      method: 'POST',
      url: '/api/annual/cycles/2025/automatic',
      headers: { ...reform.headers, 'x-test-no-limit': '1' },
    });
    expect(res.statusCode).toBe(200);
    const results: Array<{
      unitCode: string;
      subcriterionId: string;
      metric: string;
      rate: number | null;
      points: number;
    }> = res.json().results;
    return (code: string, id: string) =>
      results.find((r) => r.unitCode === code && r.subcriterionId === id);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, annualModule], logger: false });
    await app.ready();
    const units = await w.ctx.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('id', 'in', [w.units.justice, w.units.construction, w.units.otherCentre])
      .execute();
    const codeOf = (id: number) => units.find((u) => u.id === id)!.code;
    codes.justice = codeOf(w.units.justice);
    codes.construction = codeOf(w.units.construction);
    codes.ward = codeOf(w.units.otherCentre);
    reformLogin = (
      await createUser(w.ctx.db, {
        tenantId: w.tenantId,
        role: 'reform_office',
        unitId: w.units.province,
      })
    ).username;

    at('2025-02-01T02:00:00Z');
    const cli = { ctx: w.ctx, tenantId: w.tenantId, actor: null };
    await importFramework({ ...cli, year: 2025, framework: FRAMEWORK });
    await advanceCycle({
      ...cli,
      year: 2025,
      to: 'self_assessment',
      selfAssessmentDeadline: '2025-03-31',
    });
    await advanceCycle({ ...cli, year: 2025, to: 'appraisal' });

    const actor = w.actors.reform;
    at('2025-03-01T02:00:00Z');
    const initiative = (unitCode: string, year: number) =>
      fileInitiative(w.ctx, {
        actor,
        input: { unitCode, year, title: 'Số hóa hồ sơ', summary: 'Tóm tắt', authors: 'Tổ CCHC' },
      });
    await initiative(codes.justice, 2025);
    // Filed for last year: does not count for 2025.
    await initiative(codes.construction, 2024);

    const planned = await planInspection(w.ctx, {
      actor,
      input: {
        inspectedUnitCode: codes.justice,
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'check',
        plannedOn: '2025-03-01',
        scope: 'Công vụ',
      },
    });
    await concludeInspection(w.ctx, {
      actor,
      id: planned.id,
      conclusion: { kind: 'conclusion', number: '15/KL', date: '2025-03-01', text: 'Kết luận' },
    });
    const recommend = async (unitCode: string, dueOn: string) => {
      const inspection = await addRecommendation(w.ctx, {
        actor,
        inspectionId: planned.id,
        input: { content: `Kiến nghị hạn ${dueOn}`, responsibleUnitCode: unitCode, dueOn },
      });
      return inspection.recommendations.at(-1)!.id;
    };
    const r1 = await recommend(codes.justice, '2025-05-31');
    const r2 = await recommend(codes.justice, '2025-06-30');
    await recommend(codes.justice, '2025-09-30'); // never done: late once the day passes
    const r4 = await recommend(codes.justice, '2025-04-30');
    const r5 = await recommend(codes.justice, '2025-12-31');
    await recommend(codes.justice, '2026-02-28'); // due next year: not counted in 2025
    await recommend(codes.construction, '2025-12-31'); // open
    const done = async (id: number, iso: string) => {
      at(iso);
      await completeRecommendation(w.ctx, { actor, id, note: 'Đã khắc phục' });
    };
    await done(r4, '2025-04-10T02:00:00Z');
    // 23:30 on the due date in Vietnam: on time; 00:30 the next day (still the due date in UTC): late.
    await done(r1, '2025-05-31T16:30:00Z');
    await done(r2, '2025-06-30T17:30:00Z');

    at('2025-03-01T02:00:00Z');
    const plan = await createPlan(w.ctx, {
      actor,
      input: { unitCode: codes.justice, year: 2025, title: 'Khắc phục chỉ số 2.1' },
    });
    const task = async (dueOn: string) => {
      const p = await addTask(w.ctx, {
        actor,
        planId: plan.id,
        input: {
          title: `Nhiệm vụ hạn ${dueOn}`,
          responsibleUnitCode: codes.justice,
          responsiblePerson: 'Trưởng phòng',
          dueOn,
        },
      });
      return p.tasks.at(-1)!.id;
    };
    const t1 = await task('2025-07-31');
    const t2 = await task('2025-07-31');
    const t3 = await task('2025-10-31');
    const t4 = await task('2025-12-31');
    const setStatus = async (id: number, status: 'done' | 'in_progress', iso: string) => {
      at(iso);
      await setTaskStatus(w.ctx, { actor, id, status });
    };
    await setStatus(t3, 'in_progress', '2025-08-01T02:00:00Z');
    await setStatus(t1, 'done', '2025-07-31T16:30:00Z');
    await setStatus(t2, 'done', '2025-07-31T17:30:00Z');
    await setStatus(t4, 'done', '2025-11-01T02:00:00Z');
    await done(r5, '2025-12-01T02:00:00Z');
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('counts per unit in one read: initiatives of the year, items due in the year by Vietnam dates', async () => {
    const counts = await registerCountsByUnit(w.ctx.db, {
      tenantId: w.tenantId,
      year: 2025,
      today: '2026-01-20',
    });
    expect(counts.get(w.units.justice)).toEqual({
      initiativesFiled: 1,
      recommendations: { due: 5, doneOnTime: 3, pending: 0 },
      tasks: { due: 4, doneOnTime: 2, pending: 0 },
    });
    expect(counts.get(w.units.construction)).toEqual({
      initiativesFiled: 0,
      recommendations: { due: 1, doneOnTime: 0, pending: 0 },
      tasks: { due: 0, doneOnTime: 0, pending: 0 },
    });
    expect(counts.has(w.units.otherCentre)).toBe(false);
    // Before the year ends, an open item not yet due is pending, not late.
    const midYear = await registerCountsByUnit(w.ctx.db, {
      tenantId: w.tenantId,
      year: 2025,
      today: '2025-12-15',
    });
    expect(midYear.get(w.units.construction)?.recommendations).toEqual({
      due: 1,
      doneOnTime: 0,
      pending: 1,
    });
  });

  it('leaves an item still open before its deadline out of the share (no data when nothing else)', async () => {
    const of = await compute('2025-12-15T02:00:00Z');
    expect(of(codes.construction, '9.1.2')).toMatchObject({
      metric: 'inspection_recommendations_closed_on_time',
      rate: null,
      points: 0,
    });
  });

  it('scores initiatives, recommendations and tasks done on time through the automatic route', async () => {
    const of = await compute('2026-01-20T02:00:00Z');
    // Justice filed an initiative for 2025: the full point of 1.3.3.
    expect(of(codes.justice, '1.3.3')).toMatchObject({
      metric: 'initiatives_filed',
      rate: 100,
      points: 1,
    });
    // 3 of its 5 recommendations due in 2025 done by the deadline (one late, one still open):
    // 60 % on the linear 50 → 100 scale of 1 point.
    expect(of(codes.justice, '9.1.2')).toMatchObject({ rate: 60, points: 0.2 });
    // 2 of its 4 tasks on time (one done the day after, one never done): 50 % of 2 points.
    expect(of(codes.justice, '9.1.1')).toMatchObject({
      metric: 'remediation_tasks_done_on_time',
      rate: 50,
      points: 1,
    });
    // Construction's initiative was for 2024 and its one recommendation is now late.
    expect(of(codes.construction, '1.3.3')).toMatchObject({ rate: 0, points: 0 });
    expect(of(codes.construction, '9.1.2')).toMatchObject({ rate: 0, points: 0 });
    // The ward has nothing in the registers: no initiative is 0, nothing due is no data (0 points).
    expect(of(codes.ward, '1.3.3')).toMatchObject({ rate: 0, points: 0 });
    expect(of(codes.ward, '9.1.2')).toMatchObject({ rate: null, points: 0 });
    expect(of(codes.ward, '9.1.1')).toMatchObject({ rate: null, points: 0 });

    // The computed points are what the unit's assessment shows.
    const unit = await app.inject({
      method: 'GET',
      url: `/api/annual/cycles/2025/units/${codes.justice}`,
      headers: { ...reform.headers, 'x-test-no-limit': '1' },
    });
    expect(unit.statusCode).toBe(200);
    const items: Array<{ subcriterionId: string; autoRate: number | null; points: number }> =
      unit.json().items;
    expect(items.find((i) => i.subcriterionId === '9.1.2')).toMatchObject({
      autoRate: 60,
      points: 0.2,
    });
    expect(items.find((i) => i.subcriterionId === '1.3.3')).toMatchObject({
      autoRate: 100,
      points: 1,
    });
  });
});
