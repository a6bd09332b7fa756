import { sql } from 'kysely';
import {
  type ConclusionKind,
  conclusionProblems,
  daysOverdue,
  type InspectionKind,
  type InspectionState,
  inspectedUnitChangeable,
  inspectionCorrectable,
  isOverdue,
  nextInspectionState,
  type RecommendationState,
  recommendationCorrectable,
} from '../../domain/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
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
  listedIn,
  lockChild,
  lockRecord,
  onePage,
  type Paging,
  presentWithdrawal,
  recordChange,
  stateInvalid,
  today,
  type UnitRef,
  unitByCode,
  unitOf,
  unitsById,
  userNames,
} from './registers.common.js';
import {
  assertCanRead,
  assertRole,
  coversAny,
  FOLLOW_UP_ROLES,
  REGISTER_MANAGE_ROLES,
} from './registers.policy.js';
import {
  restoreToRegister,
  type WithdrawableKind,
  type WithdrawalRequest,
  withdrawFromRegister,
} from './registers.withdrawal.js';

export interface InspectionInput {
  inspectedUnitCode: string;
  inspectingUnitCode?: string | undefined;
  inspectingBody: string;
  kind: InspectionKind;
  plannedOn: string;
  scope: string;
}

export interface InspectionFilters extends Paging {
  year?: number | undefined;
  unitCode?: string | undefined;
  state?: InspectionState | undefined;
  /** true: only the inspections withdrawn from the register; otherwise only those in force. */
  withdrawn?: boolean | undefined;
}

export interface RecommendationInput {
  content: string;
  responsibleUnitCode: string;
  dueOn: string;
}

export interface ConclusionInput {
  kind?: ConclusionKind | undefined;
  number?: string | undefined;
  date?: string | undefined;
  text?: string | undefined;
  fileIds?: number[] | undefined;
}

/**
 * The reform office plans an inspection of a unit (DOMAIN §10): the inspecting body (and its
 * unit when it is one of the tenant's), kind, planned date and scope. State `planned`.
 */
export async function planInspection(
  ctx: AppContext,
  options: Acting & { input: InspectionInput },
) {
  const { actor, input } = options;
  const plannedOn = checkDate('/plannedOn', input.plannedOn);
  const inspected = await unitByCode(
    ctx.db,
    actor.tenantId,
    input.inspectedUnitCode,
    'inspectedUnitCode',
  );
  const inspecting = input.inspectingUnitCode
    ? await unitByCode(ctx.db, actor.tenantId, input.inspectingUnitCode, 'inspectingUnitCode')
    : null;
  await assertRole(ctx.db, actor, REGISTER_MANAGE_ROLES, inspected.id);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const row = await trx
      .insertInto('register_inspections')
      .values({
        tenant_id: actor.tenantId,
        inspected_unit_id: inspected.id,
        inspecting_unit_id: inspecting?.id ?? null,
        inspecting_body: input.inspectingBody.trim(),
        kind: input.kind,
        planned_on: plannedOn,
        scope: input.scope.trim(),
        created_by: actor.userId || null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, ctx, {
      actor,
      entity: 'inspection',
      entityId: row.id,
      unitId: inspected.id,
      action: 'plan',
      from: null,
      to: 'planned',
      after: { kind: input.kind, plannedOn, inspectingBody: input.inspectingBody.trim() },
      requestId: options.requestId,
    });
    return row.id;
  });
  return getInspection(ctx, { actor, id });
}

/** An inspection, locked, for the reform office's change over its inspected unit. */
function inspectionForManager(trx: AppContext['db'], actor: Actor, id: number) {
  return lockRecord(
    trx,
    actor,
    { table: 'register_inspections', id, unit: (row) => row.inspected_unit_id },
    REGISTER_MANAGE_ROLES,
  );
}

/** The reform office records that a planned inspection began. */
export async function startInspection(
  ctx: AppContext,
  options: Acting & { id: number; version?: number | undefined },
) {
  const { actor } = options;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await inspectionForManager(trx, actor, options.id);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, 'start');
    const to = nextInspectionState(row.state, 'start');
    if (!to) throw stateInvalid(row.state, 'start');
    const now = ctx.now();
    await trx
      .updateTable('register_inspections')
      .set({ state: to, started_at: now, updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'inspection',
      entityId: row.id,
      unitId: row.inspected_unit_id,
      action: 'start',
      from: row.state,
      to,
      before: { state: row.state },
      after: { state: to },
      requestId: options.requestId,
    });
  });
  return getInspection(ctx, { actor, id: options.id });
}

