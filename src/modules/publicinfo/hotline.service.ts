import type { Kysely } from 'kysely';
import { foldVietnamese, searchTerms } from '../../domain/text/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode, findUnitById, todayIn } from '../org/index.js';
import { type HotlineFields, readHotlineFields } from './hotline.input.js';
import {
  findDeletedHotlines,
  findHotline,
  findHotlines,
  type HotlineRow,
  insertHotline,
  markHotlineDeleted,
  restoreHotlineRow,
  updateHotline as updateHotlineRow,
} from './hotline.repository.js';
import { auditPublicInfo } from './publicinfo.audit.js';
import { assertManagesUnit, manageScope } from './publicinfo.policy.js';

export interface HotlineInput extends HotlineFields {
  unitId: number;
}

interface Acting {
  actor: Actor;
  requestId?: string | undefined;
}

/** Throws `validation_failed` naming every bad field. */
function valuesOrThrow(input: HotlineInput, today: string) {
  const { values, problems } = readHotlineFields(input, today);
  if (problems.length > 0) throw new AppError('validation_failed', { details: { problems } });
  return { ...values, unit_id: input.unitId };
}

async function unitOrThrow(db: Kysely<DB>, actor: Actor, unitId: number) {
  const unit = await findUnitById(db, actor.tenantId, unitId);
  if (!unit) throw new AppError('not_found', { details: { unitId } });
  await assertManagesUnit(db, actor, unitId);
  return unit;
}

/** A hotline the actor manages; `hotline_not_found` outside the tenant. */
async function managedHotline(db: Kysely<DB>, actor: Actor, id: number): Promise<HotlineRow> {
  const row = await findHotline(db, actor.tenantId, id);
  if (!row) throw new AppError('hotline_not_found', { details: { id } });
  await assertManagesUnit(db, actor, row.unit_id);
  return row;
}

/**
 * Publishes a hotline for a unit the actor manages, with its audit row, in one transaction.
 * Throws `validation_failed` (each bad field), `publicinfo_unit_out_of_scope`.
 */
export async function createHotline(
  ctx: AppContext,
  options: Acting & { input: HotlineInput },
): Promise<HotlineRow> {
  const values = valuesOrThrow(options.input, todayIn(ctx.now()));
  return ctx.db.transaction().execute(async (trx) => {
    await unitOrThrow(trx, options.actor, values.unit_id);
    const id = await insertHotline(trx, options.actor.tenantId, values);
    await auditPublicInfo(trx, {
      ...options,
      action: 'hotline.created',
      entity: 'hotline',
      entityId: id,
      unitId: values.unit_id,
      after: values,
      at: ctx.now(),
    });
    return (await findHotline(trx, options.actor.tenantId, id))!;
  });
}

/**
 * Replaces a hotline's fields (it may move to another unit the actor manages) when `version`
 * is still current. Throws `hotline_not_found`, `version_conflict`, `validation_failed`,
 * `publicinfo_unit_out_of_scope`.
 */
export async function updateHotline(
  ctx: AppContext,
  options: Acting & { id: number; version: number; input: HotlineInput },
): Promise<HotlineRow> {
  const values = valuesOrThrow(options.input, todayIn(ctx.now()));
  return ctx.db.transaction().execute(async (trx) => {
    const before = await managedHotline(trx, options.actor, options.id);
    if (values.unit_id !== before.unit_id) await unitOrThrow(trx, options.actor, values.unit_id);
    const written = await updateHotlineRow(trx, {
      tenantId: options.actor.tenantId,
      id: options.id,
      version: options.version,
      values,
      at: ctx.now(),
    });
    if (!written) throw new AppError('version_conflict', { details: { version: before.version } });
    await auditPublicInfo(trx, {
      ...options,
      action: 'hotline.updated',
      entity: 'hotline',
      entityId: options.id,
      unitId: values.unit_id,
      before,
      after: values,
      at: ctx.now(),
    });
    return (await findHotline(trx, options.actor.tenantId, options.id))!;
  });
}

/**
 * Deletes a hotline: it leaves the public list, the managed list and the CSV export at once,
 * and stays in the deleted list, from which whoever manages its unit may restore it (no time
 * limit). To stop publishing one but keep it listed, set its valid-to instead. Audited in the
 * same transaction. Throws `hotline_not_found`, `publicinfo_unit_out_of_scope`.
 */
export async function deleteHotline(
  ctx: AppContext,
  options: Acting & { id: number },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await managedHotline(trx, options.actor, options.id);
    const deleted = await markHotlineDeleted(trx, {
      tenantId: options.actor.tenantId,
      id: options.id,
      at: ctx.now(),
      by: options.actor.userId > 0 ? options.actor.userId : null,
    });
    if (!deleted) throw new AppError('hotline_not_found', { details: { id: options.id } });
    await auditPublicInfo(trx, {
      ...options,
      action: 'hotline.deleted',
      entity: 'hotline',
      entityId: options.id,
      unitId: before.unit_id,
      before,
      at: ctx.now(),
    });
  });
}

