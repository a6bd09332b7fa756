/**
 * The state machines of the governance registers (DOMAIN §10). Pure: the module checks the
 * actor and writes; these say which step is allowed from which state.
 */

/** Reform initiatives (sáng kiến CCHC): filed, evaluated by the reform office, then decided. */
export const INITIATIVE_STATES = [
  'registered',
  'evaluated',
  'recognised',
  'not_recognised',
] as const;
export type InitiativeState = (typeof INITIATIVE_STATES)[number];
export const INITIATIVE_ACTIONS = ['evaluate', 'recognise', 'not_recognise', 'replicate'] as const;
export type InitiativeAction = (typeof INITIATIVE_ACTIONS)[number];

/**
 * The state after `action`, or null when the action is not allowed now. An evaluation may be
 * revised until the decision; only a recognised initiative is replicated (it stays recognised).
 */
export function nextInitiativeState(
  state: InitiativeState,
  action: InitiativeAction,
): InitiativeState | null {
  switch (action) {
    case 'evaluate':
      return state === 'registered' || state === 'evaluated' ? 'evaluated' : null;
    case 'recognise':
      return state === 'evaluated' ? 'recognised' : null;
    case 'not_recognise':
      return state === 'evaluated' ? 'not_recognised' : null;
    case 'replicate':
      return state === 'recognised' ? 'recognised' : null;
    default: {
      const never: never = action;
      throw new RangeError(`unknown action ${String(never)}`);
    }
  }
}

/** Whether the filing unit may still correct the initiative (before its evaluation). */
export function initiativeEditable(state: InitiativeState): boolean {
  return state === 'registered';
}

/** Inspections (thanh tra, kiểm tra công vụ). */
export const INSPECTION_STATES = ['planned', 'in_progress', 'concluded'] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];
export const INSPECTION_KINDS = ['inspection', 'check'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const INSPECTION_ACTIONS = ['start', 'conclude'] as const;
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];
/** The written record every inspection ends in: kết luận, thông báo or biên bản. */
export const CONCLUSION_KINDS = ['conclusion', 'notice', 'minutes'] as const;
export type ConclusionKind = (typeof CONCLUSION_KINDS)[number];

/**
 * The state after `action`, or null when not allowed. An inspection may be concluded straight
 * from planned (a desk check done in a day), but never twice.
 */
export function nextInspectionState(
  state: InspectionState,
  action: InspectionAction,
): InspectionState | null {
  switch (action) {
    case 'start':
      return state === 'planned' ? 'in_progress' : null;
    case 'conclude':
      return state === 'planned' || state === 'in_progress' ? 'concluded' : null;
    default: {
      const never: never = action;
      throw new RangeError(`unknown action ${String(never)}`);
    }
  }
}

export interface ConclusionRecord {
  kind: ConclusionKind;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  text: string;
}

/**
 * What is missing from a conclusion record (DOMAIN §10: every inspection must end in a
 * conclusion, notice or minutes): the names of the empty or invalid fields, [] when complete.
 * A record dated after `today` is refused too: it cannot have been signed yet.
 */
export function conclusionProblems(
  record: Partial<Record<keyof ConclusionRecord, unknown>> | null | undefined,
  today: string,
): Array<keyof ConclusionRecord> {
  const problems: Array<keyof ConclusionRecord> = [];
  const r = record ?? {};
  if (typeof r.kind !== 'string' || !(CONCLUSION_KINDS as readonly string[]).includes(r.kind))
    problems.push('kind');
  if (typeof r.number !== 'string' || r.number.trim() === '') problems.push('number');
  if (typeof r.date !== 'string' || !isIsoDate(r.date) || r.date > today) problems.push('date');
  if (typeof r.text !== 'string' || r.text.trim() === '') problems.push('text');
  return problems;
}

/** Recommendations (kiến nghị) of a concluded inspection, followed up to closure. */
export const RECOMMENDATION_STATES = ['open', 'done'] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];

/** Remediation plan tasks. */
export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task moves freely between its statuses (a done task may be reopened), never to itself. */
export function taskStatusChangeAllowed(from: TaskStatus, to: TaskStatus): boolean {
  return from !== to;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
