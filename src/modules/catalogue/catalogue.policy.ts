import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/** Who keeps the catalogue (DOMAIN §2: the reform office; administrators too). */
export const CATALOGUE_EDIT_ROLES: Role[] = ['reform_office', 'administrator'];

/**
 * The catalogue is one per tenant, so an editor's role must cover the whole tenant: a
 * tenant-wide grant or a grant on one of its root units (a commune's administrator cannot
 * change the province's procedures). Deny by default.
 *
 * @throws AppError `unauthenticated` (anonymous) or `forbidden`.
 */
export async function assertCatalogueEditor(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  const grants =
    actor.tenantId === tenantId
      ? actor.grants.filter((g) => CATALOGUE_EDIT_ROLES.includes(g.role))
      : [];
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
  throw new AppError('forbidden', { details: { requiredRoles: CATALOGUE_EDIT_ROLES } });
}
