import type { Kysely } from 'kysely';
import type { FeedbackAction } from '../../domain/feedback/index.js';
import { type Actor, hasRoleOverUnit, scopeUnits } from '../../platform/auth/actor.js';
import { hasPermissionOverUnit, permissionUnits } from '../../platform/auth/permissions.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/**
 * Who may do what with feedback (deny by default). Staff read and take in feedback for the units
 * their roles cover (a grant over a unit covers its subtree); the administrator role, which runs
 * the system, does not read citizens' feedback.
 */
export const FEEDBACK_READ_ROLES: readonly Role[] = [
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
];

/** Roles that may perform each transition, over the unit holding the item. */
export const FEEDBACK_ACTION_ROLES: Record<FeedbackAction, readonly Role[]> = {
  start: ['specialist', 'leader', 'reform_office'],
  request_info: ['specialist', 'leader', 'reform_office'],
  supply_info: ['counter_officer', 'specialist', 'leader', 'reform_office'],
  transfer: ['specialist', 'leader', 'reform_office'],
  reject: ['specialist', 'leader', 'reform_office'],
  answer: ['specialist', 'leader', 'reform_office'],
  // Publishing speaks for the agency: its leader or the reform office.
  publish: ['leader', 'reform_office'],
};

/** Who grants `feedback.reporter.read`: an administrator over the unit (or the tenant). */
export const REPORTER_GRANT_ROLES: readonly Role[] = ['administrator'];

/**
 * The unit ids whose subtrees the actor may read feedback in; null = the whole tenant. Throws
 * `forbidden` for an actor without a reading role anywhere.
 */
export function readScope(actor: Actor): number[] | null {
  const scope = scopeUnits(actor, FEEDBACK_READ_ROLES);
  if (scope !== null && scope.length === 0) throw new AppError('forbidden');
  return scope;
}

/**
 * An item the actor may not read answers `not_found`, like an unknown one, so nobody can probe
 * which items exist in other units.
 */
export async function assertCanRead(db: Kysely<DB>, actor: Actor, unitId: number): Promise<void> {
  if (!(await hasRoleOverUnit(db, actor, FEEDBACK_READ_ROLES, unitId)))
    throw new AppError('not_found');
}

export async function assertCanAct(
  db: Kysely<DB>,
  actor: Actor,
  action: FeedbackAction,
  unitId: number,
): Promise<void> {
  const roles = FEEDBACK_ACTION_ROLES[action];
  if (!(await hasRoleOverUnit(db, actor, roles, unitId)))
    throw new AppError('forbidden', { details: { requiredRoles: roles } });
}

/**
 * Whether the actor may see a denunciation reporter's identity for an item held by `unitId`:
 * only with the dedicated `feedback.reporter.read` permission over that unit, never by role.
 */
export function canReadReporter(db: Kysely<DB>, actor: Actor, unitId: number): Promise<boolean> {
  return hasPermissionOverUnit(db, actor, 'feedback.reporter.read', unitId);
}

/** The unit ids covered by the actor's `feedback.reporter.read` grants (null = whole tenant). */
export async function reporterUnits(
  db: Kysely<DB>,
  actor: Actor,
): Promise<ReadonlySet<number> | null> {
  const units = await permissionUnits(db, actor, 'feedback.reporter.read');
  if (units === null) return null;
  if (units.length === 0) return new Set();
  const rows = await db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', units)
    .execute();
  return new Set(rows.map((r) => r.descendant_id));
}
