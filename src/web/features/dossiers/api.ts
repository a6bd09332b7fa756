import { api, type Query } from '../../api.js';

/** The contract of src/modules/dossiers (dossier.schemas.ts) and src/modules/files. */
export interface Label {
  vi: string;
  en: string;
}
export interface Ref {
  id: number;
  name: string;
}

export type Channel = 1 | 2 | 3;
export type DeliveryMethod = 'counter' | 'post' | 'electronic';
export type Decision = 'complete' | 'incomplete' | 'refused';

export interface ApplicantInput {
  kind: 'individual' | 'organisation';
  name: string;
  idNumber?: string | null;
  taxCode?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

export interface ReceiveBody {
  procedureCode: string;
  receivingUnitId: number;
  applicant: ApplicantInput;
  components: { code: string; fileIds?: number[] }[];
  channel: Channel;
  delivery: { method: DeliveryMethod; address?: string | null };
  decision: Decision;
  note?: string | null;
  missing?: string[];
}

export interface ReceiveResult {
  id: number;
  code: string | null;
  status: string;
  version: number;
  missing: string[];
  receivedAt: string | null;
  dueAt: string | null;
  forms: string[];
  replayed: boolean;
}

export interface DossierSummary {
  id: number;
  code: string | null;
  status: string;
  statusLabel: Label;
  version: number;
  channel: number;
  applicantName: string;
  procedure: { code: string; name: string };
  receivingUnit: Ref;
  currentUnit: Ref;
  assignee: Ref | null;
  receivedAt: string | null;
  dueAt: string | null;
  originalDueAt: string | null;
  pausedSince: string | null;
  finishedAt: string | null;
  extensionPending: boolean;
  supplementCount: number;
  overdue: boolean;
}

export interface ListResult {
  queue?: string;
  total: number;
  items: DossierSummary[];
}

export const QUEUES = [
  'due_today',
  'overdue',
  'due_soon',
  'awaiting_supplement',
  'to_approve',
  'to_return',
  'mine',
  'unit',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface Clock {
  receivedAt: string | null;
  unit: string;
  budget: number;
  dueAt: string | null;
  originalDueAt: string | null;
  extended: boolean;
  extension: { dueAt: string | null; reason: string; at: string | null } | null;
  paused: boolean;
  pauses: { from: string | null; to: string | null; reason: string }[];
  supplementRequests: number;
  timeLeftMinutes: number;
  class: string;
  stoppedAt: string | null;
}

export interface TimelineEntry {
  seq: number;
  action: string;
  actionLabel: Label;
  from: string | null;
  to: string;
  toLabel: Label;
  at: string;
  actor: Ref | null;
  fromUnit: Ref | null;
  toUnit: Ref | null;
  assignee: Ref | null;
  note: string | null;
  stepCode: string | null;
  stepDueAt: string | null;
  onTime: boolean | null;
  data: Record<string, unknown>;
}

export interface DossierDocument {
  id: number;
  kind: string;
  componentCode: string | null;
  formCode: string | null;
  name: string;
  mime: string;
  size: number;
  digitised: boolean;
  electronic: boolean;
  signed: boolean;
  createdAt: string;
}

export interface AllowedAction {
  action: string;
  vi: string;
  en: string;
  noteRequired: boolean;
  forms: string[];
}

export interface DossierPage {
  dossier: {
    id: number;
    code: string | null;
    status: string;
    statusLabel: Label;
    version: number;
    channel: number;
    procedure: { id: number; code: string; name: string; limitUnit: string; promisedLimit: number };
    receivingUnit: { id: number; code: string; name: string };
    agencyUnit: { id: number; code: string; name: string };
    currentUnit: Ref;
    step: { code: string | null; role: string | null; dueAt: string | null };
    assignee: Ref | null;
    applicant: {
      kind: string;
      name: string;
      idNumberMasked: string | null;
      taxCode: string | null;
      email: string | null;
      address: string | null;
      hasPhone: boolean;
    };
    delivery: { method: string; address: string | null };
    outcome: string | null;
    proposedOutcome: string | null;
    extensionRequest: { dueAt: string | null; reason: string; at: string } | null;
    receivedAt: string | null;
    dueAt: string | null;
    originalDueAt: string | null;
    finishedAt: string | null;
    returnedAt: string | null;
  };
  clock: Clock | null;
  timeline: TimelineEntry[];
  documents: DossierDocument[];
  allowedActions: AllowedAction[];
  sync: {
    synced: boolean;
    syncedAt: string | null;
    state: string;
    messages: {
      seq: number;
      status: string;
      attempts: number;
      lastError: string | null;
      sentAt: string | null;
    }[];
  };
}

export interface FormLink {
  form: string;
  vi: string;
  en: string;
  url: string;
}

export interface ActionInput {
  version: number;
  note?: string | null;
  override?: boolean;
  dueAt?: string | null;
  outcome?: 'approved' | 'refused' | null;
  assigneeId?: number | null;
  unitId?: number | null;
}

export interface TransitionResult {
  id: number;
  code: string | null;
  status: string;
  version: number;
  seq: number;
  forms: string[];
}

export interface BulkResult {
  done: number;
  failed: number;
  results: {
    id: number;
    ok: boolean;
    version?: number;
    status?: string;
    error?: { code: string; message: string };
  }[];
}

export interface RegisterRow {
  no: number;
  id: number;
  code: string | null;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  applicantAddress: string | null;
  channel: number;
  agencyName: string;
  receivedAt: string | null;
  dueAt: string | null;
  extendedDueAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  outcome: string | null;
  status: string;
  class: string | null;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  nameEn: string | null;
  agency: { code: string; name: string; nameEn: string | null } | null;
  promisedLimit: number;
  limitUnit: string;
  feeTotal: number;
}

export interface ProcedureComponent {
  code: string;
  name: string;
  copies: number;
  required: boolean;
  mustDigitise: boolean;
}

export interface ProcedureDetail {
  code: string;
  current: {
    name: string;
    nameEn: string | null;
    promisedLimit: number;
    limitUnit: string;
    components: ProcedureComponent[];
    fees: { name: string; amount: number }[];
    postalOut: boolean;
  } | null;
}

export interface StoredFile {
  id: number;
  name: string;
  mime: string;
  size: number;
  field?: string;
}

export interface UnitOption {
  id: number;
  name: string;
  nameEn: string | null;
  code: string;
  former: boolean;
}

export const dossierApi = {
  searchProcedures: (q: string, signal?: AbortSignal) =>
    api.get<{ items: ProcedureSummary[]; total: number }>('/api/catalogue/procedures', {
      query: { q, pageSize: 10, status: 'active' },
      ...(signal ? { signal } : {}),
    }),
  procedure: (code: string) =>
    api.get<ProcedureDetail>(`/api/catalogue/procedures/${encodeURIComponent(code)}`),
  upload: (files: { field: string; file: File }[]) => {
    const form = new FormData();
    for (const { field, file } of files) form.append(field, file, file.name);
    return api.post<{ files: StoredFile[] }>('/api/files', form);
  },
  receive: (body: ReceiveBody, idempotencyKey: string) =>
    api.post<ReceiveResult>('/api/dossiers', body, { idempotencyKey }),
  queue: (queue: QueueName, query: Query) =>
    api.get<ListResult>(`/api/dossiers/queues/${queue}`, { query }),
  search: (query: Query) => api.get<ListResult>('/api/dossiers', { query }),
  page: (id: number) => api.get<DossierPage>(`/api/dossiers/${id}`),
  forms: (id: number) => api.get<{ forms: FormLink[] }>(`/api/dossiers/${id}/forms`),
  act: (id: number, action: string, input: ActionInput) =>
    api.post<TransitionResult>(`/api/dossiers/${id}/actions/${action}`, input),
  attach: (
    id: number,
    body: { kind: 'supplement' | 'result' | 'other'; fileIds: number[]; electronic?: boolean },
  ) => api.post<{ documents: unknown[] }>(`/api/dossiers/${id}/documents`, body),
  bulk: (action: string, items: { id: number; version: number }[]) =>
    api.post<BulkResult>(`/api/dossiers/bulk/${action}`, { items }),
  register: (unitId: number, from: string, to: string) =>
    api.get<{ rows: RegisterRow[] }>('/api/dossiers/register', { query: { unitId, from, to } }),
  units: () => api.get<{ units: UnitOption[] }>('/api/units', { query: { active: true } }),
};

export function documentUrl(dossierId: number, documentId: number): string {
  return `/api/dossiers/${dossierId}/documents/${documentId}`;
}

export function formUrl(dossierId: number, form: string): string {
  return `/api/dossiers/${dossierId}/forms/${form}`;
}

export function registerExportUrl(
  unitId: number,
  from: string,
  to: string,
  format: 'xlsx' | 'pdf',
): string {
  return `/api/dossiers/register/export?${new URLSearchParams({
    unitId: String(unitId),
    from,
    to,
    format,
  }).toString()}`;
}
