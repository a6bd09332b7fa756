import { describe, expect, it } from 'vitest';
import {
  conclusionProblems,
  DEFAULT_FILING_UNIT_KINDS,
  daysOverdue,
  defaultPlanDueOn,
  existedIn,
  headcountStatus,
  INITIATIVE_ACTIONS,
  INITIATIVE_STATES,
  isOverdue,
  latestPercent,
  nextInitiativeState,
  nextInspectionState,
  sumHeadcount,
  taskStatusChangeAllowed,
  unitsWithoutInitiative,
} from './index.js';

describe('initiative state machine', () => {
  it('goes registered → evaluated → recognised and is then replicated, staying recognised', () => {
    expect(nextInitiativeState('registered', 'evaluate')).toBe('evaluated');
    expect(nextInitiativeState('evaluated', 'recognise')).toBe('recognised');
    expect(nextInitiativeState('recognised', 'replicate')).toBe('recognised');
  });

  it('lets the reform office revise an evaluation before deciding, not after', () => {
    expect(nextInitiativeState('evaluated', 'evaluate')).toBe('evaluated');
    expect(nextInitiativeState('recognised', 'evaluate')).toBeNull();
    expect(nextInitiativeState('not_recognised', 'evaluate')).toBeNull();
  });

  it('refuses a decision without an evaluation and replicating what was not recognised', () => {
    expect(nextInitiativeState('registered', 'recognise')).toBeNull();
    expect(nextInitiativeState('registered', 'not_recognise')).toBeNull();
    expect(nextInitiativeState('evaluated', 'replicate')).toBeNull();
    expect(nextInitiativeState('not_recognised', 'replicate')).toBeNull();
    expect(nextInitiativeState('not_recognised', 'recognise')).toBeNull();
  });

  it('never leaves a decided initiative except to replicate a recognised one', () => {
    for (const state of ['recognised', 'not_recognised'] as const)
      for (const action of INITIATIVE_ACTIONS) {
        const to = nextInitiativeState(state, action);
        if (to !== null)
          expect([state, action, to]).toEqual(['recognised', 'replicate', 'recognised']);
      }
    expect(INITIATIVE_STATES).toHaveLength(4);
  });
});

describe('inspection state machine and its conclusion', () => {
  it('starts a planned inspection and concludes it once', () => {
    expect(nextInspectionState('planned', 'start')).toBe('in_progress');
    expect(nextInspectionState('in_progress', 'conclude')).toBe('concluded');
    expect(nextInspectionState('planned', 'conclude')).toBe('concluded');
    expect(nextInspectionState('concluded', 'conclude')).toBeNull();
    expect(nextInspectionState('in_progress', 'start')).toBeNull();
  });

  it('names each missing or invalid part of the written record', () => {
    expect(conclusionProblems(null, '2025-06-30')).toEqual(['kind', 'number', 'date', 'text']);
    expect(
      conclusionProblems(
        { kind: 'decision', number: ' ', date: '2025-02-30', text: '' },
        '2025-06-30',
      ),
    ).toEqual(['kind', 'number', 'date', 'text']);
    expect(
      conclusionProblems(
        { kind: 'conclusion', number: '12/KL-TTr', date: '2025-06-30', text: 'Kết luận' },
        '2025-06-30',
      ),
    ).toEqual([]);
  });

  it('refuses a record dated after today (it cannot have been signed yet)', () => {
    expect(
      conclusionProblems(
        { kind: 'minutes', number: '3/BB', date: '2025-07-01', text: 'Biên bản' },
        '2025-06-30',
      ),
    ).toEqual(['date']);
  });
});

