import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/index.js';
import { type Actor, hasRoleOverUnit, scopeUnits } from '../../platform/auth/actor.js';
import { hashPassword } from '../../platform/auth/password.js';
import { createApiToken, endAllSessions } from '../../platform/auth/session.js';
import type { AppContext } from '../../platform/context.js';
import { protectField } from '../../platform/crypto/index.js';
import { type DB, ROLES, type Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { presentUser } from './users.presenter.js';
import { findUnit, findUser, grantsOfUsers, listUsersInScope } from './users.repository.js';

/** Roles an administrator grants to staff; `citizen` comes only from one-time-code sign-in. */
export const STAFF_ROLES = ROLES.filter((r): r is Exclude<Role, 'citizen'> => r !== 'citizen');
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,49}$/;
const CITIZEN_ID = /^\d{12}$/;

/**
 * Password rule: 8 to 200 characters with a letter and a digit (NIST SP 800-63B sets length as
 * the rule that matters; the letter and digit keep "12345678" and "password" out).
 */
export function checkPassword(password: string): void {
  if (
    password.length < 8 ||
    password.length > 200 ||
    !/\p{L}/u.test(password) ||
    !/\d/.test(password)
  ) {
    throw new AppError('validation_failed', {
      message: 'password must be 8–200 characters with at least one letter and one digit',
      details: { field: 'password' },
    });
  }
}

/** A random password for a new account, printed once: 16 characters, letters and digits. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return /\d/.test(out) ? out : `${out.slice(0, 15)}7`;
}

/**
 * Deny by default: an administrator acts on a unit only inside the subtree of one of their
 * administrator grants; a tenant-wide grant (null unit) needs a tenant-wide administrator. A
 * null actor is the operator at the command line, who may do anything in the tenant.
 */
async function assertAdminOver(
  db: Kysely<DB>,
  actor: Actor | null,
  unitId: number | null,
): Promise<void> {
  if (actor === null) return;
  const ok =
    unitId === null
      ? scopeUnits(actor, ['administrator']) === null &&
        actor.grants.some((g) => g.role === 'administrator')
      : await hasRoleOverUnit(db, actor, ['administrator'], unitId);
  if (!ok) throw new AppError('forbidden', { details: { unitId } });
}

export interface CreateStaffUserInput {
  tenantId: number;
  /** The administrator doing it; null at the command line. */
  actor: Actor | null;
  username: string;
  name: string;
  role: Exclude<Role, 'citizen'>;
  /** The unit the role covers (with its subtree); null = the whole tenant. */
  unitId: number | null;
  kind?: 'staff' | 'system';
  /** Omitted: a random password is generated and returned once. */
  password?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  idNumber?: string | null | undefined;
  requestId?: string | null;
}

/**
 * Creates a staff (or system) account with one role grant, in one transaction with its audit
 * row (`user.created`). Phone and citizen ID are stored encrypted with a look-up hash.
 * Throws `validation_failed` (user name, password, ID number format), `not_found` (unit),
 * `already_exists` (user name taken in the tenant) and `forbidden` (unit outside the
 * administrator's subtree).
 */
