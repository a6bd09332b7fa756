import type { Kysely } from 'kysely';
import { isWorkingDay } from '../../domain/calendar/index.js';
import {
  buildIcs,
  datesForRule,
  decideReception,
  formatReceptionRule,
  isIsoDate,
  isTimeRange,
  parseReceptionRule,
  type ReceptionAction,
  type ReceptionState,
  type SkippedDate,
} from '../../domain/publicinfo/index.js';
import { cleanText } from '../../domain/text/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { loadTenantCalendar, toCalendarAppError } from '../calendar/index.js';
import { findUnitByCode, findUnitById, todayIn } from '../org/index.js';
import { auditPublicInfo } from './publicinfo.audit.js';
import { assertManagesUnit, manageScope } from './publicinfo.policy.js';
import {
  findSession,
  findSessions,
  insertSession,
  type SessionRow,
  type SessionValues,
  takenDates,
  writeSessionState,
} from './reception.repository.js';

/** What a session says publicly: who receives, when and where. */
export interface SessionFields {
  leaderName: string;
  leaderTitle: string;
  start: string;
  end: string;
  place: string;
  notes?: string | null | undefined;
}

interface Acting {
  actor: Actor;
  requestId?: string | undefined;
}

/** Checks and cleans a session's fields; throws `validation_failed` naming each bad field. */
export function sessionValues(
  unitId: number,
  date: string,
  fields: SessionFields,
): Omit<SessionValues, 'plan_rule' | 'moved_from_id'> {
  const problems: Array<{ field: string; problem: string }> = [];
  const text = (field: keyof SessionFields, max: number, required: boolean) => {
    const value = cleanText(fields[field] ?? '');
    if (required && value === '') problems.push({ field, problem: 'required' });
    if (value.length > max) problems.push({ field, problem: 'too_long' });
    return value;
  };
  const values = {
    unit_id: unitId,
    leader_name: text('leaderName', 200, true),
    leader_title: text('leaderTitle', 200, true),
    date,
    start_time: fields.start,
    end_time: fields.end,
    place: text('place', 300, true),
    notes: text('notes', 2000, false) || null,
  };
  if (!isIsoDate(date)) problems.push({ field: 'date', problem: 'date_invalid' });
  if (!isTimeRange(fields.start, fields.end))
    problems.push({ field: 'end', problem: 'time_range_invalid' });
  if (problems.length > 0) throw new AppError('validation_failed', { details: { problems } });
  return values;
}

async function managedUnit(db: Kysely<DB>, actor: Actor, unitId: number) {
  const unit = await findUnitById(db, actor.tenantId, unitId);
  if (!unit) throw new AppError('not_found', { details: { unitId } });
  await assertManagesUnit(db, actor, unitId);
  return unit;
}

/**
 * Schedules one session for a unit the actor manages, on a date not yet past, with its audit
 * row. Throws `validation_failed`, `publicinfo_unit_out_of_scope`.
 */
export async function createSession(
  ctx: AppContext,
  options: Acting & { unitId: number; date: string; fields: SessionFields },
): Promise<SessionRow> {
  const values = sessionValues(options.unitId, options.date, options.fields);
  if (values.date < todayIn(ctx.now()))
    throw new AppError('validation_failed', {
      details: { problems: [{ field: 'date', problem: 'in_the_past' }] },
    });
  return ctx.db.transaction().execute(async (trx) => {
    await managedUnit(trx, options.actor, options.unitId);
    const id = await insertSession(trx, options.actor.tenantId, values);
    await auditPublicInfo(trx, {
      ...options,
      action: 'reception.scheduled',
      entity: 'reception_session',
      entityId: id,
      unitId: options.unitId,
      after: values,
      at: ctx.now(),
    });
    return (await findSession(trx, options.actor.tenantId, id))!;
  });
}

