import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidEvent } from '../../domain/workflow/index.js';
import { verifyAuditChain } from '../../platform/audit/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { performAction, receiveDossier } from './dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from './dossier.test-support.js';

let database: Database;
let w: DossierWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
});
afterAll(async () => {
  await database?.close();
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const at = (iso: string) => {
  w.ctx.clock.now = new Date(iso);
};

async function receive(overrides = {}) {
  return receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w, overrides) });
}

async function act(
  actor: keyof DossierWorld['actors'],
  id: number,
  action: string,
  version: number,
  input = {},
) {
  return performAction(w.ctx, { actor: w.actors[actor], dossierId: id, action, version, input });
}

async function events(id: number) {
  return database.db
    .selectFrom('dossier_events')
    .select(['seq', 'action', 'from_status as from', 'to_status as to', 'on_time', 'step_due_at'])
    .where('dossier_id', '=', id)
    .orderBy('seq')
    .execute();
}

async function dossier(id: number) {
  return database.db
    .selectFrom('dossiers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('reception at the counter', () => {
  it('registers a complete dossier with a code, a started clock and the derived due date', async () => {
    at('2025-03-03T02:00:00Z'); // Monday 09:00 in Hà Nội
    const r = await receive();
    expect(r.status).toBe('received');
    expect(r.code).toMatch(/^000\.00\.12\.T\d+-250303-\d{4}$/);
    expect(r.dueAt).toBe('2025-03-10T17:00:00+07:00');
    expect(r.forms).toEqual(['01']);
    const row = await dossier(r.id);
    expect(row.version).toBe(1);
    expect(row.due_at?.toISOString()).toBe('2025-03-10T10:00:00.000Z');
    expect(row.original_due_at?.toISOString()).toBe('2025-03-10T10:00:00.000Z');
    expect(row.applicant_id_enc).not.toContain('001090012345');
    expect(row.applicant_id_last4).toBe('2345');
    expect(row.fee_amount).toBe(50_000);
    // Paper dossier received before 15:00: transferred the same working day.
    expect(row.step_due_at?.toISOString()).toBe('2025-03-03T10:00:00.000Z');
    expect(await events(r.id)).toMatchObject([
      { seq: 1, action: 'receive', from: null, to: 'received' },
    ]);
    const outbox = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', `dossier:${r.id}:1`)
      .executeTakeFirstOrThrow();
    expect(outbox.topic).toBe('dossier.status');
  });

  it('refuses to register when a required component is missing, and lists it', async () => {
    const e = await rejection(receive({ components: [{ code: 'TP01' }] }));
    expect(e.code).toBe('rule_violation');
    expect(e.details).toMatchObject({
      rule: 'components_missing',
      missing: ['Bản sao giấy tờ tùy thân'],
    });
  });

  it('records an incomplete dossier (Form 02) without consuming a code, listing everything missing', async () => {
    const r = await receive({
      components: [{ code: 'TP01' }],
      decision: 'incomplete',
      missing: ['Bản chính để đối chiếu'],
      note: 'Bổ sung bản sao',
    });
    expect(r).toMatchObject({ status: 'reception_supplement', code: null, forms: ['02'] });
    expect(r.missing).toEqual(['Bản sao giấy tờ tùy thân', 'Bản chính để đối chiếu']);
    // The applicant comes back with the papers: the same record is received and registered.
    const back = await act('counter', r.id, 'receive', 1);
    expect(back.status).toBe('received');
    expect(back.code).toMatch(/-250303-\d{4}$/);
    expect((await dossier(r.id)).due_at).not.toBeNull();
  });

  it('records a refusal (Form 03) with reasons and no code', async () => {
    const r = await receive({ decision: 'refused', note: 'Không thuộc thẩm quyền' });
    expect(r).toMatchObject({ status: 'not_accepted', code: null, forms: ['03'] });
    expect(await rejection(receive({ decision: 'refused', note: '' }))).toMatchObject({
      code: 'rule_violation',
    });
  });

  it('validates the citizen ID and tax code formats', async () => {
    const bad = await rejection(
      receive({ applicant: { kind: 'individual', name: 'A', idNumber: '12345' } }),
    );
    expect(bad.code).toBe('validation_failed');
    const org = await rejection(
      receive({ applicant: { kind: 'organisation', name: 'Công ty A', taxCode: '01-234' } }),
    );
    expect(org.code).toBe('validation_failed');
    const ok = await receive({
      applicant: { kind: 'organisation', name: 'Công ty TNHH A', taxCode: '0101234567-001' },
    });
    expect(ok.status).toBe('received');
  });

  it('forbids a counter officer of another unit', async () => {
    const e = await rejection(
      receiveDossier(w.ctx, { actor: w.actors.otherCounter, input: buildReception(w) }),
    );
    expect(e.code).toBe('forbidden');
    const s = await rejection(
      receiveDossier(w.ctx, { actor: w.actors.specialist, input: buildReception(w) }),
    );
    expect(s.code).toBe('forbidden');
  });

  it('returns the first dossier for a retried request with the same idempotency key', async () => {
    const first = await receiveDossier(w.ctx, {
      actor: w.actors.counter,
      input: buildReception(w),
      idempotencyKey: 'k-1',
    });
    const again = await receiveDossier(w.ctx, {
      actor: w.actors.counter,
      input: buildReception(w),
      idempotencyKey: 'k-1',
    });
    expect(again.id).toBe(first.id);
    expect(again.code).toBe(first.code);
    expect(again.replayed).toBe(true);
    const parallel = await Promise.all(
      Array.from({ length: 10 }, () =>
        receiveDossier(w.ctx, {
          actor: w.actors.counter,
          input: buildReception(w),
          idempotencyKey: 'k-2',
        }).catch((e) => e),
      ),
    );
    const ids = new Set(parallel.filter((p) => !(p instanceof Error)).map((p) => p.id));
    expect(ids.size).toBe(1);
  });
});

