import type { Kysely } from 'kysely';
import { type Actor, holdsRoleTenantWide } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/** Who may edit or import a tenant's calendar (issue 3: the reform office keeps the calendar). */
export const CALENDAR_EDIT_ROLES = ['administrator', 'reform_office'] as const;
/** Who may confirm a provisional year (issue 3: "until an administrator confirms it"). */
export const CALENDAR_CONFIRM_ROLES = ['administrator'] as const;

/**
 * The calendar is one per tenant, so the role must cover the whole tenant: a tenant-wide grant
 * or a grant on one of its root units. A commune's administrator cannot change the province's
 * holidays. Deny by default.
 *
 * @throws AppError `unauthenticated` (anonymous) or `forbidden`.
 */
export async function assertCalendarRole(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
  roles: readonly string[],
): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  if (await holdsRoleTenantWide(db, actor, tenantId, roles)) return;
  throw new AppError('forbidden', { details: { requiredRoles: roles } });
}
