import { type Selectable, sql } from 'kysely';
import { headcountStatus, sumHeadcount } from '../../domain/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { formatVietnamTime } from '../files/index.js';
import {
  checkVersion,
  historyOf,
  listedIn,
  lockRecord,
  presentWithdrawal,
  recordChange,
  unitByCode,
  unitOf,
  unitsById,
  userNames,
} from './registers.common.js';
import { assertRole, REGISTER_MANAGE_ROLES } from './registers.policy.js';
import {
  restoreToRegister,
  type WithdrawableKind,
  type WithdrawalRequest,
  withdrawFromRegister,
} from './registers.withdrawal.js';

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
      // A unit-year whose row was withdrawn is recorded anew: the row (one per unit and year)
      // takes the new figures and is back in force; its history keeps the withdrawal.
      await trx
        .updateTable('register_headcounts')
        .set({
          ...figures,
          withdrawn_at: null,
          withdrawn_by: null,
          withdrawn_reason: null,
          updated_at: now,
          version: existing.version + 1,
        })
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
          ...(existing.withdrawn_at ? { withdrawn: true } : {}),
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
      action: existing && !existing.withdrawn_at ? 'correct' : 'record',
      from: null,
      to: null,
      note: `${input.year}: ${after.assigned} / −${after.reduced} (${after.reductionTarget})`,
      before,
      after,
      requestId: options.requestId,
    });
  });
  return headcountRow(ctx, { tenantId: actor.tenantId, unitId: unit.id, year: input.year });
}

/** One unit-year's row as the list presents it (with its history), withdrawn or not. */
async function headcountRow(
  ctx: AppContext,
  where: { tenantId: number; unitId: number; year: number },
) {
  const rows = await headcountRows(ctx, {
    tenantId: where.tenantId,
    year: where.year,
    unitId: where.unitId,
    withdrawn: 'any',
    withHistory: true,
  });
  const row = rows.rows[0];
  if (!row) throw new AppError('register_item_not_found');
  return row;
}

/**
 * A unit-year's headcount row is withdrawn and restored on its own, by the reform office over
 * its unit; it has no state of its own: in force, it is recorded.
 */
const HEADCOUNT: WithdrawableKind<Selectable<DB['register_headcounts']>> = {
  table: 'register_headcounts',
  entity: 'headcount',
  lockForManager: (trx, actor, id) =>
    lockRecord(
      trx,
      actor,
      { table: 'register_headcounts', id, unit: (row) => row.unit_id },
      REGISTER_MANAGE_ROLES,
    ),
  unitId: (row) => row.unit_id,
  state: () => 'recorded',
};

/**
 * The reform office withdraws a unit-year's headcount row entered by mistake, with a written
 * reason (none: `register_withdraw_reason_required`): it leaves the list, the year's total and
 * the shortfalls, keeping its figures and history. Already withdrawn: `register_state_invalid`.
 */
export async function withdrawHeadcount(ctx: AppContext, options: WithdrawalRequest) {
  const row = await withdrawFromRegister(ctx, HEADCOUNT, options);
  return headcountRow(ctx, {
    tenantId: options.actor.tenantId,
    unitId: row.unit_id,
    year: row.year,
  });
}

/**
 * The reform office restores a withdrawn headcount row with a written reason (none:
 * `register_restore_reason_required`): its figures count again in the list, the total and the
 * shortfalls. Not withdrawn: `register_not_withdrawn`.
 */
export async function restoreHeadcount(ctx: AppContext, options: WithdrawalRequest) {
  const row = await restoreToRegister(ctx, HEADCOUNT, options);
  return headcountRow(ctx, {
    tenantId: options.actor.tenantId,
    unitId: row.unit_id,
    year: row.year,
  });
}

/**
 * The headcount rows of a year for the units in `scope` (null = the whole tenant) or one unit's
 * subtree, each with its status (shortfall against the target, staff above the headcount), and
 * the total: the rows in force, or with `withdrawn` only the withdrawn ones (a withdrawn row is
 * in no total or shortfall of the rows in force). `withHistory` adds each row's history.
 */
export async function listHeadcount(
  ctx: AppContext,
  options: {
    tenantId: number;
    scope: number[] | null;
    year: number;
    unitCode?: string | undefined;
    withdrawn?: boolean | undefined;
    withHistory?: boolean;
  },
) {
  return headcountRows(ctx, {
    tenantId: options.tenantId,
    year: options.year,
    scope: options.scope,
    unitCode: options.unitCode,
    withdrawn: options.withdrawn ?? false,
    withHistory: options.withHistory ?? false,
  });
}

async function headcountRows(
  ctx: AppContext,
  options: {
    tenantId: number;
    year: number;
    scope?: number[] | null | undefined;
    unitCode?: string | undefined;
    unitId?: number | undefined;
    /** true: only withdrawn rows; false: only rows in force; 'any': both. */
    withdrawn: boolean | 'any';
    withHistory: boolean;
  },
) {
  let query = ctx.db
    .selectFrom('register_headcounts')
    .innerJoin('units', 'units.id', 'register_headcounts.unit_id')
    .selectAll('register_headcounts')
    .where(listedIn('register_headcounts', 'unit_id', { ...options, scope: options.scope ?? null }))
    .where('register_headcounts.year', '=', options.year);
  if (options.unitId !== undefined)
    query = query.where('register_headcounts.unit_id', '=', options.unitId);
  const rows = await query.orderBy(sql`units.code`).execute();
  const [units, names] = await Promise.all([
    unitsById(
      ctx.db,
      rows.map((r) => r.unit_id),
    ),
    userNames(
      ctx.db,
      rows.map((r) => r.withdrawn_by),
    ),
  ]);
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
      withdrawn: presentWithdrawal(r, names),
      history: history
        .filter((h) => h.entityId === r.id)
        .map((h) => ({ ...h, at: formatVietnamTime(h.at) })),
    })),
  };
}
