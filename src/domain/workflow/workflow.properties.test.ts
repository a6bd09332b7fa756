import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClockLedger, createDefaultCalendar, toEpochMs } from '../calendar/index.js';
import { applyClockOps, clockColumns } from './clock.js';
import {
  type DossierFacts,
  decide,
  type ExtensionRequest,
  type ProposedOutcome,
} from './decide.js';
import {
  ACTIONS,
  actionsFrom,
  type DossierState,
  firstInvalidEvent,
  TERMINAL_STATES,
  type WorkflowRole,
} from './table.js';

const cal = createDefaultCalendar();
const ROLES: WorkflowRole[] = ['counter_officer', 'specialist', 'leader', 'applicant'];
const START = toEpochMs('2025-03-03T08:00:00+07:00');

const step = fc.record({
  action: fc.constantFrom(...ACTIONS),
  // Mostly an action the table offers from the current state, so deep states are reached.
  offered: fc.noBias(fc.integer({ min: 0, max: 10_000 })),
  useOffered: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  roles: fc.subarray(ROLES, { minLength: 1 }),
  minutes: fc.noBias(fc.integer({ min: 0, max: 3 * 24 * 60 })),
  note: fc.constantFrom('', 'lý do'),
  override: fc.boolean(),
  outcome: fc.constantFrom<ProposedOutcome | undefined>('approved', 'refused', undefined),
  extendDays: fc.integer({ min: -2, max: 20 }),
});

describe('random action sequences', () => {
  it('only ever produce histories valid against the table, with the clock rules kept', () => {
    const reached = new Set<DossierState>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 30, maxLength: 80 }), (steps) => {
        let state: DossierState = 'new';
        let ledger: ClockLedger | null = null;
        let extensionRequest: ExtensionRequest | null = null;
        let proposedOutcome: ProposedOutcome | null = null;
        let at = START;
        let overridesByLeader = 0;
        const history: { action: string; from: string | null; to: string }[] = [];
        for (const s of steps) {
          at += s.minutes * 60_000;
          const now = new Date(at).toISOString();
          const facts: DossierFacts = { state, ledger, extensionRequest, proposedOutcome };
          const dueAt = new Date(at + s.extendDays * 86_400_000).toISOString();
          const offered = actionsFrom(state);
          const action =
            s.useOffered && offered.length > 0
              ? (offered[s.offered % offered.length] as string)
              : s.action;
          const d = decide(facts, action, {
            roles: s.roles,
            now,
            cal,
            input: { note: s.note, override: s.override, outcome: s.outcome, dueAt },
          });
          if (!d.ok) {
            expect(typeof d.code).toBe('string');
            continue;
          }
          if (action === 'request_supplement' && (ledger?.supplementRequests ?? 0) >= 1) {
            expect(s.override && s.roles.includes('leader')).toBe(true);
            overridesByLeader++;
          }
          ledger = applyClockOps(ledger, d.clockOps, {
            at: now,
            cal,
            limit: { unit: 'working_days', budget: 5 },
          });
          if (d.patch.extensionRequest !== undefined) extensionRequest = d.patch.extensionRequest;
          if (d.patch.proposedOutcome !== undefined) proposedOutcome = d.patch.proposedOutcome;
          history.push({ action: d.action, from: state === 'new' ? null : state, to: d.next });
          state = d.next;
          reached.add(state);
        }
        expect(firstInvalidEvent(history)).toBe(-1);
        if (ledger) {
          const cols = clockColumns(ledger, cal);
          expect(cols.supplement_count).toBeLessThanOrEqual(1 + overridesByLeader);
          const paused = ledger.pauses.at(-1)?.to === null;
          expect(paused).toBe(state === 'awaiting_supplement');
          if (TERMINAL_STATES.includes(state) || state === 'result_ready') {
            expect(ledger.stoppedAt !== null || state === 'not_accepted').toBe(true);
          }
        }
      }),
      // A fixed seed: the reachability check below is about this generator's coverage, which a
      // random seed occasionally misses (one CI run never reached result_ready).
      { numRuns: 400, seed: 20251122 },
    );
    // The generator must actually explore the workflow, not stop at the first state.
    for (const state of [
      'received',
      'awaiting_supplement',
      'result_ready',
      'returned',
      'stopped',
      'withdrawn',
    ]) {
      expect(reached.has(state as DossierState), `${state} in ${[...reached].join(',')}`).toBe(
        true,
      );
    }
  });

  it('detects a history that skips a state', () => {
    expect(
      firstInvalidEvent([
        { action: 'receive', from: null, to: 'received' },
        { action: 'approve', from: 'received', to: 'result_ready' },
      ]),
    ).toBe(1);
    expect(
      firstInvalidEvent([
        { action: 'receive', from: null, to: 'received' },
        { action: 'transfer', from: 'in_appraisal', to: 'in_appraisal' },
      ]),
    ).toBe(1);
    expect(firstInvalidEvent([{ action: 'transfer', from: 'received', to: 'in_appraisal' }])).toBe(
      0,
    );
  });
});
