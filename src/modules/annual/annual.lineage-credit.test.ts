import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnnualFramework, DEFAULT_ANNUAL_FRAMEWORK } from '../../domain/annual/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { insertUnit, recordLineage } from '../org/index.js';
import {
  addRecommendation,
  addTask,
  completeRecommendation,
  concludeInspection,
  createPlan,
  fileInitiative,
  planInspection,
  setTaskStatus,
} from '../registers/index.js';
import { advanceCycle, computeAutomatic, importFramework } from './index.js';

/** The default framework plus the two register shares, so all three register metrics count. */
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
              name: { vi: 'Kiến nghị hoàn thành đúng hạn', en: 'Recommendations on time' },
              maxPoints: 1,
              method: 'automatic',
              metric: 'inspection_recommendations_closed_on_time',
              scoring: { kind: 'linear', from: 0, to: 100 },
            },
          ],
        },
      ],
    },
  ],
};

/**
 * A commune formed on 1 July 2025 from three communes is credited with their register items of
 * 2025 (docs/annual-index.md, automatic metrics): one of them filed an initiative in March, one
 * had two inspection recommendations (one done on time), one a remediation task done on time.
 */
describe('annual register metrics of a unit formed by a merger', () => {
  let database: Database;
  let w: DossierWorld;
  const merged = { id: 0, code: '' };
  let wardCode = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    wardCode = (
      await w.ctx.db
        .selectFrom('units')
        .select('code')
        .where('id', '=', w.units.otherCentre)
        .executeTakeFirstOrThrow()
    ).code;
    const commune = (code: string, name: string, dates: { validFrom?: string; validTo?: string }) =>
      insertUnit(w.ctx.db, {
        tenantId: w.tenantId,
        parentId: w.units.province,
        kind: 'commune',
        level: 'commune',
        code: `${w.tenantCode}.${code}`,
        name,
        ...dates,
      });
    const former = [
      await commune('X1', 'Xã An Bình (cũ)', { validTo: '2025-06-30' }),
      await commune('X2', 'Xã An Hòa (cũ)', { validTo: '2025-06-30' }),
      await commune('X3', 'Xã An Phú (cũ)', { validTo: '2025-06-30' }),
    ];
    merged.id = await commune('X9', 'Xã An Thịnh', { validFrom: '2025-07-01' });
    merged.code = `${w.tenantCode}.X9`;
    for (const predecessor of former)
      await recordLineage({
        db: w.ctx.db,
        actor: null,
        operator: true,
        now: w.ctx.now,
        tenantId: w.tenantId,
        unitId: merged.id,
        input: { relation: 'merged_from', otherUnitId: predecessor, effectiveOn: '2025-07-01' },
      });
    const codeOf = (i: number) => `${w.tenantCode}.X${i}`;

    const cli = { ctx: w.ctx, tenantId: w.tenantId, actor: null };
    w.ctx.clock.now = new Date('2025-02-01T02:00:00Z');
    await importFramework({ ...cli, year: 2025, framework: FRAMEWORK });
    await advanceCycle({
      ...cli,
      year: 2025,
      to: 'self_assessment',
      selfAssessmentDeadline: '2025-03-31',
    });
    await advanceCycle({ ...cli, year: 2025, to: 'appraisal' });

    const actor = w.actors.reform;
    w.ctx.clock.now = new Date('2025-03-10T02:00:00Z');
    await fileInitiative(w.ctx, {
      actor,
      input: {
        unitCode: codeOf(1),
        year: 2025,
        title: 'Một cửa lưu động',
        summary: 'Tóm tắt',
        authors: 'UBND xã',
      },
    });
    const inspection = await planInspection(w.ctx, {
      actor,
      input: {
        inspectedUnitCode: codeOf(2),
        inspectingBody: 'Thanh tra tỉnh',
        kind: 'check',
        plannedOn: '2025-03-10',
        scope: 'Công vụ',
      },
    });
    await concludeInspection(w.ctx, {
      actor,
      id: inspection.id,
      conclusion: { kind: 'conclusion', number: '7/KL', date: '2025-03-10', text: 'Kết luận' },
    });
    const recommend = async (dueOn: string) =>
      (
        await addRecommendation(w.ctx, {
          actor,
          inspectionId: inspection.id,
          input: { content: `Kiến nghị hạn ${dueOn}`, responsibleUnitCode: codeOf(2), dueOn },
        })
      ).recommendations.at(-1)!.id;
    const onTime = await recommend('2025-05-31');
    await recommend('2025-06-15'); // never done: late
    const plan = await createPlan(w.ctx, {
      actor,
      input: { unitCode: codeOf(3), year: 2025, title: 'Khắc phục sau kiểm tra' },
    });
    const task = (
      await addTask(w.ctx, {
        actor,
        planId: plan.id,
        input: {
          title: 'Niêm yết thủ tục',
          responsibleUnitCode: codeOf(3),
          responsiblePerson: 'Công chức văn phòng',
          dueOn: '2025-06-20',
        },
      })
    ).tasks.at(-1)!.id;
    w.ctx.clock.now = new Date('2025-05-20T02:00:00Z');
    await completeRecommendation(w.ctx, { actor, id: onTime, note: 'Đã khắc phục' });
    await setTaskStatus(w.ctx, { actor, id: task, status: 'done' });
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it("credits the merged commune with its former communes' initiatives, recommendations and tasks", async () => {
    w.ctx.clock.now = new Date('2026-01-20T02:00:00Z');
    const { results } = await computeAutomatic({
      ctx: w.ctx,
      tenantId: w.tenantId,
      actor: null,
      year: 2025,
    });
    const of = (code: string, id: string) =>
      results.find((r) => r.unitCode === code && r.subcriterionId === id);
    // An initiative filed in March by one former commune: the new commune counts as having filed.
    expect(of(merged.code, '1.3.3')).toMatchObject({ rate: 100, points: 1 });
    // One of the two recommendations of another former commune done by its deadline: 50 %.
    expect(of(merged.code, '9.1.2')).toMatchObject({ rate: 50, points: 0.5 });
    // The third former commune's task, done on time.
    expect(of(merged.code, '9.1.1')).toMatchObject({ rate: 100, points: 2 });
    // The former communes are not assessed beside it; a ward with nothing of its own gets nothing.
    expect(results.some((r) => r.unitCode.endsWith('.X1'))).toBe(false);
    expect(of(wardCode, '1.3.3')).toMatchObject({ rate: 0, points: 0 });
    expect(of(wardCode, '9.1.2')).toMatchObject({ rate: null, points: 0 });
  });
});
