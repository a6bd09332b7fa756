/**
 * The dossier workflow as data (DOMAIN §4; Decree 61/2018, replaced by Decree 118/2025 from
 * 1/7/2025; forms of Circular 03/2025/TT-VPCP). Every state change of a dossier is one row of
 * {@link TRANSITIONS}; `decide` (decide.ts) adds the guard rules. docs/dossiers.md prints this
 * table.
 */

/** States of a dossier. `new` is the pseudo-state before the row exists. */
export const STATES = [
  'new',
  'draft',
  'submitted',
  'reception_supplement',
  'not_accepted',
  'received',
  'in_appraisal',
  'in_consultation',
  'awaiting_supplement',
  'awaiting_approval',
  'result_ready',
  'returned',
  'stopped',
  'withdrawn',
] as const;
export type DossierState = (typeof STATES)[number];
/** Stored states (every state but `new`). */
export type DossierStatus = Exclude<DossierState, 'new'>;

/** No transition leaves these. */
export const TERMINAL_STATES: readonly DossierState[] = [
  'not_accepted',
  'returned',
  'stopped',
  'withdrawn',
];

/**
 * States in which the dossier has been registered and its legal clock runs (or is paused) but
 * no result exists yet: the processing states an extension, a stop or a withdrawal apply to.
 */
export const PROCESSING_STATES: readonly DossierState[] = [
  'received',
  'in_appraisal',
  'in_consultation',
  'awaiting_supplement',
  'awaiting_approval',
];

export const ACTIONS = [
  'create_draft',
  'submit',
  'resubmit',
  'receive',
  'request_supplement_at_reception',
  'refuse_at_reception',
  'transfer',
  'assign',
  'consult',
  'consultation_reply',
  'request_supplement',
  'record_supplement',
  'propose_extension',
  'approve_extension',
  'reject_extension',
  'propose_result',
  'return_for_rework',
  'approve',
  'return_result',
  'stop',
  'withdraw',
] as const;
export type DossierAction = (typeof ACTIONS)[number];

/**
 * Who may act on a dossier: `counter_officer` granted over the receiving unit, `specialist` or
 * `leader` granted over the unit the dossier is at now (a grant covers the unit's subtree), or
 * the dossier's own `applicant`.
 */
export type WorkflowRole = 'counter_officer' | 'specialist' | 'leader' | 'applicant';

/** A legal clock operation the transition implies (src/domain/calendar legal clock). */
export type ClockOpKind = 'start' | 'pause' | 'resume' | 'extend' | 'stop';

/** Forms of Circular 03/2025/TT-VPCP a transition issues. */
export type FormCode = '01' | '02' | '03' | '04' | '05' | '06' | '07';

export interface ActionSpec {
  action: DossierAction;
  from: readonly DossierState[];
  /** The next state; `same` keeps the current one (assignment, extension decisions). */
  to: DossierState | 'same';
  roles: readonly WorkflowRole[];
  clock: readonly ClockOpKind[];
  forms: readonly FormCode[];
  /** A written reason or note is required (refusals, stops, supplements, extensions). */
  noteRequired: boolean;
  /** The applicant is told (outbox topic dossier.status feeds notifications and the portal). */
  notify: boolean;
  /** Vietnamese and English labels for screens and docs. */
  vi: string;
  en: string;
}

const ALL_OPEN: readonly DossierState[] = [
  'in_appraisal',
  'in_consultation',
  'awaiting_approval',
  'received',
];

