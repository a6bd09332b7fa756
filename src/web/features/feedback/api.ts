import {
  FEEDBACK_CHANNELS,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
  type FeedbackAction,
  type FeedbackChannel,
  type FeedbackKind,
  type FeedbackState,
} from '../../../domain/feedback/machine.js';
import { api } from '../../api.js';

/**
 * The contract of src/modules/feedback (feedback.schemas.ts) and GET /api/public/units. Kinds,
 * channels, states and actions are the domain's own lists (pure, no I/O), not copies.
 */
export const KINDS = FEEDBACK_KINDS;
export type Kind = FeedbackKind;

export const CHANNELS = FEEDBACK_CHANNELS;
export type Channel = FeedbackChannel;
/** Channels a staff member takes in (the portal is the citizen's own form). */
export const INTAKE_CHANNELS = ['hotline', 'email', 'social', 'in_person'] as const;

export const STATES = FEEDBACK_STATES;
export type State = FeedbackState;

export type Action = FeedbackAction;

export interface Submitter {
  name?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  email?: string | null;
  address?: string | null;
}

export interface ItemInput {
  kind: Kind;
  subject: string;
  content: string;
  relatedDossierCode?: string | null;
  relatedProcedureCode?: string | null;
  anonymous?: boolean;
  submitter?: Submitter | null;
}

export interface Deadlines {
  rejectBy: string | null;
  requestInfoBy: string | null;
  answerBy: string | null;
  publishBy: string | null;
}

export interface Ratings {
  likes: number;
  dislikes: number;
}

export interface UnitRef {
  code: string;
  name: string;
}

export interface Tracking {
  code: string;
  kind: Kind;
  channel: Channel;
  state: State;
  subject: string;
  unit: string;
  receivedAt: string;
  dueAt: string | null;
  deadlines: Deadlines;
  reply: string | null;
  repliedAt: string | null;
  publishedAt: string | null;
}

export interface TrackingWithRatings extends Tracking {
  ratings: Ratings;
  /** The code holder's own rating of the reply (the pressed button), null before rating. */
  rating: 'like' | 'dislike' | null;
  /** While the item awaits information: what the unit asked for. */
  infoRequest: { note: string | null; requestedAt: string } | null;
}

export interface ListItem {
  id: number;
  code: string;
  kind: Kind;
  channel: Channel;
  state: State;
  subject: string;
  unit: UnitRef;
  receivedAt: string;
  dueAt: string | null;
  overdue: boolean;
  anonymous: boolean;
  submitterName: string | null;
  reporterProtected: boolean;
  ratings: Ratings;
  complainedAgain: boolean;
  version: number;
}

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface HistoryEvent {
  action: string;
  fromState: string | null;
  toState: string;
  unit: UnitRef | null;
  toUnit: UnitRef | null;
  actorName: string | null;
  note: string | null;
  at: string;
}

export interface Detail extends ListItem {
  content: string;
  relatedDossierCode: string | null;
  relatedProcedureCode: string | null;
  followUpOf: number | null;
  receivedUnit: UnitRef | null;
  submitter: {
    name: string | null;
    phone: string | null;
    idNumber: string | null;
    email: string | null;
    address: string | null;
  } | null;
  reply: string | null;
  deadlines: Deadlines;
  steps: {
    infoRequestedAt: string | null;
    infoSuppliedAt: string | null;
    transferredAt: string | null;
    rejectedAt: string | null;
    answeredAt: string | null;
    publishedAt: string | null;
    finishedAt: string | null;
    complainedAgainAt: string | null;
  };
  events: HistoryEvent[];
  allowedActions: Action[];
}

export interface PublicAnswer {
  id: number;
  subject: string;
  question: string;
  answer: string;
  unit: string;
  relatedProcedureCode: string | null;
  receivedAt: string;
  publishedAt: string | null;
  ratings: Ratings;
}

export interface PublicUnit {
  id: number;
  parentId: number | null;
  kind: string;
  level: string;
  code: string;
  name: string;
  nameEn: string | null;
  depth: number;
}

export interface StaffUnit {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string | null;
  former: boolean;
}

export interface ListFilters {
  /** A unit's code: its subtree. */
  unit?: string;
  state?: State | '';
  kind?: Kind | '';
  channel?: Channel | '';
  overdue?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ActionInput {
  version: number;
  note?: string | null;
  reply?: string | null;
  toUnitId?: number | null;
}

const code = (c: string) => encodeURIComponent(c.trim().toUpperCase());

export const feedbackApi = {
  submit: (body: ItemInput & { unitCode?: string | null }) =>
    api.post<Tracking>('/api/public/feedback', body),
  track: (c: string) => api.get<TrackingWithRatings>(`/api/public/feedback/${code(c)}`),
  rate: (c: string, value: 'like' | 'dislike') =>
    api.post<{ code: string; value: 'like' | 'dislike'; ratings: Ratings }>(
      `/api/public/feedback/${code(c)}/rating`,
      { value },
    ),
  /** The code holder answers a request for information (the item goes back to processing). */
  supplyInfo: (c: string, content: string) =>
    api.post<TrackingWithRatings>(`/api/public/feedback/${code(c)}/information`, { content }),
  complain: (c: string, content: string) =>
    api.post<Tracking>(`/api/public/feedback/${code(c)}/complaints`, { content }),
  answers: (page: number, pageSize: number, q?: string) =>
    api.get<Paged<PublicAnswer>>('/api/public/feedback', { query: { page, pageSize, q } }),
  units: () => api.get<{ asOf: string; units: PublicUnit[] }>('/api/public/units'),
  /** The unit tree for staff (transfer, take-in): former units are marked and left out here. */
  staffUnits: () => api.get<{ units: StaffUnit[] }>('/api/units', { query: { active: true } }),

  list: (filters: ListFilters) =>
    api.get<Paged<ListItem>>('/api/feedback', {
      query: {
        unit: filters.unit || undefined,
        state: filters.state || undefined,
        kind: filters.kind || undefined,
        channel: filters.channel || undefined,
        overdue: filters.overdue ? true : undefined,
        q: filters.q?.trim() || undefined,
        page: filters.page,
        pageSize: filters.pageSize,
      },
    }),
  takeIn: (body: ItemInput & { channel: Channel; unitId: number }) =>
    api.post<Tracking & { id: number }>('/api/feedback', body),
  detail: (id: number) => api.get<Detail>(`/api/feedback/${id}`),
  act: (id: number, action: Action, input: ActionInput) =>
    api.post<Detail>(`/api/feedback/${id}/actions/${action}`, input),
};

/** State → badge tone, the same for citizens and staff. */
export function stateTone(state: State): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  switch (state) {
    case 'received':
      return 'neutral';
    case 'info_requested':
    case 'awaiting_publication':
      return 'warning';
    case 'rejected':
      return 'danger';
    case 'answered':
    case 'published':
      return 'success';
    default:
      return 'info';
  }
}

/** Whether the unit has replied (an answer or a reasoned rejection): rating and complaining open. */
export function hasReply(state: State): boolean {
  return (
    state === 'answered' ||
    state === 'awaiting_publication' ||
    state === 'published' ||
    state === 'rejected'
  );
}