/**
 * Concludes an inspection with its written record (DOMAIN §10: every inspection must end in a
 * conclusion, notice or minutes): kind, number, date (not after today) and text, and any files.
 * A missing or invalid part: `inspection_conclusion_required` naming the parts; already
 * concluded: `register_state_invalid`.
 */
export async function concludeInspection(
  ctx: AppContext,
  options: Acting & { id: number; conclusion: ConclusionInput; version?: number | undefined },
) {
  const { actor, conclusion } = options;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await inspectionForManager(trx, actor, options.id);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, 'conclude');
    const to = nextInspectionState(row.state, 'conclude');
    if (!to) throw stateInvalid(row.state, 'conclude');
    const missing = conclusionProblems(conclusion, today(ctx));
    if (missing.length > 0)
      throw new AppError('inspection_conclusion_required', { details: { missing } });
    const now = ctx.now();
    await trx
      .updateTable('register_inspections')
      .set({
        state: to,
        started_at: row.started_at ?? now,
        concluded_at: now,
        conclusion_kind: conclusion.kind as ConclusionKind,
        conclusion_number: (conclusion.number as string).trim(),
        conclusion_date: conclusion.date as string,
        conclusion_text: (conclusion.text as string).trim(),
        updated_at: now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .execute();
    await attachFiles(trx, ctx, {
      actor,
      entity: 'inspection',
      entityId: row.id,
      fileIds: conclusion.fileIds,
    });
    await recordChange(trx, ctx, {
      actor,
      entity: 'inspection',
      entityId: row.id,
      unitId: row.inspected_unit_id,
      action: 'conclude',
      from: row.state,
      to,
      note: `${conclusion.number?.trim()} (${conclusion.date})`,
      before: { state: row.state },
      after: {
        state: to,
        conclusion: {
          kind: conclusion.kind,
          number: conclusion.number?.trim(),
          date: conclusion.date,
        },
        files: conclusion.fileIds ?? [],
      },
      requestId: options.requestId,
    });
  });
  return getInspection(ctx, { actor, id: options.id });
}

/**
 * The reform office adds a recommendation (kiến nghị) to a concluded inspection: content, the
 * responsible unit and a deadline (a calendar date). Not concluded: `register_state_invalid`.
 */
export async function addRecommendation(
  ctx: AppContext,
  options: Acting & {
    inspectionId: number;
    input: RecommendationInput;
  },
) {
  const { actor, input } = options;
  const dueOn = checkDate('/dueOn', input.dueOn);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await inspectionForManager(trx, actor, options.inspectionId);
    assertNotWithdrawn(row, 'recommend');
    if (row.state !== 'concluded') throw stateInvalid(row.state, 'recommend');
    const unit = await unitByCode(
      trx,
      actor.tenantId,
      input.responsibleUnitCode,
      'responsibleUnitCode',
    );
    const now = ctx.now();
    const rec = await trx
      .insertInto('register_recommendations')
      .values({
        tenant_id: actor.tenantId,
        inspection_id: row.id,
        responsible_unit_id: unit.id,
        content: input.content.trim(),
        due_on: dueOn,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, ctx, {
      actor,
      entity: 'recommendation',
      entityId: rec.id,
      unitId: unit.id,
      action: 'recommend',
      from: null,
      to: 'open',
      note: input.content.trim(),
      after: { inspectionId: row.id, responsibleUnit: unit.code, dueOn },
      requestId: options.requestId,
    });
  });
  return getInspection(ctx, { actor, id: options.inspectionId });
}

/**
 * A leader of the responsible unit (or the reform office) closes a recommendation with a note
 * of what was done and any evidence files. Already done: `register_state_invalid`.
 */
