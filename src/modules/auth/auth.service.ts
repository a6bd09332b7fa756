import { recordAudit } from '../../platform/audit/index.js';
import { hashPassword, verifyPassword } from '../../platform/auth/password.js';
import {
  createSession,
  endAllSessions,
  endSession,
  type NewSession,
} from '../../platform/auth/session.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { presentSessionUser, type SessionUser } from './auth.presenter.js';
import { clearFailedLogins, findUserByUsername, recordFailedLogin } from './auth.repository.js';

/** Consecutive failures before the account is locked, and for how long (OWASP ASVS 2.2.1). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** The session token the browser came with, ended on sign-in (no fixation). */
  previousToken?: string | null;
}

export interface SignedIn extends NewSession {
  user: SessionUser;
}

let dummyHash: Promise<string> | undefined;
/** A real scrypt hash to check against when the user does not exist, so timing tells nothing. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  return dummyHash;
}

/**
 * Failures for user names that do not exist, counted like real accounts (in memory, bounded),
 * so "locked after five failures" cannot be used to tell which accounts exist.
 */
class PhantomLockout {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();

  isLocked(key: string, now: number): boolean {
    return (this.entries.get(key)?.lockedUntil ?? 0) > now;
  }

  fail(key: string, now: number): boolean {
    if (this.entries.size > 10_000) this.entries.clear();
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    let locked = false;
    if (entry.failures >= LOCKOUT_THRESHOLD) {
      entry.failures = 0;
      entry.lockedUntil = now + LOCKOUT_MS;
      locked = true;
    }
    this.entries.set(key, entry);
    return locked;
  }
}
const phantoms = new PhantomLockout();

/**
 * Staff sign-in with user name and password. Starts a fresh session (ending the one the browser
 * came with) and records `auth.login` in the audit chain of the user.
 *
 * Throws `invalid_credentials` for a wrong password, an unknown or disabled user alike (a dummy
 * hash is checked for unknown users so the answer takes as long), and `account_locked` on the
 * fifth consecutive failure and for 15 minutes after it (OWASP ASVS V2.2.1).
 */
export async function signInWithPassword(
  ctx: AppContext,
  options: { tenantId: number; username: string; password: string; client?: ClientInfo },
): Promise<SignedIn> {
  const now = ctx.now();
  const client = options.client ?? {};
  const user = await findUserByUsername(ctx.db, options.tenantId, options.username);
  const phantomKey = `${options.tenantId}:${options.username.toLowerCase()}`;

  if (!user || !user.password_hash || user.disabled_at || user.kind === 'citizen') {
    await verifyPassword(options.password, await dummyPasswordHash());
    if (phantoms.isLocked(phantomKey, now.getTime())) throw new AppError('account_locked');
    throw new AppError(
      phantoms.fail(phantomKey, now.getTime()) ? 'account_locked' : 'invalid_credentials',
    );
  }
  if (user.locked_until && new Date(user.locked_until).getTime() > now.getTime()) {
    await verifyPassword(options.password, await dummyPasswordHash());
    throw new AppError('account_locked');
  }

  if (!(await verifyPassword(options.password, user.password_hash))) {
    const lockedNow = await ctx.db.transaction().execute(async (trx) => {
      const after = await recordFailedLogin(
        trx,
        user.id,
        LOCKOUT_THRESHOLD,
        new Date(now.getTime() + LOCKOUT_MS),
      );
      const locked =
        after?.locked_until != null && new Date(after.locked_until).getTime() > now.getTime();
      await recordAudit(trx, {
        tenantId: options.tenantId,
        actorId: null,
        action: locked ? 'auth.locked' : 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        before: { failedLogins: user.failed_logins },
        after: {
          failedLogins: after?.failed_logins ?? null,
          lockedUntil: locked ? after?.locked_until : null,
          ip: client.ip ?? null,
        },
        requestId: client.requestId ?? null,
        at: now,
      });
      return locked;
    });
    throw new AppError(lockedNow ? 'account_locked' : 'invalid_credentials');
  }

  const session = await ctx.db.transaction().execute(async (trx) => {
    if (user.failed_logins > 0 || user.locked_until) await clearFailedLogins(trx, user.id);
    const created = await createSession(trx, {
      tenantId: options.tenantId,
      userId: user.id,
      now,
      ip: client.ip ?? null,
      userAgent: client.userAgent ?? null,
      replacing: client.previousToken ?? null,
    });
    await recordAudit(trx, {
      tenantId: options.tenantId,
      actorId: user.id,
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      after: { method: 'password', ip: client.ip ?? null },
      requestId: client.requestId ?? null,
      at: now,
    });
    return created;
  });
  const presented = await presentSessionUser(ctx.db, {
    id: user.id,
    tenantId: options.tenantId,
    name: user.full_name,
    kind: user.kind,
  });
  return { ...session, user: presented };
}

/** Ends the current session (idempotent) and records `auth.logout`. */
export async function signOut(
  ctx: AppContext,
  options: { tenantId: number; userId: number; token: string; requestId?: string | null },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await endSession(trx, options.token);
    await recordAudit(trx, {
      tenantId: options.tenantId,
      actorId: options.userId,
      action: 'auth.logout',
      entity: 'user',
      entityId: options.userId,
      requestId: options.requestId ?? null,
      at: ctx.now(),
    });
  });
}

/** Ends every session of the user on every device ("log out everywhere"); returns how many ended. */
export async function signOutEverywhere(
  ctx: AppContext,
  options: { tenantId: number; userId: number; requestId?: string | null },
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const ended = await endAllSessions(trx, options.tenantId, options.userId);
    await recordAudit(trx, {
      tenantId: options.tenantId,
      actorId: options.userId,
      action: 'auth.logout_all',
      entity: 'user',
      entityId: options.userId,
      after: { sessionsEnded: ended },
      requestId: options.requestId ?? null,
      at: ctx.now(),
    });
    return ended;
  });
}
