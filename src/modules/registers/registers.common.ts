import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import {
  isIsoDate,
  restoreRefusal,
  WITHDRAWAL_REASON_MAX,
  withdrawalReason,
} from '../../domain/registers/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { claimUploadedFiles, formatVietnamTime } from '../files/index.js';
import { todayIn } from '../org/index.js';
import type { RegisterEntity, WithdrawalColumns } from './registers.tables.js';
import './registers.tables.js';

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

/** Today's date in Vietnam (YYYY-MM-DD) by the context's clock: due dates are calendar dates. */
export function today(ctx: AppContext): string {
  return todayIn(ctx.now());
}

/**
 * A unit of the tenant by code, or `register_unit_invalid` (the field is named in details).
 */
export async function unitByCode(
  db: Kysely<DB>,
  tenantId: number,
  code: string,
  field: string,
): Promise<UnitRef> {
  const row = await db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code.trim())
    .executeTakeFirst();
  if (!row) throw new AppError('register_unit_invalid', { details: { field, unit: code } });
  return row;
}

/** The units by id, for presenting rows. */
export async function unitsById(
  db: Kysely<DB>,
  ids: readonly number[],
): Promise<Map<number, UnitRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function unitOf(units: Map<number, UnitRef>, id: number): UnitRef {
  return units.get(id) ?? { id, code: '', name: '' };
}

/**
 * A condition: the column's unit lies in the subtree of one of `scope` (null = no condition).
 */
export function inSubtrees(column: string, scope: readonly number[]): Expression<SqlBool> {
  return sql<boolean>`${sql.ref(column)} in (select descendant_id from unit_closure where ancestor_id in (${sql.join([...scope])}))`;
}

/** A condition: the column's unit lies in the subtree of the unit with `code` in the tenant. */
export function inSubtreeOfCode(
  column: string,
  tenantId: number,
  code: string,
): Expression<SqlBool> {
  return sql<boolean>`${sql.ref(column)} in (select c.descendant_id from unit_closure c join units r on r.id = c.ancestor_id where r.tenant_id = ${tenantId} and r.code = ${code})`;
}

/** `validation_failed` naming one field (for rules TypeBox cannot say). */
export function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', {
    message: `${path.slice(1)}: ${message}`,
    details: { issues: [{ path, message }] },
  });
}

/** A date field: a real calendar date. */
export function checkDate(path: string, value: string): string {
  if (!isIsoDate(value)) throw invalid(path, 'a calendar date YYYY-MM-DD');
  return value;
}

/** `register_state_invalid` with the state and the step refused. */
export function stateInvalid(state: string, step: string): AppError {
  return new AppError('register_state_invalid', { details: { state, step } });
}

/** `version_conflict` unless the caller's version (when given) is the row's. */
export function checkVersion(row: { version: number }, version: number | undefined): void {
  if (version !== undefined && version !== row.version)
    throw new AppError('version_conflict', { details: { version: row.version } });
}

/**
 * A withdrawn record takes no further step: `register_state_invalid` with state `withdrawn`.
 */
export function assertNotWithdrawn(row: { withdrawn_at: Date | null }, step: string): void {
  if (row.withdrawn_at) throw stateInvalid('withdrawn', step);
}

/**
 * The written reason of a withdrawal, trimmed: none (or only spaces) is
 * `register_withdraw_reason_required`.
 */
export function requireWithdrawalReason(reason: string | undefined): string {
  const text = withdrawalReason(reason);
  if (text === null) throw new AppError('register_withdraw_reason_required');
  if (text.length > WITHDRAWAL_REASON_MAX)
    throw invalid('/reason', `at most ${WITHDRAWAL_REASON_MAX} characters`);
  return text;
}

/**
 * A list condition on a register table's `withdrawn_at`: the records still in the register
 * (default), or only those withdrawn (`withdrawn` true).
 */
export function withdrawnCondition(
  column: string,
  withdrawn: boolean | undefined,
): Expression<SqlBool> {
  return withdrawn
    ? sql<boolean>`${sql.ref(column)} is not null`
    : sql<boolean>`${sql.ref(column)} is null`;
}

