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
  /** Set on a deleted hotline (only the deleted list and restore read those). */
  deleted_at: Date | null;
  /** Who deleted it; null for the command line's operator. */
  deleted_by_name: string | null;
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

/** Which rows a read sees: the live ones (every reader but the deleted list), deleted ones, or both. */
export type Liveness = 'live' | 'deleted' | 'any';

function selectHotlines(db: Kysely<DB>, tenantId: number, which: Liveness = 'live') {
  let q = db
    .selectFrom('hotlines as h')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .leftJoin('users as d', 'd.id', 'h.deleted_by')
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
      'h.deleted_at',
      'd.full_name as deleted_by_name',
    ])
    .where('h.tenant_id', '=', tenantId);
  if (which === 'live') q = q.where('h.deleted_at', 'is', null);
  if (which === 'deleted') q = q.where('h.deleted_at', 'is not', null);
  return q;
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
  for (const ids of scopeRoots(options))
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

/** A live hotline by id; `which` 'deleted' finds a deleted one instead, 'any' either. */
export async function findHotline(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
  which: Liveness = 'live',
): Promise<HotlineRow | undefined> {
  return (await selectHotlines(db, tenantId, which).where('h.id', '=', id).executeTakeFirst()) as
    | HotlineRow
    | undefined;
}

/** The deleted hotlines of the units under the `scope` roots (null: the tenant), newest first. */
export async function findDeletedHotlines(
  db: Kysely<DB>,
  options: { tenantId: number; scope: number[] | null; underUnitId?: number | undefined },
): Promise<HotlineRow[]> {
  let q = selectHotlines(db, options.tenantId, 'deleted');
  for (const ids of scopeRoots(options))
    q = q.where('h.unit_id', 'in', (sub) =>
      sub
        .selectFrom('unit_closure')
        .select('descendant_id')
        .where('ancestor_id', 'in', ids.length > 0 ? ids : [-1]),
    );
  return (await q
    .orderBy('h.deleted_at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(500)
    .execute()) as HotlineRow[];
}

/** The id lists a read is limited to: the actor's scope, and one unit's subtree. */
function scopeRoots(options: { scope: number[] | null; underUnitId?: number | undefined }) {
  return [
    ...(options.scope === null ? [] : [options.scope]),
    ...(options.underUnitId === undefined ? [] : [[options.underUnitId]]),
  ];
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
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks a live hotline deleted (kept for restoring), raising its version; answers whether it
 * did. `by` null: the command line's operator.
 */
export async function markHotlineDeleted(
  db: Kysely<DB>,
  options: { tenantId: number; id: number; at: Date; by: number | null },
): Promise<boolean> {
  const result = await db
    .updateTable('hotlines')
    .set((eb) => ({
      deleted_at: options.at,
      deleted_by: options.by,
      version: eb('version', '+', 1),
      updated_at: options.at,
    }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Brings a deleted hotline back when `version` is current; answers whether it did. */
export async function restoreHotlineRow(
  db: Kysely<DB>,
  options: { tenantId: number; id: number; version: number; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('hotlines')
    .set((eb) => ({
      deleted_at: null,
      deleted_by: null,
      version: eb('version', '+', 1),
      updated_at: options.at,
    }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
