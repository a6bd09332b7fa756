import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import './indices.tables.js';

export interface FrameworkRow {
  id: number;
  code: string;
  version: number;
  effective_from: string;
  definition: unknown;
}

/** Every framework version of a tenant, newest effective date first. */
export async function listFrameworkRows(db: Kysely<DB>, tenantId: number): Promise<FrameworkRow[]> {
  return db
    .selectFrom('index_frameworks')
    .select(['id', 'code', 'version', 'effective_from', 'definition'])
    .where('tenant_id', '=', tenantId)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .execute();
}

/** The version in force on `date`: the latest effective on or before it. */
export async function findFrameworkInForce(
  db: Kysely<DB>,
  tenantId: number,
  date: string,
): Promise<FrameworkRow | undefined> {
  return db
    .selectFrom('index_frameworks')
    .select(['id', 'code', 'version', 'effective_from', 'definition'])
    .where('tenant_id', '=', tenantId)
    .where('effective_from', '<=', date)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts a version; does nothing when (tenant, code, version) exists. True when inserted. */
export async function insertFrameworkRow(
  db: Kysely<DB>,
  row: {
    tenantId: number;
    code: string;
    version: number;
    effectiveFrom: string;
    definition: unknown;
    createdBy?: number | null;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('index_frameworks')
    .values({
      tenant_id: row.tenantId,
      code: row.code,
      version: row.version,
      effective_from: row.effectiveFrom,
      definition: JSON.stringify(row.definition),
      created_by: row.createdBy ?? null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'code', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
