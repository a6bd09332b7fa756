import { sql } from 'kysely';
import {
  DEFAULT_FILING_UNIT_KINDS,
  existedIn,
  type InitiativeState,
  initiativeEditable,
  nextInitiativeState,
  unitsWithoutInitiative,
} from '../../domain/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { formatVietnamTime } from '../files/index.js';
import {
  type Acting,
  assertNotWithdrawn,
  attachFiles,
  checkDate,
  checkVersion,
  filesOf,
  historyOf,
  inSubtreeOfCode,
  inSubtrees,
  invalid,
  listedIn,
  lockRecord,
  onePage,
  type Paging,
  presentWithdrawal,
  recordChange,
  stateInvalid,
  unitByCode,
  unitOf,
  unitsById,
  userNames,
} from './registers.common.js';
import {
  assertCanRead,
  assertRole,
  coversAny,
  INITIATIVE_FILE_ROLES,
  REGISTER_MANAGE_ROLES,
} from './registers.policy.js';
import {
  restoreToRegister,
  type WithdrawableKind,
  type WithdrawalRequest,
  withdrawFromRegister,
} from './registers.withdrawal.js';

export interface InitiativeInput {
  unitCode: string;
  year: number;
  title: string;
  summary: string;
  authors: string;
  fileIds?: number[] | undefined;
}

export interface InitiativeFilters extends Paging {
  year?: number | undefined;
  unitCode?: string | undefined;
  state?: InitiativeState | undefined;
  /** true: only the initiatives withdrawn from the register; otherwise only those in force. */
  withdrawn?: boolean | undefined;
}

/**
 * Files a reform initiative for a unit (DOMAIN §10): a specialist, leader or the reform office
 * over the unit; state `registered`, files attached (the filer's own uploads), the history
 * event and audit row, in one transaction. Unknown unit: `register_unit_invalid`; a unit
 * outside the filer's roles: `forbidden`.
 */
export async function fileInitiative(
  ctx: AppContext,
  options: Acting & { input: InitiativeInput },
) {
  const { actor, input } = options;
  const unit = await unitByCode(ctx.db, actor.tenantId, input.unitCode, 'unitCode');
  await assertRole(ctx.db, actor, INITIATIVE_FILE_ROLES, unit.id);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const row = await trx
      .insertInto('register_initiatives')
      .values({
        tenant_id: actor.tenantId,
        unit_id: unit.id,
        year: input.year,
        title: input.title.trim(),
        summary: input.summary.trim(),
        authors: input.authors.trim(),
        created_by: actor.userId || null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await attachFiles(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      fileIds: input.fileIds,
    });
    await recordChange(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      unitId: unit.id,
      action: 'file',
      from: null,
      to: 'registered',
      after: { year: input.year, title: input.title.trim(), files: input.fileIds ?? [] },
      requestId: options.requestId,
    });
    return row.id;
  });
  return getInitiative(ctx, { actor, id });
}

/**
 * Corrects a registered initiative (a draft): year, title, summary, authors, by whoever may file
 * for its unit. Once evaluated it is the reform office's record: `register_state_invalid`.
 */
export async function correctInitiative(
  ctx: AppContext,
  options: Acting & {
    id: number;
    input: Omit<InitiativeInput, 'unitCode' | 'fileIds'>;
    version?: number | undefined;
  },
) {
  const { actor, input } = options;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await initiativeForUpdate(trx, actor, options.id, INITIATIVE_FILE_ROLES);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, 'correct');
    if (!initiativeEditable(row.state)) throw stateInvalid(row.state, 'correct');
    const next = {
      year: input.year,
      title: input.title.trim(),
      summary: input.summary.trim(),
      authors: input.authors.trim(),
    };
    await trx
      .updateTable('register_initiatives')
      .set({ ...next, updated_at: ctx.now(), version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      unitId: row.unit_id,
      action: 'correct',
      from: row.state,
      to: row.state,
      before: { year: row.year, title: row.title, summary: row.summary, authors: row.authors },
      after: next,
      requestId: options.requestId,
    });
  });
  return getInitiative(ctx, { actor, id: options.id });
}

