import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { completeRecommendation, registerCountsByUnit, setTaskStatus } from '../registers/index.js';
import {
  type AnnualUnitCodes,
  annualUnitCodes,
  automaticResultOf,
  buildAnnualApp,
  openForAppraisal,
  registerItems,
  registerSharesFramework,
} from './annual.test-support.js';

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
  let codes: AnnualUnitCodes;
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
    return automaticResultOf(results);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildAnnualApp(w);
    codes = await annualUnitCodes(w);
    reformLogin = (
      await createUser(w.ctx.db, {
        tenantId: w.tenantId,
        role: 'reform_office',
        unitId: w.units.province,
      })
    ).username;

    // Field 9's recommendations scored linear from 50 %: 60 % on time is 0.2 of its 1 point.
    await openForAppraisal(w, 2025, registerSharesFramework({ recommendationsFrom: 50 }));

    const actor = w.actors.reform;
    const items = registerItems(w, actor);
    at('2025-03-01T02:00:00Z');
    await items.initiative(codes.justice, 2025);
    // Filed for last year: does not count for 2025.
    await items.initiative(codes.construction, 2024);

    const inspection = await items.concludedInspection(codes.justice, '2025-03-01');
    const recommend = (unitCode: string, dueOn: string) =>
      items.recommendation(inspection, unitCode, dueOn);
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
    const plan = await items.plan(codes.justice, 2025);
    const task = (dueOn: string) => items.task(plan, codes.justice, dueOn);
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
