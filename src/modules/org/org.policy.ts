import type { Kysely } from 'kysely';
import { type Actor, assertRoleOverUnit } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/** Only administrators shape the organisation (issue 2: role grants scoped to a unit subtree). */
export const UNIT_ADMIN_ROLES = ['administrator'] as const;

/**
 * The actor must be an administrator over `unitId` (a grant on it or an ancestor, or a
 * tenant-wide grant). Deny by default.
 *
 * @throws AppError `unauthenticated` or `forbidden`.
 */
export async function assertUnitAdmin(
  db: Kysely<DB>,
  actor: Actor | null,
  unitId: number,
): Promise<void> {
  await assertRoleOverUnit(db, actor, UNIT_ADMIN_ROLES, unitId);
}

/**
 * A new root (or a unit made a root) sits above every grant but a tenant-wide one or one on an
 * existing root of the same tenant: only those administrators may create it.
 *
 * @throws AppError `unauthenticated` or `forbidden`.
 */
export async function assertUnitAdminForRoot(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  const grants = actor.grants.filter((g) => g.role === 'administrator');
  if (actor.tenantId === tenantId && grants.some((g) => g.unitId === null)) return;
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
  throw new AppError('forbidden', { details: { requiredRoles: UNIT_ADMIN_ROLES } });
}

/** Any administrator of the tenant (for tenant-level reads such as the tenant list). */
export function isAdministrator(actor: Actor | null): boolean {
  return actor?.grants.some((g) => g.role === 'administrator') ?? false;
}
