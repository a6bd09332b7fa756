import { formatInstant } from '../../domain/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { decryptField, maskPhone } from '../../platform/crypto/index.js';
import type { Role } from '../../platform/db/schema.js';

/** A user for the administration screens: phone masked, citizen ID never shown. */
export function presentUser(
  ctx: AppContext,
  user: {
    id: number;
    kind: 'staff' | 'citizen' | 'system';
    username: string | null;
    full_name: string;
    email: string | null;
    phone_enc: string | null;
    disabled_at: Date | null;
    locked_until: Date | null;
    created_at: Date;
  },
  grants: Array<{
    id: number;
    role: Role;
    unit_id: number | null;
    unit_code: string | null;
    unit_name: string | null;
    unit_name_en: string | null;
  }>,
) {
  let phone: string | null = null;
  if (user.phone_enc) {
    try {
      phone = maskPhone(decryptField(ctx.config.secretKey, user.phone_enc, 'phone'));
    } catch {
      phone = '***';
    }
  }
  return {
    id: user.id,
    kind: user.kind,
    username: user.username,
    name: user.full_name,
    email: user.email,
    phone,
    disabled: user.disabled_at !== null,
    // Shown while a lockout after failed sign-ins lasts (platform/auth LOCKOUT_MS).
    lockedUntil:
      user.locked_until !== null && user.locked_until.getTime() > ctx.now().getTime()
        ? vnTime(user.locked_until)
        : null,
    createdAt: vnTime(user.created_at),
    roles: grants.map((g) => ({
      id: g.id,
      role: g.role,
      unitId: g.unit_id,
      unitCode: g.unit_code,
      unitName: g.unit_name,
      unitNameEn: g.unit_name_en,
    })),
  };
}

/** An instant as ISO 8601 in Vietnam's time (+07:00), as every API answer presents times. */
export function vnTime(value: Date | string): string;
export function vnTime(value: Date | string | null): string | null;
export function vnTime(value: Date | string | null): string | null {
  return value === null ? null : formatInstant('Asia/Ho_Chi_Minh', new Date(value).getTime());
}