/** An initiative, locked, for a change by one of `roles` over its unit. */
function initiativeForUpdate(
  trx: AppContext['db'],
  actor: Actor,
  id: number,
  roles: readonly Role[],
) {
  return lockRecord(
    trx,
    actor,
    { table: 'register_initiatives', id, unit: (row) => row.unit_id },
    roles,
  );
}

/**
 * The reform office evaluates an initiative: a score (0–100) and a comment; may be revised
 * until the decision. Other states: `register_state_invalid`.
 */
export async function evaluateInitiative(
  ctx: AppContext,
  options: Acting & { id: number; score: number; comment: string; version?: number | undefined },
) {
  const { actor } = options;
  // The column keeps two decimals; rounding here keeps the audit row equal to what is stored.
  const score = Math.round(options.score * 100) / 100;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await initiativeForUpdate(trx, actor, options.id, REGISTER_MANAGE_ROLES);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, 'evaluate');
    const to = nextInitiativeState(row.state, 'evaluate');
    if (!to) throw stateInvalid(row.state, 'evaluate');
    const now = ctx.now();
    await trx
      .updateTable('register_initiatives')
      .set({
        state: to,
        score,
        evaluation_comment: options.comment.trim(),
        evaluated_at: now,
        updated_at: now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      unitId: row.unit_id,
      action: 'evaluate',
      from: row.state,
      to,
      note: options.comment.trim(),
      before: { state: row.state, score: row.score === null ? null : Number(row.score) },
      after: { state: to, score },
      requestId: options.requestId,
    });
  });
  return getInitiative(ctx, { actor, id: options.id });
}

/**
 * The reform office recognises an evaluated initiative or not (with an optional note).
 * Not evaluated yet, or already decided: `register_state_invalid`.
 */
export async function decideInitiative(
  ctx: AppContext,
  options: Acting & {
    id: number;
    recognised: boolean;
    note?: string | undefined;
    version?: number | undefined;
  },
) {
  const { actor } = options;
  const action = options.recognised ? 'recognise' : 'not_recognise';
  await ctx.db.transaction().execute(async (trx) => {
    const row = await initiativeForUpdate(trx, actor, options.id, REGISTER_MANAGE_ROLES);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, action);
    const to = nextInitiativeState(row.state, action);
    if (!to) throw stateInvalid(row.state, action);
    const now = ctx.now();
    await trx
      .updateTable('register_initiatives')
      .set({ state: to, decided_at: now, updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      unitId: row.unit_id,
      action,
      from: row.state,
      to,
      note: options.note?.trim() || null,
      before: { state: row.state },
      after: { state: to },
      requestId: options.requestId,
    });
  });
  return getInitiative(ctx, { actor, id: options.id });
}

/**
 * The reform office records that a recognised initiative was replicated (nhân rộng) in other
 * units on a date. A unit already recorded keeps its first date; the filing unit itself is
 * refused. Not recognised: `register_state_invalid`.
 */
export async function replicateInitiative(
  ctx: AppContext,
  options: Acting & {
    id: number;
    unitCodes: string[];
    replicatedOn: string;
    note?: string | undefined;
  },
) {
  const { actor } = options;
  const replicatedOn = checkDate('/replicatedOn', options.replicatedOn);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await initiativeForUpdate(trx, actor, options.id, REGISTER_MANAGE_ROLES);
    assertNotWithdrawn(row, 'replicate');
    if (!nextInitiativeState(row.state, 'replicate')) throw stateInvalid(row.state, 'replicate');
    const units = [];
    for (const code of [...new Set(options.unitCodes.map((c) => c.trim()))])
      units.push(await unitByCode(trx, actor.tenantId, code, 'unitCodes'));
    if (units.some((u) => u.id === row.unit_id))
      throw invalid('/unitCodes', 'another unit than the one that filed it');
    const now = ctx.now();
    await trx
      .insertInto('register_replications')
      .values(
        units.map((u) => ({
          tenant_id: actor.tenantId,
          initiative_id: row.id,
          unit_id: u.id,
          replicated_on: replicatedOn,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['initiative_id', 'unit_id']).doNothing())
      .execute();
    await trx
      .updateTable('register_initiatives')
      .set({ updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      unitId: row.unit_id,
      action: 'replicate',
      from: row.state,
      to: row.state,
      note: [units.map((u) => u.name).join(', '), options.note?.trim()].filter(Boolean).join(' — '),
      after: { units: units.map((u) => u.code), replicatedOn },
      requestId: options.requestId,
    });
  });
  return getInitiative(ctx, { actor, id: options.id });
}

