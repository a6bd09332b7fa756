import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClockLedger,
  classify,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { type PairCounters, readPairCounters } from './indices.repository.js';
import {
  buildTenant,
  insertDossier,
  monthRollupDrift,
  type TestTenant,
  updateDossierFlags,
  updateDossierLedger,
} from './indices.test-support.js';

let database: Database;
let tenant: TestTenant;
let cal: WorkingCalendar;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await buildTenant(database.db);
  cal = await loadTenantCalendar(database.db, tenant.tenantId);
}, 60_000);
afterAll(async () => {
  await database?.close();
});

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const BASE = Date.parse('2025-01-02T08:00:00+07:00');

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function byPair(rows: PairCounters[]) {
  return Object.fromEntries(
    rows
      .map((r): [string, PairCounters] => [`${r.receiving_unit_id}/${r.agency_unit_id}`, r])
      .sort((x, y) => x[0].localeCompare(y[0])),
  );
}

async function sameFigures(from: string, to: string, judge: string) {
  const live = await readPairCounters(database.db, {
    tenantId: tenant.tenantId,
    from,
    to,
    judge,
    source: 'live',
  });
  const exact = await readPairCounters(database.db, {
    tenantId: tenant.tenantId,
    from,
    to,
    judge,
    source: 'exact',
  });
  const nonZero = (rows: PairCounters[]) =>
    rows.filter((r) => Object.entries(r).some(([k, v]) => !k.endsWith('unit_id') && v !== 0));
  expect(byPair(nonZero(live))).toEqual(byPair(nonZero(exact)));
  expect(await monthRollupDrift(database.db, tenant.tenantId)).toEqual([]);
  return exact;
}

