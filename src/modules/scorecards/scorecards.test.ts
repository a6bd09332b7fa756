import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/indices/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { performAction, receiveDossier } from '../dossiers/dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import {
  listStaffScorecards,
  ownStaffScorecard,
  scorecardScope,
  scorecardsModule,
} from './index.js';

let database: Database;
let w: DossierWorld;
let app: FastifyInstance;
let leaderSession: TestSession;
let counterSession: TestSession;
const ids: Record<'a' | 'b' | 'c', number> = { a: 0, b: 0, c: 0 };

const at = (iso: string) => {
  w.ctx.clock.now = new Date(iso);
};
const act = async (
  who: keyof DossierWorld['actors'],
  id: number,
  action: string,
  version: number,
  input = {},
) =>
  (await performAction(w.ctx, { actor: w.actors[who], dossierId: id, action, version, input }))
    .version;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  const receive = async () =>
    (await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) })).id;
  // March 2025. A: the whole journey, every step on time. B: transferred a week late.
  // C: transferred on time to the specialist, then left there.
  at('2025-03-03T02:00:00Z'); // Monday 09:00
  ids.a = await receive();
  ids.b = await receive();
  ids.c = await receive();
  at('2025-03-03T03:00:00Z');
  let v = await act('counter', ids.a, 'transfer', 1);
  await act('counter', ids.c, 'transfer', 1, { assigneeId: w.users.specialist.id });
  at('2025-03-04T02:00:00Z');
  v = await act('specialist', ids.a, 'propose_result', v, { outcome: 'approved' });
  at('2025-03-05T02:00:00Z');
  v = await act('leader', ids.a, 'approve', v);
  at('2025-03-06T02:00:00Z');
  await act('counter', ids.a, 'return_result', v);
  at('2025-03-10T03:00:00Z');
  await act('counter', ids.b, 'transfer', 1);
  // Ratings in March: A very satisfied with the staff, B dissatisfied.
  for (const [dossierId, staff] of [
    [ids.a, 5],
    [ids.b, 2],
  ] as const) {
    await w.ctx.db
      .insertInto('dossier_ratings')
      .values({
        tenant_id: w.tenantId,
        dossier_id: dossierId,
        access: 4,
        procedure: 4,
        staff,
        result: 4,
        created_at: new Date('2025-03-20T03:00:00Z'),
      })
      .execute();
  }

  at('2025-04-15T03:00:00Z');
  app = await buildApp({ ctx: w.ctx, modules: [authModule, scorecardsModule], logger: false });
  await app.ready();
  const tenant = { tenant: w.tenantCode };
  const leader = await createUser(w.ctx.db, {
    tenantId: w.tenantId,
    role: 'leader',
    unitId: w.units.justice,
  });
  leaderSession = await signIn(app, leader.username, leader.password, tenant);
  const counter = await createUser(w.ctx.db, {
    tenantId: w.tenantId,
    role: 'counter_officer',
    unitId: w.units.centre,
  });
  counterSession = await signIn(app, counter.username, counter.password, tenant);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const march = parsePeriod('2025-03');
const scoped = (actor: Actor, period = march) => ({
  tenantId: actor.tenantId,
  scope: scorecardScope(actor),
  period,
});

