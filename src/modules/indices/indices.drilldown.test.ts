import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClockLedger,
  startClock,
  stopClock,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import { DEFAULT_SERVICE_INDEX_FRAMEWORK, listIndicators } from '../../domain/indices/index.js';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { isAppError } from '../../platform/errors.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import {
  insertSimulatedFeedback,
  type SimulatedItem,
  simulateFeedback,
} from '../feedback/index.js';
import {
  countedOver,
  listIndicatorDossiers,
  listIndicatorFeedback,
  listIndicatorProcedures,
} from './indices.drilldown.js';
import type { CountSource } from './indices.repository.js';
import { computeServiceIndex, readPeriod } from './indices.service.js';
import {
  buildProcedure,
  buildTenant,
  insertDossier,
  type TestTenant,
} from './indices.test-support.js';

let database: Database;
let db: Kysely<DB>;
let t: TestTenant;
let cal: WorkingCalendar;
let unitCodes: Map<number, string>;
const NOW = new Date('2025-07-15T10:00:00+07:00');
const TODAY = '2025-07-15';

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

/**
 * A seeded world: the test tenant's seven units, seven procedures whose catalogue facts cover
 * every branch of the procedure indicators (announced on time or not, published late, never
 * published, incomplete, for organisations only, a later version not yet in force, fees, online
 * levels, agencies inside and outside each subtree), and 220 dossiers with random channels,
 * flags, outcomes, ratings and complaints, received from November 2024 to June 2025 and
 * finished early, on time, late or not at all.
 */
