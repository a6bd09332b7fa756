import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import {
  type ClockClass,
  classify,
  endOfWorkingHours,
  formatInstant,
  localDate,
  timeLeft,
  toEpochMs,
  type WorkingCalendar,
  workingDayAfter,
} from '../../domain/calendar/index.js';
import { foldVietnamese } from '../../domain/text/fold.js';
import {
  actionSpec,
  actionsFrom,
  type DossierState,
  decide,
  TRANSITIONS,
} from '../../domain/workflow/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { lookupHash } from '../../platform/crypto/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { workflowRoles } from './dossier.policy.js';
import { type DossierRow, listDocuments, listEvents } from './dossier.repository.js';
import { tenantRules } from './dossier.rules.js';
import { coverageOf, loadReadable, scopesOf } from './dossier.service.js';

const TZ_FALLBACK = 'Asia/Ho_Chi_Minh';

function show(cal: WorkingCalendar | null, value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return formatInstant(
    cal?.timezone ?? TZ_FALLBACK,
    toEpochMs(value instanceof Date ? value : new Date(value)),
  );
}

function label(status: string) {
  const names: Record<string, [string, string]> = {
    draft: ['Bản nháp', 'Draft'],
    submitted: ['Chờ tiếp nhận', 'Awaiting reception'],
    reception_supplement: ['Chờ bổ sung (tiếp nhận)', 'Supplement requested at reception'],
    not_accepted: ['Từ chối tiếp nhận', 'Not accepted'],
    received: ['Đã tiếp nhận', 'Received'],
    in_appraisal: ['Đang thẩm định', 'In appraisal'],
    in_consultation: ['Đang lấy ý kiến liên thông', 'In consultation'],
    awaiting_supplement: ['Chờ bổ sung', 'Awaiting supplement'],
    awaiting_approval: ['Chờ phê duyệt', 'Awaiting approval'],
    result_ready: ['Có kết quả, chờ trả', 'Result ready'],
    returned: ['Đã trả kết quả', 'Returned'],
    stopped: ['Dừng xử lý', 'Stopped'],
    withdrawn: ['Đã rút', 'Withdrawn'],
  };
  const [vi, en] = names[status] ?? [status, status];
  return { vi, en };
}

/** The clock as the dossier page shows it: due, time left, pauses, class. Null before reception. */
export function presentClock(
  row: Pick<DossierRow, 'clock' | 'finished_at' | 'due_at' | 'original_due_at' | 'extended'>,
  cal: WorkingCalendar,
  now: Date,
) {
  const ledger = row.clock;
  if (!ledger) return null;
  const finished = row.finished_at ? row.finished_at.toISOString() : null;
  let cls: ClockClass;
  try {
    cls = classify(ledger, cal, finished ? { finishedAt: finished } : { at: now });
  } catch {
    cls = 'in_progress_on_time';
  }
  const open = ledger.pauses.at(-1)?.to === null;
  return {
    receivedAt: show(cal, ledger.startedAt),
    unit: ledger.unit,
    budget: ledger.budget,
    dueAt: show(cal, row.due_at),
    originalDueAt: show(cal, row.original_due_at),
    extended: row.extended,
    extension: ledger.extension
      ? {
          dueAt: show(cal, ledger.extension.dueAt),
          reason: ledger.extension.reason,
          at: show(cal, ledger.extension.at),
        }
      : null,
    paused: open,
    pauses: ledger.pauses.map((p) => ({
      from: show(cal, p.from),
      to: show(cal, p.to),
      reason: p.reason,
    })),
    supplementRequests: ledger.supplementRequests,
    /** Working minutes to the current due date (negative when overdue); at the finish if finished. */
    timeLeftMinutes: Math.round(timeLeft(ledger, cal, finished ?? now)),
    class: cls,
    stoppedAt: show(cal, ledger.stoppedAt),
  };
}

