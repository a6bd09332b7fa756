import { describe, expect, it } from 'vitest';
import { type ClockLedger, createDefaultCalendar, dueAt } from '../calendar/index.js';
import { applyClockOps, clockColumns } from './clock.js';
import { type DecideContext, type DossierFacts, decide, type Refusal } from './decide.js';
import {
  ACTIONS,
  type DossierAction,
  type DossierState,
  STATES,
  TRANSITIONS,
  type WorkflowRole,
} from './table.js';

const cal = createDefaultCalendar();
// Monday 3 March 2025, 09:00 in Hà Nội; 5 working days → due Monday 10 March 17:00.
const RECEIVED = '2025-03-03T09:00:00+07:00';
const ledger0 = applyClockOps(null, [{ op: 'start' }], {
  at: RECEIVED,
  cal,
  limit: { unit: 'working_days', budget: 5 },
}) as ClockLedger;

function facts(state: DossierState, overrides: Partial<DossierFacts> = {}): DossierFacts {
  const registered = ![
    'new',
    'draft',
    'submitted',
    'reception_supplement',
    'not_accepted',
  ].includes(state);
  return {
    state,
    ledger: registered ? ledger0 : null,
    extensionRequest: null,
    proposedOutcome: null,
    ...overrides,
  };
}

const ctx = (roles: WorkflowRole[], extra: Partial<DecideContext> = {}): DecideContext => ({
  roles,
  now: '2025-03-04T09:00:00+07:00',
  cal,
  input: { note: 'lý do' },
  ...extra,
});

function refusal(result: ReturnType<typeof decide>): Refusal {
  if (result.ok) throw new Error(`expected a refusal, got ${result.next}`);
  return result;
}

const ALL_ROLES: WorkflowRole[] = ['counter_officer', 'specialist', 'leader', 'applicant'];

describe('the transition table', () => {
  it('allows exactly the rows of the table for a role that may act', () => {
    for (const spec of TRANSITIONS) {
      for (const state of STATES) {
        const input = {
          note: 'x',
          outcome: 'approved' as const,
          dueAt: '2025-03-20T17:00:00+07:00',
        };
        const f = facts(
          state,
          spec.action === 'approve_extension' || spec.action === 'reject_extension'
            ? {
                extensionRequest: {
                  dueAt: '2025-03-20T17:00:00+07:00',
                  reason: 'r',
                  by: 1,
                  at: '2025-03-04T08:00:00+07:00',
                },
              }
            : spec.action === 'approve'
              ? { proposedOutcome: 'approved' }
              : {},
        );
        const result = decide(
          f,
          spec.action,
          ctx(ALL_ROLES, { input, now: '2025-03-04T09:00:00+07:00' }),
        );
        if (spec.from.includes(state)) {
          expect(
            result.ok,
            `${spec.action} from ${state}: ${result.ok ? '' : result.message}`,
          ).toBe(true);
          if (result.ok) expect(result.next).toBe(spec.to === 'same' ? state : spec.to);
        } else {
          expect(refusal(result).code, `${spec.action} from ${state}`).toBe('state_not_allowed');
        }
      }
    }
  });

  it('refuses an unknown action', () => {
    expect(refusal(decide(facts('received'), 'fly', ctx(ALL_ROLES))).code).toBe('unknown_action');
  });

  it('refuses each action to every role the table does not name', () => {
    for (const spec of TRANSITIONS) {
      const state = spec.from[0] as DossierState;
      for (const role of ALL_ROLES.filter((r) => !spec.roles.includes(r))) {
        expect(
          refusal(decide(facts(state), spec.action, ctx([role]))).code,
          `${spec.action} by ${role}`,
        ).toBe('role_required');
      }
      expect(refusal(decide(facts(state), spec.action, ctx([]))).code).toBe('role_required');
    }
  });

  it('needs a written reason for refusals, stops, supplements, extensions and withdrawals', () => {
    const noted = TRANSITIONS.filter((t) => t.noteRequired).map((t) => t.action);
    expect(noted).toEqual(
      expect.arrayContaining([
        'refuse_at_reception',
        'request_supplement_at_reception',
        'request_supplement',
        'stop',
        'withdraw',
        'propose_extension',
      ]),
    );
    for (const action of noted) {
      const spec = TRANSITIONS.find((t) => t.action === action);
      const f = facts(spec?.from[0] as DossierState, {
        extensionRequest: { dueAt: '2025-03-20T17:00:00+07:00', reason: 'r', by: 1, at: RECEIVED },
      });
      expect(
        refusal(decide(f, action, ctx(ALL_ROLES, { input: { note: '  ' } }))).code,
        action,
      ).toBe('note_required');
    }
  });

  it('issues the forms of Circular 03/2025 at the right steps', () => {
    const forms = (action: DossierAction) => TRANSITIONS.find((t) => t.action === action)?.forms;
    expect(forms('receive')).toEqual(['01']);
    expect(forms('request_supplement_at_reception')).toEqual(['02']);
    expect(forms('refuse_at_reception')).toEqual(['03']);
    expect(forms('propose_extension')).toEqual(['04']);
    expect(forms('stop')).toEqual(['05']);
  });

  it('names every action exactly once', () => {
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...ACTIONS].sort());
  });
});