describe('processing', () => {
  it('runs the journey: transfer → supplement (clock paused) → supplement received → result → approval → return', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receive();
    at('2025-03-03T03:00:00Z');
    let v = (await act('counter', r.id, 'transfer', 1)).version;
    let row = await dossier(r.id);
    expect(row.current_unit_id).toBe(w.units.justice);
    expect(row.step_code).toBe('B2');
    at('2025-03-04T02:00:00Z'); // Tue 09:00
    v = (
      await act('specialist', r.id, 'request_supplement', v, { note: 'Thiếu bản sao công chứng' })
    ).version;
    row = await dossier(r.id);
    expect(row.status).toBe('awaiting_supplement');
    expect(row.due_at).toBeNull();
    expect(row.paused_since?.toISOString()).toBe('2025-03-04T02:00:00.000Z');
    // A second request needs a leader's override.
    at('2025-03-05T02:00:00Z'); // Wed 09:00: one working day paused
    v = (await act('counter', r.id, 'record_supplement', v)).version;
    row = await dossier(r.id);
    expect(row.due_at?.toISOString()).toBe('2025-03-11T10:00:00.000Z');
    expect(row.original_due_at?.toISOString()).toBe('2025-03-11T10:00:00.000Z');
    expect(row.supplement_count).toBe(1);
    const second = await rejection(
      act('specialist', r.id, 'request_supplement', v, { note: 'Lại thiếu' }),
    );
    expect(second).toMatchObject({ code: 'rule_violation', details: { rule: 'supplement_limit' } });
    v = (await act('specialist', r.id, 'propose_result', v, { outcome: 'approved' })).version;
    at('2025-03-06T02:00:00Z');
    v = (await act('leader', r.id, 'approve', v)).version;
    row = await dossier(r.id);
    expect(row).toMatchObject({
      status: 'result_ready',
      outcome: 'approved',
      current_unit_id: w.units.centre,
    });
    expect(row.finished_at?.toISOString()).toBe('2025-03-06T02:00:00.000Z');
    at('2025-03-07T02:00:00Z');
    v = (await act('counter', r.id, 'return_result', v)).version;
    row = await dossier(r.id);
    expect(row.status).toBe('returned');
    expect(row.returned_at?.toISOString()).toBe('2025-03-07T02:00:00.000Z');
    const history = await events(r.id);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(firstInvalidEvent(history)).toBe(-1);
    // Transfer at 10:00 on the day of reception: on time against the 17:00 cut.
    expect(history[1]?.on_time).toBe(true);
    // The finished dossier is early (finished on a day before the due day), derived in SQL.
    const cls = await database.db
      .selectFrom('dossiers')
      .select((eb) =>
        eb.fn<string>('index_finished_class', [eb.ref('dossiers' as never)]).as('class'),
      )
      .where('id', '=', r.id)
      .executeTakeFirst()
      .catch(() => undefined);
    if (cls) expect(cls.class).toBe('early');
    expect((await verifyAuditChain(database.db, { tenantId: w.tenantId })).ok).toBe(true);
  });

  it('allows a second supplement request with a leader override', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receive();
    let v = (await act('counter', r.id, 'transfer', 1)).version;
    v = (await act('specialist', r.id, 'request_supplement', v, { note: 'a' })).version;
    v = (await act('counter', r.id, 'record_supplement', v)).version;
    const notLeader = await rejection(
      act('specialist', r.id, 'request_supplement', v, { note: 'b', override: true }),
    );
    expect(notLeader.code).toBe('forbidden');
    v = (await act('leader', r.id, 'request_supplement', v, { note: 'b', override: true })).version;
    const row = await dossier(r.id);
    expect(row.supplement_count).toBe(2);
  });

  it('answers version_conflict for a stale version and writes nothing', async () => {
    const r = await receive();
    await act('counter', r.id, 'transfer', 1);
    const stale = await rejection(act('counter', r.id, 'transfer', 1));
    expect(stale.code).toBe('version_conflict');
    expect((await events(r.id)).length).toBe(2);
  });

  it('refuses a state the table does not allow, and a role the table does not name', async () => {
    const r = await receive();
    expect((await rejection(act('leader', r.id, 'approve', 1))).code).toBe(
      'transition_not_allowed',
    );
    expect((await rejection(act('specialist', r.id, 'transfer', 1))).code).toBe('forbidden');
  });

  it('hides a dossier from a counter officer of another unit', async () => {
    const r = await receive();
    expect((await rejection(act('otherCounter', r.id, 'transfer', 1))).code).toBe('not_found');
  });

  it('extends once, approved by a leader; statistics keep the original due date', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receive();
    let v = (await act('counter', r.id, 'transfer', 1)).version;
    at('2025-03-06T02:00:00Z');
    v = (
      await act('specialist', r.id, 'propose_extension', v, {
        note: 'Cần xác minh thêm',
        dueAt: '2025-03-14T17:00:00+07:00',
      })
    ).version;
    expect((await dossier(r.id)).extended).toBe(false);
    v = (await act('leader', r.id, 'approve_extension', v)).version;
    const row = await dossier(r.id);
    expect(row.extended).toBe(true);
    expect(row.due_at?.toISOString()).toBe('2025-03-14T10:00:00.000Z');
    expect(row.original_due_at?.toISOString()).toBe('2025-03-10T10:00:00.000Z');
    const again = await rejection(
      act('specialist', r.id, 'propose_extension', v, {
        note: 'x',
        dueAt: '2025-03-20T17:00:00+07:00',
      }),
    );
    expect(again).toMatchObject({
      code: 'rule_violation',
      details: { rule: 'extension_already_used' },
    });
  });

  it('refuses an extension proposed on the due day', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receive();
    const v = (await act('counter', r.id, 'transfer', 1)).version;
    at('2025-03-10T02:00:00Z');
    const late = await rejection(
      act('specialist', r.id, 'propose_extension', v, {
        note: 'x',
        dueAt: '2025-03-14T17:00:00+07:00',
      }),
    );
    expect(late).toMatchObject({ code: 'rule_violation', details: { rule: 'extension_too_late' } });
  });

  it('keeps a valid, gap-free history under 50 parallel transitions on one dossier', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receive();
    const v = (await act('counter', r.id, 'transfer', 1)).version;
    // Everyone read version v; they race to request a supplement, record it, propose or assign.
    const actions: Array<[keyof DossierWorld['actors'], string, object]> = [
      ['specialist', 'request_supplement', { note: 'x' }],
      ['specialist', 'propose_result', { outcome: 'approved' }],
      ['specialist', 'consult', { note: 'y' }],
      ['leader', 'assign', { assigneeId: w.users.specialist.id }],
      ['leader', 'stop', { note: 'z' }],
    ];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const [who, action, input] = actions[i % actions.length] as [
          keyof DossierWorld['actors'],
          string,
          object,
        ];
        return act(who, r.id, action, v, input).then(
          () => 'ok',
          (e: AppError) => e.code,
        );
      }),
    );
    expect(results.filter((x) => x === 'ok').length).toBe(1);
    expect(new Set(results.filter((x) => x !== 'ok'))).toEqual(new Set(['version_conflict']));
    const history = await events(r.id);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(firstInvalidEvent(history)).toBe(-1);
    expect((await verifyAuditChain(database.db, { tenantId: w.tenantId })).ok).toBe(true);
  });

  it('keeps a valid history when 15 parallel clients each retry with the version they read', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receive();
    await act('counter', r.id, 'transfer', 1);
    // Leaders keep re-assigning (a self-loop of the table) with fresh reads: every success is one event.
    let successes = 0;
    await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        for (let tries = 0; tries < 100; tries++) {
          const current = await dossier(r.id);
          try {
            await act('leader', r.id, 'assign', current.version, {
              assigneeId: i % 2 === 0 ? w.users.specialist.id : w.users.leader.id,
            });
            successes++;
            return;
          } catch (e) {
            if ((e as AppError).code !== 'version_conflict') throw e;
          }
        }
      }),
    );
    expect(successes).toBe(15);
    const history = await events(r.id);
    expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(firstInvalidEvent(history)).toBe(-1);
    expect((await dossier(r.id)).version).toBe(17);
    expect((await verifyAuditChain(database.db, { tenantId: w.tenantId })).ok).toBe(true);
  }, 60_000);
});

