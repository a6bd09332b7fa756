import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidEvent } from '../../domain/workflow/index.js';
import { verifyAuditChain } from '../../platform/audit/index.js';
import { rememberedActorHolds } from '../../platform/auth/session.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { type TransitionGuard, writeTransition } from './dossier.repository.js';
import { takeRow } from './dossier.row-cache.js';
import { performAction, receiveDossier } from './dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from './dossier.test-support.js';

/**
 * A transition computed from the row the previous transition wrote (dossier.row-cache.ts) is
 * one statement, and its guard refuses anything that changed since: the statement then writes
 * nothing, and the ordinary path (read, decide, write) answers.
 */
let database: Database;
let w: DossierWorld;
let statements: string[] = [];
/** The world's context on a handle that records each statement (and has a cache of its own). */
let ctx: DossierWorld['ctx'];

const recorder: KyselyPlugin = {
  transformQuery(args) {
    statements.push(args.node.kind);
    return args.node;
  },
  async transformResult(args) {
    return args.result;
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  ctx = Object.assign(Object.create(w.ctx), { db: database.db.withPlugin(recorder) });
});
afterAll(async () => {
  await database?.close();
});

async function receive() {
  ctx.clock.now = new Date('2025-03-03T02:00:00Z');
  return receiveDossier(ctx, { actor: w.actors.counter, input: buildReception(w) });
}

const lifecycle = [
  ['counter', 'transfer'],
  ['specialist', 'propose_result'],
  ['leader', 'approve'],
  ['counter', 'return_result'],
] as const;

function act(who: keyof DossierWorld['actors'], id: number, action: string, version: number) {
  return performAction(ctx, {
    actor: w.actors[who],
    dossierId: id,
    action,
    version,
    input: action === 'propose_result' ? { outcome: 'approved' } : {},
  });
}

async function counts(id: number) {
  const r = await sql<{ events: number; audit: number; outbox: number; version: number }>`
    select (select count(*) from dossier_events where dossier_id = ${id}) as events,
      (select count(*) from audit_log where stream = ${`dossier:${id}`}) as audit,
      (select count(*) from outbox where dedupe_key like ${`dossier:${id}:%`}) as outbox,
      (select version from dossiers where id = ${id}) as version`.execute(database.db);
  return r.rows[0]!;
}

