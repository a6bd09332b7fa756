import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import type { OutboxMessage } from '../../platform/outbox/index.js';
import { authModule } from '../auth/index.js';
import { signInCitizen } from '../auth/testing.js';
import { performAction, receiveDossier } from '../dossiers/dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { portalModule } from './index.js';
import { statusEventBatchHandler, statusEventHandler } from './status-events.js';

describe('citizen portal: public look-up, SMS look-up, notifications and ratings', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  let tenantCode: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    tenantCode = (
      await database.db
        .selectFrom('tenants')
        .select('code')
        .where('id', '=', w.tenantId)
        .executeTakeFirstOrThrow()
    ).code;
    app = await buildApp({ ctx: w.ctx, modules: [authModule, portalModule], logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const headers = () => ({ 'x-motcua-tenant': tenantCode, 'x-test-no-limit': '1' });
  const at = (iso: string) => {
    w.ctx.clock.now = new Date(iso);
  };

  async function finishedDossier() {
    at('2025-03-03T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    let v = 1;
    const act = async (who: keyof DossierWorld['actors'], action: string, input = {}) => {
      v = (
        await performAction(w.ctx, {
          actor: w.actors[who],
          dossierId: r.id,
          action,
          version: v,
          input,
        })
      ).version;
    };
    await act('counter', 'transfer');
    await act('specialist', 'propose_result', { outcome: 'approved' });
    at('2025-03-05T02:00:00Z');
    await act('leader', 'approve');
    return r;
  }

  it('shows progress and the promised date by code with the name masked and nothing personal', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    const response = await app.inject({
      method: 'GET',
      url: `/api/public/dossiers/${r.code}`,
      headers: headers(),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      code: r.code,
      status: 'received',
      applicant: 'N***** V** D**',
      promisedAt: '2025-03-10T17:00:00+07:00',
      late: false,
    });
    expect(body.timeline).toEqual([
      {
        at: '2025-03-03T09:00:00+07:00',
        status: 'received',
        label: expect.objectContaining({ vi: 'Đã tiếp nhận' }),
      },
    ]);
    expect(response.body).not.toMatch(
      /Nguyễn Văn Dân|001090012345|0912345678|2345|Tân Phong, Lai Châu/,
    );
  });

  it('answers an unknown code and a malformed code exactly alike', async () => {
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/public/dossiers/000.00.12.X-250303-9999',
      headers: headers(),
    });
    const malformed = await app.inject({
      method: 'GET',
      url: '/api/public/dossiers/%27%20or%201=1',
      headers: headers(),
    });
    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    const strip = (b: { error: Record<string, unknown> }) => ({ ...b.error, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(malformed.json()));
  });

  it('limits the look-up rate per client against enumeration', async () => {
    const limited = await buildApp({
      ctx: w.ctx,
      modules: [authModule, portalModule],
      logger: false,
    });
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await limited.inject({
        method: 'GET',
        url: `/api/public/dossiers/000.00.12.X-250303-${String(i).padStart(4, '0')}`,
        headers: { 'x-motcua-tenant': tenantCode },
      });
      codes.push(res.statusCode);
    }
    await limited.close();
    expect(codes.slice(0, 30).every((c) => c === 404)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('answers "TRACUU <code>" by SMS with a short plain-ASCII status and queues the reply', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    const response = await app.inject({
      method: 'POST',
      url: '/api/public/sms/inbound',
      headers: headers(),
      payload: { from: '0987654321', text: `tracuu ${r.code}`, id: 'in-1' },
    });
    expect(response.statusCode).toBe(200);
    const { reply } = response.json();
    expect(reply).toBe(`HS ${r.code}: Da tiep nhan, hen tra 10/03/2025 17:00`);
    expect(reply.length).toBeLessThanOrEqual(160);
    const queued = await database.db
      .selectFrom('outbox')
      .select(['payload'])
      .where('dedupe_key', '=', 'sms-reply-in-1')
      .executeTakeFirstOrThrow();
    expect(queued.payload).toMatchObject({ to: '0987654321', text: reply });
    const usage = await app.inject({
      method: 'POST',
      url: '/api/public/sms/inbound',
      headers: headers(),
      payload: { from: '0987654321', text: 'xin chao' },
    });
    expect(usage.json().reply).toContain('TRACUU');
  });

  it('tells the applicant by SMS and in their account when the result is ready, once however often delivered', async () => {
    const r = await finishedDossier();
    const row = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'dossier.status')
      .where('payload', '@>', JSON.stringify({ dossierId: r.id, to: 'result_ready' }) as never)
      .executeTakeFirstOrThrow();
    const message: OutboxMessage = {
      id: row.id,
      tenantId: row.tenant_id,
      topic: row.topic,
      payload: row.payload as Record<string, unknown>,
      attempt: 1,
      createdAt: row.created_at,
    };
    const handler = statusEventHandler(w.ctx);
    expect(await handler(message, { config: { nationalPortalUrl: undefined } })).toBe('dry_run');
    await handler(message, { config: { nationalPortalUrl: undefined } });
    const notes = await database.db
      .selectFrom('notifications')
      .selectAll()
      .where('dossier_id', '=', r.id)
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      event: 'result_ready',
      title: `Hồ sơ ${r.code} đã có kết quả`,
    });
    const sms = await database.db
      .selectFrom('outbox')
      .select(['payload'])
      .where('topic', '=', 'sms')
      .where('dedupe_key', 'like', `dossier-${r.id}-%`)
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.payload).toMatchObject({ to: '0912345678' });
  });

  it('delivers a batch of status events with set-based writes, the same as one by one, once however often', async () => {
    const dossiers = [await finishedDossier(), await finishedDossier(), await finishedDossier()];
    const rows = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'dossier.status')
      .where(
        sql<boolean>`(payload->>'dossierId')::bigint in (${sql.join(dossiers.map((d) => d.id))})`,
      )
      .orderBy('id')
      .execute();
    // Every event of the three dossiers (received, transfer, proposal, approval) in one batch.
    expect(rows.length).toBeGreaterThanOrEqual(9);
    const messages: OutboxMessage[] = rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      topic: row.topic,
      payload: row.payload as Record<string, unknown>,
      attempt: 1,
      createdAt: row.created_at,
    }));
    const context = {
      config: {
        nationalPortalUrl: undefined,
        smtpUrl: undefined,
        smsGatewayUrl: undefined,
        mailFrom: 'x@example.test',
        env: 'test',
      },
      log: { info() {}, warn() {} },
    };
    const batch = statusEventBatchHandler(w.ctx);
    expect(await batch(messages, context)).toEqual(messages.map(() => 'dry_run'));
    expect(await batch(messages, context)).toEqual(messages.map(() => 'dry_run'));
    for (const d of dossiers) {
      const notes = await database.db
        .selectFrom('notifications')
        .select(['event', 'title', 'channels'])
        .where('dossier_id', '=', d.id)
        .orderBy('id')
        .execute();
      // Received and result ready: the two events of this path the applicant is told of.
      expect(notes.map((n) => n.event)).toEqual(['received', 'result_ready']);
      const sms = await database.db
        .selectFrom('outbox')
        .select(['id', 'dedupe_key', 'payload'])
        .where('topic', '=', 'sms')
        .where('dedupe_key', 'like', `dossier-${d.id}-%`)
        .orderBy('id')
        .execute();
      expect(sms).toHaveLength(2);
      expect(sms[1]!.payload).toMatchObject({ to: '0912345678' });
      expect(sms[1]!.payload).toMatchObject({ text: expect.stringContaining(d.code!) });
      // Each notification names the SMS queued for it.
      const channels = notes.map(
        (n) => (typeof n.channels === 'string' ? JSON.parse(n.channels) : n.channels) as unknown,
      );
      expect(channels).toEqual([
        [{ channel: 'sms', to: expect.any(String), outboxId: sms[0]!.id }],
        [{ channel: 'sms', to: expect.any(String), outboxId: sms[1]!.id }],
      ]);
    }
  });

  it('refunds the paid fee of a dossier whose result is a refusal', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    // A payment settled through the gateway (the payment flow itself is tested in payments).
    await database.db
      .insertInto('payments')
      .values({
        tenant_id: w.tenantId,
        dossier_id: r.id,
        amount: 50_000,
        gateway: 'sandbox',
        order_ref: `refund-${r.id}`,
        status: 'paid',
        paid_at: new Date(),
      })
      .execute();
    let v = 1;
    for (const [who, action, input] of [
      ['counter', 'transfer', {}],
      ['specialist', 'propose_result', { outcome: 'refused', note: 'Không đủ điều kiện' }],
      ['leader', 'approve', {}],
    ] as const) {
      v = (
        await performAction(w.ctx, {
          actor: w.actors[who],
          dossierId: r.id,
          action,
          version: v,
          input,
        })
      ).version;
    }
    const row = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'dossier.status')
      .where('payload', '@>', JSON.stringify({ dossierId: r.id, action: 'approve' }) as never)
      .executeTakeFirstOrThrow();
    const message: OutboxMessage = {
      id: row.id,
      tenantId: row.tenant_id,
      topic: row.topic,
      payload: row.payload as Record<string, unknown>,
      attempt: 1,
      createdAt: row.created_at,
    };
    await statusEventHandler(w.ctx)(message, { config: { nationalPortalUrl: undefined } });
    const payment = await database.db
      .selectFrom('payments')
      .select(['status', 'refund_reason'])
      .where('dossier_id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ status: 'refunded', refund_reason: 'Hồ sơ bị từ chối' });
  });

  it('refunds, in a batch, the paid fee of a refused dossier and only that one', async () => {
    at('2025-03-03T02:00:00Z');
    const refused: number[] = [];
    for (const paid of [true, false]) {
      const r = await receiveDossier(w.ctx, {
        actor: w.actors.counter,
        input: buildReception(w),
      });
      refused.push(r.id);
      await database.db
        .insertInto('payments')
        .values({
          tenant_id: w.tenantId,
          dossier_id: r.id,
          amount: 50_000,
          gateway: 'sandbox',
          order_ref: `batch-refund-${r.id}`,
          status: paid ? 'paid' : 'pending',
          ...(paid ? { paid_at: new Date() } : {}),
        })
        .execute();
      let v = 1;
      for (const [who, action, input] of [
        ['counter', 'transfer', {}],
        ['specialist', 'propose_result', { outcome: 'refused', note: 'Không đủ điều kiện' }],
        ['leader', 'approve', {}],
      ] as const) {
        v = (
          await performAction(w.ctx, {
            actor: w.actors[who],
            dossierId: r.id,
            action,
            version: v,
            input,
          })
        ).version;
      }
    }
    const approved = (await finishedDossier()).id;
    const rows = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'dossier.status')
      .where(sql<boolean>`payload->>'action' = 'approve'`)
      .where(sql<boolean>`(payload->>'dossierId')::bigint in (${sql.join([...refused, approved])})`)
      .execute();
    expect(rows).toHaveLength(3);
    const messages: OutboxMessage[] = rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      topic: row.topic,
      payload: row.payload as Record<string, unknown>,
      attempt: 1,
      createdAt: row.created_at,
    }));
    const results = await statusEventBatchHandler(w.ctx)(messages, {
      config: {
        nationalPortalUrl: undefined,
        smtpUrl: undefined,
        smsGatewayUrl: undefined,
        mailFrom: 'x@example.test',
        env: 'test',
      },
      log: { info() {}, warn() {} },
    });
    expect(results).toEqual(['dry_run', 'dry_run', 'dry_run']);
    const payments = await database.db
      .selectFrom('payments')
      .select(['dossier_id', 'status'])
      .where('dossier_id', 'in', refused)
      .orderBy('dossier_id')
      .execute();
    expect(payments).toEqual([
      { dossier_id: refused[0], status: 'refunded' },
      { dossier_id: refused[1], status: 'pending' },
    ]);
  });

  it('lets the applicant rate a finished dossier once on the five SIPAS elements, and updates the dossier', async () => {
    const r = await finishedDossier();
    const citizen = await signInCitizen(app, '0912345678', { tenant: tenantCode });
    // The counter recorded this applicant's account on the dossier (as an online application does).
    await sql`update dossiers set applicant_user_id = ${citizen.user.id} where id = ${r.id}`.execute(
      database.db,
    );
    const mine = await app.inject({
      method: 'GET',
      url: '/api/portal/dossiers',
      headers: citizen.headers,
    });
    expect(mine.json().items.map((d: { id: number }) => d.id)).toContain(r.id);
    const rate = (payload: object) =>
      app.inject({
        method: 'PUT',
        url: `/api/portal/dossiers/${r.id}/rating`,
        headers: citizen.headers,
        payload,
      });
    const first = await rate({
      access: 5,
      procedure: 4,
      staff: 5,
      result: 5,
      feedback: null,
      comment: 'Cán bộ nhiệt tình',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().overall).toBe(5);
    const changed = await rate({ access: 2, procedure: 1, staff: 2, result: 2 });
    expect(changed.json().overall).toBe(2);
    const stored = await database.db
      .selectFrom('dossiers')
      .select('rating')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(stored.rating).toBe(2);
    const count = await database.db
      .selectFrom('dossier_ratings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('dossier_id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const bad = await rate({ access: 6, procedure: 1, staff: 2, result: 2 });
    expect(bad.json().error.code).toBe('validation_failed');
    // After the edit window the rating stands.
    at('2025-03-20T02:00:00Z');
    const again = await signInCitizen(app, '0912345678', { tenant: tenantCode });
    const late = await app.inject({
      method: 'PUT',
      url: `/api/portal/dossiers/${r.id}/rating`,
      headers: again.headers,
      payload: { access: 5, procedure: 5, staff: 5, result: 5 },
    });
    expect(late.json().error.details.rule).toBe('rating_window_closed');
  });

  it('does not let anyone but the applicant rate, nor rate before the result', async () => {
    at('2025-03-03T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    const stranger = await signInCitizen(app, '0911111111', { tenant: tenantCode });
    const res = await app.inject({
      method: 'PUT',
      url: `/api/portal/dossiers/${r.id}/rating`,
      headers: stranger.headers,
      payload: { access: 5, procedure: 5, staff: 5, result: 5 },
    });
    expect(res.statusCode).toBe(404);
    await sql`update dossiers set applicant_user_id = ${stranger.user.id} where id = ${r.id}`.execute(
      database.db,
    );
    const early = await app.inject({
      method: 'PUT',
      url: `/api/portal/dossiers/${r.id}/rating`,
      headers: stranger.headers,
      payload: { access: 5, procedure: 5, staff: 5, result: 5 },
    });
    expect(early.json().error.details.rule).toBe('not_finished');
  });
});