async function seedWorld(): Promise<void> {
  const rnd = prng(766_2022);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const p = (code: string) => `${unitCodes.get(t.province)}-${code}`;
  const procedures = [
    { procedureId: t.procedureId, versionId: t.versionId },
    await buildProcedure(db, t.tenantId, {
      code: p('P2'),
      agency: t.construction,
      onlineLevel: 'partial',
      fee: 50_000,
      announcedOn: '2025-02-03',
      publishedOn: '2025-02-06',
      legalEffectiveOn: '2025-02-20',
    }),
    await buildProcedure(db, t.tenantId, {
      code: p('P3'),
      agency: t.justice,
      onlineLevel: 'none',
      fee: 20_000,
      announcedOn: '2025-02-10',
      publishedOn: '2025-03-10',
      legalEffectiveOn: '2025-02-12',
      populationDb: true,
    }),
    await buildProcedure(db, t.tenantId, {
      code: p('P4'),
      agency: null,
      onlineLevel: 'full',
      fee: 10_000,
      announcedOn: '2024-12-02',
      publishedOn: '2024-12-03',
      legalEffectiveOn: '2025-01-01',
      populationDb: true,
    }),
    await buildProcedure(db, t.tenantId, {
      code: p('P5'),
      agency: t.communeA,
      onlineLevel: 'partial',
      announcedOn: '2025-03-27',
      publishedOn: null,
      populationDb: true,
    }),
    await buildProcedure(db, t.tenantId, {
      code: p('P6'),
      agency: t.ward,
      onlineLevel: 'none',
      announcedOn: '2025-01-20',
      publishedOn: '2025-01-22',
      legalEffectiveOn: null,
    }),
  ];
  // P7: for organisations only, never handled; its agency alone makes it the justice dept's.
  const p7 = await buildProcedure(db, t.tenantId, {
    code: p('P7'),
    agency: t.justice,
    announcedOn: '2025-05-05',
    publishedOn: '2025-05-07',
    legalEffectiveOn: '2025-06-01',
  });
  await sql`update procedure_versions set applicant_kinds = '["organisation"]'::jsonb
    where id = ${p7.versionId}`.execute(db);
  // A second version of P2, in force only from August 2025: ignored for the periods tested.
  await sql`
    insert into procedure_versions (tenant_id, procedure_id, version, effective_from, name, search_text, level,
      agency_unit_id, legal_limit, promised_limit, limit_unit, fee_amount, online_level, announced_on,
      published_on, legal_effective_on, population_db, steps, components)
    select tenant_id, procedure_id, 2, '2025-08-01T00:00:00+07:00', name, search_text, level, ${t.communeB},
      legal_limit, promised_limit, limit_unit, 0, 'full', '2025-07-01', '2025-07-02', '2025-08-01', true,
      steps, components
    from procedure_versions where id = ${procedures[1]?.versionId}`.execute(db);

  const receivers = [t.centre, t.communeA, t.communeB, t.ward];
  const agencies = [t.justice, t.construction];
  const base = Date.parse('2024-11-04T08:00:00+07:00');
  for (let i = 0; i < 220; i++) {
    const receivedAt = base + Math.floor(rnd() * 235) * DAY + Math.floor(rnd() * 9) * 3_600_000;
    let ledger: ClockLedger = startClock({
      receivedAt: new Date(receivedAt).toISOString(),
      unit: 'working_days',
      budget: pick([2, 3, 5, 10]),
    });
    const finishes = rnd() < 0.8;
    if (finishes) {
      const at = receivedAt + Math.floor(1 + rnd() * 20) * DAY;
      if (at < NOW.getTime()) ledger = stopClock(ledger, { at: new Date(at).toISOString() });
    }
    const receiving = pick(receivers);
    const fee = pick([0, 0, 30_000]);
    await insertDossier(db, {
      tenant: t,
      receivingUnit: receiving,
      agencyUnit: receiving === t.centre ? pick(agencies) : receiving,
      ledger,
      cal,
      procedure: pick(procedures),
      flags: {
        channel: pick([1, 2, 2, 3] as const),
        outcome: ledger.stoppedAt ? pick(['approved', 'approved', 'refused'] as const) : null,
        fee_amount: fee,
        paid_online: fee > 0 && rnd() < 0.4,
        online_level: pick(['full', 'partial', 'none'] as const),
        result_required: rnd() < 0.8,
        certification: rnd() < 0.2,
        synced: rnd() < 0.7,
        digitised: rnd() < 0.6,
        e_result: rnd() < 0.5,
        e_certified: rnd() < 0.5,
        reused: rnd() < 0.3,
        citizen_store: rnd() < 0.3,
        population_db: rnd() < 0.4,
        complaint: rnd() < 0.15,
        rating: pick([null, null, 1, 2, 4, 5]),
      },
    });
  }

  // Feedback (6.1, 6.2): 160 anonymous items received at the units over the same months, some
  // transferred, rejected, waiting for information, answered or published late, disliked or
  // complained about again (src/modules/feedback/feedback.simulate.ts).
  const feedbackUnits = [t.province, t.centre, t.justice, t.construction, t.communeA, t.ward];
  const items: SimulatedItem[] = [];
  for (let i = 0; i < 160; i++) {
    const receivedAt = base + Math.floor(rnd() * 235) * DAY + Math.floor(rnd() * 9) * 3_600_000;
    const unit = pick(feedbackUnits);
    items.push({
      tenantId: t.tenantId,
      code: `PA-TEST-${i}`,
      receivedUnitId: unit,
      transferUnitId: pick(feedbackUnits.filter((u) => u !== unit)),
      channel: pick(['hotline', 'portal', 'email'] as const),
      subject: `Phản ánh ${i}`,
      content: 'Nội dung',
      reply: 'Trả lời',
      sim: simulateFeedback(cal, rnd, receivedAt, NOW.getTime()),
    });
  }
  await insertSimulatedFeedback(db, items);
  // A denunciation and a complaint among them: never counted in the index.
  await sql`update feedback set kind = 'denunciation' where code = 'PA-TEST-0'`.execute(db);
  await sql`update feedback set kind = 'complaint' where code = 'PA-TEST-1'`.execute(db);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await buildTenant(db);
  cal = await loadTenantCalendar(db, t.tenantId);
  const units = await db
    .selectFrom('units')
    .select(['id', 'code'])
    .where('tenant_id', '=', t.tenantId)
    .execute();
  unitCodes = new Map(units.map((u) => [u.id, u.code]));
  await seedWorld();
}, 120_000);
afterAll(async () => {
  await database?.close();
});