describe('transitions from the remembered row', () => {
  it('makes the next transition of a dossier one statement, with the same history and audit chain', async () => {
    // A first dossier teaches the process which units each actor's grants cover.
    const first = await receive();
    let v = 1;
    for (const [who, action] of lifecycle) v = (await act(who, first.id, action, v)).version;
    statements = [];
    const r = await receive();
    // The look-ups (and the new id), then the registration in one statement.
    expect(statements).toEqual(['RawNode', 'RawNode']);
    const perTransition: number[] = [];
    v = 1;
    let t4 = undefined as Awaited<ReturnType<typeof act>> | undefined;
    for (const [who, action] of lifecycle) {
      statements = [];
      t4 = await act(who, r.id, action, v);
      v = t4.version;
      perTransition.push(statements.length);
    }
    // Each one statement, the transfer included (the registration remembered its row).
    expect(perTransition).toEqual([1, 1, 1, 1]);
    expect(t4).toMatchObject({ status: 'returned', version: 5, seq: 5 });
    const history = await database.db
      .selectFrom('dossier_events')
      .select(['seq', 'action', 'from_status as from', 'to_status as to'])
      .where('dossier_id', '=', r.id)
      .orderBy('seq')
      .execute();
    expect(history.map((e) => e.action)).toEqual([
      'receive',
      'transfer',
      'propose_result',
      'approve',
      'return_result',
    ]);
    expect(firstInvalidEvent(history)).toBe(-1);
    expect(await counts(r.id)).toMatchObject({ events: 5, audit: 5, outbox: 5, version: 5 });
    const row = await database.db
      .selectFrom('dossiers')
      .select(['status', 'outcome', 'current_unit_id', 'finished_at', 'returned_at'])
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'returned',
      outcome: 'approved',
      current_unit_id: w.units.centre,
    });
    expect(row.finished_at).not.toBeNull();
    expect(row.returned_at).not.toBeNull();
    expect((await verifyAuditChain(database.db, { tenantId: w.tenantId })).ok).toBe(true);
  });

  it('answers a repeated idempotency key with the first answer, writing nothing and giving the number back', async () => {
    ctx.clock.now = new Date('2025-03-04T02:00:00Z');
    const once = (key: string) =>
      receiveDossier(ctx, {
        actor: w.actors.counter,
        input: buildReception(w),
        idempotencyKey: key,
      });
    const first = await once('row-cache-1');
    const count = async () =>
      (
        await database.db
          .selectFrom('dossiers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', w.tenantId)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const again = await once('row-cache-1');
    expect(again).toEqual({ ...first, replayed: true });
    expect(await count()).toBe(before);
    const next = await once('row-cache-2');
    expect(Number(next.code?.slice(-4))).toBe(Number(first.code?.slice(-4)) + 1);
    expect((await verifyAuditChain(database.db, { tenantId: w.tenantId })).ok).toBe(true);
  });

  it('decides from a fresh read when the row changed without a new version', async () => {
    const r = await receive();
    const t1 = await act('counter', r.id, 'transfer', 1);
    // A write that does not bump the version (as ratings, payments and signatures do): the
    // remembered row is no longer the row, whatever its version says.
    await sql`update dossiers set rating = 4 where id = ${r.id}`.execute(database.db);
    statements = [];
    const t2 = await act('specialist', r.id, 'propose_result', t1.version);
    // The guarded write (nothing written), then the read and the ordinary write.
    expect(statements).toEqual(['RawNode', 'RawNode', 'RawNode']);
    expect(t2).toMatchObject({ status: 'awaiting_approval', version: 3, seq: 3 });
    expect(await counts(r.id)).toMatchObject({ events: 3, audit: 3, outbox: 3, version: 3 });
  });

  it('answers version_conflict for a version the remembered row has moved past, writing nothing', async () => {
    const r = await receive();
    await act('counter', r.id, 'transfer', 1);
    const error = await act('counter', r.id, 'transfer', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('version_conflict');
    expect(await counts(r.id)).toMatchObject({ events: 2, audit: 2, version: 2 });
  });

  it('refuses, and writes nothing, when any guarded assumption is stale', async () => {
    const r = await receive();
    const t1 = await act('counter', r.id, 'transfer', 1);
    const remembered = takeRow(ctx.db, w.tenantId, r.id, t1.version);
    expect(remembered).toMatchObject({ status: 'in_appraisal', version: 2 });
    const row = remembered!;
    const before = await counts(r.id);
    const write = {
      tenantId: w.tenantId,
      dossierId: r.id,
      expectedVersion: row.version,
      at: '2025-03-03T04:00:00.000Z',
      status: 'awaiting_approval' as const,
      code: null,
      receivedAt: row.received_at?.toISOString() ?? null,
      currentUnitId: row.current_unit_id,
      stepIndex: row.step_index,
      stepCode: row.step_code,
      stepRole: row.step_role,
      stepStartedAt: row.step_started_at?.toISOString() ?? null,
      stepDueAt: row.step_due_at?.toISOString() ?? null,
      assigneeId: row.assignee_id,
      clock: row.clock,
      dueAt: row.due_at?.toISOString() ?? null,
      originalDueAt: row.original_due_at?.toISOString() ?? null,
      pausedSince: null,
      supplementCount: row.supplement_count,
      extended: row.extended,
      extensionRequest: null,
      proposedOutcome: 'approved' as const,
      finishedAt: null,
      returnedAt: null,
      outcome: null,
      event: {
        action: 'propose_result',
        fromStatus: row.status,
        toStatus: 'awaiting_approval',
        stepCode: row.step_code,
        fromUnitId: row.current_unit_id,
        toUnitId: row.current_unit_id,
        assigneeId: null,
        actorId: w.users.specialist.id,
        note: null,
        stepDueAt: null,
        onTime: null,
        data: {},
      },
      audit: {
        stream: `dossier:${r.id}`,
        actorId: w.users.specialist.id,
        unitId: row.current_unit_id,
        action: 'dossier.propose_result',
        requestId: null,
        canonical: '{"test":true}',
      },
      outbox: { topic: 'dossier.status', payload: { test: true } },
    };
    const guard: TransitionGuard = {
      xmin: row.xmin,
      procedureCode: row.procedure_code,
      receivingUnitCode: row.receiving_unit_code,
      agencyUnitCode: row.agency_unit_code,
      scopes: { counter: [], specialist: [w.units.justice], leader: [], reader: [] },
      counterOk: false,
      specialistOk: true,
      leaderOk: false,
      actorHolds: sql<boolean>`true`,
    };
    const revoked = {
      ...w.actors.specialist,
      unverified: { tokenHash: 'no such token', resolve: async () => null },
    };
    const stale: Array<[string, TransitionGuard]> = [
      ['a coverage the grants do not give', { ...guard, leaderOk: true }],
      ['a changed procedure code', { ...guard, procedureCode: 'X' }],
      ['a changed unit code', { ...guard, agencyUnitCode: 'X' }],
      ['another row version (xmin)', { ...guard, xmin: String(Number(row.xmin) + 1) }],
      [
        'a remembered actor whose token is gone',
        { ...guard, actorHolds: rememberedActorHolds(revoked) },
      ],
    ];
    for (const [what, g] of stale) {
      expect(await writeTransition(database.db, write, g), what).toBeNull();
      expect(await counts(r.id), what).toEqual(before);
    }
    // The same write with the true assumptions goes through: the refusals above were the guard's.
    expect(await writeTransition(database.db, write, guard)).toMatchObject({ version: 3, seq: 3 });
    expect(await counts(r.id)).toMatchObject({ events: 3, audit: 3, outbox: 3, version: 3 });
  });
});
