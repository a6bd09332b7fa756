import {
  CONCLUSION_KINDS,
  INITIATIVE_STATES,
  INSPECTION_KINDS,
  INSPECTION_STATES,
  TASK_STATUSES,
} from '../../../domain/registers/machines.js';
import { api } from '../../api.js';

/**
 * The contract of src/modules/registers (registers.schemas.ts). States and kinds are the
 * domain's own lists (pure, no I/O), not copies.
 */
export { CONCLUSION_KINDS, INITIATIVE_STATES, INSPECTION_KINDS, INSPECTION_STATES, TASK_STATUSES };

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}
export interface FileRef {
  id: number;
  name: string;
  mime: string;
  size: number;
}
export interface HistoryEntry {
  id: number;
  entity: string;
  entityId: number;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  actor: string | null;
  at: string;
}
/** A record withdrawn from the register (entered by mistake): when, by whom, why. */
export interface Withdrawal {
  at: string;
  by: string | null;
  reason: string;
  /** Withdrawn with its inspection or plan: it comes back when that is restored. */
  along: boolean;
}
export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface Initiative {
  id: number;
  unit: UnitRef;
  year: number;
  title: string;
  authors: string;
  state: (typeof INITIATIVE_STATES)[number];
  score: number | null;
  version: number;
  filedAt: string;
  withdrawn: Withdrawal | null;
}
export interface InitiativeDetail extends Initiative {
  summary: string;
  evaluationComment: string | null;
  evaluatedAt: string | null;
  decidedAt: string | null;
  replications: Array<{ id: number; unit: UnitRef; replicatedOn: string }>;
  files: FileRef[];
  history: HistoryEntry[];
  actions: string[];
}
export interface Missing {
  year: number;
  kinds: string[];
  expected: number;
  units: Array<{ id: number; code: string; name: string; kind: string }>;
}

export interface Inspection {
  id: number;
  inspectedUnit: UnitRef;
  inspectingUnit: UnitRef | null;
  inspectingBody: string;
  kind: (typeof INSPECTION_KINDS)[number];
  plannedOn: string;
  state: (typeof INSPECTION_STATES)[number];
  conclusionNumber: string | null;
  version: number;
  withdrawn: Withdrawal | null;
}
export interface Recommendation {
  id: number;
  inspectionId: number;
  responsibleUnit: UnitRef;
  content: string;
  dueOn: string;
  state: 'open' | 'done';
  overdue: boolean;
  daysOverdue: number;
  version: number;
  withdrawn: Withdrawal | null;
}
export interface InspectionDetail extends Inspection {
  scope: string;
  startedAt: string | null;
  concludedAt: string | null;
  conclusion: {
    kind: (typeof CONCLUSION_KINDS)[number];
    number: string;
    date: string;
    text: string;
    files: FileRef[];
  } | null;
  recommendations: Array<
    Recommendation & {
      doneNote: string | null;
      doneAt: string | null;
      files: FileRef[];
      canComplete: boolean;
      canCorrect: boolean;
      canWithdraw: boolean;
      canRestore: boolean;
    }
  >;
  history: HistoryEntry[];
  actions: string[];
}

export interface Plan {
  id: number;
  unit: UnitRef;
  year: number;
  title: string;
  indicator: string | null;
  dueOn: string;
  percent: number;
  version: number;
  withdrawn: Withdrawal | null;
}
export interface PlanListItem extends Plan {
  tasks: number;
  tasksOpen: number;
  tasksOverdue: number;
}
export interface Task {
  id: number;
  planId: number;
  title: string;
  responsibleUnit: UnitRef;
  responsiblePerson: string;
  dueOn: string;
  status: (typeof TASK_STATUSES)[number];
  overdue: boolean;
  daysOverdue: number;
  version: number;
  withdrawn: Withdrawal | null;
}
export interface PlanDetail extends Plan {
  tasks: Array<
    Task & { canUpdate: boolean; canCorrect: boolean; canWithdraw: boolean; canRestore: boolean }
  >;
  reports: Array<{
    id: number;
    reportedOn: string;
    text: string;
    percent: number;
    by: string | null;
  }>;
  history: HistoryEntry[];
  actions: string[];
}

