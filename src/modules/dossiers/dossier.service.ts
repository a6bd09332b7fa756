import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, sql } from 'kysely';
import {
  addWorkingTime,
  ClockError,
  type ClockLedger,
  formatInstant,
  toEpochMs,
  workingMsBetween,
} from '../../domain/calendar/index.js';
import { foldVietnamese } from '../../domain/text/fold.js';
import {
  type ActionInput,
  actionSpec,
  applyClockOps,
  clockColumns,
  type Decision,
  type DossierAction,
  type DossierState,
  decide,
  parseSteps,
  type Refusal,
  stepDeadline,
  stepForState,
  transferDeadline,
} from '../../domain/workflow/index.js';
import {
  type AuditData,
  auditStream,
  canonicalJson,
  recordAudit,
} from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import { rememberedActorHolds } from '../../platform/auth/session.js';
import type { AppContext } from '../../platform/context.js';
import { protectField } from '../../platform/crypto/index.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/index.js';
import { type Coverage, grantUnits, READER_ROLES, workflowRoles } from './dossier.policy.js';
import {
  assignRegistrationCode,
  type DossierRow,
  findReceptionTargets,
  findUnit,
  type GrantScopes,
  insertRegistration,
  loadDossierForActor,
  nextCodeSequence,
  type RegistrationCode,
  type TransitionGuard,
  type TransitionWrite,
  type VersionAt,
  writeTransition,
} from './dossier.repository.js';
import {
  knownCoverage,
  rememberCoverage,
  rememberRow,
  rememberWritten,
  takeRow,
} from './dossier.row-cache.js';
import { clockLimit, tenantRules } from './dossier.rules.js';
import { isCitizenId, isPhone, isTaxCode, normalisePhone } from './dossier.validation.js';

export const DOSSIER_STATUS_TOPIC = 'dossier.status';

/** The grant scopes the repository turns into one coverage check. */
export function scopesOf(actor: Actor): GrantScopes {
  const reader = READER_ROLES.map((r) => grantUnits(actor, r));
  return {
    counter: grantUnits(actor, 'counter_officer'),
    specialist: grantUnits(actor, 'specialist'),
    leader: grantUnits(actor, 'leader'),
    reader: reader.some((u) => u === null) ? null : [...new Set(reader.flat() as number[])],
  };
}

export function coverageOf(row: DossierRow): Coverage {
  return {
    counterOverReceiving: row.counter_ok,
    specialistOverCurrent: row.specialist_ok,
    leaderOverCurrent: row.leader_ok,
    readerOverDossier: row.reader_ok,
  };
}

/**
 * Loads a dossier the actor may read, or throws `not_found` (also for a dossier the actor may
 * not see, so ids cannot be probed).
 */
export async function loadReadable(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  scopes: GrantScopes = scopesOf(actor),
): Promise<DossierRow> {
  const row = await loadDossierForActor(db, actor.tenantId, id, scopes);
  if (!row) throw new AppError('not_found');
  const roles = workflowRoles(actor, coverageOf(row), row.applicant_user_id);
  if (roles.length === 0 && !(actor.kind !== 'citizen' && row.reader_ok))
    throw new AppError('not_found');
  return row;
}

/** Turns a workflow refusal into the catalogue error the API answers with. */
export function refusalError(refusal: Refusal): AppError {
  const details = { rule: refusal.code };
  switch (refusal.code) {
    case 'state_not_allowed':
      return new AppError('transition_not_allowed', { message: refusal.message, details });
    case 'role_required':
    case 'override_requires_leader':
      return new AppError('forbidden', { message: refusal.message, details });
    case 'unknown_action':
      return new AppError('validation_failed', { message: refusal.message, details });
    default:
      return new AppError('rule_violation', { message: refusal.message, details });
  }
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** What the outbox message (topic `dossier.status`) carries; the portal module delivers it. */
export interface DossierStatusEvent {
  tenantId: number;
  dossierId: number;
  code: string | null;
  seq: number;
  action: string;
  from: string | null;
  to: string;
  at: string;
  dueAt: string | null;
  procedureCode: string;
  receivingUnitCode: string;
  agencyUnitCode: string;
  channel: number;
  applicantUserId: number | null;
  notifyApplicant: boolean;
  note: string | null;
}

/** Everything one transition wants to do, besides the version check. */
export interface PerformActionOptions {
  actor: Actor;
  dossierId: number;
  action: string;
  /** The version the caller read; a different current version answers `version_conflict`. */
  version: number;
  input?: ActionInput & { assigneeId?: number | null; unitId?: number | null };
  requestId?: string | null;
}

export interface TransitionResult {
  id: number;
  code: string | null;
  status: DossierState;
  version: number;
  seq: number;
  forms: string[];
}

const MAX_RETRIES = 3;

/**
 * Performs one workflow action on a dossier (DOMAIN §4): checks the transition table and the
 * guard rules (`decide`), the actor's grants over the dossier's units, and the expected
 * version; then writes the new state, the derived clock columns, the history event, the audit
 * row and the outbox message (`dossier.status`, national-portal sync and notifications) in one
 * statement. Registration of an online submission (`receive`) also takes the next gap-free code
 * in the same transaction.
 *
 * @throws AppError `not_found` (unknown or unreadable dossier), `version_conflict` (stale
 * version), `transition_not_allowed` (state), `forbidden` (role), `rule_violation` (a guard:
 * details.rule names it, e.g. `supplement_limit`, `extension_too_late`).
 */
export async function performAction(
  ctx: AppContext,
  options: PerformActionOptions,
): Promise<TransitionResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await performOnce(ctx, options);
    } catch (error) {
      // A concurrent audit write to the same stream (unique stream+seq) aborted the statement:
      // nothing was written; read again and retry.
      if (attempt < MAX_RETRIES && (error as { code?: string }).code === '23505') continue;
      throw error;
    }
  }
}