export interface PlanPreview {
  rule: string;
  from: string;
  to: string;
  /** Dates that get a session. */
  dates: string[];
  /** Dates the rule gave that are days off in the tenant's working calendar. */
  skipped: SkippedDate[];
  /** Dates on which the unit already has a scheduled or held session (not doubled). */
  existing: string[];
}

/**
 * The dates a rule gives for a unit in a year (from today when the year has begun) or a
 * range, after the tenant's working calendar and the unit's existing sessions. Throws
 * `reception_rule_invalid` (details.problem), `validation_failed` for a range that has ended.
 */
export async function previewPlan(
  ctx: AppContext,
  options: {
    actor: Actor;
    unitId: number;
    rule: string;
    year?: number;
    from?: string;
    to?: string;
  },
): Promise<PlanPreview> {
  const parsed = parseReceptionRule(options.rule);
  if (!parsed.ok)
    throw new AppError('reception_rule_invalid', {
      message: `cannot read the rule "${options.rule}": ${parsed.problem} (docs/public-information.md)`,
      details: { rule: options.rule, problem: parsed.problem },
    });
  await managedUnit(ctx.db, options.actor, options.unitId);
  const today = todayIn(ctx.now());
  const year = options.year ?? Number(today.slice(0, 4));
  const from = [options.from ?? `${year}-01-01`, today].sort()[1]!;
  const to = options.to ?? `${year}-12-31`;
  if (!isIsoDate(from) || !isIsoDate(to) || to < from)
    throw new AppError('validation_failed', {
      details: { problems: [{ field: 'to', problem: 'range_ended' }], from, to },
    });
  const calendar = await loadTenantCalendar(ctx.db, options.actor.tenantId);
  let result: ReturnType<typeof datesForRule>;
  try {
    result = datesForRule(parsed.rule, { from, to }, (d) => isWorkingDay(calendar, d));
  } catch (error) {
    throw toCalendarAppError(error);
  }
  const taken = await takenDates(ctx.db, {
    tenantId: options.actor.tenantId,
    unitId: options.unitId,
    from,
    to,
  });
  return {
    rule: formatReceptionRule(parsed.rule),
    from,
    to,
    dates: result.dates.filter((d) => !taken.has(d)),
    skipped: result.skipped,
    existing: result.dates.filter((d) => taken.has(d)),
  };
}

/**
 * Schedules a session on every date of `previewPlan`, all in one transaction with one audit
 * row each; answers the preview with the sessions made. Same errors as previewPlan.
 */
export async function planSessions(
  ctx: AppContext,
  options: Acting & {
    unitId: number;
    rule: string;
    year?: number;
    from?: string;
    to?: string;
    fields: SessionFields;
  },
): Promise<PlanPreview & { sessions: SessionRow[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    // The dates already taken are read in the same transaction that writes the new ones.
    const preview = await previewPlan({ ...ctx, db: trx }, options);
    const base = sessionValues(options.unitId, preview.from, options.fields);
    const sessions: SessionRow[] = [];
    for (const date of preview.dates) {
      const values = { ...base, date, plan_rule: preview.rule };
      const id = await insertSession(trx, options.actor.tenantId, values);
      await auditPublicInfo(trx, {
        ...options,
        action: 'reception.scheduled',
        entity: 'reception_session',
        entityId: id,
        unitId: options.unitId,
        after: values,
        at: ctx.now(),
      });
      sessions.push((await findSession(trx, options.actor.tenantId, id))!);
    }
    return { ...preview, sessions };
  });
}

export interface SessionActionInput {
  version: number;
  /** cancel: the reason the public reads. */
  reason?: string | undefined;
  /** hold: the outcome. */
  citizensReceived?: number | undefined;
  casesNoted?: number | undefined;
  outcomeNotes?: string | undefined;
  /** reschedule: the new date and, when they change, times, place and leader. */
  date?: string | undefined;
  fields?: Partial<SessionFields> | undefined;
}