export async function createStaffUser(
  ctx: AppContext,
  input: CreateStaffUserInput,
): Promise<{ id: number; username: string; generatedPassword: string | null }> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new AppError('validation_failed', {
      message: 'user name: 3–50 of a-z 0-9 . _ -, starting with a letter or digit',
      details: { field: 'username' },
    });
  }
  const name = input.name.trim();
  if (name.length < 2 || name.length > 200)
    throw new AppError('validation_failed', {
      message: 'name: 2–200 characters',
      details: { field: 'name' },
    });
  if (!STAFF_ROLES.includes(input.role))
    throw new AppError('validation_failed', {
      message: `unknown role ${input.role}`,
      details: { field: 'role' },
    });
  if (input.idNumber && !CITIZEN_ID.test(input.idNumber)) {
    throw new AppError('validation_failed', {
      message: 'citizen ID number: 12 digits',
      details: { field: 'idNumber' },
    });
  }
  const phone = input.phone ? input.phone.replace(/[\s.-]/g, '').replace(/^\+84/, '0') : null;
  if (phone && !/^0\d{9}$/.test(phone))
    throw new AppError('validation_failed', {
      message: 'phone: 0xxxxxxxxx or +84xxxxxxxxx',
      details: { field: 'phone' },
    });
  const generatedPassword = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? (generatedPassword as string);
  checkPassword(password);
  if (input.unitId !== null && !(await findUnit(ctx.db, input.tenantId, { id: input.unitId })))
    throw new AppError('not_found', { message: `no unit ${input.unitId}` });
  await assertAdminOver(ctx.db, input.actor, input.unitId);
  const passwordHash = await hashPassword(password);
  const phoneField = protectField(ctx.config.secretKey, 'phone', phone);
  const idField = protectField(ctx.config.secretKey, 'id_number', input.idNumber ?? null);
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await findUser(trx, input.tenantId, { username }))
      throw new AppError('already_exists', {
        message: `user name ${username} is taken`,
        details: { field: 'username' },
      });
    const user = await trx
      .insertInto('users')
      .values({
        tenant_id: input.tenantId,
        kind: input.kind ?? 'staff',
        username,
        full_name: name,
        email: input.email?.trim().toLowerCase() || null,
        phone_enc: phoneField.enc,
        phone_hash: phoneField.hash,
        id_number_enc: idField.enc,
        id_number_hash: idField.hash,
        password_hash: passwordHash,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_grants')
      .values({
        tenant_id: input.tenantId,
        user_id: user.id,
        role: input.role,
        unit_id: input.unitId,
      })
      .execute();
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      unitId: input.unitId,
      action: 'user.created',
      entity: 'user',
      entityId: user.id,
      after: {
        username,
        name,
        kind: input.kind ?? 'staff',
        roles: [{ role: input.role, unitId: input.unitId }],
        hasPhone: phone !== null,
        hasIdNumber: Boolean(input.idNumber),
        via: input.actor ? 'api' : 'cli',
      },
      requestId: input.requestId ?? null,
      at: now,
    });
    return user.id;
  });
  return { id, username, generatedPassword };
}

/**
 * Grants a role over a unit (and its subtree). Throws `not_found` (user or unit),
 * `already_exists` (same grant), `forbidden` (unit outside the administrator's subtree).
 */
export async function grantRole(
  ctx: AppContext,
  input: {
    tenantId: number;
    actor: Actor | null;
    userId: number;
    role: Exclude<Role, 'citizen'>;
    unitId: number | null;
    requestId?: string | null;
  },
): Promise<{ grantId: number }> {
  const user = await findUser(ctx.db, input.tenantId, { id: input.userId });
  if (!user || user.kind === 'citizen') throw new AppError('not_found');
  if (input.unitId !== null && !(await findUnit(ctx.db, input.tenantId, { id: input.unitId })))
    throw new AppError('not_found', { message: `no unit ${input.unitId}` });
  await assertAdminOver(ctx.db, input.actor, input.unitId);
  return ctx.db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('role_grants')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('role', '=', input.role)
      .where((eb) =>
        input.unitId === null ? eb('unit_id', 'is', null) : eb('unit_id', '=', input.unitId),
      )
      .executeTakeFirst();
    if (same)
      throw new AppError('already_exists', {
        message: 'the user already holds this role over this unit',
      });
    const grant = await trx
      .insertInto('role_grants')
      .values({
        tenant_id: input.tenantId,
        user_id: input.userId,
        role: input.role,
        unit_id: input.unitId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      unitId: input.unitId,
      action: 'user.role_granted',
      entity: 'user',
      entityId: input.userId,
      after: { grantId: grant.id, role: input.role, unitId: input.unitId },
      requestId: input.requestId ?? null,
      at: ctx.now(),
    });
    return { grantId: grant.id };
  });
}