describe('staff scorecards', () => {
  it('counts what each officer did in the period, and what they hold now', async () => {
    const cards = await listStaffScorecards(w.ctx, scoped(w.actors.reform, march));
    const of = (userId: number) => cards.officers.find((o) => o.userId === userId);
    expect(of(w.users.counter.id)).toMatchObject({
      received: 3,
      // Three transfers, B's a week late. This procedure's return step has no due time of its
      // own, so returning A closes no judged step.
      steps: 3,
      stepsOnTime: 2,
      stepsLate: 1,
      onTimeRate: 66.7,
      returned: 1,
      dossiers: 3,
      ratings: 2,
      ratingsSatisfied: 1,
      satisfactionRate: 50,
      grants: [{ role: 'counter_officer', unitId: w.units.centre }],
    });
    expect(of(w.users.specialist.id)).toMatchObject({
      received: 0,
      steps: 1,
      stepsOnTime: 1,
      onTimeRate: 100,
      ratings: 1,
      satisfactionRate: 100,
    });
    expect(of(w.users.leader.id)).toMatchObject({ steps: 1, onTimeRate: 100, ratings: 1 });
    // Mid-April the specialist still holds C, long past its step's due time.
    expect(of(w.users.specialist.id)).toMatchObject({ inHand: 1, inHandOverdue: 1 });
    expect(of(w.users.counter.id)).toMatchObject({ inHand: 0, inHandOverdue: 0 });
    // The reform office is not an officer; every officer of the tenant is listed, idle ones too.
    expect(of(w.users.reform.id)).toBeUndefined();
    expect(of(w.users.leader2.id)).toMatchObject({
      steps: 0,
      onTimeRate: null,
      satisfactionRate: null,
    });
    expect(cards.total).toMatchObject({ received: 3, steps: 5, stepsOnTime: 4, onTimeRate: 80 });
    // A was acted on by three officers: the total counts it, and its rating, once.
    expect(cards.total).toMatchObject({
      dossiers: 3,
      ratings: 2,
      ratingsSatisfied: 1,
      satisfactionRate: 50,
    });
  });

  it("counts an imported dossier's overall rating when it has no rating form", async () => {
    // C carries the source system's overall rating 2 and was finished in March.
    await w.ctx.db
      .updateTable('dossiers')
      .set({ rating: 2, finished_at: new Date('2025-03-25T03:00:00Z') })
      .where('id', '=', ids.c)
      .execute();
    try {
      const cards = await listStaffScorecards(w.ctx, scoped(w.actors.reform, march));
      const counter = cards.officers.find((o) => o.userId === w.users.counter.id);
      expect(counter).toMatchObject({ ratings: 3, ratingsSatisfied: 1, satisfactionRate: 33.3 });
      // A's form wins over its overall rating: A still counts once, as very satisfied.
      await w.ctx.db.updateTable('dossiers').set({ rating: 1 }).where('id', '=', ids.a).execute();
      const again = await listStaffScorecards(w.ctx, scoped(w.actors.reform, march));
      expect(again.officers.find((o) => o.userId === w.users.counter.id)).toMatchObject({
        ratings: 3,
        ratingsSatisfied: 1,
      });
    } finally {
      await w.ctx.db
        .updateTable('dossiers')
        .set({ rating: null, finished_at: null })
        .where('id', '=', ids.c)
        .execute();
      await w.ctx.db
        .updateTable('dossiers')
        .set({ rating: null })
        .where('id', '=', ids.a)
        .execute();
    }
  });

  it('leaves out what happened outside the period', async () => {
    const april = await listStaffScorecards(w.ctx, {
      ...scoped(w.actors.reform),
      period: parsePeriod('2025-04'),
    });
    expect(april.total).toMatchObject({ received: 0, steps: 0, ratings: 0, onTimeRate: null });
  });

  it('shows a leader the officers of their units only, and a unit inside the scope by code', async () => {
    const mine = await listStaffScorecards(w.ctx, scoped(w.actors.leader, march));
    const listed = mine.officers.map((o) => o.userId);
    expect(listed).toEqual(expect.arrayContaining([w.users.specialist.id, w.users.leader.id]));
    expect(listed).not.toContain(w.users.counter.id);
    expect(listed).not.toContain(w.users.leader2.id);
    const justiceCode = (
      await w.ctx.db
        .selectFrom('units')
        .select('code')
        .where('id', '=', w.units.justice)
        .executeTakeFirstOrThrow()
    ).code;
    const oneUnit = await listStaffScorecards(w.ctx, {
      ...scoped(w.actors.reform),
      period: march,
      unitCode: justiceCode,
    });
    expect(oneUnit.officers.map((o) => o.userId)).toEqual(listed);
    const centreCode = `${w.tenantCode}.001`;
    await expect(
      listStaffScorecards(w.ctx, { ...scoped(w.actors.leader), unitCode: centreCode }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(() => scorecardScope(w.actors.counter)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('lists an officer granted over the whole tenant to a tenant-wide reader only', async () => {
    const user = await w.ctx.db
      .insertInto('users')
      .values({
        tenant_id: w.tenantId,
        kind: 'staff',
        username: `tw.${w.tenantCode}`,
        full_name: 'Toàn Tỉnh',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await w.ctx.db
      .insertInto('role_grants')
      .values({ tenant_id: w.tenantId, user_id: user.id, role: 'specialist', unit_id: null })
      .execute();
    const tenantWide: Actor = {
      ...w.actors.reform,
      grants: [{ role: 'reform_office', unitId: null }],
    };
    const all = await listStaffScorecards(w.ctx, scoped(tenantWide));
    expect(all.officers.find((o) => o.userId === user.id)?.grants).toEqual([
      { role: 'specialist', unitId: null, unitName: null },
    ]);
    // A reader over units, even the province's root, covers units, not the tenant-wide grant.
    for (const reader of [w.actors.leader, w.actors.reform]) {
      const listed = await listStaffScorecards(w.ctx, scoped(reader));
      expect(listed.officers.map((o) => o.userId)).not.toContain(user.id);
    }
  });

  it('gives every officer their own scorecard', async () => {
    const own = await ownStaffScorecard(w.ctx, { actor: w.actors.counter, period: march });
    expect(own.officers).toHaveLength(1);
    expect(own.officers[0]).toMatchObject({ userId: w.users.counter.id, received: 3 });
  });

  it('answers over HTTP by role, with a stable error for a bad period', async () => {
    const get = (session: TestSession, url: string) =>
      app.inject({ method: 'GET', url, headers: { 'x-test-no-limit': '1', ...session.headers } });
    const list = await get(leaderSession, '/api/scorecards/staff?period=2025-03');
    expect(list.statusCode).toBe(200);
    expect(list.json().period).toEqual({ key: '2025-03', from: '2025-03-01', to: '2025-03-31' });
    expect(list.json().officers.map((o: { userId: number }) => o.userId)).toContain(
      w.users.specialist.id,
    );
    expect((await get(counterSession, '/api/scorecards/staff?period=2025-03')).statusCode).toBe(
      403,
    );
    const me = await get(counterSession, '/api/scorecards/staff/me?period=2025-03');
    expect(me.statusCode).toBe(200);
    expect(me.json().officers).toHaveLength(1);
    const bad = await get(leaderSession, '/api/scorecards/staff?period=2025-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('period_invalid');
  });
});
