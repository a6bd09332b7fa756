import type { LocalizedText } from './format.js';

/** A grade band: scores at or above `min` (and below the next band's min) fall in it. */
export interface GradeBand {
  id: string;
  label: LocalizedText;
  min: number;
}

/**
 * Bands of the annual PAR-INDEX-style index (DOMAIN §7: A ≥ 90, B 80–<90, C 70–<80 nationally;
 * D below 70 is this project's default). No official bands exist for the real-time index of
 * Decision 766/QĐ-TTg (DOMAIN §6), so bands are configuration: provinces replace these with
 * their own (Excellent/Good/Fair/Average/Weak, own thresholds).
 */
export const DEFAULT_BANDS: readonly GradeBand[] = [
  { id: 'A', label: { vi: 'Loại A', en: 'Band A' }, min: 90 },
  { id: 'B', label: { vi: 'Loại B', en: 'Band B' }, min: 80 },
  { id: 'C', label: { vi: 'Loại C', en: 'Band C' }, min: 70 },
  { id: 'D', label: { vi: 'Loại D', en: 'Band D' }, min: Number.NEGATIVE_INFINITY },
];

/**
 * The band a score falls in: the band with the highest `min` not above the score (so 89.99 is B
 * and 90 is A under {@link DEFAULT_BANDS}). Null for a null score or when no band's min is
 * reached (e.g. an empty band list for the real-time index). Order of `bands` does not matter.
 */
export function bandFor(score: number | null, bands: readonly GradeBand[]): GradeBand | null {
  if (score === null) return null;
  let best: GradeBand | null = null;
  for (const band of bands) {
    if (score >= band.min && (best === null || band.min > best.min)) best = band;
  }
  return best;
}
