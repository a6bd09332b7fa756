import {
  type ClockLedger,
  countWorkingDays,
  type Instant,
  dueAt as ledgerDueAt,
  localDate,
  toEpochMs,
  type WorkingCalendar,
} from '../calendar/index.js';
import {
  type ActionSpec,
  actionSpec,
  type DossierAction,
  type DossierState,
  type FormCode,
  type WorkflowRole,
} from './table.js';

/** Tenant-configurable workflow rules (tenant settings `workflow`; DOMAIN §4 defaults). */
export interface WorkflowSettings {
  /** An extension must be proposed at least this many working days before the due date (default 1). */
  extensionLeadDays: number;
  /** Paper dossiers received after this local time are transferred next working day (default 15:00). */
  transferCutoff: string;
  /** Supplement requests allowed during processing without a leader's override (default 1). */
  supplementsWithoutOverride: number;
}

export const DEFAULT_WORKFLOW_SETTINGS: WorkflowSettings = {
  extensionLeadDays: 1,
  transferCutoff: '15:00',
  supplementsWithoutOverride: 1,
};

/** The outcome a specialist proposes and a leader approves. */
export type ProposedOutcome = 'approved' | 'refused';

/** A pending extension proposal (Form 04) awaiting the leader. */
export interface ExtensionRequest {
  dueAt: string;
  reason: string;
  by: number | null;
  at: string;
}

/** What the transition needs to know about the dossier. */
export interface DossierFacts {
  state: DossierState;
  /** The clock ledger; null before reception. */
  ledger: ClockLedger | null;
  extensionRequest: ExtensionRequest | null;
  proposedOutcome: ProposedOutcome | null;
}

/** What the caller asks for, beyond the action itself. */
export interface ActionInput {
  note?: string | null | undefined;
  /** A leader's override of the one-supplement rule (request_supplement). */
  override?: boolean | undefined;
  /** New due date (propose_extension), ISO with offset. */
  dueAt?: string | null | undefined;
  /** Proposed decision (propose_result). */
  outcome?: ProposedOutcome | null | undefined;
}

export interface DecideContext {
  /** The actor's workflow roles on this dossier (resolved by the caller from grants). */
  roles: readonly WorkflowRole[];
  now: Instant;
  cal: WorkingCalendar;
  settings?: WorkflowSettings;
  input?: ActionInput;
  /**
   * Probe mode, for "which actions may this user take": skips the checks that depend on the
   * input (notes, dates, decisions), keeps state, role and dossier-fact guards.
   */
  probe?: boolean;
}

/** A clock operation to apply, in order, with the transition's instant. */
export type ClockOp =
  | { op: 'start' }
  | { op: 'pause'; reason: string }
  | { op: 'resume' }
  | { op: 'extend'; dueAt: string; reason: string }
  | { op: 'stop' };

/** Field changes owned by the workflow (besides state and clock). */
export interface WorkflowPatch {
  outcome?: 'approved' | 'refused' | 'stopped' | 'withdrawn';
  proposedOutcome?: ProposedOutcome | null;
  extensionRequest?: ExtensionRequest | null;
  finished?: boolean;
  returned?: boolean;
}

export interface Decision {
  ok: true;
  action: DossierAction;
  from: DossierState;
  next: DossierState;
  clockOps: ClockOp[];
  forms: FormCode[];
  notify: boolean;
  patch: WorkflowPatch;
}

/** Why a transition is refused; each maps to a catalogue error (docs/dossiers.md). */
export type RefusalCode =
  | 'unknown_action'
  | 'state_not_allowed'
  | 'role_required'
  | 'note_required'
  | 'supplement_limit'
  | 'override_requires_leader'
  | 'extension_already_used'
  | 'extension_pending'
  | 'extension_too_late'
  | 'extension_not_later'
  | 'extension_date_required'
  | 'no_extension_pending'
  | 'clock_paused'
  | 'outcome_required'
  | 'no_proposed_outcome';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
}

const refuse = (code: RefusalCode, message: string): Refusal => ({ ok: false, code, message });

function isPaused(ledger: ClockLedger | null): boolean {
  const last = ledger?.pauses.at(-1);
  return last !== undefined && last.to === null;
}

function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Decides a transition: checks the table (state and role), then the guard rules, and returns
 * the next state with the clock operations, forms and field changes it implies — or a refusal
 * with a stable code. Pure: the caller applies the decision in one transaction.
 *
 * Guard rules (DOMAIN §4; Decree 118/2025, formerly Decree 61/2018; Circular 03/2025 forms):
 * - refusals, stops, supplement requests, extensions and withdrawals need a written note
 *   (Forms 02, 03, 04, 05 state the reasons);
 * - at most `supplementsWithoutOverride` (default 1) supplement requests during processing;
 *   another one needs `override` by a leader;
 * - an extension is proposed once, while the clock runs, at least `extensionLeadDays` working
 *   days before the current due date, to a later date, and applied only when a leader approves;
 * - `approve` needs a proposed outcome, `propose_result` needs the outcome.
 */
