import { type CycleState, resultsPublished } from '../../domain/annual/index.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode } from '../org/index.js';
import { type AnnualActing, requireCycle } from './annual.cycle.js';
import { ANNUAL_UNIT_READ_ROLES, assertUnitRole, managesTenant } from './annual.policy.js';
import {
  computeRanking,
  type FrozenUnit,
  publishedRanking,
  type RankedUnit,
  type Ranking,
} from './annual.ranking.js';
import type { CycleRow } from './annual.repository.js';

export type { RankedUnit } from './annual.ranking.js';

export interface AnnualResults {
  year: number;
  state: CycleState;
  /**
   * `provisional` or `final`: the snapshot published at that stage; `preview`: computed now
   * from the recorded points (the reform office only, never published).
   */
  stage: 'preview' | 'provisional' | 'final';
  contestDeadline: string | null;
  /** When the stage shown was published (its snapshot); null for a preview. */
  publishedAt: string | null;
  /** When a preview was computed (the server's clock); null for a published stage. */
  computedAt: string | null;
  previousYear: number | null;
  units: RankedUnit[];
}

/** A frozen unit as the API shows it: its points per sub-criterion stay inside. */
function shown(unit: FrozenUnit): RankedUnit {
  const { points: _points, ...rest } = unit;
  return rest;
}

function present(
  cycle: CycleRow,
  stage: AnnualResults['stage'],
  publishedAt: Date | null,
  ranking: Ranking,
  computedAt: Date | null = null,
): AnnualResults {
  return {
    year: cycle.year,
    state: cycle.state,
    stage,
    contestDeadline: cycle.contest_deadline,
    publishedAt: publishedAt?.toISOString() ?? null,
    computedAt: computedAt?.toISOString() ?? null,
    previousYear: ranking.previousYear,
    units: ranking.units.map(shown),
  };
}

/** The published snapshot of a cycle's latest stage, presented. */
async function published(db: AnnualActing['ctx']['db'], cycle: CycleRow): Promise<AnnualResults> {
  const p = await publishedRanking(db, cycle);
  return present(cycle, p.stage, p.publishedAt, p.ranking);
}

/**
 * The ranking of a year for staff. Once provisional or final results are published, everyone
 * reads what was published (the stage's snapshot). Before publication the reform office sees a
 * preview computed from the recorded points; it may also ask for one (`preview`) afterwards —
 * the final ranking in preparation while contests are answered, or what the recorded data would
 * give today — which is never what the units and the public read.
 *
 * @throws AppError `not_found` (no cycle, or not yet published for a unit), `forbidden` (a
 * preview asked by someone who does not run the cycle).
 */
export async function listResults(
  input: AnnualActing & { year: number; preview?: boolean | undefined },
): Promise<AnnualResults> {
  const cycle = await requireCycle(input.ctx.db, input.tenantId, input.year);
  const manages = await managesTenant(input.ctx.db, input.actor, input.tenantId);
  const isPublished = resultsPublished(cycle.state);
  if (!manages && !isPublished) throw new AppError('not_found');
  if (!manages && input.preview) throw new AppError('forbidden');
  if (input.preview || !isPublished)
    return present(
      cycle,
      'preview',
      null,
      await computeRanking(input.ctx.db, cycle),
      input.ctx.now(),
    );
  return published(input.ctx.db, cycle);
}

/**
 * One unit's result with its field breakdown and the explanation of its change, for the unit's
 * leaders and specialists and for the reform office (before publication: the reform office only).
 * A unit whose code changed after publication is still found, by its identity.
 *
 * @throws AppError `not_found`, `forbidden`.
 */
export async function unitResult(
  input: AnnualActing & { year: number; unitCode: string; preview?: boolean | undefined },
): Promise<
  RankedUnit & { year: number; stage: AnnualResults['stage']; publishedAt: string | null }
> {
  const results = await listResults(input);
  let unit = results.units.find((u) => u.code === input.unitCode);
  if (!unit) {
    const now = await findUnitByCode(input.ctx.db, input.tenantId, input.unitCode);
    unit = now ? results.units.find((u) => u.unitId === now.id) : undefined;
  }
  if (!unit) throw new AppError('not_found', { details: { unit: input.unitCode } });
  await assertUnitRole(
    input.ctx.db,
    input.actor,
    input.tenantId,
    ANNUAL_UNIT_READ_ROLES,
    unit.unitId,
    true,
  );
  return { ...unit, year: results.year, stage: results.stage, publishedAt: results.publishedAt };
}

/**
 * Published results for everyone (no sign-in): the final ranking, or the provisional one marked
 * as such, as published (the stage's snapshot); `year` omitted = the latest published year.
 * Unpublished years answer `not_found`.
 */
export async function publicResults(input: {
  ctx: AnnualActing['ctx'];
  tenantId: number;
  year?: number | undefined;
}): Promise<AnnualResults & { years: number[] }> {
  const rows = await input.ctx.db
    .selectFrom('annual_cycles')
    .select('year')
    .where('tenant_id', '=', input.tenantId)
    .where('state', 'in', ['provisional', 'final'])
    .orderBy('year', 'desc')
    .execute();
  const years = rows.map((r) => r.year);
  const year = input.year ?? years[0];
  if (year === undefined || !years.includes(year)) throw new AppError('not_found');
  const cycle = await requireCycle(input.ctx.db, input.tenantId, year);
  return { ...(await published(input.ctx.db, cycle)), years };
}