describe('deadlines of recommendations and tasks', () => {
  it('is overdue from the day after the due date until done', () => {
    expect(isOverdue({ dueOn: '2025-06-30', done: false }, '2025-06-30')).toBe(false);
    expect(isOverdue({ dueOn: '2025-06-30', done: false }, '2025-07-01')).toBe(true);
    expect(isOverdue({ dueOn: '2025-06-30', done: true }, '2025-08-01')).toBe(false);
    expect(daysOverdue({ dueOn: '2025-06-30', done: false }, '2025-07-03')).toBe(3);
    expect(daysOverdue({ dueOn: '2025-06-30', done: false }, '2025-06-01')).toBe(0);
  });

  it('dates a plan 31 July of its year unless told otherwise', () => {
    expect(defaultPlanDueOn(2025)).toBe('2025-07-31');
  });

  it('takes the latest report by date as the progress of a plan', () => {
    expect(latestPercent([])).toBe(0);
    expect(
      latestPercent([
        { reportedOn: '2025-05-01', percent: 40 },
        { reportedOn: '2025-06-01', percent: 70 },
        { reportedOn: '2025-04-01', percent: 90 },
      ]),
    ).toBe(70);
  });

  it('lets a task change to any other status, never to the same one', () => {
    expect(taskStatusChangeAllowed('todo', 'done')).toBe(true);
    expect(taskStatusChangeAllowed('done', 'in_progress')).toBe(true);
    expect(taskStatusChangeAllowed('done', 'done')).toBe(false);
  });
});

describe('units that filed no initiative', () => {
  const units = [
    { id: 1, kind: 'people_committee', validFrom: null, validTo: null },
    { id: 2, kind: 'department', validFrom: null, validTo: null },
    { id: 3, kind: 'department', validFrom: null, validTo: null },
    { id: 4, kind: 'district', validFrom: null, validTo: '2025-06-30' },
    { id: 5, kind: 'commune', validFrom: '2025-07-01', validTo: null },
    { id: 6, kind: 'service_centre', validFrom: null, validTo: null },
  ];

  it('lists the filing kinds that existed that year and filed nothing', () => {
    const missing = unitsWithoutInitiative({
      units,
      filed: new Set([2]),
      year: 2025,
      kinds: DEFAULT_FILING_UNIT_KINDS,
    });
    expect(missing.map((u) => u.id)).toEqual([3, 4, 5]);
  });

  it('leaves out units that did not exist that year', () => {
    const missing = unitsWithoutInitiative({
      units,
      filed: new Set(),
      year: 2026,
      kinds: DEFAULT_FILING_UNIT_KINDS,
    });
    expect(missing.map((u) => u.id)).toEqual([2, 3, 5]);
    expect(existedIn({ validFrom: '2025-07-01', validTo: null }, 2024)).toBe(false);
    expect(existedIn({ validFrom: null, validTo: '2025-01-01' }, 2025)).toBe(true);
  });

  it('counts only the kinds configured', () => {
    const missing = unitsWithoutInitiative({
      units,
      filed: new Set(),
      year: 2025,
      kinds: ['service_centre'],
    });
    expect(missing.map((u) => u.id)).toEqual([6]);
  });
});

describe('headcount figures', () => {
  it('counts the posts still to cut and flags staff above the assigned headcount', () => {
    expect(
      headcountStatus({ assigned: 120, inPost: 125, reductionTarget: 12, reduced: 5 }),
    ).toEqual({
      shortfall: 7,
      targetMet: false,
      overAssigned: true,
      reducedRate: 4.2,
    });
    expect(headcountStatus({ assigned: 0, inPost: null, reductionTarget: 0, reduced: 0 })).toEqual({
      shortfall: 0,
      targetMet: true,
      overAssigned: false,
      reducedRate: null,
    });
  });

  it('adds units up, leaving staff in post unknown when a unit did not report it', () => {
    expect(
      sumHeadcount([
        { assigned: 100, inPost: 98, reductionTarget: 10, reduced: 10 },
        { assigned: 50, inPost: null, reductionTarget: 5, reduced: 1 },
      ]),
    ).toEqual({ assigned: 150, inPost: null, reductionTarget: 15, reduced: 11 });
  });
});