async function performOnce(
  ctx: AppContext,
  given: PerformActionOptions,
): Promise<TransitionResult> {
  let options = given;
  const spec = actionSpec(options.action);
  if (!spec)
    throw new AppError('validation_failed', {
      message: `unknown action ${options.action}`,
      details: { rule: 'unknown_action' },
    });
  if (spec.action !== 'receive') {
    const remembered = takeRow(ctx.db, options.actor.tenantId, options.dossierId, options.version);
    if (remembered) {
      const done = await performRemembered(ctx, options, spec.action, remembered);
      if (done) return done;
    }
  }
  if (options.actor.unverified) {
    // The actor came from memory (platform/auth): only a write that checks it may trust it.
    const actor = await options.actor.unverified.resolve();
    if (!actor) throw new AppError('unauthenticated', { message: 'unknown or revoked API token' });
    options = { ...options, actor };
  }
  const { actor } = options;
  const scopes = scopesOf(actor);
  const [rules, row] = await Promise.all([
    tenantRules(ctx.db, actor.tenantId),
    loadReadable(ctx.db, actor, options.dossierId, scopes),
  ]);
  if (row.version !== options.version) {
    throw new AppError('version_conflict', {
      details: { expected: options.version, current: row.version },
    });
  }
  rememberCoverage(ctx.db, row, scopes);
  const roles = workflowRoles(actor, coverageOf(row), row.applicant_user_id);
  const { write, decision } = await prepareTransition(ctx, options, spec.action, row, rules, roles);
  const { settings, cal } = rules;
  const registering = spec.action === 'receive';
  let written: { version: number; seq: number; outboxId: number | null; xmin: string } | null;
  if (!registering) {
    written = await writeTransition(ctx.db, write);
    if (written) rememberWritten(ctx.db, row, write, written);
  } else {
    // Registration of an online submission: the code is taken in the same transaction, so a
    // stale version (nothing written) gives the number back.
    written = await ctx.db.transaction().execute(async (trx) => {
      const agencyCode =
        settings.codeAgency === 'receiving' ? row.receiving_unit_code : row.agency_unit_code;
      write.code = await dossierCode(
        trx,
        actor.tenantId,
        agencyCode,
        write.receivedAt as string,
        cal.timezone,
      );
      if (write.outbox) write.outbox.payload.code = write.code;
      const done = await writeTransition(trx, write);
      if (!done) throw new AppError('version_conflict', { details: { expected: options.version } });
      return done;
    });
  }
  if (!written) throw new AppError('version_conflict', { details: { expected: options.version } });
  return {
    id: row.id,
    code: write.code ?? row.code,
    status: decision.next,
    version: written.version,
    seq: written.seq,
    forms: decision.forms,
  };
}

/**
 * The transition computed from the row this process's previous transition of the dossier wrote
 * (dossier.row-cache.ts), in ONE round trip: the write's guard checks everything the computation
 * assumed. Returns null whenever the ordinary path must decide instead — a coverage never read
 * for this scope, a refusal or an error (answered from a fresh read, never from a remembered
 * row), or a guard that did not hold (a concurrent or unversioned write, a changed grant or
 * code, a stale version: the ordinary path reads and answers `version_conflict` if so).
 */
