import { api } from '../../api.js';

/** The contract of src/modules/annual (annual.schemas.ts). */
export type CycleState = 'draft' | 'self_assessment' | 'appraisal' | 'provisional' | 'final';
export const CYCLE_STATES: CycleState[] = [
  'draft',
  'self_assessment',
  'appraisal',
  'provisional',
  'final',
];
export type Method = 'self_assessed' | 'survey' | 'automatic';
export interface Localized {
  vi: string;
  en: string;
}

export interface Participant {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  peerGroup: string;
  submittedAt: string | null;
  toAppraise: number;
  openContests: number;
}

export interface FrameworkField {
  id: string;
  name: Localized;
  maxPoints: number;
}

export interface Cycle {
  year: number;
  state: CycleState;
  framework: { name: Localized; unitKinds: string[]; fields: FrameworkField[] };
  maxPoints: number;
  selfAssessmentDeadline: string | null;
  contestDeadline: string | null;
  manages: boolean;
  participants: Participant[];
}

export interface AssessmentItem {
  subcriterionId: string;
  fieldId: string;
  criterionId: string;
  name: Localized;
  maxPoints: number;
  method: Method;
  selfPoints: number | null;
  evidence: string | null;
  evidenceFileIds: number[];
  evidenceFiles: Array<{ id: number; name: string }>;
  appraisedPoints: number | null;
  appraisalReason: string | null;
  surveyPoints: number | null;
  autoPoints: number | null;
  autoRate: number | null;
  contestPoints: number | null;
  points: number;
}

export interface Assessment {
  year: number;
  state: CycleState;
  unit: { id: number; code: string; name: string; nameEn: string | null; kind: string };
  selfAssessmentDeadline: string | null;
  submittedAt: string | null;
  editable: boolean;
  canSubmit: boolean;
  canAppraise: boolean;
  fields: FrameworkField[];
  items: AssessmentItem[];
}

export interface RankedUnit {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  peerGroup: string;
  total: number;
  max: number;
  percent: number;
  band: string | null;
  rank: number;
  of: number;
  fields: Array<{
    fieldId: string;
    name: Localized;
    points: number;
    max: number;
    rank: number;
    of: number;
  }>;
  /** `rank`/`of` null and `predecessors` set when carried from former units through lineage. */
  previous: { total: number; rank: number | null; of: number | null; predecessors?: number } | null;
  change: { score: number; places: number | null; text: Localized } | null;
  explanation: Array<{
    subcriterionId: string;
    name: Localized;
    previous: number;
    current: number;
    delta: number;
  }>;
}

export interface Results {
  year: number;
  state: CycleState;
  stage: 'preview' | 'provisional' | 'final';
  contestDeadline: string | null;
  publishedAt: string | null;
  /** When a preview was computed, by the server's clock; null for a published stage. */
  computedAt: string | null;
  previousYear: number | null;
  units: RankedUnit[];
}

export interface Contest {
  id: number;
  unitCode: string;
  unitName: string;
  subcriterionId: string;
  reason: string;
  state: 'open' | 'upheld' | 'rejected';
  answer: string | null;
  newPoints: number | null;
  filedAt: string;
}

const base = (year: number) => `/api/annual/cycles/${year}`;
const unitPath = (year: number, code: string) => `${base(year)}/units/${encodeURIComponent(code)}`;

export const annualApi = {
  cycles: () =>
    api.get<{ cycles: Array<{ year: number; state: CycleState }> }>('/api/annual/cycles'),
  cycle: (year: number) => api.get<Cycle>(base(year)),
  importFramework: (year: number, framework: unknown) =>
    api.put<Cycle>(`${base(year)}/framework`, framework),
  advance: (
    year: number,
    body: { to: CycleState; selfAssessmentDeadline?: string; contestDeadline?: string },
  ) => api.post<Cycle>(`${base(year)}/advance`, body),
  survey: (year: number, csv: string) =>
    api.post<{ imported: number }>(`${base(year)}/survey`, { csv }),
  automatic: (year: number) => api.post<{ results: unknown[] }>(`${base(year)}/automatic`),
  assessment: (year: number, code: string) => api.get<Assessment>(unitPath(year, code)),
  saveSelf: (
    year: number,
    code: string,
    entries: Array<{
      subcriterionId: string;
      points: number | null;
      evidence: string | null;
      fileIds: number[];
    }>,
  ) => api.put<Assessment>(`${unitPath(year, code)}/self-assessment`, { entries }),
  /** Uploads evidence files ahead of the save (POST /api/files); their ids go with it. */
  upload: (files: File[]) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    return api.post<{ files: Array<{ id: number; name: string }> }>('/api/files', form);
  },
  evidenceUrl: (year: number, code: string, fileId: number) =>
    `${unitPath(year, code)}/evidence/${fileId}`,
  submit: (year: number, code: string) => api.post<Assessment>(`${unitPath(year, code)}/submit`),
  appraise: (
    year: number,
    code: string,
    entries: Array<{ subcriterionId: string; points: number; reason: string | null }>,
  ) => api.post<Assessment>(`${unitPath(year, code)}/appraisal`, { entries }),
  /**
   * The ranking: as published once published. `preview` (the reform office only) computes it
   * now from the recorded points — never what units and the public read.
   */
  results: (year: number, options: { preview?: boolean } = {}) =>
    api.get<Results>(`${base(year)}/results`, { query: { preview: options.preview || undefined } }),
  unitResult: (year: number, code: string) =>
    api.get<RankedUnit & { year: number; stage: Results['stage']; publishedAt: string | null }>(
      `${unitPath(year, code)}/result`,
    ),
  contests: (year: number) => api.get<{ contests: Contest[] }>(`${base(year)}/contests`),
  contest: (year: number, code: string, body: { subcriterionId: string; reason: string }) =>
    api.post<Contest>(`${unitPath(year, code)}/contests`, body),
  answer: (
    year: number,
    id: number,
    body: { decision: 'upheld' | 'rejected'; answer: string; points?: number },
  ) => api.post<Contest>(`${base(year)}/contests/${id}/answer`, body),
  publicResults: (year?: number) =>
    api.get<Results & { years: number[] }>('/api/public/annual/results', { query: { year } }),
};

/** Reads a score typed by a person: "1,5" or "1.5"; empty → null; NaN when unreadable. */
export function readPoints(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  return /^\d+(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN;
}

/** 1,5 in Vietnamese, 1.5 in English. */
export function showPoints(value: number | null, lang: 'vi' | 'en'): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: 2,
  }).format(value);
}