/** The transition table. Order is the order screens list the actions in. */
export const TRANSITIONS: readonly ActionSpec[] = [
  {
    action: 'create_draft',
    from: ['new'],
    to: 'draft',
    roles: ['applicant'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: false,
    vi: 'Lưu nháp',
    en: 'Save draft',
  },
  {
    action: 'submit',
    from: ['new', 'draft'],
    to: 'submitted',
    roles: ['applicant'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: true,
    vi: 'Nộp hồ sơ trực tuyến',
    en: 'Submit online',
  },
  {
    action: 'resubmit',
    from: ['reception_supplement'],
    to: 'submitted',
    roles: ['applicant'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: true,
    vi: 'Nộp bổ sung',
    en: 'Resubmit with the supplement',
  },
  {
    action: 'receive',
    from: ['new', 'submitted', 'reception_supplement'],
    to: 'received',
    roles: ['counter_officer'],
    clock: ['start'],
    forms: ['01'],
    noteRequired: false,
    notify: true,
    vi: 'Tiếp nhận',
    en: 'Receive and register',
  },
  {
    action: 'request_supplement_at_reception',
    from: ['new', 'submitted'],
    to: 'reception_supplement',
    roles: ['counter_officer'],
    clock: [],
    forms: ['02'],
    noteRequired: true,
    notify: true,
    vi: 'Hướng dẫn bổ sung',
    en: 'Ask for a supplement at reception',
  },
  {
    action: 'refuse_at_reception',
    from: ['new', 'submitted', 'reception_supplement'],
    to: 'not_accepted',
    roles: ['counter_officer'],
    clock: [],
    forms: ['03'],
    noteRequired: true,
    notify: true,
    vi: 'Từ chối tiếp nhận',
    en: 'Refuse at reception',
  },
  {
    action: 'transfer',
    from: ['received'],
    to: 'in_appraisal',
    roles: ['counter_officer'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: true,
    vi: 'Chuyển xử lý',
    en: 'Transfer to the agency',
  },
  {
    action: 'assign',
    from: [
      'received',
      'in_appraisal',
      'in_consultation',
      'awaiting_supplement',
      'awaiting_approval',
      'result_ready',
    ],
    to: 'same',
    roles: ['leader'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: false,
    vi: 'Phân công',
    en: 'Assign',
  },
  {
    action: 'consult',
    from: ['in_appraisal'],
    to: 'in_consultation',
    roles: ['specialist'],
    clock: [],
    forms: [],
    noteRequired: true,
    notify: false,
    vi: 'Lấy ý kiến liên thông',
    en: 'Consult another agency',
  },
  {
    action: 'consultation_reply',
    from: ['in_consultation'],
    to: 'in_appraisal',
    roles: ['specialist', 'leader'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: false,
    vi: 'Trả lời liên thông',
    en: 'Record the consultation reply',
  },
  {
    action: 'request_supplement',
    from: ['in_appraisal', 'in_consultation'],
    to: 'awaiting_supplement',
    roles: ['specialist', 'leader'],
    clock: ['pause'],
    forms: ['02'],
    noteRequired: true,
    notify: true,
    vi: 'Yêu cầu bổ sung',
    en: 'Request a supplement',
  },
  {
    action: 'record_supplement',
    from: ['awaiting_supplement'],
    to: 'in_appraisal',
    roles: ['counter_officer', 'specialist', 'applicant'],
    clock: ['resume'],
    forms: [],
    noteRequired: false,
    notify: true,
    vi: 'Nhận hồ sơ bổ sung',
    en: 'Record the supplement',
  },
  {
    action: 'propose_extension',
    from: ALL_OPEN,
    to: 'same',
    roles: ['specialist', 'leader'],
    clock: [],
    forms: ['04'],
    noteRequired: true,
    notify: false,
    vi: 'Đề nghị gia hạn (xin lỗi)',
    en: 'Propose an extension (apology)',
  },
  {
    action: 'approve_extension',
    from: ALL_OPEN,
    to: 'same',
    roles: ['leader'],
    clock: ['extend'],
    forms: ['04'],
    noteRequired: false,
    notify: true,
    vi: 'Duyệt gia hạn',
    en: 'Approve the extension',
  },
  {
    action: 'reject_extension',
    from: ALL_OPEN,
    to: 'same',
    roles: ['leader'],
    clock: [],
    forms: [],
    noteRequired: true,
    notify: false,
    vi: 'Không duyệt gia hạn',
    en: 'Reject the extension',
  },
  {
    action: 'propose_result',
    from: ['in_appraisal'],
    to: 'awaiting_approval',
    roles: ['specialist'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: false,
    vi: 'Trình kết quả',
    en: 'Propose the result',
  },
  {
    action: 'return_for_rework',
    from: ['awaiting_approval'],
    to: 'in_appraisal',
    roles: ['leader'],
    clock: [],
    forms: [],
    noteRequired: true,
    notify: false,
    vi: 'Trả lại thẩm định',
    en: 'Send back for rework',
  },
  {
    action: 'approve',
    from: ['awaiting_approval'],
    to: 'result_ready',
    roles: ['leader'],
    clock: ['stop'],
    forms: [],
    noteRequired: false,
    notify: true,
    vi: 'Phê duyệt',
    en: 'Approve',
  },
  {
    action: 'return_result',
    from: ['result_ready'],
    to: 'returned',
    roles: ['counter_officer'],
    clock: [],
    forms: [],
    noteRequired: false,
    notify: true,
    vi: 'Trả kết quả',
    en: 'Return the result',
  },
  {
    action: 'stop',
    from: PROCESSING_STATES,
    to: 'stopped',
    roles: ['leader'],
    clock: ['stop'],
    forms: ['05'],
    noteRequired: true,
    notify: true,
    vi: 'Dừng xử lý',
    en: 'Stop processing',
  },
  {
    action: 'withdraw',
    from: ['draft', 'submitted', 'reception_supplement', ...PROCESSING_STATES],
    to: 'withdrawn',
    roles: ['applicant', 'counter_officer'],
    clock: ['stop'],
    forms: [],
    noteRequired: true,
    notify: true,
    vi: 'Rút hồ sơ',
    en: 'Withdraw',
  },
];

const BY_ACTION = new Map<DossierAction, ActionSpec>(TRANSITIONS.map((t) => [t.action, t]));

/** The row of the table for `action`, or undefined for an unknown action. */
export function actionSpec(action: string): ActionSpec | undefined {
  return BY_ACTION.get(action as DossierAction);
}

/** Whether `action` is in the table. */
export function isAction(value: string): value is DossierAction {
  return BY_ACTION.has(value as DossierAction);
}

/** Whether `value` is a stored state. */
export function isStatus(value: string): value is DossierStatus {
  return value !== 'new' && (STATES as readonly string[]).includes(value);
}

/** The state after `action` from `from`, or null when the table has no such row. */
export function nextState(from: DossierState, action: DossierAction): DossierState | null {
  const spec = BY_ACTION.get(action);
  if (spec?.from.includes(from) !== true) return null;
  return spec.to === 'same' ? from : spec.to;
}

/** Actions the table allows from `state` (before role and guard checks). */
export function actionsFrom(state: DossierState): DossierAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(state)).map((t) => t.action);
}

/** Whether the dossier is finished for statistics (result ready, returned, stopped, withdrawn). */
export function isFinishedState(state: DossierState): boolean {
  return (
    state === 'result_ready' || state === 'returned' || state === 'stopped' || state === 'withdrawn'
  );
}

/**
 * Checks a history against the table: each event must leave the state the previous one
 * entered, by a row of the table, starting from `new`. Returns the index of the first invalid
 * event, or -1 when the whole history is valid.
 */
export function firstInvalidEvent(
  events: readonly { action: string; from: string | null; to: string }[],
): number {
  let state: DossierState = 'new';
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as { action: string; from: string | null; to: string };
    const from = (event.from ?? 'new') as DossierState;
    if (from !== state || !isAction(event.action)) return i;
    const expected = nextState(from, event.action);
    if (expected === null || expected !== event.to) return i;
    state = expected;
  }
  return -1;
}