async function performRemembered(
  ctx: AppContext,
  options: PerformActionOptions,
  action: DossierAction,
  remembered: DossierRow,
): Promise<TransitionResult | null> {
  const { actor } = options;
  const scopes = scopesOf(actor);
  const counterOk = knownCoverage(ctx.db, scopes.counter, remembered.receiving_unit_id);
  const specialistOk = knownCoverage(ctx.db, scopes.specialist, remembered.current_unit_id);
  const leaderOk = knownCoverage(ctx.db, scopes.leader, remembered.current_unit_id);
  if (counterOk === undefined || specialistOk === undefined || leaderOk === undefined) return null;
  const row: DossierRow = {
    ...remembered,
    counter_ok: counterOk,
    specialist_ok: specialistOk,
    leader_ok: leaderOk,
  };
  const roles = workflowRoles(actor, coverageOf(row), row.applicant_user_id);
  if (roles.length === 0) return null;
  let prepared: Awaited<ReturnType<typeof prepareTransition>>;
  try {
    const rules = await tenantRules(ctx.db, actor.tenantId);
    prepared = await prepareTransition(ctx, options, action, row, rules, roles);
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
  const { write, decision } = prepared;
  const guard: TransitionGuard = {
    xmin: row.xmin,
    procedureCode: row.procedure_code,
    receivingUnitCode: row.receiving_unit_code,
    agencyUnitCode: row.agency_unit_code,
    scopes,
    counterOk,
    specialistOk,
    leaderOk,
    actorHolds: rememberedActorHolds(actor),
  };
  const written = await writeTransition(ctx.db, write, guard);
  if (!written) return null;
  rememberWritten(ctx.db, row, write, written);
  return {
    id: row.id,
    code: row.code,
    status: decision.next,
    version: written.version,
    seq: written.seq,
    forms: decision.forms,
  };
}

/** The decision (`decide`) and the write it makes, from a dossier row and the actor's roles. */
async function prepareTransition(
  ctx: AppContext,
  options: PerformActionOptions,
  action: DossierAction,
  row: DossierRow,
  rules: Awaited<ReturnType<typeof tenantRules>>,
  roles: ReturnType<typeof workflowRoles>,
): Promise<{ write: TransitionWrite; decision: Decision }> {
  const { actor } = options;
  const { cal, settings } = rules;
  const now = ctx.now();
  const nowIso = now.toISOString();
  const input = options.input ?? {};
  const decision = decide(
    {
      state: row.status,
      ledger: row.clock,
      extensionRequest: row.extension_request,
      proposedOutcome: row.proposed_outcome,
    },
    action,
    { roles, now, cal, settings, input },
  );
  if (!decision.ok) throw refusalError(decision);
  if (decision.patch.extensionRequest) decision.patch.extensionRequest.by = actor.userId;
  const write = await buildWrite(ctx, {
    row,
    decision,
    actor,
    now: nowIso,
    input,
    rules,
    requestId: options.requestId ?? null,
  });
  return { write, decision };
}

function statusEvent(
  row: DossierRow,
  write: TransitionWrite,
  seq: number,
  notify: boolean,
): DossierStatusEvent {
  return {
    tenantId: row.tenant_id,
    dossierId: row.id,
    code: write.code ?? row.code,
    seq,
    action: write.event.action,
    from: write.event.fromStatus,
    to: write.event.toStatus,
    at: write.at,
    dueAt: write.dueAt,
    procedureCode: row.procedure_code,
    receivingUnitCode: row.receiving_unit_code,
    agencyUnitCode: row.agency_unit_code,
    channel: row.channel,
    applicantUserId: row.applicant_user_id,
    notifyApplicant: notify,
    note: write.event.note,
  };
}

/** `<agency identifier>-<YYMMDD>-<NNNN>` with the next gap-free number (DOMAIN §4). */
export async function dossierCode(
  trx: Kysely<DB>,
  tenantId: number,
  agencyCode: string,
  receivedAt: string,
  timezone: string,
): Promise<string> {
  const local = formatInstant(timezone, toEpochMs(receivedAt));
  const day = local.slice(0, 10);
  const seq = await nextCodeSequence(trx, tenantId, agencyCode, day);
  return formatDossierCode(agencyCode, day, seq);
}

/** Formats a dossier code; sequences past 9999 keep growing in width rather than wrap. */
export function formatDossierCode(agencyCode: string, localDay: string, seq: number): string {
  return `${agencyCode}-${localDay.slice(2, 4)}${localDay.slice(5, 7)}${localDay.slice(8, 10)}-${String(seq).padStart(4, '0')}`;
}

async function buildWrite(
  ctx: AppContext,
  o: {
    row: DossierRow;
    decision: Decision;
    actor: Actor;
    now: string;
    input: NonNullable<PerformActionOptions['input']>;
    rules: Awaited<ReturnType<typeof tenantRules>>;
    requestId: string | null;
  },
): Promise<TransitionWrite> {
  const { row, decision, actor, now, input } = o;
  const { cal, settings } = o.rules;
  let ledger: ClockLedger | null;
  try {
    ledger = applyClockOps(row.clock, decision.clockOps, {
      at: now,
      cal,
      limit: clockLimit(row.limit_unit, row.promised_limit, cal, now),
    });
  } catch (error) {
    if (error instanceof ClockError)
      throw new AppError('rule_violation', {
        message: error.message,
        details: { rule: error.code },
      });
    throw error;
  }
  const cols = clockColumns(ledger, cal);
  const steps = parseSteps(row.steps);
  const next = decision.next;

  // Where the dossier goes: the counter for reception and results, the agency for processing,
  // a named unit for an inter-agency consultation.
  let unitId = row.current_unit_id;
  if (next === 'received' || next === 'result_ready') unitId = row.receiving_unit_id;
  else if (next === 'in_appraisal' || next === 'awaiting_approval') unitId = row.agency_unit_id;
  else if (next === 'in_consultation') {
    if (input.unitId) {
      const unit = await findUnit(ctx.db, actor.tenantId, input.unitId);
      if (!unit)
        throw new AppError('not_found', {
          message: 'consulted unit not found',
          details: { unitId: input.unitId },
        });
      unitId = unit.id;
    } else unitId = row.agency_unit_id;
  }

  let assigneeId = unitId === row.current_unit_id ? row.assignee_id : null;
  if (decision.action === 'assign' || input.assigneeId !== undefined) {
    if (input.assigneeId !== null && input.assigneeId !== undefined) {
      await assertAssignable(ctx.db, actor.tenantId, input.assigneeId, unitId);
      assigneeId = input.assigneeId;
    } else if (decision.action === 'assign') assigneeId = null;
  }

  // Template step and its allotment deadline (Form 06 judges each hand-over against it).
  const stepIndex = stepForState(steps, next, row.step_index);
  const handOver =
    stepIndex !== row.step_index ||
    unitId !== row.current_unit_id ||
    (next === 'received' && row.status !== 'received');
  let stepStartedAt = iso(row.step_started_at);
  let stepDueAt = iso(row.step_due_at);
  let onTime: boolean | null = null;
  const leftStepDue = iso(row.step_due_at);
  if (handOver) {
    onTime = leftStepDue === null ? null : toEpochMs(now) <= toEpochMs(leftStepDue);
    stepStartedAt = now;
    const step = stepIndex === null ? undefined : steps[stepIndex];
    if (next === 'received') {
      stepDueAt = transferDeadline(cal, now, {
        paper: row.channel !== 2,
        cutoff: settings.transferCutoff,
      });
    } else if (step) {
      stepDueAt = stepDeadline(
        cal,
        now,
        clockLimit(row.limit_unit, 1, cal, now).unit,
        step.allotment,
      );
    } else stepDueAt = null;
  } else if (decision.action === 'record_supplement' && stepDueAt && row.paused_since) {
    // The step's allotment does not run while the applicant supplements either.
    const paused = workingMsBetween(cal, row.paused_since.getTime(), toEpochMs(now));
    stepDueAt = new Date(addWorkingTime(cal, toEpochMs(stepDueAt), paused)).toISOString();
  }
  if (
    decision.patch.finished ||
    next === 'returned' ||
    next === 'stopped' ||
    next === 'withdrawn'
  ) {
    if (handOver && onTime === null && leftStepDue)
      onTime = toEpochMs(now) <= toEpochMs(leftStepDue);
  }

  const finishedAt = decision.patch.finished ? now : iso(row.finished_at);
  const returnedAt = decision.patch.returned ? now : iso(row.returned_at);
  const outcome = decision.patch.outcome ?? row.outcome;
  const note =
    typeof input.note === 'string' && input.note.trim() !== '' ? input.note.trim() : null;
  const nextVersion = row.version + 1;
  const receivedAt = decision.action === 'receive' ? now : iso(row.received_at);

  const auditData: AuditData = {
    action: `dossier.${decision.action}`,
    actorId: actor.userId,
    unitId,
    requestId: o.requestId,
    at: now,
    entity: 'dossier',
    entityId: String(row.id),
    before: {
      status: row.status,
      version: row.version,
      unitId: row.current_unit_id,
      assigneeId: row.assignee_id,
      dueAt: iso(row.due_at),
    },
    after: { status: next, version: nextVersion, unitId, assigneeId, dueAt: cols.due_at, note },
  };
  const statusChanged = next !== row.status;
  const publish = statusChanged || decision.notify || decision.clockOps.length > 0;
  const write: TransitionWrite = {
    tenantId: actor.tenantId,
    dossierId: row.id,
    expectedVersion: row.version,
    at: now,
    status: next as TransitionWrite['status'],
    code: null,
    receivedAt,
    currentUnitId: unitId,
    stepIndex,
    stepCode: stepIndex === null ? null : (steps[stepIndex]?.code ?? null),
    stepRole: stepIndex === null ? null : (steps[stepIndex]?.role ?? null),
    stepStartedAt,
    stepDueAt,
    assigneeId,
    clock: ledger,
    dueAt: cols.due_at,
    originalDueAt: cols.original_due_at,
    pausedSince: cols.paused_since,
    supplementCount: cols.supplement_count,
    extended: cols.extended,
    extensionRequest:
      decision.patch.extensionRequest === undefined
        ? row.extension_request
        : decision.patch.extensionRequest,
    proposedOutcome:
      decision.patch.proposedOutcome === undefined
        ? row.proposed_outcome
        : decision.patch.proposedOutcome,
    finishedAt,
    returnedAt,
    outcome,
    event: {
      action: decision.action,
      fromStatus: row.status,
      toStatus: next,
      stepCode: row.step_code,
      fromUnitId: row.current_unit_id,
      toUnitId: unitId,
      assigneeId,
      actorId: actor.userId,
      note,
      stepDueAt: leftStepDue,
      onTime,
      data: {
        ...(decision.forms.length > 0 ? { forms: decision.forms } : {}),
        ...(input.override ? { override: true } : {}),
        ...(decision.patch.extensionRequest
          ? { extensionDueAt: decision.patch.extensionRequest.dueAt }
          : {}),
        ...(decision.patch.proposedOutcome
          ? { proposedOutcome: decision.patch.proposedOutcome }
          : {}),
        ...(decision.clockOps.some((op) => op.op === 'extend') ? { extendedTo: cols.due_at } : {}),
      },
    },
    audit: {
      stream: `dossier:${row.id}`,
      actorId: actor.userId,
      unitId,
      action: auditData.action,
      requestId: o.requestId,
      canonical: canonicalJson(auditData),
    },
    outbox: null,
  };
  if (publish) {
    write.outbox = {
      topic: DOSSIER_STATUS_TOPIC,
      payload: { ...statusEvent(row, write, nextVersion, decision.notify) },
    };
  }
  return write;
}

async function assertAssignable(
  db: Kysely<DB>,
  tenantId: number,
  userId: number,
  unitId: number,
): Promise<void> {
  const found = await sql<{ ok: number }>`
    select 1 as ok from role_grants g
    join users u on u.id = g.user_id and u.disabled_at is null
    where g.tenant_id = ${tenantId} and g.user_id = ${userId}
      and g.role in ('counter_officer', 'specialist', 'leader')
      and (g.unit_id is null or exists (select 1 from unit_closure c where c.ancestor_id = g.unit_id and c.descendant_id = ${unitId}))
    limit 1`.execute(db);
  if (found.rows.length === 0) {
    throw new AppError('rule_violation', {
      message: 'the assignee has no role over the unit',
      details: { rule: 'assignee_not_in_unit', assigneeId: userId },
    });
  }
}

// ————————————————————————————————————————————— reception —————————————————————————————————————————————

export interface ApplicantInput {
  kind: 'individual' | 'organisation';
  name: string;
  /** 12-digit citizen ID (individuals, or an organisation's representative). */
  idNumber?: string | null;
  /** Organisations: 10 or 13-digit tax code. */
  taxCode?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

export interface ComponentInput {
  code: string;
  /** Ids of files the officer uploaded (POST /api/files), claimed for the dossier. */
  fileIds?: number[];
  /** Taken from data already held (an earlier result, a national database) instead of paper. */
  reused?: boolean;
}

export interface ReceiveInput {
  procedureCode: string;
  receivingUnitId: number;
  applicant: ApplicantInput;
  /** The components the applicant handed in (ticked at the counter). */
  components: ComponentInput[];
  channel?: 1 | 2 | 3;
  delivery?: { method: 'counter' | 'post' | 'electronic'; address?: string | null };
  /** The officer's check: complete → registered; incomplete → Form 02; refused → Form 03. */
  decision: 'complete' | 'incomplete' | 'refused';
  /** Guidance (incomplete: what else is missing) or reasons (refused). */
  note?: string | null;
  /** Extra items missing beyond the unticked required components (incomplete). */
  missing?: string[];
  /** Data came from the population database or a VNeID-verified account (indicator 5.7). */
  populationDb?: boolean;
  /** Components taken from / result sent to the citizen's data store (indicator 5.5). */
  citizenStore?: boolean;
}

export interface ReceiveResult {
  id: number;
  code: string | null;
  status: DossierState;
  version: number;
  /** Required components not handed in (Form 02 lists them with the officer's guidance). */
  missing: string[];
  receivedAt: string | null;
  dueAt: string | null;
  forms: string[];
  /** True when this answer repeats the first request with the same Idempotency-Key. */
  replayed: boolean;
}

interface Component {
  code: string;
  name: string;
  required: boolean;
  mustDigitise: boolean;
}

function parseComponents(value: unknown): Component[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (c): c is Record<string, unknown> =>
        typeof c === 'object' && c !== null && typeof c.code === 'string',
    )
    .map((c) => ({
      code: String(c.code),
      name: String(c.name ?? c.code),
      required: c.required !== false,
      mustDigitise: c.mustDigitise === true,
    }));
}

function validateApplicant(a: ApplicantInput): void {
  const issues: { path: string; message: string }[] = [];
  if (!a.name || a.name.trim() === '')
    issues.push({ path: '/applicant/name', message: 'required' });
  if (a.idNumber && !isCitizenId(a.idNumber))
    issues.push({
      path: '/applicant/idNumber',
      message: 'must be a 12-digit citizen ID (province code 001–096 first)',
    });
  if (a.kind === 'individual' && !a.idNumber)
    issues.push({ path: '/applicant/idNumber', message: 'required for an individual' });
  if (a.kind === 'organisation' && !a.taxCode)
    issues.push({ path: '/applicant/taxCode', message: 'required for an organisation' });
  if (a.taxCode && !isTaxCode(a.taxCode))
    issues.push({
      path: '/applicant/taxCode',
      message: 'must be 10 digits, 10-3 digits for a branch, or a 12-digit personal ID',
    });
  if (a.phone && !isPhone(a.phone))
    issues.push({ path: '/applicant/phone', message: 'must be a Vietnamese phone number' });
  if (a.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email))
    issues.push({ path: '/applicant/email', message: 'invalid e-mail address' });
  if (issues.length > 0)
    throw new AppError('validation_failed', { message: 'invalid applicant', details: { issues } });
}

