import type { LocalizedText } from './format.js';
import type {
  ServiceIndexFramework,
  ServiceIndicator,
  ServiceIndicatorGroup,
} from './framework.js';
import { round2, roundHalfAwayFromZero } from './rounding.js';

/** What the counting queries produce for one indicator of one unit in one period. */
export interface IndicatorCounts {
  numerator: number;
  denominator: number;
}

/** The scoring parameters of one indicator. */
export interface IndicatorRule {
  maxPoints: number;
  /** Percent; the rate at which full points are earned. */
  threshold: number;
}

/** One indicator's outcome. `rate` and `score` are null when the indicator is not applicable. */
export interface IndicatorScore {
  numerator: number;
  denominator: number;
  /** Percent, 2 decimals. */
  rate: number | null;
  /** Points, 2 decimals. */
  score: number | null;
  max: number;
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer count, got ${value}`);
  }
}

/**
 * Checks counts handed to the scoring functions. Counts come from our own queries, so a negative
 * count or a numerator above its denominator is a bug upstream, not a user error: throws
 * `RangeError`.
 */
export function assertCounts(counts: IndicatorCounts, label = 'counts'): void {
  assertCount(`${label}.numerator`, counts.numerator);
  assertCount(`${label}.denominator`, counts.denominator);
  if (counts.numerator > counts.denominator) {
    throw new RangeError(
      `${label}: numerator ${counts.numerator} exceeds denominator ${counts.denominator}`,
    );
  }
}

/**
 * Scores one indicator (Decision 766/QĐ-TTg as transcribed in DOMAIN §6): rate
 * R = numerator ÷ denominator × 100; score = P when R ≥ T, else R × P ÷ T; both rounded to
 * 2 decimals, half away from zero.
 *
 * The score is computed from the *rounded* rate (this project's rule), so anyone can redo the
 * sum from the published figures: 82,00% of 20 points is 16,40.
 * A zero denominator makes the indicator not applicable: rate and score are null (N/A).
 * Throws `RangeError` on negative or non-integer counts, a numerator above the denominator,
 * or a threshold outside (0, 100].
 */
export function scoreIndicator(counts: IndicatorCounts, rule: IndicatorRule): IndicatorScore {
  assertCounts(counts);
  const { maxPoints, threshold } = rule;
  if (!Number.isFinite(maxPoints) || maxPoints < 0) {
    throw new RangeError(`maxPoints must be ≥ 0, got ${maxPoints}`);
  }
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 100) {
    throw new RangeError(`threshold must be in (0, 100], got ${threshold}`);
  }
  const { numerator, denominator } = counts;
  if (denominator === 0) return { numerator, denominator, rate: null, score: null, max: maxPoints };
  // Integer counts below 2^53 / 10^4 keep numerator × 10^4 exact, so the only rounding happens
  // once, in roundHalfAwayFromZero, and a tie such as 1/8 → 12.5 stays a tie.
  const rate = roundHalfAwayFromZero((numerator * 10_000) / denominator, 0) / 100;
  const raw = rate >= threshold ? maxPoints : (rate * maxPoints) / threshold;
  // Rounding can lift 99.996% of the points to the maximum but never above it.
  const score = Math.min(round2(raw), maxPoints);
  return { numerator, denominator, rate, score, max: maxPoints };
}

/**
 * Why an indicator has no score: `not_applicable` when its denominator is zero (nothing to
 * measure), `no_data` when the counts were not supplied at all.
 */
export type IndicatorStatus = 'applicable' | 'not_applicable' | 'no_data';

/** One indicator's outcome within a unit's score, with what a reader needs to show it. */
export interface IndicatorResult extends IndicatorScore {
  id: string;
  groupId: string;
  name: LocalizedText;
  shortName: LocalizedText;
  threshold: number;
  scored: boolean;
  status: IndicatorStatus;
}

/** A group's outcome: the sum of its applicable scored indicators, not rescaled. */
export interface GroupResult {
  id: string;
  name: LocalizedText;
  /** Null when none of the group's scored indicators is applicable. */
  score: number | null;
  max: number;
  /** The maxima of the group's applicable scored indicators. */
  applicableMax: number;
}

/** A unit's score for one period under one framework version. */
export interface UnitScore {
  frameworkId: string;
  frameworkVersion: number;
  /** In framework order, keyed by indicator id. */
  indicators: Record<string, IndicatorResult>;
  groups: Record<string, GroupResult>;
  /** Sum of applicable scored indicators, before rescaling. */
  rawTotal: number;
  /** Sum of the maxima of applicable scored indicators. */
  applicableMax: number;
  /** The framework's maximum (100). */
  max: number;
  /** rawTotal rescaled to the framework maximum over applicableMax; null when nothing applies. */
  total: number | null;
}

/**
 * How a total is formed when some indicators cannot be measured: this project's rule (DOMAIN §6;
 * Decision 766/QĐ-TTg as transcribed does not settle it). The UI shows it beside every total.
 */
export const NA_RESCALING_NOTE: LocalizedText = {
  vi:
    'Chỉ tiêu không có dữ liệu để tính (mẫu số bằng 0) được ghi "Không áp dụng" và không tính vào ' +
    'tổng điểm; tổng điểm được quy đổi về thang 100 theo số điểm tối đa của các chỉ tiêu áp dụng ' +
    '(tổng điểm = điểm đạt × 100 ÷ điểm tối đa áp dụng). Đây là quy ước của hệ thống.',
  en:
    'An indicator with nothing to measure (zero denominator) is shown as "N/A" and left out of the ' +
    'total; the total is rescaled to 100 over the maximum of the applicable indicators ' +
    '(total = points earned × 100 ÷ applicable maximum). This is the rule of this system.',
};

/**
 * A framework's indicators in order with their group's position, prepared once per framework:
 * a national index scores ten thousand units under the same one. It holds the framework's own
 * indicator objects (no copies), so only a structural change is checked for.
 */
interface ScoringPlan {
  groups: ServiceIndicatorGroup[];
  indicators: Array<{ ind: ServiceIndicator; groupId: string; groupIndex: number }>;
  known: Set<string>;
}

const plans = new WeakMap<ServiceIndexFramework, ScoringPlan>();

function planOf(framework: ServiceIndexFramework): ScoringPlan {
  const cached = plans.get(framework);
  if (cached && cached.groups === framework.groups && sameShape(cached, framework)) return cached;
  const indicators = framework.groups.flatMap((g, groupIndex) =>
    g.indicators.map((ind) => ({ ind, groupId: g.id, groupIndex })),
  );
  const plan = {
    groups: framework.groups,
    indicators,
    known: new Set(indicators.map((i) => i.ind.id)),
  };
  plans.set(framework, plan);
  return plan;
}

function sameShape(plan: ScoringPlan, framework: ServiceIndexFramework): boolean {
  let k = 0;
  for (const g of framework.groups)
    for (const ind of g.indicators) if (plan.indicators[k++]?.ind !== ind) return false;
  return k === plan.indicators.length;
}

/**
 * Scores a unit under a framework (Decision 766/QĐ-TTg, DOMAIN §6). Each indicator is scored
 * with {@link scoreIndicator}; not applicable and missing indicators are left out; a group's
 * score is the sum of its applicable scored indicators; the total is the raw sum rescaled to the
 * framework maximum over the applicable maximum (this project's rule, {@link NA_RESCALING_NOTE}),
 * 2 decimals, or null when nothing applies. Unscored indicators (3.2, 3.3, channel mix) get a rate
 * and 0 points. Throws `RangeError` on bad counts or on counts for an indicator the framework
 * does not have (a sign the caller and the framework version disagree).
 */
export function scoreUnit(
  framework: ServiceIndexFramework,
  counts: Readonly<Record<string, IndicatorCounts | undefined>>,
): UnitScore {
  const plan = planOf(framework);
  for (const id in counts) {
    if (!plan.known.has(id)) {
      throw new RangeError(
        `counts for unknown indicator ${id} in ${framework.id} v${framework.version}`,
      );
    }
  }

  const indicators: Record<string, IndicatorResult> = {};
  const groups: Record<string, GroupResult> = {};
  // Group sums in integer hundredths: scores have 2 decimals, and 0.1 + 0.2 must stay 0.3.
  const groupScoreH: Array<number | null> = [];
  const groupMaxH: number[] = [];
  for (let g = 0; g < plan.groups.length; g++) {
    groupScoreH.push(null);
    groupMaxH.push(0);
  }

  let rawHundredths = 0;
  let applicableHundredths = 0;
  for (const { ind, groupId, groupIndex } of plan.indicators) {
    const c = counts[ind.id];
    let s: IndicatorScore;
    if (c === undefined)
      s = { numerator: 0, denominator: 0, rate: null, score: null, max: ind.maxPoints };
    else {
      assertCounts(c, `counts[${ind.id}]`);
      s = scoreIndicator(c, ind);
    }
    const status: IndicatorStatus =
      c === undefined ? 'no_data' : s.score === null ? 'not_applicable' : 'applicable';
    // Written out in the order of IndicatorResult's fields (the JSON contract's key order).
    indicators[ind.id] = {
      numerator: s.numerator,
      denominator: s.denominator,
      rate: s.rate,
      score: s.score,
      max: s.max,
      id: ind.id,
      groupId,
      name: ind.name,
      shortName: ind.shortName ?? ind.name,
      threshold: ind.threshold,
      scored: ind.scored,
      status,
    };
    if (!ind.scored || s.score === null) continue;
    const scoreH = Math.round(s.score * 100);
    const maxH = Math.round(ind.maxPoints * 100);
    groupScoreH[groupIndex] = (groupScoreH[groupIndex] ?? 0) + scoreH;
    groupMaxH[groupIndex] = (groupMaxH[groupIndex] ?? 0) + maxH;
    rawHundredths += scoreH;
    applicableHundredths += maxH;
  }
  for (let g = 0; g < plan.groups.length; g++) {
    const group = plan.groups[g] as ServiceIndicatorGroup;
    const scoreH = groupScoreH[g] ?? null;
    groups[group.id] = {
      id: group.id,
      name: group.name,
      score: scoreH === null ? null : scoreH / 100,
      max: group.maxPoints,
      applicableMax: (groupMaxH[g] ?? 0) / 100,
    };
  }

  const rawTotal = rawHundredths / 100;
  const applicableMax = applicableHundredths / 100;
  const total =
    applicableHundredths === 0
      ? null
      : Math.min(
          round2((rawHundredths * framework.maxPoints) / applicableHundredths),
          framework.maxPoints,
        );
  return {
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    indicators,
    groups,
    rawTotal,
    applicableMax,
    max: framework.maxPoints,
    total,
  };
}