/**
 * Holds (records the outcome), cancels (with a reason) or reschedules (a new scheduled
 * session; the old one shows as moved) a scheduled session, with audit rows, in one
 * transaction. Throws `reception_session_not_found`, `publicinfo_unit_out_of_scope`,
 * `reception_state_invalid` (details.reason), `reception_cancel_reason_required`,
 * `version_conflict`, `validation_failed`.
 */
export async function actOnSession(
  ctx: AppContext,
  options: Acting & { id: number; action: ReceptionAction; input: SessionActionInput },
): Promise<SessionRow> {
  const { actor, input } = options;
  const today = todayIn(ctx.now());
  return ctx.db.transaction().execute(async (trx) => {
    const session = await findSession(trx, actor.tenantId, options.id);
    if (!session)
      throw new AppError('reception_session_not_found', { details: { id: options.id } });
    await assertManagesUnit(trx, actor, session.unit_id);
    const reason = input.reason === undefined ? undefined : cleanText(input.reason);
    const decision = decideReception({
      state: session.state,
      action: options.action,
      date: session.date,
      today,
      reason,
    });
    if (!decision.ok) {
      if (decision.reason === 'reason_required')
        throw new AppError('reception_cancel_reason_required');
      throw new AppError('reception_state_invalid', {
        details: { reason: decision.reason, state: session.state },
      });
    }
    if (session.version !== input.version)
      throw new AppError('version_conflict', { details: { version: session.version } });
    let movedToId: number | undefined;
    let outcome: { citizens: number; cases: number; notes: string | null } | undefined;
    if (options.action === 'hold') {
      if (input.citizensReceived === undefined || input.casesNoted === undefined)
        throw new AppError('validation_failed', {
          details: { problems: [{ field: 'citizensReceived', problem: 'required' }] },
        });
      outcome = {
        citizens: input.citizensReceived,
        cases: input.casesNoted,
        notes: input.outcomeNotes ? cleanText(input.outcomeNotes) || null : null,
      };
    }
    if (options.action === 'reschedule') {
      const date = input.date ?? '';
      const values = sessionValues(session.unit_id, date, {
        leaderName: input.fields?.leaderName ?? session.leader_name,
        leaderTitle: input.fields?.leaderTitle ?? session.leader_title,
        start: input.fields?.start ?? session.start_time,
        end: input.fields?.end ?? session.end_time,
        place: input.fields?.place ?? session.place,
        notes: input.fields?.notes ?? session.notes,
      });
      if (date < today || date === session.date)
        throw new AppError('validation_failed', {
          details: { problems: [{ field: 'date', problem: 'not_a_new_future_date' }] },
        });
      movedToId = await insertSession(trx, actor.tenantId, {
        ...values,
        plan_rule: session.plan_rule,
        moved_from_id: session.id,
      });
      await auditPublicInfo(trx, {
        ...options,
        action: 'reception.scheduled',
        entity: 'reception_session',
        entityId: movedToId,
        unitId: session.unit_id,
        after: { ...values, movedFromId: session.id },
        at: ctx.now(),
      });
    }
    const written = await writeSessionState(trx, {
      tenantId: actor.tenantId,
      id: session.id,
      version: input.version,
      state: decision.to,
      at: ctx.now(),
      cancelReason: options.action === 'cancel' ? reason : undefined,
      outcome,
      movedToId,
    });
    if (!written) throw new AppError('version_conflict', { details: { version: session.version } });
    const after = (await findSession(trx, actor.tenantId, session.id))!;
    await auditPublicInfo(trx, {
      ...options,
      action: `reception.${decision.to}`,
      entity: 'reception_session',
      entityId: session.id,
      unitId: session.unit_id,
      before: { state: session.state, version: session.version },
      after: {
        state: after.state,
        cancelReason: after.cancel_reason,
        citizensReceived: after.citizens_received,
        casesNoted: after.cases_noted,
        movedToId: after.moved_to_id,
      },
      at: ctx.now(),
    });
    return after;
  });
}

