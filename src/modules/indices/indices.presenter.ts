import { NA_RESCALING_NOTE } from '../../domain/indices/index.js';
import { countedOver } from './indices.drilldown.js';
import type { ServiceIndexResult, UnitIndex } from './indices.service.js';

/** One indicator as the CLI contract prints it (rates in percent, 2 decimals; N/A = nulls). */
export interface IndicatorJson {
  numerator: number;
  denominator: number;
  rate: number | null;
  score: number | null;
  max: number;
}

/** One unit as `motcua index service --json` prints it (issue 6, the CLI contract). */
export interface UnitIndexJson {
  unit: string;
  name: string;
  total: number | null;
  rank: number | null;
  ranked: boolean;
  of: number;
  sampleSize: number;
  groups: Record<string, number | null>;
  indicators: Record<string, IndicatorJson>;
}

export function presentUnitForCli(u: UnitIndex): UnitIndexJson {
  const groups: Record<string, number | null> = {};
  for (const [id, g] of Object.entries(u.score.groups)) groups[id] = g.score;
  const indicators: Record<string, IndicatorJson> = {};
  for (const [id, i] of Object.entries(u.score.indicators)) {
    indicators[id] = {
      numerator: i.numerator,
      denominator: i.denominator,
      rate: i.rate,
      score: i.score,
      max: i.max,
    };
  }
  return {
    unit: u.code,
    name: u.name,
    total: u.score.total,
    rank: u.rank,
    ranked: u.ranked,
    of: u.of,
    sampleSize: u.sampleSize,
    groups,
    indicators,
  };
}

/** The ranking table of the API (public and staff). */
export function presentRanking(result: ServiceIndexResult) {
  return {
    period: {
      key: result.period.key,
      kind: result.period.kind,
      from: result.period.from,
      to: result.period.to,
      label: result.period.label,
    },
    previousPeriod: result.previousPeriod
      ? { key: result.previousPeriod.key, label: result.previousPeriod.label }
      : null,
    judgedAt: result.judgedAt,
    framework: {
      id: result.framework.id,
      version: result.framework.version,
      name: result.framework.name,
    },
    minSample: result.minSample,
    note: NA_RESCALING_NOTE,
    units: result.units.map((u) => ({
      unit: u.code,
      name: u.name,
      nameEn: u.nameEn,
      kind: u.kind,
      level: u.level,
      peerGroup: u.peerGroup,
      total: u.score.total,
      rank: u.rank,
      ranked: u.ranked,
      of: u.of,
      unrankedReason: u.unrankedReason,
      sampleSize: u.sampleSize,
      onTimeRate: u.score.indicators['2.1']?.rate ?? null,
      groups: Object.fromEntries(
        Object.entries(u.score.groups).map(([id, g]) => [id, { score: g.score, max: g.max }]),
      ),
      scoreChange: u.change.scoreChange,
      rankChange: u.change.rankChange,
    })),
  };
}

/** A unit's scorecard: every group and indicator with its figures, the N/A note and the change. */
export function presentScorecard(result: ServiceIndexResult, u: UnitIndex) {
  const c = u.facts.counters;
  return {
    period: {
      key: result.period.key,
      kind: result.period.kind,
      from: result.period.from,
      to: result.period.to,
      label: result.period.label,
    },
    previousPeriod: result.previousPeriod
      ? { key: result.previousPeriod.key, label: result.previousPeriod.label }
      : null,
    judgedAt: result.judgedAt,
    framework: {
      id: result.framework.id,
      version: result.framework.version,
      name: result.framework.name,
    },
    unit: { code: u.code, name: u.name, nameEn: u.nameEn, kind: u.kind, level: u.level },
    total: u.score.total,
    rawTotal: u.score.rawTotal,
    applicableMax: u.score.applicableMax,
    max: u.score.max,
    note: NA_RESCALING_NOTE,
    rank: u.rank,
    of: u.of,
    ranked: u.ranked,
    unrankedReason: u.unrankedReason,
    minSample: result.minSample,
    sampleSize: u.sampleSize,
    previous: u.previous,
    scoreChange: u.change.scoreChange,
    rankChange: u.change.rankChange,
    explanation: u.explanation.map((e) => ({
      kind: e.kind,
      id: e.id,
      delta: e.delta,
      text: e.text,
    })),
    groups: result.framework.groups.map((g) => {
      const gr = u.score.groups[g.id];
      return {
        id: g.id,
        name: g.name,
        score: gr?.score ?? null,
        max: g.maxPoints,
        applicableMax: gr?.applicableMax ?? 0,
        indicators: g.indicators.map((ind) => {
          const r = u.score.indicators[ind.id];
          return {
            id: ind.id,
            name: ind.name,
            shortName: ind.shortName ?? ind.name,
            numeratorText: ind.numerator,
            denominatorText: ind.denominator,
            numerator: r?.numerator ?? 0,
            denominator: r?.denominator ?? 0,
            rate: r?.rate ?? null,
            score: r?.score ?? null,
            max: ind.maxPoints,
            threshold: ind.threshold,
            scored: ind.scored,
            status: r?.status ?? 'no_data',
            reason: u.noDataReasons[ind.id] ?? null,
            // Which list the staff drill-down opens: dossiers, procedures or none (no data).
            countedOver: countedOver(ind.formulaId),
          };
        }),
      };
    }),
    channelMix: u.channelMix,
    onTime: {
      early: c.fn_early,
      onTime: c.fn_on_time,
      late: c.fn_late,
      inProgressOnTime: c.open_at_judge - c.overdue_at_judge,
      inProgressOverdue: c.overdue_at_judge,
    },
  };
}
