import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { insertUnit, recordLineage } from '../org/index.js';
import { completeRecommendation, setTaskStatus } from '../registers/index.js';
import {
  annualUnitCodes,
  automaticResultOf,
  openForAppraisal,
  registerItems,
  registerSharesFramework,
} from './annual.test-support.js';
import { computeAutomatic } from './index.js';

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
    wardCode = (await annualUnitCodes(w)).ward;
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

    await openForAppraisal(w, 2025, registerSharesFramework({ recommendationsFrom: 0 }));

    const items = registerItems(w);
    w.ctx.clock.now = new Date('2025-03-10T02:00:00Z');
    await items.initiative(codeOf(1), 2025);
    const inspection = await items.concludedInspection(codeOf(2), '2025-03-10');
    const onTime = await items.recommendation(inspection, codeOf(2), '2025-05-31');
    await items.recommendation(inspection, codeOf(2), '2025-06-15'); // never done: late
    const task = await items.task(await items.plan(codeOf(3), 2025), codeOf(3), '2025-06-20');
    w.ctx.clock.now = new Date('2025-05-20T02:00:00Z');
    const actor = w.actors.reform;
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
    const of = automaticResultOf(results);
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