export async function completeRecommendation(
  ctx: AppContext,
  options: Acting & {
    id: number;
    note: string;
    fileIds?: number[] | undefined;
    version?: number | undefined;
  },
) {
  const { actor } = options;
  const inspectionId = await ctx.db.transaction().execute(async (trx) => {
    const rec = await trx
      .selectFrom('register_recommendations')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', options.id)
      .forUpdate()
      .executeTakeFirst();
    if (!rec) throw new AppError('register_item_not_found');
    await assertCanRead(trx, actor, [rec.responsible_unit_id]);
    await assertRole(trx, actor, FOLLOW_UP_ROLES, rec.responsible_unit_id);
    checkVersion(rec, options.version);
    assertNotWithdrawn(rec, 'complete');
    if (rec.state !== 'open') throw stateInvalid(rec.state, 'complete');
    const now = ctx.now();
    await trx
      .updateTable('register_recommendations')
      .set({
        state: 'done',
        done_note: options.note.trim(),
        done_at: now,
        updated_at: now,
        version: rec.version + 1,
      })
      .where('id', '=', rec.id)
      .execute();
    await attachFiles(trx, ctx, {
      actor,
      entity: 'recommendation',
      entityId: rec.id,
      fileIds: options.fileIds,
    });
    await recordChange(trx, ctx, {
      actor,
      entity: 'recommendation',
      entityId: rec.id,
      unitId: rec.responsible_unit_id,
      action: 'complete',
      from: 'open',
      to: 'done',
      note: options.note.trim(),
      before: { state: 'open' },
      after: { state: 'done', files: options.fileIds ?? [] },
      requestId: options.requestId,
    });
    return rec.inspection_id;
  });
  return getInspection(ctx, { actor, id: inspectionId });
}

/**
 * The reform office corrects a planned or ongoing inspection in place: the inspecting body and
 * unit, kind, planned date and scope, and while it is planned the inspected unit too (the
 * office must manage the new one). Checked like planning; a stale `version`:
 * `version_conflict`; concluded, withdrawn, or a new inspected unit once begun:
 * `register_state_invalid`. History and audit keep the values before and after.
 */
export async function correctInspection(
  ctx: AppContext,
  options: Acting & { id: number; input: InspectionInput; version?: number | undefined },
) {
  const { actor, input } = options;
  const plannedOn = checkDate('/plannedOn', input.plannedOn);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await inspectionForManager(trx, actor, options.id);
    checkVersion(row, options.version);
    assertNotWithdrawn(row, 'correct');
    if (!inspectionCorrectable(row.state)) throw stateInvalid(row.state, 'correct');
    const inspected = await unitByCode(
      trx,
      actor.tenantId,
      input.inspectedUnitCode,
      'inspectedUnitCode',
    );
    if (inspected.id !== row.inspected_unit_id) {
      if (!inspectedUnitChangeable(row.state))
        throw stateInvalid(row.state, 'change_inspected_unit');
      await assertRole(trx, actor, REGISTER_MANAGE_ROLES, inspected.id);
    }
    const inspecting = input.inspectingUnitCode
      ? await unitByCode(trx, actor.tenantId, input.inspectingUnitCode, 'inspectingUnitCode')
      : null;
    const before = await unitsById(trx, [
      row.inspected_unit_id,
      ...(row.inspecting_unit_id ? [row.inspecting_unit_id] : []),
    ]);
    const next = {
      inspected_unit_id: inspected.id,
      inspecting_unit_id: inspecting?.id ?? null,
      inspecting_body: input.inspectingBody.trim(),
      kind: input.kind,
      planned_on: plannedOn,
      scope: input.scope.trim(),
    };
    await trx
      .updateTable('register_inspections')
      .set({ ...next, updated_at: ctx.now(), version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'inspection',
      entityId: row.id,
      unitId: inspected.id,
      action: 'correct',
      from: row.state,
      to: row.state,
      before: {
        inspectedUnit: unitOf(before, row.inspected_unit_id).code,
        inspectingUnit: row.inspecting_unit_id ? unitOf(before, row.inspecting_unit_id).code : null,
        inspectingBody: row.inspecting_body,
        kind: row.kind,
        plannedOn: row.planned_on,
        scope: row.scope,
      },
      after: {
        inspectedUnit: inspected.code,
        inspectingUnit: inspecting?.code ?? null,
        inspectingBody: next.inspecting_body,
        kind: next.kind,
        plannedOn,
        scope: next.scope,
      },
      requestId: options.requestId,
    });
  });
  return getInspection(ctx, { actor, id: options.id });
}

/** An inspection is withdrawn and restored with the recommendations that leave with it. */
const INSPECTION: WithdrawableKind<Awaited<ReturnType<typeof inspectionForManager>>> = {
  table: 'register_inspections',
  entity: 'inspection',
  lockForManager: inspectionForManager,
  unitId: (row) => row.inspected_unit_id,
  state: (row) => row.state,
  children: {
    table: 'register_recommendations',
    entity: 'recommendation',
    parentColumn: 'inspection_id',
    stateColumn: 'state',
  },
};

/**
 * The reform office withdraws an inspection entered by mistake, with a written reason, in any
 * state (a concluded one keeps its record); its recommendations are withdrawn with it, in the
 * same transaction. Already withdrawn: `register_state_invalid`.
 */
