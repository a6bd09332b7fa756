import { type Kysely, sql } from 'kysely';
import {
  restoredWithParent,
  restoreRefusal,
  WITHDRAWAL_REASON_MAX,
  withdrawalReason,
} from '../../domain/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  type Acting,
  assertNotWithdrawn,
  checkVersion,
  invalid,
  recordChange,
} from './registers.common.js';
import type { RegisterEntity, WithdrawalColumns } from './registers.tables.js';

/**
 * Withdrawing a record entered by mistake, and restoring it, is one use case for every kind of
 * register record: lock and check the row, check the version and the reason, mark it, and write
 * its history event and audit row — and for an inspection or a plan do the same to the
 * recommendations or tasks that leave (and come back) with it, at the same time. Each kind says
 * only what differs (`WithdrawableKind`), so the two use cases below serve all six.
 */

/**
 * The register tables whose records can be withdrawn (migration 0079 gave each the columns,
 * 0081 the headcount rows).
 */
type WithdrawableTable =
  | 'register_initiatives'
  | 'register_inspections'
  | 'register_recommendations'
  | 'register_plans'
  | 'register_plan_tasks'
  | 'register_headcounts';

/** The tables whose rows leave with their parent (and come back with it). */
type ChildTable = 'register_recommendations' | 'register_plan_tasks';
const isChildTable = (table: WithdrawableTable): table is ChildTable =>
  table === 'register_recommendations' || table === 'register_plan_tasks';

type Db = Kysely<DB>;

/** What the two use cases read of any withdrawable row. */
type WithdrawableRow = WithdrawalColumns & { id: number; version: number };

/** What one kind of register record is, for its withdrawal and restore. */
export interface WithdrawableKind<Row extends WithdrawableRow> {
  table: WithdrawableTable;
  entity: RegisterEntity;
  /**
   * The row by id, locked: readable by the actor (else `register_item_not_found`) and managed by
   * it (else `forbidden`).
   */
  lockForManager: (trx: Db, actor: Actor, id: number) => Promise<Row>;
  /** The unit its history and audit rows name. */
  unitId: (row: Row) => number;
  /** The state (or status) it keeps while withdrawn. */
  state: (row: Row) => string;
  /** A recommendation's inspection, a task's plan: while it is withdrawn the child stays so. */
  parent?: (row: Row) => { entity: RegisterEntity; id: number; withdrawn_at: Date | null };
  /** The records that leave with it (an inspection's recommendations, a plan's tasks). */
  children?: {
    table: ChildTable;
    entity: RegisterEntity;
    /** The child's column naming this record. */
    parentColumn: 'inspection_id' | 'plan_id';
    /** The child's state column (a task has a status). */
    stateColumn: 'state' | 'status';
  };
}

/** A withdrawal or restore as the API and the command line ask for it. */
export type WithdrawalRequest = Acting & {
  id: number;
  reason?: string | undefined;
  version?: number | undefined;
};

/**
 * Withdraws a record entered by mistake, in one transaction, and returns its row as it was: a
 * stale `version` is `version_conflict`; already withdrawn, `register_state_invalid`; no written
 * reason, `register_withdraw_reason_required`. The records in force that leave with it are
 * withdrawn too, at the same time, each with its own history event and audit row naming it.
 */
export async function withdrawFromRegister<Row extends WithdrawableRow>(
  ctx: AppContext,
  kind: WithdrawableKind<Row>,
  request: WithdrawalRequest,
): Promise<Row> {
  const { actor } = request;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await kind.lockForManager(trx, actor, request.id);
    checkVersion(row, request.version);
    assertNotWithdrawn(row, 'withdraw');
    const reason = requireWithdrawalReason(request.reason);
    const children = kind.children ? await childrenOf(trx, kind.children, row.id, false) : [];
    const step = { actor, reason, at: ctx.now(), requestId: request.requestId };
    await withdrawRecord(trx, ctx, {
      ...step,
      table: kind.table,
      entity: kind.entity,
      entityId: row.id,
      unitId: kind.unitId(row),
      state: kind.state(row),
    });
    for (const child of children)
      await withdrawRecord(trx, ctx, {
        ...step,
        ...child,
        along: { entity: kind.entity, id: row.id },
      });
    return row;
  });
}

