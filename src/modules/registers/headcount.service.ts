import { sql } from 'kysely';
import { headcountStatus, sumHeadcount } from '../../domain/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { formatVietnamTime } from '../files/index.js';
import {
  checkVersion,
  historyOf,
  inSubtreeOfCode,
  inSubtrees,
  recordChange,
  unitByCode,
  unitOf,
  unitsById,
} from './registers.common.js';
import { assertRole, REGISTER_MANAGE_ROLES } from './registers.policy.js';

export interface HeadcountInput {
  unitCode: string;
  year: number;
  assigned: number;
  inPost?: number | null | undefined;
  reductionTarget: number;
  reduced: number;
  note?: string | null | undefined;
  version?: number | undefined;
}

/**
 * The reform office records a unit's headcount for a year (DOMAIN §10): assigned, in post, the
 * year's reduction target and the posts cut. One row per unit and year: a second recording
 * corrects it (guarded by `version` when given), with the change in the history and audit log.
 */
export async function setHeadcount(
  ctx: AppContext,
  options: { actor: Actor; input: HeadcountInput; requestId?: string | undefined },
) {
  const { actor, input } = options;
  const unit = await unitByCode(ctx.db, actor.tenantId, input.unitCode, 'unitCode');
  await assertRole(ctx.db, actor, REGISTER_MANAGE_ROLES, unit.id);
  const figures = {
    assigned: input.assigned,
    in_post: input.inPost ?? null,
    reduction_target: input.reductionTarget,
    reduced: input.reduced,
    note: input.note?.trim() || null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const existing = await trx
      .selectFrom('register_headcounts')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('unit_id', '=', unit.id)
      .where('year', '=', input.year)
      .forUpdate()
      .executeTakeFirst();
    let id: number;
    if (existing) {
      checkVersion(existing, input.version);
      await trx
        .updateTable('register_headcounts')
        .set({ ...figures, updated_at: now, version: existing.version + 1 })
        .where('id', '=', existing.id)
        .execute();
      id = existing.id;
    } else {
      const row = await trx
        .insertInto('register_headcounts')
        .values({
          tenant_id: actor.tenantId,
          unit_id: unit.id,
          year: input.year,
          ...figures,
          created_at: now,
          updated_at: now,
        })
        // Two first recordings at once: the second finds the row taken and must reload.
        .onConflict((oc) => oc.columns(['tenant_id', 'unit_id', 'year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new AppError('version_conflict', { details: { version: 1 } });
      id = row.id;
    }
    const before = existing
      ? {
          assigned: existing.assigned,
          inPost: existing.in_post,
          reductionTarget: existing.reduction_target,
          reduced: existing.reduced,
        }
      : null;
    const after = {
      assigned: figures.assigned,
      inPost: figures.in_post,
      reductionTarget: figures.reduction_target,
      reduced: figures.reduced,
    };
    await recordChange(trx, ctx, {
      actor,
      entity: 'headcount',
      entityId: id,
      unitId: unit.id,
      action: existing ? 'correct' : 'record',
      from: null,
      to: null,
      note: `${input.year}: ${after.assigned} / −${after.reduced} (${after.reductionTarget})`,
      before,
      after,
      requestId: options.requestId,
    });
  });
  return listHeadcount(ctx, {
    tenantId: actor.tenantId,
    scope: null,
    year: input.year,
    unitCode: unit.code,
    withHistory: true,
  }).then((r) => r.rows.find((row) => row.unit.id === unit.id) ?? r.rows[0]);
}

/**
 * The headcount rows of a year for the units in `scope` (null = the whole tenant) or one unit's
 * subtree, each with its status (shortfall against the target, staff above the headcount), and
 * the total. `withHistory` adds each row's history.
 */
export async function listHeadcount(
  ctx: AppContext,
  options: {
    tenantId: number;
    scope: number[] | null;
    year: number;
    unitCode?: string | undefined;
    withHistory?: boolean;
  },
) {
  const { tenantId, scope } = options;
  let query = ctx.db
    .selectFrom('register_headcounts')
    .innerJoin('units', 'units.id', 'register_headcounts.unit_id')
    .selectAll('register_headcounts')
    .where('register_headcounts.tenant_id', '=', tenantId)
    .where('register_headcounts.year', '=', options.year);
  if (scope !== null) query = query.where(inSubtrees('register_headcounts.unit_id', scope));
  if (options.unitCode)
    query = query.where(inSubtreeOfCode('register_headcounts.unit_id', tenantId, options.unitCode));
  const rows = await query.orderBy(sql`units.code`).execute();
  const units = await unitsById(
    ctx.db,
    rows.map((r) => r.unit_id),
  );
  const history = options.withHistory
    ? await historyOf(
        ctx.db,
        rows.map((r) => ({ entity: 'headcount' as const, id: r.id })),
      )
    : [];
  const figures = rows.map((r) => ({
    assigned: r.assigned,
    inPost: r.in_post,
    reductionTarget: r.reduction_target,
    reduced: r.reduced,
  }));
  const total = sumHeadcount(figures);
  return {
    year: options.year,
    total: { ...total, ...headcountStatus(total) },
    rows: rows.map((r, i) => ({
      id: r.id,
      unit: unitOf(units, r.unit_id),
      year: r.year,
      ...figures[i]!,
      ...headcountStatus(figures[i]!),
      note: r.note,
      version: r.version,
      updatedAt: formatVietnamTime(r.updated_at),
      history: history
        .filter((h) => h.entityId === r.id)
        .map((h) => ({ ...h, at: formatVietnamTime(h.at) })),
    })),
  };
}
