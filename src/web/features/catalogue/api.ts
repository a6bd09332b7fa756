import type {
  ApplicantKind,
  DocumentComponent,
  Fee,
  HandlingLevel,
  LimitUnit,
  OnlineLevel,
  ProcedureContent,
  ProcessingStep,
  ResultType,
} from '../../../domain/catalogue/index.js';
import { api, type Query } from '../../api.js';

/** The contract of `src/modules/catalogue` (docs/catalogue.md). */
export interface AgencyRef {
  code: string;
  name: string;
  nameEn: string | null;
}

export interface PublicSummary {
  code: string;
  name: string;
  nameEn: string | null;
  field: { code: string; name: string | null } | null;
  level: HandlingLevel;
  agency: AgencyRef | null;
  legalLimit: number;
  promisedLimit: number;
  limitUnit: LimitUnit;
  feeTotal: number;
  onlineLevel: OnlineLevel;
  postalIn: boolean;
  postalOut: boolean;
  boundaryFree: boolean;
}

export interface PublicProcedure extends PublicSummary {
  fees: Fee[];
  components: DocumentComponent[];
  resultType: ResultType;
  resultName: string | null;
  applicantKinds: ApplicantKind[];
  certification: boolean;
  populationDb: boolean;
  legalBasis: string | null;
  legalEffectiveOn: string | null;
  announcedOn: string | null;
  publishedOn: string | null;
}

export interface StaffSummary extends PublicSummary {
  status: 'active' | 'retired';
  version: number;
  effectiveFrom: string;
  upcoming: boolean;
}

export interface StaffVersion extends PublicProcedure {
  steps: ProcessingStep[];
  version: number;
  effectiveFrom: string;
  changeNote: string | null;
  createdAt: string;
  createdBy: number | null;
}

export interface StaffDetail {
  code: string;
  status: 'active' | 'retired';
  retiredAt: string | null;
  createdAt: string;
  latestVersion: number;
  current: StaffVersion | null;
  upcoming: StaffVersion[];
  versions: StaffVersion[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FieldItem {
  code: string;
  name: string | null;
  count: number;
}

/** A field-level issue from the server (`validation_failed` details). */
export interface FieldIssue {
  path: string;
  code: string;
  vi: string;
  en: string;
}

export interface ImportIssue extends FieldIssue {
  row: number;
  column: string;
}

export interface ImportReport {
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  skipInvalid: boolean;
  effectiveFrom: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  created: number;
  versioned: number;
  statusChanged: number;
  unchanged: number;
  written: boolean;
  issues: ImportIssue[];
  rows: Array<{
    row: number;
    code: string;
    action: 'create' | 'version' | 'status' | 'unchanged' | 'invalid';
    version?: number;
  }>;
}

export interface ListFilters {
  q?: string;
  field?: string;
  level?: string;
  onlineLevel?: string;
  status?: string;
  sort?: string;
  direction?: string;
  page?: number;
  pageSize?: number;
}

export type ProcedureInput = ProcedureContent & { effectiveFrom?: string; note?: string | null };

const code = (c: string) => encodeURIComponent(c);

export const catalogueApi = {
  publicList: (filters: ListFilters) =>
    api.get<Page<PublicSummary>>('/api/public/procedures', { query: filters as Query }),
  publicGet: (c: string) => api.get<PublicProcedure>(`/api/public/procedures/${code(c)}`),
  publicFields: () => api.get<{ items: FieldItem[] }>('/api/public/procedure-fields'),
  list: (filters: ListFilters) =>
    api.get<Page<StaffSummary>>('/api/catalogue/procedures', { query: filters as Query }),
  fields: () => api.get<{ items: FieldItem[] }>('/api/catalogue/fields'),
  get: (c: string) => api.get<StaffDetail>(`/api/catalogue/procedures/${code(c)}`),
  create: (body: ProcedureInput & { code: string }) =>
    api.post<StaffDetail>('/api/catalogue/procedures', body),
  update: (c: string, body: ProcedureInput & { expectedVersion?: number }) =>
    api.put<{ changed: boolean; procedure: StaffDetail }>(
      `/api/catalogue/procedures/${code(c)}`,
      body,
    ),
  retire: (c: string, reason: string | null) =>
    api.post<{ changed: boolean; procedure: StaffDetail }>(
      `/api/catalogue/procedures/${code(c)}/retire`,
      { reason },
    ),
  reactivate: (c: string) =>
    api.post<{ changed: boolean; procedure: StaffDetail }>(
      `/api/catalogue/procedures/${code(c)}/reactivate`,
      {},
    ),
  import: (
    file: File,
    options: { dryRun: boolean; skipInvalid?: boolean; effectiveFrom?: string },
  ) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<ImportReport>('/api/catalogue/import', form, {
      query: {
        dryRun: options.dryRun,
        skipInvalid: options.skipInvalid ?? false,
        effectiveFrom: options.effectiveFrom,
      },
    });
  },
  exportUrl: (format: 'xlsx' | 'csv') => `/api/catalogue/export?format=${format}`,
};

/** The version's content in the shape the edit form and the PUT body use. */
export function contentOf(v: StaffVersion): ProcedureContent {
  return {
    name: v.name,
    nameEn: v.nameEn,
    fieldCode: v.field?.code ?? null,
    fieldName: v.field?.name ?? null,
    level: v.level,
    agencyCode: v.agency?.code ?? null,
    legalLimit: v.legalLimit,
    promisedLimit: v.promisedLimit,
    limitUnit: v.limitUnit,
    fees: v.fees,
    components: v.components,
    resultType: v.resultType,
    resultName: v.resultName,
    onlineLevel: v.onlineLevel,
    postalIn: v.postalIn,
    postalOut: v.postalOut,
    boundaryFree: v.boundaryFree,
    applicantKinds: v.applicantKinds,
    certification: v.certification,
    populationDb: v.populationDb,
    legalBasis: v.legalBasis,
    legalEffectiveOn: v.legalEffectiveOn,
    announcedOn: v.announcedOn,
    publishedOn: v.publishedOn,
    steps: v.steps,
  };
}
