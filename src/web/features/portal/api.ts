import { ApiError, api } from '../../api.js';
import { currentLanguage } from '../../i18n.js';

/** Contracts of src/modules/portal (application.routes.ts, portal.routes.ts) and payments. */
export interface Label {
  vi: string;
  en: string;
}

export type DeliveryMethod = 'counter' | 'post' | 'electronic';

export interface ApplicantDetails {
  kind: 'individual' | 'organisation';
  name: string;
  idNumber: string | null;
  taxCode: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface FormComponent {
  code: string;
  name: string;
  required: boolean;
}

export interface ApplicationForm {
  procedure: {
    code: string;
    name: string;
    nameEn: string | null;
    level: string;
    onlineLevel: 'full' | 'partial' | 'none';
    feeTotal: number;
    promisedLimit: number;
    limitUnit: string;
    resultType: string;
    resultName: string | null;
    applicantKinds: Array<'individual' | 'organisation'>;
    components: FormComponent[];
  };
  receivingUnits: Array<{ id: number; code: string; name: string; nameEn: string | null }>;
  deliveryMethods: DeliveryMethod[];
  applicant: ApplicantDetails;
}

export interface Issue {
  path: string;
  message: string;
}

export interface ApplicationBody {
  receivingUnitId?: number | null;
  applicant: ApplicantDetails;
  delivery: { method: DeliveryMethod; address?: string | null };
  components?: Array<{ code: string; fileIds: number[] }>;
  removeDocumentIds?: number[];
}

export interface Transition {
  id: number;
  code: string | null;
  status: string;
  version: number;
}

export interface CitizenDocument {
  id: number;
  kind: 'component' | 'supplement' | 'result' | 'form' | 'other';
  componentCode: string | null;
  name: string;
  mime: string;
  size: number;
  electronic: boolean;
  createdAt: string;
  url: string;
}

export interface CitizenNotification {
  id: number;
  event: string;
  title: string;
  body: string;
  channels: Array<{ channel: string; to: string }>;
  createdAt: string;
  dossierId?: number | null;
}

export interface CitizenDossier {
  id: number;
  code: string | null;
  status: string;
  statusLabel: Label;
  version: number;
  channel: number;
  procedure: { code: string; name: string };
  receivingUnit: { id: number; name: string };
  agencyUnit: { id: number; name: string };
  applicant: ApplicantDetails;
  delivery: { method: DeliveryMethod; address: string | null };
  createdAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  originalDueAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  outcome: string | null;
  late: boolean;
  paused: boolean;
  components: FormComponent[];
  timeline: Array<{
    seq: number;
    at: string;
    action: string;
    actionLabel: Label;
    status: string;
    statusLabel: Label;
    note: string | null;
    missing: string[];
  }>;
  supplementRequest: { at: string; note: string | null; missing: string[] } | null;
  documents: CitizenDocument[];
  result: { ready: boolean; electronic: Array<{ id: number; name: string; url: string }> };
  fee: {
    amount: number;
    paid: boolean;
    paidOnline: boolean;
    receiptNo: string | null;
    due: boolean;
  };
  payments: Array<{
    id: number;
    amount: number;
    status: string;
    receiptNo: string | null;
    createdAt: string;
    paidAt: string | null;
    refundedAt: string | null;
  }>;
  notifications: CitizenNotification[];
  forms: Array<{ form: string; vi: string; en: string; url: string }>;
  rating: { rated: boolean; rateable: boolean };
  can: {
    edit: boolean;
    submit: boolean;
    supplement: boolean;
    withdraw: boolean;
    pay: boolean;
    rate: boolean;
  };
}

export interface MyDossierItem {
  id: number;
  code: string | null;
  status: string;
  procedureName: string;
  unitName: string;
  channel: number;
  feeAmount: number;
  paidOnline: boolean;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  rated: boolean;
}

export type SipasElement = 'access' | 'procedure' | 'staff' | 'result' | 'feedback';
export const SIPAS_ELEMENTS: readonly SipasElement[] = [
  'access',
  'procedure',
  'staff',
  'result',
  'feedback',
];

export interface Rating {
  access: number;
  procedure: number;
  staff: number;
  result: number;
  feedback: number | null;
  comment: string | null;
  editableUntil?: string;
}

export interface UploadedFile {
  id: number;
  name: string;
  mime: string;
  size: number;
}

export const portalApi = {
  form: (code: string) =>
    api.get<ApplicationForm>(`/api/portal/procedures/${encodeURIComponent(code)}/application-form`),
  create: (procedureCode: string, body: ApplicationBody) =>
    api.post<{ id: number; version: number; status: string }>('/api/portal/applications', {
      procedureCode,
      ...body,
    }),
  update: (id: number, version: number, body: ApplicationBody) =>
    api.put<{ id: number; version: number; status: string }>(`/api/portal/applications/${id}`, {
      version,
      ...body,
    }),
  submit: (id: number, version: number) =>
    api.post<Transition>(`/api/portal/applications/${id}/submit`, { version }),
  supplement: (
    id: number,
    version: number,
    components: Array<{ code: string; fileIds: number[] }>,
    note: string | null,
  ) => api.post<Transition>(`/api/portal/dossiers/${id}/supplement`, { version, components, note }),
  withdraw: (id: number, version: number, reason: string) =>
    api.post<Transition>(`/api/portal/dossiers/${id}/withdraw`, { version, reason }),
  dossier: (id: number) => api.get<CitizenDossier>(`/api/portal/dossiers/${id}`),
  mine: (page: number, pageSize: number) =>
    api.get<{ total: number; page: number; pageSize: number; items: MyDossierItem[] }>(
      '/api/portal/dossiers',
      { query: { page, pageSize } },
    ),
  notifications: () => api.get<{ items: CitizenNotification[] }>('/api/portal/notifications'),
  rating: (id: number) => api.get<{ rating: Rating | null }>(`/api/portal/dossiers/${id}/rating`),
  rate: (id: number, rating: Omit<Rating, 'editableUntil'>) =>
    api.put<Rating & { editableUntil: string }>(`/api/portal/dossiers/${id}/rating`, rating),
  pay: (dossierId: number) =>
    api.post<{ paymentId: number; redirectUrl: string; amount: number }>('/api/payments', {
      dossierId,
    }),
  payments: (dossierId: number) =>
    api.get<{
      items: Array<{
        id: number;
        amount: number;
        status: string;
        receiptNo: string | null;
        paidAt: string | null;
      }>;
    }>(`/api/dossiers/${dossierId}/payments`),
};

let csrf: Promise<string | null> | null = null;

/** The session's CSRF token for the raw upload request (the fetch client keeps its own copy). */
function csrfToken(): Promise<string | null> {
  csrf ??= api
    .get<{ csrfToken: string | null }>('/api/auth/me')
    .then((me) => me.csrfToken)
    .catch(() => null);
  return csrf;
}

/**
 * Uploads one file to POST /api/files with XMLHttpRequest, because fetch cannot report upload
 * progress. `onProgress` gets 0–100. Rejects with an ApiError carrying the server's message.
 */
export async function uploadFile(
  file: File,
  onProgress: (percent: number) => void,
): Promise<UploadedFile> {
  const token = await csrfToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          'network_error',
          currentLanguage() === 'en' ? 'Cannot reach the server' : 'Không kết nối được máy chủ',
        ),
      );
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) {
        const files = (body as { files?: UploadedFile[] } | null)?.files ?? [];
        if (files[0]) {
          onProgress(100);
          resolve(files[0]);
          return;
        }
      }
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      reject(new ApiError(xhr.status, error?.code ?? 'internal', error?.message ?? xhr.statusText));
    };
    const data = new FormData();
    data.append('file', file, file.name);
    xhr.send(data);
  });
}

/** Status → badge tone, the same on the list and the dossier page. */
export function statusTone(status: string): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  switch (status) {
    case 'draft':
    case 'withdrawn':
      return 'neutral';
    case 'reception_supplement':
    case 'awaiting_supplement':
      return 'warning';
    case 'not_accepted':
    case 'stopped':
      return 'danger';
    case 'result_ready':
    case 'returned':
      return 'success';
    default:
      return 'info';
  }
}

/** Accepted upload types (the server decides from the content again). */
export const ACCEPT = '.pdf, .jpg, .jpeg, .png, .docx, .xlsx, .xml';
export const MAX_BYTES = 20 * 1024 * 1024;
