import type { Kysely } from 'kysely';
import type { ReceptionState, ReceptionTally } from '../../domain/publicinfo/index.js';
import type { DB } from '../../platform/db/schema.js';
import type { Liveness } from './hotline.repository.js';
import './publicinfo.tables.js';

export interface SessionRow {
  id: number;
  tenant_id: number;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  leader_name: string;
  leader_title: string;
  date: string;
  start_time: string;
  end_time: string;
  place: string;
  notes: string | null;
  state: ReceptionState;
  cancel_reason: string | null;
  citizens_received: number | null;
  cases_noted: number | null;
  outcome_notes: string | null;
  moved_to_id: number | null;
  moved_from_id: number | null;
  moved_to_date: string | null;
  moved_from_date: string | null;
  plan_rule: string | null;
  version: number;
  /** Set on a deleted session (only the deleted list and restore read those). */
  deleted_at: Date | null;
  /** Who deleted it; null for the command line's operator. */
  deleted_by_name: string | null;
}

export interface SessionValues {
  unit_id: number;
  leader_name: string;
  leader_title: string;
  date: string;
  start_time: string;
  end_time: string;
  place: string;
  notes: string | null;
  plan_rule?: string | null;
  moved_from_id?: number | null;
}

function selectSessions(db: Kysely<DB>, tenantId: number, which: Liveness = 'live') {
  let q = db
    .selectFrom('reception_sessions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('reception_sessions as mt', 'mt.id', 's.moved_to_id')
    .leftJoin('reception_sessions as mf', 'mf.id', 's.moved_from_id')
    .leftJoin('users as d', 'd.id', 's.deleted_by')
    .select([
      's.id',
      's.tenant_id',
      's.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      's.leader_name',
      's.leader_title',
      's.date',
      's.start_time',
      's.end_time',
      's.place',
      's.notes',
      's.state',
      's.cancel_reason',
      's.citizens_received',
      's.cases_noted',
      's.outcome_notes',
      's.moved_to_id',
      's.moved_from_id',
      'mt.date as moved_to_date',
      'mf.date as moved_from_date',
      's.plan_rule',
      's.version',
      's.deleted_at',
      'd.full_name as deleted_by_name',
    ])
    .where('s.tenant_id', '=', tenantId);
  if (which === 'live') q = q.where('s.deleted_at', 'is', null);
  if (which === 'deleted') q = q.where('s.deleted_at', 'is not', null);
  return q;
}

/** Sessions of a tenant by date and start time, filtered by scope, unit subtree, dates, states. */
export async function findSessions(
  db: Kysely<DB>,
  options: {
    tenantId: number;
    scope: number[] | null;
    underUnitId?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
    states?: readonly ReceptionState[] | undefined;
    limit?: number | undefined;
  },
): Promise<SessionRow[]> {
  let q = selectSessions(db, options.tenantId);
  const roots = [
    ...(options.scope === null ? [] : [options.scope]),
    ...(options.underUnitId === undefined ? [] : [[options.underUnitId]]),
  ];
  for (const ids of roots)
    q = q.where('s.unit_id', 'in', (sub) =>
      sub
        .selectFrom('unit_closure')
        .select('descendant_id')
        .where('ancestor_id', 'in', ids.length > 0 ? ids : [-1]),
    );
  if (options.from !== undefined) q = q.where('s.date', '>=', options.from);
  if (options.to !== undefined) q = q.where('s.date', '<=', options.to);
  if (options.states !== undefined && options.states.length > 0)
    q = q.where('s.state', 'in', [...options.states]);
  q = q.orderBy('s.date').orderBy('s.start_time').orderBy('u.code').orderBy('s.id');
  if (options.limit !== undefined) q = q.limit(options.limit);
  return (await q.execute()) as SessionRow[];
}

/** A live session by id; `which` 'deleted' finds a deleted one instead, 'any' either. */
export async function findSession(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
  which: Liveness = 'live',
): Promise<SessionRow | undefined> {
  return (await selectSessions(db, tenantId, which).where('s.id', '=', id).executeTakeFirst()) as
    | SessionRow
    | undefined;
}

/**
 * The deleted sessions of the units under the `scope` roots (null: the tenant), optionally one
 * unit's subtree, the last deleted first.
 */
export async function findDeletedSessions(
  db: Kysely<DB>,
  options: { tenantId: number; scope: number[] | null; underUnitId?: number | undefined },
): Promise<SessionRow[]> {
  let q = selectSessions(db, options.tenantId, 'deleted');
  const roots = [
    ...(options.scope === null ? [] : [options.scope]),
    ...(options.underUnitId === undefined ? [] : [[options.underUnitId]]),
  ];
  for (const ids of roots)
    q = q.where('s.unit_id', 'in', (sub) =>
      sub
        .selectFrom('unit_closure')
        .select('descendant_id')
        .where('ancestor_id', 'in', ids.length > 0 ? ids : [-1]),
    );
  return (await q
    .orderBy('s.deleted_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(500)
    .execute()) as SessionRow[];
}

/** The dates on which a unit already has a scheduled or held session, within a range. */
export async function takenDates(
  db: Kysely<DB>,
  options: { tenantId: number; unitId: number; from: string; to: string },
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('reception_sessions')
    .select('date')
    .where('tenant_id', '=', options.tenantId)
    .where('unit_id', '=', options.unitId)
    .where('date', '>=', options.from)
    .where('date', '<=', options.to)
    .where('state', 'in', ['scheduled', 'held'])
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.date));
}