/**
 * Restores a withdrawn record in the state it had, in one transaction, and returns its row as
 * it was: a stale `version` is `version_conflict`; not withdrawn, `register_not_withdrawn`; a
 * child whose parent is withdrawn, `register_state_invalid` naming the parent; no written
 * reason, `register_restore_reason_required`. What left with it comes back too, at the same
 * time — not what was withdrawn earlier on its own.
 */
export async function restoreToRegister<Row extends WithdrawableRow>(
  ctx: AppContext,
  kind: WithdrawableKind<Row>,
  request: WithdrawalRequest,
): Promise<Row> {
  const { actor } = request;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await kind.lockForManager(trx, actor, request.id);
    checkVersion(row, request.version);
    assertRestorable(row, kind.parent?.(row));
    const reason = requireRestoreReason(request.reason);
    const children = kind.children
      ? restoredWithParent(await childrenOf(trx, kind.children, row.id, true))
      : [];
    const step = { actor, reason, at: ctx.now(), requestId: request.requestId };
    await restoreRecord(trx, ctx, {
      ...step,
      table: kind.table,
      entity: kind.entity,
      entityId: row.id,
      unitId: kind.unitId(row),
      state: kind.state(row),
      withdrawal: { at: row.withdrawn_at, reason: row.withdrawn_reason },
    });
    for (const child of children)
      await restoreRecord(trx, ctx, {
        ...step,
        ...child,
        along: { entity: kind.entity, id: row.id },
      });
    return row;
  });
}

/**
 * The children of a record, locked, oldest first: those in force (to withdraw with it) or those
 * withdrawn (`withdrawn`; the domain picks the ones that left with it), each as the record steps
 * below take it.
 */
async function childrenOf(
  trx: Db,
  children: NonNullable<WithdrawableKind<WithdrawableRow>['children']>,
  parentId: number,
  withdrawn: boolean,
) {
  const rows = await trx
    .selectFrom(children.table)
    .select(['id', 'responsible_unit_id', 'withdrawn_at', 'withdrawn_reason', 'withdrawn_along'])
    .select(sql.ref<string>(children.stateColumn).as('state'))
    .where(sql.ref(children.parentColumn), '=', parentId)
    .where('withdrawn_at', withdrawn ? 'is not' : 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => ({
    table: children.table,
    entity: children.entity,
    entityId: r.id,
    unitId: r.responsible_unit_id,
    state: r.state,
    withdrawal: { at: r.withdrawn_at, reason: r.withdrawn_reason },
    withdrawn: r.withdrawn_at !== null,
    withdrawnAlong: r.withdrawn_along,
  }));
}

/**
 * The written reason of a withdrawal, trimmed: none (or only spaces) is
 * `register_withdraw_reason_required`.
 */
function requireWithdrawalReason(reason: string | undefined): string {
  const text = withdrawalReason(reason);
  if (text === null) throw new AppError('register_withdraw_reason_required');
  if (text.length > WITHDRAWAL_REASON_MAX)
    throw invalid('/reason', `at most ${WITHDRAWAL_REASON_MAX} characters`);
  return text;
}

/**
 * The written reason of a restore, trimmed: none (or only spaces) is
 * `register_restore_reason_required`.
 */
function requireRestoreReason(reason: string | undefined): string {
  const text = withdrawalReason(reason);
  if (text === null) throw new AppError('register_restore_reason_required');
  if (text.length > WITHDRAWAL_REASON_MAX)
    throw invalid('/reason', `at most ${WITHDRAWAL_REASON_MAX} characters`);
  return text;
}

/**
 * Whether a record may be restored now (`src/domain/registers/corrections.ts`): not withdrawn is
 * `register_not_withdrawn`; a recommendation or task whose inspection or plan is withdrawn is
 * `register_state_invalid` naming the parent (restore that, and what left with it comes back).
 */
