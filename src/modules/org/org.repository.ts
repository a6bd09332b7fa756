import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export interface NewUnit {
  tenantId: number;
  parentId: number | null;
  kind: string;
  level: string;
  code: string;
  name: string;
  nameEn?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

/** Inserts a unit and its closure rows (itself at depth 0, then every ancestor of its parent). */
export async function insertUnit(db: Kysely<DB>, unit: NewUnit): Promise<number> {
  const row = await db
    .insertInto('units')
    .values({
      tenant_id: unit.tenantId,
      parent_id: unit.parentId,
      kind: unit.kind,
      level: unit.level,
      code: unit.code,
      name: unit.name,
      name_en: unit.nameEn ?? null,
      valid_from: unit.validFrom ?? null,
      valid_to: unit.validTo ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into unit_closure (tenant_id, ancestor_id, descendant_id, depth)
    select ${unit.tenantId}::bigint, ${row.id}::bigint, ${row.id}::bigint, 0
    union all
    select tenant_id, ancestor_id, ${row.id}::bigint, depth + 1 from unit_closure where descendant_id = ${unit.parentId}::bigint
  `.execute(db);
  return row.id;
}

/** True when `unitId` is `ancestorId` or below it. */
export async function isInSubtree(
  db: Kysely<DB>,
  ancestorId: number,
  unitId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('unit_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', unitId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findUnitByCode(db: Kysely<DB>, tenantId: number, code: string) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function defaultTenant(db: Kysely<DB>) {
  return db.selectFrom('tenants').selectAll().orderBy('id').limit(1).executeTakeFirst();
}

export type UnitRow = Selectable<DB['units']>;

/** Every unit of a tenant with its depth from its root, parents before children. */
export async function listUnits(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('units as u')
    .select([
      'u.id',
      'u.tenant_id',
      'u.parent_id',
      'u.kind',
      'u.level',
      'u.code',
      'u.name',
      'u.name_en',
      'u.valid_from',
      'u.valid_to',
      'u.created_at',
      (eb) =>
        eb
          .selectFrom('unit_closure as c')
          .select((e) => e.fn.max('c.depth').as('d'))
          .whereRef('c.descendant_id', '=', 'u.id')
          .as('depth'),
    ])
    .where('u.tenant_id', '=', tenantId)
    .orderBy('depth')
    .orderBy('u.code')
    .execute();
}

export async function findUnitById(db: Kysely<DB>, tenantId: number, id: number) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUnitsByIds(db: Kysely<DB>, tenantId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

/** Ancestors of a unit from its root down to its parent. */
export async function unitAncestors(db: Kysely<DB>, tenantId: number, id: number) {
  return db
    .selectFrom('unit_closure as c')
    .innerJoin('units as u', 'u.id', 'c.ancestor_id')
    .selectAll('u')
    .select('c.depth')
    .where('c.tenant_id', '=', tenantId)
    .where('c.descendant_id', '=', id)
    .where('c.depth', '>', 0)
    .orderBy('c.depth', 'desc')
    .execute();
}

export async function unitChildren(db: Kysely<DB>, tenantId: number, id: number) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('parent_id', '=', id)
    .orderBy('code')
    .execute();
}

/** Lineage edges touching a unit, with the other side's code and name. */
export async function unitLineageEdges(db: Kysely<DB>, tenantId: number, id: number) {
  return db
    .selectFrom('unit_lineage as l')
    .innerJoin('units as p', 'p.id', 'l.predecessor_id')
    .innerJoin('units as s', 's.id', 'l.successor_id')
    .select([
      'l.id',
      'l.predecessor_id',
      'l.successor_id',
      'l.kind',
      'l.effective_on',
      'l.note',
      'p.code as predecessor_code',
      'p.name as predecessor_name',
      'p.name_en as predecessor_name_en',
      's.code as successor_code',
      's.name as successor_name',
      's.name_en as successor_name_en',
    ])
    .where('l.tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('l.predecessor_id', '=', id), eb('l.successor_id', '=', id)]))
    .orderBy('l.effective_on')
    .orderBy('l.id')
    .execute();
}

/** All lineage edges and unit validity of a tenant, for the pure lineage walks. */
export async function loadLineageRows(db: Kysely<DB>, tenantId: number) {
  const [units, edges] = await Promise.all([
    db
      .selectFrom('units')
      .select(['id', 'valid_from', 'valid_to'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db
      .selectFrom('unit_lineage')
      .select(['predecessor_id', 'successor_id', 'kind', 'effective_on'])
      .where('tenant_id', '=', tenantId)
      .orderBy('effective_on')
      .orderBy('id')
      .execute(),
  ]);
  return { units, edges };
}

export async function updateUnitRow(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
  patch: Partial<
    Pick<NewUnit, 'kind' | 'level' | 'code' | 'name' | 'nameEn' | 'validFrom' | 'validTo'>
  >,
): Promise<void> {
  const values: Record<string, unknown> = {};
  if (patch.kind !== undefined) values.kind = patch.kind;
  if (patch.level !== undefined) values.level = patch.level;
  if (patch.code !== undefined) values.code = patch.code;
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.nameEn !== undefined) values.name_en = patch.nameEn;
  if (patch.validFrom !== undefined) values.valid_from = patch.validFrom;
  if (patch.validTo !== undefined) values.valid_to = patch.validTo;
  if (Object.keys(values).length === 0) return;
  await db
    .updateTable('units')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Re-hangs a unit and its whole subtree under `parentId` (null = a root): drops the closure
 * rows linking the subtree to its old ancestors and adds one row per (new ancestor, subtree
 * member) pair, depths summed. The caller runs this in a transaction and has checked that the
 * new parent is not inside the subtree.
 */
export async function moveUnitSubtree(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
  parentId: number | null,
): Promise<void> {
  await sql`
    delete from unit_closure
    where tenant_id = ${tenantId}::bigint
      and descendant_id in (select descendant_id from unit_closure where ancestor_id = ${id}::bigint)
      and ancestor_id not in (select descendant_id from unit_closure where ancestor_id = ${id}::bigint)
  `.execute(db);
  if (parentId !== null) {
    await sql`
      insert into unit_closure (tenant_id, ancestor_id, descendant_id, depth)
      select ${tenantId}::bigint, above.ancestor_id, below.descendant_id, above.depth + below.depth + 1
      from unit_closure above cross join unit_closure below
      where above.descendant_id = ${parentId}::bigint and below.ancestor_id = ${id}::bigint
    `.execute(db);
  }
  await db
    .updateTable('units')
    .set({ parent_id: parentId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function insertLineage(
  db: Kysely<DB>,
  edge: {
    tenantId: number;
    predecessorId: number;
    successorId: number;
    kind: DB['unit_lineage']['kind'];
    effectiveOn: string;
    note?: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('unit_lineage')
    .values({
      tenant_id: edge.tenantId,
      predecessor_id: edge.predecessorId,
      successor_id: edge.successorId,
      kind: edge.kind,
      effective_on: edge.effectiveOn,
      note: edge.note ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Takes the tenant's row lock so structural changes of one tenant (moves) run one at a time. */
export async function lockTenantForUnitChanges(db: Kysely<DB>, tenantId: number): Promise<boolean> {
  const row = await db
    .selectFrom('tenants')
    .select('id')
    .where('id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function listTenants(db: Kysely<DB>) {
  return db
    .selectFrom('tenants')
    .select(['id', 'code', 'name', 'name_en', 'created_at'])
    .orderBy('id')
    .execute();
}

export async function findTenantByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('tenants').selectAll().where('code', '=', code).executeTakeFirst();
}
