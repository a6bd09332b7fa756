import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { isIsoDate } from '../../domain/registers/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { claimUploadedFiles, formatVietnamTime } from '../files/index.js';
import { todayIn } from '../org/index.js';
import { assertCanRead, assertRole } from './registers.policy.js';
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

/**
 * Where a register list starts: the tenant's records in force (or with `withdrawn` true only the
 * withdrawn ones; `'any'`, both) whose unit lies in `scope` (null = the whole tenant) and, with
 * `unitCode`, in the subtree of that unit.
 */
export function listedIn(
  table: 'register_initiatives' | 'register_inspections' | 'register_plans' | 'register_headcounts',
  unitColumn: string,
  where: {
    tenantId: number;
    scope: readonly number[] | null;
    unitCode?: string | undefined;
    withdrawn?: boolean | 'any' | undefined;
  },
): Expression<SqlBool> {
  const unit = `${table}.${unitColumn}`;
  const conditions: Expression<SqlBool>[] = [
    sql<boolean>`${sql.ref(`${table}.tenant_id`)} = ${where.tenantId}`,
  ];
  if (where.withdrawn !== 'any')
    conditions.push(withdrawnCondition(`${table}.withdrawn_at`, where.withdrawn));
  if (where.scope !== null) conditions.push(inSubtrees(unit, where.scope));
  if (where.unitCode) conditions.push(inSubtreeOfCode(unit, where.tenantId, where.unitCode));
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/** A list query selected and sorted, as Kysely builds it, to be cut into pages. */
interface SortedQuery<Row> {
  limit(count: number): { offset(count: number): { execute(): Promise<Row[]> } };
}

/**
 * One page of a register list: `sorted` cut to the page, with how many records the whole list
 * holds (`count`: the same query counting them, as `n`).
 */
export async function onePage<Row>(
  paging: Paging,
  sorted: SortedQuery<Row>,
  count: { executeTakeFirstOrThrow(): Promise<{ n: number }> },
) {
  const [rows, total] = await Promise.all([
    sorted
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows, page: { total: Number(total.n), page: paging.page, pageSize: paging.pageSize } };
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

/** The register tables whose rows stand on their own (no parent record). */
type RecordTable =
  | 'register_initiatives'
  | 'register_inspections'
  | 'register_plans'
  | 'register_headcounts';

/**
 * A record of the actor's tenant by id, locked for a change: unknown, or in no unit the actor
 * reads, is `register_item_not_found` (nobody can probe what other units hold); with `roles`,
 * not holding one of them over the record's unit is `forbidden`.
 */
export async function lockRecord<T extends RecordTable>(
  trx: Kysely<DB>,
  actor: Actor,
  record: { table: T; id: number; unit: (row: Selectable<DB[T]>) => number },
  roles?: readonly Role[],
): Promise<Selectable<DB[T]>> {
  // Kysely cannot follow a generic table name: the query is typed over the union.
  const found = await trx
    .selectFrom(record.table as RecordTable)
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', record.id)
    .forUpdate()
    .executeTakeFirst();
  if (!found) throw new AppError('register_item_not_found');
  const row = found as unknown as Selectable<DB[T]>;
  const unitId = record.unit(row);
  await assertCanRead(trx, actor, [unitId]);
  if (roles) await assertRole(trx, actor, roles, unitId);
  return row;
}

/** The rows that belong to a parent record, and how each names it. */
const PARENTS = {
  register_recommendations: {
    parent: 'register_inspections',
    column: 'inspection_id',
    unit: 'inspected_unit_id',
  },
  register_plan_tasks: { parent: 'register_plans', column: 'plan_id', unit: 'unit_id' },
} as const;

/**
 * A recommendation or task of the actor's tenant by id, locked for a change, with its parent's
 * unit and withdrawal: readable when the actor reads its responsible unit or its parent's
 * (else `register_item_not_found`); with `roles`, one of them held over the parent's unit, as
 * when it was added (else `forbidden`).
 */
export async function lockChild<T extends keyof typeof PARENTS>(
  trx: Kysely<DB>,
  actor: Actor,
  record: { table: T; id: number },
  roles?: readonly Role[],
) {
  const link = PARENTS[record.table];
  const { rows } = await sql<
    Selectable<DB[T]> & {
      responsible_unit_id: number;
      parent_unit_id: number;
      parent_withdrawn_at: Date | null;
    }
  >`
    select c.*, p.${sql.ref(link.unit)} as parent_unit_id, p.withdrawn_at as parent_withdrawn_at
    from ${sql.table(record.table)} c join ${sql.table(link.parent)} p on p.id = c.${sql.ref(link.column)}
    where c.tenant_id = ${actor.tenantId} and c.id = ${record.id}
    for update`.execute(trx);
  const row = rows[0];
  if (!row) throw new AppError('register_item_not_found');
  await assertCanRead(trx, actor, [row.parent_unit_id, row.responsible_unit_id]);
  if (roles) await assertRole(trx, actor, roles, row.parent_unit_id);
  return row;
}

/**
 * A withdrawn record takes no further step: `register_state_invalid` with state `withdrawn`.
 */
export function assertNotWithdrawn(row: { withdrawn_at: Date | null }, step: string): void {
  if (row.withdrawn_at) throw stateInvalid('withdrawn', step);
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
