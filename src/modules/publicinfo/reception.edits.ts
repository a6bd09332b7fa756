import type { Kysely } from 'kysely';
import { decideSessionChange } from '../../domain/publicinfo/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode } from '../org/index.js';
import { auditPublicInfo } from './publicinfo.audit.js';
import { assertManagesUnit, manageScope } from './publicinfo.policy.js';
import {
  findDeletedSessions,
  findSession,
  markSessionDeleted,
  restoreSessionRow,
  type SessionRow,
  writeSessionFields,
} from './reception.repository.js';
import { type SessionFields, sessionValues } from './reception.service.js';

interface Acting {
  actor: Actor;
  requestId?: string | undefined;
}

/**
 * The session the actor may edit or delete: found in the tenant, in a unit they manage,
 * allowed by the session's state, at the version they saw. Throws
 * `reception_session_not_found`, `publicinfo_unit_out_of_scope`, `reception_state_invalid`
 * (details.reason), `version_conflict`.
 */
async function changeableSession(
  trx: Kysely<DB>,
  options: Acting & { id: number; version: number; change: 'edit' | 'delete' },
): Promise<SessionRow> {
  const session = await findSession(trx, options.actor.tenantId, options.id);
  if (!session) throw new AppError('reception_session_not_found', { details: { id: options.id } });
  await assertManagesUnit(trx, options.actor, session.unit_id);
  const decision = decideSessionChange({
    state: session.state,
    change: options.change,
    replacesMovedSession: session.moved_from_id !== null,
  });
  if (!decision.ok)
    throw new AppError('reception_state_invalid', {
      details: { reason: decision.reason, state: session.state },
    });
  if (session.version !== options.version)
    throw new AppError('version_conflict', { details: { version: session.version } });
  return session;
}

/** The published fields of a session, as the audit row keeps them. */
function fieldsOf(row: SessionRow) {
  return {
    unit_id: row.unit_id,
    date: row.date,
    leader_name: row.leader_name,
    leader_title: row.leader_title,
    start_time: row.start_time,
    end_time: row.end_time,
    place: row.place,
    notes: row.notes,
  };
}

/**
 * Changes a scheduled session in place: the receiving leader's name and title, the times, the
 * place and the notes, checked as when it was created (a new date is a reschedule, which the
 * public sees as a move). Audited with the fields before and after, in one transaction.
 * Throws `validation_failed` and the errors of `changeableSession`.
 */
export async function updateSession(
  ctx: AppContext,
  options: Acting & { id: number; version: number; fields: SessionFields },
): Promise<SessionRow> {
  const { actor } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const session = await changeableSession(trx, { ...options, change: 'edit' });
    const checked = sessionValues(session.unit_id, session.date, options.fields);
    const values = {
      leader_name: checked.leader_name,
      leader_title: checked.leader_title,
      start_time: checked.start_time,
      end_time: checked.end_time,
      place: checked.place,
      notes: checked.notes,
    };
    const written = await writeSessionFields(trx, {
      tenantId: actor.tenantId,
      id: session.id,
      version: options.version,
      at: ctx.now(),
      values,
    });
    if (!written) throw new AppError('version_conflict', { details: { version: session.version } });
    const after = (await findSession(trx, actor.tenantId, session.id))!;
    await auditPublicInfo(trx, {
      ...options,
      action: 'reception.updated',
      entity: 'reception_session',
      entityId: session.id,
      unitId: session.unit_id,
      before: { ...fieldsOf(session), version: session.version },
      after: { ...fieldsOf(after), version: after.version },
      at: ctx.now(),
    });
    return after;
  });
}

/**
 * Deletes a scheduled session entered by mistake: it leaves the schedules, the .ics and the
 * statistics at once and stays in the deleted list, from which whoever manages its unit may
 * restore it (no time limit); the audit row keeps what was deleted. Held, cancelled and moved
 * sessions are history and stay (`reception_state_invalid`), as does one that replaces a moved
 * session. Throws the errors of `changeableSession`.
 */
export async function deleteSession(
  ctx: AppContext,
  options: Acting & { id: number; version: number },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await changeableSession(trx, { ...options, change: 'delete' });
    const deleted = await markSessionDeleted(trx, {
      tenantId: options.actor.tenantId,
      id: session.id,
      version: options.version,
      at: ctx.now(),
      by: options.actor.userId > 0 ? options.actor.userId : null,
    });
    if (!deleted) throw new AppError('version_conflict', { details: { version: session.version } });
    await auditPublicInfo(trx, {
      ...options,
      action: 'reception.deleted',
      entity: 'reception_session',
      entityId: session.id,
      unitId: session.unit_id,
      before: {
        ...fieldsOf(session),
        state: session.state,
        plan_rule: session.plan_rule,
        version: session.version,
      },
      at: ctx.now(),
    });
  });
}

/**
 * Brings a deleted session back as it was, scheduled, into the schedules, the .ics and the
 * statistics, when `version` is the one the deleted list showed (absent: the current one, as
 * the command line restores). Whoever may delete it may restore it, whatever its date (a past
 * one comes back for its outcome to be recorded). Audited. Throws `reception_session_not_found` (no such session in the tenant),
 * `publicinfo_unit_out_of_scope`, `publicinfo_not_deleted` (restored already),
 * `version_conflict`.
 */
export async function restoreSession(
  ctx: AppContext,
  options: Acting & { id: number; version?: number | undefined },
): Promise<SessionRow> {
  const { actor } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const session = await findSession(trx, actor.tenantId, options.id, 'any');
    if (!session)
      throw new AppError('reception_session_not_found', { details: { id: options.id } });
    await assertManagesUnit(trx, actor, session.unit_id);
    if (session.deleted_at === null)
      throw new AppError('publicinfo_not_deleted', { details: { id: options.id } });
    const restored = await restoreSessionRow(trx, {
      tenantId: actor.tenantId,
      id: session.id,
      version: options.version ?? session.version,
      at: ctx.now(),
    });
    if (!restored)
      throw new AppError('version_conflict', { details: { version: session.version } });
    const after = (await findSession(trx, actor.tenantId, session.id))!;
    await auditPublicInfo(trx, {
      ...options,
      action: 'reception.restored',
      entity: 'reception_session',
      entityId: session.id,
      unitId: session.unit_id,
      before: { deletedAt: session.deleted_at, version: session.version },
      after: { ...fieldsOf(after), state: after.state, version: after.version },
      at: ctx.now(),
    });
    return after;
  });
}

/**
 * The deleted sessions of the units the actor manages, optionally one unit's subtree by code,
 * the last deleted first. Throws `not_found`, `publicinfo_unit_out_of_scope`, `forbidden`.
 */
export async function listDeletedSessions(
  ctx: AppContext,
  options: { actor: Actor; unitCode?: string | undefined },
): Promise<SessionRow[]> {
  const { actor } = options;
  const scope = manageScope(actor);
  let underUnitId: number | undefined;
  if (options.unitCode !== undefined) {
    const unit = await findUnitByCode(ctx.db, actor.tenantId, options.unitCode);
    if (!unit) throw new AppError('not_found', { details: { unit: options.unitCode } });
    await assertManagesUnit(ctx.db, actor, unit.id);
    underUnitId = unit.id;
  }
  return findDeletedSessions(ctx.db, { tenantId: actor.tenantId, scope, underUnitId });
}
