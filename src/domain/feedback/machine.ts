/**
 * The life of a feedback item (phản ánh, kiến nghị — PAKN, Decree 20/2008) and of the
 * complaints and denunciations taken in through the same intake but kept apart (DOMAIN §9):
 *
 *   received → processing → (info_requested ↔ processing) → (transfer: received at another
 *   unit) → rejected | answered → awaiting_publication → published
 *
 * Feedback answers are published (the public list of answers); complaints and denunciations are
 * settled under their own laws and their answers are never published, so for them `answer` ends
 * in `answered`.
 */

export const FEEDBACK_KINDS = ['feedback', 'complaint', 'denunciation'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Channels named in the seeds (DOMAIN §9). */
export const FEEDBACK_CHANNELS = ['hotline', 'email', 'portal', 'social', 'in_person'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const FEEDBACK_STATES = [
  'received',
  'processing',
  'info_requested',
  'rejected',
  'answered',
  'awaiting_publication',
  'published',
] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

export const FEEDBACK_ACTIONS = [
  'start',
  'request_info',
  'supply_info',
  'transfer',
  'reject',
  'answer',
  'publish',
] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/** States with no further handling: the item is finished. */
export const FINAL_STATES: ReadonlySet<FeedbackState> = new Set(['rejected', 'published']);

/** Which actions each state allows (before the kind is looked at). */
const TABLE: Record<FeedbackState, Partial<Record<FeedbackAction, FeedbackState>>> = {
  received: { start: 'processing', transfer: 'received', reject: 'rejected' },
  processing: {
    request_info: 'info_requested',
    transfer: 'received',
    reject: 'rejected',
    answer: 'awaiting_publication',
  },
  info_requested: { supply_info: 'processing', reject: 'rejected' },
  rejected: {},
  answered: {},
  awaiting_publication: { publish: 'published' },
  published: {},
};

/** The actions allowed from a state for an item of a kind, in table order. */
export function allowedActions(state: FeedbackState, kind: FeedbackKind): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((a) => nextState(state, kind, a) !== null);
}

/**
 * The state an action leads to, or null when the table refuses it. A complaint or denunciation
 * answered is `answered` (final): its answer is never published.
 */
export function nextState(
  state: FeedbackState,
  kind: FeedbackKind,
  action: FeedbackAction,
): FeedbackState | null {
  const to = TABLE[state][action];
  if (to === undefined) return null;
  if (action === 'answer' && kind !== 'feedback') return 'answered';
  return to;
}

/** Whether an item in this state is finished (no more deadlines run). */
export function isFinished(state: FeedbackState, kind: FeedbackKind): boolean {
  return FINAL_STATES.has(state) || (state === 'answered' && kind !== 'feedback');
}

/**
 * Whether the applicant may rate the reply (like/dislike) or complain again: the unit has
 * replied, with an answer (published or not yet) or a reasoned rejection.
 */
export function hasReply(state: FeedbackState): boolean {
  return (
    state === 'answered' ||
    state === 'awaiting_publication' ||
    state === 'published' ||
    state === 'rejected'
  );
}
