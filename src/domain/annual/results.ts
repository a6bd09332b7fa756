import { type LocalizedText, round2 } from '../indices/index.js';
import {
  type AnnualFramework,
  type BandThreshold,
  flattenSubcriteria,
  frameworkMax,
} from './framework.js';

/** One participating unit's points per sub-criterion, before ranking. */
export interface UnitPoints {
  unitId: number;
  /** Units are ranked among peers: the same peer group (kind and level). */
  peerGroup: string;
  points: Record<string, number>;
}

export interface FieldResult {
  fieldId: string;
  name: LocalizedText;
  points: number;
  max: number;
  rank: number;
  of: number;
}

/** A sub-criterion whose points changed against last year. */
export interface SubcriterionChange {
  subcriterionId: string;
  name: LocalizedText;
  previous: number;
  current: number;
  delta: number;
}

export interface UnitResult {
  unitId: number;
  peerGroup: string;
  total: number;
  max: number;
  /** total ÷ max × 100, 2 decimals: what the bands look at. */
  percent: number;
  band: string | null;
  rank: number;
  of: number;
  fields: FieldResult[];
  previous: {
    total: number;
    rank: number | null;
    of: number | null;
    predecessors?: number;
  } | null;
  /**
   * Score change (points) and rank change (places; positive = moved up; null when last year's
   * result was carried through lineage); null without last year.
   */
  change: { score: number; places: number | null } | null;
  /** The sub-criteria that gained or lost most points, largest change first. */
  explanation: SubcriterionChange[];
}

/**
 * Competition ranking ("1, 1, 3"): units with the same value share a rank, the next one skips.
 * Higher is better. Returns the rank of each key.
 */
export function rankWithTies<K>(entries: Array<{ key: K; value: number }>): Map<K, number> {
  const sorted = [...entries].sort((a, b) => b.value - a.value);
  const ranks = new Map<K, number>();
  sorted.forEach((e, i) => {
    const prev = sorted[i - 1];
    ranks.set(e.key, prev && prev.value === e.value ? (ranks.get(prev.key) as number) : i + 1);
  });
  return ranks;
}

/** The band of a percentage: the first threshold (highest first) it reaches, else null. */
export function bandOf(percent: number, bands: readonly BandThreshold[]): string | null {
  return bands.find((b) => percent >= b.min)?.band ?? null;
}

/**
 * The sub-criteria whose points changed most between two years, gains and losses together by
 * the size of the change, at most `limit`. Sub-criteria missing from either year (the framework
 * changed) are left out: their points cannot be compared.
 */
export function explainAnnualChange(
  framework: AnnualFramework,
  previous: Record<string, number>,
  current: Record<string, number>,
  limit = 5,
): SubcriterionChange[] {
  const changes: SubcriterionChange[] = [];
  for (const sub of flattenSubcriteria(framework)) {
    const before = previous[sub.id];
    const now = current[sub.id];
    if (before === undefined || now === undefined) continue;
    const delta = round2(now - before);
    if (delta === 0) continue;
    changes.push({ subcriterionId: sub.id, name: sub.name, previous: before, current: now, delta });
  }
  changes.sort(
    (a, b) =>
      Math.abs(b.delta) - Math.abs(a.delta) || a.subcriterionId.localeCompare(b.subcriterionId),
  );
  return changes.slice(0, limit);
}

/** What last year's final results said of a unit. */
export interface PreviousResult {
  total: number;
  /** Null when carried from other units through lineage: last year's peers were not these. */
  rank: number | null;
  of: number | null;
  points: Record<string, number>;
  /** How many units before a reorganisation this result stands for (absent: the unit's own). */
  predecessors?: number;
}

/**
 * Last year's results carried to the units that succeeded others during the year (DOMAIN §1:
 * the 2025 mergers must stay comparable): a unit without a result of its own takes its one
 * predecessor's, or the mean of its merged predecessors' totals and points. Ranks are not
 * carried — last year's peers were other units — so such a change has points but no places.
 * `edges` are the lineage edges effective during this year.
 */
