import type { Kysely } from 'kysely';
import { type WorkingCalendar, workingDayAfter } from '../../domain/calendar/index.js';
import {
  type FeedbackCounts,
  feedbackOnTimeCounts,
  feedbackSatisfactionCounts,
} from '../../domain/feedback/index.js';
import {
  type ChannelMix,
  channelMix,
  compareWithPrevious,
  DEFAULT_MIN_SAMPLE,
  explainChange,
  type FormulaId,
  type IndicatorCounts,
  IndicesError,
  type LocalizedText,
  listIndicators,
  onTimeCountsFromClasses,
  overlapsPeriod,
  type Period,
  type PeriodComparison,
  type PeriodInput,
  parsePeriod,
  previousPeriod,
  rankUnits,
  type ScoreChange,
  type ServiceIndexFramework,
  satisfactionWithDossiersCounts,
  scoreUnit,
  type UnitScore,
} from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { frameworkInForce } from './framework.service.js';
import { feedbackCountsForUnits } from './indices.feedback.js';
import {
  COUNTER_NAMES,
  type CounterName,
  type CountSource,
  type IndexUnitRow,
  listTenantUnits,
  type PairCounters,
  type PairProcedures,
  PROCEDURE_FLAGS,
  type ProcedureFacts,
  readPairCounters,
  readProcedureFacts,
  readProceduresHandled,
  readSubtrees,
  withIndexReadSettings,
} from './indices.repository.js';

/**
 * Unit kinds that receive or process dossiers and are listed in the ranking without --unit
 * (service centres, departments, communes, wards, special zones, and the former districts whose
 * pre-2025 data stays readable). Other kinds (people's committees) are scored on request.
 */
export const RANKED_UNIT_KINDS: readonly string[] = [
  'service_centre',
  'department',
  'commune',
  'ward',
  'special_zone',
  'district',
];

/**
 * Peers are units of the same kind and level (DOMAIN §6); communes, wards and special zones are
 * one kind for ranking — the three kinds of commune-level unit since 1 July 2025.
 */
export function peerGroupOf(unit: { kind: string; level: string }): string {
  const kind = ['commune', 'ward', 'special_zone'].includes(unit.kind) ? 'commune' : unit.kind;
  return `${unit.level}:${kind}`;
}

/**
 * Why an indicator has no counts in this system yet (status `no_data`). Empty since 6.1 and 6.2
 * are counted from the feedback module (indices.feedback.ts); kept for frameworks that add
 * indicators before the system has their data.
 */
export const NO_DATA_REASONS: Partial<Record<FormulaId, LocalizedText>> = {};

type Counters = Record<CounterName, number>;

function emptyCounters(): Counters {
  const c = {} as Counters;
  for (const n of COUNTER_NAMES) c[n] = 0;
  return c;
}

/** The facts of one unit (its whole subtree) in one period, before scoring. */
export interface UnitFacts {
  counters: Counters;
  /** 6.1/6.2 counts from the feedback table (indices.feedback.ts); absent = not read. */
  feedback?: FeedbackCounts;
  procedures: {
    handled: number;
    offeringOnline: number;
    onlineUsed: number;
    withFee: number;
    feeOfferingPayment: number;
    feePaidOnline: number;
    announced: number;
    announcedOnTime: number;
    publishedOnTime: number;
    published: number;
    publishedComplete: number;
    forIndividuals: number;
    populationDb: number;
  };
}

