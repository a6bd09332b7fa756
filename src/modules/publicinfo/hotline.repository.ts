import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import './publicinfo.tables.js';

/** A hotline row with its unit's code and name, as every reader needs them. */
export interface HotlineRow {
  id: number;
  tenant_id: number;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  purpose: string;
  phone: string;
  email: string | null;
  hours: string | null;
  person: string | null;
  valid_from: string;
  valid_to: string | null;
  version: number;
}

export interface HotlineValues {
  unit_id: number;
  purpose: string;
  phone: string;
  email: string | null;
  hours: string | null;
  person: string | null;
  valid_from: string;
  valid_to: string | null;
}

function selectHotlines(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('hotlines as h')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select([
      'h.id',
      'h.tenant_id',
      'h.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'h.purpose',
      'h.phone',
      'h.email',
      'h.hours',
      'h.person',
      'h.valid_from',
      'h.valid_to',
      'h.version',
    ])
    .where('h.tenant_id', '=', tenantId);
}

/**
 * Hotlines of a tenant, by unit code then purpose: all of them, or those of units under the
 * `scope` roots (null = the whole tenant), or only those current on `today`.
 */
export async function findHotlines(
  db: Kysely<DB>,
  options: {
    tenantId: number;
    scope: number[] | null;
    underUnitId?: number | undefined;
    currentOn?: string | undefined;
  },
): Promise<HotlineRow[]> {
  let q = selectHotlines(db, options.tenantId);
  const roots = [
    ...(options.scope === null ? [] : [options.scope]),
    ...(options.underUnitId === undefined ? [] : [[options.underUnitId]]),
  ];
  for (const ids of roots)
    q = q.where('h.unit_id', 'in', (sub) =>
      sub
        .selectFrom('unit_closure')
        .select('descendant_id')
        .where('ancestor_id', 'in', ids.length > 0 ? ids : [-1]),
    );
  const today = options.currentOn;
  if (today !== undefined)
    q = q
      .where('h.valid_from', '<=', today)
      .where((eb) => eb.or([eb('h.valid_to', 'is', null), eb('h.valid_to', '>=', today)]));
  return (await q.orderBy('u.code').orderBy('h.purpose').orderBy('h.id').execute()) as HotlineRow[];
}

export async function findHotline(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
): Promise<HotlineRow | undefined> {
  return (await selectHotlines(db, tenantId).where('h.id', '=', id).executeTakeFirst()) as
    | HotlineRow
    | undefined;
}

export async function insertHotline(
  db: Kysely<DB>,
  tenantId: number,
  values: HotlineValues,
): Promise<number> {
  const row = await db
    .insertInto('hotlines')
    .values({ tenant_id: tenantId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes new values when the row still has `version`; answers whether it did. */
export async function updateHotline(
  db: Kysely<DB>,
  options: { tenantId: number; id: number; version: number; values: HotlineValues; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('hotlines')
    .set((eb) => ({
      ...options.values,
      version: eb('version', '+', 1),
      updated_at: options.at,
    }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteHotline(db: Kysely<DB>, tenantId: number, id: number): Promise<void> {
  await db.deleteFrom('hotlines').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
