import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/auth/session.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { insertUnit } from '../org/org.repository.js';
import { requireRoles, requireStaff } from './auth.guards.js';
import { LOCKOUT_MS } from './auth.service.js';
import { createUser, signIn, signInCitizen, TEST_PASSWORD } from './testing.js';

let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let clock = new Date('2025-03-03T02:00:00Z');
let tenantId: number;
let unitId: number;
let otherTenantId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(database, loadConfig({}, { NODE_ENV: 'test' }), () => clock);
  const t = await ctx.db
    .insertInto('tenants')
    .values({ code: 'T1', name: 'Tỉnh Một', settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  tenantId = t.id;
  const t2 = await ctx.db
    .insertInto('tenants')
    .values({ code: 'T2', name: 'Tỉnh Hai', settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  otherTenantId = t2.id;
  unitId = await insertUnit(ctx.db, {
    tenantId,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: 'U1',
    name: 'UBND tỉnh Một',
  });
  app = await buildApp({ ctx, logger: false });
  // Routes only for these tests, to prove the guards and the CSRF rule.
  app.get('/t/staff', { preHandler: requireStaff }, async (request) => ({
    tenantId: request.tenantId,
  }));
  app.post('/t/leader', { preHandler: requireRoles('leader') }, async () => ({ ok: true }));
  app.get('/t/tenant', async (request) => ({
    tenantId: request.tenantId,
    actor: request.actor?.userId ?? null,
  }));
  await app.ready();
});

/** Sign-in requests in these tests skip the per-IP limit, except in the test of that limit. */
function login(options: { payload: unknown; headers?: Record<string, string> }) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: options.payload as object,
    headers: { 'x-test-no-limit': '1', ...options.headers },
  });
}

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('staff sign-in', () => {
  it('signs in, sets an httpOnly SameSite cookie and answers me with the same user and roles', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'leader', unitId });
    const response = await login({ payload: { username: user.username, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const body = response.json();
    expect(body.user).toEqual({
      id: user.id,
      name: expect.any(String),
      kind: 'staff',
      roles: [{ role: 'leader', unitId, unitName: 'UBND tỉnh Một' }],
    });
    const stored = await ctx.db
      .selectFrom('sessions')
      .select(['id', 'csrf_token'])
      .where('user_id', '=', user.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(cookie.value);
    expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
  });

  it('answers me with 401 unauthenticated without a session', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthenticated');
  });

  it('rotates the session on every sign-in and ends the one the browser came with', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    const first = await signIn(app, user.username);
    const again = await login({
      headers: { cookie: first.cookie },
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    const second = again.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect(`${SESSION_COOKIE}=${second}`).not.toBe(first.cookie);
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { cookie: `${SESSION_COOKIE}=${second}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    const wrong = await login({ payload: { username: user.username, password: 'nope' } });
    const unknown = await login({ payload: { username: 'nobody-here', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('locks the account after five consecutive failures for fifteen minutes, even for the right password', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await login({ payload: { username: user.username, password: `bad${i}` } });
      codes.push(r.json().error.code);
    }
    expect(codes).toEqual([
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'account_locked',
    ]);
    const right = await login({ payload: { username: user.username, password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('account_locked');
    const saved = clock;
    clock = new Date(saved.getTime() + LOCKOUT_MS + 1000);
    try {
      expect(
        (await login({ payload: { username: user.username, password: TEST_PASSWORD } })).statusCode,
      ).toBe(200);
    } finally {
      clock = saved;
    }
    const row = await ctx.db
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('locks unknown user names the same way, so lockout does not reveal who exists', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await login({ payload: { username: 'ghost.user', password: `bad${i}` } });
      codes.push(r.json().error.code);
    }
    expect(codes.slice(3)).toEqual(['invalid_credentials', 'account_locked', 'account_locked']);
  });

  it('ends sessions after the idle limit and after the absolute limit', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    const saved = clock;
    try {
      const s = await signIn(app, user.username);
      clock = new Date(saved.getTime() + 59 * 60_000);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode,
      ).toBe(200);
      clock = new Date(clock.getTime() + 61 * 60_000);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode,
      ).toBe(401);

      clock = saved;
      const t = await signIn(app, user.username);
      for (let h = 1; h <= 12; h++) {
        clock = new Date(saved.getTime() + h * 50 * 60_000);
        const r = await app.inject({ method: 'GET', url: '/api/auth/me', headers: t.headers });
        expect(r.statusCode).toBe(h * 50 < 12 * 60 ? 200 : 401);
      }
    } finally {
      clock = saved;
    }
  });

  it('logs out one session, and logout-all ends every session of the user', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    const a = await signIn(app, user.username);
    const b = await signIn(app, user.username);
    const c = await signIn(app, user.username);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: a.headers });
    expect(out.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: a.headers })).statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: b.headers })).statusCode,
    ).toBe(200);
    const all = await app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      headers: b.headers,
    });
    expect(all.json()).toEqual({ ok: true, sessionsEnded: 2 });
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: c.headers })).statusCode,
    ).toBe(401);
  });

  it('records sign-ins and failures in the user audit stream', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    await login({ payload: { username: user.username, password: 'bad' } });
    await signIn(app, user.username);
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['seq', 'action', 'actor_id'])
      .where('stream', '=', `user:${user.id}`)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { seq: 1, action: 'auth.login_failed', actor_id: null },
      { seq: 2, action: 'auth.login', actor_id: user.id },
    ]);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request carried by the cookie without the token, and accepts it with the token', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'leader', unitId });
    const s = await signIn(app, user.username);
    const without = await app.inject({
      method: 'POST',
      url: '/t/leader',
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_invalid');
    const wrong = await app.inject({
      method: 'POST',
      url: '/t/leader',
      headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrfToken.slice(0, -1)}x` },
    });
    expect(wrong.json().error.code).toBe('csrf_invalid');
    expect(
      (await app.inject({ method: 'POST', url: '/t/leader', headers: s.headers })).statusCode,
    ).toBe(200);
  });

  it('refuses a cross-site sign-in but accepts a same-origin one', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'leader', unitId });
    const cross = await login({
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.code).toBe('csrf_invalid');
    const same = await login({
      headers: {
        host: 'localhost:3200',
        origin: 'http://localhost:3200',
        'sec-fetch-site': 'same-origin',
      },
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(same.statusCode).toBe(200);
  });
});