/** The actions this actor may take now (state, role and dossier-fact guards; input checked later). */
export function allowedActions(actor: Actor, row: DossierRow, cal: WorkingCalendar, now: Date) {
  const roles = workflowRoles(actor, coverageOf(row), row.applicant_user_id);
  return actionsFrom(row.status).flatMap((action) => {
    const d = decide(
      {
        state: row.status,
        ledger: row.clock,
        extensionRequest: row.extension_request,
        proposedOutcome: row.proposed_outcome,
      },
      action,
      { roles, now, cal, probe: true },
    );
    if (!d.ok) return [];
    const spec = actionSpec(action);
    return [
      {
        action,
        vi: spec?.vi ?? action,
        en: spec?.en ?? action,
        noteRequired: spec?.noteRequired ?? false,
        forms: [...(spec?.forms ?? [])],
      },
    ];
  });
}

/**
 * Everything the dossier page shows, for one reader (DOMAIN §4): the dossier, its clock (due,
 * time left in working minutes, paused intervals, class), the timeline, the documents, the
 * actions THIS user may take, and the national-portal sync state.
 *
 * @throws AppError `not_found` when the dossier does not exist or the actor may not read it.
 */
export async function getDossierPage(ctx: AppContext, options: { actor: Actor; id: number }) {
  const { actor } = options;
  const [row, rules] = await Promise.all([
    loadReadable(ctx.db, actor, options.id),
    tenantRules(ctx.db, actor.tenantId),
  ]);
  const { cal } = rules;
  const now = ctx.now();
  const [events, documents] = await Promise.all([
    listEvents(ctx.db, actor.tenantId, row.id),
    listDocuments(ctx.db, actor.tenantId, row.id),
  ]);
  const messages = events.filter((e) => e.outbox_id !== null);
  const lastStatus = messages.at(-1)?.outbox_status ?? null;
  return {
    dossier: presentDossier(row, cal),
    clock: presentClock(row, cal, now),
    timeline: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      actionLabel: {
        vi: actionSpec(e.action)?.vi ?? e.action,
        en: actionSpec(e.action)?.en ?? e.action,
      },
      from: e.from_status,
      to: e.to_status,
      toLabel: label(e.to_status),
      at: show(cal, e.at) as string,
      actor: e.actor_id === null ? null : { id: e.actor_id, name: e.actor_name ?? '' },
      fromUnit:
        e.from_unit_id === null ? null : { id: e.from_unit_id, name: e.from_unit_name ?? '' },
      toUnit: e.to_unit_id === null ? null : { id: e.to_unit_id, name: e.to_unit_name ?? '' },
      assignee: e.assignee_id === null ? null : { id: e.assignee_id, name: e.assignee_name ?? '' },
      note: e.note,
      stepCode: e.step_code,
      stepDueAt: show(cal, e.step_due_at),
      onTime: e.on_time,
      data: (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as Record<string, unknown>,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      componentCode: d.component_code,
      formCode: d.form_code,
      name: d.name,
      mime: d.mime,
      size: d.size,
      sha256: d.sha256,
      digitised: d.digitised,
      reused: d.reused,
      electronic: d.electronic,
      signed: d.signed,
      createdAt: show(cal, d.created_at) as string,
    })),
    allowedActions: allowedActions(actor, row, cal, now),
    sync: {
      synced: row.synced,
      syncedAt: show(cal, row.synced_at),
      state: portalSyncState(lastStatus, row.synced),
      messages: messages.map((m) => ({
        seq: m.seq,
        status: m.outbox_status ?? 'pending',
        attempts: m.outbox_attempts ?? 0,
        lastError: m.outbox_error,
        sentAt: show(cal, m.outbox_sent_at),
      })),
    },
  };
}

export type PortalSyncState = 'none' | 'pending' | 'sent' | 'dead' | 'dry_run';

/**
 * The national-portal sync state a dossier page shows: its last sync message's, or — when it has
 * none (dossiers loaded by the legacy import or the demo generator carry the portal's flag from
 * the source system, not a message of ours) — sent if the dossier is marked synced.
 */
export function portalSyncState(
  lastMessageStatus: string | null,
  synced: boolean,
): PortalSyncState {
  if (lastMessageStatus !== null) return lastMessageStatus as PortalSyncState;
  return synced ? 'sent' : 'none';
}

function maskId(last4: string | null): string | null {
  return last4 === null ? null : `********${last4}`;
}

