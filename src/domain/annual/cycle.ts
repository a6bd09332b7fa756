/**
 * The yearly cycle of the annual CCHC index (DOMAIN §7): the framework is published, units
 * assess themselves with evidence by a deadline, the reform office appraises (with survey and
 * automatic points), provisional results are published and may be contested until a deadline,
 * then final results are published. The reform office moves the cycle one step at a time.
 */
export const CYCLE_STATES = [
  'draft',
  'self_assessment',
  'appraisal',
  'provisional',
  'final',
] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

/** Why an advance is refused; the module maps each to an error code. */
export type AdvanceRefusal =
  | { code: 'wrong_state'; expected: CycleState }
  | { code: 'deadline_required'; field: 'selfAssessmentDeadline' | 'contestDeadline' }
  | { code: 'deadline_in_past'; field: 'selfAssessmentDeadline' | 'contestDeadline' }
  | { code: 'contests_pending'; open: number };

/** The state after `state`, or null after final. */
export function nextCycleState(state: CycleState): CycleState | null {
  const i = CYCLE_STATES.indexOf(state);
  return CYCLE_STATES[i + 1] ?? null;
}

/**
 * Checks an advance from `from` to `to` on day `today` (YYYY-MM-DD, Vietnam time): only to the
 * next state; publishing the framework needs a self-assessment deadline, publishing provisional
 * results a contest deadline, neither in the past; final results wait until every contest is
 * answered. Returns null when allowed.
 */
export function checkAdvance(input: {
  from: CycleState;
  to: CycleState;
  today: string;
  selfAssessmentDeadline?: string | null;
  contestDeadline?: string | null;
  openContests: number;
}): AdvanceRefusal | null {
  const expected = previousState(input.to);
  if (expected === null || expected !== input.from)
    return { code: 'wrong_state', expected: expected ?? 'draft' };
  if (input.to === 'self_assessment')
    return deadlineProblem('selfAssessmentDeadline', input.selfAssessmentDeadline, input.today);
  if (input.to === 'provisional')
    return deadlineProblem('contestDeadline', input.contestDeadline, input.today);
  if (input.to === 'final' && input.openContests > 0)
    return { code: 'contests_pending', open: input.openContests };
  return null;
}

function previousState(state: CycleState): CycleState | null {
  const i = CYCLE_STATES.indexOf(state);
  return i > 0 ? (CYCLE_STATES[i - 1] ?? null) : null;
}

function deadlineProblem(
  field: 'selfAssessmentDeadline' | 'contestDeadline',
  deadline: string | null | undefined,
  today: string,
): AdvanceRefusal | null {
  if (!deadline) return { code: 'deadline_required', field };
  if (deadline < today) return { code: 'deadline_in_past', field };
  return null;
}

/** A deadline is a whole day: work is accepted up to its end (Vietnam time). */
export function isPastDeadline(deadline: string | null, today: string): boolean {
  return deadline !== null && today > deadline;
}

/** Whether results of the cycle are published (provisional ones marked as such). */
export function resultsPublished(state: CycleState): boolean {
  return state === 'provisional' || state === 'final';
}