/** Encrypted columns of the applicant (src/platform/crypto; key from MOTCUA_SECRET_KEY). */
export function applicantColumns(secret: string, a: ApplicantInput) {
  const id = protectField(secret, 'dossiers.applicant_id', a.idNumber ?? null);
  const phone = protectField(
    secret,
    'dossiers.applicant_phone',
    a.phone ? normalisePhone(a.phone) : null,
  );
  return {
    applicant_kind: a.kind,
    applicant_name: a.name.trim(),
    applicant_search: foldVietnamese(a.name),
    applicant_id_enc: id.enc,
    applicant_id_hash: id.hash,
    applicant_id_last4: a.idNumber ? a.idNumber.slice(-4) : null,
    applicant_tax_code: a.taxCode ?? null,
    applicant_phone_enc: phone.enc,
    applicant_phone_hash: phone.hash,
    applicant_email: a.email ?? null,
    applicant_address: a.address ?? null,
  };
}

/**
 * Receives a dossier at the counter (DOMAIN §4 step 1; Decree 118/2025, Circular 03/2025):
 * - `complete`: registers it with the next gap-free code, starts the legal clock from the
 *   procedure version in force now, and issues the receipt and appointment slip (Form 01);
 * - `incomplete`: records the request to supplement listing EVERYTHING missing, once, in
 *   writing (Form 02) — no code is consumed, the applicant comes back to the same record;
 * - `refused`: records the refusal with reasons (Form 03), no code.
 * The attached files (uploaded ahead through POST /api/files) are claimed in the same
 * transaction, with history, audit and outbox. With an idempotency key a retried request
 * returns the first answer and never creates a second dossier.
 *
 * @throws AppError `validation_failed` (applicant formats, unknown component), `not_found`
 * (procedure, unit or file), `forbidden` (no counter role over the unit), `rule_violation`
 * (`components_missing` when `complete` lacks a required component).
 */