export function carryThroughLineage(
  previous: ReadonlyMap<number, PreviousResult>,
  edges: ReadonlyArray<{ predecessorId: number; successorId: number }>,
): Map<number, PreviousResult> {
  const bySuccessor = new Map<number, PreviousResult[]>();
  for (const e of edges) {
    const before = previous.get(e.predecessorId);
    if (!before || previous.has(e.successorId)) continue;
    bySuccessor.set(e.successorId, [...(bySuccessor.get(e.successorId) ?? []), before]);
  }
  const carried = new Map(previous);
  const mean = (values: number[]) => round2(values.reduce((a, b) => a + b, 0) / values.length);
  for (const [unitId, before] of bySuccessor) {
    const keys = new Set(before.flatMap((b) => Object.keys(b.points)));
    carried.set(unitId, {
      total: mean(before.map((b) => b.total)),
      rank: null,
      of: null,
      points: Object.fromEntries(
        [...keys].map((k) => [k, mean(before.map((b) => b.points[k] ?? 0))]),
      ),
      predecessors: before.length,
    });
  }
  return carried;
}

/**
 * Totals, bands, ranks among peers (overall and per field), and the change against last year's
 * final results with its explanation (DOMAIN §7). Pure: the module gathers the points.
 */
export function computeAnnualResults(
  framework: AnnualFramework,
  units: readonly UnitPoints[],
  previous: ReadonlyMap<number, PreviousResult> = new Map(),
): UnitResult[] {
  const max = frameworkMax(framework);
  const subs = flattenSubcriteria(framework);
  const totals = units.map((u) => {
    const fieldPoints = new Map<string, number>();
    for (const s of subs)
      fieldPoints.set(s.fieldId, (fieldPoints.get(s.fieldId) ?? 0) + (u.points[s.id] ?? 0));
    const total = round2([...fieldPoints.values()].reduce((a, b) => a + b, 0));
    return { unit: u, total, fieldPoints };
  });
  const groups = new Map<string, typeof totals>();
  for (const t of totals)
    groups.set(t.unit.peerGroup, [...(groups.get(t.unit.peerGroup) ?? []), t]);

  const results: UnitResult[] = [];
  for (const members of groups.values()) {
    const overall = rankWithTies(members.map((m) => ({ key: m.unit.unitId, value: m.total })));
    const perField = new Map(
      framework.fields.map((f) => [
        f.id,
        rankWithTies(
          members.map((m) => ({ key: m.unit.unitId, value: round2(m.fieldPoints.get(f.id) ?? 0) })),
        ),
      ]),
    );
    for (const m of members) {
      const percent = max > 0 ? round2((m.total / max) * 100) : 0;
      const rank = overall.get(m.unit.unitId) as number;
      const prev = previous.get(m.unit.unitId) ?? null;
      results.push({
        unitId: m.unit.unitId,
        peerGroup: m.unit.peerGroup,
        total: m.total,
        max,
        percent,
        band: bandOf(percent, framework.bands),
        rank,
        of: members.length,
        fields: framework.fields.map((f) => ({
          fieldId: f.id,
          name: f.name,
          points: round2(m.fieldPoints.get(f.id) ?? 0),
          max: f.maxPoints,
          rank: perField.get(f.id)?.get(m.unit.unitId) as number,
          of: members.length,
        })),
        previous: prev
          ? {
              total: prev.total,
              rank: prev.rank,
              of: prev.of,
              ...(prev.predecessors ? { predecessors: prev.predecessors } : {}),
            }
          : null,
        change: prev
          ? {
              score: round2(m.total - prev.total),
              places: prev.rank === null ? null : prev.rank - rank,
            }
          : null,
        explanation: prev ? explainAnnualChange(framework, prev.points, m.unit.points) : [],
      });
    }
  }
  results.sort(
    (a, b) => a.peerGroup.localeCompare(b.peerGroup) || a.rank - b.rank || a.unitId - b.unitId,
  );
  return results;
}

/** "tăng 13 bậc" / "up 13 places", "giảm 2 bậc" / "down 2 places", "giữ nguyên" / "unchanged". */
export function describePlaces(places: number): LocalizedText {
  if (places > 0)
    return { vi: `tăng ${places} bậc`, en: `up ${places} place${places === 1 ? '' : 's'}` };
  if (places < 0) {
    const n = -places;
    return { vi: `giảm ${n} bậc`, en: `down ${n} place${n === 1 ? '' : 's'}` };
  }
  return { vi: 'giữ nguyên thứ hạng', en: 'same place' };
}