export async function insertSession(
  db: Kysely<DB>,
  tenantId: number,
  values: SessionValues,
): Promise<number> {
  const row = await db
    .insertInto('reception_sessions')
    .values({ tenant_id: tenantId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Moves a scheduled session to its new state when `version` is current; answers whether it did. */
export async function writeSessionState(
  db: Kysely<DB>,
  options: {
    tenantId: number;
    id: number;
    version: number;
    state: ReceptionState;
    at: Date;
    cancelReason?: string | undefined;
    outcome?: { citizens: number; cases: number; notes: string | null } | undefined;
    movedToId?: number | undefined;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('reception_sessions')
    .set((eb) => ({
      state: options.state,
      version: eb('version', '+', 1),
      updated_at: options.at,
      ...(options.cancelReason === undefined ? {} : { cancel_reason: options.cancelReason }),
      ...(options.outcome === undefined
        ? {}
        : {
            citizens_received: options.outcome.citizens,
            cases_noted: options.outcome.cases,
            outcome_notes: options.outcome.notes,
          }),
      ...(options.movedToId === undefined ? {} : { moved_to_id: options.movedToId }),
    }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .where('state', '=', 'scheduled')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Replaces a scheduled session's leader, times, place and notes when `version` is current
 * (the date stays: a new date is a reschedule); answers whether it did.
 */
export async function writeSessionFields(
  db: Kysely<DB>,
  options: {
    tenantId: number;
    id: number;
    version: number;
    at: Date;
    values: Pick<
      SessionValues,
      'leader_name' | 'leader_title' | 'start_time' | 'end_time' | 'place' | 'notes'
    >;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('reception_sessions')
    .set((eb) => ({ ...options.values, version: eb('version', '+', 1), updated_at: options.at }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .where('state', '=', 'scheduled')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks a scheduled session deleted (kept for restoring) when `version` is current, raising
 * the version; answers whether it did. `by` null: the command line's operator.
 */
export async function markSessionDeleted(
  db: Kysely<DB>,
  options: { tenantId: number; id: number; version: number; at: Date; by: number | null },
): Promise<boolean> {
  const result = await db
    .updateTable('reception_sessions')
    .set((eb) => ({
      deleted_at: options.at,
      deleted_by: options.by,
      version: eb('version', '+', 1),
      updated_at: options.at,
    }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .where('state', '=', 'scheduled')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Brings a deleted session back when `version` is current; answers whether it did. */
export async function restoreSessionRow(
  db: Kysely<DB>,
  options: { tenantId: number; id: number; version: number; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('reception_sessions')
    .set((eb) => ({
      deleted_at: null,
      deleted_by: null,
      version: eb('version', '+', 1),
      updated_at: options.at,
    }))
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', options.id)
    .where('version', '=', options.version)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The tenant's live sessions dated in a range, counted per unit and state with the outcomes
 * summed (one row per unit and state that has any). Deleted sessions never count.
 */
export async function tallySessions(
  db: Kysely<DB>,
  options: { tenantId: number; from: string; to: string },
): Promise<ReceptionTally[]> {
  const rows = await db
    .selectFrom('reception_sessions')
    .select((eb) => [
      'unit_id',
      'state',
      eb.fn.countAll().as('sessions'),
      eb.fn.coalesce(eb.fn.sum('citizens_received'), eb.lit(0)).as('citizens'),
      eb.fn.coalesce(eb.fn.sum('cases_noted'), eb.lit(0)).as('cases'),
    ])
    .where('tenant_id', '=', options.tenantId)
    .where('date', '>=', options.from)
    .where('date', '<=', options.to)
    .where('deleted_at', 'is', null)
    .groupBy(['unit_id', 'state'])
    .execute();
  // count and sum come back as strings (bigint, numeric) on PostgreSQL.
  return rows.map((r) => ({
    unitId: Number(r.unit_id),
    state: r.state,
    sessions: Number(r.sessions),
    citizensReceived: Number(r.citizens),
    casesNoted: Number(r.cases),
  }));
}