/** Numerator and denominator of a formula from a unit's facts; undefined when the system has no data. */
export function countsFor(formula: FormulaId, f: UnitFacts): IndicatorCounts | undefined {
  const c = f.counters;
  const p = f.procedures;
  switch (formula) {
    case 'procedures_announced_on_time':
      return { numerator: p.announcedOnTime, denominator: p.announced };
    case 'procedures_published_on_time':
      return { numerator: p.publishedOnTime, denominator: p.announced };
    case 'procedures_published_complete':
      return { numerator: p.publishedComplete, denominator: p.published };
    case 'dossiers_synced_to_portal':
      return { numerator: c.rc_synced, denominator: c.rc_received };
    case 'dossiers_on_time':
      return onTimeCountsFromClasses({
        early: c.fn_early,
        on_time: c.fn_on_time,
        late: c.fn_late,
        in_progress_on_time: c.open_at_judge - c.overdue_at_judge,
        in_progress_overdue: c.overdue_at_judge,
      });
    case 'dossiers_full_online':
      return { numerator: c.rc_full_online_done, denominator: c.rc_full_online };
    case 'procedures_offering_online':
      return { numerator: p.offeringOnline, denominator: p.handled };
    case 'online_services_used':
      return { numerator: p.onlineUsed, denominator: p.offeringOnline };
    case 'channel_mix_online_share':
      return { numerator: c.rc_online, denominator: c.rc_received };
    case 'fee_procedures_offering_online_payment':
      return { numerator: p.feeOfferingPayment, denominator: p.withFee };
    case 'fee_procedures_paid_online':
      return { numerator: p.feePaidOnline, denominator: p.withFee };
    case 'dossiers_paid_online':
      return { numerator: c.rc_paid_online, denominator: c.rc_fee };
    case 'dossiers_electronic_result':
      return { numerator: c.fn_e_result, denominator: c.fn_result };
    case 'dossiers_digitised':
      return { numerator: c.fn_digitised, denominator: c.fn_finished };
    case 'electronic_certified_copies':
      return { numerator: c.fn_e_certified, denominator: c.fn_certification };
    case 'dossiers_reusing_data':
      return { numerator: c.rc_reused, denominator: c.rc_received };
    case 'dossiers_citizen_data_store':
      return { numerator: c.rc_citizen_store, denominator: c.rc_received };
    case 'procedures_population_database':
      return { numerator: p.populationDb, denominator: p.forIndividuals };
    case 'dossiers_population_data_or_vneid':
      return { numerator: c.rc_population_db, denominator: c.rc_received };
    case 'feedback_on_time':
      return f.feedback ? feedbackOnTimeCounts(f.feedback) : undefined;
    case 'feedback_satisfaction':
      return f.feedback ? feedbackSatisfactionCounts(f.feedback) : undefined;
    case 'dossier_satisfaction':
      return satisfactionWithDossiersCounts({
        dossiers: c.fn_finished,
        late: c.fn_late,
        complainedOrNegative: c.fn_negative,
      });
    default: {
      const unknown: never = formula;
      throw new RangeError(`no count for formula ${String(unknown)}`);
    }
  }
}

/** Dossiers received or processed in the period: the sample the minimum-sample rule looks at. */
export function sampleSizeOf(f: UnitFacts): number {
  return f.counters.fn_finished + f.counters.open_at_judge;
}

/** One unit's index in one period. */
export interface UnitIndex {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  level: string;
  peerGroup: string;
  facts: UnitFacts;
  score: UnitScore;
  channelMix: ChannelMix;
  sampleSize: number;
  rank: number | null;
  ranked: boolean;
  of: number;
  unrankedReason: 'insufficient_data' | 'no_score' | null;
  /** Why `no_data` indicators have no figures. */
  noDataReasons: Record<string, LocalizedText>;
  previous: { total: number | null; rank: number | null; of: number } | null;
  change: PeriodComparison;
  explanation: ScoreChange[];
}

export interface ServiceIndexResult {
  period: Period;
  previousPeriod: Period | null;
  /** The day at whose end unfinished dossiers were judged. */
  judgedAt: string;
  framework: ServiceIndexFramework;
  minSample: number;
  source: CountSource;
  units: UnitIndex[];
}

/** Parses a period from user input; throws `period_invalid` (AppError) on bad input. */
export function readPeriod(input: PeriodInput): Period {
  try {
    return parsePeriod(input);
  } catch (error) {
    if (error instanceof IndicesError)
      throw new AppError('period_invalid', { message: error.message, details: error.details });
    throw error;
  }
}