/**
 * The reform office corrects one replication of an initiative in place: the unit that applied
 * it and the date, checked as when it was recorded (not the filing unit, not a unit recorded
 * already: `validation_failed`). Only while replications may be recorded (recognised, in
 * force): `register_state_invalid`; a stale initiative `version`: `version_conflict`.
 */
export async function correctReplication(
  ctx: AppContext,
  options: Acting & {
    id: number;
    replicationId: number;
    unitCode: string;
    replicatedOn: string;
    version: number;
  },
) {
  const { actor } = options;
  const replicatedOn = checkDate('/replicatedOn', options.replicatedOn);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await initiativeForUpdate(trx, actor, options.id, REGISTER_MANAGE_ROLES);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, 'correct_replication');
    if (!nextInitiativeState(row.state, 'replicate'))
      throw stateInvalid(row.state, 'correct_replication');
    const replication = await trx
      .selectFrom('register_replications')
      .selectAll()
      .where('initiative_id', '=', row.id)
      .where('id', '=', options.replicationId)
      .executeTakeFirst();
    if (!replication) throw new AppError('register_item_not_found');
    const unit = await unitByCode(trx, actor.tenantId, options.unitCode, 'unitCode');
    if (unit.id === row.unit_id)
      throw invalid('/unitCode', 'another unit than the one that filed it');
    const taken = await trx
      .selectFrom('register_replications')
      .select('id')
      .where('initiative_id', '=', row.id)
      .where('unit_id', '=', unit.id)
      .where('id', '<>', replication.id)
      .executeTakeFirst();
    if (taken) throw invalid('/unitCode', 'a unit not recorded yet for this initiative');
    const previous = await unitsById(trx, [replication.unit_id]);
    await trx
      .updateTable('register_replications')
      .set({ unit_id: unit.id, replicated_on: replicatedOn })
      .where('id', '=', replication.id)
      .execute();
    await trx
      .updateTable('register_initiatives')
      .set({ updated_at: ctx.now(), version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'initiative',
      entityId: row.id,
      unitId: row.unit_id,
      action: 'correct_replication',
      from: row.state,
      to: row.state,
      note: `${unit.name} — ${replicatedOn}`,
      before: {
        replicationId: replication.id,
        unit: unitOf(previous, replication.unit_id).code,
        replicatedOn: replication.replicated_on,
      },
      after: { replicationId: replication.id, unit: unit.code, replicatedOn },
      requestId: options.requestId,
    });
  });
  return getInitiative(ctx, { actor, id: options.id });
}

/** An initiative is withdrawn and restored on its own. */
const INITIATIVE: WithdrawableKind<Awaited<ReturnType<typeof initiativeForUpdate>>> = {
  table: 'register_initiatives',
  entity: 'initiative',
  lockForManager: (trx, actor, id) => initiativeForUpdate(trx, actor, id, REGISTER_MANAGE_ROLES),
  unitId: (row) => row.unit_id,
  state: (row) => row.state,
};

/**
 * The reform office withdraws an initiative entered by mistake, with a written reason (none:
 * `register_withdraw_reason_required`), whatever its state: it keeps its state and history but
 * leaves the lists, exports, the units-that-filed-none report and the annual index's counts.
 * Already withdrawn: `register_state_invalid`.
 */
