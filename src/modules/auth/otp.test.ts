import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import { decryptField, lookupHash } from '../../platform/crypto/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { OTP_TTL_MS } from './otp.service.js';
import { latestOtpCode, signInCitizen } from './testing.js';

let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let clock = new Date('2025-03-03T02:00:00Z');
const NO_LIMIT = { 'x-test-no-limit': '1' };

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(database, loadConfig({}, { NODE_ENV: 'test' }), () => clock);
  await ctx.db
    .insertInto('tenants')
    .values({ code: 'T1', name: 'Tỉnh Một', settings: '{}' })
    .execute();
  app = await buildApp({ ctx, logger: false });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const request = (destination: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/otp/request',
    headers: NO_LIMIT,
    payload: { destination },
  });
const verify = (destination: string, code: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/otp/verify',
    headers: NO_LIMIT,
    payload: { destination, code },
  });

describe('one-time codes', () => {
  it('refuses a destination that is neither a phone number nor an e-mail address', async () => {
    for (const bad of ['12345', '091234567', '+8491234567', 'a@b', 'not an email@x.vn']) {
      const r = await request(bad);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.code).toBe('validation_failed');
    }
  });

  it('queues an SMS through the outbox, stores only a hash of the code and answers with a masked number', async () => {
    const r = await request('0912 345 678');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      channel: 'sms',
      destination: '091****678',
      expiresAt: '2025-03-03T09:05:00+07:00',
    });
    const message = await ctx.db
      .selectFrom('outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(message.topic).toBe('sms');
    expect(message.payload).toMatchObject({ kind: 'otp', to: '0912345678' });
    const code = await latestOtpCode(app, '0912345678');
    const stored = await ctx.db
      .selectFrom('otp_codes')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain('0912345678');
  });

  it('signs in on first use, creating the citizen with the phone encrypted, and finds the same citizen next time', async () => {
    const first = await signInCitizen(app, '0987654321');
    expect(first.user).toMatchObject({
      kind: 'citizen',
      name: '098****321',
      roles: [{ role: 'citizen', unitId: null, unitName: null }],
    });
    const user = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', first.user.id)
      .executeTakeFirstOrThrow();
    expect(user.phone_enc).not.toContain('0987654321');
    expect(decryptField(ctx.config.secretKey, user.phone_enc!, 'phone')).toBe('0987654321');
    expect(user.phone_hash).toBe(lookupHash(ctx.config.secretKey, 'phone', '0987654321'));
    const again = await signInCitizen(app, '+84987654321');
    expect(again.user.id).toBe(first.user.id);
    expect(again.cookie).not.toBe(first.cookie);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: again.headers });
    expect(me.json().user.id).toBe(first.user.id);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('stream', '=', `user:${first.user.id}`)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'auth.login', 'auth.login']);
  });

  it('sends e-mail codes through the email topic', async () => {
    const r = await request('Cong.Dan@Example.VN');
    expect(r.json()).toMatchObject({ channel: 'email', destination: 'c***@example.vn' });
    const message = await ctx.db
      .selectFrom('outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(message.topic).toBe('email');
    expect(message.payload).toMatchObject({
      to: 'cong.dan@example.vn',
      subject: expect.any(String),
    });
    const s = await verify('cong.dan@example.vn', await latestOtpCode(app, 'cong.dan@example.vn'));
    expect(s.statusCode).toBe(200);
  });

  it('accepts a code once only', async () => {
    await request('0911111111');
    const code = await latestOtpCode(app, '0911111111');
    expect((await verify('0911111111', code)).statusCode).toBe(200);
    const reused = await verify('0911111111', code);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('otp_invalid');
  });

  it('burns the code after five wrong guesses, even if the sixth is right', async () => {
    await request('0922222222');
    const code = await latestOtpCode(app, '0922222222');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await verify('0922222222', wrong)).json().error.code).toBe('otp_invalid');
    expect((await verify('0922222222', code)).statusCode).toBe(401);
  });

  it('refuses an expired code', async () => {
    await request('0933333333');
    const code = await latestOtpCode(app, '0933333333');
    const saved = clock;
    clock = new Date(saved.getTime() + OTP_TTL_MS + 1);
    try {
      expect((await verify('0933333333', code)).json().error.code).toBe('otp_invalid');
    } finally {
      clock = saved;
    }
  });

  it('makes an earlier code useless once a new one is sent', async () => {
    await request('0944444444');
    const old = await latestOtpCode(app, '0944444444');
    await request('0944444444');
    const fresh = await latestOtpCode(app, '0944444444');
    if (old !== fresh) expect((await verify('0944444444', old)).statusCode).toBe(401);
    expect((await verify('0944444444', fresh)).statusCode).toBe(200);
  });

  it('limits codes per destination to five in fifteen minutes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await request('0955555555')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const saved = clock;
    clock = new Date(saved.getTime() + 16 * 60_000);
    try {
      expect((await request('0955555555')).statusCode).toBe(200);
    } finally {
      clock = saved;
    }
  });

  it('limits code requests per address to ten a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/otp/request',
        remoteAddress: '198.51.100.7',
        payload: { destination: `09660000${String(i).padStart(2, '0')}` },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.filter((s) => s === 429)).toEqual([429]);
    expect(statuses[10]).toBe(429);
  });
});