export async function withdrawInspection(ctx: AppContext, options: WithdrawalRequest) {
  await withdrawFromRegister(ctx, INSPECTION, options);
  return getInspection(ctx, { actor: options.actor, id: options.id });
}

/**
 * The reform office restores an inspection it withdrew, with a written reason (none:
 * `register_restore_reason_required`), in the state it had; the recommendations withdrawn with
 * it come back too, in the same transaction, each with its own history event and audit row —
 * not those withdrawn earlier on their own. Not withdrawn: `register_not_withdrawn`.
 */
export async function restoreInspection(ctx: AppContext, options: WithdrawalRequest) {
  await restoreToRegister(ctx, INSPECTION, options);
  return getInspection(ctx, { actor: options.actor, id: options.id });
}

/**
 * A recommendation, locked, for the reform office's correction, withdrawal or restore: managed
 * through its inspection's inspected unit, as when it was added.
 */
function recommendationForManager(trx: AppContext['db'], actor: Actor, id: number) {
  return lockChild(trx, actor, { table: 'register_recommendations', id }, REGISTER_MANAGE_ROLES);
}

/**
 * The reform office corrects an open recommendation in place: content, responsible unit and
 * deadline, checked as when it was added. Done or withdrawn: `register_state_invalid`; a stale
 * `version`: `version_conflict`.
 */
export async function correctRecommendation(
  ctx: AppContext,
  options: Acting & { id: number; input: RecommendationInput; version?: number | undefined },
) {
  const { actor, input } = options;
  const dueOn = checkDate('/dueOn', input.dueOn);
  const inspectionId = await ctx.db.transaction().execute(async (trx) => {
    const rec = await recommendationForManager(trx, actor, options.id);
    checkVersion(rec, options.version);
    assertNotWithdrawn(rec, 'correct');
    if (!recommendationCorrectable(rec.state)) throw stateInvalid(rec.state, 'correct');
    const unit = await unitByCode(
      trx,
      actor.tenantId,
      input.responsibleUnitCode,
      'responsibleUnitCode',
    );
    const previous = await unitsById(trx, [rec.responsible_unit_id]);
    const content = input.content.trim();
    await trx
      .updateTable('register_recommendations')
      .set({
        content,
        responsible_unit_id: unit.id,
        due_on: dueOn,
        updated_at: ctx.now(),
        version: rec.version + 1,
      })
      .where('id', '=', rec.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'recommendation',
      entityId: rec.id,
      unitId: unit.id,
      action: 'correct',
      from: rec.state,
      to: rec.state,
      before: {
        content: rec.content,
        responsibleUnit: unitOf(previous, rec.responsible_unit_id).code,
        dueOn: rec.due_on,
      },
      after: { content, responsibleUnit: unit.code, dueOn },
      requestId: options.requestId,
    });
    return rec.inspection_id;
  });
  return getInspection(ctx, { actor, id: inspectionId });
}

/** A recommendation is withdrawn alone, and restored alone while its inspection is in force. */
const RECOMMENDATION: WithdrawableKind<Awaited<ReturnType<typeof recommendationForManager>>> = {
  table: 'register_recommendations',
  entity: 'recommendation',
  lockForManager: recommendationForManager,
  unitId: (rec) => rec.responsible_unit_id,
  state: (rec) => rec.state,
  parent: (rec) => ({
    entity: 'inspection',
    id: rec.inspection_id,
    withdrawn_at: rec.parent_withdrawn_at,
  }),
};

/**
 * The reform office withdraws one recommendation entered by mistake, with a written reason,
 * open or done. Already withdrawn (alone or with its inspection): `register_state_invalid`.
 */
export async function withdrawRecommendation(ctx: AppContext, options: WithdrawalRequest) {
  const rec = await withdrawFromRegister(ctx, RECOMMENDATION, options);
  return getInspection(ctx, { actor: options.actor, id: rec.inspection_id });
}

/**
 * The reform office restores one recommendation withdrawn on its own, with a written reason,
 * in the state it had. Not withdrawn: `register_not_withdrawn`; its inspection withdrawn:
 * `register_state_invalid` naming the inspection (restoring that brings back what left with
 * it).
 */
export async function restoreRecommendation(ctx: AppContext, options: WithdrawalRequest) {
  const rec = await restoreToRegister(ctx, RECOMMENDATION, options);
  return getInspection(ctx, { actor: options.actor, id: rec.inspection_id });
}

