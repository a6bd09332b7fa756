import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClock, type WorkingCalendar } from '../../domain/calendar/index.js';
import { parsePeriod } from '../../domain/indices/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { computeServiceIndex } from './index.js';
import { decodeProcedureList } from './indices.repository.js';
import {
  buildProcedure,
  buildTenant,
  type DossierFlags,
  insertDossier,
  type TestTenant,
} from './indices.test-support.js';

let database: Database;
let t: TestTenant;
let cal: WorkingCalendar;
let provinceCode: string;
const NOW = new Date('2025-07-15T10:00:00+07:00');

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTenant(database.db);
  cal = await loadTenantCalendar(database.db, t.tenantId);
  provinceCode = (
    await database.db
      .selectFrom('units')
      .select('code')
      .where('id', '=', t.province)
      .executeTakeFirstOrThrow()
  ).code;
  // P1 is handled by two children of the province: commune A (online, fully online service)
  // and commune B (a fee, paid online, no online service); P2 by the ward (a fee, paid at the
  // counter, no online service). Commune A also sends a P1 dossier to the justice department.
  const p1 = await buildProcedure(database.db, t.tenantId, { code: `${t.tenantId}-P1` });
  const p2 = await buildProcedure(database.db, t.tenantId, { code: `${t.tenantId}-P2` });
  const add = async (
    receivingUnit: number,
    agencyUnit: number,
    procedure: typeof p1,
    receivedAt: string,
    flags: DossierFlags,
  ) =>
    insertDossier(database.db, {
      tenant: t,
      receivingUnit,
      agencyUnit,
      procedure,
      ledger: startClock({ receivedAt, unit: 'working_days', budget: 3 }),
      cal,
      flags,
    });
  const online = { channel: 2, online_level: 'full' } as const;
  const paid = { online_level: 'none', fee_amount: 50_000, paid_online: true } as const;
  const counter = { online_level: 'none', fee_amount: 20_000, paid_online: false } as const;
  await add(t.communeA, t.communeA, p1, '2025-01-06T09:00:00+07:00', online);
  await add(t.communeA, t.communeA, p1, '2025-02-10T09:00:00+07:00', online);
  await add(t.communeB, t.communeB, p1, '2025-01-07T09:00:00+07:00', paid);
  await add(t.ward, t.ward, p2, '2025-03-03T09:00:00+07:00', counter);
  await add(t.communeA, t.justice, p1, '2025-01-08T09:00:00+07:00', online);
}, 60_000);
afterAll(async () => {
  await database?.close();
});

async function proceduresOf(code: string, period: ReturnType<typeof parsePeriod>) {
  const result = await computeServiceIndex({
    db: database.db,
    tenantId: t.tenantId,
    period,
    unitCode: code,
    compare: false,
    now: NOW,
  });
  return result.units[0]?.facts.procedures;
}

describe('procedure indicators over a subtree', () => {
  it('counts a procedure handled by two children once for their parent, with what either showed', async () => {
    const province = await proceduresOf(provinceCode, parsePeriod('2025-Q1'));
    // P1 once (from commune A, commune B and the justice pair), P2 once.
    expect(province).toMatchObject({
      handled: 2,
      offeringOnline: 1,
      onlineUsed: 1,
      withFee: 2,
      // P1: fully online in commune A; P2: neither fully online nor paid online.
      feeOfferingPayment: 1,
      feePaidOnline: 1,
    });
    const communeA = await proceduresOf(`${provinceCode.slice(0, -2)}.XA`, parsePeriod('2025-Q1'));
    expect(communeA).toMatchObject({ handled: 1, offeringOnline: 1, onlineUsed: 1, withFee: 0 });
  });

  it('counts a pair for the unit at either end: the agency side sees the procedure once', async () => {
    const justice = await proceduresOf(`${provinceCode.slice(0, -2)}.TP`, parsePeriod('2025-Q1'));
    // Only the commune A → justice dossier reaches the department; the catalogue's own procedure
    // (agency: justice) is among its procedures but was not handled.
    expect(justice).toMatchObject({ handled: 1, offeringOnline: 1, onlineUsed: 1, withFee: 0 });
  });

  it('gives the same counts when partial months are read from the dossiers', async () => {
    // 5 Jan – 28 Feb: January is partial (read from the dossiers), February whole.
    const range = parsePeriod({ from: '2025-01-05', to: '2025-02-28' });
    const province = await proceduresOf(provinceCode, range);
    expect(province).toMatchObject({ handled: 1, offeringOnline: 1, onlineUsed: 1, withFee: 1 });
    expect(province).toMatchObject({ feeOfferingPayment: 1, feePaidOnline: 1 });
    const marchOnly = await proceduresOf(provinceCode, parsePeriod('2025-03'));
    expect(marchOnly).toMatchObject({
      handled: 1,
      offeringOnline: 0,
      withFee: 1,
      feePaidOnline: 0,
    });
  });
});

describe('decodeProcedureList', () => {
  it('splits procedure_id × 32 + flags entries', () => {
    const { procedureIds, flags } = decodeProcedureList(
      `${7 * 32 + 5},${123_456_789 * 32 + 31},32`,
    );
    expect(procedureIds).toEqual([7, 123_456_789, 1]);
    expect([...flags]).toEqual([5, 31, 0]);
  });

  it('refuses a malformed list', () => {
    expect(() => decodeProcedureList('12,,3')).toThrow(/empty entry/);
    expect(() => decodeProcedureList('12,-3')).toThrow(/unexpected/);
  });
});