/** Dossier fields for screens (personal IDs masked; decrypted only where a use case needs them). */
export function presentDossier(row: DossierRow, cal: WorkingCalendar | null) {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    statusLabel: label(row.status),
    version: row.version,
    channel: row.channel,
    procedure: {
      id: row.procedure_id,
      versionId: row.procedure_version_id,
      code: row.procedure_code,
      name: row.procedure_name,
      limitUnit: row.limit_unit,
      promisedLimit: row.promised_limit,
    },
    receivingUnit: {
      id: row.receiving_unit_id,
      code: row.receiving_unit_code,
      name: row.receiving_unit_name,
    },
    agencyUnit: { id: row.agency_unit_id, code: row.agency_unit_code, name: row.agency_unit_name },
    currentUnit: { id: row.current_unit_id, name: row.current_unit_name },
    step: {
      index: row.step_index,
      code: row.step_code,
      role: row.step_role,
      startedAt: show(cal, row.step_started_at),
      dueAt: show(cal, row.step_due_at),
    },
    assignee:
      row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    applicant: {
      kind: row.applicant_kind,
      name: row.applicant_name,
      idNumberMasked: maskId(row.applicant_id_last4),
      taxCode: row.applicant_tax_code,
      email: row.applicant_email,
      address: row.applicant_address,
      hasPhone: row.applicant_phone_enc !== null,
      userId: row.applicant_user_id,
    },
    delivery: { method: row.delivery, address: row.delivery_address },
    outcome: row.outcome,
    proposedOutcome: row.proposed_outcome,
    extensionRequest: row.extension_request
      ? { ...row.extension_request, dueAt: show(cal, row.extension_request.dueAt) }
      : null,
    receivedAt: show(cal, row.received_at),
    dueAt: show(cal, row.due_at),
    originalDueAt: show(cal, row.original_due_at),
    finishedAt: show(cal, row.finished_at),
    returnedAt: show(cal, row.returned_at),
    facts: {
      feeAmount: row.fee_amount,
      paidOnline: row.paid_online,
      digitised: row.digitised,
      eResult: row.e_result,
      reused: row.reused,
      synced: row.synced,
      rating: row.rating,
      complaint: row.complaint,
      source: row.source,
    },
  };
}

