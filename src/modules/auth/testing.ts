import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../platform/auth/password.js';
import { APP_CONTEXT } from '../../platform/auth/plugin.js';
import { SESSION_COOKIE } from '../../platform/auth/session.js';
import type { AppContext } from '../../platform/context.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { parseDestination } from './otp.service.js';

/**
 * Helpers for route tests (other modules use these): make a user with one role over a unit,
 * sign in through the real endpoints and get the headers a browser would send.
 */

/** The password every createUser user gets unless one is given. */
export const TEST_PASSWORD = 'Test@2025-pass';

/** Test runs skip the rate limits (the app honours this header only when NODE_ENV=test). */
const NO_LIMIT = { 'x-test-no-limit': '1' };

let cachedHash: Promise<string> | undefined;
let counter = 0;

export interface CreatedUser {
  id: number;
  username: string;
  password: string;
}

/**
 * Inserts a user with one role grant (over `unitId`; null = the whole tenant). Staff by
 * default; `kind: 'system'` for integrations; citizens get no password.
 */
export async function createUser(
  db: Kysely<DB>,
  options: {
    tenantId: number;
    role: Role;
    unitId: number | null;
    username?: string;
    kind?: 'staff' | 'citizen' | 'system';
    password?: string;
    name?: string;
  },
): Promise<CreatedUser> {
  counter += 1;
  const username = options.username ?? `${options.role}.${process.pid}.${counter}`;
  const password = options.password ?? TEST_PASSWORD;
  const kind = options.kind ?? (options.role === 'citizen' ? 'citizen' : 'staff');
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash =
    kind === 'citizen'
      ? null
      : password === TEST_PASSWORD
        ? await cachedHash
        : await hashPassword(password);
  const user = await db
    .insertInto('users')
    .values({
      tenant_id: options.tenantId,
      kind,
      username,
      full_name: options.name ?? `Người dùng ${username}`,
      password_hash: passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role_grants')
    .values({
      tenant_id: options.tenantId,
      user_id: user.id,
      role: options.role,
      unit_id: options.unitId,
    })
    .execute();
  return { id: user.id, username, password };
}

export interface TestSession {
  /** `motcua_session=<token>`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  /** Spread into `app.inject({ headers })` for any request, state-changing or not. */
  headers: { cookie: string; 'x-csrf-token': string };
  user: {
    id: number;
    name: string;
    kind: string;
    roles: Array<{ role: Role; unitId: number | null; unitName: string | null }>;
  };
}

/**
 * Signs in through `POST /api/auth/login`. The app must include the auth module (it does by
 * default; with `buildApp({ modules })` list `authModule` too). Throws with the server's answer
 * when sign-in fails.
 */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string = TEST_PASSWORD,
  options: { tenant?: string } = {},
): Promise<TestSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { ...NO_LIMIT, ...(options.tenant ? { 'x-motcua-tenant': options.tenant } : {}) },
    payload: { username, password },
  });
  return toSession(response, 'signIn');
}

/**
 * Signs a citizen in by one-time code, the way a browser does: requests the code, reads it from
 * the outbox message queued for the destination (as the development outbox page shows it) and
 * verifies it.
 */
export async function signInCitizen(
  app: FastifyInstance,
  destination: string,
  options: { tenant?: string } = {},
): Promise<TestSession> {
  const headers = { ...NO_LIMIT, ...(options.tenant ? { 'x-motcua-tenant': options.tenant } : {}) };
  const requested = await app.inject({
    method: 'POST',
    url: '/api/auth/otp/request',
    headers,
    payload: { destination },
  });
  if (requested.statusCode !== 200)
    throw new Error(`signInCitizen: code request failed ${requested.statusCode} ${requested.body}`);
  const code = await latestOtpCode(app, destination);
  const verified = await app.inject({
    method: 'POST',
    url: '/api/auth/otp/verify',
    headers,
    payload: { destination, code },
  });
  return toSession(verified, 'signInCitizen');
}

/** The code in the newest one-time-code message queued for a destination. */
export async function latestOtpCode(app: FastifyInstance, destination: string): Promise<string> {
  const ctx = (app as unknown as Record<symbol, AppContext | undefined>)[APP_CONTEXT];
  if (!ctx) throw new Error('latestOtpCode: app was not built by buildApp');
  const to = parseDestination(destination).value;
  const rows = await ctx.db
    .selectFrom('outbox')
    .select(['payload'])
    .where('topic', 'in', ['sms', 'email'])
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  for (const row of rows) {
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
      kind?: string;
      to?: string;
      text?: string;
    };
    if (payload.kind === 'otp' && payload.to === to) {
      const match = /\b(\d{6})\b/.exec(payload.text ?? '');
      if (match?.[1]) return match[1];
    }
  }
  throw new Error(`latestOtpCode: no code queued for ${destination}`);
}

function toSession(
  response: { statusCode: number; body: string; cookies: Array<{ name: string; value: string }> },
  what: string,
): TestSession {
  if (response.statusCode !== 200)
    throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`${what}: no session cookie in the answer`);
  const body = JSON.parse(response.body) as { user: TestSession['user']; csrfToken: string };
  const cookieHeader = `${SESSION_COOKIE}=${cookie.value}`;
  return {
    cookie: cookieHeader,
    csrfToken: body.csrfToken,
    headers: { cookie: cookieHeader, 'x-csrf-token': body.csrfToken },
    user: body.user,
  };
}