/**
 * The period an API query asks for: `period`, or a `from`/`to` range, or by default the current
 * year (local time). Throws `period_invalid` for both at once or a bad value.
 */
export function periodFromQuery(
  q: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  now: Date,
): Period {
  if (q.period !== undefined && (q.from !== undefined || q.to !== undefined)) {
    throw new AppError('period_invalid', { message: 'give either period or from/to' });
  }
  if (q.period !== undefined) return readPeriod(q.period);
  if (q.from !== undefined || q.to !== undefined)
    return readPeriod({ from: q.from ?? '', to: q.to ?? '' });
  return readPeriod(todayIn(now).slice(0, 4));
}

function todayIn(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

interface PeriodData {
  pairs: PairCounters[];
  handled: PairProcedures[];
  facts: ProcedureFacts[];
  judge: string;
}

/** The day at whose end unfinished dossiers are judged: the period's last day, or today. */
function judgingDay(period: Period, today: string): string {
  return period.to < today ? period.to : today;
}

async function loadPeriodData(
  db: Kysely<DB>,
  tenantId: number,
  period: Period,
  today: string,
  source: CountSource,
): Promise<PeriodData> {
  const judge = judgingDay(period, today);
  const [pairs, handled, facts] = await Promise.all([
    withIndexReadSettings(db, (trx) =>
      readPairCounters(trx, { tenantId, from: period.from, to: period.to, judge, source }),
    ),
    withIndexReadSettings(db, (trx) =>
      readProceduresHandled(trx, { tenantId, from: period.from, to: period.to }),
    ),
    readProcedureFacts(db, tenantId, period.to),
  ]);
  return { pairs, handled, facts, judge };
}

function inPeriod(date: string | null, period: Period): boolean {
  return date !== null && date >= period.from && date <= period.to;
}

/**
 * Judges each procedure's version in force once for the period (the same for every unit):
 * announced in the period, and then on time (the 5th working day after the announcement on or
 * before the legal effect) and published on time (by that day); published by the period end;
 * complete; for individuals; connected to the population database.
 */
function judgeProcedure(f: ProcedureFacts, period: Period, cal: WorkingCalendar): JudgedProcedure {
  const announced = inPeriod(f.announced_on, period);
  const fifth = announced ? workingDayAfter(cal, f.announced_on as string, 5) : null;
  return {
    agency: f.agency_unit_id,
    announced,
    announcedOnTime:
      fifth !== null && f.legal_effective_on !== null && fifth <= f.legal_effective_on,
    publishedOnTime: fifth !== null && f.published_on !== null && f.published_on <= fifth,
    published: f.published_on !== null && f.published_on <= period.to,
    complete: f.complete,
    forIndividuals: f.for_individuals,
    populationDb: f.population_db,
  };
}

/** A procedure's catalogue facts judged once for the period (the same for every unit). */
interface JudgedProcedure {
  agency: number | null;
  announced: boolean;
  announcedOnTime: boolean;
  publishedOnTime: boolean;
  published: boolean;
  complete: boolean;
  forIndividuals: boolean;
  populationDb: boolean;
}

/** The listed units whose subtree holds each unit (the inverse of `subtrees`). */
function listedAncestors(subtrees: Map<number, Set<number>>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [ancestor, members] of subtrees)
    for (const unit of members) {
      const list = out.get(unit);
      if (list) list.push(ancestor);
      else out.set(unit, [ancestor]);
    }
  return out;
}

/**
 * The listed units a (receiving unit, agency) pair counts for: those whose subtree holds either
 * end, each once (a pair counts once when both ends are inside).
 */
function unitsOfPair(
  ancestors: Map<number, number[]>,
  receiving: number,
  agency: number,
): number[] {
  const a = ancestors.get(receiving) ?? [];
  const b = ancestors.get(agency) ?? [];
  return b.length === 0 ? a : a.length === 0 ? b : [...new Set([...a, ...b])];
}