export async function receiveDossier(
  ctx: AppContext,
  options: ReceiveOptions,
): Promise<ReceiveResult> {
  const { unverified } = options.actor;
  if (!unverified) return receiveOnce(ctx, options);
  // An API-token actor taken from memory (platform/auth) is checked by the reception's first
  // statement (findReceptionTargets), as the per-request look-up would have been; an error,
  // and a stale actor, are answered for the actor as looked up now.
  try {
    return await receiveOnce(ctx, options);
  } catch (error) {
    if (!(error instanceof AppError) && error !== ACTOR_STALE) throw error;
  }
  const actor = await unverified.resolve();
  if (!actor) throw new AppError('unauthenticated', { message: 'unknown or revoked API token' });
  return receiveOnce(ctx, { ...options, actor });
}

interface ReceiveOptions {
  actor: Actor;
  input: ReceiveInput;
  idempotencyKey?: string | null;
  requestId?: string | null;
}

/** Thrown (and caught) when a remembered actor did not hold: nothing was written. */
const ACTOR_STALE = Symbol('actor no longer holds');

async function receiveOnce(ctx: AppContext, options: ReceiveOptions): Promise<ReceiveResult> {
  const { actor, input } = options;
  if (actor.kind === 'citizen') throw new AppError('forbidden');
  const counterUnits = grantUnits(actor, 'counter_officer');
  const now = ctx.now();
  const nowIso = now.toISOString();
  // Both look-ups in one round trip; their answers are judged in the order the API documents.
  // A complete reception without files is written in ONE statement (insertRegistration), its
  // dossier id taken here; the others in a transaction (files are claimed, no code is taken).
  const single =
    input.decision === 'complete' &&
    !ctx.db.isTransaction &&
    input.components.every((c) => (c.fileIds ?? []).length === 0);
  const { unit, version, nextId, actorHolds } = await findReceptionTargets(
    ctx.db,
    actor.tenantId,
    input.receivingUnitId,
    counterUnits,
    input.procedureCode,
    nowIso,
    { allocateId: single, actorHolds: rememberedActorHolds(actor) },
  );
  if (!actorHolds) throw ACTOR_STALE;
  if (!unit)
    throw new AppError('not_found', {
      message: 'receiving unit not found',
      details: { receivingUnitId: input.receivingUnitId },
    });
  if (!unit.counter_ok) throw new AppError('forbidden');
  validateApplicant(input.applicant);
  if (version?.status !== 'active') {
    throw new AppError('not_found', {
      message: `procedure ${input.procedureCode} not found or retired`,
      details: { procedureCode: input.procedureCode },
    });
  }
  const components = parseComponents(version.components);
  const known = new Map(components.map((c) => [c.code, c]));
  const unknown = input.components.filter((c) => !known.has(c.code)).map((c) => c.code);
  if (unknown.length > 0)
    throw new AppError('validation_failed', {
      message: 'unknown components',
      details: {
        issues: unknown.map((code) => ({
          path: '/components',
          message: `unknown component ${code}`,
        })),
      },
    });
  const ticked = new Set(input.components.map((c) => c.code));
  const missing = components.filter((c) => c.required && !ticked.has(c.code)).map((c) => c.name);
  const allMissing = [...missing, ...(input.missing ?? []).map((m) => m.trim()).filter(Boolean)];
  if (input.decision === 'complete' && missing.length > 0) {
    throw new AppError('rule_violation', {
      message: 'required components are missing',
      details: { rule: 'components_missing', missing },
    });
  }
  if (input.decision === 'incomplete' && allMissing.length === 0 && !input.note?.trim()) {
    throw new AppError('validation_failed', {
      message: 'say what is missing',
      details: { issues: [{ path: '/missing', message: 'list what is missing or give guidance' }] },
    });
  }
  if (input.decision === 'refused' && !input.note?.trim()) {
    throw new AppError('rule_violation', {
      message: 'a refusal needs written reasons (Form 03)',
      details: { rule: 'note_required' },
    });
  }
  if (input.delivery?.method === 'post' && !input.delivery.address?.trim()) {
    throw new AppError('validation_failed', {
      message: 'a postal delivery needs an address',
      details: { issues: [{ path: '/delivery/address', message: 'required for post' }] },
    });
  }

  const { cal, settings } = await tenantRules(ctx.db, actor.tenantId);
  const scope = `dossier.receive:${actor.userId}`;
  const key = options.idempotencyKey ?? null;

  const reception = {
    actor,
    input,
    version,
    unit,
    now: nowIso,
    cal,
    settings,
    missing: allMissing,
    components: known,
    requestId: options.requestId ?? null,
  };
  if (single && nextId !== null) {
    const { result, code, values, toRow } = await insertReception(ctx.db, ctx, {
      ...reception,
      id: nextId,
    });
    if (!code) throw new Error('a complete reception is registered');
    code.idempotency = key ? { scope, key, response: JSON.stringify(result) } : null;
    let written: Awaited<ReturnType<typeof insertRegistration>>;
    try {
      written = await insertRegistration(ctx.db, { id: nextId, values, code });
    } catch (error) {
      // The key was used before: nothing of this request was written (the number is given
      // back); the first request's answer is the answer.
      if (key && isDuplicateKey(error, 'idempotency_keys'))
        return replay(ctx.db, actor.tenantId, scope, key);
      throw error;
    }
    result.code = written.code;
    // Its first transition (the transfer) can be one statement too.
    rememberRow(ctx.db, toRow(written.row));
    return result;
  }

  return ctx.db.transaction().execute(async (trx) => {
    if (key) {
      const claimed = await sql<{ key: string }>`
        insert into idempotency_keys (tenant_id, key, scope) values (${actor.tenantId}, ${key}, ${scope})
        on conflict do nothing returning key`.execute(trx);
      if (claimed.rows.length === 0) return replay(trx, actor.tenantId, scope, key);
    }
    const { result, code } = await insertReception(trx, ctx, reception);
    if (code) {
      // The gap-free code last (see assignRegistrationCode): it also writes the stored answer.
      code.idempotency = key ? { scope, key, response: JSON.stringify(result) } : null;
      result.code = await assignRegistrationCode(trx, code);
      return result;
    }
    if (key) {
      await trx
        .updateTable('idempotency_keys')
        .set({ response: JSON.stringify(result) })
        .where('tenant_id', '=', actor.tenantId)
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute();
    }
    return result;
  });
}

