import { roundHalfAwayFromZero } from './rounding.js';
import type { IndicatorCounts } from './scoring.js';

function count(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${name} must be a non-negative integer count, got ${value}`);
  }
  return v;
}

/**
 * How a dossier stands at the end of a period for statistics (DOMAIN §5, indicator 2.1):
 * finished early, on time or late, or still in progress within time or overdue.
 */
export type TimelinessClass =
  | 'early'
  | 'on_time'
  | 'late'
  | 'in_progress_on_time'
  | 'in_progress_overdue';

/**
 * Counts for indicator 2.1 from a tally of dossiers by class (Decision 766/QĐ-TTg, DOMAIN §6):
 * numerator = early + on time + in progress within time; denominator = all dossiers received or
 * processed in the period (every class). Missing classes count as 0. Throws `RangeError` on a
 * negative or non-integer tally.
 */
export function onTimeCountsFromClasses(
  tally: Readonly<Partial<Record<TimelinessClass, number>>>,
): IndicatorCounts {
  const early = count('early', tally.early);
  const onTime = count('on_time', tally.on_time);
  const late = count('late', tally.late);
  const inTime = count('in_progress_on_time', tally.in_progress_on_time);
  const overdue = count('in_progress_overdue', tally.in_progress_overdue);
  return {
    numerator: early + onTime + inTime,
    denominator: early + onTime + late + inTime + overdue,
  };
}

/**
 * Counts for indicator 6.3, satisfaction with dossier handling (Decision 766/QĐ-TTg, DOMAIN §6):
 * rate = 100% − (late-dossier rate + rate of dossiers with a complaint or negative rating),
 * floored at 0.
 *
 * Both rates share the denominator `dossiers`, so 100 − (late/d + bad/d) × 100 equals
 * (d − late − bad) / d × 100: returning numerator = max(0, d − late − bad) and denominator = d
 * makes {@link scoreIndicator} produce exactly that rate, rounded once (rounding the two rates
 * separately first could shift the result by 0.01). A dossier both late and complained about is
 * subtracted twice, as the formula sums the two rates. Throws `RangeError` when either part
 * exceeds `dossiers` or a count is negative.
 */
export function satisfactionWithDossiersCounts(input: {
  dossiers: number;
  late: number;
  complainedOrNegative: number;
}): IndicatorCounts {
  const d = count('dossiers', input.dossiers);
  const late = count('late', input.late);
  const bad = count('complainedOrNegative', input.complainedOrNegative);
  if (late > d || bad > d) {
    throw new RangeError(
      `late (${late}) and complainedOrNegative (${bad}) cannot exceed dossiers (${d})`,
    );
  }
  return { numerator: Math.max(0, d - late - bad), denominator: d };
}

/**
 * Counts for indicator 6.2, satisfaction with feedback handling (Decision 766/QĐ-TTg, DOMAIN §6):
 * (feedback first received in the period − those disliked more than liked, overdue, or complained
 * about again) ÷ feedback first received. The caller counts each unsatisfactory item once even if
 * it meets several conditions. Throws `RangeError` when `unsatisfactory` exceeds `received`.
 */
export function feedbackSatisfactionCounts(input: {
  received: number;
  unsatisfactory: number;
}): IndicatorCounts {
  const received = count('received', input.received);
  const bad = count('unsatisfactory', input.unsatisfactory);
  if (bad > received) {
    throw new RangeError(`unsatisfactory (${bad}) cannot exceed received (${received})`);
  }
  return { numerator: received - bad, denominator: received };
}

/** The share of dossiers by reception channel, percent with 2 decimals; null shares when none. */
export interface ChannelMix {
  total: number;
  inPerson: number | null;
  online: number | null;
  post: number | null;
}

/**
 * The channel mix shown beside group 3 with 0 points (DOMAIN §6): shares of dossiers received in
 * person (channel 1, also an empty channel), online (2) and by public post (3). Each share is
 * rounded on its own, so the three may add up to 99.99 or 100.01.
 */
export function channelMix(input: { inPerson: number; online: number; post: number }): ChannelMix {
  const inPerson = count('inPerson', input.inPerson);
  const online = count('online', input.online);
  const post = count('post', input.post);
  const total = inPerson + online + post;
  const share = (n: number) =>
    total === 0 ? null : roundHalfAwayFromZero((n * 10_000) / total, 0) / 100;
  return { total, inPerson: share(inPerson), online: share(online), post: share(post) };
}
