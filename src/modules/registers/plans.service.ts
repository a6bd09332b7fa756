import { sql } from 'kysely';
import {
  daysOverdue,
  defaultPlanDueOn,
  isOverdue,
  latestPercent,
  planCorrectable,
  type TaskStatus,
  taskCorrectable,
  taskStatusChangeAllowed,
} from '../../domain/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { formatVietnamTime } from '../files/index.js';
import {
  type Acting,
  assertNotWithdrawn,
  checkDate,
  checkVersion,
  historyOf,
  inSubtreeOfCode,
  inSubtrees,
  invalid,
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

export interface PlanInput {
  unitCode: string;
  year: number;
  title: string;
  indicator?: string | undefined;
  dueOn?: string | undefined;
}

export interface TaskInput {
  title: string;
  responsibleUnitCode: string;
  responsiblePerson: string;
  dueOn: string;
}

export interface PlanFilters extends Paging {
  year?: number | undefined;
  unitCode?: string | undefined;
  indicator?: string | undefined;
  /** true: only the plans withdrawn from the register; otherwise only those in force. */
  withdrawn?: boolean | undefined;
}

/** What a correction of a plan may change: its unit and year stay. */
export interface PlanCorrection {
  title: string;
  indicator?: string | undefined;
  dueOn?: string | undefined;
}

/**
 * The reform office registers a remediation plan (kế hoạch khắc phục) for a unit's weak
 * indicator (a free code such as "2.1"), due by `dueOn` (default 31 July of the year).
 */
export async function createPlan(ctx: AppContext, options: Acting & { input: PlanInput }) {
  const { actor, input } = options;
  const dueOn = input.dueOn ? checkDate('/dueOn', input.dueOn) : defaultPlanDueOn(input.year);
  const unit = await unitByCode(ctx.db, actor.tenantId, input.unitCode, 'unitCode');
  await assertRole(ctx.db, actor, REGISTER_MANAGE_ROLES, unit.id);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const row = await trx
      .insertInto('register_plans')
      .values({
        tenant_id: actor.tenantId,
        unit_id: unit.id,
        year: input.year,
        title: input.title.trim(),
        indicator: input.indicator?.trim() || null,
        due_on: dueOn,
        created_by: actor.userId || null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, ctx, {
      actor,
      entity: 'plan',
      entityId: row.id,
      unitId: unit.id,
      action: 'create',
      from: null,
      to: null,
      after: { year: input.year, indicator: input.indicator ?? null, dueOn },
      requestId: options.requestId,
    });
    return row.id;
  });
  return getPlan(ctx, { actor, id });
}

/** A plan, locked, for a change by one of `roles` over its unit. */
function planForUpdate(trx: AppContext['db'], actor: Actor, id: number, roles: readonly Role[]) {
  return lockRecord(trx, actor, { table: 'register_plans', id, unit: (row) => row.unit_id }, roles);
}

/**
 * The reform office adds a task to a plan: a responsible unit and person and a deadline.
 */
export async function addTask(
  ctx: AppContext,
  options: Acting & { planId: number; input: TaskInput },
) {
  const { actor, input } = options;
  const dueOn = checkDate('/dueOn', input.dueOn);
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await planForUpdate(trx, actor, options.planId, REGISTER_MANAGE_ROLES);
    assertNotWithdrawn(plan, 'add_task');
    const unit = await unitByCode(
      trx,
      actor.tenantId,
      input.responsibleUnitCode,
      'responsibleUnitCode',
    );
    const now = ctx.now();
    const task = await trx
      .insertInto('register_plan_tasks')
      .values({
        tenant_id: actor.tenantId,
        plan_id: plan.id,
        title: input.title.trim(),
        responsible_unit_id: unit.id,
        responsible_person: input.responsiblePerson.trim(),
        due_on: dueOn,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, ctx, {
      actor,
      entity: 'task',
      entityId: task.id,
      unitId: unit.id,
      action: 'create',
      from: null,
      to: 'todo',
      note: input.title.trim(),
      after: { planId: plan.id, responsibleUnit: unit.code, dueOn },
      requestId: options.requestId,
    });
  });
  return getPlan(ctx, { actor, id: options.planId });
}

/**
 * A leader of the task's responsible unit or of the plan's unit (or the reform office) moves a
 * task to another status. The same status: `register_state_invalid`.
 */
