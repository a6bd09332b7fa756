import { api } from '../../api.js';

export interface Localized {
  vi: string;
  en: string;
}

export interface RankingUnit {
  unit: string;
  name: string;
  nameEn: string | null;
  kind: string;
  level: string;
  peerGroup: string;
  total: number | null;
  rank: number | null;
  ranked: boolean;
  of: number;
  unrankedReason: 'insufficient_data' | 'no_score' | null;
  sampleSize: number;
  onTimeRate: number | null;
  groups: Record<string, { score: number | null; max: number }>;
  scoreChange: number | null;
  rankChange: number | null;
}

export interface Ranking {
  period: { key: string; label: Localized; from: string; to: string };
  judgedAt: string;
  note: Localized;
  minSample: number;
  units: RankingUnit[];
}

export interface ScorecardIndicator {
  id: string;
  name: Localized;
  shortName: Localized;
  numerator: number;
  denominator: number;
  rate: number | null;
  score: number | null;
  max: number;
  threshold: number;
  scored: boolean;
  status: 'applicable' | 'not_applicable' | 'no_data';
  reason: Localized | null;
  /**
   * Which list the drill-down opens; `none`: the system has no data. `feedback` (6.1, 6.2):
   * the feedback items of `GET …/indicators/{id}/feedback`.
   */
  countedOver: 'dossiers' | 'procedures' | 'feedback' | 'none';
}

export interface Scorecard {
  period: { key: string; label: Localized };
  previousPeriod: { key: string; label: Localized } | null;
  judgedAt: string;
  unit: { code: string; name: string; nameEn: string | null };
  total: number | null;
  rawTotal: number;
  applicableMax: number;
  note: Localized;
  rank: number | null;
  of: number;
  ranked: boolean;
  unrankedReason: string | null;
  sampleSize: number;
  minSample: number;
  scoreChange: number | null;
  rankChange: number | null;
  explanation: Array<{ id: string; delta: number | null; text: Localized }>;
  groups: Array<{
    id: string;
    name: Localized;
    score: number | null;
    max: number;
    indicators: ScorecardIndicator[];
  }>;
  channelMix: {
    total: number;
    inPerson: number | null;
    online: number | null;
    post: number | null;
  };
  onTime: {
    early: number;
    onTime: number;
    late: number;
    inProgressOnTime: number;
    inProgressOverdue: number;
  };
}

export interface TrendPoint {
  period: string;
  label: Localized;
  total: number | null;
  onTimeRate: number | null;
  received: number;
}

export interface DrillDossier {
  id: number;
  code: string | null;
  status: string;
  receivingUnit: string;
  receivedAt: string;
  originalDueAt: string | null;
  finishedAt: string | null;
  periodClass: string | null;
  inNumerator: boolean;
  /** 6.3 only: why the dossier is subtracted from the finished ones. */
  deductions: Array<'late' | 'negative'>;
}

export interface DrillProcedure {
  id: number;
  code: string;
  name: string | null;
  nameEn: string | null;
  agencyUnit: string | null;
  onlineLevel: 'full' | 'partial' | 'none' | null;
  feeAmount: number | null;
  announcedOn: string | null;
  publishBy: string | null;
  publishedOn: string | null;
  legalEffectiveOn: string | null;
  complete: boolean | null;
  forIndividuals: boolean | null;
  populationDb: boolean | null;
  dossiers: {
    received: number;
    online: number;
    offeringOnline: number;
    fullOnline: number;
    withFee: number;
    paidOnline: number;
  };
  inNumerator: boolean;
}

/** One feedback item behind 6.1 or 6.2 (kind feedback only; no submitter data). */
export interface DrillFeedback {
  id: number;
  code: string;
  state: string;
  /** Code of the unit handling it. */
  unit: string;
  unitName: string;
  /** Code of the unit that first received it. */
  receivedUnit: string;
  receivedUnitName: string;
  receivedAt: string;
  answerBy: string | null;
  publishBy: string | null;
  finishedAt: string | null;
  /** 6.1 at the judging day: on_time, late, in_progress_on_time, in_progress_overdue. */
  periodClass: string | null;
  likes: number;
  dislikes: number;
  /** 6.2: why the item is subtracted (disliked, overdue, complained_again). */
  dissatisfaction: string[];
  inNumerator: boolean;
}

export type DrillSide = 'numerator' | 'denominator';

interface DrillHead {
  indicator: string;
  formula: string;
  side: DrillSide;
  /** `deductions`: the 6.3 numerator lists the dossiers subtracted from the finished ones. */
  listing: 'members' | 'deductions';
  numerator: number;
  denominator: number;
  total: number;
}

export type Drilldown =
  | (DrillHead & {
      countedOver: 'dossiers';
      deducted: { late: number; negative: number } | null;
      dossiers: DrillDossier[];
    })
  | (DrillHead & { countedOver: 'procedures'; procedures: DrillProcedure[] })
  | (DrillHead & { countedOver: 'feedback'; feedback: DrillFeedback[] });

/** Staff routes (`/api/indices/...`) or the public ones (`/api/public/indices/...`). */
export function indicesApi(publicArea: boolean) {
  const base = publicArea ? '/api/public/indices/service' : '/api/indices/service';
  return {
    base,
    ranking: (period: string) => api.get<Ranking>(base, { query: { period } }),
    scorecard: (code: string, period: string) =>
      api.get<Scorecard>(`${base}/units/${encodeURIComponent(code)}`, { query: { period } }),
    trend: (code: string, from: string, to: string) =>
      api.get<{ points: TrendPoint[] }>(`${base}/units/${encodeURIComponent(code)}/trend`, {
        query: { from, to },
      }),
    overdue: (code: string, period: string) =>
      api.get<{ total: number; dossiers: DrillDossier[] }>(
        `/api/indices/service/units/${encodeURIComponent(code)}/indicators/overdue/dossiers`,
        { query: { period, limit: 100 } },
      ),
    drill: (
      code: string,
      indicator: { id: string; countedOver: 'dossiers' | 'procedures' | 'feedback' },
      side: DrillSide,
      period: string,
      page: { limit: number; offset: number },
    ) =>
      api.get<Drilldown>(
        `/api/indices/service/units/${encodeURIComponent(code)}/indicators/${indicator.id}/${indicator.countedOver}`,
        { query: { period, side, ...page } },
      ),
  };
}
