import {
  type ClockLedger,
  type ClockUnit,
  dueAt,
  extendClock,
  type Instant,
  originalDueAt,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type WorkingCalendar,
} from '../calendar/index.js';
import type { ClockOp } from './decide.js';

/** The limit a dossier's clock starts with: the procedure version's promised limit. */
export interface ClockLimit {
  unit: ClockUnit;
  budget: number;
}

/**
 * Applies a decision's clock operations, in order, at `at`. `start` needs the limit. Returns the
 * new ledger (unchanged when there are no operations).
 *
 * @throws ClockError from the legal clock (e.g. `clock_already_paused`) and `clock_invalid_input`
 * when `start` has no limit or another operation has no ledger.
 */
export function applyClockOps(
  ledger: ClockLedger | null,
  ops: readonly ClockOp[],
  options: { at: Instant; cal: WorkingCalendar; limit?: ClockLimit | undefined },
): ClockLedger | null {
  let current = ledger;
  for (const op of ops) {
    if (op.op === 'start') {
      if (!options.limit) throw new Error('applyClockOps: start needs the procedure limit');
      current = startClock({
        receivedAt: options.at,
        unit: options.limit.unit,
        budget: options.limit.budget,
      });
      continue;
    }
    if (!current) throw new Error(`applyClockOps: ${op.op} needs a started clock`);
    switch (op.op) {
      case 'pause':
        current = pauseClock(current, { at: options.at, reason: op.reason });
        break;
      case 'resume':
        current = resumeClock(current, { at: options.at });
        break;
      case 'extend':
        current = extendClock(
          current,
          { dueAt: op.dueAt, reason: op.reason, at: options.at },
          options.cal,
        );
        break;
      case 'stop':
        current = stopClock(current, { at: options.at });
        break;
      default: {
        const never: never = op;
        throw new Error(`unknown clock op ${JSON.stringify(never)}`);
      }
    }
  }
  return current;
}

/**
 * The columns derived from a ledger and kept beside it for queues and the service index. They
 * are recomputed whenever the ledger changes, in the same statement, and are never edited by
 * hand. `due_at`/`original_due_at` are null while an open pause matters (the date is unknown
 * until the supplement arrives; DOMAIN §5).
 */
export interface ClockColumns {
  received_at: string | null;
  due_at: string | null;
  original_due_at: string | null;
  paused_since: string | null;
  supplement_count: number;
  extended: boolean;
}

/** Derives {@link ClockColumns} from a ledger (all null/zero for no ledger). */
export function clockColumns(ledger: ClockLedger | null, cal: WorkingCalendar): ClockColumns {
  if (!ledger) {
    return {
      received_at: null,
      due_at: null,
      original_due_at: null,
      paused_since: null,
      supplement_count: 0,
      extended: false,
    };
  }
  const last = ledger.pauses.at(-1);
  return {
    received_at: ledger.startedAt,
    due_at: dueAt(ledger, cal),
    original_due_at: originalDueAt(ledger, cal),
    paused_since: last && last.to === null ? last.from : null,
    supplement_count: ledger.supplementRequests,
    extended: ledger.extension !== null,
  };
}