/**
 * One inspection with its conclusion, recommendations (each with its overdue flag and the
 * actor's possible action), files, history and the actor's actions. Readable by whoever reads
 * the inspected unit or a recommendation's responsible unit; otherwise
 * `register_item_not_found`.
 */
export async function getInspection(ctx: AppContext, options: { actor: Actor; id: number }) {
  const { actor } = options;
  const row = await ctx.db
    .selectFrom('register_inspections')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (!row) throw new AppError('register_item_not_found');
  const recs = await ctx.db
    .selectFrom('register_recommendations')
    .selectAll()
    .where('inspection_id', '=', row.id)
    .orderBy('id')
    .execute();
  await assertCanRead(ctx.db, actor, [
    row.inspected_unit_id,
    ...recs.map((r) => r.responsible_unit_id),
  ]);
  const units = await unitsById(ctx.db, [
    row.inspected_unit_id,
    ...(row.inspecting_unit_id ? [row.inspecting_unit_id] : []),
    ...recs.map((r) => r.responsible_unit_id),
  ]);
  const items = [
    { entity: 'inspection' as const, id: row.id },
    ...recs.map((r) => ({ entity: 'recommendation' as const, id: r.id })),
  ];
  const [files, history, manages, names] = await Promise.all([
    filesOf(ctx.db, items),
    historyOf(ctx.db, items),
    coversAny(ctx.db, actor, REGISTER_MANAGE_ROLES, [row.inspected_unit_id]),
    userNames(ctx.db, [row.withdrawn_by, ...recs.map((r) => r.withdrawn_by)]),
  ]);
  const day = today(ctx);
  const recommendations = [];
  for (const r of recs) {
    const live = r.withdrawn_at === null;
    recommendations.push({
      ...presentRecommendation(r, unitOf(units, r.responsible_unit_id), day, names),
      doneNote: r.done_note,
      doneAt: r.done_at ? formatVietnamTime(r.done_at) : null,
      files: files.get(`recommendation:${r.id}`) ?? [],
      canComplete:
        live &&
        r.state === 'open' &&
        (await coversAny(ctx.db, actor, FOLLOW_UP_ROLES, [r.responsible_unit_id])),
      canCorrect: live && manages && recommendationCorrectable(r.state),
      canWithdraw: live && manages,
      // Withdrawn on its own while the inspection is in the register (else restore that).
      canRestore: !live && manages && row.withdrawn_at === null,
    });
  }
  const actions: string[] = [];
  if (manages && row.withdrawn_at === null) {
    if (nextInspectionState(row.state, 'start')) actions.push('start');
    if (nextInspectionState(row.state, 'conclude')) actions.push('conclude');
    if (row.state === 'concluded') actions.push('recommend');
    if (inspectionCorrectable(row.state)) actions.push('correct');
    actions.push('withdraw');
  }
  if (manages && row.withdrawn_at !== null) actions.push('restore');
  return {
    ...presentInspection(row, units, names),
    scope: row.scope,
    startedAt: row.started_at ? formatVietnamTime(row.started_at) : null,
    concludedAt: row.concluded_at ? formatVietnamTime(row.concluded_at) : null,
    conclusion:
      row.state === 'concluded'
        ? {
            kind: row.conclusion_kind as ConclusionKind,
            number: row.conclusion_number as string,
            date: row.conclusion_date as string,
            text: row.conclusion_text as string,
            files: files.get(`inspection:${row.id}`) ?? [],
          }
        : null,
    recommendations,
    history: history.map((h) => ({ ...h, at: formatVietnamTime(h.at) })),
    actions,
  };
}

type InspectionRow = {
  id: number;
  inspected_unit_id: number;
  inspecting_unit_id: number | null;
  inspecting_body: string;
  kind: InspectionKind;
  planned_on: string;
  state: InspectionState;
  conclusion_kind: ConclusionKind | null;
  conclusion_number: string | null;
  version: number;
  withdrawn_at: Date | null;
  withdrawn_by: number | null;
  withdrawn_reason: string | null;
};

function presentInspection(
  row: InspectionRow,
  units: Map<number, UnitRef>,
  names: Map<number, string>,
) {
  return {
    id: row.id,
    inspectedUnit: unitOf(units, row.inspected_unit_id),
    inspectingUnit: row.inspecting_unit_id ? unitOf(units, row.inspecting_unit_id) : null,
    inspectingBody: row.inspecting_body,
    kind: row.kind,
    plannedOn: row.planned_on,
    state: row.state,
    conclusionNumber: row.conclusion_number,
    version: row.version,
    withdrawn: presentWithdrawal(row, names),
  };
}