export async function withdrawInitiative(ctx: AppContext, options: WithdrawalRequest) {
  await withdrawFromRegister(ctx, INITIATIVE, options);
  return getInitiative(ctx, { actor: options.actor, id: options.id });
}

/**
 * The reform office restores an initiative it withdrew, with a written reason (none:
 * `register_restore_reason_required`): back in the lists, exports, the units-that-filed-none
 * report and the annual index's counts, in the state it had. Not withdrawn:
 * `register_not_withdrawn`; a stale `version`: `version_conflict`.
 */
export async function restoreInitiative(ctx: AppContext, options: WithdrawalRequest) {
  await restoreToRegister(ctx, INITIATIVE, options);
  return getInitiative(ctx, { actor: options.actor, id: options.id });
}

/** What the actor may do to an initiative now (the screen shows these forms). */
async function initiativeActions(
  ctx: AppContext,
  actor: Actor,
  row: { unit_id: number; state: InitiativeState; withdrawn_at: Date | null },
): Promise<string[]> {
  const actions: string[] = [];
  if (row.withdrawn_at) {
    if (await coversAny(ctx.db, actor, REGISTER_MANAGE_ROLES, [row.unit_id]))
      actions.push('restore');
    return actions;
  }
  if (
    initiativeEditable(row.state) &&
    (await coversAny(ctx.db, actor, INITIATIVE_FILE_ROLES, [row.unit_id]))
  )
    actions.push('correct');
  if (!(await coversAny(ctx.db, actor, REGISTER_MANAGE_ROLES, [row.unit_id]))) return actions;
  if (nextInitiativeState(row.state, 'evaluate')) actions.push('evaluate');
  if (nextInitiativeState(row.state, 'recognise')) actions.push('decide');
  if (nextInitiativeState(row.state, 'replicate')) actions.push('replicate');
  actions.push('withdraw');
  return actions;
}

/**
 * One initiative with its replications, files, history and the actor's possible actions.
 * Unknown or outside the actor's units: `register_item_not_found`.
 */
export async function getInitiative(ctx: AppContext, options: { actor: Actor; id: number }) {
  const { actor } = options;
  const row = await ctx.db
    .selectFrom('register_initiatives')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (!row) throw new AppError('register_item_not_found');
  await assertCanRead(ctx.db, actor, [row.unit_id]);
  const replications = await ctx.db
    .selectFrom('register_replications')
    .select(['id', 'unit_id', 'replicated_on'])
    .where('initiative_id', '=', row.id)
    .orderBy('replicated_on')
    .orderBy('id')
    .execute();
  const units = await unitsById(ctx.db, [row.unit_id, ...replications.map((r) => r.unit_id)]);
  const [files, history, actions, names] = await Promise.all([
    filesOf(ctx.db, [{ entity: 'initiative', id: row.id }]),
    historyOf(ctx.db, [{ entity: 'initiative', id: row.id }]),
    initiativeActions(ctx, actor, row),
    userNames(ctx.db, [row.withdrawn_by]),
  ]);
  return {
    ...presentInitiative(row, unitOf(units, row.unit_id), names),
    summary: row.summary,
    evaluationComment: row.evaluation_comment,
    evaluatedAt: row.evaluated_at ? formatVietnamTime(row.evaluated_at) : null,
    decidedAt: row.decided_at ? formatVietnamTime(row.decided_at) : null,
    replications: replications.map((r) => ({
      id: r.id,
      unit: unitOf(units, r.unit_id),
      replicatedOn: r.replicated_on,
    })),
    files: files.get(`initiative:${row.id}`) ?? [],
    history: history.map((h) => ({ ...h, at: formatVietnamTime(h.at) })),
    actions,
  };
}

