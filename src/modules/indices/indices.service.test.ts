import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClock, stopClock, type WorkingCalendar } from '../../domain/calendar/index.js';
import { parsePeriod } from '../../domain/indices/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { insertUnit } from '../org/org.repository.js';
import { computeServiceIndex, presentUnitForCli, readPeriod, saveFramework } from './index.js';
import { buildTenant, insertDossier, type TestTenant } from './indices.test-support.js';

let database: Database;
let t: TestTenant;
let cal: WorkingCalendar;
const NOW = new Date('2025-07-15T10:00:00+07:00');

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTenant(database.db);
  cal = await loadTenantCalendar(database.db, t.tenantId);
  // Commune A, Q1 2025: 10 dossiers of 3 working days received on 6 Jan; 7 finished on 7 Jan
  // (early), 3 finished on 20 Jan (late). Commune B: 40 dossiers all early. Ward: 5 dossiers.
  const add = async (unit: number, n: number, finish: string, flags = {}) => {
    for (let i = 0; i < n; i++) {
      const ledger = startClock({
        receivedAt: '2025-01-06T09:00:00+07:00',
        unit: 'working_days',
        budget: 3,
      });
      await insertDossier(database.db, {
        tenant: t,
        receivingUnit: unit,
        agencyUnit: unit,
        ledger: stopClock(ledger, { at: finish }),
        cal,
        flags: { outcome: 'approved', synced: true, ...flags },
      });
    }
  };
  await add(t.communeA, 7, '2025-01-07T10:00:00+07:00');
  await add(t.communeA, 3, '2025-01-20T10:00:00+07:00');
  await add(t.communeB, 40, '2025-01-07T10:00:00+07:00', { e_result: true });
  await add(t.ward, 5, '2025-01-07T10:00:00+07:00');
}, 60_000);
afterAll(async () => {
  await database?.close();
});