describe('reception', () => {
  it('starts the clock when a dossier is received', () => {
    const d = decide(facts('new'), 'receive', ctx(['counter_officer']));
    expect(d.ok && d.clockOps).toEqual([{ op: 'start' }]);
  });

  it('does not start a clock for a supplement request or a refusal at reception', () => {
    for (const action of ['request_supplement_at_reception', 'refuse_at_reception']) {
      const d = decide(facts('submitted'), action, ctx(['counter_officer']));
      expect(d.ok && d.clockOps).toEqual([]);
    }
  });
});

describe('supplement requests during processing', () => {
  it('pauses the clock on the first request', () => {
    const d = decide(facts('in_appraisal'), 'request_supplement', ctx(['specialist']));
    expect(d.ok && d.clockOps).toEqual([{ op: 'pause', reason: 'lý do' }]);
  });

  it('refuses a second request without a leader override', () => {
    const once = {
      ...ledger0,
      supplementRequests: 1,
      pauses: [{ from: '2025-03-04T08:00:00+07:00', to: '2025-03-04T08:30:00+07:00', reason: 'x' }],
    };
    expect(
      refusal(
        decide(facts('in_appraisal', { ledger: once }), 'request_supplement', ctx(['specialist'])),
      ).code,
    ).toBe('supplement_limit');
    expect(
      refusal(
        decide(facts('in_appraisal', { ledger: once }), 'request_supplement', ctx(['leader'])),
      ).code,
    ).toBe('supplement_limit');
  });

  it('refuses an override by someone who is not a leader', () => {
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'request_supplement',
          ctx(['specialist'], { input: { note: 'x', override: true } }),
        ),
      ).code,
    ).toBe('override_requires_leader');
  });

  it('allows a second request with a leader override', () => {
    const once = { ...ledger0, supplementRequests: 1 };
    const d = decide(
      facts('in_appraisal', { ledger: once }),
      'request_supplement',
      ctx(['leader'], { input: { note: 'x', override: true } }),
    );
    expect(d.ok).toBe(true);
  });

  it('honours a tenant limit of two', () => {
    const once = { ...ledger0, supplementRequests: 1 };
    const settings = {
      extensionLeadDays: 1,
      transferCutoff: '15:00',
      supplementsWithoutOverride: 2,
    };
    expect(
      decide(
        facts('in_appraisal', { ledger: once }),
        'request_supplement',
        ctx(['specialist'], { settings }),
      ).ok,
    ).toBe(true);
  });

  it('resumes the clock when the supplement is recorded, and the due date moves by the paused working time', () => {
    const paused = applyClockOps(ledger0, [{ op: 'pause', reason: 'x' }], {
      at: '2025-03-04T09:00:00+07:00',
      cal,
    });
    expect(clockColumns(paused, cal).due_at).toBeNull();
    expect(clockColumns(paused, cal).paused_since).toBe('2025-03-04T09:00:00+07:00');
    const d = decide(
      facts('awaiting_supplement', { ledger: paused }),
      'record_supplement',
      ctx(['counter_officer']),
    );
    expect(d.ok && d.clockOps).toEqual([{ op: 'resume' }]);
    // Paused Tue 09:00 → Wed 09:00: one working day (7.5 h) later.
    const resumed = applyClockOps(paused, [{ op: 'resume' }], {
      at: '2025-03-05T09:00:00+07:00',
      cal,
    });
    expect(dueAt(ledger0, cal)).toBe('2025-03-10T17:00:00+07:00');
    expect(clockColumns(resumed, cal).due_at).toBe('2025-03-11T17:00:00+07:00');
    expect(clockColumns(resumed, cal).supplement_count).toBe(1);
  });
});