async function drill(
  unitId: number,
  period: string,
  indicatorId: string,
  side: 'numerator' | 'denominator',
  page: { limit: number; offset: number } = { limit: 500, offset: 0 },
) {
  const p = readPeriod(period);
  const input = {
    db,
    tenantId: t.tenantId,
    unitId,
    period: p,
    judge: p.to < TODAY ? p.to : TODAY,
    indicatorId,
    side,
    ...page,
  };
  const ind = listIndicators(DEFAULT_SERVICE_INDEX_FRAMEWORK).find((i) => i.id === indicatorId);
  const over = ind ? countedOver(ind.formulaId) : 'dossiers';
  if (over === 'procedures') return listIndicatorProcedures(input);
  if (over === 'feedback') return listIndicatorFeedback(input);
  return listIndicatorDossiers(input);
}

const PERIODS = ['2025-Q1', '2025', '2025-02-10..2025-05-20'];

describe('drill-down totals', () => {
  for (const source of ['live', 'exact'] as CountSource[]) {
    it(`equal every indicator's numerator and denominator (${source} counts)`, async () => {
      const units = [t.province, t.centre, t.justice, t.construction, t.communeA, t.ward];
      const countable = listIndicators(DEFAULT_SERVICE_INDEX_FRAMEWORK).filter(
        (i) => countedOver(i.formulaId) !== 'none',
      );
      // Every indicator must be exercised by the world, or equality would prove nothing.
      const nonZero = new Set<string>();
      for (const period of PERIODS) {
        for (const unitId of units) {
          const result = await computeServiceIndex({
            db,
            tenantId: t.tenantId,
            period: readPeriod(period),
            unitCode: unitCodes.get(unitId) as string,
            source,
            now: NOW,
            compare: false,
          });
          const scored = result.units[0]?.score.indicators ?? {};
          for (const ind of countable) {
            const expected = scored[ind.id];
            const where = `${source} ${period} ${unitCodes.get(unitId)} ${ind.id}`;
            const num = await drill(unitId, period, ind.id, 'numerator');
            const den = await drill(unitId, period, ind.id, 'denominator');
            expect({ where, num: num.numerator, den: num.denominator }).toEqual({
              where,
              num: expected?.numerator,
              den: expected?.denominator,
            });
            expect({ where, total: den.total }).toEqual({ where, total: expected?.denominator });
            if (num.listing === 'members') {
              expect({ where, total: num.total }).toEqual({ where, total: expected?.numerator });
            } else {
              // 6.3: the finished dossiers minus one per reason of each deducted dossier.
              const reasons = 'dossiers' in num ? num.dossiers.flatMap((d) => d.deductions) : [];
              expect(Math.max(0, den.total - reasons.length)).toBe(expected?.numerator);
            }
            const rows =
              'dossiers' in den
                ? den.dossiers
                : 'procedures' in den
                  ? den.procedures
                  : den.feedback;
            expect(rows.length).toBe(den.total);
            expect(rows.filter((r) => r.inNumerator).length).toBe(
              num.listing === 'members' ? num.total : den.total - num.total,
            );
            if ((expected?.numerator ?? 0) > 0 && (expected?.denominator ?? 0) > 0)
              nonZero.add(ind.id);
          }
        }
      }
      expect([...nonZero].sort()).toEqual(countable.map((i) => i.id).sort());
    }, 300_000);
  }

  it('pages through a list without losing or repeating an item, and keeps the total past the end', async () => {
    for (const [id, side] of [
      ['6.1', 'denominator'],
      ['2.1', 'denominator'],
      ['3.2', 'denominator'],
      ['1.3', 'denominator'],
    ] as const) {
      const all = await drill(t.province, '2025', id, side);
      const ids = (r: typeof all) =>
        'dossiers' in r
          ? r.dossiers.map((d) => d.id)
          : 'procedures' in r
            ? r.procedures.map((p) => p.id)
            : r.feedback.map((f) => f.id);
      const paged: number[] = [];
      for (let offset = 0; offset < all.total; offset += 3) {
        const page = await drill(t.province, '2025', id, side, { limit: 3, offset });
        expect(page.total).toBe(all.total);
        paged.push(...ids(page));
      }
      expect(all.total).toBeGreaterThan(3);
      expect(paged).toEqual(ids(all));
      const past = await drill(t.province, '2025', id, side, { limit: 3, offset: all.total + 10 });
      expect({ total: past.total, rows: ids(past) }).toEqual({ total: all.total, rows: [] });
    }
  });

  it('lists procedures in code order with the facts that decide 1.1 and 1.2', async () => {
    const res = await drill(t.province, '2025-Q1', '1.1', 'denominator');
    if (!('procedures' in res)) throw new Error('expected procedures');
    const codes = res.procedures.map((p) => p.code);
    expect(codes).toEqual([...codes].sort());
    const p2 = res.procedures.find((p) => p.code.endsWith('-P2'));
    const p3 = res.procedures.find((p) => p.code.endsWith('-P3'));
    // P2: announced Mon 3 Feb, 5th working day after = Mon 10 Feb ≤ effective 20 Feb: on time.
    expect(p2).toMatchObject({
      announcedOn: '2025-02-03',
      publishBy: '2025-02-10',
      inNumerator: true,
    });
    // P3: announced 10 Feb, effective 12 Feb: too late to be announced on time.
    expect(p3).toMatchObject({ announcedOn: '2025-02-10', inNumerator: false });
    expect(res.procedures.some((p) => p.code.endsWith('-P4'))).toBe(false);
  });

  it('lists the feedback behind 6.1 and 6.2: some late, some disliked, never a complaint or denunciation', async () => {
    const year = readPeriod('2025');
    const result = await computeServiceIndex({
      db,
      tenantId: t.tenantId,
      period: year,
      unitCode: unitCodes.get(t.province) as string,
      now: NOW,
      compare: false,
    });
    const score = result.units[0]?.score.indicators ?? {};
    for (const id of ['6.1', '6.2']) {
      const s = score[id];
      expect(s?.status).toBe('applicable');
      expect(s?.numerator).toBeLessThan(s?.denominator ?? 0);
      for (const side of ['numerator', 'denominator'] as const) {
        const list = await drill(t.province, '2025', id, side);
        if (!('feedback' in list)) throw new Error('expected feedback');
        const codes = list.feedback.map((f) => f.code);
        // Each item names its units as the register does, beside their codes.
        const names = await db.selectFrom('units').select(['code', 'name']).execute();
        const nameOf = new Map(names.map((u) => [u.code, u.name]));
        for (const f of list.feedback) {
          expect(f.unitName).toBe(nameOf.get(f.unit));
          expect(f.receivedUnitName).toBe(nameOf.get(f.receivedUnit));
        }
        expect(codes).not.toContain('PA-TEST-0');
        expect(codes).not.toContain('PA-TEST-1');
        if (id === '6.2' && side === 'denominator') {
          // Each subtracted item carries its reasons; the others are the numerator.
          const subtracted = list.feedback.filter((f) => f.dissatisfaction.length > 0);
          expect(subtracted.every((f) => !f.inNumerator)).toBe(true);
          expect(list.total - subtracted.length).toBe(s?.numerator);
          const reasons = new Set(subtracted.flatMap((f) => f.dissatisfaction));
          expect([...reasons].sort()).toEqual(['complained_again', 'disliked', 'overdue']);
        }
      }
    }
  });

  it('points a wrong list to the right one (6.1 and 6.2 are counted over feedback)', async () => {
    for (const id of ['6.1', '6.2']) {
      for (const list of [listIndicatorDossiers, listIndicatorProcedures]) {
        const error = await list({
          db,
          tenantId: t.tenantId,
          unitId: t.province,
          period: readPeriod('2025'),
          judge: TODAY,
          indicatorId: id,
          side: 'numerator',
        }).catch((e: unknown) => e);
        expect(isAppError(error) && [error.code, error.details]).toEqual([
          'validation_failed',
          { indicator: id, countedOver: 'feedback' },
        ]);
      }
    }
    const wrong = await listIndicatorProcedures({
      db,
      tenantId: t.tenantId,
      unitId: t.province,
      period: readPeriod('2025'),
      judge: TODAY,
      indicatorId: '2.1',
      side: 'numerator',
    }).catch((e: unknown) => e);
    expect(isAppError(wrong) && [wrong.code, wrong.details]).toEqual([
      'validation_failed',
      { indicator: '2.1', countedOver: 'dossiers' },
    ]);
  });
});
