import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB, Role } from '../db/schema.js';
import { AppError } from '../errors.js';

/** Who is making a request, resolved once per request by the authentication plugin. */
export interface Actor {
  userId: number;
  tenantId: number;
  kind: 'staff' | 'citizen' | 'system';
  name: string;
  /** Role grants; a grant over a unit covers its whole subtree, a null unit the whole tenant. */
  grants: Array<{ role: Role; unitId: number | null }>;
  via: 'session' | 'token';
  /** SHA-256 of the session token (sessions.id), for session-authenticated requests. */
  sessionId?: string;
  /** The session's CSRF token, which state-changing requests must echo in `x-csrf-token`. */
  csrfToken?: string;
  /**
   * Set when the actor of an API token was taken from this process's memory instead of being
   * looked up for this request — only on routes declared `config.actorCheckedByWrite`, whose
   * write checks `rememberedActorHolds` in the same statement. Whatever cannot make that check
   * must call `resolve` first: the actor as the database has it now, or null (revoked token,
   * disabled user), which answers `unauthenticated`.
   */
  unverified?: { tokenHash: string; resolve(): Promise<Actor | null> };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user or system, null for anonymous requests. */
    actor: Actor | null;
  }
}

export function hasRole(actor: Actor | null, roles: readonly Role[]): boolean {
  return actor !== null && actor.grants.some((g) => roles.includes(g.role));
}

/**
 * Deny by default: the actor needs one of `roles` granted over `unitId` or an ancestor of it.
 * Throws `forbidden` otherwise (`unauthenticated` for anonymous callers).
 */
export async function assertRoleOverUnit(
  db: Kysely<DB>,
  actor: Actor | null,
  roles: readonly Role[],
  unitId: number,
): Promise<void> {
  if (!(await hasRoleOverUnit(db, actor, roles, unitId))) {
    throw new AppError(actor ? 'forbidden' : 'unauthenticated');
  }
}

export async function hasRoleOverUnit(
  db: Kysely<DB>,
  actor: Actor | null,
  roles: readonly Role[],
  unitId: number,
): Promise<boolean> {
  if (!actor) return false;
  const grants = actor.grants.filter((g) => roles.includes(g.role));
  if (grants.length === 0) return false;
  if (grants.some((g) => g.unitId === null)) return true;
  const ancestors = grants.map((g) => g.unitId as number);
  const row = await sql<{ ok: number }>`
    select 1 as ok from unit_closure
    where descendant_id = ${unitId} and ancestor_id in (${sql.join(ancestors)}) limit 1`.execute(
    db,
  );
  return row.rows.length > 0;
}

/**
 * Whether the actor holds one of `roles` over the whole tenant: a tenant-wide grant, or a grant
 * on one of the tenant's root units (the province itself). For what exists once per tenant — its
 * calendar, its annual index cycle — where a grant on a department or a commune is not enough.
 */
export async function holdsRoleTenantWide(
  db: Kysely<DB>,
  actor: Actor,
  tenantId: number,
  roles: readonly string[],
): Promise<boolean> {
  if (actor.tenantId !== tenantId) return false;
  const grants = actor.grants.filter((g) => roles.includes(g.role));
  if (grants.some((g) => g.unitId === null)) return true;
  const unitIds = grants.map((g) => g.unitId as number);
  if (unitIds.length === 0) return false;
  const root = await db
    .selectFrom('units')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('parent_id', 'is', null)
    .where('id', 'in', unitIds)
    .executeTakeFirst();
  return root !== undefined;
}

/** The unit ids under which the actor holds any of `roles` (null = the whole tenant). */
export function scopeUnits(actor: Actor, roles: readonly Role[]): number[] | null {
  const grants = actor.grants.filter((g) => roles.includes(g.role));
  if (grants.some((g) => g.unitId === null)) return null;
  return grants.map((g) => g.unitId as number);
}
