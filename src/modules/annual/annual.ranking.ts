import type { Kysely } from 'kysely';
import {
  carryThroughLineage,
  computeAnnualResults,
  describePlaces,
  edgesEffectiveIn,
  effectivePoints,
  type FieldResult,
  flattenSubcriteria,
  type PreviousResult,
  resultsPublished,
  type SubcriterionChange,
  type UnitResult,
} from '../../domain/annual/index.js';
import type { LocalizedText } from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import { peerGroupOf } from '../indices/index.js';
import { loadLineageGraph } from '../org/index.js';
import {
  type CycleRow,
  findCycle,
  frameworkOf,
  listParticipants,
  listScores,
  submittedUnits,
  toEntry,
} from './annual.repository.js';

/**
 * The ranking of a cycle, computed from the recorded points (the reform office's preview) or
 * frozen when published (docs/annual-index.md, Results). Publishing provisional and final
 * results stores the whole ranking in `annual_result_snapshots` in the advance's transaction;
 * every published read answers from that snapshot, so a published rank does not move when a
 * unit is later renamed, merged or reclassified, or a threshold or register item changes.
 */

export interface RankedUnit {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  peerGroup: string;
  total: number;
  max: number;
  percent: number;
  band: string | null;
  rank: number;
  of: number;
  fields: FieldResult[];
  previous: UnitResult['previous'];
  change: { score: number; places: number | null; text: LocalizedText } | null;
  explanation: SubcriterionChange[];
}

/** A unit's result as frozen: as published, plus its points per sub-criterion. */
export interface FrozenUnit extends RankedUnit {
  /** What next year's change and its explanation compare with. */
  points: Record<string, number>;
}

/** A whole ranking: what a snapshot holds, and what a live computation gives. */
export interface Ranking {
  /** The year the change is measured against (its final snapshot), null without one. */
  previousYear: number | null;
  units: FrozenUnit[];
}

export type PublishedStage = 'provisional' | 'final';

/** Every participant's points per sub-criterion as they count now. */
async function unitPoints(db: Kysely<DB>, cycle: CycleRow) {
  const framework = frameworkOf(cycle);
  const [participants, rows, submitted] = await Promise.all([
    listParticipants(db, cycle.tenant_id, cycle.year, framework),
    listScores(db, cycle.id),
    submittedUnits(db, cycle.id),
  ]);
  const byKey = new Map(rows.map((r) => [`${r.unit_id}:${r.subcriterion_id}`, r]));
  const subs = flattenSubcriteria(framework);
  return {
    framework,
    participants,
    points: participants.map((p) => ({
      unitId: p.id,
      peerGroup: peerGroupOf(p),
      points: Object.fromEntries(
        subs.map((s) => [
          s.id,
          effectivePoints(s, toEntry(byKey.get(`${p.id}:${s.id}`), submitted.has(p.id))),
        ]),
      ),
    })),
  };
}

/**
 * Last year's results per unit, when that year's cycle is final: its final snapshot (what was
 * published, not a recomputation), carried through the lineage effective this year to units
 * that succeeded others (a merged commune compares with its former communes).
 */
async function previousFinal(
  db: Kysely<DB>,
  tenantId: number,
  year: number,
): Promise<Map<number, PreviousResult> | null> {
  const cycle = await findCycle(db, tenantId, year - 1);
  if (cycle?.state !== 'final') return null;
  const { ranking } = await publishedRanking(db, cycle);
  const lineage = await loadLineageGraph(db, tenantId);
  const own = new Map(
    ranking.units.map((u) => [
      u.unitId,
      { total: u.total, rank: u.rank, of: u.of, points: u.points },
    ]),
  );
  return carryThroughLineage(own, edgesEffectiveIn(lineage.edges, year));
}

/** The change's words: places moved, or what last year's result was carried from. */
function describeChange(places: number | null, previous: UnitResult['previous']): LocalizedText {
  if (places !== null) return describePlaces(places);
  const n = previous?.predecessors ?? 1;
  return n === 1
    ? { vi: 'so với đơn vị trước sắp xếp', en: 'against the unit before the reorganisation' }
    : {
        vi: `so với bình quân ${n} đơn vị trước hợp nhất`,
        en: `against the mean of the ${n} units merged into it`,
      };
}