export function decide(
  facts: DossierFacts,
  action: string,
  context: DecideContext,
): Decision | Refusal {
  const spec = actionSpec(action);
  if (!spec) return refuse('unknown_action', `unknown action ${action}`);
  if (!spec.from.includes(facts.state)) {
    return refuse('state_not_allowed', `${spec.action} is not allowed from ${facts.state}`);
  }
  if (!spec.roles.some((role) => context.roles.includes(role))) {
    return refuse('role_required', `${spec.action} needs one of: ${spec.roles.join(', ')}`);
  }
  const input = context.input ?? {};
  const probe = context.probe === true;
  if (spec.noteRequired && !probe && !hasText(input.note)) {
    return refuse('note_required', `${spec.action} needs a written reason`);
  }
  const settings = context.settings ?? DEFAULT_WORKFLOW_SETTINGS;
  const result = (
    patch: WorkflowPatch = {},
    clockOps: ClockOp[] = defaultOps(spec, input),
  ): Decision => ({
    ok: true,
    action: spec.action,
    from: facts.state,
    next: spec.to === 'same' ? facts.state : spec.to,
    clockOps,
    forms: [...spec.forms],
    notify: spec.notify,
    patch,
  });

  switch (spec.action) {
    case 'request_supplement': {
      const made = facts.ledger?.supplementRequests ?? 0;
      if (input.override && !context.roles.includes('leader')) {
        return refuse(
          'override_requires_leader',
          'only a leader may override the one-supplement rule',
        );
      }
      if (
        made >= settings.supplementsWithoutOverride &&
        !(input.override && context.roles.includes('leader'))
      ) {
        return refuse(
          'supplement_limit',
          `a supplement was already requested ${made} time(s); another needs a leader's override`,
        );
      }
      return result();
    }
    case 'propose_extension': {
      const ledger = facts.ledger;
      if (!ledger) return refuse('state_not_allowed', 'the dossier has no clock yet');
      if (ledger.extension)
        return refuse('extension_already_used', 'the due date was already extended once');
      if (facts.extensionRequest)
        return refuse('extension_pending', 'an extension proposal awaits the leader');
      if (isPaused(ledger))
        return refuse('clock_paused', 'the clock is paused: the due date is unknown');
      const due = ledgerDueAt(ledger, context.cal);
      if (due === null)
        return refuse('clock_paused', 'the clock is paused: the due date is unknown');
      const now = toEpochMs(context.now);
      const dueMs = toEpochMs(due);
      // "At least N working days before": the working days after today up to the due day.
      const lead =
        now >= dueMs
          ? 0
          : countWorkingDays(
              context.cal,
              nextDay(localDate(context.cal, now)),
              localDate(context.cal, dueMs),
            );
      if (lead < settings.extensionLeadDays) {
        return refuse(
          'extension_too_late',
          `an extension must be proposed at least ${settings.extensionLeadDays} working day(s) before the due date ${due}`,
        );
      }
      if (probe) return result({});
      if (!hasText(input.dueAt))
        return refuse('extension_date_required', 'the new due date is required');
      let proposed: number;
      try {
        proposed = toEpochMs(input.dueAt);
      } catch {
        return refuse(
          'extension_date_required',
          'the new due date must be an ISO date-time with offset',
        );
      }
      if (proposed <= dueMs)
        return refuse('extension_not_later', `the new due date must be later than ${due}`);
      return result({
        extensionRequest: {
          dueAt: input.dueAt,
          reason: (input.note ?? '').trim(),
          by: null,
          at: typeof context.now === 'string' ? context.now : context.now.toISOString(),
        },
      });
    }
    case 'approve_extension': {
      const ledger = facts.ledger;
      const request = facts.extensionRequest;
      if (!request) return refuse('no_extension_pending', 'no extension proposal awaits approval');
      if (!ledger) return refuse('state_not_allowed', 'the dossier has no clock yet');
      if (ledger.extension)
        return refuse('extension_already_used', 'the due date was already extended once');
      if (isPaused(ledger))
        return refuse('clock_paused', 'the clock is paused: the due date is unknown');
      const due = ledgerDueAt(ledger, context.cal);
      if (due === null)
        return refuse('clock_paused', 'the clock is paused: the due date is unknown');
      if (toEpochMs(request.dueAt) <= toEpochMs(due)) {
        return refuse(
          'extension_not_later',
          `the proposed date is no longer later than the due date ${due}`,
        );
      }
      return result({ extensionRequest: null }, [
        { op: 'extend', dueAt: request.dueAt, reason: request.reason },
      ]);
    }
    case 'reject_extension':
      if (!facts.extensionRequest)
        return refuse('no_extension_pending', 'no extension proposal awaits approval');
      return result({ extensionRequest: null });
    case 'propose_result': {
      if (probe) return result({});
      const outcome = input.outcome;
      if (outcome !== 'approved' && outcome !== 'refused') {
        return refuse('outcome_required', 'propose_result needs outcome approved or refused');
      }
      if (outcome === 'refused' && !hasText(input.note)) {
        return refuse('note_required', 'a refusal needs a written reason');
      }
      return result({ proposedOutcome: outcome });
    }
    case 'return_for_rework':
      return result({ proposedOutcome: null });
    case 'approve':
      if (!facts.proposedOutcome)
        return refuse('no_proposed_outcome', 'nothing was proposed to approve');
      return result({ outcome: facts.proposedOutcome, finished: true, extensionRequest: null });
    case 'return_result':
      return result({ returned: true });
    case 'stop':
      return result({ outcome: 'stopped', finished: true, extensionRequest: null });
    case 'withdraw':
      // A withdrawal before registration has no clock to stop and is not counted anywhere.
      return result(
        { outcome: 'withdrawn', finished: facts.ledger !== null, extensionRequest: null },
        facts.ledger ? [{ op: 'stop' }] : [],
      );
    default:
      return result();
  }
}

function defaultOps(spec: ActionSpec, input: ActionInput): ClockOp[] {
  const ops: ClockOp[] = [];
  for (const kind of spec.clock) {
    if (kind === 'start') ops.push({ op: 'start' });
    else if (kind === 'pause')
      ops.push({ op: 'pause', reason: (input.note ?? '').trim() || spec.en });
    else if (kind === 'resume') ops.push({ op: 'resume' });
    else if (kind === 'stop') ops.push({ op: 'stop' });
    // `extend` carries the approved date and is built by approve_extension itself.
  }
  return ops;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
