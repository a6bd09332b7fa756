import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from './actor.js';

/**
 * Permissions granted to named people apart from their roles, over a unit subtree (table
 * `permission_grants`, migration 0070). No role carries them by default: roles say what a post
 * does, these say what one trusted person may additionally see.
 */
export const PERMISSIONS = {
  /**
   * Read the identity of a denunciation's reporter (Law on Denunciation 2018, art. 47–48:
   * the reporter's identity is protected). Granted by an administrator to the officials who
   * settle denunciations (inspectorate) over their units.
   */
  'feedback.reporter.read': { grantedBy: ['administrator'] as const },
} as const;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

/**
 * The unit ids under which the actor holds `permission` (a grant covers the unit's subtree),
 * null when a grant covers the whole tenant, [] when none. Citizens never hold permissions.
 */
export async function permissionUnits(
  db: Kysely<DB>,
  actor: Actor | null,
  permission: Permission,
): Promise<number[] | null> {
  if (!actor || actor.kind === 'citizen') return [];
  const rows = await db
    .selectFrom('permission_grants')
    .select('unit_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .where('permission', '=', permission)
    .execute();
  if (rows.some((r) => r.unit_id === null)) return null;
  return rows.map((r) => r.unit_id as number);
}

/** Whether the actor holds `permission` over `unitId` (granted over it or an ancestor). */
export async function hasPermissionOverUnit(
  db: Kysely<DB>,
  actor: Actor | null,
  permission: Permission,
  unitId: number,
): Promise<boolean> {
  const units = await permissionUnits(db, actor, permission);
  if (units === null) return true;
  if (units.length === 0) return false;
  const row = await sql<{ ok: number }>`
    select 1 as ok from unit_closure
    where descendant_id = ${unitId} and ancestor_id in (${sql.join(units)}) limit 1`.execute(db);
  return row.rows.length > 0;
}
