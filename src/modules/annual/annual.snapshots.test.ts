import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANNUAL_FRAMEWORK } from '../../domain/annual/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { insertUnit, recordLineage } from '../org/index.js';
import { findCycle, upsertScore } from './annual.repository.js';
import {
  type AnnualUnitCodes,
  annualUnitCodes,
  buildAnnualApp,
  closeYearAsFinal,
  SELF_ASSESSED,
  SELF_ASSESSED_MAX,
  selfAssessShares,
} from './annual.test-support.js';
import { advanceCycle, answerContest, computeRanking, importFramework } from './index.js';

const round2 = (n: number) => Math.round(n * 100) / 100;

interface Unit {
  unitId: number;
  code: string;
  name: string;
  peerGroup: string;
  total: number;
  band: string | null;
  rank: number;
  of: number;
  previous: { total: number; rank: number | null } | null;
  change: { score: number } | null;
}

/**
 * Published annual results are frozen (docs/annual-index.md, Results): the ranking stored when
 * the cycle advanced to provisional and to final is what units, the public and next year's
 * comparison read, whatever changes later; only the reform office's preview computes live.
 */
describe('annual results frozen when published', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  let codes: AnnualUnitCodes;
  const logins = { reform: '', leader: '' };
  const s = {} as Record<'reform' | 'leader', TestSession>;
  const cli = () => ({ ctx: w.ctx, tenantId: w.tenantId, actor: null });
  const at = async (iso: string) => {
    w.ctx.clock.now = new Date(iso);
    s.reform = await signIn(app, logins.reform, undefined, { tenant: w.tenantCode });
    s.leader = await signIn(app, logins.leader, undefined, { tenant: w.tenantCode });
  };
  /** GET as the reform office, the justice leader or the public; 200 expected. */
  const read = async (who: 'reform' | 'leader' | 'public', url: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api${url}`,
      headers:
        who === 'public'
          ? { 'x-motcua-tenant': w.tenantCode }
          : { ...s[who].headers, 'x-test-no-limit': '1' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const unitOf = (body: { units: Unit[] }, code: string) =>
    body.units.find((u) => u.code === code)!;
  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildAnnualApp(w);
    codes = await annualUnitCodes(w);
    logins.reform = (
      await createUser(w.ctx.db, {
        tenantId: w.tenantId,
        role: 'reform_office',
        unitId: w.units.province,
      })
    ).username;
    logins.leader = (
      await createUser(w.ctx.db, { tenantId: w.tenantId, role: 'leader', unitId: w.units.justice })
    ).username;

    // 2024, closed as final: Construction scored every self-assessed point, Justice half.
    await closeYearAsFinal(w, 2024, [
      [codes.justice, 0.5],
      [codes.construction, 1],
    ]);
    await at('2025-02-01T02:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("compares next year with last year's final results as published, not as recomputed", async () => {
    const published = await read('public', '/public/annual/results?year=2024');
    expect(unitOf(published, codes.justice)).toMatchObject({
      total: SELF_ASSESSED_MAX / 2,
      rank: 2,
    });
    // Later, Justice's 2024 points are raised in the database (as a correction might).
    const cycle2024 = (await findCycle(w.ctx.db, w.tenantId, 2024))!;
    for (const x of SELF_ASSESSED)
      await upsertScore(
        w.ctx.db,
        {
          tenantId: w.tenantId,
          cycleId: cycle2024.id,
          unitId: w.units.justice,
          subcriterionId: x.id,
        },
        { contest_points: x.maxPoints },
      );
    // What was published does not move; a recomputation would put Justice first.
    expect(await read('public', '/public/annual/results?year=2024')).toEqual(published);
    expect(await read('leader', '/annual/cycles/2024/results')).toMatchObject({
      stage: 'final',
      units: published.units,
    });
    const recomputed = await read('reform', '/annual/cycles/2024/results?preview=true');
    expect(recomputed.stage).toBe('preview');
    expect(recomputed.publishedAt).toBeNull();
    expect(unitOf(recomputed, codes.justice)).toMatchObject({ total: SELF_ASSESSED_MAX, rank: 1 });

    // 2025 compares with the published 2024 ranking: Justice half its points, second.
    await importFramework({ ...cli(), year: 2025, framework: DEFAULT_ANNUAL_FRAMEWORK });
    await advanceCycle({
      ...cli(),
      year: 2025,
      to: 'self_assessment',
      selfAssessmentDeadline: '2025-03-31',
    });
    await selfAssessShares(w, 2025, [
      [codes.justice, 0.8],
      [codes.construction, 0.6],
    ]);
    await advanceCycle({ ...cli(), year: 2025, to: 'appraisal' });
    const preview = await read('reform', '/annual/cycles/2025/results');
    expect(preview).toMatchObject({ stage: 'preview', previousYear: 2024, publishedAt: null });
    const justice = unitOf(preview, codes.justice);
    expect(justice.previous).toEqual({ total: SELF_ASSESSED_MAX / 2, rank: 2, of: 2 });
    expect(justice.change).toMatchObject({
      score: round2(justice.total - SELF_ASSESSED_MAX / 2),
      places: 1,
    });
    // Units see nothing before publication.
    const hidden = await app.inject({
      method: 'GET',
      url: '/api/annual/cycles/2025/results',
      headers: { ...s.leader.headers, 'x-test-no-limit': '1' },
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('keeps the provisional results as published while contests are answered; final takes the upheld ones', async () => {
    await at('2025-04-01T02:00:00Z');
    await advanceCycle({ ...cli(), year: 2025, to: 'provisional', contestDeadline: '2025-04-15' });
    const provisional = await read('public', '/public/annual/results?year=2025');
    expect(provisional).toMatchObject({
      stage: 'provisional',
      publishedAt: '2025-04-01T02:00:00.000Z',
    });
    const before = unitOf(provisional, codes.justice).total;
    const audit = await w.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('tenant_id', '=', w.tenantId)
      .where('action', '=', 'annual.advanced')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const data = (typeof audit.data === 'string' ? JSON.parse(audit.data) : audit.data) as {
      after: unknown;
    };
    expect(data.after).toMatchObject({ state: 'provisional', publishedUnits: 3 });

    // Justice contests 1.1.2 (it claimed 80 % of 2 points); the office upholds it at 2.
    const filed = await app.inject({
      method: 'POST',
      url: `/api/annual/cycles/2025/units/${codes.justice}/contests`,
      headers: { ...s.leader.headers, 'x-test-no-limit': '1' },
      payload: { subcriterionId: '1.1.2', reason: 'Đã hoàn thành 100% kế hoạch' },
    });
    expect(filed.statusCode).toBe(201);
    await answerContest({
      ...cli(),
      year: 2025,
      contestId: filed.json().id,
      decision: 'upheld',
      answer: 'Minh chứng bổ sung hợp lệ',
      points: 2,
    });
    // Everyone still reads the provisional results as published…
    expect(await read('public', '/public/annual/results?year=2025')).toEqual(provisional);
    expect(await read('leader', '/annual/cycles/2025/results')).toMatchObject({
      stage: 'provisional',
      units: provisional.units,
    });
    expect(await read('leader', `/annual/cycles/2025/units/${codes.justice}/result`)).toMatchObject(
      { total: before, stage: 'provisional', publishedAt: provisional.publishedAt },
    );
    // …while the reform office previews the final ranking in preparation; units may not.
    const preparing = await read('reform', '/annual/cycles/2025/results?preview=true');
    expect(unitOf(preparing, codes.justice).total).toBe(round2(before + 0.4));
    const refused = await app.inject({
      method: 'GET',
      url: '/api/annual/cycles/2025/results?preview=true',
      headers: { ...s.leader.headers, 'x-test-no-limit': '1' },
    });
    expect(refused.statusCode).toBe(403);

    await at('2025-04-20T02:00:00Z');
    await advanceCycle({ ...cli(), year: 2025, to: 'final' });
    const final = await read('public', '/public/annual/results?year=2025');
    expect(final).toMatchObject({ stage: 'final', publishedAt: '2025-04-20T02:00:00.000Z' });
    expect(unitOf(final, codes.justice).total).toBe(round2(before + 0.4));
    // Both stages stay stored as they were published.
    const rows = await w.ctx.db
      .selectFrom('annual_result_snapshots')
      .innerJoin('annual_cycles', 'annual_cycles.id', 'annual_result_snapshots.cycle_id')
      .select(['stage', 'ranking'])
      .where('annual_cycles.tenant_id', '=', w.tenantId)
      .where('annual_cycles.year', '=', 2025)
      .orderBy('annual_result_snapshots.id')
      .execute();
    expect(rows.map((r) => r.stage)).toEqual(['provisional', 'final']);
    const stored = rows.map((r) =>
      unitOf(
        (typeof r.ranking === 'string' ? JSON.parse(r.ranking) : r.ranking) as { units: Unit[] },
        codes.justice,
      ),
    );
    expect(stored.map((u) => u.total)).toEqual([before, round2(before + 0.4)]);
  });

  it('does not move a published rank when units are renamed, reclassified or merged, or thresholds or points change afterwards', async () => {
    const pub = await read('public', '/public/annual/results?year=2025');
    const staff = await read('reform', '/annual/cycles/2025/results');
    const own = await read('leader', `/annual/cycles/2025/units/${codes.justice}/result`);
    expect(staff).toMatchObject({ stage: 'final', units: pub.units });

    // Justice is renamed and gets a new code, Construction is reclassified to another level
    // (another peer group), the ward is found to have been merged into a new ward on 1 October,
    // the framework's bands change and Justice gets an automatic point.
    await w.ctx.db
      .updateTable('units')
      .set({ name: 'Sở Tư pháp và Nội vụ', code: `${codes.justice}-M` })
      .where('id', '=', w.units.justice)
      .execute();
    await w.ctx.db
      .updateTable('units')
      .set({ level: 'commune' })
      .where('id', '=', w.units.construction)
      .execute();
    await sql`update annual_cycles
      set framework = jsonb_set(framework, '{bands}', '[{"band": "A", "min": 0}]'::jsonb)
      where tenant_id = ${w.tenantId} and year = 2025`.execute(w.ctx.db);
    const newWard = await insertUnit(w.ctx.db, {
      tenantId: w.tenantId,
      parentId: w.units.province,
      kind: 'ward',
      level: 'commune',
      code: `${w.tenantCode}.NEW`,
      name: 'Phường Tân Phong Mới',
      validFrom: '2025-10-01',
    });
    await recordLineage({
      db: w.ctx.db,
      actor: null,
      operator: true,
      tenantId: w.tenantId,
      unitId: newWard,
      input: {
        relation: 'merged_from',
        otherUnitId: w.units.otherCentre,
        effectiveOn: '2025-10-01',
      },
    });
    const cycle = (await findCycle(w.ctx.db, w.tenantId, 2025))!;
    await upsertScore(
      w.ctx.db,
      { tenantId: w.tenantId, cycleId: cycle.id, unitId: w.units.justice, subcriterionId: '3.2.1' },
      { auto_points: 6, auto_rate: 100 },
    );

    expect(await read('public', '/public/annual/results?year=2025')).toEqual(pub);
    expect(await read('public', '/public/annual/results')).toEqual(pub);
    expect(await read('reform', '/annual/cycles/2025/results')).toEqual(staff);
    // The unit's own page finds it under its new code, with what was published.
    expect(await read('leader', `/annual/cycles/2025/units/${codes.justice}-M/result`)).toEqual(
      own,
    );
    expect(own).toMatchObject({ name: 'Sở Tư pháp', code: codes.justice, stage: 'final' });

    // A computation now would differ on each count.
    const live = await computeRanking(w.ctx.db, (await findCycle(w.ctx.db, w.tenantId, 2025))!);
    const now = (id: number) => live.units.find((u) => u.unitId === id)!;
    expect(now(w.units.justice).name).toBe('Sở Tư pháp và Nội vụ');
    expect(now(w.units.construction).peerGroup).toBe('commune:department');
    expect(now(w.units.construction)).toMatchObject({ rank: 1, of: 1 });
    expect(now(w.units.justice).total).toBe(round2(unitOf(pub, codes.justice).total + 6));
    expect(live.units.map((u) => u.unitId)).not.toContain(w.units.otherCentre);
    expect(live.units.map((u) => u.unitId)).toContain(newWard);
    expect(unitOf(pub, codes.ward)).toMatchObject({ name: 'Phường Tân Phong', rank: 1, of: 1 });
    expect(live.units.every((u) => u.band === 'A')).toBe(true);
    expect(pub.units.map((u: Unit) => u.band)).toContain('D');
    const preview = await read('reform', '/annual/cycles/2025/results?preview=true');
    expect(preview.units.map((u: Unit) => u.total)).toEqual(live.units.map((u) => u.total));
  });

  it('freezes a cycle published before snapshots existed at its first read, then keeps it', async () => {
    const cycle = (await findCycle(w.ctx.db, w.tenantId, 2024))!;
    await w.ctx.db.deleteFrom('annual_result_snapshots').where('cycle_id', '=', cycle.id).execute();
    const first = await read('public', '/public/annual/results?year=2024');
    expect(first.publishedAt).toBe(cycle.final_published_at?.toISOString());
    const stored = await w.ctx.db
      .selectFrom('annual_result_snapshots')
      .select('stage')
      .where('cycle_id', '=', cycle.id)
      .execute();
    expect(stored).toEqual([{ stage: 'final' }]);
    await w.ctx.db
      .updateTable('units')
      .set({ name: 'Phường Tân Phong mới' })
      .where('id', '=', w.units.otherCentre)
      .execute();
    expect(await read('public', '/public/annual/results?year=2024')).toEqual(first);
  });
});