/**
 * Brings a deleted hotline back as it was (published again if its dates say so), when
 * `version` is the one the deleted list showed (absent: the current one, as the command line
 * restores). Whoever may delete it may restore it. Audited.
 * Throws `hotline_not_found` (no such hotline in the tenant), `publicinfo_unit_out_of_scope`,
 * `publicinfo_not_deleted` (it is live: restored already), `version_conflict`.
 */
export async function restoreHotline(
  ctx: AppContext,
  options: Acting & { id: number; version?: number | undefined },
): Promise<HotlineRow> {
  const { actor } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findHotline(trx, actor.tenantId, options.id, 'any');
    if (!row) throw new AppError('hotline_not_found', { details: { id: options.id } });
    await assertManagesUnit(trx, actor, row.unit_id);
    if (row.deleted_at === null)
      throw new AppError('publicinfo_not_deleted', { details: { id: options.id } });
    const restored = await restoreHotlineRow(trx, {
      tenantId: actor.tenantId,
      id: options.id,
      version: options.version ?? row.version,
      at: ctx.now(),
    });
    if (!restored) throw new AppError('version_conflict', { details: { version: row.version } });
    await auditPublicInfo(trx, {
      ...options,
      action: 'hotline.restored',
      entity: 'hotline',
      entityId: options.id,
      unitId: row.unit_id,
      before: { deletedAt: row.deleted_at, version: row.version },
      after: { version: row.version + 1 },
      at: ctx.now(),
    });
    return (await findHotline(trx, actor.tenantId, options.id))!;
  });
}

/** The deleted hotlines of the units the actor manages (optionally one unit's subtree), newest first. */
export async function listDeletedHotlines(
  ctx: AppContext,
  options: { actor: Actor; unitCode?: string | undefined },
): Promise<HotlineRow[]> {
  const scope = manageScope(options.actor);
  const underUnitId = await managedUnitByCode(ctx.db, options.actor, options.unitCode);
  return findDeletedHotlines(ctx.db, { tenantId: options.actor.tenantId, scope, underUnitId });
}

/** The id of a unit given by code, which the actor must manage; undefined when none given. */
async function managedUnitByCode(
  db: Kysely<DB>,
  actor: Actor,
  unitCode: string | undefined,
): Promise<number | undefined> {
  if (unitCode === undefined) return undefined;
  const unit = await findUnitByCode(db, actor.tenantId, unitCode);
  if (!unit) throw new AppError('not_found', { details: { unit: unitCode } });
  await assertManagesUnit(db, actor, unit.id);
  return unit.id;
}

/**
 * The hotlines of the units the actor manages (current or not), optionally one unit's
 * subtree by code. A unit outside the scope answers `publicinfo_unit_out_of_scope`.
 */
export async function listManagedHotlines(
  ctx: AppContext,
  options: { actor: Actor; unitCode?: string | undefined; q?: string | undefined },
): Promise<HotlineRow[]> {
  const scope = manageScope(options.actor);
  const underUnitId = await managedUnitByCode(ctx.db, options.actor, options.unitCode);
  const rows = await findHotlines(ctx.db, {
    tenantId: options.actor.tenantId,
    scope,
    underUnitId,
  });
  return filterByQuery(rows, options.q);
}

/**
 * The hotlines the public sees: those current today (valid-from reached, valid-to not
 * passed), optionally one unit's subtree by code, matching every word of `q` without regard
 * to diacritics (purpose, unit, hours, phone digits). An unknown unit answers an empty list.
 */
export async function listPublicHotlines(
  ctx: AppContext,
  options: { tenantId: number; unitCode?: string | undefined; q?: string | undefined },
): Promise<HotlineRow[]> {
  let underUnitId: number | undefined;
  if (options.unitCode !== undefined) {
    const unit = await findUnitByCode(ctx.db, options.tenantId, options.unitCode);
    if (!unit) return [];
    underUnitId = unit.id;
  }
  const rows = await findHotlines(ctx.db, {
    tenantId: options.tenantId,
    scope: null,
    underUnitId,
    currentOn: todayIn(ctx.now()),
  });
  return filterByQuery(rows, options.q);
}

/** Keeps the rows whose folded text holds every word of the query (digits match the phone). */
function filterByQuery(rows: HotlineRow[], q: string | undefined): HotlineRow[] {
  const terms = searchTerms(q ?? '');
  if (terms.length === 0) return rows;
  return rows.filter((r) => {
    const haystack = foldVietnamese(
      [r.purpose, r.unit_name, r.unit_code, r.hours ?? '', r.email ?? '', r.phone].join(' '),
    );
    return terms.every((t) => {
      // A term of digits and separators (024-3822) matches the stored digits.
      const digits = t.replace(/[^\d]/g, '');
      return (
        haystack.includes(t) ||
        (digits.length >= 3 && digits === t.replace(/[.\-()]/g, '') && r.phone.includes(digits))
      );
    });
  });
}
