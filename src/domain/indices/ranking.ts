import { round2 } from './rounding.js';

/** The minimum dossiers in a period for a unit to be ranked (DOMAIN §6 default; configurable). */
export const DEFAULT_MIN_SAMPLE = 30;

/** What ranking needs from a unit's result; extra fields pass through untouched. */
export interface RankInput {
  unitId: string;
  /** The unit's total, or null when nothing was applicable. */
  total: number | null;
  /** Dossiers in the period, compared with the minimum sample. */
  sampleSize: number;
}

/** Why a unit is not ranked: too few dossiers, or no total at all. */
export type UnrankedReason = 'insufficient_data' | 'no_score';

/** A unit with its place. `rank` is null exactly when `ranked` is false. */
export type Ranked<T extends RankInput> = T & {
  rank: number | null;
  ranked: boolean;
  /** How many units were ranked: the N of "rank x/N". */
  of: number;
  unrankedReason: UnrankedReason | null;
};

/**
 * Ranks units of the same kind and level by total, highest first (DOMAIN §6). Ties share a rank
 * and the next rank skips ("standard competition ranking": 1, 2, 2, 4). Units with fewer than
 * `minSample` dossiers (default 30) or no total are listed as unranked with rank null — "insufficient
 * data" — and do not count in `of`. The output is sorted by rank, ties and unranked units by unit
 * id, so it does not depend on input order. Throws `RangeError` on a duplicate unit id, a negative
 * sample or a non-finite total.
 */
export function rankUnits<T extends RankInput>(
  results: readonly T[],
  options: { minSample?: number } = {},
): Array<Ranked<T>> {
  const minSample = options.minSample ?? DEFAULT_MIN_SAMPLE;
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.unitId)) throw new RangeError(`duplicate unit ${r.unitId}`);
    seen.add(r.unitId);
    if (!Number.isFinite(r.sampleSize) || r.sampleSize < 0) {
      throw new RangeError(`sampleSize of ${r.unitId} must be ≥ 0, got ${r.sampleSize}`);
    }
    if (r.total !== null && !Number.isFinite(r.total)) {
      throw new RangeError(`total of ${r.unitId} must be finite, got ${r.total}`);
    }
  }
  const byId = (a: T, b: T) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);
  const reasonFor = (r: T): UnrankedReason | null =>
    r.total === null ? 'no_score' : r.sampleSize < minSample ? 'insufficient_data' : null;

  const eligible = results
    .filter((r) => reasonFor(r) === null)
    .sort((a, b) => (b.total as number) - (a.total as number) || byId(a, b));
  const unranked = results.filter((r) => reasonFor(r) !== null).sort(byId);
  const of = eligible.length;

  const out: Array<Ranked<T>> = [];
  let previousTotal: number | null = null;
  let previousRank = 0;
  eligible.forEach((r, i) => {
    const rank = r.total === previousTotal ? previousRank : i + 1;
    previousTotal = r.total;
    previousRank = rank;
    out.push({ ...r, rank, ranked: true, of, unrankedReason: null });
  });
  for (const r of unranked) {
    out.push({ ...r, rank: null, ranked: false, of, unrankedReason: reasonFor(r) });
  }
  return out;
}

/** Change against the previous period; each part null when not comparable. */
export interface PeriodComparison {
  /** current total − previous total, 2 decimals. */
  scoreChange: number | null;
  /** previous rank − current rank: positive means the unit moved up ("up 13 places"). */
  rankChange: number | null;
}

/**
 * Compares a unit's result with the previous period's (DOMAIN §1, §7: "up 13 places", "down
 * 6.54"). The score change needs both totals; the rank change needs the unit ranked both times.
 * A missing previous result makes both null.
 */
export function compareWithPrevious(
  current: { total: number | null; rank: number | null },
  previous: { total: number | null; rank: number | null } | null | undefined,
): PeriodComparison {
  if (previous == null) return { scoreChange: null, rankChange: null };
  const scoreChange =
    current.total === null || previous.total === null
      ? null
      : round2(current.total - previous.total);
  const rankChange =
    current.rank === null || previous.rank === null ? null : previous.rank - current.rank;
  return { scoreChange, rankChange };
}