describe('live service-index aggregates', () => {
  const ledgers = new Map<number, ClockLedger>();

  it('equal a full recomputation after a random sequence of transitions', async () => {
    const rnd = prng(20250101);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const receivers = [tenant.centre, tenant.communeA, tenant.communeB, tenant.ward];
    const agencies = [tenant.justice, tenant.construction];
    // Each dossier keeps its own "now", moving forward with its transitions.
    const clockNow = new Map<number, number>();
    for (let step = 0; step < 160; step++) {
      const open = [...ledgers.entries()].filter(([, l]) => l.stoppedAt === null);
      if (open.length === 0 || rnd() < 0.35) {
        const receivedAt =
          BASE + Math.floor(rnd() * 150) * DAY + Math.floor(rnd() * 10) * 3_600_000;
        const ledger = startClock({
          receivedAt: iso(receivedAt),
          unit: pick(['working_days', 'working_days', 'same_day', 'working_hours'] as const),
          budget: pick([1, 3, 5, 10]),
        });
        const receiving = pick(receivers);
        const id = await insertDossier(database.db, {
          tenant,
          receivingUnit: receiving,
          agencyUnit: receiving === tenant.centre ? pick(agencies) : receiving,
          ledger,
          cal,
          flags: {
            channel: pick([1, 2, 3] as const),
            synced: rnd() < 0.6,
            fee_amount: pick([0, 0, 50_000]),
            paid_online: rnd() < 0.3,
            online_level: pick(['full', 'partial', 'none'] as const),
            reused: rnd() < 0.2,
          },
        });
        ledgers.set(id, ledger);
        clockNow.set(id, receivedAt);
        continue;
      }
      const [id, ledger] = pick(open);
      const now = (clockNow.get(id) ?? BASE) + Math.floor(rnd() * 6 * DAY) + 3_600_000;
      clockNow.set(id, now);
      const paused = ledger.pauses.at(-1)?.to === null;
      const r = rnd();
      let next: ClockLedger = ledger;
      if (paused)
        next =
          r < 0.8 ? resumeClock(ledger, { at: iso(now) }) : stopClock(ledger, { at: iso(now) });
      else if (r < 0.3) next = pauseClock(ledger, { at: iso(now), reason: 'bổ sung' });
      else if (r < 0.75) next = stopClock(ledger, { at: iso(now) });
      else {
        await updateDossierFlags(database.db, id, {
          e_result: rnd() < 0.5,
          digitised: rnd() < 0.5,
          complaint: rnd() < 0.1,
          rating: pick([null, 1, 3, 5]),
        });
        continue;
      }
      await updateDossierLedger(database.db, id, next, cal);
      if (next.stoppedAt)
        await updateDossierFlags(database.db, id, {
          outcome: pick(['approved', 'approved', 'refused', 'withdrawn'] as const),
          e_result: rnd() < 0.5,
          result_required: rnd() < 0.9,
        });
      ledgers.set(id, next);
    }
    for (const [from, to, judge] of [
      ['2025-01-01', '2025-03-31', '2025-03-31'],
      ['2025-02-01', '2025-02-28', '2025-02-28'],
      ['2025-01-01', '2025-12-31', '2025-04-15'],
      ['2025-03-10', '2025-05-20', '2025-05-20'],
      // Whole months only, then each boundary cutting a month (index_unit_month, migration 0073).
      ['2025-02-01', '2025-04-30', '2025-04-30'],
      ['2025-02-01', '2025-04-30', '2025-03-31'],
      ['2025-01-15', '2025-06-14', '2025-06-01'],
      ['2025-03-25', '2025-04-08', '2025-04-01'],
      ['2025-05-20', '2025-06-10', '2025-05-31'],
    ] as const) {
      const exact = await sameFigures(from, to, judge);
      expect(exact.reduce((s, r) => s + r.rc_received, 0)).toBeGreaterThan(0);
    }
  }, 120_000);

  it('leave the rows alone when a change nets to zero (an unfinished dossier approved)', async () => {
    // Row versions (xmin) of both aggregates: an upsert adding zeros would still rewrite a row.
    const versions = async () =>
      (
        await sql<{ v: string }>`
          select string_agg(xmin::text, ',' order by day, receiving_unit_id, agency_unit_id) as v
          from index_unit_day where tenant_id = ${tenant.tenantId}
          union all
          select string_agg(xmin::text, ',' order by month, receiving_unit_id, agency_unit_id)
          from index_unit_month where tenant_id = ${tenant.tenantId}
          union all
          select string_agg(xmin::text, ',' order by month, receiving_unit_id, agency_unit_id, procedure_id)
          from index_unit_procedure_month where tenant_id = ${tenant.tenantId}`.execute(database.db)
      ).rows.map((r) => r.v);
    const [id] = [...ledgers.entries()].find(([, l]) => l.stoppedAt === null) ?? [];
    expect(id).toBeDefined();
    const before = await versions();
    // The outcome counts only once a dossier is finished: the trigger fires, its deltas are 0.
    await updateDossierFlags(database.db, id as number, { outcome: 'approved' });
    expect(await versions()).toEqual(before);
    // A change that counts rewrites its rows.
    const { rows } = await sql<{ synced: boolean }>`
      select synced from dossiers where id = ${id as number}`.execute(database.db);
    await updateDossierFlags(database.db, id as number, { synced: !rows[0]?.synced });
    expect(await versions()).not.toEqual(before);
  });

  it('judges every dossier in the same class as classify() of the legal clock', async () => {
    for (const judge of ['2025-03-01', '2025-04-15', '2025-06-30']) {
      const periodEnd = `${judge}T23:59:59.999+07:00`;
      const rows = await sql<{ id: number; class: string | null; overdue: boolean | null }>`
        select id, index_finished_class(d) as class,
          index_local_day(index_overdue_from(d)) <= ${judge}::date as overdue
        from dossiers d where tenant_id = ${tenant.tenantId}
          and index_local_day(received_at) <= ${judge}::date`.execute(database.db);
      expect(rows.rows.length).toBeGreaterThan(20);
      for (const row of rows.rows) {
        const ledger = ledgers.get(Number(row.id)) as ClockLedger;
        const expected = classify(ledger, cal, { periodEnd });
        const finishedByJudge =
          ledger.stoppedAt !== null && Date.parse(ledger.stoppedAt) <= Date.parse(periodEnd);
        const actual = finishedByJudge
          ? row.class
          : row.overdue
            ? 'in_progress_overdue'
            : 'in_progress_on_time';
        expect({ id: row.id, cls: actual }).toEqual({ id: row.id, cls: expected });
      }
    }
  });

  it('moves the current figures on a transition without any recomputation', async () => {
    const judge = '2025-12-31';
    const before = await readPairCounters(database.db, {
      tenantId: tenant.tenantId,
      from: '2025-01-01',
      to: judge,
      judge,
      source: 'live',
    });
    const ledger = startClock({
      receivedAt: '2025-06-02T09:00:00+07:00',
      unit: 'working_days',
      budget: 3,
    });
    const id = await insertDossier(database.db, {
      tenant,
      receivingUnit: tenant.ward,
      agencyUnit: tenant.ward,
      ledger,
      cal,
    });
    const sum = (rows: PairCounters[], k: keyof PairCounters) => rows.reduce((s, r) => s + r[k], 0);
    const afterReception = await readPairCounters(database.db, {
      tenantId: tenant.tenantId,
      from: '2025-01-01',
      to: judge,
      judge,
      source: 'live',
    });
    expect(sum(afterReception, 'rc_received')).toBe(sum(before, 'rc_received') + 1);
    expect(sum(afterReception, 'overdue_at_judge')).toBe(sum(before, 'overdue_at_judge') + 1);
    await updateDossierLedger(
      database.db,
      id,
      stopClock(ledger, { at: '2025-06-03T10:00:00+07:00' }),
      cal,
    );
    const afterFinish = await readPairCounters(database.db, {
      tenantId: tenant.tenantId,
      from: '2025-01-01',
      to: judge,
      judge,
      source: 'live',
    });
    expect(sum(afterFinish, 'fn_early')).toBe(sum(before, 'fn_early') + 1);
    expect(sum(afterFinish, 'overdue_at_judge')).toBe(sum(before, 'overdue_at_judge'));
    await sameFigures('2025-01-01', judge, judge);
  });

  it('leaves the counters untouched when a transition rolls back', async () => {
    const q = () =>
      readPairCounters(database.db, {
        tenantId: tenant.tenantId,
        from: '2025-01-01',
        to: '2025-12-31',
        judge: '2025-12-31',
        source: 'live',
      });
    const before = await q();
    await database.db
      .transaction()
      .execute(async (trx) => {
        const ledger = startClock({
          receivedAt: '2025-06-02T09:00:00+07:00',
          unit: 'working_days',
          budget: 3,
        });
        await insertDossier(trx, {
          tenant,
          receivingUnit: tenant.ward,
          agencyUnit: tenant.ward,
          ledger,
          cal,
        });
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(byPair(await q())).toEqual(byPair(before));
  });
});
