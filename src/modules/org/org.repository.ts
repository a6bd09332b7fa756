import { type Kysely, sql } from 'kysely';
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
export async function isInSubtree(db: Kysely<DB>, ancestorId: number, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom('unit_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', unitId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findUnitByCode(db: Kysely<DB>, tenantId: number, code: string) {
  return db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
}

export async function defaultTenant(db: Kysely<DB>) {
  return db.selectFrom('tenants').selectAll().orderBy('id').limit(1).executeTakeFirst();
}