/** Revokes one grant. Throws `not_found` and `forbidden` as grantRole; an administrator cannot remove their own last administrator grant (`rule_violation`). */
export async function revokeRole(
  ctx: AppContext,
  input: {
    tenantId: number;
    actor: Actor | null;
    userId: number;
    grantId: number;
    requestId?: string | null;
  },
): Promise<void> {
  const grant = await ctx.db
    .selectFrom('role_grants')
    .select(['id', 'role', 'unit_id'])
    .where('tenant_id', '=', input.tenantId)
    .where('user_id', '=', input.userId)
    .where('id', '=', input.grantId)
    .executeTakeFirst();
  if (!grant) throw new AppError('not_found');
  await assertAdminOver(ctx.db, input.actor, grant.unit_id);
  if (
    input.actor?.userId === input.userId &&
    grant.role === 'administrator' &&
    input.actor.grants.filter((g) => g.role === 'administrator').length <= 1
  ) {
    throw new AppError('rule_violation', {
      message: 'you cannot remove your own last administrator grant',
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('role_grants').where('id', '=', grant.id).execute();
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      unitId: grant.unit_id,
      action: 'user.role_revoked',
      entity: 'user',
      entityId: input.userId,
      before: { grantId: grant.id, role: grant.role, unitId: grant.unit_id },
      requestId: input.requestId ?? null,
      at: ctx.now(),
    });
  });
}

/**
 * An account's state (disabled, locked) is changed only by an administrator covering every unit
 * the account holds a role on; an account without a role needs a tenant-wide administrator.
 */
async function assertAdminOverUser(
  db: Kysely<DB>,
  tenantId: number,
  actor: Actor | null,
  userId: number,
): Promise<void> {
  const grants = await grantsOfUsers(db, tenantId, [userId]);
  if (grants.length === 0) await assertAdminOver(db, actor, null);
  for (const g of grants) await assertAdminOver(db, actor, g.unit_id);
}

/**
 * Disables an account: no more sign-in, every session ended and every API token revoked. The
 * administrator must cover every unit the user holds a role over. Throws `not_found`,
 * `forbidden`, `rule_violation` (disabling yourself).
 */
export async function disableUser(
  ctx: AppContext,
  input: { tenantId: number; actor: Actor | null; userId: number; requestId?: string | null },
): Promise<void> {
  const user = await findUser(ctx.db, input.tenantId, { id: input.userId });
  if (!user) throw new AppError('not_found');
  if (input.actor?.userId === input.userId)
    throw new AppError('rule_violation', { message: 'you cannot disable your own account' });
  await assertAdminOverUser(ctx.db, input.tenantId, input.actor, input.userId);
  if (user.disabled_at) return;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ disabled_at: now })
      .where('id', '=', input.userId)
      .execute();
    const sessions = await endAllSessions(trx, input.tenantId, input.userId);
    const tokens = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', input.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      action: 'user.disabled',
      entity: 'user',
      entityId: input.userId,
      before: { disabledAt: null },
      after: {
        disabledAt: now.toISOString(),
        sessionsEnded: sessions,
        tokensRevoked: Number(tokens.numUpdatedRows),
      },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
}

/** The id of the account with this user name (any case); `not_found` when there is none. */
export async function userIdByUsername(
  ctx: AppContext,
  tenantId: number,
  username: string,
): Promise<number> {
  const user = await findUser(ctx.db, tenantId, { username });
  if (!user) throw new AppError('not_found', { message: `unknown user ${username}` });
  return user.id;
}

/**
 * Lets an account sign in again: a disabled one is enabled, a lockout after failed attempts is
 * lifted (its failure count starts over). Sessions and API tokens ended by the disabling stay
 * ended. Same scope rule as disabling; a no-op on an account that is neither.
 */
export async function enableUser(
  ctx: AppContext,
  input: { tenantId: number; actor: Actor | null; userId: number; requestId?: string | null },
): Promise<void> {
  const user = await findUser(ctx.db, input.tenantId, { id: input.userId });
  if (!user) throw new AppError('not_found');
  await assertAdminOverUser(ctx.db, input.tenantId, input.actor, input.userId);
  const now = ctx.now();
  const locked = user.locked_until !== null && user.locked_until.getTime() > now.getTime();
  if (user.disabled_at === null && !locked) return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ disabled_at: null, locked_until: null, failed_logins: 0 })
      .where('id', '=', input.userId)
      .execute();
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      action: 'user.enabled',
      entity: 'user',
      entityId: input.userId,
      before: {
        disabledAt: user.disabled_at?.toISOString() ?? null,
        lockedUntil: locked ? user.locked_until?.toISOString() : null,
      },
      after: { disabledAt: null, lockedUntil: null },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
}