function emptyProcedureFacts(): UnitFacts['procedures'] {
  return {
    handled: 0,
    offeringOnline: 0,
    onlineUsed: 0,
    withFee: 0,
    feeOfferingPayment: 0,
    feePaidOnline: 0,
    announced: 0,
    announcedOnTime: 0,
    publishedOnTime: 0,
    published: 0,
    publishedComplete: 0,
    forIndividuals: 0,
    populationDb: 0,
  };
}

/** Bits of a unit's procedure slot beyond the pair flags (PROCEDURE_FLAGS, bits 1–16). */
const HANDLED = 32;
const AGENCY_IN_SUBTREE = 64;

/**
 * Each listed unit's facts over its subtree, in one pass over the period's rows instead of a pass
 * per unit (at national scale a province lists hundreds of units and handles hundreds of
 * thousands of (pair, procedure) rows). A pair counts for a unit when its receiving unit or its
 * agency is inside the unit's subtree, once. A procedure counts once per unit however many of
 * the unit's pairs handled it: each unit keeps one byte per procedure of the province, the OR of
 * what its pairs showed.
 */
function factsForUnits(
  units: readonly IndexUnitRow[],
  subtrees: Map<number, Set<number>>,
  data: PeriodData,
  period: Period,
  cal: WorkingCalendar,
): Map<number, UnitFacts> {
  const trees = new Map<number, Set<number>>();
  for (const unit of units) trees.set(unit.id, subtrees.get(unit.id) ?? new Set([unit.id]));
  const ancestors = listedAncestors(trees);
  const counters = new Map<number, Counters>();
  for (const unit of units) counters.set(unit.id, emptyCounters());
  for (const pair of data.pairs) {
    for (const id of unitsOfPair(ancestors, pair.receiving_unit_id, pair.agency_unit_id)) {
      const c = counters.get(id) as Counters;
      for (const n of COUNTER_NAMES) c[n] += pair[n];
    }
  }

  // Procedures of the province numbered 0..n−1: the catalogue's first, then any other handled.
  const slotOf = new Map<number, number>();
  const judged: JudgedProcedure[] = [];
  for (const f of data.facts) {
    if (slotOf.has(f.procedure_id)) continue;
    slotOf.set(f.procedure_id, judged.length);
    judged.push(judgeProcedure(f, period, cal));
  }
  const catalogued = judged.length;
  const pairSlots = data.handled.map((h) => {
    const slots = new Int32Array(h.procedureIds.length);
    h.procedureIds.forEach((id, k) => {
      let slot = slotOf.get(id);
      if (slot === undefined) {
        slot = slotOf.size;
        slotOf.set(id, slot);
      }
      slots[k] = slot;
    });
    return slots;
  });
  const bits = new Map<number, Uint8Array>();
  for (const unit of units) bits.set(unit.id, new Uint8Array(slotOf.size));
  data.handled.forEach((h, i) => {
    const slots = pairSlots[i] as Int32Array;
    for (const id of unitsOfPair(ancestors, h.receiving_unit_id, h.agency_unit_id)) {
      const b = bits.get(id) as Uint8Array;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k] as number;
        b[slot] = (b[slot] as number) | HANDLED | (h.flags[k] as number);
      }
    }
  });
  // The unit's procedures also include those whose version in force names an agency inside.
  judged.forEach((f, slot) => {
    if (f.agency === null) return;
    for (const id of ancestors.get(f.agency) ?? []) {
      const b = bits.get(id) as Uint8Array;
      b[slot] = (b[slot] as number) | AGENCY_IN_SUBTREE;
    }
  });

  const out = new Map<number, UnitFacts>();
  for (const unit of units) {
    const p = emptyProcedureFacts();
    const b = bits.get(unit.id) as Uint8Array;
    for (let slot = 0; slot < b.length; slot++) {
      const v = b[slot] as number;
      if (v === 0) continue;
      if (v & HANDLED) {
        p.handled++;
        if (v & PROCEDURE_FLAGS.offersOnline) {
          p.offeringOnline++;
          if (v & PROCEDURE_FLAGS.usedOnline) p.onlineUsed++;
        }
        if (v & PROCEDURE_FLAGS.withFee) {
          p.withFee++;
          // Decree 42/2022: a fully online (toàn trình) service includes paying online.
          if (v & (PROCEDURE_FLAGS.fullOnline | PROCEDURE_FLAGS.paidOnline)) p.feeOfferingPayment++;
          if (v & PROCEDURE_FLAGS.paidOnline) p.feePaidOnline++;
        }
      }
      // The unit's procedures (1.x, 5.6): those it handled and those whose agency it is, among
      // the procedures with a version in force.
      if (slot >= catalogued) continue;
      const f = judged[slot] as JudgedProcedure;
      if (f.announced) {
        p.announced++;
        if (f.announcedOnTime) p.announcedOnTime++;
        if (f.publishedOnTime) p.publishedOnTime++;
      }
      if (f.published) {
        p.published++;
        if (f.complete) p.publishedComplete++;
      }
      if (f.forIndividuals) {
        p.forIndividuals++;
        if (f.populationDb) p.populationDb++;
      }
    }
    out.set(unit.id, { counters: counters.get(unit.id) as Counters, procedures: p });
  }
  return out;
}