export const QUEUES = [
  'due_today',
  'overdue',
  'due_soon',
  'awaiting_supplement',
  'to_approve',
  'to_receive',
  'to_return',
  'mine',
  'unit',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface ListOptions {
  actor: Actor;
  limit?: number;
  offset?: number;
  /** Narrow to one unit (and its subtree) among the actor's. */
  unitId?: number | null;
}

async function scopeFilter(
  db: Kysely<DB>,
  actor: Actor,
  unitId: number | null | undefined,
): Promise<number[] | null> {
  const scope = scopesOf(actor).reader;
  if (actor.kind === 'citizen') throw new AppError('forbidden');
  if (unitId !== null && unitId !== undefined) {
    if (scope !== null) {
      if (scope.length === 0) throw new AppError('forbidden');
      const ok =
        await sql`select 1 from unit_closure where descendant_id = ${unitId} and ancestor_id in (${sql.join(scope)}) limit 1`.execute(
          db,
        );
      if (ok.rows.length === 0) throw new AppError('forbidden');
    }
    return [unitId];
  }
  if (scope !== null && scope.length === 0) throw new AppError('forbidden');
  return scope;
}

function summaryQuery(db: Kysely<DB>, tenantId: number, units: number[] | null) {
  let q = db
    .selectFrom('dossiers as d')
    .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .leftJoin('users as u', 'u.id', 'd.assignee_id')
    .where('d.tenant_id', '=', tenantId);
  if (units !== null) {
    const list = sql.join(units);
    q = q.where(
      sql<SqlBool>`exists (select 1 from unit_closure c where c.ancestor_id in (${list}) and (c.descendant_id = d.current_unit_id or c.descendant_id = d.receiving_unit_id))`,
    );
  }
  return q;
}

const SUMMARY_COLUMNS = [
  'd.id',
  'd.code',
  'd.status',
  'd.version',
  'd.channel',
  'd.applicant_name',
  'd.received_at',
  'd.due_at',
  'd.original_due_at',
  'd.paused_since',
  'd.finished_at',
  'd.extension_request',
  'd.supplement_count',
  'd.assignee_id',
  'u.full_name as assignee_name',
  'p.code as procedure_code',
  'pv.name as procedure_name',
  'ru.id as receiving_unit_id',
  'ru.name as receiving_unit_name',
  'cu.id as current_unit_id',
  'cu.name as current_unit_name',
] as const;

type SummaryRow = {
  id: number;
  code: string | null;
  status: string;
  version: number;
  channel: number;
  applicant_name: string;
  received_at: Date | null;
  due_at: Date | null;
  original_due_at: Date | null;
  paused_since: Date | null;
  finished_at: Date | null;
  extension_request: unknown;
  supplement_count: number;
  assignee_id: number | null;
  assignee_name: string | null;
  procedure_code: string;
  procedure_name: string;
  receiving_unit_id: number;
  receiving_unit_name: string;
  current_unit_id: number;
  current_unit_name: string;
};

function presentSummary(r: SummaryRow, cal: WorkingCalendar, now: Date) {
  const due = r.due_at ? r.due_at.getTime() : null;
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    statusLabel: label(r.status),
    version: r.version,
    channel: r.channel,
    applicantName: r.applicant_name,
    procedure: { code: r.procedure_code, name: r.procedure_name },
    receivingUnit: { id: r.receiving_unit_id, name: r.receiving_unit_name },
    currentUnit: { id: r.current_unit_id, name: r.current_unit_name },
    assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: r.assignee_name ?? '' },
    receivedAt: show(cal, r.received_at),
    dueAt: show(cal, r.due_at),
    originalDueAt: show(cal, r.original_due_at),
    pausedSince: show(cal, r.paused_since),
    finishedAt: show(cal, r.finished_at),
    extensionPending: r.extension_request !== null,
    supplementCount: r.supplement_count,
    /** Derived, never stored: unfinished and past the current due date (or >1 supplement). */
    overdue:
      r.finished_at === null && ((due !== null && due < now.getTime()) || r.supplement_count > 1),
  };
}

export type DossierSummary = ReturnType<typeof presentSummary>;

/**
 * A work queue of the officer's units (a grant over a unit covers its subtree; a dossier shows
 * when it is AT one of those units or was RECEIVED by one): due today, overdue, due within two
 * working days, waiting for a supplement, to approve (results and extensions), online
 * submissions to receive, results to return, assigned to me, or everything open. Sorted by due
 * date. Overdue is derived from `due_at` and now, never stored.
 *
 * @throws AppError `forbidden` for citizens, actors without staff grants, or a unit outside them.
 */
