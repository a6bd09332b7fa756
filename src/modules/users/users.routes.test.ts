import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import { decryptField, lookupHash } from '../../platform/crypto/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { enqueue } from '../../platform/outbox/index.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, signInCitizen, type TestSession } from '../auth/testing.js';
import { insertUnit } from '../org/org.repository.js';
import { usersModule } from './index.js';
import { issueApiToken, revokeApiToken } from './users.service.js';

let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let tenantId: number;
let province: number;
let dept: number;
let commune: number;
let provinceAdmin: TestSession;
let deptAdmin: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(database, loadConfig({}, { NODE_ENV: 'test' }));
  tenantId = (
    await ctx.db
      .insertInto('tenants')
      .values({ code: 'T1', name: 'Tỉnh', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  province = await insertUnit(ctx.db, {
    tenantId,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: 'P',
    name: 'UBND tỉnh',
  });
  dept = await insertUnit(ctx.db, {
    tenantId,
    parentId: province,
    kind: 'department',
    level: 'province',
    code: 'D',
    name: 'Sở Tư pháp',
    nameEn: 'Department of Justice',
  });
  commune = await insertUnit(ctx.db, {
    tenantId,
    parentId: province,
    kind: 'commune',
    level: 'commune',
    code: 'C',
    name: 'Xã Một',
  });
  app = await buildApp({ ctx, logger: false, modules: [authModule, usersModule] });
  app.get('/t/whoami', async (request) => ({
    actor: request.actor && {
      userId: request.actor.userId,
      via: request.actor.via,
      roles: request.actor.grants,
    },
  }));
  app.post('/t/write', async (request) => ({ ok: true, via: request.actor?.via ?? null }));
  const pa = await createUser(ctx.db, {
    tenantId,
    role: 'administrator',
    unitId: null,
    username: 'padmin',
  });
  const da = await createUser(ctx.db, {
    tenantId,
    role: 'administrator',
    unitId: dept,
    username: 'dadmin',
  });
  provinceAdmin = await signIn(app, pa.username);
  deptAdmin = await signIn(app, da.username);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('administration of users', () => {
  it('creates a staff user with an encrypted phone and ID number, a generated password shown once, and an audit row', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: deptAdmin.headers,
      payload: {
        username: 'Chuyen.Vien1',
        name: 'Trần Văn Một',
        role: 'specialist',
        unitId: dept,
        phone: '0912345678',
        idNumber: '001203004567',
      },
    });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.user).toMatchObject({
      username: 'chuyen.vien1',
      name: 'Trần Văn Một',
      kind: 'staff',
      phone: '091****678',
      roles: [{ role: 'specialist', unitId: dept, unitCode: 'D' }],
    });
    expect(body.user.createdAt).toMatch(/\+07:00$/);
    expect(body.generatedPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const row = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', body.user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/0912345678|001203004567/);
    expect(decryptField(ctx.config.secretKey, row.id_number_enc!, 'id_number')).toBe(
      '001203004567',
    );
    expect(row.id_number_hash).toBe(lookupHash(ctx.config.secretKey, 'id_number', '001203004567'));
    const signed = await signIn(app, 'chuyen.vien1', body.generatedPassword);
    expect(signed.user.roles).toEqual([
      { role: 'specialist', unitId: dept, unitName: 'Sở Tư pháp' },
    ]);
    // The account's grants name the unit in both languages, for the English screens.
    const listed = await app.inject({
      method: 'GET',
      url: `/api/admin/users/${body.user.id}`,
      headers: provinceAdmin.headers,
    });
    expect(listed.json().roles).toEqual([
      expect.objectContaining({ unitName: 'Sở Tư pháp', unitNameEn: 'Department of Justice' }),
    ]);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('stream', '=', `user:${body.user.id}`)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'user.created', unit_id: dept });
    expect(JSON.stringify(audit.data)).not.toMatch(/0912345678|001203004567/);
  });

  it('refuses a unit outside the administrator subtree, a taken user name and a weak password', async () => {
    const outside = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: deptAdmin.headers,
      payload: { username: 'xa.1', name: 'Người xã', role: 'counter_officer', unitId: commune },
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('forbidden');
    const tenantWide = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: deptAdmin.headers,
      payload: { username: 'xa.2', name: 'Người xã', role: 'administrator', unitId: null },
    });
    expect(tenantWide.statusCode).toBe(403);
    const taken = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: provinceAdmin.headers,
      payload: {
        username: 'PADMIN',
        name: 'Trùng',
        role: 'leader',
        unitId: dept,
        password: 'abc12345xyz',
      },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('already_exists');
    const weak = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: provinceAdmin.headers,
      payload: {
        username: 'weak.one',
        name: 'Yếu',
        role: 'leader',
        unitId: dept,
        password: 'password',
      },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details).toMatchObject({ field: 'password' });
    expect(
      await ctx.db.selectFrom('users').select('id').where('username', '=', 'weak.one').execute(),
    ).toHaveLength(0);
  });

  it('denies by default: anonymous, citizens and non-administrators cannot reach administration', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401);
    const citizen = await signInCitizen(app, '0977000111');
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin/users', headers: citizen.headers }))
        .statusCode,
    ).toBe(403);
    const leader = await createUser(ctx.db, { tenantId, role: 'leader', unitId: province });
    const s = await signIn(app, leader.username);
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin/users', headers: s.headers })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin/outbox', headers: s.headers }))
        .statusCode,
    ).toBe(403);
  });

  it('lists only users with roles inside the administrator subtree', async () => {
    await createUser(ctx.db, {
      tenantId,
      role: 'counter_officer',
      unitId: commune,
      username: 'xa.officer',
    });
    const dept = await app.inject({
      method: 'GET',
      url: '/api/admin/users?pageSize=200',
      headers: deptAdmin.headers,
    });
    const deptNames = dept.json().items.map((u: { username: string }) => u.username);
    expect(deptNames).toContain('chuyen.vien1');
    expect(deptNames).not.toContain('xa.officer');
    const all = await app.inject({
      method: 'GET',
      url: '/api/admin/users?pageSize=200',
      headers: provinceAdmin.headers,
    });
    expect(all.json().items.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['chuyen.vien1', 'xa.officer', 'padmin']),
    );
    const search = await app.inject({
      method: 'GET',
      url: '/api/admin/users?q=xa.off',
      headers: provinceAdmin.headers,
    });
    expect(search.json()).toMatchObject({ total: 1, items: [{ username: 'xa.officer' }] });
    const hidden = await app.inject({
      method: 'GET',
      url: `/api/admin/users/${all.json().items.find((u: { username: string }) => u.username === 'xa.officer').id}`,
      headers: deptAdmin.headers,
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('filters the list by role and by status (active, locked, disabled)', async () => {
    const list = async (query: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/admin/users?pageSize=200&${query}`,
          headers: provinceAdmin.headers,
        })
      ).json();
    const locked = await createUser(ctx.db, {
      tenantId,
      role: 'leader',
      unitId: commune,
      username: 'bi.khoa.tam',
    });
    const off = await createUser(ctx.db, {
      tenantId,
      role: 'leader',
      unitId: commune,
      username: 'da.nghi',
    });
    await ctx.db
      .updateTable('users')
      .set({ locked_until: new Date(ctx.now().getTime() + 60_000) })
      .where('id', '=', locked.id)
      .execute();
    await ctx.db
      .updateTable('users')
      .set({ disabled_at: ctx.now() })
      .where('id', '=', off.id)
      .execute();
    const names = (page: { items: Array<{ username: string }> }) =>
      page.items.map((u) => u.username);
    const leaders = names(await list('role=leader'));
    expect(leaders).toEqual(expect.arrayContaining(['bi.khoa.tam', 'da.nghi']));
    expect(leaders).not.toContain('xa.officer');
    expect(names(await list('role=leader&status=locked'))).toEqual(['bi.khoa.tam']);
    expect(names(await list('role=leader&status=disabled'))).toEqual(['da.nghi']);
    const active = names(await list('status=active'));
    expect(active).toContain('xa.officer');
    expect(active).not.toContain('bi.khoa.tam');
    expect(active).not.toContain('da.nghi');
    const bad = await app.inject({
      method: 'GET',
      url: '/api/admin/users?status=sleeping',
      headers: provinceAdmin.headers,
    });
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('filters the list by unit: holders of a role over the unit or a unit under it', async () => {
    const list = async (query: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/admin/users?pageSize=200&${query}`,
          headers: provinceAdmin.headers,
        })
      ).json();
    const names = (page: { items: Array<{ username: string }> }) =>
      page.items.map((u) => u.username);
    const atCommune = names(await list(`unitId=${commune}`));
    expect(atCommune).toContain('xa.officer');
    expect(atCommune).not.toContain('chuyen.vien1');
    const underProvince = names(await list(`unitId=${province}`));
    expect(underProvince).toEqual(expect.arrayContaining(['xa.officer', 'chuyen.vien1']));
    // The filter narrows the administrator's scope, never widens it.
    const deptOnly = (
      await app.inject({
        method: 'GET',
        url: `/api/admin/users?pageSize=200&unitId=${commune}`,
        headers: deptAdmin.headers,
      })
    ).json();
    expect(deptOnly.total).toBe(0);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/admin/users?unitId=abc',
      headers: provinceAdmin.headers,
    });
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('grants and revokes roles scoped to a unit; the new role takes effect on the next request', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId: dept });
    const session = await signIn(app, user.username);
    const granted = await app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/roles`,
      headers: deptAdmin.headers,
      payload: { role: 'leader', unitId: dept },
    });
    expect(granted.statusCode).toBe(200);
    const grant = granted.json().roles.find((g: { role: string }) => g.role === 'leader');
    expect(grant).toMatchObject({ unitId: dept });
    const who = await app.inject({ method: 'GET', url: '/t/whoami', headers: session.headers });
    expect(who.json().actor.roles).toContainEqual({ role: 'leader', unitId: dept });
    const again = await app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/roles`,
      headers: deptAdmin.headers,
      payload: { role: 'leader', unitId: dept },
    });
    expect(again.statusCode).toBe(409);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/admin/users/${user.id}/roles/${grant.id}`,
      headers: deptAdmin.headers,
    });
    expect(revoked.json().roles.map((g: { role: string }) => g.role)).toEqual(['specialist']);
    const actions = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('stream', '=', `user:${user.id}`)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'auth.login',
      'user.role_granted',
      'user.role_revoked',
    ]);
  });

  it('disables an account: sessions end at once and sign-in answers like a wrong password', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId: dept });
    const session = await signIn(app, user.username);
    const r = await app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/disable`,
      headers: deptAdmin.headers,
    });
    expect(r.json()).toMatchObject({ disabled: true });
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers }))
        .statusCode,
    ).toBe(401);
    await expect(signIn(app, user.username)).rejects.toThrow(/invalid_credentials/);
    const self = await app.inject({
      method: 'POST',
      url: `/api/admin/users/${deptAdmin.user.id}/disable`,
      headers: deptAdmin.headers,
    });
    expect(self.json().error.code).toBe('rule_violation');
  });

  it('shows a sign-in lockout and lets an administrator lift it, or enable a disabled account', async () => {
    const user = await createUser(ctx.db, { tenantId, role: 'specialist', unitId: dept });
    const login = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-test-no-limit': '1' },
        payload: { username: user.username, password },
      });
    for (let i = 0; i < 5; i++) await login(`wrong-${i}`);
    const seen = await app.inject({
      method: 'GET',
      url: `/api/admin/users/${user.id}`,
      headers: deptAdmin.headers,
    });
    expect(seen.json().lockedUntil).toMatch(/\+07:00$/);
    const enable = () =>
      app.inject({
        method: 'POST',
        url: `/api/admin/users/${user.id}/enable`,
        headers: deptAdmin.headers,
      });
    expect((await enable()).json()).toMatchObject({ disabled: false, lockedUntil: null });
    expect((await signIn(app, user.username)).headers).toBeDefined();
    await app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/disable`,
      headers: deptAdmin.headers,
    });
    expect((await enable()).json()).toMatchObject({ disabled: false });
    expect((await signIn(app, user.username)).headers).toBeDefined();
    const actions = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('stream', '=', `user:${user.id}`)
      .where('action', 'in', ['user.enabled', 'user.disabled'])
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.enabled', 'user.disabled', 'user.enabled']);
  });
});

describe('API tokens', () => {
  it('authenticates a system user by bearer token with its grants, without CSRF, until revoked', async () => {
    const system = await createUser(ctx.db, {
      tenantId,
      role: 'reform_office',
      unitId: province,
      kind: 'system',
      username: 'portal.sync',
    });
    const issued = await issueApiToken(ctx, {
      tenantId,
      username: 'portal.sync',
      name: 'Cổng DVC quốc gia',
    });
    expect(issued.token).toMatch(/^mct_/);
    const stored = await ctx.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(issued.token);
    const auth = { authorization: `Bearer ${issued.token}` };
    expect((await app.inject({ method: 'GET', url: '/t/whoami', headers: auth })).json()).toEqual({
      actor: {
        userId: system.id,
        via: 'token',
        roles: [{ role: 'reform_office', unitId: province }],
      },
    });
    expect((await app.inject({ method: 'POST', url: '/t/write', headers: auth })).json()).toEqual({
      ok: true,
      via: 'token',
    });
    await revokeApiToken(ctx, { tenantId, tokenId: issued.id });
    const after = await app.inject({ method: 'GET', url: '/t/whoami', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/t/whoami',
          headers: { authorization: 'Bearer mct_made-up-token-value-xxxxxxxx' },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('outbox view', () => {
  it('pages the outbox for administrators with status and topic filters, one-time codes readable outside production', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/auth/otp/request',
      headers: { 'x-test-no-limit': '1' },
      payload: { destination: '0966123456' },
    });
    await enqueue(ctx.db, { tenantId, topic: 'portal_sync', payload: { dossier: 1 } });
    const sms = await app.inject({
      method: 'GET',
      url: '/api/admin/outbox?topic=sms&status=pending',
      headers: provinceAdmin.headers,
    });
    expect(sms.statusCode).toBe(200);
    const item = sms
      .json()
      .items.find((m: { payload: { to?: string } }) => m.payload.to === '0966123456');
    expect(item.payload.text).toMatch(/\d{6}/);
    expect(item.createdAt).toMatch(/\+07:00$/);
    const page = await app.inject({
      method: 'GET',
      url: '/api/admin/outbox?pageSize=1&page=1',
      headers: provinceAdmin.headers,
    });
    expect(page.json()).toMatchObject({ page: 1, pageSize: 1, items: [{ topic: 'portal_sync' }] });
    expect(page.json().total).toBeGreaterThanOrEqual(2);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/admin/outbox?status=lost',
      headers: provinceAdmin.headers,
    });
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('shows one message, and the topics with their messages by status', async () => {
    const { id } = await enqueue(ctx.db, {
      tenantId,
      topic: 'email',
      payload: { to: 'a@example.vn', subject: 'Thư thử', text: 'Nội dung' },
    });
    const one = await app.inject({
      method: 'GET',
      url: `/api/admin/outbox/${id}`,
      headers: provinceAdmin.headers,
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id,
      topic: 'email',
      status: 'pending',
      payload: { to: 'a@example.vn', subject: 'Thư thử' },
    });
    const missing = await app.inject({
      method: 'GET',
      url: '/api/admin/outbox/999999999',
      headers: provinceAdmin.headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const topics = await app.inject({
      method: 'GET',
      url: '/api/admin/outbox/topics',
      headers: provinceAdmin.headers,
    });
    const byTopic = Object.fromEntries(
      topics.json().topics.map((t: { topic: string; counts: unknown }) => [t.topic, t.counts]),
    );
    const pendingEmail = await ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('topic', '=', 'email')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(byTopic.email).toMatchObject({ pending: Number(pendingEmail.n), dead: 0 });
    expect(byTopic.portal_sync.pending).toBeGreaterThanOrEqual(1);
  });
});
