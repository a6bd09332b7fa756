import { randomInt, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../platform/audit/index.js';
import { createSession } from '../../platform/auth/session.js';
import type { AppContext } from '../../platform/context.js';
import { encryptField, lookupHash, maskEmail, maskPhone } from '../../platform/crypto/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/index.js';
import { presentSessionUser } from './auth.presenter.js';
import type { ClientInfo, SignedIn } from './auth.service.js';

/** A code lives five minutes and survives five wrong guesses (1 in 200,000 per code). */
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
/** Codes one destination may receive in a window, so nobody floods a phone with SMS. */
export const OTP_PER_DESTINATION = 5;
export const OTP_WINDOW_MS = 15 * 60_000;

export interface Destination {
  channel: 'sms' | 'email';
  /** Normalised: phone as 0xxxxxxxxx, e-mail in lower case. */
  value: string;
  masked: string;
}

/**
 * Reads a phone number (0xxxxxxxxx or +84xxxxxxxxx, spaces, dots and dashes ignored) or an
 * e-mail address. Throws `validation_failed` with `details.field = 'destination'` otherwise.
 */
export function parseDestination(input: string): Destination {
  const text = input.trim();
  if (text.includes('@')) {
    const email = text.toLowerCase();
    if (
      /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,}$/.test(
        email,
      ) &&
      email.length <= 254
    ) {
      return { channel: 'email', value: email, masked: maskEmail(email) };
    }
  } else {
    const digits = text.replace(/[\s.-]/g, '');
    const national = /^\+84\d{9}$/.test(digits) ? `0${digits.slice(3)}` : digits;
    if (/^0\d{9}$/.test(national))
      return { channel: 'sms', value: national, masked: maskPhone(national) };
  }
  throw new AppError('validation_failed', {
    message: 'destination must be a phone number (0xxxxxxxxx or +84xxxxxxxxx) or an e-mail address',
    details: { field: 'destination' },
  });
}

function destinationHash(ctx: AppContext, destination: Destination): string {
  return lookupHash(
    ctx.config.secretKey,
    destination.channel === 'sms' ? 'phone' : 'email',
    destination.value,
  );
}

function codeHash(ctx: AppContext, destHash: string, code: string): string {
  return lookupHash(ctx.config.secretKey, 'otp', `${destHash}:${code}`);
}

/**
 * Creates a six-digit one-time code for a phone or e-mail address and queues it through the
 * outbox (topic `sms` or `email`) in the same transaction. Earlier unused codes for the same
 * destination stop working. Only an HMAC of the code is stored.
 *
 * Throws `validation_failed` for a malformed destination and `rate_limited` after
 * OTP_PER_DESTINATION codes in OTP_WINDOW_MS for one destination.
 */
export async function requestOtp(
  ctx: AppContext,
  options: { tenantId: number; destination: string; ip?: string | null; requestId?: string | null },
): Promise<{
  channel: Destination['channel'];
  maskedDestination: string;
  expiresAt: Date;
  code: string;
  messageId: number;
}> {
  const destination = parseDestination(options.destination);
  const now = ctx.now();
  const destHash = destinationHash(ctx, destination);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  const messageId = await ctx.db.transaction().execute(async (trx) => {
    // Serialise requests for one destination so the window count cannot be raced.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`otp:${options.tenantId}:${destHash}`}, 0))`.execute(
      trx,
    );
    const recent = await trx
      .selectFrom('otp_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', options.tenantId)
      .where('destination_hash', '=', destHash)
      .where('created_at', '>', new Date(now.getTime() - OTP_WINDOW_MS))
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= OTP_PER_DESTINATION) {
      throw new AppError('rate_limited', {
        message: 'too many codes for this destination',
        details: { retryAfterSeconds: OTP_WINDOW_MS / 1000 },
      });
    }
    await trx
      .updateTable('otp_codes')
      .set({ consumed_at: now })
      .where('tenant_id', '=', options.tenantId)
      .where('destination_hash', '=', destHash)
      .where('consumed_at', 'is', null)
      .execute();
    const row = await trx
      .insertInto('otp_codes')
      .values({
        tenant_id: options.tenantId,
        destination_hash: destHash,
        code_hash: codeHash(ctx, destHash, code),
        expires_at: expiresAt,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const text = `Ma xac thuc Mot Cua: ${code}. Hieu luc 5 phut. Khong chia se ma nay. / Your Mot Cua code: ${code} (valid 5 minutes).`;
    const queued = await enqueue(trx, {
      tenantId: options.tenantId,
      topic: destination.channel,
      dedupeKey: `otp:${row.id}`,
      payload:
        destination.channel === 'sms'
          ? { kind: 'otp', sensitive: true, to: destination.value, text }
          : {
              kind: 'otp',
              sensitive: true,
              to: destination.value,
              subject: 'Mã xác thực đăng nhập Một Cửa / Your sign-in code',
              text: `Mã xác thực của bạn là ${code}, có hiệu lực trong 5 phút. Không chia sẻ mã này với ai.\n\nYour sign-in code is ${code}, valid for 5 minutes. Do not share it.`,
            },
    });
    return queued.id;
  });
  return {
    channel: destination.channel,
    maskedDestination: destination.masked,
    expiresAt,
    code,
    messageId,
  };
}