export async function listQueue(ctx: AppContext, options: ListOptions & { queue: QueueName }) {
  const { actor } = options;
  const units = await scopeFilter(ctx.db, actor, options.unitId);
  const { cal } = await tenantRules(ctx.db, actor.tenantId);
  const now = ctx.now();
  const today = localDate(cal, now.getTime());
  const startOfToday = new Date(
    toEpochMs(`${today}T00:00:00${formatInstant(cal.timezone, now.getTime()).slice(-6)}`),
  );
  const endOfToday = new Date(
    toEpochMs(`${today}T23:59:59.999${formatInstant(cal.timezone, now.getTime()).slice(-6)}`),
  );
  const soon = new Date(endOfWorkingHours(cal, workingDayAfter(cal, today, 2)));
  const open = sql<SqlBool>`d.finished_at is null and d.received_at is not null and d.status not in ('returned', 'stopped', 'withdrawn', 'not_accepted')`;
  const cond = ((): Expression<SqlBool> => {
    switch (options.queue) {
      case 'due_today':
        return sql<SqlBool>`${open} and d.due_at >= ${startOfToday} and d.due_at <= ${endOfToday}`;
      case 'overdue':
        return sql<SqlBool>`${open} and (d.due_at < ${now} or d.supplement_count > 1)`;
      case 'due_soon':
        return sql<SqlBool>`${open} and d.due_at > ${endOfToday} and d.due_at <= ${soon}`;
      case 'awaiting_supplement':
        return sql<SqlBool>`d.status in ('awaiting_supplement', 'reception_supplement')`;
      case 'to_approve':
        return sql<SqlBool>`(d.status = 'awaiting_approval' or (d.extension_request is not null and d.finished_at is null))`;
      case 'to_receive':
        return sql<SqlBool>`d.status = 'submitted'`;
      case 'to_return':
        return sql<SqlBool>`d.status = 'result_ready'`;
      case 'mine':
        return sql<SqlBool>`d.assignee_id = ${actor.userId} and d.status not in ('returned', 'stopped', 'withdrawn', 'not_accepted')`;
      case 'unit':
        return sql<SqlBool>`d.status not in ('returned', 'stopped', 'withdrawn', 'not_accepted', 'draft')`;
      default: {
        const never: never = options.queue;
        throw new AppError('validation_failed', { message: `unknown queue ${String(never)}` });
      }
    }
  })();
  const base = summaryQuery(ctx.db, actor.tenantId, units).where(cond);
  const limit = Math.min(options.limit ?? 50, 500);
  const [rows, total] = await Promise.all([
    base
      .select([...SUMMARY_COLUMNS])
      .orderBy(sql`d.due_at asc nulls last`)
      .orderBy('d.id')
      .limit(limit)
      .offset(options.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return {
    queue: options.queue,
    total: Number(total?.n ?? 0),
    items: (rows as SummaryRow[]).map((r) => presentSummary(r, cal, now)),
  };
}

export interface SearchFilters {
  code?: string;
  /** Name (diacritics and case ignored) or an exact 12-digit ID number / tax code. */
  applicant?: string;
  procedureCode?: string;
  status?: string[];
  /** Reception date range, YYYY-MM-DD (local), inclusive. */
  from?: string;
  to?: string;
}

/**
 * Searches the dossiers of the officer's units by code (prefix), applicant (name without
 * diacritics, or an exact ID/tax number), procedure, status and reception date range.
 *
 * @throws AppError `forbidden` (no staff grants), `invalid_date` (bad range).
 */
export async function searchDossiers(ctx: AppContext, options: ListOptions & SearchFilters) {
  const { actor } = options;
  const units = await scopeFilter(ctx.db, actor, options.unitId);
  const { cal } = await tenantRules(ctx.db, actor.tenantId);
  let q = summaryQuery(ctx.db, actor.tenantId, units);
  if (options.code) q = q.where('d.code', 'like', `${options.code.replace(/[%_\\]/g, '\\$&')}%`);
  if (options.applicant) {
    const value = options.applicant.trim();
    if (/^\d{12}$/.test(value)) {
      q = q.where(
        'd.applicant_id_hash',
        '=',
        lookupHash(ctx.config.secretKey, 'dossiers.applicant_id', value),
      );
    } else if (/^\d{10}(-?\d{3})?$/.test(value)) {
      q = q.where('d.applicant_tax_code', '=', value);
    } else {
      q = q.where(
        'd.applicant_search',
        'like',
        `%${foldVietnamese(value).replace(/[%_\\]/g, '\\$&')}%`,
      );
    }
  }
  if (options.procedureCode) q = q.where('p.code', '=', options.procedureCode);
  if (options.status && options.status.length > 0)
    q = q.where('d.status', 'in', options.status as never[]);
  const offset = formatInstant(cal.timezone, ctx.now().getTime()).slice(-6);
  for (const [key, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw new AppError('invalid_date', { details: { field: key } });
  }
  if (options.from)
    q = q.where('d.received_at', '>=', new Date(`${options.from}T00:00:00${offset}`));
  if (options.to)
    q = q.where('d.received_at', '<=', new Date(`${options.to}T23:59:59.999${offset}`));
  const limit = Math.min(options.limit ?? 50, 500);
  const now = ctx.now();
  const [rows, total] = await Promise.all([
    q
      .select([...SUMMARY_COLUMNS])
      .orderBy('d.received_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(limit)
      .offset(options.offset ?? 0)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return {
    total: Number(total?.n ?? 0),
    items: (rows as SummaryRow[]).map((r) => presentSummary(r, cal, now)),
  };
}

/**
 * The process-control slip (Form 06, Circular 03/2025) from the history: each hand-over with
 * who handed it to whom, when, the step's allotment deadline and whether it was on time.
 */
export async function processControlSlip(ctx: AppContext, options: { actor: Actor; id: number }) {
  const row = await loadReadable(ctx.db, options.actor, options.id);
  const { cal } = await tenantRules(ctx.db, options.actor.tenantId);
  const events = await listEvents(ctx.db, options.actor.tenantId, row.id);
  return {
    dossier: {
      id: row.id,
      code: row.code,
      procedure: row.procedure_name,
      applicant: row.applicant_name,
      receivedAt: show(cal, row.received_at),
      dueAt: show(cal, row.due_at),
      originalDueAt: show(cal, row.original_due_at),
    },
    handovers: events
      .filter(
        (e) =>
          e.seq === 1 ||
          e.from_unit_id !== e.to_unit_id ||
          e.action === 'assign' ||
          e.on_time !== null,
      )
      .map((e) => ({
        seq: e.seq,
        action: e.action,
        actionLabel: {
          vi: actionSpec(e.action)?.vi ?? e.action,
          en: actionSpec(e.action)?.en ?? e.action,
        },
        at: show(cal, e.at) as string,
        by: e.actor_name,
        fromUnit: e.from_unit_name,
        toUnit: e.to_unit_name,
        to: e.assignee_name,
        stepCode: e.step_code,
        stepDueAt: show(cal, e.step_due_at),
        onTime: e.on_time,
        note: e.note,
      })),
  };
}

/**
 * The dossier register (Form 07) of a unit and its subtree for a reception date range: one
 * line per registered dossier with its dates, outcome and class (derived from the ledger).
 *
 * @throws AppError `forbidden` (unit outside the actor's grants), `invalid_date`.
 */
export async function dossierRegister(
  ctx: AppContext,
  options: { actor: Actor; unitId: number; from: string; to: string; limit?: number },
) {
  const units = await scopeFilter(ctx.db, options.actor, options.unitId);
  for (const v of [options.from, options.to])
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v))
      throw new AppError('invalid_date', { details: { value: v } });
  const { cal } = await tenantRules(ctx.db, options.actor.tenantId);
  const offset = '+07:00';
  const rows = await ctx.db
    .selectFrom('dossiers as d')
    .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as au', 'au.id', 'd.agency_unit_id')
    .select([
      'd.id',
      'd.code',
      'd.applicant_name',
      'd.applicant_address',
      'd.channel',
      'd.received_at',
      'd.original_due_at',
      'd.due_at',
      'd.finished_at',
      'd.returned_at',
      'd.outcome',
      'd.status',
      'd.clock',
      'p.code as procedure_code',
      'pv.name as procedure_name',
      'au.name as agency_name',
    ])
    .where('d.tenant_id', '=', options.actor.tenantId)
    .where('d.received_at', '>=', new Date(`${options.from}T00:00:00${offset}`))
    .where('d.received_at', '<=', new Date(`${options.to}T23:59:59.999${offset}`))
    .where(
      sql<SqlBool>`exists (select 1 from unit_closure c where c.ancestor_id in (${sql.join(units ?? [])}) and c.descendant_id = d.receiving_unit_id)`,
    )
    .orderBy('d.received_at')
    .orderBy('d.id')
    .limit(Math.min(options.limit ?? 100_000, 100_000))
    .execute();
  const now = ctx.now();
  return rows.map((r, i) => {
    const ledger = (
      typeof r.clock === 'string' ? JSON.parse(r.clock) : r.clock
    ) as DossierRow['clock'];
    let cls: ClockClass | null = null;
    if (ledger) {
      try {
        cls = classify(
          ledger,
          cal,
          r.finished_at ? { finishedAt: r.finished_at.toISOString() } : { at: now },
        );
      } catch {
        cls = null;
      }
    }
    return {
      no: i + 1,
      id: r.id,
      code: r.code,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      applicantName: r.applicant_name,
      applicantAddress: r.applicant_address,
      channel: r.channel,
      agencyName: r.agency_name,
      receivedAt: show(cal, r.received_at),
      dueAt: show(cal, r.original_due_at),
      extendedDueAt:
        r.due_at && r.original_due_at && r.due_at.getTime() !== r.original_due_at.getTime()
          ? show(cal, r.due_at)
          : null,
      finishedAt: show(cal, r.finished_at),
      returnedAt: show(cal, r.returned_at),
      outcome: r.outcome,
      status: r.status as DossierState,
      class: cls,
    };
  });
}

/** The workflow table for screens: states with labels and actions with roles and forms. */
export function workflowTable() {
  return TRANSITIONS.map((t) => ({
    action: t.action,
    from: [...t.from],
    to: t.to,
    roles: [...t.roles],
    forms: [...t.forms],
    noteRequired: t.noteRequired,
    vi: t.vi,
    en: t.en,
  }));
}

export { label as statusLabel };

/**
 * A dossier by its public code, for the portal's public look-up (the portal masks names and
 * answers the same for unknown and forbidden codes). Returns the progress the public may see:
 * status, procedure, reception and due dates, and the status timeline without notes or people.
 * Undefined when no dossier has that code in the tenant.
 *
 * The public route no longer calls it: since issue 7 PostgreSQL writes the answer's JSON itself
 * (portal/lookup.query.ts). It stays as the readable statement of what that answer holds, and
 * lookup.query.test.ts checks the SQL-built bytes against it.
 */
export async function findDossierByCode(db: Kysely<DB>, tenantId: number, code: string) {
  // One statement, the timeline folded in as JSON: the public look-up is the busiest read of
  // all (issue 7: 10 million dossiers), and its cost was the round trips, not the plan.
  const result = await sql<{
    id: number;
    code: string;
    status: string;
    channel: number;
    procedure_code: string;
    applicant_name: string;
    applicant_user_id: number | null;
    received_at: Date | null;
    due_at: Date | null;
    original_due_at: Date | null;
    finished_at: Date | null;
    returned_at: Date | null;
    outcome: string | null;
    paused_since: Date | null;
    procedure_name: string;
    receiving_unit_name: string;
    events: string | Array<{ seq: number; action: string; to_status: string; at: string }>;
  }>`
    select d.id, d.code, d.status, d.channel, p.code as procedure_code, d.applicant_name,
      d.applicant_user_id, d.received_at, d.due_at, d.original_due_at, d.finished_at,
      d.returned_at, d.outcome, d.paused_since, pv.name as procedure_name,
      ru.name as receiving_unit_name,
      coalesce((
        select json_agg(json_build_object('seq', e.seq, 'action', e.action,
          'to_status', e.to_status, 'at', e.at) order by e.seq)
        from dossier_events e where e.tenant_id = d.tenant_id and e.dossier_id = d.id
      ), '[]'::json) as events
    from dossiers d
    join procedure_versions pv on pv.id = d.procedure_version_id
    join units ru on ru.id = d.receiving_unit_id
    join procedures p on p.id = d.procedure_id
    where d.tenant_id = ${tenantId} and d.code = ${code}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const events = typeof row.events === 'string' ? JSON.parse(row.events) : row.events;
  return {
    id: row.id,
    code: row.code as string,
    status: row.status,
    statusLabel: label(row.status),
    channel: row.channel,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    receivingUnitName: row.receiving_unit_name,
    /** For the caller to mask (e.g. "Nguyễn V. D."); never shown in full to the public. */
    applicantName: row.applicant_name,
    applicantUserId: row.applicant_user_id,
    receivedAt: show(null, row.received_at),
    dueAt: show(null, row.due_at),
    originalDueAt: show(null, row.original_due_at),
    pausedSince: show(null, row.paused_since),
    finishedAt: show(null, row.finished_at),
    returnedAt: show(null, row.returned_at),
    outcome: row.outcome,
    timeline: (events as Array<{ seq: number; action: string; to_status: string; at: string }>).map(
      (e) => ({
        seq: e.seq,
        action: e.action,
        status: e.to_status,
        statusLabel: label(e.to_status),
        at: show(null, e.at) as string,
      }),
    ),
  };
}
