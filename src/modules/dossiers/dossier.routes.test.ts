import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../platform/auth/session.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { makePdf } from '../../platform/storage/testing.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { filesModule } from '../files/index.js';
import { receiveDossier } from './dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from './dossier.test-support.js';
import { dossiersModule } from './index.js';

let database: Database;
let w: DossierWorld;
let app: FastifyInstance;
let counter: TestSession;
let specialist: TestSession;
let leader: TestSession;
let stranger: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  app = await buildApp({
    ctx: w.ctx,
    modules: [authModule, filesModule, dossiersModule],
    logger: false,
  });
  await app.ready();
  const tenant = { tenant: w.tenantCode };
  const make = async (role: 'counter_officer' | 'specialist' | 'leader', unitId: number) => {
    const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId });
    return signIn(app, u.username, u.password, tenant);
  };
  counter = await make('counter_officer', w.units.centre);
  specialist = await make('specialist', w.units.justice);
  leader = await make('leader', w.units.justice);
  stranger = await make('counter_officer', w.units.otherCentre);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function call(
  session: TestSession | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { 'x-test-no-limit': '1', ...(session?.headers ?? {}), ...headers },
  });
}

async function token(userId: number): Promise<string> {
  const now = new Date();
  return (await createApiToken(w.ctx.db, { tenantId: w.tenantId, userId, name: 'test', now }))
    .token;
}

function uploadPdf(session: TestSession) {
  const boundary = '----motcua-dossier-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Tờ khai.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    makePdf('tờ khai'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/api/files',
    payload: body,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'x-test-no-limit': '1',
      ...session.headers,
    },
  });
}