export async function setTaskStatus(
  ctx: AppContext,
  options: Acting & {
    id: number;
    status: TaskStatus;
    note?: string | undefined;
    version?: number | undefined;
  },
) {
  const { actor } = options;
  const planId = await ctx.db.transaction().execute(async (trx) => {
    const task = await lockChild(trx, actor, { table: 'register_plan_tasks', id: options.id });
    const units = [task.responsible_unit_id, task.parent_unit_id];
    if (!(await coversAny(trx, actor, FOLLOW_UP_ROLES, units)))
      throw new AppError('forbidden', { details: { requiredRoles: FOLLOW_UP_ROLES } });
    checkVersion(task, options.version);
    assertNotWithdrawn(task, options.status);
    if (!taskStatusChangeAllowed(task.status, options.status))
      throw stateInvalid(task.status, options.status);
    const now = ctx.now();
    await trx
      .updateTable('register_plan_tasks')
      .set({
        status: options.status,
        done_at: options.status === 'done' ? now : null,
        updated_at: now,
        version: task.version + 1,
      })
      .where('id', '=', task.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'task',
      entityId: task.id,
      unitId: task.responsible_unit_id,
      action: 'status',
      from: task.status,
      to: options.status,
      note: options.note?.trim() || null,
      before: { status: task.status },
      after: { status: options.status },
      requestId: options.requestId,
    });
    return task.plan_id;
  });
  return getPlan(ctx, { actor, id: planId });
}

/**
 * A leader of the plan's unit (or the reform office) reports progress: a dated text and the
 * percent done. A date after today is refused.
 */
export async function reportProgress(
  ctx: AppContext,
  options: Acting & {
    planId: number;
    input: { reportedOn?: string | undefined; text: string; percent: number };
  },
) {
  const { actor, input } = options;
  const day = today(ctx);
  const reportedOn = input.reportedOn ? checkDate('/reportedOn', input.reportedOn) : day;
  if (reportedOn > day) throw invalid('/reportedOn', 'not after today');
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await planForUpdate(trx, actor, options.planId, FOLLOW_UP_ROLES);
    assertNotWithdrawn(plan, 'report');
    const now = ctx.now();
    const report = await trx
      .insertInto('register_plan_reports')
      .values({
        tenant_id: actor.tenantId,
        plan_id: plan.id,
        reported_on: reportedOn,
        text: input.text.trim(),
        percent: input.percent,
        actor_id: actor.userId || null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('register_plans')
      .set({ updated_at: now, version: plan.version + 1 })
      .where('id', '=', plan.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'plan',
      entityId: plan.id,
      unitId: plan.unit_id,
      action: 'report',
      from: null,
      to: null,
      note: `${input.percent}% — ${input.text.trim()}`,
      after: { reportId: report.id, reportedOn, percent: input.percent },
      requestId: options.requestId,
    });
  });
  return getPlan(ctx, { actor, id: options.planId });
}

/**
 * A leader of the plan's unit (or the reform office) corrects one progress report in place
 * while the plan is in force: text, percent and date (none: as it was; never after today).
 * The plan's `version` guards a stale page (a report moves the plan's version); withdrawn:
 * `register_state_invalid`; a report of another plan: `register_item_not_found`.
 */
export async function correctReport(
  ctx: AppContext,
  options: Acting & {
    planId: number;
    reportId: number;
    input: { reportedOn?: string | undefined; text: string; percent: number };
    version: number;
  },
) {
  const { actor, input } = options;
  const day = today(ctx);
  const givenOn = input.reportedOn ? checkDate('/reportedOn', input.reportedOn) : null;
  if (givenOn && givenOn > day) throw invalid('/reportedOn', 'not after today');
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await planForUpdate(trx, actor, options.planId, FOLLOW_UP_ROLES);
    checkVersion(plan, options.version);
    assertNotWithdrawn(plan, 'correct_report');
    const report = await trx
      .selectFrom('register_plan_reports')
      .selectAll()
      .where('plan_id', '=', plan.id)
      .where('id', '=', options.reportId)
      .executeTakeFirst();
    if (!report) throw new AppError('register_item_not_found');
    const next = {
      reported_on: givenOn ?? report.reported_on,
      text: input.text.trim(),
      percent: input.percent,
    };
    await trx.updateTable('register_plan_reports').set(next).where('id', '=', report.id).execute();
    await trx
      .updateTable('register_plans')
      .set({ updated_at: ctx.now(), version: plan.version + 1 })
      .where('id', '=', plan.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'plan',
      entityId: plan.id,
      unitId: plan.unit_id,
      action: 'correct_report',
      from: null,
      to: null,
      note: `${next.percent}% — ${next.text}`,
      before: {
        reportId: report.id,
        reportedOn: report.reported_on,
        text: report.text,
        percent: report.percent,
      },
      after: {
        reportId: report.id,
        reportedOn: next.reported_on,
        text: next.text,
        percent: next.percent,
      },
      requestId: options.requestId,
    });
  });
  return getPlan(ctx, { actor, id: options.planId });
}

