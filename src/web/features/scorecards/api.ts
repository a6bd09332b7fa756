import { api } from '../../api.js';
import type { UnitTreeItem } from '../org/api.js';

/** The contract of src/modules/scorecards (scorecards.schemas.ts). */
export interface ScorecardFigures {
  /** Dossiers received at the counter. */
  received: number;
  /** Processing steps closed, each with an on-time verdict. */
  steps: number;
  stepsOnTime: number;
  stepsLate: number;
  /** Percent with one decimal; null when no step was closed. */
  onTimeRate: number | null;
  /** Results returned to applicants. */
  returned: number;
  supplementRequests: number;
  /** Distinct dossiers acted on. */
  dossiers: number;
  /** Ratings given in the period on dossiers acted on. */
  ratings: number;
  /** Of those, civil-servant element 4 or 5. */
  ratingsSatisfied: number;
  /** Percent with one decimal; null without a rating. */
  satisfactionRate: number | null;
  /** Dossiers assigned now. */
  inHand: number;
  /** Of those, past the step's due time now. */
  inHandOverdue: number;
}

export type OfficerRole = 'counter_officer' | 'specialist' | 'leader';

export interface OfficerScorecard extends ScorecardFigures {
  userId: number;
  name: string;
  username: string | null;
  disabled: boolean;
  /** unitId null: the whole province. */
  grants: Array<{ role: OfficerRole | string; unitId: number | null; unitName: string | null }>;
}

export interface StaffScorecards {
  period: { key: string; from: string; to: string };
  total: ScorecardFigures;
  officers: OfficerScorecard[];
}

export const scorecardsApi = {
  /** Leaders and the reform office: the officers of their scope, or of one unit's subtree. */
  staff: (period: string, unit: string, signal?: AbortSignal) =>
    api.get<StaffScorecards>('/api/scorecards/staff', {
      query: { period, unit: unit || undefined },
      signal,
    }),
  /** Every staff member: their own scorecard (no officer line without an officer role). */
  mine: (period: string, signal?: AbortSignal) =>
    api.get<StaffScorecards>('/api/scorecards/staff/me', { query: { period }, signal }),
  /** The tenant's unit tree (src/modules/org GET /api/units), depth-first, former ones marked. */
  units: () => api.get<{ units: UnitTreeItem[] }>('/api/units'),
};