function assertRestorable(
  row: { withdrawn_at: Date | null },
  parent?: { entity: RegisterEntity; id: number; withdrawn_at: Date | null },
): void {
  const refusal = restoreRefusal({
    withdrawn: row.withdrawn_at !== null,
    parentWithdrawn: parent ? parent.withdrawn_at !== null : false,
  });
  if (refusal === 'not_withdrawn') throw new AppError('register_not_withdrawn');
  if (refusal === 'parent_withdrawn')
    throw new AppError('register_state_invalid', {
      details: {
        state: 'withdrawn',
        step: 'restore',
        parent: { entity: parent?.entity, id: parent?.id },
      },
    });
}

/** One record's withdrawal or restore step, inside the caller's transaction. */
interface RecordStep {
  table: WithdrawableTable;
  actor: Actor;
  entity: RegisterEntity;
  entityId: number;
  unitId: number;
  state: string;
  reason: string;
  /** The record whose withdrawal carried this one, or whose restore brought it back. */
  along?: { entity: RegisterEntity; id: number } | undefined;
  /** One time for a whole cascade (the parent's and its children's rows agree). */
  at: Date;
  requestId?: string | undefined;
}

/**
 * Withdraws one record, whose row the caller holds locked: marks it (who, when, why; a new
 * version), then writes the history event (state → withdrawn, the reason as its note) and the
 * audit row with the record before and after.
 */
async function withdrawRecord(trx: Db, ctx: AppContext, w: RecordStep): Promise<void> {
  // A child withdrawn by its parent's withdrawal is marked so, and comes back when it is restored.
  const along = isChildTable(w.table) && w.along ? sql`, withdrawn_along = true` : sql``;
  await sql`
    update ${sql.table(w.table)}
    set withdrawn_at = ${w.at}, withdrawn_by = ${w.actor.userId || null}, withdrawn_reason = ${w.reason},
      updated_at = ${w.at}, version = version + 1${along}
    where id = ${w.entityId}`.execute(trx);
  await recordChange(trx, ctx, {
    actor: w.actor,
    entity: w.entity,
    entityId: w.entityId,
    unitId: w.unitId,
    action: 'withdraw',
    from: w.state,
    to: 'withdrawn',
    note: w.reason,
    before: { state: w.state, withdrawn: false },
    after: {
      state: w.state,
      withdrawn: true,
      reason: w.reason,
      ...(w.along ? { along: w.along } : {}),
    },
    requestId: w.requestId,
  });
}

/**
 * Restores one withdrawn record, whose row the caller holds locked: clears the withdrawal (a
 * new version), then writes the history event (withdrawn → its state, the reason as its note)
 * and the audit row with the withdrawal before and the restore after.
 */
async function restoreRecord(
  trx: Db,
  ctx: AppContext,
  w: RecordStep & {
    /** The row as it was: when and why it had been withdrawn. */
    withdrawal: { at: Date | null; reason: string | null };
  },
): Promise<void> {
  const along = isChildTable(w.table) ? sql`, withdrawn_along = false` : sql``;
  await sql`
    update ${sql.table(w.table)}
    set withdrawn_at = null, withdrawn_by = null, withdrawn_reason = null,
      updated_at = ${w.at}, version = version + 1${along}
    where id = ${w.entityId}`.execute(trx);
  await recordChange(trx, ctx, {
    actor: w.actor,
    entity: w.entity,
    entityId: w.entityId,
    unitId: w.unitId,
    action: 'restore',
    from: 'withdrawn',
    to: w.state,
    note: w.reason,
    before: {
      state: w.state,
      withdrawn: true,
      withdrawnAt: w.withdrawal.at ? w.withdrawal.at.toISOString() : null,
      withdrawnReason: w.withdrawal.reason,
    },
    after: {
      state: w.state,
      withdrawn: false,
      reason: w.reason,
      ...(w.along ? { along: w.along } : {}),
    },
    requestId: w.requestId,
  });
}