function scoreFacts(
  framework: ServiceIndexFramework,
  indicators: ReturnType<typeof listIndicators>,
  facts: UnitFacts,
): { score: UnitScore; noData: Record<string, LocalizedText> } {
  const counts: Record<string, IndicatorCounts | undefined> = {};
  const noData: Record<string, LocalizedText> = {};
  for (const ind of indicators) {
    const c = countsFor(ind.formulaId, facts);
    if (c === undefined) {
      const reason = NO_DATA_REASONS[ind.formulaId];
      if (reason) noData[ind.id] = reason;
    } else counts[ind.id] = c;
  }
  return { score: scoreUnit(framework, counts), noData };
}

interface ScoredUnit {
  unit: IndexUnitRow;
  facts: UnitFacts;
  score: UnitScore;
  noData: Record<string, LocalizedText>;
}

async function scorePeriod(
  db: Kysely<DB>,
  input: {
    tenantId: number;
    period: Period;
    units: IndexUnitRow[];
    subtrees: Map<number, Set<number>>;
    today: string;
    source: CountSource;
    cal: WorkingCalendar;
  },
): Promise<{ scored: ScoredUnit[]; framework: ServiceIndexFramework; judge: string }> {
  const judge = judgingDay(input.period, input.today);
  // The reads are independent: run at once, a province waits for the slowest instead of the sum
  // of their round trips (which a loaded server stretches).
  const [framework, data, feedback] = await Promise.all([
    frameworkInForce(db, input.tenantId, input.period.from),
    loadPeriodData(db, input.tenantId, input.period, input.today, input.source),
    // 6.1/6.2: read from the feedback table for both sources (no aggregate; it is small).
    feedbackCountsForUnits(db, {
      tenantId: input.tenantId,
      period: input.period,
      judge,
      unitIds: input.units.map((u) => u.id),
      subtrees: input.subtrees,
    }),
  ]);
  const all = factsForUnits(input.units, input.subtrees, data, input.period, input.cal);
  for (const [id, counts] of feedback) {
    const facts = all.get(id);
    if (facts) facts.feedback = counts;
  }
  // Listed once, not per unit: a province scores hundreds of units under the same framework.
  const indicators = listIndicators(framework);
  const scored = input.units.map((unit) => {
    const facts = all.get(unit.id) as UnitFacts;
    const { score, noData } = scoreFacts(framework, indicators, facts);
    return { unit, facts, score, noData };
  });
  return { scored, framework, judge: data.judge };
}