/** The full names of users by id (who withdrew records). */
export async function userNames(
  db: Kysely<DB>,
  ids: ReadonlyArray<number | null>,
): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'full_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/**
 * A record's withdrawal as the API shows it (when, by whom, why, and whether it left with its
 * inspection or plan), or null when it is in force.
 */
export function presentWithdrawal(
  row: WithdrawalColumns & { withdrawn_along?: boolean },
  names: Map<number, string>,
) {
  if (!row.withdrawn_at) return null;
  return {
    at: formatVietnamTime(row.withdrawn_at),
    by: row.withdrawn_by === null ? null : (names.get(row.withdrawn_by) ?? null),
    reason: row.withdrawn_reason ?? '',
    along: row.withdrawn_along ?? false,
  };
}

/**
 * The written reason of a restore, trimmed: none (or only spaces) is
 * `register_restore_reason_required`.
 */
export function requireRestoreReason(reason: string | undefined): string {
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
export function assertRestorable(
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

/**
 * The register tables whose records can be withdrawn (migration 0079 gave each the columns,
 * 0081 the headcount rows).
 */
export type WithdrawableTable =
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

/**
 * Withdraws one record inside the caller's transaction, which holds its row locked: marks it
 * (who, when, why; a new version), then writes the history event (state → withdrawn, the reason
 * as its note) and the audit row with the record before and after. `along` names the record
 * whose withdrawal carried this one (a recommendation with its inspection, a task with its plan).
 */
export async function withdrawRecord(
  trx: Kysely<DB>,
  ctx: AppContext,
  w: {
    table: WithdrawableTable;
    actor: Actor;
    entity: RegisterEntity;
    entityId: number;
    unitId: number;
    state: string;
    reason: string;
    along?: { entity: RegisterEntity; id: number } | undefined;
    /** One time for a whole cascade (the parent's and its children's rows agree). */
    at?: Date | undefined;
    requestId?: string | undefined;
  },
): Promise<void> {
  const now = w.at ?? ctx.now();
  // A child withdrawn by its parent's withdrawal is marked so, and comes back when it is restored.
  const along = isChildTable(w.table) && w.along ? sql`, withdrawn_along = true` : sql``;
  await sql`
    update ${sql.table(w.table)}
    set withdrawn_at = ${now}, withdrawn_by = ${w.actor.userId || null}, withdrawn_reason = ${w.reason},
      updated_at = ${now}, version = version + 1${along}
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
 * Restores one withdrawn record inside the caller's transaction, which holds its row locked:
 * clears the withdrawal (a new version), then writes the history event (withdrawn → its state,
 * the reason as its note) and the audit row with the withdrawal before and the restore after.
 * `along` names the record whose restore brought this one back.
 */
export async function restoreRecord(
  trx: Kysely<DB>,
  ctx: AppContext,
  w: {
    table: WithdrawableTable;
    actor: Actor;
    entity: RegisterEntity;
    entityId: number;
    unitId: number;
    state: string;
    /** The row as it was: when and why it had been withdrawn. */
    withdrawal: { at: Date | null; reason: string | null };
    reason: string;
    along?: { entity: RegisterEntity; id: number } | undefined;
    at?: Date | undefined;
    requestId?: string | undefined;
  },
): Promise<void> {
  const now = w.at ?? ctx.now();
  const along = isChildTable(w.table) ? sql`, withdrawn_along = false` : sql``;
  await sql`
    update ${sql.table(w.table)}
    set withdrawn_at = null, withdrawn_by = null, withdrawn_reason = null,
      updated_at = ${now}, version = version + 1${along}
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

/**
 * What every register change records, inside the caller's transaction: the history event shown
 * on the item's page and the audit row (hash-chained per item).
 */
export async function recordChange(
  trx: Kysely<DB>,
  ctx: AppContext,
  change: {
    actor: Actor;
    entity: RegisterEntity;
    entityId: number;
    unitId: number;
    action: string;
    from: string | null;
    to: string | null;
    note?: string | null;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    requestId?: string | undefined;
  },
): Promise<void> {
  const at = ctx.now();
  await trx
    .insertInto('register_events')
    .values({
      tenant_id: change.actor.tenantId,
      entity: change.entity,
      entity_id: change.entityId,
      action: change.action,
      from_state: change.from,
      to_state: change.to,
      actor_id: change.actor.userId || null,
      note: change.note ?? null,
      at,
    })
    .execute();
  await recordAudit(trx, {
    tenantId: change.actor.tenantId,
    actorId: change.actor.userId || null,
    unitId: change.unitId,
    action: `registers.${change.entity}.${change.action}`,
    entity: `register_${change.entity}`,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: change.requestId ?? null,
    at,
  });
}

/** The history of items, oldest first, with the actor's name. */
export async function historyOf(
  db: Kysely<DB>,
  items: Array<{ entity: RegisterEntity; id: number }>,
) {
  if (items.length === 0) return [];
  const rows = await db
    .selectFrom('register_events')
    .leftJoin('users', 'users.id', 'register_events.actor_id')
    .select([
      'register_events.id',
      'register_events.entity',
      'register_events.entity_id',
      'register_events.action',
      'register_events.from_state',
      'register_events.to_state',
      'register_events.note',
      'register_events.at',
      'users.full_name as actor_name',
    ])
    .where((eb) =>
      eb.or(
        items.map((i) =>
          eb.and([
            eb('register_events.entity', '=', i.entity),
            eb('register_events.entity_id', '=', i.id),
          ]),
        ),
      ),
    )
    .orderBy('register_events.at')
    .orderBy('register_events.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    note: r.note,
    actor: r.actor_name ?? null,
    at: r.at,
  }));
}

/**
 * Attaches the actor's own unclaimed uploads to an item (claimed for it, so nothing else can
 * take them). Unknown, others' or already attached files: `not_found` with the file ids.
 */
export async function attachFiles(
  trx: Kysely<DB>,
  ctx: AppContext,
  input: {
    actor: Actor;
    entity: 'initiative' | 'inspection' | 'recommendation';
    entityId: number;
    fileIds: readonly number[] | undefined;
  },
): Promise<void> {
  const ids = [...new Set(input.fileIds ?? [])];
  if (ids.length === 0) return;
  await claimUploadedFiles({
    db: trx,
    tenantId: input.actor.tenantId,
    userId: input.actor.userId,
    ids,
    claimedFor: `register_${input.entity}:${input.entityId}`,
    now: ctx.now(),
  });
  await trx
    .insertInto('register_files')
    .values(
      ids.map((fileId) => ({
        tenant_id: input.actor.tenantId,
        entity: input.entity,
        entity_id: input.entityId,
        file_id: fileId,
      })),
    )
    .execute();
}

/** The files attached to items: id, name, size, mime, keyed by `entity:id`. */
export async function filesOf(
  db: Kysely<DB>,
  items: Array<{ entity: 'initiative' | 'inspection' | 'recommendation'; id: number }>,
) {
  const map = new Map<string, Array<{ id: number; name: string; mime: string; size: number }>>();
  if (items.length === 0) return map;
  const rows = await db
    .selectFrom('register_files')
    .innerJoin('stored_files', 'stored_files.id', 'register_files.file_id')
    .select([
      'register_files.entity',
      'register_files.entity_id',
      'stored_files.id',
      'stored_files.name',
      'stored_files.mime',
      'stored_files.size',
    ])
    .where((eb) =>
      eb.or(
        items.map((i) =>
          eb.and([
            eb('register_files.entity', '=', i.entity),
            eb('register_files.entity_id', '=', i.id),
          ]),
        ),
      ),
    )
    .orderBy('stored_files.id')
    .execute();
  for (const r of rows) {
    const key = `${r.entity}:${r.entity_id}`;
    const list = map.get(key) ?? [];
    list.push({ id: r.id, name: r.name, mime: r.mime, size: Number(r.size) });
    map.set(key, list);
  }
  return map;
}

/** Who acts on a register, and the request to name in the audit log. */
export interface Acting {
  actor: Actor;
  requestId?: string | undefined;
}

export interface Paging {
  page: number;
  pageSize: number;
}
