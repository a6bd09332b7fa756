import type { Kysely } from 'kysely';
import { foldVietnamese, searchTerms } from '../../domain/text/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode, findUnitById, todayIn } from '../org/index.js';
import { type HotlineFields, readHotlineFields } from './hotline.input.js';
import {
  deleteHotline as deleteHotlineRow,
  findHotline,
  findHotlines,
  type HotlineRow,
  insertHotline,
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
 * Removes a hotline (to stop publishing one but keep it on record, set its valid-to instead).
 * Throws `hotline_not_found`, `publicinfo_unit_out_of_scope`.
 */
export async function deleteHotline(
  ctx: AppContext,
  options: Acting & { id: number },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await managedHotline(trx, options.actor, options.id);
    await deleteHotlineRow(trx, options.actor.tenantId, options.id);
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
 * The hotlines of the units the actor manages (current or not), optionally one unit's
 * subtree by code. A unit outside the scope answers `publicinfo_unit_out_of_scope`.
 */
export async function listManagedHotlines(
  ctx: AppContext,
  options: { actor: Actor; unitCode?: string | undefined; q?: string | undefined },
): Promise<HotlineRow[]> {
  const scope = manageScope(options.actor);
  let underUnitId: number | undefined;
  if (options.unitCode !== undefined) {
    const unit = await findUnitByCode(ctx.db, options.actor.tenantId, options.unitCode);
    if (!unit) throw new AppError('not_found', { details: { unit: options.unitCode } });
    await assertManagesUnit(ctx.db, options.actor, unit.id);
    underUnitId = unit.id;
  }
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