/** The stored answer of the first request with an idempotency key. */
async function replay(
  db: Kysely<DB>,
  tenantId: number,
  scope: string,
  key: string,
): Promise<ReceiveResult> {
  const first = await db
    .selectFrom('idempotency_keys')
    .select('response')
    .where('tenant_id', '=', tenantId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  const response = (
    typeof first?.response === 'string' ? JSON.parse(first.response) : first?.response
  ) as ReceiveResult | null;
  if (!response)
    throw new AppError('version_conflict', {
      message: 'the first request with this Idempotency-Key is still running',
      details: { rule: 'idempotency_in_flight' },
    });
  return { ...response, replayed: true };
}

/** A unique violation on `table` (PostgreSQL and PGlite both name the table). */
function isDuplicateKey(error: unknown, table: string): boolean {
  const e = error as { code?: string; table?: string; constraint?: string };
  return e.code === '23505' && (e.table === table || (e.constraint ?? '').startsWith(table));
}

async function insertReception(
  trx: Kysely<DB>,
  ctx: AppContext,
  o: {
    actor: Actor;
    input: ReceiveInput;
    version: VersionAt;
    unit: { id: number; code: string };
    now: string;
    cal: Awaited<ReturnType<typeof tenantRules>>['cal'];
    settings: Awaited<ReturnType<typeof tenantRules>>['settings'];
    missing: string[];
    components: Map<string, Component>;
    requestId: string | null;
    /**
     * A pre-allocated dossier id: the row is not inserted here but by the caller's one
     * statement (`insertRegistration`), with `values`.
     */
    id?: number;
  },
): Promise<{
  result: ReceiveResult;
  code: RegistrationCode | null;
  values: Insertable<DB['dossiers']>;
  /** The inserted row (with its xmin) as a transition reads it, for the row cache. */
  toRow: (inserted: Record<string, unknown>) => DossierRow;
}> {
  const { actor, input, version, unit, now, cal } = o;
  const agencyUnitId = version.agency_unit_id ?? unit.id;
  const action: DossierAction =
    input.decision === 'complete'
      ? 'receive'
      : input.decision === 'incomplete'
        ? 'request_supplement_at_reception'
        : 'refuse_at_reception';
  const status: DossierState =
    input.decision === 'complete'
      ? 'received'
      : input.decision === 'incomplete'
        ? 'reception_supplement'
        : 'not_accepted';
  const channel = input.channel ?? 1;
  // A registered dossier's code is taken at the very end (assignRegistrationCode); until then
  // it is this placeholder wherever it is written.
  const code: string | null = status === 'received' ? `dossier-code:${randomUUID()}` : null;
  let agencyCode = unit.code;
  let ledger: ClockLedger | null = null;
  const steps = parseSteps(version.steps);
  let stepIndex: number | null = null;
  let stepDueAt: string | null = null;
  if (status === 'received') {
    const agency = agencyUnitId === unit.id ? unit.code : version.agency_unit_code;
    agencyCode = o.settings.codeAgency === 'receiving' ? unit.code : (agency ?? unit.code);
    ledger = applyClockOps(null, [{ op: 'start' }], {
      at: now,
      cal,
      limit: clockLimit(version.limit_unit, version.promised_limit, cal, now),
    });
    stepIndex = stepForState(steps, 'received', null);
    stepDueAt = transferDeadline(cal, now, {
      paper: channel !== 2,
      cutoff: o.settings.transferCutoff,
    });
  }
  const cols = clockColumns(ledger, cal);
  const fileIds = input.components.flatMap((c) => c.fileIds ?? []);
  const digitisable = [...o.components.values()].filter((c) => c.mustDigitise);
  const withFiles = new Set(
    input.components.filter((c) => (c.fileIds ?? []).length > 0 || c.reused).map((c) => c.code),
  );
  const digitised =
    status === 'received' &&
    (channel === 2 || digitisable.every((c) => withFiles.has(c.code))) &&
    (digitisable.length > 0 || fileIds.length > 0 || channel === 2);
  const note = input.note?.trim() || null;

  const values: Insertable<DB['dossiers']> = {
    tenant_id: actor.tenantId,
    code: null,
    status: status as 'received',
    receiving_unit_id: unit.id,
    agency_unit_id: agencyUnitId,
    current_unit_id: unit.id,
    step_index: stepIndex,
    step_code: stepIndex === null ? null : (steps[stepIndex]?.code ?? null),
    step_role: stepIndex === null ? null : (steps[stepIndex]?.role ?? null),
    step_started_at: status === 'received' ? now : null,
    step_due_at: stepDueAt,
    procedure_id: version.procedure_id,
    procedure_version_id: version.version_id,
    channel,
    ...applicantColumns(ctx.config.secretKey, input.applicant),
    delivery: input.delivery?.method ?? 'counter',
    delivery_address: input.delivery?.address ?? null,
    clock: ledger === null ? null : JSON.stringify(ledger),
    received_at: cols.received_at,
    due_at: cols.due_at,
    original_due_at: cols.original_due_at,
    supplement_count: 0,
    fee_amount: version.fee_amount,
    online_level: version.online_level,
    result_required: version.result_type !== 'none',
    certification: version.certification,
    digitised,
    reused: input.components.some((c) => c.reused === true),
    population_db: input.populationDb === true,
    citizen_store: input.citizenStore === true,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const id =
    o.id ??
    (await trx.insertInto('dossiers').values(values).returning('id').executeTakeFirstOrThrow()).id;
  // The row as a transition reads it (loadDossierForActor), for the row cache: the joined codes
  // and template from the version and unit at hand. Its xmin stays the transaction's when the
  // code is written. Names and coverage are not kept (performRemembered reads neither).
  const agencyUnitCode =
    agencyUnitId === unit.id ? unit.code : (version.agency_unit_code ?? unit.code);
  const toRow = (inserted: Record<string, unknown>): DossierRow => ({
    ...(inserted as unknown as DossierRow),
    clock: ledger,
    extension_request: null,
    procedure_code: version.procedure_code,
    procedure_name: version.name,
    steps: version.steps,
    limit_unit: version.limit_unit,
    promised_limit: version.promised_limit,
    legal_limit: version.legal_limit,
    receiving_unit_code: unit.code,
    receiving_unit_name: '',
    agency_unit_code: agencyUnitCode,
    agency_unit_name: '',
    current_unit_name: '',
    assignee_name: null,
    counter_ok: false,
    specialist_ok: false,
    leader_ok: false,
    reader_ok: false,
    xmin: String(inserted.xmin),
  });

  if (fileIds.length > 0) {
    const files = await claimFiles(trx, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      ids: fileIds,
      claimedFor: `dossier:${id}`,
      now,
    });
    const byId = new Map(files.map((f) => [f.id, f]));
    const rows = input.components.flatMap((c) =>
      (c.fileIds ?? []).map((fileId) => {
        const f = byId.get(fileId) as ClaimedFile;
        return {
          tenant_id: actor.tenantId,
          dossier_id: id,
          kind: 'component' as const,
          component_code: c.code,
          storage_key: f.storage_key,
          name: f.name,
          mime: f.mime,
          size: f.size,
          sha256: f.sha256,
          digitised: channel !== 2,
          reused: c.reused === true,
          electronic: channel === 2,
          uploaded_by: actor.userId,
          created_at: now,
        };
      }),
    );
    if (rows.length > 0) await trx.insertInto('dossier_documents').values(rows).execute();
  }

  const spec = actionSpec(action);
  const forms = [...(spec?.forms ?? [])];
  const message = {
    tenantId: actor.tenantId,
    topic: DOSSIER_STATUS_TOPIC,
    dedupeKey: `dossier:${id}:1`,
    payload: {
      tenantId: actor.tenantId,
      dossierId: id,
      code,
      seq: 1,
      action,
      from: null,
      to: status,
      at: now,
      dueAt: cols.due_at,
      procedureCode: version.procedure_code,
      receivingUnitCode: unit.code,
      agencyUnitCode: agencyCode,
      channel,
      applicantUserId: null,
      notifyApplicant: true,
      note,
    },
    notBefore: new Date(now),
  };
  const event = {
    tenant_id: actor.tenantId,
    dossier_id: id,
    seq: 1,
    action,
    from_status: null,
    to_status: status,
    step_code: null,
    from_unit_id: unit.id,
    to_unit_id: unit.id,
    actor_id: actor.userId,
    at: now,
    note,
    data: JSON.stringify({ forms, ...(o.missing.length > 0 ? { missing: o.missing } : {}) }),
  };
  if (code === null) {
    // Not registered: no code to wait for, so the message and the history event go now.
    const outbox = o.input.channel === 2 ? await enqueue(trx, message) : null;
    await trx
      .insertInto('dossier_events')
      .values({ ...event, outbox_id: outbox?.id ?? null })
      .execute();
  }
  const after = {
    status,
    version: 1,
    code,
    procedureCode: version.procedure_code,
    dueAt: cols.due_at,
  };
  let registration: RegistrationCode | null = null;
  if (code === null) {
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      unitId: unit.id,
      action: `dossier.${action}`,
      entity: 'dossier',
      entityId: id,
      before: null,
      after,
      requestId: o.requestId,
      at: new Date(now),
    });
  } else {
    // The same data recordAudit would hash, the code still a placeholder.
    const data: AuditData = {
      action: `dossier.${action}`,
      actorId: actor.userId,
      unitId: unit.id,
      requestId: o.requestId,
      at: now,
      entity: 'dossier',
      entityId: String(id),
      before: null,
      after,
    };
    const localDay = formatInstant(cal.timezone, toEpochMs(now)).slice(0, 10);
    registration = {
      tenantId: actor.tenantId,
      dossierId: id,
      agencyCode,
      day: localDay,
      prefix: formatDossierCode(agencyCode, localDay, 0).slice(0, -4),
      placeholder: code,
      outbox: {
        topic: message.topic,
        dedupeKey: message.dedupeKey,
        payload: JSON.stringify(message.payload),
        notBefore: now,
      },
      event: {
        action,
        toStatus: status,
        unitId: unit.id,
        actorId: actor.userId,
        at: now,
        note,
        data: event.data,
      },
      audit: {
        stream: auditStream('dossier', id),
        actorId: actor.userId,
        unitId: unit.id,
        action: data.action,
        requestId: o.requestId,
        at: now,
        canonical: canonicalJson(data),
      },
      idempotency: null,
    };
  }
  const result: ReceiveResult = {
    id,
    code,
    status,
    version: 1, // a new dossier's (the column default)
    missing: o.missing,
    receivedAt:
      cols.received_at === null ? null : formatInstant(cal.timezone, toEpochMs(cols.received_at)),
    dueAt: cols.due_at,
    forms,
    replayed: false,
  };
  return { result, code: registration, values, toRow };
}

