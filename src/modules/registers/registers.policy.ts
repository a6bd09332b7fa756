import { type Kysely, sql } from 'kysely';
import { type Actor, hasRoleOverUnit, scopeUnits } from '../../platform/auth/actor.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/**
 * Who may do what in the governance registers (deny by default; a grant over a unit covers its
 * subtree). The reform office keeps the registers: it registers inspections and plans, evaluates
 * and decides initiatives, over its scope (the province: the whole tenant). Leaders file
 * initiatives, report plan progress, move tasks and close recommendations for their units;
 * specialists may draft (file) an initiative for their unit. Counter officers and
 * administrators read nothing here.
 */
export const REGISTER_READ_ROLES: readonly Role[] = ['specialist', 'leader', 'reform_office'];
/**
 * Registers inspections and plans, evaluates, decides, records replications; corrects the
 * inspections, recommendations, plans and tasks it registered; withdraws any record entered by
 * mistake.
 */
export const REGISTER_MANAGE_ROLES: readonly Role[] = ['reform_office'];
/** Files (and corrects, until evaluated) an initiative for a unit. */
export const INITIATIVE_FILE_ROLES: readonly Role[] = ['specialist', 'leader', 'reform_office'];
/** Reports progress, moves a task, closes a recommendation for a unit. */
export const FOLLOW_UP_ROLES: readonly Role[] = ['leader', 'reform_office'];

/**
 * The units whose subtrees the actor reads registers in; null = the whole tenant. Throws
 * `forbidden` for an actor with no reading role.
 */
export function registerScope(actor: Actor): number[] | null {
  const scope = scopeUnits(actor, REGISTER_READ_ROLES);
  if (scope !== null && scope.length === 0) throw new AppError('forbidden');
  return scope;
}

/**
 * The units whose withdrawn records the actor may list (`?withdrawn=true`): the reform office's
 * own scope (null = the whole tenant). Anyone else: `forbidden`.
 */
export function withdrawnScope(actor: Actor): number[] | null {
  registerScope(actor);
  const scope = scopeUnits(actor, REGISTER_MANAGE_ROLES);
  if (scope !== null && scope.length === 0)
    throw new AppError('forbidden', { details: { requiredRoles: REGISTER_MANAGE_ROLES } });
  return scope;
}

/** The scope of a list: the reader's, or for withdrawn records the reform office's. */
export function listScope(actor: Actor, withdrawn: boolean | undefined): number[] | null {
  return withdrawn ? withdrawnScope(actor) : registerScope(actor);
}

/** Whether any of `unitIds` lies in the subtree of a grant of `roles`. */
export async function coversAny(
  db: Kysely<DB>,
  actor: Actor,
  roles: readonly Role[],
  unitIds: readonly number[],
): Promise<boolean> {
  const scope = scopeUnits(actor, roles);
  if (scope === null) return true;
  if (scope.length === 0 || unitIds.length === 0) return false;
  const row = await sql<{ ok: number }>`
    select 1 as ok from unit_closure
    where descendant_id in (${sql.join([...unitIds])}) and ancestor_id in (${sql.join(scope)})
    limit 1`.execute(db);
  return row.rows.length > 0;
}

/**
 * An item none of whose units the actor reads answers `register_item_not_found`, like an
 * unknown one, so nobody can probe what other units hold.
 */
export async function assertCanRead(
  db: Kysely<DB>,
  actor: Actor,
  unitIds: readonly number[],
): Promise<void> {
  registerScope(actor);
  if (!(await coversAny(db, actor, REGISTER_READ_ROLES, unitIds)))
    throw new AppError('register_item_not_found');
}

/** `forbidden` unless the actor holds one of `roles` over `unitId` (or an ancestor). */
export async function assertRole(
  db: Kysely<DB>,
  actor: Actor,
  roles: readonly Role[],
  unitId: number,
): Promise<void> {
  if (!(await hasRoleOverUnit(db, actor, roles, unitId)))
    throw new AppError('forbidden', { details: { requiredRoles: roles } });
}