export interface HeadcountFigures {
  assigned: number;
  inPost: number | null;
  reductionTarget: number;
  reduced: number;
  shortfall: number;
  targetMet: boolean;
  overAssigned: boolean;
  reducedRate: number | null;
}
export interface HeadcountRow extends HeadcountFigures {
  id: number;
  unit: UnitRef;
  year: number;
  note: string | null;
  version: number;
  updatedAt: string;
  withdrawn: Withdrawal | null;
  history: HistoryEntry[];
}
export interface HeadcountList {
  year: number;
  total: HeadcountFigures;
  rows: HeadcountRow[];
}

export interface StaffUnit {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string | null;
}

/** The body of a withdrawal or a restore: the written reason and the version read. */
export interface WithdrawBody {
  reason: string;
  version: number;
}

type Q = Record<string, string | number | undefined>;
const clean = (q: Q) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));

export const registersApi = {
  /** Uploads files ahead of the form (POST /api/files); their ids go with it. */
  upload: (files: File[]) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    return api.post<{ files: Array<{ id: number }> }>('/api/files', form);
  },
  units: () => api.get<{ units: StaffUnit[] }>('/api/units', { query: { active: true } }),

  initiatives: (q: Q) =>
    api.get<Paged<Initiative>>('/api/registers/initiatives', { query: clean(q) }),
  missing: (year: number) =>
    api.get<Missing>('/api/registers/initiatives/missing', { query: { year } }),
  initiative: (id: string) => api.get<InitiativeDetail>(`/api/registers/initiatives/${id}`),
  fileInitiative: (body: Record<string, unknown>) =>
    api.post<InitiativeDetail>('/api/registers/initiatives', body),
  correct: (id: number, body: Record<string, unknown>) =>
    api.put<InitiativeDetail>(`/api/registers/initiatives/${id}`, body),
  evaluate: (id: number, body: Record<string, unknown>) =>
    api.post<InitiativeDetail>(`/api/registers/initiatives/${id}/evaluate`, body),
  decide: (id: number, body: Record<string, unknown>) =>
    api.post<InitiativeDetail>(`/api/registers/initiatives/${id}/decide`, body),
  replicate: (id: number, body: Record<string, unknown>) =>
    api.post<InitiativeDetail>(`/api/registers/initiatives/${id}/replications`, body),
  correctReplication: (id: number, replicationId: number, body: Record<string, unknown>) =>
    api.put<InitiativeDetail>(
      `/api/registers/initiatives/${id}/replications/${replicationId}`,
      body,
    ),
  withdrawInitiative: (id: number, body: WithdrawBody) =>
    api.post<InitiativeDetail>(`/api/registers/initiatives/${id}/withdraw`, body),
  restoreInitiative: (id: number, body: WithdrawBody) =>
    api.post<InitiativeDetail>(`/api/registers/initiatives/${id}/restore`, body),

  inspections: (q: Q) =>
    api.get<Paged<Inspection>>('/api/registers/inspections', { query: clean(q) }),
  inspection: (id: string) => api.get<InspectionDetail>(`/api/registers/inspections/${id}`),
  planInspection: (body: Record<string, unknown>) =>
    api.post<InspectionDetail>('/api/registers/inspections', body),
  start: (id: number, version: number) =>
    api.post<InspectionDetail>(`/api/registers/inspections/${id}/start`, { version }),
  conclude: (id: number, body: Record<string, unknown>) =>
    api.post<InspectionDetail>(`/api/registers/inspections/${id}/conclude`, body),
  recommend: (id: number, body: Record<string, unknown>) =>
    api.post<InspectionDetail>(`/api/registers/inspections/${id}/recommendations`, body),
  complete: (id: number, body: Record<string, unknown>) =>
    api.post<InspectionDetail>(`/api/registers/recommendations/${id}/complete`, body),
  correctInspection: (id: number, body: Record<string, unknown>) =>
    api.put<InspectionDetail>(`/api/registers/inspections/${id}`, body),
  withdrawInspection: (id: number, body: WithdrawBody) =>
    api.post<InspectionDetail>(`/api/registers/inspections/${id}/withdraw`, body),
  restoreInspection: (id: number, body: WithdrawBody) =>
    api.post<InspectionDetail>(`/api/registers/inspections/${id}/restore`, body),
  correctRecommendation: (id: number, body: Record<string, unknown>) =>
    api.put<InspectionDetail>(`/api/registers/recommendations/${id}`, body),
  withdrawRecommendation: (id: number, body: WithdrawBody) =>
    api.post<InspectionDetail>(`/api/registers/recommendations/${id}/withdraw`, body),
  restoreRecommendation: (id: number, body: WithdrawBody) =>
    api.post<InspectionDetail>(`/api/registers/recommendations/${id}/restore`, body),
  overdueRecommendations: () =>
    api.get<{
      today: string;
      items: Array<
        Recommendation & {
          inspection: {
            id: number;
            inspectedUnit: UnitRef;
            inspectingBody: string;
            conclusionNumber: string | null;
          };
        }
      >;
    }>('/api/registers/recommendations/overdue'),

  headcount: (year: number, unit?: string, withdrawn?: boolean) =>
    api.get<HeadcountList>('/api/registers/headcount', {
      query: clean({ year, unit, withdrawn: withdrawn ? 'true' : undefined }),
    }),
  withdrawHeadcount: (id: number, body: WithdrawBody) =>
    api.post<HeadcountRow>(`/api/registers/headcount/${id}/withdraw`, body),
  restoreHeadcount: (id: number, body: WithdrawBody) =>
    api.post<HeadcountRow>(`/api/registers/headcount/${id}/restore`, body),
  setHeadcount: (body: Record<string, unknown>) =>
    api.put<HeadcountRow>('/api/registers/headcount', body),
  plans: (q: Q) => api.get<Paged<PlanListItem>>('/api/registers/plans', { query: clean(q) }),
  plan: (id: string) => api.get<PlanDetail>(`/api/registers/plans/${id}`),
  createPlan: (body: Record<string, unknown>) => api.post<PlanDetail>('/api/registers/plans', body),
  addTask: (id: number, body: Record<string, unknown>) =>
    api.post<PlanDetail>(`/api/registers/plans/${id}/tasks`, body),
  report: (id: number, body: Record<string, unknown>) =>
    api.post<PlanDetail>(`/api/registers/plans/${id}/reports`, body),
  correctReport: (id: number, reportId: number, body: Record<string, unknown>) =>
    api.put<PlanDetail>(`/api/registers/plans/${id}/reports/${reportId}`, body),
  taskStatus: (id: number, body: Record<string, unknown>) =>
    api.post<PlanDetail>(`/api/registers/tasks/${id}/status`, body),
  correctPlan: (id: number, body: Record<string, unknown>) =>
    api.put<PlanDetail>(`/api/registers/plans/${id}`, body),
  withdrawPlan: (id: number, body: WithdrawBody) =>
    api.post<PlanDetail>(`/api/registers/plans/${id}/withdraw`, body),
  restorePlan: (id: number, body: WithdrawBody) =>
    api.post<PlanDetail>(`/api/registers/plans/${id}/restore`, body),
  correctTask: (id: number, body: Record<string, unknown>) =>
    api.put<PlanDetail>(`/api/registers/tasks/${id}`, body),
  withdrawTask: (id: number, body: WithdrawBody) =>
    api.post<PlanDetail>(`/api/registers/tasks/${id}/withdraw`, body),
  restoreTask: (id: number, body: WithdrawBody) =>
    api.post<PlanDetail>(`/api/registers/tasks/${id}/restore`, body),
  overdueTasks: () =>
    api.get<{
      today: string;
      items: Array<
        Task & { plan: { id: number; title: string; unit: UnitRef; indicator: string | null } }
      >;
    }>('/api/registers/tasks/overdue'),
};

/** Roles that read the registers (src/modules/registers REGISTER_READ_ROLES). */
export const REGISTER_READ_ROLES = ['specialist', 'leader', 'reform_office'] as const;

export function stateTone(state: string): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  switch (state) {
    case 'recognised':
    case 'concluded':
    case 'done':
      return 'success';
    case 'not_recognised':
      return 'danger';
    case 'withdrawn':
      return 'warning';
    case 'evaluated':
    case 'in_progress':
      return 'info';
    default:
      return 'neutral';
  }
}