/**
 * The reform office corrects a plan in place until its first progress report: title, indicator
 * code and due date (none: 31 July of the plan's year, as when it was registered). Reported on
 * (state `reported`) or withdrawn: `register_state_invalid`; a stale `version`:
 * `version_conflict`.
 */
export async function correctPlan(
  ctx: AppContext,
  options: Acting & { id: number; input: PlanCorrection; version?: number | undefined },
) {
  const { actor, input } = options;
  const givenDueOn = input.dueOn ? checkDate('/dueOn', input.dueOn) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await planForUpdate(trx, actor, options.id, REGISTER_MANAGE_ROLES);
    checkVersion(plan, options.version);
    assertNotWithdrawn(plan, 'correct');
    const reports = await trx
      .selectFrom('register_plan_reports')
      .select(sql<number>`count(*)`.as('n'))
      .where('plan_id', '=', plan.id)
      .executeTakeFirstOrThrow();
    if (!planCorrectable(Number(reports.n))) throw stateInvalid('reported', 'correct');
    const next = {
      title: input.title.trim(),
      indicator: input.indicator?.trim() || null,
      due_on: givenDueOn ?? defaultPlanDueOn(plan.year),
    };
    await trx
      .updateTable('register_plans')
      .set({ ...next, updated_at: ctx.now(), version: plan.version + 1 })
      .where('id', '=', plan.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'plan',
      entityId: plan.id,
      unitId: plan.unit_id,
      action: 'correct',
      from: null,
      to: null,
      before: { title: plan.title, indicator: plan.indicator, dueOn: plan.due_on },
      after: { title: next.title, indicator: next.indicator, dueOn: next.due_on },
      requestId: options.requestId,
    });
  });
  return getPlan(ctx, { actor, id: options.id });
}

/** A plan is withdrawn and restored with the tasks that leave with it. */
const PLAN: WithdrawableKind<Awaited<ReturnType<typeof planForUpdate>>> = {
  table: 'register_plans',
  entity: 'plan',
  lockForManager: (trx, actor, id) => planForUpdate(trx, actor, id, REGISTER_MANAGE_ROLES),
  unitId: (plan) => plan.unit_id,
  // A plan has no state of its own: in force, it is active.
  state: () => 'active',
  children: {
    table: 'register_plan_tasks',
    entity: 'task',
    parentColumn: 'plan_id',
    stateColumn: 'status',
  },
};

/**
 * The reform office withdraws a plan entered by mistake, with a written reason, whatever its
 * progress; its tasks are withdrawn with it in the same transaction. Already withdrawn:
 * `register_state_invalid`.
 */
export async function withdrawPlan(ctx: AppContext, options: WithdrawalRequest) {
  await withdrawFromRegister(ctx, PLAN, options);
  return getPlan(ctx, { actor: options.actor, id: options.id });
}

/**
 * The reform office restores a plan it withdrew, with a written reason (none:
 * `register_restore_reason_required`); the tasks withdrawn with it come back too, in the same
 * transaction, each with its own history event and audit row — not those withdrawn earlier on
 * their own. Not withdrawn: `register_not_withdrawn`; a stale `version`: `version_conflict`.
 */
export async function restorePlan(ctx: AppContext, options: WithdrawalRequest) {
  await restoreToRegister(ctx, PLAN, options);
  return getPlan(ctx, { actor: options.actor, id: options.id });
}

/**
 * A task, locked, for the reform office's correction, withdrawal or restore: managed through
 * its plan's unit, as when it was added.
 */
function taskForManager(trx: AppContext['db'], actor: Actor, id: number) {
  return lockChild(trx, actor, { table: 'register_plan_tasks', id }, REGISTER_MANAGE_ROLES);
}