describe('guards and tenants', () => {
  it('denies by default: anonymous 401, citizen 403 on staff routes, missing role 403', async () => {
    expect((await app.inject({ method: 'GET', url: '/t/staff' })).statusCode).toBe(401);
    const citizen = await signInCitizen(app, '0912345678');
    const r = await app.inject({ method: 'GET', url: '/t/staff', headers: citizen.headers });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('forbidden');
    const specialist = await createUser(ctx.db, { tenantId, role: 'specialist', unitId });
    const s = await signIn(app, specialist.username);
    expect(
      (await app.inject({ method: 'GET', url: '/t/staff', headers: s.headers })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/t/leader', headers: s.headers })).statusCode,
    ).toBe(403);
  });

  it('resolves the tenant from the actor, else the header, else the lowest id; unknown code is not_found', async () => {
    expect((await app.inject({ method: 'GET', url: '/t/tenant' })).json()).toEqual({
      tenantId,
      actor: null,
    });
    expect(
      (
        await app.inject({ method: 'GET', url: '/t/tenant', headers: { 'x-motcua-tenant': 'T2' } })
      ).json(),
    ).toEqual({ tenantId: otherTenantId, actor: null });
    const unknown = await app.inject({
      method: 'GET',
      url: '/t/tenant',
      headers: { 'x-motcua-tenant': 'NOPE' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const user = await createUser(ctx.db, { tenantId, role: 'leader', unitId });
    const s = await signIn(app, user.username);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/t/tenant',
          headers: { ...s.headers, 'x-motcua-tenant': 'T2' },
        })
      ).json(),
    ).toEqual({ tenantId, actor: user.id });
  });

  it('signs in users of another tenant only with that tenant named', async () => {
    const other = await createUser(ctx.db, {
      tenantId: otherTenantId,
      role: 'leader',
      unitId: null,
      username: 'same.name',
    });
    await createUser(ctx.db, { tenantId, role: 'leader', unitId, username: 'same.name' });
    const s = await signIn(app, 'same.name', TEST_PASSWORD, { tenant: 'T2' });
    expect(s.user.id).toBe(other.id);
  });
});

describe('rate limit', () => {
  it('allows 20 sign-in attempts a minute from one address, then answers rate_limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '203.0.113.9',
        payload: { username: `rl${i}`, password: 'x' },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
