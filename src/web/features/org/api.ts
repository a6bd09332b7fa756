import { api } from '../../api.js';

/** The contract of `src/modules/org` (GET /api/units, /api/units/:id). */
export interface UnitItem {
  id: number;
  parentId: number | null;
  kind: string;
  level: string;
  code: string;
  name: string;
  nameEn: string | null;
  validFrom: string | null;
  validTo: string | null;
  former: boolean;
}

export interface UnitTreeItem extends UnitItem {
  depth: number;
  childCount: number;
}

export interface UnitSummary {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

export type LineageKind = 'merged' | 'split' | 'renamed' | 'transferred';

export interface LineageLink {
  id: number;
  direction: 'predecessor' | 'successor';
  kind: LineageKind;
  effectiveOn: string;
  note: string | null;
  unit: UnitSummary;
}

export interface LineageReach {
  unit: UnitSummary;
  partial: boolean;
  path: { predecessorId: number; successorId: number; kind: LineageKind; effectiveOn: string }[];
}

export interface UnitDetail {
  asOf: string;
  unit: UnitItem;
  ancestors: UnitItem[];
  children: UnitItem[];
  lineage: LineageLink[];
  successors: LineageReach[];
  predecessors: LineageReach[];
}

export const LINEAGE_RELATIONS = [
  'merged_into',
  'merged_from',
  'split_from',
  'split_into',
  'renamed_to',
  'renamed_from',
  'transferred_to',
  'transferred_from',
] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export interface UnitInput {
  parentId: number | null;
  kind: string;
  level: string;
  code: string;
  name: string;
  nameEn: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export const orgApi = {
  tree: () => api.get<{ asOf: string; units: UnitTreeItem[] }>('/api/units'),
  unit: (id: number) => api.get<UnitDetail>(`/api/units/${id}`),
  create: (input: UnitInput) => api.post<UnitItem>('/api/units', input),
  update: (id: number, patch: Partial<UnitInput>) => api.patch<UnitItem>(`/api/units/${id}`, patch),
  lineage: (
    id: number,
    body: {
      relation: LineageRelation;
      otherUnitId: number;
      effectiveOn: string;
      note: string | null;
    },
  ) => api.post<LineageLink>(`/api/units/${id}/lineage`, body),
  close: (id: number, validTo: string) => api.post<UnitItem>(`/api/units/${id}/close`, { validTo }),
};

/** Known kinds and levels get a translated label; others (the lists are open) show as stored. */
export const KNOWN_KINDS = [
  'people_committee',
  'department',
  'service_centre',
  'commune',
  'ward',
  'special_zone',
  'district',
  'agency',
  'province',
] as const;
export const KNOWN_LEVELS = ['province', 'district', 'commune', 'ministry'] as const;