/**
 * The reform office corrects a task not done yet: title, responsible unit and person, deadline,
 * checked as when it was added. Done or withdrawn: `register_state_invalid`; a stale
 * `version`: `version_conflict`.
 */
export async function correctTask(
  ctx: AppContext,
  options: Acting & { id: number; input: TaskInput; version?: number | undefined },
) {
  const { actor, input } = options;
  const dueOn = checkDate('/dueOn', input.dueOn);
  const planId = await ctx.db.transaction().execute(async (trx) => {
    const task = await taskForManager(trx, actor, options.id);
    checkVersion(task, options.version);
    assertNotWithdrawn(task, 'correct');
    if (!taskCorrectable(task.status)) throw stateInvalid(task.status, 'correct');
    const unit = await unitByCode(
      trx,
      actor.tenantId,
      input.responsibleUnitCode,
      'responsibleUnitCode',
    );
    const previous = await unitsById(trx, [task.responsible_unit_id]);
    const next = {
      title: input.title.trim(),
      responsible_unit_id: unit.id,
      responsible_person: input.responsiblePerson.trim(),
      due_on: dueOn,
    };
    await trx
      .updateTable('register_plan_tasks')
      .set({ ...next, updated_at: ctx.now(), version: task.version + 1 })
      .where('id', '=', task.id)
      .execute();
    await recordChange(trx, ctx, {
      actor,
      entity: 'task',
      entityId: task.id,
      unitId: unit.id,
      action: 'correct',
      from: task.status,
      to: task.status,
      before: {
        title: task.title,
        responsibleUnit: unitOf(previous, task.responsible_unit_id).code,
        responsiblePerson: task.responsible_person,
        dueOn: task.due_on,
      },
      after: {
        title: next.title,
        responsibleUnit: unit.code,
        responsiblePerson: next.responsible_person,
        dueOn,
      },
      requestId: options.requestId,
    });
    return task.plan_id;
  });
  return getPlan(ctx, { actor, id: planId });
}

/** A task is withdrawn alone, and restored alone while its plan is in force. */
const TASK: WithdrawableKind<Awaited<ReturnType<typeof taskForManager>>> = {
  table: 'register_plan_tasks',
  entity: 'task',
  lockForManager: taskForManager,
  unitId: (task) => task.responsible_unit_id,
  state: (task) => task.status,
  parent: (task) => ({ entity: 'plan', id: task.plan_id, withdrawn_at: task.parent_withdrawn_at }),
};

/**
 * The reform office withdraws one task entered by mistake, with a written reason, done or not.
 * Already withdrawn (alone or with its plan): `register_state_invalid`.
 */
export async function withdrawTask(ctx: AppContext, options: WithdrawalRequest) {
  const task = await withdrawFromRegister(ctx, TASK, options);
  return getPlan(ctx, { actor: options.actor, id: task.plan_id });
}

/**
 * The reform office restores one task withdrawn on its own, with a written reason, in the
 * status it had. Not withdrawn: `register_not_withdrawn`; its plan withdrawn:
 * `register_state_invalid` naming the plan (restoring that brings back what left with it).
 */
export async function restoreTask(ctx: AppContext, options: WithdrawalRequest) {
  const task = await restoreToRegister(ctx, TASK, options);
  return getPlan(ctx, { actor: options.actor, id: task.plan_id });
}

type TaskRow = {
  id: number;
  plan_id: number;
  title: string;
  responsible_unit_id: number;
  responsible_person: string;
  due_on: string;
  status: TaskStatus;
  version: number;
  withdrawn_at: Date | null;
  withdrawn_by: number | null;
  withdrawn_reason: string | null;
  withdrawn_along: boolean;
};

function presentTask(t: TaskRow, unit: UnitRef, day: string, names: Map<number, string>) {
  // A withdrawn task is out of the follow-up: never overdue.
  const item = { dueOn: t.due_on, done: t.status === 'done' || t.withdrawn_at !== null };
  return {
    id: t.id,
    planId: t.plan_id,
    title: t.title,
    responsibleUnit: unit,
    responsiblePerson: t.responsible_person,
    dueOn: t.due_on,
    status: t.status,
    overdue: isOverdue(item, day),
    daysOverdue: daysOverdue(item, day),
    version: t.version,
    withdrawn: presentWithdrawal(t, names),
  };
}

