import type { ReceptionAction, ReceptionState } from '../../../domain/publicinfo/index.js';
import { api, withQuery } from '../../api.js';
import { unitsUnderGrants } from '../../unitScope.js';

/** The contract of src/modules/publicinfo (publicinfo.schemas.ts). */
export type { ReceptionAction, ReceptionState };

export interface PublicHotline {
  id: number;
  purpose: string;
  phone: string;
  phoneDisplay: string;
  telUri: string;
  email: string | null;
  mailto: string | null;
  hours: string | null;
  validTo: string | null;
}

export interface PublicHotlineUnits {
  total: number;
  units: Array<{ code: string; name: string; hotlines: PublicHotline[] }>;
}

export interface Hotline {
  id: number;
  unit: { id: number; code: string; name: string };
  purpose: string;
  phone: string;
  phoneDisplay: string;
  telUri: string;
  email: string | null;
  hours: string | null;
  person: string | null;
  validFrom: string;
  validTo: string | null;
  current: boolean;
  version: number;
}

export interface HotlineDraft {
  unitId: number;
  purpose: string;
  phone: string;
  email?: string | null;
  hours?: string | null;
  person?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface PublicSession {
  id: number;
  unit: { code: string; name: string };
  leaderName: string;
  leaderTitle: string;
  date: string;
  start: string;
  end: string;
  place: string;
  notes: string | null;
  state: ReceptionState;
  cancelReason: string | null;
  movedToDate: string | null;
  movedFromDate: string | null;
}

export interface Session extends Omit<PublicSession, 'unit'> {
  unit: { id: number; code: string; name: string };
  citizensReceived: number | null;
  casesNoted: number | null;
  outcomeNotes: string | null;
  movedFromId: number | null;
  planRule: string | null;
  version: number;
}

export interface SessionDraft {
  leaderName: string;
  leaderTitle: string;
  start: string;
  end: string;
  place: string;
  notes?: string | null;
}

export interface PlanPreview {
  rule: string;
  from: string;
  to: string;
  dates: string[];
  skipped: Array<{ date: string; reason: 'day_off' }>;
  existing: string[];
}

export interface ReceptionCounts {
  planned: number;
  scheduled: number;
  held: number;
  cancelled: number;
  rescheduled: number;
  citizensReceived: number;
  casesNoted: number;
}

/** A year, or one of its quarters; a quarter's answer names its first and last day. */
export interface StatsPeriod {
  year: number;
  quarter?: number;
  from?: string;
  to?: string;
}

export interface ReceptionStats extends StatsPeriod {
  unit: { id: number; code: string; name: string } | null;
  rows: Array<
    ReceptionCounts & { unit: { id: number; code: string; name: string }; depth: number }
  >;
  total: ReceptionCounts;
}

/** The published statistics: counts only. */
export interface PublicReceptionStats extends StatsPeriod {
  unit: { code: string; name: string } | null;
  rows: Array<{
    unit: { code: string; name: string };
    depth: number;
    held: number;
    citizensReceived: number;
  }>;
  total: { held: number; citizensReceived: number };
}

/** When and by whom an item was deleted (deletedBy null: the command line). */
export interface Deletion {
  deletedAt: string;
  deletedBy: string | null;
}

export interface PublicUnit {
  id: number;
  parentId: number | null;
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
  depth: number;
  former: boolean;
}

export const publicInfoApi = {
  publicHotlines: (q?: string, unit?: string) =>
    api.get<PublicHotlineUnits>('/api/public/public-info/hotlines', { query: { q, unit } }),
  publicSessions: (unit?: string, month?: string) =>
    api.get<{ items: PublicSession[] }>('/api/public/public-info/reception', {
      query: { unit, month },
    }),
  icsUrl: (unitCode: string) =>
    `/api/public/public-info/reception/${encodeURIComponent(unitCode)}/calendar.ics`,
  publicUnits: () => api.get<{ units: PublicUnit[] }>('/api/public/units'),
  staffUnits: () => api.get<{ units: StaffUnit[] }>('/api/units', { query: { active: true } }),

  hotlines: () => api.get<{ items: Hotline[] }>('/api/public-info/hotlines'),
  createHotline: (draft: HotlineDraft) => api.post<Hotline>('/api/public-info/hotlines', draft),
  updateHotline: (id: number, draft: HotlineDraft & { version: number }) =>
    api.put<Hotline>(`/api/public-info/hotlines/${id}`, draft),
  deleteHotline: (id: number) => api.del<void>(`/api/public-info/hotlines/${id}`),
  importHotlines: (csv: string) =>
    api.post<{ created: number; updated: number }>('/api/public-info/hotlines/import', { csv }),
  exportUrl: '/api/public-info/hotlines/export.csv',

  sessions: (query: { unit?: string; from?: string; to?: string }) =>
    api.get<{ items: Session[] }>('/api/public-info/reception', { query }),
  createSession: (body: SessionDraft & { unitId: number; date: string }) =>
    api.post<Session>('/api/public-info/reception', body),
  preview: (body: { unitId: number; rule: string; year: number }) =>
    api.post<PlanPreview>('/api/public-info/reception/plan/preview', body),
  plan: (body: SessionDraft & { unitId: number; rule: string; year: number }) =>
    api.post<PlanPreview & { sessions: Session[] }>('/api/public-info/reception/plan', body),
  act: (id: number, action: ReceptionAction, body: Record<string, unknown>) =>
    api.post<Session>(`/api/public-info/reception/${id}/actions/${action}`, body),
  updateSession: (id: number, body: SessionDraft & { version: number }) =>
    api.put<Session>(`/api/public-info/reception/${id}`, body),
  deleteSession: (id: number, version: number) =>
    api.del<void>(`/api/public-info/reception/${id}`, { query: { version } }),
  stats: (year: number, quarter?: number, unit?: string) =>
    api.get<ReceptionStats>('/api/public-info/reception/stats', {
      query: { year, quarter, unit },
    }),
  statsCsvUrl: (year: number, quarter?: number, unit?: string) =>
    withQuery('/api/public-info/reception/stats/export.csv', { year, quarter, unit }),
  publicStats: (year: number, quarter?: number, unit?: string) =>
    api.get<PublicReceptionStats>('/api/public/public-info/reception/stats', {
      query: { year, quarter, unit },
    }),

  deletedHotlines: () =>
    api.get<{ items: Array<Hotline & Deletion> }>('/api/public-info/hotlines/deleted'),
  restoreHotline: (id: number, version: number) =>
    api.post<Hotline>(`/api/public-info/hotlines/${id}/restore`, { version }),
  deletedSessions: (unit?: string) =>
    api.get<{ items: Array<Session & Deletion> }>('/api/public-info/reception/deleted', {
      query: { unit },
    }),
  restoreSession: (id: number, version: number) =>
    api.post<Session>(`/api/public-info/reception/${id}/restore`, { version }),
};

/**
 * The units whose public information a user manages (src/modules/publicinfo policy): all of
 * them for the reform office, the subtrees of administrator and leader grants otherwise. The
 * server checks again.
 */
export function managedUnits<U extends { id: number; parentId: number | null }>(
  units: readonly U[],
  grants: ReadonlyArray<{ role: string; unitId: number | null }>,
): U[] {
  if (grants.some((g) => g.role === 'reform_office')) return [...units];
  return unitsUnderGrants(units, grants, ['administrator', 'leader']).units;
}

/** The roles that manage public information (PUBLICINFO_MANAGE_ROLES). */
export const MANAGE_ROLES = ['reform_office', 'administrator', 'leader'] as const;
