import type { Kysely } from 'kysely';
import { type Actor, hasRoleOverUnit, scopeUnits } from '../../platform/auth/actor.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/**
 * Who manages published hotlines and reception schedules (deny by default): the reform office
 * (Văn phòng UBND / Sở Nội vụ, which publishes them for the province), an administrator or a
 * leader, each over the subtrees of the units its grants name — a grant on the province (the
 * root unit) or a tenant-wide one covers every unit. A department's reform officer manages its
 * own department's, not the others' (as in the governance registers).
 */
export const PUBLICINFO_MANAGE_ROLES: readonly Role[] = [
  'reform_office',
  'administrator',
  'leader',
];

/**
 * The unit ids whose subtrees the actor manages; null = the whole tenant. Throws `forbidden`
 * for an actor without a managing role.
 */
export function manageScope(actor: Actor): number[] | null {
  const scope = scopeUnits(actor, PUBLICINFO_MANAGE_ROLES);
  if (scope !== null && scope.length === 0)
    throw new AppError('forbidden', { details: { requiredRoles: PUBLICINFO_MANAGE_ROLES } });
  return scope;
}

/** Throws `publicinfo_unit_out_of_scope` unless the actor manages `unitId`. */
export async function assertManagesUnit(
  db: Kysely<DB>,
  actor: Actor,
  unitId: number,
): Promise<void> {
  if (!(await hasRoleOverUnit(db, actor, PUBLICINFO_MANAGE_ROLES, unitId)))
    throw new AppError('publicinfo_unit_out_of_scope', { details: { unitId } });
}