/**
 * Users an administrator may see: holders of grants inside their subtrees (all staff for a
 * tenant-wide administrator; the operator at the command line, `actor: null`, sees the tenant).
 */
export async function listUsers(
  ctx: AppContext,
  input: {
    tenantId: number;
    actor: Actor | null;
    q?: string | undefined;
    kind?: 'staff' | 'citizen' | 'system' | undefined;
    status?: 'active' | 'locked' | 'disabled' | undefined;
    role?: Role | undefined;
    unitId?: number | undefined;
    page?: number;
    pageSize?: number;
  },
) {
  const page = Math.max(1, input.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, input.pageSize ?? 50));
  const scope = input.actor ? scopeUnits(input.actor, ['administrator']) : null;
  const { rows, total } = await listUsersInScope(ctx.db, {
    tenantId: input.tenantId,
    scope,
    ...(input.q ? { q: input.q } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
    now: ctx.now(),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const grants = await grantsOfUsers(
    ctx.db,
    input.tenantId,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((row) =>
      presentUser(
        ctx,
        row,
        grants.filter((g) => g.user_id === row.id),
      ),
    ),
    total,
    page,
    pageSize,
  };
}

/** One user as an administrator sees it; `not_found` outside the administrator's scope. */
export async function getUser(
  ctx: AppContext,
  input: { tenantId: number; actor: Actor | null; userId: number },
) {
  const user = await findUser(ctx.db, input.tenantId, { id: input.userId });
  if (!user) throw new AppError('not_found');
  const grants = await grantsOfUsers(ctx.db, input.tenantId, [user.id]);
  if (input.actor) {
    const visible =
      grants.length === 0
        ? scopeUnits(input.actor, ['administrator']) === null
        : await anyCovered(
            ctx.db,
            input.actor,
            grants.map((g) => g.unit_id),
          );
    if (!visible) throw new AppError('not_found');
  }
  return presentUser(ctx, user, grants);
}

async function anyCovered(
  db: Kysely<DB>,
  actor: Actor,
  unitIds: Array<number | null>,
): Promise<boolean> {
  for (const unitId of unitIds) {
    if (
      unitId === null
        ? scopeUnits(actor, ['administrator']) === null
        : await hasRoleOverUnit(db, actor, ['administrator'], unitId)
    )
      return true;
  }
  return false;
}

/**
 * Issues an API token for a user (normally a `system` user of an integration). The secret is
 * returned once; only its SHA-256 is stored. Throws `not_found` for an unknown or disabled user.
 */
export async function issueApiToken(
  ctx: AppContext,
  input: { tenantId: number; username: string; name: string; actor?: Actor | null },
): Promise<{ id: number; token: string; userId: number }> {
  const user = await findUser(ctx.db, input.tenantId, { username: input.username });
  if (!user || user.disabled_at)
    throw new AppError('not_found', { message: `no active user ${input.username}` });
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200)
    throw new AppError('validation_failed', {
      message: 'token name: 1–200 characters',
      details: { field: 'name' },
    });
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const created = await createApiToken(trx, {
      tenantId: input.tenantId,
      userId: user.id,
      name,
      now,
    });
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      action: 'api_token.issued',
      entity: 'user',
      entityId: user.id,
      after: { tokenId: created.id, name },
      at: now,
    });
    return { ...created, userId: user.id };
  });
}

/** Revokes an API token at once (the next request with it gets 401). Throws `not_found`. */
export async function revokeApiToken(
  ctx: AppContext,
  input: { tenantId: number; tokenId: number; actor?: Actor | null },
): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const token = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('tenant_id', '=', input.tenantId)
      .where('id', '=', input.tokenId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'user_id', 'name'])
      .executeTakeFirst();
    if (!token)
      throw new AppError('not_found', { message: `no active API token ${input.tokenId}` });
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actorId: input.actor?.userId ?? null,
      action: 'api_token.revoked',
      entity: 'user',
      entityId: token.user_id,
      before: { tokenId: token.id, name: token.name },
      at: now,
    });
  });
}

/** API tokens of the tenant (never the secrets). */
export async function listApiTokens(ctx: AppContext, input: { tenantId: number }) {
  return ctx.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'users.username',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
    ])
    .where('api_tokens.tenant_id', '=', input.tenantId)
    .orderBy('api_tokens.id')
    .execute();
}
