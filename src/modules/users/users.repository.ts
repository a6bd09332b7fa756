import { type Kysely, sql } from 'kysely';
import type { DB, Role } from '../../platform/db/schema.js';

export async function findUnit(
  db: Kysely<DB>,
  tenantId: number,
  unit: { id?: number; code?: string },
) {
  let query = db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId);
  if (unit.id !== undefined) query = query.where('id', '=', unit.id);
  if (unit.code !== undefined) query = query.where('code', '=', unit.code);
  return query.executeTakeFirst();
}

export async function findUser(
  db: Kysely<DB>,
  tenantId: number,
  by: { id?: number; username?: string },
) {
  let query = db
    .selectFrom('users')
    .select([
      'id',
      'tenant_id',
      'kind',
      'username',
      'full_name',
      'email',
      'phone_enc',
      'disabled_at',
      'locked_until',
      'created_at',
    ])
    .where('tenant_id', '=', tenantId);
  if (by.id !== undefined) query = query.where('id', '=', by.id);
  if (by.username !== undefined)
    query = query.where(sql<string>`lower(username)`, '=', by.username.toLowerCase());
  return query.executeTakeFirst();
}

/** Users holding a grant over a unit inside `scope` (subtrees), or every non-citizen user when scope is null. */
export async function listUsersInScope(
  db: Kysely<DB>,
  options: {
    tenantId: number;
    scope: number[] | null;
    q?: string;
    kind?: 'staff' | 'citizen' | 'system';
    /** active: neither disabled nor locked at `now`. */
    status?: 'active' | 'locked' | 'disabled';
    role?: Role;
    /** Holders of a role over this unit or a unit under it. */
    unitId?: number;
    now: Date;
    limit: number;
    offset: number;
  },
) {
  let query = db.selectFrom('users as u').where('u.tenant_id', '=', options.tenantId);
  if (options.kind) query = query.where('u.kind', '=', options.kind);
  else query = query.where('u.kind', '!=', 'citizen');
  if (options.status === 'disabled') query = query.where('u.disabled_at', 'is not', null);
  else if (options.status === 'locked')
    query = query.where('u.disabled_at', 'is', null).where('u.locked_until', '>', options.now);
  else if (options.status === 'active')
    query = query
      .where('u.disabled_at', 'is', null)
      .where((eb) =>
        eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', options.now)]),
      );
  const role = options.role;
  if (role !== undefined)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grants as r')
          .select(sql`1`.as('one'))
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', '=', role),
      ),
    );
  const unitId = options.unitId;
  if (unitId !== undefined)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grants as r')
          .innerJoin('unit_closure as c', 'c.descendant_id', 'r.unit_id')
          .select(sql`1`.as('one'))
          .whereRef('r.user_id', '=', 'u.id')
          .where('c.ancestor_id', '=', unitId),
      ),
    );
  if (options.q) {
    const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb(sql`lower(u.username)`, 'like', like), eb(sql`lower(u.full_name)`, 'like', like)]),
    );
  }
  if (options.scope !== null) {
    const scope = options.scope.length > 0 ? options.scope : [-1];
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grants as g')
          .innerJoin('unit_closure as c', 'c.descendant_id', 'g.unit_id')
          .select(sql`1`.as('one'))
          .whereRef('g.user_id', '=', 'u.id')
          .where('c.ancestor_id', 'in', scope),
      ),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .select([
        'u.id',
        'u.kind',
        'u.username',
        'u.full_name',
        'u.email',
        'u.phone_enc',
        'u.disabled_at',
        'u.locked_until',
        'u.created_at',
      ])
      .orderBy('u.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function grantsOfUsers(db: Kysely<DB>, tenantId: number, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('role_grants as g')
    .leftJoin('units as un', 'un.id', 'g.unit_id')
    .select([
      'g.id',
      'g.user_id',
      'g.role',
      'g.unit_id',
      'un.code as unit_code',
      'un.name as unit_name',
      'un.name_en as unit_name_en',
    ])
    .where('g.tenant_id', '=', tenantId)
    .where('g.user_id', 'in', userIds)
    .orderBy('g.id')
    .execute();
}