/**
 * Computes the ranking now from the recorded points, the units as they are and last year's
 * final snapshot: totals, ranks, bands and the change against last year. What publication
 * freezes, and the reform office's preview.
 */
export async function computeRanking(db: Kysely<DB>, cycle: CycleRow): Promise<Ranking> {
  const { framework, participants, points } = await unitPoints(db, cycle);
  const previous = await previousFinal(db, cycle.tenant_id, cycle.year);
  const results = computeAnnualResults(framework, points, previous ?? new Map());
  const units = new Map(participants.map((p) => [p.id, p]));
  const pointsOf = new Map(points.map((p) => [p.unitId, p.points]));
  return {
    previousYear: previous ? cycle.year - 1 : null,
    units: results.map((r) => {
      const u = units.get(r.unitId)!;
      return {
        unitId: r.unitId,
        code: u.code,
        name: u.name,
        nameEn: u.nameEn,
        kind: u.kind,
        peerGroup: r.peerGroup,
        total: r.total,
        max: r.max,
        percent: r.percent,
        band: r.band,
        rank: r.rank,
        of: r.of,
        fields: r.fields,
        previous: r.previous,
        change: r.change
          ? { ...r.change, text: describeChange(r.change.places, r.previous) }
          : null,
        explanation: r.explanation,
        points: pointsOf.get(r.unitId) ?? {},
      };
    }),
  };
}

/**
 * Freezes the ranking of `cycle` as published at `stage` on `at`. Called by the advance to
 * provisional and to final inside its transaction (pass the transaction), so results are never
 * published without their snapshot. A stage already frozen is kept as it is.
 */
export async function freezeRanking(
  db: Kysely<DB>,
  cycle: CycleRow,
  stage: PublishedStage,
  at: Date,
): Promise<Ranking> {
  const ranking = await computeRanking(db, cycle);
  await db
    .insertInto('annual_result_snapshots')
    .values({
      tenant_id: cycle.tenant_id,
      cycle_id: cycle.id,
      stage,
      published_at: at,
      ranking: JSON.stringify(ranking),
    })
    .onConflict((oc) => oc.columns(['cycle_id', 'stage']).doNothing())
    .execute();
  return ranking;
}

function findSnapshot(db: Kysely<DB>, cycleId: number, stage: PublishedStage) {
  return db
    .selectFrom('annual_result_snapshots')
    .select(['published_at', 'ranking'])
    .where('cycle_id', '=', cycleId)
    .where('stage', '=', stage)
    .executeTakeFirst();
}

export interface PublishedRanking {
  stage: PublishedStage;
  publishedAt: Date;
  ranking: Ranking;
}

/**
 * The snapshot of the cycle's latest published stage (provisional or final). A cycle published
 * before snapshots existed (migration 0080) is frozen at its first read, with its recorded
 * publication time, and answers from that snapshot from then on.
 *
 * @throws RangeError when the cycle is not published (callers check first).
 */
export async function publishedRanking(db: Kysely<DB>, cycle: CycleRow): Promise<PublishedRanking> {
  if (!resultsPublished(cycle.state))
    throw new RangeError(`the ${cycle.year} cycle is not published (${cycle.state})`);
  const stage: PublishedStage = cycle.state === 'final' ? 'final' : 'provisional';
  let row = await findSnapshot(db, cycle.id, stage);
  if (!row) {
    const at =
      (stage === 'final' ? cycle.final_published_at : cycle.provisional_published_at) ??
      cycle.updated_at;
    await freezeRanking(db, cycle, stage, at);
    row = await findSnapshot(db, cycle.id, stage);
    if (!row) throw new Error(`the ${cycle.year} ${stage} snapshot could not be stored`);
  }
  const ranking = (
    typeof row.ranking === 'string' ? JSON.parse(row.ranking) : row.ranking
  ) as Ranking;
  return { stage, publishedAt: row.published_at, ranking };
}