/**
 * One plan with its tasks (overdue flags, whether the actor may move each), progress reports,
 * history and the actor's actions. Readable by whoever reads the plan's unit or a task's
 * responsible unit; otherwise `register_item_not_found`.
 */
export async function getPlan(ctx: AppContext, options: { actor: Actor; id: number }) {
  const { actor } = options;
  const row = await ctx.db
    .selectFrom('register_plans')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (!row) throw new AppError('register_item_not_found');
  const [tasks, reports] = await Promise.all([
    ctx.db
      .selectFrom('register_plan_tasks')
      .selectAll()
      .where('plan_id', '=', row.id)
      .orderBy('due_on')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('register_plan_reports')
      .leftJoin('users', 'users.id', 'register_plan_reports.actor_id')
      .selectAll('register_plan_reports')
      .select('users.full_name as actor_name')
      .where('plan_id', '=', row.id)
      .orderBy('reported_on')
      .orderBy('register_plan_reports.id')
      .execute(),
  ]);
  await assertCanRead(ctx.db, actor, [row.unit_id, ...tasks.map((t) => t.responsible_unit_id)]);
  const units = await unitsById(ctx.db, [row.unit_id, ...tasks.map((t) => t.responsible_unit_id)]);
  const [history, names, manages] = await Promise.all([
    historyOf(ctx.db, [
      { entity: 'plan', id: row.id },
      ...tasks.map((t) => ({ entity: 'task' as const, id: t.id })),
    ]),
    userNames(ctx.db, [row.withdrawn_by, ...tasks.map((t) => t.withdrawn_by)]),
    coversAny(ctx.db, actor, REGISTER_MANAGE_ROLES, [row.unit_id]),
  ]);
  const day = today(ctx);
  const presentedTasks = [];
  for (const t of tasks) {
    const live = t.withdrawn_at === null;
    presentedTasks.push({
      ...presentTask(t, unitOf(units, t.responsible_unit_id), day, names),
      canUpdate:
        live &&
        (await coversAny(ctx.db, actor, FOLLOW_UP_ROLES, [t.responsible_unit_id, row.unit_id])),
      canCorrect: live && manages && taskCorrectable(t.status),
      canWithdraw: live && manages,
      // Withdrawn on its own while the plan is in the register (else restore the plan).
      canRestore: !live && manages && row.withdrawn_at === null,
    });
  }
  const actions: string[] = [];
  if (row.withdrawn_at === null) {
    if (manages) actions.push('add_task');
    if (await coversAny(ctx.db, actor, FOLLOW_UP_ROLES, [row.unit_id])) actions.push('report');
    if (manages && planCorrectable(reports.length)) actions.push('correct');
    if (manages) actions.push('withdraw');
  } else if (manages) actions.push('restore');
  return {
    ...presentPlan(row, unitOf(units, row.unit_id), reports, names),
    tasks: presentedTasks,
    reports: reports.map((r) => ({
      id: r.id,
      reportedOn: r.reported_on,
      text: r.text,
      percent: r.percent,
      by: r.actor_name ?? null,
    })),
    history: history.map((h) => ({ ...h, at: formatVietnamTime(h.at) })),
    actions,
  };
}

function presentPlan(
  row: {
    id: number;
    year: number;
    title: string;
    indicator: string | null;
    due_on: string;
    version: number;
    withdrawn_at: Date | null;
    withdrawn_by: number | null;
    withdrawn_reason: string | null;
  },
  unit: UnitRef,
  reports: ReadonlyArray<{ reported_on: string; percent: number }>,
  names: Map<number, string>,
) {
  return {
    id: row.id,
    unit,
    year: row.year,
    title: row.title,
    indicator: row.indicator,
    dueOn: row.due_on,
    percent: latestPercent(reports.map((r) => ({ reportedOn: r.reported_on, percent: r.percent }))),
    version: row.version,
    withdrawn: presentWithdrawal(row, names),
  };
}

/**
 * Plans whose unit lies in `scope` (null = the whole tenant), filtered by year, a unit's
 * subtree and indicator, with their latest progress and counts of tasks in force (open,
 * overdue): the plans in force, or with `withdrawn` only the withdrawn ones.
 */