describe('gap-free codes', () => {
  it('gives 200 parallel registrations at one agency on one day exactly 0001–0200', async () => {
    const world = await buildWorld(database, { now: '2025-04-01T02:00:00Z' });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        receiveDossier(world.ctx, { actor: world.actors.counter, input: buildReception(world) }),
      ),
    );
    const seqs = results.map((r) => Number(r.code?.slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.code)).size).toBe(200);
    expect(results.every((r) => r.code?.includes('-250401-'))).toBe(true);
  }, 120_000);

  it('writes the code, taken last, into the dossier, its outbox message, its audit row and the stored answer', async () => {
    const world = await buildWorld(database, { now: '2025-04-03T02:00:00Z' });
    const first = await receiveDossier(world.ctx, {
      actor: world.actors.counter,
      input: buildReception(world),
      idempotencyKey: 'code-everywhere',
    });
    expect(first.code).toMatch(/-250403-0001$/);
    const row = await database.db
      .selectFrom('dossiers')
      .select('code')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(row.code).toBe(first.code);
    const message = await database.db
      .selectFrom('outbox')
      .select(['id', 'payload'])
      .where('dedupe_key', '=', `dossier:${first.id}:1`)
      .executeTakeFirstOrThrow();
    expect((message.payload as { code: string }).code).toBe(first.code);
    const history = await database.db
      .selectFrom('dossier_events')
      .select(['seq', 'action', 'to_status', 'outbox_id'])
      .where('dossier_id', '=', first.id)
      .execute();
    expect(history).toEqual([
      { seq: 1, action: 'receive', to_status: 'received', outbox_id: message.id },
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['seq', 'data', 'prev_hash'])
      .where('stream', '=', `dossier:${first.id}`)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.seq).toBe(1);
    expect(audit[0]?.prev_hash).toBeNull();
    expect((audit[0]?.data as { after: { code: string } } | undefined)?.after.code).toBe(
      first.code,
    );
    const again = await receiveDossier(world.ctx, {
      actor: world.actors.counter,
      input: buildReception(world),
      idempotencyKey: 'code-everywhere',
    });
    expect(again).toEqual({ ...first, replayed: true });
    // The next transition chains its audit row onto the one written with the code.
    const transferred = await performAction(world.ctx, {
      actor: world.actors.counter,
      dossierId: first.id,
      action: 'transfer',
      version: first.version,
    });
    expect(transferred.version).toBe(2);
    expect((await verifyAuditChain(database.db, { tenantId: world.tenantId })).ok).toBe(true);
  });

  it('gives the number back when a registration rolls back', async () => {
    const world = await buildWorld(database, { now: '2025-04-02T02:00:00Z' });
    const first = await receiveDossier(world.ctx, {
      actor: world.actors.counter,
      input: buildReception(world),
    });
    // A file id that is not the officer's makes the registration's transaction fail.
    const failed = await rejection(
      receiveDossier(world.ctx, {
        actor: world.actors.counter,
        input: buildReception(world, {
          components: [{ code: 'TP01', fileIds: [987654321] }, { code: 'TP02' }],
        }),
      }),
    );
    expect(failed.code).toBe('not_found');
    const next = await receiveDossier(world.ctx, {
      actor: world.actors.counter,
      input: buildReception(world),
    });
    expect(first.code?.slice(-4)).toBe('0001');
    expect(next.code?.slice(-4)).toBe('0002');
  });
});