function presentInitiative(
  row: {
    id: number;
    year: number;
    title: string;
    authors: string;
    state: InitiativeState;
    score: string | null;
    version: number;
    created_at: Date;
    withdrawn_at: Date | null;
    withdrawn_by: number | null;
    withdrawn_reason: string | null;
  },
  unit: { id: number; code: string; name: string },
  names: Map<number, string>,
) {
  return {
    id: row.id,
    unit,
    year: row.year,
    title: row.title,
    authors: row.authors,
    state: row.state,
    score: row.score === null ? null : Number(row.score),
    version: row.version,
    filedAt: formatVietnamTime(row.created_at),
    withdrawn: presentWithdrawal(row, names),
  };
}

/**
 * Initiatives in `scope` (null = the whole tenant), filtered by year, a unit's subtree (by code)
 * and state, newest first, one page: those in force, or with `withdrawn` only the withdrawn ones.
 */
export async function listInitiatives(
  ctx: AppContext,
  options: { tenantId: number; scope: number[] | null; filters: InitiativeFilters },
) {
  const { tenantId, scope, filters } = options;
  let query = ctx.db
    .selectFrom('register_initiatives')
    .where(listedIn('register_initiatives', 'unit_id', { tenantId, scope, ...filters }));
  if (filters.year !== undefined)
    query = query.where('register_initiatives.year', '=', filters.year);
  if (filters.state) query = query.where('register_initiatives.state', '=', filters.state);
  const { rows, page } = await onePage(
    filters,
    query.selectAll().orderBy('year', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc'),
    query.select(sql<number>`count(*)`.as('n')),
  );
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
  return {
    ...page,
    items: rows.map((r) => presentInitiative(r, unitOf(units, r.unit_id), names)),
  };
}

/**
 * The units in `scope` of the kinds that should file (tenant setting
 * `registers.initiativeUnitKinds`, else `kinds`, else the default: departments, districts,
 * communes, wards) that existed in `year` and filed no initiative that year — in tree order. A
 * withdrawn initiative (entered by mistake) does not count as filed.
 */
export async function missingInitiatives(
  ctx: AppContext,
  options: {
    tenantId: number;
    scope: number[] | null;
    year: number;
    kinds?: string[] | undefined;
    unitCode?: string | undefined;
  },
) {
  const { tenantId, scope, year } = options;
  const kinds = options.kinds?.length ? options.kinds : await filingKinds(ctx, tenantId);
  let unitsQuery = ctx.db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind', 'valid_from', 'valid_to'])
    .where('tenant_id', '=', tenantId)
    .where('kind', 'in', kinds);
  if (scope !== null) unitsQuery = unitsQuery.where(inSubtrees('units.id', scope));
  if (options.unitCode)
    unitsQuery = unitsQuery.where(inSubtreeOfCode('units.id', tenantId, options.unitCode));
  const [units, filed] = await Promise.all([
    unitsQuery.orderBy('code').execute(),
    ctx.db
      .selectFrom('register_initiatives')
      .select('unit_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('year', '=', year)
      // A withdrawn initiative was entered by mistake: the unit has not filed it.
      .where('withdrawn_at', 'is', null)
      .execute(),
  ]);
  const candidates = units.map((u) => ({ ...u, validFrom: u.valid_from, validTo: u.valid_to }));
  const missing = unitsWithoutInitiative({
    units: candidates,
    filed: new Set(filed.map((f) => f.unit_id)),
    year,
    kinds,
  });
  return {
    year,
    kinds,
    /** Units that should have filed that year. */
    expected: candidates.filter((u) => existedIn(u, year)).length,
    units: missing.map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind })),
  };
}

async function filingKinds(ctx: AppContext, tenantId: number): Promise<string[]> {
  const tenant = await ctx.db
    .selectFrom('tenants')
    .select('settings')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  const registers = (
    tenant?.settings as { registers?: { initiativeUnitKinds?: unknown } } | undefined
  )?.registers;
  const kinds = registers?.initiativeUnitKinds;
  if (Array.isArray(kinds) && kinds.length > 0 && kinds.every((k) => typeof k === 'string'))
    return kinds as string[];
  return [...DEFAULT_FILING_UNIT_KINDS];
}