describe('extension (Form 04)', () => {
  const proposal = { note: 'quá tải', dueAt: '2025-03-14T17:00:00+07:00' };

  it('records a proposal at least one working day before the due date without touching the clock', () => {
    const d = decide(
      facts('in_appraisal'),
      'propose_extension',
      ctx(['specialist'], { input: proposal }),
    );
    expect(d.ok).toBe(true);
    if (d.ok) {
      expect(d.clockOps).toEqual([]);
      expect(d.patch.extensionRequest?.dueAt).toBe(proposal.dueAt);
    }
  });

  it('refuses a proposal on the due day itself (default lead of one working day)', () => {
    const late = ctx(['specialist'], { input: proposal, now: '2025-03-10T08:00:00+07:00' });
    expect(refusal(decide(facts('in_appraisal'), 'propose_extension', late)).code).toBe(
      'extension_too_late',
    );
    const dayBefore = ctx(['specialist'], { input: proposal, now: '2025-03-07T16:00:00+07:00' });
    expect(decide(facts('in_appraisal'), 'propose_extension', dayBefore).ok).toBe(true);
  });

  it('refuses a proposal after the due date', () => {
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'propose_extension',
          ctx(['specialist'], { input: proposal, now: '2025-03-12T08:00:00+07:00' }),
        ),
      ).code,
    ).toBe('extension_too_late');
  });

  it('honours a tenant lead of three working days', () => {
    const settings = {
      extensionLeadDays: 3,
      transferCutoff: '15:00',
      supplementsWithoutOverride: 1,
    };
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'propose_extension',
          ctx(['specialist'], { input: proposal, settings, now: '2025-03-06T09:00:00+07:00' }),
        ),
      ).code,
    ).toBe('extension_too_late');
    expect(
      decide(
        facts('in_appraisal'),
        'propose_extension',
        ctx(['specialist'], { input: proposal, settings, now: '2025-03-05T09:00:00+07:00' }),
      ).ok,
    ).toBe(true);
  });

  it('refuses a date that is not later, or no date', () => {
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'propose_extension',
          ctx(['specialist'], { input: { note: 'x', dueAt: '2025-03-10T17:00:00+07:00' } }),
        ),
      ).code,
    ).toBe('extension_not_later');
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'propose_extension',
          ctx(['specialist'], { input: { note: 'x' } }),
        ),
      ).code,
    ).toBe('extension_date_required');
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'propose_extension',
          ctx(['specialist'], { input: { note: 'x', dueAt: 'soon' } }),
        ),
      ).code,
    ).toBe('extension_date_required');
  });

  it('refuses a second proposal while one is pending', () => {
    const pending = { dueAt: proposal.dueAt, reason: 'r', by: 1, at: RECEIVED };
    expect(
      refusal(
        decide(
          facts('in_appraisal', { extensionRequest: pending }),
          'propose_extension',
          ctx(['specialist'], { input: proposal }),
        ),
      ).code,
    ).toBe('extension_pending');
  });

  it('refuses while the clock is paused', () => {
    const paused = applyClockOps(ledger0, [{ op: 'pause', reason: 'x' }], {
      at: '2025-03-04T09:00:00+07:00',
      cal,
    });
    expect(
      refusal(
        decide(
          facts('in_appraisal', { ledger: paused }),
          'propose_extension',
          ctx(['specialist'], { input: proposal }),
        ),
      ).code,
    ).toBe('clock_paused');
  });

  it('extends once when a leader approves, and never twice', () => {
    const pending = { dueAt: proposal.dueAt, reason: 'quá tải', by: 1, at: RECEIVED };
    const d = decide(
      facts('in_appraisal', { extensionRequest: pending }),
      'approve_extension',
      ctx(['leader']),
    );
    expect(d.ok && d.clockOps).toEqual([
      { op: 'extend', dueAt: proposal.dueAt, reason: 'quá tải' },
    ]);
    const extended = applyClockOps(ledger0, d.ok ? d.clockOps : [], {
      at: '2025-03-04T10:00:00+07:00',
      cal,
    });
    const cols = clockColumns(extended, cal);
    expect(cols.due_at).toBe('2025-03-14T17:00:00+07:00');
    expect(cols.original_due_at).toBe('2025-03-10T17:00:00+07:00');
    expect(cols.extended).toBe(true);
    expect(
      refusal(
        decide(
          facts('in_appraisal', { ledger: extended }),
          'propose_extension',
          ctx(['specialist'], { input: { note: 'x', dueAt: '2025-03-20T17:00:00+07:00' } }),
        ),
      ).code,
    ).toBe('extension_already_used');
    expect(
      refusal(
        decide(
          facts('in_appraisal', { ledger: extended, extensionRequest: pending }),
          'approve_extension',
          ctx(['leader']),
        ),
      ).code,
    ).toBe('extension_already_used');
  });

  it('refuses to approve or reject when nothing is pending', () => {
    expect(refusal(decide(facts('in_appraisal'), 'approve_extension', ctx(['leader']))).code).toBe(
      'no_extension_pending',
    );
    expect(refusal(decide(facts('in_appraisal'), 'reject_extension', ctx(['leader']))).code).toBe(
      'no_extension_pending',
    );
  });

  it('refuses an approval when the proposed date is no longer later (a pause moved the due date)', () => {
    const pending = { dueAt: '2025-03-11T12:00:00+07:00', reason: 'r', by: 1, at: RECEIVED };
    const paused = applyClockOps(ledger0, [{ op: 'pause', reason: 'x' }, { op: 'resume' }], {
      at: '2025-03-04T09:00:00+07:00',
      cal,
    });
    const moved = applyClockOps(paused, [{ op: 'pause', reason: 'y' }], {
      at: '2025-03-04T09:00:00+07:00',
      cal,
    });
    expect(
      refusal(
        decide(
          facts('in_appraisal', { ledger: moved, extensionRequest: pending }),
          'approve_extension',
          ctx(['leader']),
        ),
      ).code,
    ).toBe('clock_paused');
    const resumed = applyClockOps(moved, [{ op: 'resume' }], {
      at: '2025-03-06T09:00:00+07:00',
      cal,
    });
    expect(
      refusal(
        decide(
          facts('in_appraisal', { ledger: resumed, extensionRequest: pending }),
          'approve_extension',
          ctx(['leader']),
        ),
      ).code,
    ).toBe('extension_not_later');
  });
});