describe('dossier API', () => {
  let id = 0;
  let version = 0;
  let code = '';

  it('receives a dossier with an uploaded scan, idempotently', async () => {
    const up = await uploadPdf(counter);
    expect(up.statusCode).toBe(201);
    const fileId = up.json().files[0].id as number;
    const body = {
      ...buildReception(w),
      components: [{ code: 'TP01', fileIds: [fileId] }, { code: 'TP02' }],
    };
    const first = await call(counter, 'POST', '/api/dossiers', body, {
      'idempotency-key': 'route-1',
    });
    expect(first.statusCode).toBe(201);
    const again = await call(counter, 'POST', '/api/dossiers', body, {
      'idempotency-key': 'route-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    ({ id, version, code } = first.json());
    expect(code).toMatch(/-250303-0001$/);
  });

  it('shows the dossier page with the clock, timeline, documents and the actions this user may take', async () => {
    const page = await call(counter, 'GET', `/api/dossiers/${id}`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.dossier).toMatchObject({ id, code, status: 'received', version });
    expect(body.dossier.applicant.idNumberMasked).toBe('********2345');
    expect(body.clock).toMatchObject({
      dueAt: '2025-03-10T17:00:00+07:00',
      paused: false,
      class: 'in_progress_on_time',
    });
    expect(body.clock.timeLeftMinutes).toBeGreaterThan(0);
    expect(body.timeline).toHaveLength(1);
    expect(body.documents).toMatchObject([
      { kind: 'component', componentCode: 'TP01', name: 'Tờ khai.pdf', digitised: true },
    ]);
    expect(body.allowedActions.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['transfer', 'withdraw']),
    );
    expect(body.allowedActions.map((a: { action: string }) => a.action)).not.toContain('approve');
    expect(body.sync.state).toBe('pending');
    const doc = await call(counter, 'GET', `/api/dossiers/${id}/documents/${body.documents[0].id}`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
  });

  it('hides the dossier from an officer of another unit (same answer as unknown)', async () => {
    expect((await call(stranger, 'GET', `/api/dossiers/${id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'GET', '/api/dossiers/99999999')).statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/dossiers/${id}`)).statusCode).toBe(401);
  });

  it('transfers, refuses a stale version with 409 and a wrong role with 403', async () => {
    const ok = await call(counter, 'POST', `/api/dossiers/${id}/actions/transfer`, { version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'in_appraisal', version: version + 1, seq: 2 });
    const stale = await call(counter, 'POST', `/api/dossiers/${id}/actions/transfer`, { version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    version += 1;
    const wrong = await call(specialist, 'POST', `/api/dossiers/${id}/actions/approve`, {
      version,
    });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('transition_not_allowed');
    const rule = await call(specialist, 'POST', `/api/dossiers/${id}/actions/request_supplement`, {
      version,
    });
    expect(rule.statusCode).toBe(422);
    expect(rule.json().error.details.rule).toBe('note_required');
    const role = await call(counter, 'POST', `/api/dossiers/${id}/actions/propose_result`, {
      version,
      outcome: 'approved',
    });
    expect(role.statusCode).toBe(403);
    const unknown = await call(specialist, 'POST', `/api/dossiers/${id}/actions/fly`, { version });
    expect(unknown.statusCode).toBe(400);
  });

  it("lists the dossier in the specialist's unit queue and finds it by code and applicant", async () => {
    const queue = await call(specialist, 'GET', '/api/dossiers/queues/unit');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((i: { id: number }) => i.id)).toContain(id);
    const soon = await call(specialist, 'GET', '/api/dossiers/queues/overdue');
    expect(soon.json().items.map((i: { id: number }) => i.id)).not.toContain(id);
    const byCode = await call(counter, 'GET', `/api/dossiers?code=${encodeURIComponent(code)}`);
    expect(byCode.json().items).toHaveLength(1);
    const byName = await call(
      counter,
      'GET',
      `/api/dossiers?applicant=${encodeURIComponent('nguyen van dan')}`,
    );
    expect(byName.json().items.map((i: { id: number }) => i.id)).toContain(id);
    const byId = await call(counter, 'GET', '/api/dossiers?applicant=001090012345');
    expect(byId.json().items.map((i: { id: number }) => i.id)).toContain(id);
    expect(
      (await call(stranger, 'GET', `/api/dossiers?code=${encodeURIComponent(code)}`)).json().items,
    ).toHaveLength(0);
  });

  it('runs to the result and returns it, with the Form 06 slip and the Form 07 register', async () => {
    let r = await call(specialist, 'POST', `/api/dossiers/${id}/actions/propose_result`, {
      version,
      outcome: 'approved',
    });
    expect(r.statusCode).toBe(200);
    const toApprove = await call(leader, 'GET', '/api/dossiers/queues/to_approve');
    expect(toApprove.json().items.map((i: { id: number }) => i.id)).toContain(id);
    r = await call(leader, 'POST', `/api/dossiers/${id}/actions/approve`, {
      version: r.json().version,
    });
    expect(r.statusCode).toBe(200);
    r = await call(counter, 'POST', `/api/dossiers/${id}/actions/return_result`, {
      version: r.json().version,
    });
    expect(r.json().status).toBe('returned');
    const slip = await call(counter, 'GET', `/api/dossiers/${id}/process-slip`);
    expect(slip.statusCode).toBe(200);
    expect(slip.json().handovers.length).toBeGreaterThanOrEqual(3);
    const register = await call(
      counter,
      'GET',
      `/api/dossiers/register?unitId=${w.units.centre}&from=2025-03-01&to=2025-03-31`,
    );
    expect(register.statusCode).toBe(200);
    expect(register.json().rows.find((row: { id: number }) => row.id === id)).toMatchObject({
      code,
      outcome: 'approved',
      class: 'early',
    });
    const forbidden = await call(
      stranger,
      'GET',
      `/api/dossiers/register?unitId=${w.units.centre}&from=2025-03-01&to=2025-03-31`,
    );
    expect(forbidden.statusCode).toBe(403);
  });

  it('hands over many dossiers at once, answering per dossier', async () => {
    const a = (await call(counter, 'POST', '/api/dossiers', buildReception(w))).json();
    const b = (await call(counter, 'POST', '/api/dossiers', buildReception(w))).json();
    const bulk = await call(counter, 'POST', '/api/dossiers/bulk/transfer', {
      items: [
        { id: a.id, version: 1 },
        { id: b.id, version: 1 },
        { id: b.id, version: 1 },
      ],
    });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json()).toMatchObject({ done: 2, failed: 1 });
    expect(bulk.json().results[2].error.code).toBe('version_conflict');
  });

  it('takes an API token actor from memory only while the write confirms it (revoked token, removed grant, registration)', async () => {
    const counterToken = await token(w.users.counter.id);
    const specialistUser = await createUser(w.ctx.db, {
      tenantId: w.tenantId,
      role: 'specialist',
      unitId: w.units.justice,
    });
    const specialistToken = await token(specialistUser.id);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const transferred = async () => {
      const r = await receiveDossier(w.ctx, {
        actor: w.actors.counter,
        input: buildReception(w),
      });
      const t = await call(
        null,
        'POST',
        `/api/dossiers/${r.id}/actions/transfer`,
        { version: 1 },
        bearer(counterToken),
      );
      expect(t.statusCode).toBe(200);
      return r.id;
    };
    const propose = (dossierId: number) =>
      call(
        null,
        'POST',
        `/api/dossiers/${dossierId}/actions/propose_result`,
        { version: 2, outcome: 'approved' },
        bearer(specialistToken),
      );
    const eventCount = async (dossierId: number) =>
      (
        await w.ctx.db
          .selectFrom('dossier_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('dossier_id', '=', dossierId)
          .executeTakeFirstOrThrow()
      ).n;
    // Looked up once, then remembered.
    expect((await propose(await transferred())).statusCode).toBe(200);
    expect((await propose(await transferred())).statusCode).toBe(200);

    // A grant removed after the look-up: the remembered actor no longer holds, the fresh one
    // may not act on the dossier.
    const third = await transferred();
    const grants = await w.ctx.db
      .deleteFrom('role_grants')
      .where('user_id', '=', specialistUser.id)
      .returningAll()
      .execute();
    const noGrant = await propose(third);
    expect(noGrant.statusCode).toBe(404);
    expect(await eventCount(third)).toBe(2);
    await w.ctx.db
      .insertInto('role_grants')
      .values(grants.map(({ id: _id, ...grant }) => grant))
      .execute();
    expect((await propose(third)).statusCode).toBe(200);

    // A token revoked after the look-up: 401, nothing written.
    const fourth = await transferred();
    await w.ctx.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', specialistUser.id)
      .execute();
    const revoked = await propose(fourth);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('unauthenticated');
    expect(await eventCount(fourth)).toBe(2);

    // Registration: the statement taking the code checks the remembered actor. Revoked, it
    // answers 401, leaves no dossier and gives the number back; a replay is answered for the
    // actor as looked up now too.
    const receive = (key: string) =>
      call(null, 'POST', '/api/dossiers', buildReception(w), {
        ...bearer(counterToken),
        'idempotency-key': key,
      });
    const registered = await receive('remembered-1');
    expect(registered.statusCode).toBe(201);
    const dossiers = async () =>
      (
        await w.ctx.db
          .selectFrom('dossiers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', w.tenantId)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await dossiers();
    await w.ctx.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', w.users.counter.id)
      .execute();
    const refused = await receive('remembered-2');
    expect(refused.statusCode).toBe(401);
    expect(await dossiers()).toBe(before);
    expect((await receive('remembered-1')).statusCode).toBe(401);
    const next = await receiveDossier(w.ctx, {
      actor: w.actors.counter,
      input: buildReception(w),
    });
    const seq = (c: string | null) => Number(c?.slice(-4));
    expect(seq(next.code)).toBe(seq(registered.json().code) + 1);
  });

  it('describes every dossier route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/dossiers',
      '/api/dossiers/{id}',
      '/api/dossiers/{id}/actions/{action}',
      '/api/dossiers/queues/{queue}',
      '/api/dossiers/bulk/{action}',
      '/api/dossiers/register',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
