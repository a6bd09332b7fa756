import type { Kysely } from 'kysely';
import { loadGrants } from '../../platform/auth/session.js';
import type { DB, Role } from '../../platform/db/schema.js';

export interface SessionUser {
  id: number;
  name: string;
  kind: 'staff' | 'citizen' | 'system';
  roles: Array<{ role: Role; unitId: number | null; unitName: string | null }>;
}

/** The signed-in user as the web app sees it: name, kind and role grants with unit names. */
export async function presentSessionUser(
  db: Kysely<DB>,
  user: { id: number; tenantId: number; name: string; kind: SessionUser['kind'] },
): Promise<SessionUser> {
  const grants = await loadGrants(db, user.tenantId, user.id);
  return {
    id: user.id,
    name: user.name,
    kind: user.kind,
    roles: grants.map((g) => ({ role: g.role, unitId: g.unitId, unitName: g.unitName })),
  };
}