function presentRecommendation(
  r: {
    id: number;
    inspection_id: number;
    content: string;
    due_on: string;
    state: RecommendationState;
    version: number;
    withdrawn_at: Date | null;
    withdrawn_by: number | null;
    withdrawn_reason: string | null;
    withdrawn_along: boolean;
  },
  unit: UnitRef,
  day: string,
  names: Map<number, string>,
) {
  // A withdrawn recommendation is out of the follow-up: never overdue.
  const item = { dueOn: r.due_on, done: r.state === 'done' || r.withdrawn_at !== null };
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    responsibleUnit: unit,
    content: r.content,
    dueOn: r.due_on,
    state: r.state,
    overdue: isOverdue(item, day),
    daysOverdue: daysOverdue(item, day),
    version: r.version,
    withdrawn: presentWithdrawal(r, names),
  };
}

/**
 * Inspections whose inspected unit lies in `scope` (null = the whole tenant), filtered by the
 * planned date's year, a unit's subtree and state, newest planned first, one page: those in
 * force, or with `withdrawn` only the withdrawn ones.
 */
export async function listInspections(
  ctx: AppContext,
  options: { tenantId: number; scope: number[] | null; filters: InspectionFilters },
) {
  const { tenantId, scope, filters } = options;
  let query = ctx.db
    .selectFrom('register_inspections')
    .where(listedIn('register_inspections', 'inspected_unit_id', { tenantId, scope, ...filters }));
  if (filters.year !== undefined)
    query = query
      .where('planned_on', '>=', `${filters.year}-01-01`)
      .where('planned_on', '<=', `${filters.year}-12-31`);
  if (filters.state) query = query.where('state', '=', filters.state);
  const { rows, page } = await onePage(
    filters,
    query.selectAll().orderBy('planned_on', 'desc').orderBy('id', 'desc'),
    query.select(sql<number>`count(*)`.as('n')),
  );
  const [units, names] = await Promise.all([
    unitsById(
      ctx.db,
      rows.flatMap((r) => [
        r.inspected_unit_id,
        ...(r.inspecting_unit_id ? [r.inspecting_unit_id] : []),
      ]),
    ),
    userNames(
      ctx.db,
      rows.map((r) => r.withdrawn_by),
    ),
  ]);
  return {
    ...page,
    items: rows.map((r) => presentInspection(r, units, names)),
  };
}

/**
 * Open recommendations whose deadline has passed (today in Vietnam by the context's clock),
 * whose responsible unit lies in `scope` (null = the whole tenant), most overdue first.
 */
export async function overdueRecommendations(
  ctx: AppContext,
  options: { tenantId: number; scope: number[] | null; unitCode?: string | undefined },
) {
  const { tenantId, scope } = options;
  const day = today(ctx);
  let query = ctx.db
    .selectFrom('register_recommendations')
    .innerJoin(
      'register_inspections',
      'register_inspections.id',
      'register_recommendations.inspection_id',
    )
    .where('register_recommendations.tenant_id', '=', tenantId)
    .where('register_recommendations.state', '=', 'open')
    .where('register_recommendations.due_on', '<', day)
    .where('register_recommendations.withdrawn_at', 'is', null)
    .where('register_inspections.withdrawn_at', 'is', null);
  if (scope !== null)
    query = query.where(inSubtrees('register_recommendations.responsible_unit_id', scope));
  if (options.unitCode)
    query = query.where(
      inSubtreeOfCode('register_recommendations.responsible_unit_id', tenantId, options.unitCode),
    );
  const rows = await query
    .selectAll('register_recommendations')
    .select([
      'register_inspections.inspected_unit_id',
      'register_inspections.conclusion_number',
      'register_inspections.inspecting_body',
    ])
    .orderBy('register_recommendations.due_on')
    .orderBy('register_recommendations.id')
    .execute();
  const units = await unitsById(
    ctx.db,
    rows.flatMap((r) => [r.responsible_unit_id, r.inspected_unit_id]),
  );
  return {
    today: day,
    items: rows.map((r) => ({
      ...presentRecommendation(r, unitOf(units, r.responsible_unit_id), day, new Map()),
      inspection: {
        id: r.inspection_id,
        inspectedUnit: unitOf(units, r.inspected_unit_id),
        inspectingBody: r.inspecting_body,
        conclusionNumber: r.conclusion_number,
      },
    })),
  };
}
