import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
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
  const grants =
    actor.tenantId === tenantId ? actor.grants.filter((g) => roles.includes(g.role)) : [];
  if (grants.some((g) => g.unitId === null)) return;
  const unitIds = grants.map((g) => g.unitId).filter((id): id is number => id !== null);
  if (unitIds.length > 0) {
    const root = await db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('parent_id', 'is', null)
      .where('id', 'in', unitIds)
      .executeTakeFirst();
    if (root) return;
  }
  throw new AppError('forbidden', { details: { requiredRoles: roles } });
}
