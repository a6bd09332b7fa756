import type { Kysely } from 'kysely';
import {
  type CycleState,
  carryThroughLineage,
  computeAnnualResults,
  describePlaces,
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
import { AppError } from '../../platform/errors.js';
import { peerGroupOf } from '../indices/index.js';
import { loadLineageGraph } from '../org/index.js';
import { type AnnualActing, frameworkOf, requireCycle } from './annual.cycle.js';
import { ANNUAL_UNIT_READ_ROLES, assertUnitRole, managesTenant } from './annual.policy.js';
import {
  type CycleRow,
  findCycle,
  listParticipants,
  listScores,
  submittedUnits,
  toEntry,
} from './annual.repository.js';

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

export interface AnnualResults {
  year: number;
  state: CycleState;
  /** `final` once published as such; `provisional` while contests are possible; `preview` before. */
  stage: 'preview' | 'provisional' | 'final';
  contestDeadline: string | null;
  publishedAt: string | null;
  previousYear: number | null;
  units: RankedUnit[];
}

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
 * Last year's final results per unit, when that year's cycle is final, carried through the
 * lineage effective this year to units that succeeded others (a merged commune compares with
 * its former communes).
 */
async function previousFinal(
  db: Kysely<DB>,
  tenantId: number,
  year: number,
): Promise<Map<number, PreviousResult> | null> {
  const cycle = await findCycle(db, tenantId, year - 1);
  if (cycle?.state !== 'final') return null;
  const [{ framework, points }, lineage] = await Promise.all([
    unitPoints(db, cycle),
    loadLineageGraph(db, tenantId),
  ]);
  const results = computeAnnualResults(framework, points);
  const byUnit = new Map(points.map((p) => [p.unitId, p.points]));
  const own = new Map(
    results.map((r) => [
      r.unitId,
      { total: r.total, rank: r.rank, of: r.of, points: byUnit.get(r.unitId) ?? {} },
    ]),
  );
  return carryThroughLineage(
    own,
    lineage.edges.filter(
      (e) => e.effectiveOn >= `${year}-01-01` && e.effectiveOn <= `${year}-12-31`,
    ),
  );
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

/** Totals, ranks, bands and the change against last year's final results of a cycle. */
export async function rankCycle(db: Kysely<DB>, cycle: CycleRow): Promise<AnnualResults> {
  const { framework, participants, points } = await unitPoints(db, cycle);
  const previous = await previousFinal(db, cycle.tenant_id, cycle.year);
  const results: UnitResult[] = computeAnnualResults(framework, points, previous ?? new Map());
  const units = new Map(participants.map((p) => [p.id, p]));
  return {
    year: cycle.year,
    state: cycle.state,
    stage:
      cycle.state === 'final' ? 'final' : cycle.state === 'provisional' ? 'provisional' : 'preview',
    contestDeadline: cycle.contest_deadline,
    publishedAt:
      (cycle.state === 'final'
        ? cycle.final_published_at
        : cycle.provisional_published_at
      )?.toISOString() ?? null,
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
      };
    }),
  };
}

/**
 * The ranking of a year for staff: the reform office sees it at any step (a preview before
 * publication); units see it once provisional results are published.
 *
 * @throws AppError `not_found` (no cycle, or not yet published for a unit).
 */
export async function listResults(input: AnnualActing & { year: number }): Promise<AnnualResults> {
  const cycle = await requireCycle(input.ctx.db, input.tenantId, input.year);
  const manages = await managesTenant(input.ctx.db, input.actor, input.tenantId);
  if (!manages && !resultsPublished(cycle.state)) throw new AppError('not_found');
  return rankCycle(input.ctx.db, cycle);
}

/**
 * One unit's result with its field breakdown and the explanation of its change, for the unit's
 * leaders and specialists and for the reform office (before publication: the reform office only).
 *
 * @throws AppError `not_found`, `forbidden`.
 */
export async function unitResult(
  input: AnnualActing & { year: number; unitCode: string },
): Promise<RankedUnit & { year: number; stage: AnnualResults['stage'] }> {
  const results = await listResults(input);
  const unit = results.units.find((u) => u.code === input.unitCode);
  if (!unit) throw new AppError('not_found', { details: { unit: input.unitCode } });
  await assertUnitRole(
    input.ctx.db,
    input.actor,
    input.tenantId,
    ANNUAL_UNIT_READ_ROLES,
    unit.unitId,
    true,
  );
  return { ...unit, year: results.year, stage: results.stage };
}

/**
 * Published results for everyone (no sign-in): the final ranking, or the provisional one marked
 * as such; `year` omitted = the latest published year. Unpublished years answer `not_found`.
 */
export async function publicResults(input: {
  ctx: AnnualActing['ctx'];
  tenantId: number;
  year?: number | undefined;
}): Promise<AnnualResults & { years: number[] }> {
  const published = await input.ctx.db
    .selectFrom('annual_cycles')
    .select('year')
    .where('tenant_id', '=', input.tenantId)
    .where('state', 'in', ['provisional', 'final'])
    .orderBy('year', 'desc')
    .execute();
  const years = published.map((r) => r.year);
  const year = input.year ?? years[0];
  if (year === undefined || !years.includes(year)) throw new AppError('not_found');
  const cycle = await requireCycle(input.ctx.db, input.tenantId, year);
  return { ...(await rankCycle(input.ctx.db, cycle)), years };
}
