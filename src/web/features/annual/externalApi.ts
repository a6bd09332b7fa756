import { api } from '../../api.js';
import type { Localized } from './api.js';

/** The contract of the external results routes (src/modules/annual/annual.external.schemas.ts). */
export interface ExternalResult {
  index: string;
  year: number;
  score: number | null;
  rank: number | null;
  outOf: number | null;
  note: string | null;
}

export interface TrendYear extends ExternalResult {
  sinceYear: number | null;
  scoreChange: number | null;
  placesChange: number | null;
  outOfChanged: boolean;
  change: Localized | null;
}

export interface ExternalTrend {
  index: string;
  name: Localized;
  years: TrendYear[];
}

export const externalApi = {
  publicTrends: () => api.get<{ trends: ExternalTrend[] }>('/api/public/annual/external'),
  list: () =>
    api.get<{
      manages: boolean;
      results: Array<ExternalResult & { updatedAt: string }>;
      trends: ExternalTrend[];
    }>('/api/annual/external'),
  import: (csv: string) =>
    api.post<{ imported: number; created: number; updated: number }>(
      '/api/annual/external/import',
      { csv },
    ),
  remove: (index: string, year: number) =>
    api.del<void>(`/api/annual/external/${encodeURIComponent(index)}/${year}`),
};