function rankScored(scored: ScoredUnit[], minSample: number) {
  const groups = new Map<string, ScoredUnit[]>();
  for (const s of scored) {
    const key = peerGroupOf(s.unit);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const ranks = new Map<
    number,
    {
      rank: number | null;
      ranked: boolean;
      of: number;
      unrankedReason: 'insufficient_data' | 'no_score' | null;
    }
  >();
  for (const members of groups.values()) {
    const ranked = rankUnits(
      members.map((m) => ({
        unitId: String(m.unit.id).padStart(12, '0'),
        id: m.unit.id,
        total: m.score.total,
        sampleSize: sampleSizeOf(m.facts),
      })),
      { minSample },
    );
    for (const r of ranked)
      ranks.set(r.id, {
        rank: r.rank,
        ranked: r.ranked,
        of: r.of,
        unrankedReason: r.unrankedReason,
      });
  }
  return ranks;
}

/**
 * Computes the real-time service index (Decision 766/QĐ-TTg, DOMAIN §6) of a tenant's units for
 * a period: each unit's subtree counted from the live aggregates (or, with `source: 'exact'`,
 * from the dossiers themselves), scored under the framework version in force, ranked among
 * peers of the same kind and level (minimum sample `minSample`, default 30), compared with the
 * previous period of the same length, and the change explained.
 *
 * Units: with `unitCode`, that unit alone (ranked among its peers); otherwise every unit of a
 * kind in {@link RANKED_UNIT_KINDS}, in ranking order per peer group.
 * Throws `not_found` for an unknown unit code.
 */
/**
 * A unit is listed when it existed during the period, or when the period counts anything of it
 * (dossiers of a dissolved unit finished after its end still show). Asked for by code, it is
 * always answered.
 */
function listedIn(s: ScoredUnit, period: Period): boolean {
  return (
    overlapsPeriod({ validFrom: s.unit.valid_from, validTo: s.unit.valid_to }, period) ||
    sampleSizeOf(s.facts) > 0 ||
    s.facts.counters.rc_received > 0
  );
}

export async function computeServiceIndex(input: {
  db: Kysely<DB>;
  tenantId: number;
  period: Period;
  unitCode?: string | undefined;
  /** Restrict the listed units to these subtrees (a leader's scope); null = whole tenant. */
  scope?: number[] | null;
  minSample?: number;
  source?: CountSource;
  now?: Date;
  compare?: boolean;
}): Promise<ServiceIndexResult> {
  const { db, tenantId, period } = input;
  const minSample = input.minSample ?? DEFAULT_MIN_SAMPLE;
  const source = input.source ?? 'live';
  const today = todayIn(input.now ?? new Date());
  const [allUnits, cal] = await Promise.all([
    listTenantUnits(db, tenantId),
    loadTenantCalendar(db, tenantId),
  ]);
  let target: IndexUnitRow | undefined;
  if (input.unitCode !== undefined) {
    target = allUnits.find((u) => u.code === input.unitCode);
    if (!target)
      throw new AppError('not_found', {
        message: `unknown unit ${input.unitCode}`,
        details: { unit: input.unitCode },
      });
  }
  const peers = target
    ? allUnits.filter(
        (u) =>
          peerGroupOf(u) === peerGroupOf(target) &&
          (u.id === target.id || RANKED_UNIT_KINDS.includes(u.kind)),
      )
    : allUnits.filter((u) => RANKED_UNIT_KINDS.includes(u.kind));
  const subtrees = await readSubtrees(
    db,
    tenantId,
    peers.map((u) => u.id),
  );

  const current = await scorePeriod(db, {
    tenantId,
    period,
    units: peers,
    subtrees,
    today,
    source,
    cal,
  });
  const ranks = rankScored(current.scored, minSample);
  const prevPeriod = input.compare === false ? null : previousPeriod(period);
  let prevById = new Map<number, { score: UnitScore; rank: number | null; of: number }>();
  if (prevPeriod) {
    const prev = await scorePeriod(db, {
      tenantId,
      period: prevPeriod,
      units: peers,
      subtrees,
      today,
      source,
      cal,
    });
    const prevRanks = rankScored(prev.scored, minSample);
    prevById = new Map(
      prev.scored.map((s) => [
        s.unit.id,
        {
          score: s.score,
          rank: prevRanks.get(s.unit.id)?.rank ?? null,
          of: prevRanks.get(s.unit.id)?.of ?? 0,
        },
      ]),
    );
  }

  let scope: Set<number> | null = null;
  if (input.scope) {
    const scopeTrees = await readSubtrees(db, tenantId, input.scope);
    scope = new Set([...scopeTrees.values()].flatMap((s) => [...s]));
  }

  const units: UnitIndex[] = current.scored
    .filter((s) => (target ? s.unit.id === target.id : listedIn(s, period)))
    .filter((s) => (scope ? scope.has(s.unit.id) : true))
    .map((s) => {
      const r = ranks.get(s.unit.id) ?? {
        rank: null,
        ranked: false,
        of: 0,
        unrankedReason: 'no_score' as const,
      };
      const prev = prevById.get(s.unit.id);
      return {
        unitId: s.unit.id,
        code: s.unit.code,
        name: s.unit.name,
        nameEn: s.unit.name_en,
        kind: s.unit.kind,
        level: s.unit.level,
        peerGroup: peerGroupOf(s.unit),
        facts: s.facts,
        score: s.score,
        channelMix: channelMix({
          inPerson:
            s.facts.counters.rc_received - s.facts.counters.rc_online - s.facts.counters.rc_post,
          online: s.facts.counters.rc_online,
          post: s.facts.counters.rc_post,
        }),
        sampleSize: sampleSizeOf(s.facts),
        ...r,
        noDataReasons: s.noData,
        previous: prev ? { total: prev.score.total, rank: prev.rank, of: prev.of } : null,
        change: compareWithPrevious(
          { total: s.score.total, rank: r.rank },
          prev ? { total: prev.score.total, rank: prev.rank } : null,
        ),
        explanation: prev ? explainChange(prev.score, s.score) : [],
      };
    });
  units.sort(
    (a, b) =>
      a.peerGroup.localeCompare(b.peerGroup) ||
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      a.code.localeCompare(b.code),
  );
  return {
    period,
    previousPeriod: prevPeriod,
    judgedAt: current.judge,
    framework: current.framework,
    minSample,
    source,
    units,
  };
}

/**
 * A unit's index month by month (`from`..`to` as YYYY-MM, at most 36 months): total, on-time
 * rate, dossiers received and group scores, for trend lines. Throws `period_invalid` for a bad
 * or too long range and `not_found` for an unknown unit.
 */
export async function unitTrend(input: {
  db: Kysely<DB>;
  tenantId: number;
  unitCode: string;
  from: string;
  to: string;
  now?: Date;
}) {
  const first = readPeriod(input.from);
  const last = readPeriod(input.to);
  if (first.kind !== 'month' || last.kind !== 'month' || first.from > last.from) {
    throw new AppError('period_invalid', {
      message: 'trend: from and to are months (YYYY-MM), from ≤ to',
    });
  }
  const months: Period[] = [];
  for (let p = first; p.from <= last.from; p = readPeriod(nextMonthKey(p.key))) {
    months.push(p);
    if (months.length > 36)
      throw new AppError('period_invalid', { message: 'trend: at most 36 months' });
  }
  const points = [];
  for (const period of months) {
    const result = await computeServiceIndex({
      db: input.db,
      tenantId: input.tenantId,
      period,
      unitCode: input.unitCode,
      compare: false,
      ...(input.now ? { now: input.now } : {}),
    });
    const u = result.units[0];
    points.push({
      period: period.key,
      label: period.label,
      total: u?.score.total ?? null,
      onTimeRate: u?.score.indicators['2.1']?.rate ?? null,
      received: u?.facts.counters.rc_received ?? 0,
      groups: Object.fromEntries(
        Object.entries(u?.score.groups ?? {}).map(([id, g]) => [id, g.score]),
      ),
    });
  }
  return { unit: input.unitCode, points };
}

function nextMonthKey(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