export interface SessionFilters {
  unitCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  state?: ReceptionState | undefined;
}

/** Sessions of the units the actor manages (a unit outside answers out of scope). */
export async function listManagedSessions(
  ctx: AppContext,
  options: { actor: Actor; filters: SessionFilters },
): Promise<SessionRow[]> {
  const { actor, filters } = options;
  const scope = manageScope(actor);
  let underUnitId: number | undefined;
  if (filters.unitCode !== undefined) {
    const unit = await findUnitByCode(ctx.db, actor.tenantId, filters.unitCode);
    if (!unit) throw new AppError('not_found', { details: { unit: filters.unitCode } });
    await assertManagesUnit(ctx.db, actor, unit.id);
    underUnitId = unit.id;
  }
  return findSessions(ctx.db, {
    tenantId: actor.tenantId,
    scope,
    underUnitId,
    from: filters.from,
    to: filters.to,
    states: filters.state ? [filters.state] : undefined,
    limit: 1000,
  });
}

/**
 * The public schedule: sessions from today on (cancelled and moved ones too, so a citizen
 * sees why a date went), optionally one unit's subtree and one month (YYYY-MM). An unknown
 * unit answers an empty list.
 */
export async function listPublicSessions(
  ctx: AppContext,
  options: { tenantId: number; unitCode?: string | undefined; month?: string | undefined },
): Promise<SessionRow[]> {
  const today = todayIn(ctx.now());
  let underUnitId: number | undefined;
  if (options.unitCode !== undefined) {
    const unit = await findUnitByCode(ctx.db, options.tenantId, options.unitCode);
    if (!unit) return [];
    underUnitId = unit.id;
  }
  let from = today;
  let to: string | undefined;
  if (options.month !== undefined) {
    const start = `${options.month}-01`;
    from = start > today ? start : today;
    const [y, m] = options.month.split('-').map(Number) as [number, number];
    to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  return findSessions(ctx.db, {
    tenantId: options.tenantId,
    scope: null,
    underUnitId,
    from,
    to,
    states: ['scheduled', 'cancelled', 'rescheduled'],
    limit: 500,
  });
}

/**
 * A unit's upcoming sessions as iCalendar text (cancelled and moved ones as cancelled events,
 * so subscribed calendars drop them). Throws `not_found` for an unknown unit.
 */
export async function unitReceptionIcs(
  ctx: AppContext,
  options: { tenantId: number; unitCode: string },
): Promise<string> {
  const unit = await findUnitByCode(ctx.db, options.tenantId, options.unitCode);
  if (!unit) throw new AppError('not_found', { details: { unit: options.unitCode } });
  const rows = await findSessions(ctx.db, {
    tenantId: options.tenantId,
    scope: null,
    underUnitId: unit.id,
    from: todayIn(ctx.now()),
    states: ['scheduled', 'cancelled', 'rescheduled'],
    limit: 500,
  });
  return buildIcs({
    name: `Lịch tiếp công dân — ${unit.name}`,
    stamp: ctx.now(),
    events: rows.map((r) => ({
      uid: `reception-${r.id}@${options.tenantId}.motcua`,
      date: r.date,
      start: r.start_time,
      end: r.end_time,
      summary: `Tiếp công dân: ${r.leader_name}, ${r.leader_title} — ${r.unit_name}`,
      location: r.place,
      description: [
        r.notes,
        r.state === 'cancelled' ? `Đã hủy: ${r.cancel_reason}` : null,
        r.state === 'rescheduled' && r.moved_to_date ? `Đã dời sang ngày ${r.moved_to_date}` : null,
      ]
        .filter(Boolean)
        .join('\n'),
      cancelled: r.state !== 'scheduled',
      // Every edit and state change raises the version (from 1), so calendars take it.
      sequence: r.version - 1,
    })),
  });
}
