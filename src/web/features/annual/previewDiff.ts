import type { RankedUnit } from './api.js';

/** One unit of the reform office's preview set against the ranking as published. */
export interface PreviewUnit {
  unit: RankedUnit;
  /** The unit as published (matched by identity, so a renamed unit is still found); null if absent. */
  published: RankedUnit | null;
  /** Preview total − published total, 2 decimals; null when not published. */
  score: number | null;
  /**
   * Places gained (published rank − preview rank: +2 is up two places); null when not published
   * or when the unit moved to another peer group, whose ranks do not compare.
   */
  places: number | null;
  /** The unit now ranks among other peers (reclassified since publication). */
  otherGroup: boolean;
  /** Anything a reader of the ranking would see differ: score, rank, out of, band or group. */
  changed: boolean;
}

export interface PreviewComparison {
  units: PreviewUnit[];
  /** Published units the preview no longer ranks (e.g. merged away since). */
  dropped: RankedUnit[];
  changedCount: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Sets the preview (computed now from the recorded points) against the published ranking, unit
 * by unit, in the preview's order. Why: before the final results are published the reform
 * office must see exactly what would move — which unit gains or loses points or places — not
 * two lists to compare by eye.
 */
export function comparePreview(published: RankedUnit[], preview: RankedUnit[]): PreviewComparison {
  const byId = new Map(published.map((u) => [u.unitId, u]));
  const units = preview.map((unit): PreviewUnit => {
    const before = byId.get(unit.unitId) ?? null;
    if (!before)
      return { unit, published: null, score: null, places: null, otherGroup: false, changed: true };
    const otherGroup = before.peerGroup !== unit.peerGroup;
    const score = round2(unit.total - before.total);
    const places = otherGroup ? null : before.rank - unit.rank;
    const changed =
      score !== 0 ||
      otherGroup ||
      places !== 0 ||
      before.of !== unit.of ||
      before.band !== unit.band;
    return { unit, published: before, score, places, otherGroup, changed };
  });
  const seen = new Set(preview.map((u) => u.unitId));
  return {
    units,
    dropped: published.filter((u) => !seen.has(u.unitId)),
    changedCount: units.filter((u) => u.changed).length,
  };
}