describe('results, stops and withdrawals', () => {
  it('needs an outcome to propose, and a reason to propose a refusal', () => {
    expect(
      refusal(decide(facts('in_appraisal'), 'propose_result', ctx(['specialist'], { input: {} })))
        .code,
    ).toBe('outcome_required');
    expect(
      refusal(
        decide(
          facts('in_appraisal'),
          'propose_result',
          ctx(['specialist'], { input: { outcome: 'refused' } }),
        ),
      ).code,
    ).toBe('note_required');
    const d = decide(
      facts('in_appraisal'),
      'propose_result',
      ctx(['specialist'], { input: { outcome: 'approved' } }),
    );
    expect(d.ok && d.patch.proposedOutcome).toBe('approved');
  });

  it('approves the proposed outcome, stopping the clock (finished = result ready)', () => {
    expect(refusal(decide(facts('awaiting_approval'), 'approve', ctx(['leader']))).code).toBe(
      'no_proposed_outcome',
    );
    const d = decide(
      facts('awaiting_approval', { proposedOutcome: 'refused' }),
      'approve',
      ctx(['leader']),
    );
    expect(d.ok && d.patch).toMatchObject({ outcome: 'refused', finished: true });
    expect(d.ok && d.clockOps).toEqual([{ op: 'stop' }]);
  });

  it('clears the proposal when sent back for rework', () => {
    const d = decide(
      facts('awaiting_approval', { proposedOutcome: 'approved' }),
      'return_for_rework',
      ctx(['leader']),
    );
    expect(d.ok && d.patch.proposedOutcome).toBeNull();
  });

  it('stops with Form 05 and the outcome stopped', () => {
    const d = decide(facts('in_appraisal'), 'stop', ctx(['leader']));
    expect(d.ok && d.patch.outcome).toBe('stopped');
    expect(d.ok && d.forms).toEqual(['05']);
  });

  it('stops the clock on a withdrawal after registration but not before', () => {
    const after = decide(facts('in_appraisal'), 'withdraw', ctx(['applicant']));
    expect(after.ok && after.clockOps).toEqual([{ op: 'stop' }]);
    expect(after.ok && after.patch.finished).toBe(true);
    const before = decide(facts('submitted'), 'withdraw', ctx(['applicant']));
    expect(before.ok && before.clockOps).toEqual([]);
    expect(before.ok && before.patch.finished).toBe(false);
  });

  it('allows nothing from a terminal state', () => {
    for (const state of ['not_accepted', 'returned', 'stopped', 'withdrawn'] as const) {
      for (const action of ACTIONS)
        expect(decide(facts(state), action, ctx(ALL_ROLES)).ok).toBe(false);
    }
  });
});

describe('probe mode', () => {
  it('lists an action whose input is not known yet', () => {
    expect(
      decide(
        facts('in_appraisal'),
        'propose_extension',
        ctx(['specialist'], { probe: true, input: {} }),
      ).ok,
    ).toBe(true);
    expect(
      decide(facts('in_appraisal'), 'stop', ctx(['leader'], { probe: true, input: {} })).ok,
    ).toBe(true);
  });
});
