/**
 * A citizen-reception session's life (DOMAIN §9): scheduled → held (with its outcome) |
 * cancelled (with a reason, shown publicly) | rescheduled (moved to a new session, the old one
 * shown as moved). Only a scheduled session changes; the other states are final. Pure.
 */
export const RECEPTION_STATES = ['scheduled', 'held', 'cancelled', 'rescheduled'] as const;
export type ReceptionState = (typeof RECEPTION_STATES)[number];

export const RECEPTION_ACTIONS = ['hold', 'cancel', 'reschedule'] as const;
export type ReceptionAction = (typeof RECEPTION_ACTIONS)[number];

const TARGET: Record<ReceptionAction, ReceptionState> = {
  hold: 'held',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
};

export type ReceptionDecision =
  | { ok: true; to: ReceptionState }
  | { ok: false; reason: 'not_scheduled' | 'not_yet_held' | 'reason_required' };

/**
 * Whether `action` may happen to a session in `state` dated `date` on local day `today`:
 * only scheduled sessions change; an outcome is recorded on the day or after it; a
 * cancellation needs a reason the public will read.
 */
export function decideReception(input: {
  state: ReceptionState;
  action: ReceptionAction;
  date: string;
  today: string;
  reason?: string | null | undefined;
}): ReceptionDecision {
  if (input.state !== 'scheduled') return { ok: false, reason: 'not_scheduled' };
  if (input.action === 'hold' && input.date > input.today)
    return { ok: false, reason: 'not_yet_held' };
  if (input.action === 'cancel' && !input.reason?.trim())
    return { ok: false, reason: 'reason_required' };
  return { ok: true, to: TARGET[input.action] };
}

/**
 * Whether a session may be edited in place (leader, times, place, notes) or deleted as entered
 * by mistake: only while scheduled, since held, cancelled and moved sessions are history. A
 * session that replaces a moved one is not deleted (the moved one points at it and says so
 * publicly); cancel it instead.
 */
export function decideSessionChange(input: {
  state: ReceptionState;
  change: 'edit' | 'delete';
  replacesMovedSession: boolean;
}): { ok: true } | { ok: false; reason: 'not_scheduled' | 'replaces_moved_session' } {
  if (input.state !== 'scheduled') return { ok: false, reason: 'not_scheduled' };
  if (input.change === 'delete' && input.replacesMovedSession)
    return { ok: false, reason: 'replaces_moved_session' };
  return { ok: true };
}

/** A valid HH:MM wall time (00:00–23:59). */
export function isWallTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** Whether a session's times make sense: both valid and the end after the start. */
export function isTimeRange(start: string, end: string): boolean {
  return isWallTime(start) && isWallTime(end) && start < end;
}

/** A real calendar date written YYYY-MM-DD (no 31 April). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}