export async function listPlans(
  ctx: AppContext,
  options: { tenantId: number; scope: number[] | null; filters: PlanFilters },
) {
  const { tenantId, scope, filters } = options;
  let query = ctx.db
    .selectFrom('register_plans')
    .where(listedIn('register_plans', 'unit_id', { tenantId, scope, ...filters }));
  if (filters.year !== undefined) query = query.where('year', '=', filters.year);
  if (filters.indicator) query = query.where('indicator', '=', filters.indicator.trim());
  const { rows, page } = await onePage(
    filters,
    query.selectAll().orderBy('year', 'desc').orderBy('due_on').orderBy('id', 'desc'),
    query.select(sql<number>`count(*)`.as('n')),
  );
  const ids = rows.map((r) => r.id);
  const day = today(ctx);
  const [units, names, reports, tasks] = await Promise.all([
    unitsById(
      ctx.db,
      rows.map((r) => r.unit_id),
    ),
    userNames(
      ctx.db,
      rows.map((r) => r.withdrawn_by),
    ),
    ids.length
      ? ctx.db
          .selectFrom('register_plan_reports')
          .select(['plan_id', 'reported_on', 'percent'])
          .where('plan_id', 'in', ids)
          .orderBy('id')
          .execute()
      : [],
    ids.length
      ? ctx.db
          .selectFrom('register_plan_tasks')
          .select(['plan_id', 'status', 'due_on', 'withdrawn_at', 'withdrawn_along'])
          .where('plan_id', 'in', ids)
          .execute()
      : [],
  ]);
  return {
    ...page,
    items: rows.map((r) => {
      // Tasks withdrawn on their own are out; a withdrawn plan shows the tasks withdrawn with it.
      const own = tasks.filter(
        (t) =>
          t.plan_id === r.id &&
          (t.withdrawn_at === null || (r.withdrawn_at !== null && t.withdrawn_along)),
      );
      return {
        ...presentPlan(
          r,
          unitOf(units, r.unit_id),
          reports.filter((p) => p.plan_id === r.id),
          names,
        ),
        tasks: own.length,
        tasksOpen: own.filter((t) => t.status !== 'done').length,
        tasksOverdue: own.filter((t) =>
          isOverdue({ dueOn: t.due_on, done: t.status === 'done' || t.withdrawn_at !== null }, day),
        ).length,
      };
    }),
  };
}

/**
 * Tasks not done whose deadline has passed (today in Vietnam by the context's clock), whose
 * responsible unit or plan's unit lies in `scope` (null = the whole tenant), most overdue first.
 */
export async function overdueTasks(
  ctx: AppContext,
  options: { tenantId: number; scope: number[] | null; unitCode?: string | undefined },
) {
  const { tenantId, scope } = options;
  const day = today(ctx);
  let query = ctx.db
    .selectFrom('register_plan_tasks')
    .innerJoin('register_plans', 'register_plans.id', 'register_plan_tasks.plan_id')
    .where('register_plan_tasks.tenant_id', '=', tenantId)
    .where('register_plan_tasks.status', '<>', 'done')
    .where('register_plan_tasks.due_on', '<', day)
    .where('register_plan_tasks.withdrawn_at', 'is', null)
    .where('register_plans.withdrawn_at', 'is', null);
  if (scope !== null)
    query = query.where((eb) =>
      eb.or([
        inSubtrees('register_plan_tasks.responsible_unit_id', scope),
        inSubtrees('register_plans.unit_id', scope),
      ]),
    );
  if (options.unitCode)
    query = query.where(
      inSubtreeOfCode('register_plan_tasks.responsible_unit_id', tenantId, options.unitCode),
    );
  const rows = await query
    .selectAll('register_plan_tasks')
    .select([
      'register_plans.title as plan_title',
      'register_plans.unit_id as plan_unit_id',
      'register_plans.indicator',
    ])
    .orderBy('register_plan_tasks.due_on')
    .orderBy('register_plan_tasks.id')
    .execute();
  const units = await unitsById(
    ctx.db,
    rows.flatMap((r) => [r.responsible_unit_id, r.plan_unit_id]),
  );
  return {
    today: day,
    items: rows.map((r) => ({
      ...presentTask(r, unitOf(units, r.responsible_unit_id), day, new Map()),
      plan: {
        id: r.plan_id,
        title: r.plan_title,
        unit: unitOf(units, r.plan_unit_id),
        indicator: r.indicator,
      },
    })),
  };
}