type VerifyOutcome =
  | { ok: false }
  | { ok: true; userId: number; name: string; session: Awaited<ReturnType<typeof createSession>> };

/**
 * Signs a citizen in with a one-time code: the newest unused, unexpired code of the
 * destination, at most OTP_MAX_ATTEMPTS guesses. Creates the citizen account (role `citizen`,
 * phone encrypted) on first use. Throws `otp_invalid` for a wrong, used or expired code.
 */
export async function verifyOtp(
  ctx: AppContext,
  options: { tenantId: number; destination: string; code: string; client?: ClientInfo },
): Promise<SignedIn> {
  const destination = parseDestination(options.destination);
  const now = ctx.now();
  const client = options.client ?? {};
  const destHash = destinationHash(ctx, destination);
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<VerifyOutcome> => {
    const otp = await trx
      .selectFrom('otp_codes')
      .select(['id', 'code_hash', 'attempts', 'expires_at'])
      .where('tenant_id', '=', options.tenantId)
      .where('destination_hash', '=', destHash)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (
      !otp ||
      new Date(otp.expires_at).getTime() <= now.getTime() ||
      otp.attempts >= OTP_MAX_ATTEMPTS
    )
      return { ok: false };
    const expected = Buffer.from(otp.code_hash);
    const given = Buffer.from(codeHash(ctx, destHash, options.code));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      const attempts = otp.attempts + 1;
      await trx
        .updateTable('otp_codes')
        .set({ attempts, ...(attempts >= OTP_MAX_ATTEMPTS ? { consumed_at: now } : {}) })
        .where('id', '=', otp.id)
        .execute();
      return { ok: false };
    }
    await trx.updateTable('otp_codes').set({ consumed_at: now }).where('id', '=', otp.id).execute();
    const user = await findOrCreateCitizen(trx, ctx, {
      tenantId: options.tenantId,
      destination,
      destHash,
      now,
      requestId: client.requestId ?? null,
    });
    const session = await createSession(trx, {
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
      after: { method: 'otp', channel: destination.channel, ip: client.ip ?? null },
      requestId: client.requestId ?? null,
      at: now,
    });
    return { ok: true, userId: user.id, name: user.name, session };
  });
  if (!outcome.ok) throw new AppError('otp_invalid');
  const user = await presentSessionUser(ctx.db, {
    id: outcome.userId,
    tenantId: options.tenantId,
    name: outcome.name,
    kind: 'citizen',
  });
  return { ...outcome.session, user };
}

async function findOrCreateCitizen(
  trx: Kysely<DB>,
  ctx: AppContext,
  options: {
    tenantId: number;
    destination: Destination;
    destHash: string;
    now: Date;
    requestId: string | null;
  },
): Promise<{ id: number; name: string }> {
  const { destination } = options;
  let query = trx
    .selectFrom('users')
    .select(['id', 'full_name', 'disabled_at'])
    .where('tenant_id', '=', options.tenantId)
    .where('kind', '=', 'citizen');
  query =
    destination.channel === 'sms'
      ? query.where('phone_hash', '=', options.destHash)
      : query.where(sql<string>`lower(email)`, '=', destination.value);
  const existing = await query.orderBy('id').limit(1).executeTakeFirst();
  if (existing) {
    if (existing.disabled_at) throw new AppError('otp_invalid');
    return { id: existing.id, name: existing.full_name };
  }
  const created = await trx
    .insertInto('users')
    .values({
      tenant_id: options.tenantId,
      kind: 'citizen',
      full_name: destination.masked,
      email: destination.channel === 'email' ? destination.value : null,
      phone_enc:
        destination.channel === 'sms'
          ? encryptField(ctx.config.secretKey, destination.value, 'phone')
          : null,
      phone_hash: destination.channel === 'sms' ? options.destHash : null,
      created_at: options.now,
    })
    .returning(['id', 'full_name'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('role_grants')
    .values({ tenant_id: options.tenantId, user_id: created.id, role: 'citizen', unit_id: null })
    .execute();
  await recordAudit(trx, {
    tenantId: options.tenantId,
    actorId: created.id,
    action: 'user.created',
    entity: 'user',
    entityId: created.id,
    after: {
      kind: 'citizen',
      channel: destination.channel,
      destination: destination.masked,
      roles: [{ role: 'citizen', unitId: null }],
    },
    requestId: options.requestId,
    at: options.now,
  });
  return { id: created.id, name: created.full_name };
}