interface ClaimedFile {
  id: number;
  storage_key: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/**
 * Claims the actor's own unclaimed uploads (stored_files, the files module) for a dossier in the
 * caller's transaction; `not_found` when any id is unknown, someone else's or already claimed.
 */
async function claimFiles(
  trx: Kysely<DB>,
  o: { tenantId: number; userId: number; ids: number[]; claimedFor: string; now: string },
): Promise<ClaimedFile[]> {
  const ids = [...new Set(o.ids)];
  const result = await sql<ClaimedFile>`
    update stored_files set claimed_at = ${o.now}::timestamptz, claimed_for = ${o.claimedFor}
    where tenant_id = ${o.tenantId} and uploaded_by = ${o.userId} and claimed_at is null and id in (${sql.join(ids)})
    returning id, storage_key, name, mime, size, sha256`.execute(trx);
  if (result.rows.length !== ids.length) {
    const found = new Set(result.rows.map((r) => r.id));
    throw new AppError('not_found', {
      message: 'file not found or already attached',
      details: { fileIds: ids.filter((i) => !found.has(i)) },
    });
  }
  return result.rows;
}

export type { Role };
export { claimFiles as claimUploadedFilesForDossier };

/** One line of a bulk hand-over's answer. */
export type BulkResult =
  | { id: number; ok: true; version: number; status: string }
  | { id: number; ok: false; error: { code: string; message: string } };

/**
 * Bulk hand-over (bàn giao): the same action (typically `transfer` from the counter, or
 * `assign` by a leader) on many dossiers, each in its own transition with its own version check,
 * so one stale or refused dossier does not hold back the others. Answers per dossier.
 */
export async function bulkAction(
  ctx: AppContext,
  options: {
    actor: Actor;
    action: string;
    items: { id: number; version: number }[];
    input?: PerformActionOptions['input'];
    requestId?: string | null;
  },
): Promise<{ done: number; failed: number; results: BulkResult[] }> {
  const results: BulkResult[] = [];
  for (const item of options.items) {
    try {
      const r = await performAction(ctx, {
        actor: options.actor,
        dossierId: item.id,
        action: options.action,
        version: item.version,
        ...(options.input ? { input: options.input } : {}),
        requestId: options.requestId ?? null,
      });
      results.push({ id: item.id, ok: true, version: r.version, status: r.status });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id: item.id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { done, failed: results.length - done, results };
}
