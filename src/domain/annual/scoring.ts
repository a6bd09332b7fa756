import { round2 } from '../indices/index.js';
import type { AutomaticScoring, SubCriterion } from './framework.js';

/**
 * Points of an automatic sub-criterion for a rate in percent (DOMAIN §7: linear or stepped).
 * Linear: 0 at a rate ≤ `from`, the maximum at ≥ `to`, proportional between, 2 decimals.
 * Stepped: the points of the highest threshold reached, 0 below all. A unit with no data for
 * the metric (no dossiers: rate null) gets 0 — this project's rule, stated in the docs.
 */
export function scoreAutomatic(
  rate: number | null,
  max: number,
  scoring: AutomaticScoring,
): number {
  if (rate === null) return 0;
  if (scoring.kind === 'linear') {
    if (rate <= scoring.from) return 0;
    if (rate >= scoring.to) return max;
    return round2(((rate - scoring.from) / (scoring.to - scoring.from)) * max);
  }
  let points = 0;
  for (const step of scoring.steps) if (rate >= step.atLeast) points = step.points;
  return Math.min(points, max);
}

/** What the cycle recorded for one unit and one sub-criterion. */
export interface ScoreEntry {
  selfPoints: number | null;
  /** Whether the unit submitted its self-assessment. */
  submitted: boolean;
  appraisedPoints: number | null;
  surveyPoints: number | null;
  autoPoints: number | null;
  /** Points set by the reform office when it upheld a contest. */
  contestPoints: number | null;
}

/**
 * The points a sub-criterion counts for: an upheld contest's points first; otherwise, by method,
 * the appraised points (a submitted self score the reform office left untouched counts as
 * accepted), the survey points, or the computed points; nothing recorded counts 0.
 */
export function effectivePoints(sub: Pick<SubCriterion, 'method'>, e: ScoreEntry): number {
  if (e.contestPoints !== null) return e.contestPoints;
  switch (sub.method) {
    case 'self_assessed':
      return e.appraisedPoints ?? (e.submitted ? (e.selfPoints ?? 0) : 0);
    case 'survey':
      return e.surveyPoints ?? 0;
    case 'automatic':
      return e.autoPoints ?? 0;
    default: {
      const unknown: never = sub.method;
      throw new RangeError(`unknown method ${String(unknown)}`);
    }
  }
}

/** Whether `points` is a valid score for a sub-criterion: 0..max with at most 2 decimals. */
export function isValidPoints(points: number, max: number): boolean {
  return Number.isFinite(points) && points >= 0 && points <= max && round2(points) === points;
}
