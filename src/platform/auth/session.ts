import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB, Role } from '../db/schema.js';
import type { Actor } from './actor.js';

/** The cookie that carries the session token (never the stored key: only its SHA-256 is kept). */
export const SESSION_COOKIE = 'motcua_session';
/** Prefix of API tokens, so a leaked token is recognisable by secret scanners. */
export const API_TOKEN_PREFIX = 'mct_';

/**
 * Session lifetimes. Idle: a counter workstation left alone signs out after an hour. Absolute:
 * a working day plus overtime; nobody stays signed in overnight on a shared machine.
 */
export function sessionLimits(env = process.env): { idleMs: number; absoluteMs: number } {
  const idleMinutes = Number(env.MOTCUA_SESSION_IDLE_MINUTES ?? 60);
  const maxHours = Number(env.MOTCUA_SESSION_MAX_HOURS ?? 12);
  return {
    idleMs: (Number.isFinite(idleMinutes) && idleMinutes > 0 ? idleMinutes : 60) * 60_000,
    absoluteMs: (Number.isFinite(maxHours) && maxHours > 0 ? maxHours : 12) * 3_600_000,
  };
}

/** last_seen_at is refreshed at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

/** SHA-256 (hex) of a bearer secret; the database stores only this. */
export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface NewSession {
  /** The cookie value: shown once, never stored. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Starts a session for a user. A new random token every time (the session id is its hash), so
 * a token planted before sign-in is worthless afterwards (no fixation); `replacing` ends the
 * session the browser came with.
 */
export async function createSession(
  trx: Kysely<DB>,
  options: {
    tenantId: number;
    userId: number;
    now: Date;
    ip?: string | null;
    userAgent?: string | null;
    replacing?: string | null;
  },
): Promise<NewSession> {
  const token = randomToken();
  const sessionId = hashSecret(token);
  const csrfToken = randomToken();
  const expiresAt = new Date(options.now.getTime() + sessionLimits().absoluteMs);
  if (options.replacing)
    await trx.deleteFrom('sessions').where('id', '=', hashSecret(options.replacing)).execute();
  await trx
    .insertInto('sessions')
    .values({
      id: sessionId,
      tenant_id: options.tenantId,
      user_id: options.userId,
      csrf_token: csrfToken,
      created_at: options.now,
      last_seen_at: options.now,
      expires_at: expiresAt,
      ip: options.ip ?? null,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, sessionId, csrfToken, expiresAt };
}

/** Ends one session (by the cookie token). */
export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(token)).execute();
}

/** Ends every session of a user (logout everywhere, disabling an account); returns how many. */
export async function endAllSessions(
  db: Kysely<DB>,
  tenantId: number,
  userId: number,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The user's role grants, with unit names for presenting them. */
export async function loadGrants(db: Kysely<DB>, tenantId: number, userId: number) {
  return db
    .selectFrom('role_grants')
    .leftJoin('units', 'units.id', 'role_grants.unit_id')
    .select([
      'role_grants.id',
      'role_grants.role',
      'role_grants.unit_id as unitId',
      'units.name as unitName',
      'units.code as unitCode',
    ])
    .where('role_grants.tenant_id', '=', tenantId)
    .where('role_grants.user_id', '=', userId)
    .orderBy('role_grants.id')
    .execute();
}

/**
 * The actor behind a session cookie, or null when the session is unknown, idle too long, past
 * its absolute expiry, or its user is disabled. Refreshes last_seen_at (at most once a minute).
 */
export async function actorFromSession(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<Actor | null> {
  if (token.length < 20 || token.length > 200) return null;
  const sessionId = hashSecret(token);
  const { idleMs } = sessionLimits();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.tenant_id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.kind',
      'users.full_name',
      'users.disabled_at',
      grantsColumn(sql.ref('sessions.tenant_id'), sql.ref('sessions.user_id')),
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (
    row.disabled_at ||
    new Date(row.expires_at).getTime() <= now.getTime() ||
    lastSeen + idleMs <= now.getTime()
  ) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', sessionId)
      .execute();
  }
  return {
    userId: row.user_id,
    tenantId: row.tenant_id,
    kind: row.kind,
    name: row.full_name,
    grants: parseGrants(row.grants),
    via: 'session',
    sessionId,
    csrfToken: row.csrf_token,
  };
}

/** The actor behind an API token (`Authorization: Bearer mct_…`), or null when unknown or revoked. */
export async function actorFromApiToken(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.tenant_id',
      'api_tokens.user_id',
      'api_tokens.last_used_at',
      'users.kind',
      'users.full_name',
      grantsColumn(sql.ref('api_tokens.tenant_id'), sql.ref('api_tokens.user_id')),
    ])
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= TOUCH_EVERY_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    userId: row.user_id,
    tenantId: row.tenant_id,
    kind: row.kind,
    name: row.full_name,
    grants: parseGrants(row.grants),
    via: 'token',
  };
}

/**
 * True while a remembered API-token actor (`Actor.unverified`) is still what a look-up would
 * give: the token unrevoked, its user enabled and of the same kind, the same grants in the same
 * order. A write that includes it in its condition needs no look-up of its own (issue 7: one
 * round trip per dossier transition).
 */
export function rememberedActorHolds(actor: Actor): RawBuilder<boolean> {
  if (!actor.unverified) return sql<boolean>`true`;
  const grants = JSON.stringify(actor.grants.map((g) => [g.role, g.unitId]));
  return sql<boolean>`exists (select 1 from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${actor.unverified.tokenHash} and t.revoked_at is null and u.disabled_at is null
      and t.user_id = ${actor.userId} and t.tenant_id = ${actor.tenantId} and u.kind = ${actor.kind}
      and (select coalesce(jsonb_agg(jsonb_build_array(g.role, g.unit_id) order by g.id), '[]'::jsonb)
        from role_grants g where g.tenant_id = t.tenant_id and g.user_id = t.user_id) = ${grants}::jsonb)`;
}

/**
 * The user's grants as one JSON column of the session or token look-up, so resolving the actor
 * of a request is one round trip (it runs on every authenticated request).
 */
function grantsColumn(tenantId: RawBuilder<unknown>, userId: RawBuilder<unknown>) {
  return sql<unknown>`(select coalesce(json_agg(json_build_array(g.role, g.unit_id) order by g.id), '[]')
    from role_grants g where g.tenant_id = ${tenantId} and g.user_id = ${userId})`.as('grants');
}

function parseGrants(value: unknown): Array<{ role: Role; unitId: number | null }> {
  const list = (typeof value === 'string' ? JSON.parse(value) : value) as Array<
    [Role, number | string | null]
  >;
  return list.map(([role, unitId]) => ({ role, unitId: unitId === null ? null : Number(unitId) }));
}

/** Issues an API token for a (system) user; the secret is returned once and only its hash kept. */
export async function createApiToken(
  trx: Kysely<DB>,
  options: { tenantId: number; userId: number; name: string; now: Date },
): Promise<{ id: number; token: string }> {
  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  const row = await trx
    .insertInto('api_tokens')
    .values({
      tenant_id: options.tenantId,
      user_id: options.userId,
      name: options.name,
      token_hash: hashSecret(token),
      created_at: options.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}
