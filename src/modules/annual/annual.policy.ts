import type { Kysely } from 'kysely';
import {
  type Actor,
  hasRoleOverUnit,
  holdsRoleTenantWide,
  scopeUnits,
} from '../../platform/auth/actor.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/**
 * Who may do what in the annual CCHC index (deny by default). The reform office runs the cycle
 * for the whole tenant: its grant must be tenant-wide or on a root unit, as for the calendar
 * (a commune's reform officer cannot appraise the departments). Units act for themselves: their
 * leaders and specialists draft the self-assessment, only a leader submits it or contests.
 * `actor: null` is the command line, run by the operator on the server: trusted.
 */
export const ANNUAL_MANAGE_ROLES: readonly Role[] = ['reform_office'];
export const ANNUAL_DRAFT_ROLES: readonly Role[] = ['leader', 'specialist'];
export const ANNUAL_SUBMIT_ROLES: readonly Role[] = ['leader'];
/** Who reads a unit's assessment and results before publication. */
export const ANNUAL_UNIT_READ_ROLES: readonly Role[] = ['leader', 'specialist', 'reform_office'];

/** Whether the actor manages the cycle tenant-wide (the command line does). */
export async function managesTenant(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
): Promise<boolean> {
  if (actor === null) return true;
  return holdsRoleTenantWide(db, actor, tenantId, ANNUAL_MANAGE_ROLES);
}

/** @throws AppError `forbidden` unless the actor manages the cycle tenant-wide. */
export async function assertManages(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
): Promise<void> {
  if (!(await managesTenant(db, actor, tenantId)))
    throw new AppError('forbidden', { details: { requiredRoles: ANNUAL_MANAGE_ROLES } });
}

/**
 * @throws AppError `forbidden` unless the actor holds one of `roles` over the unit (a grant over
 * an ancestor covers it), or manages the tenant when `managerToo`.
 */
export async function assertUnitRole(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
  roles: readonly Role[],
  unitId: number,
  managerToo = false,
): Promise<void> {
  if (actor === null) return;
  if (managerToo && (await managesTenant(db, actor, tenantId))) return;
  if (!(await hasRoleOverUnit(db, actor, roles, unitId)))
    throw new AppError('forbidden', { details: { requiredRoles: roles } });
}

/**
 * The units an actor sees in the cycle: all for the reform office (null), else the subtrees of
 * its leader and specialist grants.
 */
export async function visibleUnitIds(
  db: Kysely<DB>,
  actor: Actor | null,
  tenantId: number,
): Promise<ReadonlySet<number> | null> {
  if (await managesTenant(db, actor, tenantId)) return null;
  const roots = scopeUnits(actor as Actor, ANNUAL_UNIT_READ_ROLES);
  if (roots === null) return null;
  if (roots.length === 0) return new Set();
  const rows = await db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('tenant_id', '=', tenantId)
    .where('ancestor_id', 'in', roots)
    .execute();
  return new Set(rows.map((r) => r.descendant_id));
}