describe('computeServiceIndex', () => {
  it('counts, scores and prints a unit as the CLI contract says', async () => {
    const result = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-Q1'),
      now: NOW,
      minSample: 5,
    });
    const a = result.units.find((u) => u.unitId === t.communeA);
    expect(a).toBeDefined();
    const json = presentUnitForCli(a as NonNullable<typeof a>);
    expect(json.indicators['2.1']).toEqual({
      numerator: 7,
      denominator: 10,
      rate: 70,
      score: 14,
      max: 20,
    });
    expect(json.indicators['1.4']).toEqual({
      numerator: 10,
      denominator: 10,
      rate: 100,
      score: 6,
      max: 6,
    });
    // No feedback in this world: 6.1 has a zero denominator, so it is N/A, not "no data".
    expect(json.indicators['6.1']).toMatchObject({ denominator: 0, rate: null, score: null });
    expect(a?.score.indicators['6.1']?.status).toBe('not_applicable');
    expect(a?.noDataReasons).toEqual({});
    // 6.3: 100% − 30% late = 70% against a 90% threshold: 70 × 6 ÷ 90 = 4.67.
    expect(json.indicators['6.3']).toMatchObject({
      numerator: 7,
      denominator: 10,
      rate: 70,
      score: 4.67,
    });
    expect(json.unit).toBe(`${json.unit}`);
    expect(typeof json.total).toBe('number');
  });

  it('ranks communes and wards together and leaves small samples unranked', async () => {
    const result = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-Q1'),
      now: NOW,
    });
    const communes = result.units.filter((u) => u.peerGroup === 'commune:commune');
    // Unranked units follow the ranked ones in code order.
    expect(communes.map((u) => u.unitId)).toEqual([t.communeB, t.ward, t.communeA]);
    expect(communes[0]).toMatchObject({ rank: 1, ranked: true, of: 1 });
    expect(communes[2]).toMatchObject({
      rank: null,
      ranked: false,
      unrankedReason: 'insufficient_data',
    });
    const withFive = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-Q1'),
      now: NOW,
      minSample: 5,
    });
    expect(
      withFive.units
        .filter((u) => u.peerGroup === 'commune:commune')
        .map((u) => [u.unitId, u.rank]),
    ).toEqual([
      [t.communeB, 1],
      [t.ward, 2],
      [t.communeA, 3],
    ]);
  });

  it('compares with the previous period and explains the change', async () => {
    const result = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-Q2'),
      unitCode: (
        await database.db
          .selectFrom('units')
          .select('code')
          .where('id', '=', t.communeA)
          .executeTakeFirstOrThrow()
      ).code,
      now: NOW,
      minSample: 5,
    });
    expect(result.units).toHaveLength(1);
    const [a] = result.units;
    expect(result.previousPeriod?.key).toBe('2025-Q1');
    expect(a?.previous?.rank).toBe(3);
    // Nothing happened in Q2: every indicator is N/A, so no total and no score change.
    expect(a?.score.total).toBeNull();
    expect(a?.change.scoreChange).toBeNull();
  });

  it('gives the same figures from the dossiers as from the live aggregates', async () => {
    const args = {
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-01-01..2025-02-15'),
      now: NOW,
    };
    const live = await computeServiceIndex({ ...args, source: 'live' });
    const exact = await computeServiceIndex({ ...args, source: 'exact' });
    expect(live.units.map(presentUnitForCli)).toEqual(exact.units.map(presentUnitForCli));
  });

  it('uses the framework version in force for the period', async () => {
    const result = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-Q1'),
      now: NOW,
      compare: false,
    });
    const corrected = structuredClone(result.framework);
    corrected.version = 2;
    corrected.effectiveFrom = '2025-04-01';
    const progress = corrected.groups.find((g) => g.id === '2')?.indicators[0];
    if (progress) progress.threshold = 50;
    await saveFramework({ db: database.db, tenantId: t.tenantId, definition: corrected });
    const q1 = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-Q1'),
      now: NOW,
      compare: false,
    });
    const h1 = await computeServiceIndex({
      db: database.db,
      tenantId: t.tenantId,
      period: parsePeriod('2025-04'),
      now: NOW,
      compare: false,
    });
    expect(q1.framework.version).toBe(1);
    expect(h1.framework.version).toBe(2);
    await expect(
      saveFramework({
        db: database.db,
        tenantId: t.tenantId,
        definition: { ...corrected, version: 3, maxPoints: 90 },
      }),
    ).rejects.toMatchObject({ code: 'framework_invalid' });
  });

  it('lists a unit dissolved before the period only when the period counts something of it', async () => {
    const w = await buildTenant(database.db);
    const wCal = await loadTenantCalendar(database.db, w.tenantId);
    const parentId = (
      await database.db
        .selectFrom('units')
        .select('parent_id')
        .where('id', '=', w.communeA)
        .executeTakeFirstOrThrow()
    ).parent_id;
    const dissolved = (code: string, name: string) =>
      insertUnit(database.db, {
        tenantId: w.tenantId,
        parentId,
        kind: 'commune',
        level: 'commune',
        code,
        name,
        validTo: '2024-12-31',
      });
    const silent = await dissolved(`${w.tenantId}.CU1`, 'Xã Cũ Không Hồ Sơ (cũ)');
    const busy = await dissolved(`${w.tenantId}.CU2`, 'Xã Cũ Còn Hồ Sơ (cũ)');
    await insertDossier(database.db, {
      tenant: w,
      receivingUnit: busy,
      agencyUnit: busy,
      ledger: stopClock(
        startClock({ receivedAt: '2024-12-30T09:00:00+07:00', unit: 'working_days', budget: 3 }),
        { at: '2025-01-02T10:00:00+07:00' },
      ),
      cal: wCal,
      flags: { outcome: 'approved' },
    });
    const index = (period: string, unitCode?: string) =>
      computeServiceIndex({
        db: database.db,
        tenantId: w.tenantId,
        period: parsePeriod(period),
        now: NOW,
        unitCode,
      });
    const listed = (await index('2025-Q1')).units.map((u) => u.unitId);
    expect(listed).toContain(busy);
    expect(listed).not.toContain(silent);
    expect(listed).toContain(w.communeA);
    // The year it still existed lists it, and asked for by code it is always answered.
    expect((await index('2024')).units.map((u) => u.unitId)).toContain(silent);
    expect((await index('2025-Q1', `${w.tenantId}.CU1`)).units.map((u) => u.unitId)).toEqual([
      silent,
    ]);
  });

  it('refuses a bad period with period_invalid', () => {
    expect(() => readPeriod('2025-Q5')).toThrow(
      expect.objectContaining({ code: 'period_invalid' }),
    );
  });
});
