import type { Period } from '../../domain/indices/index.js';
import { type StaffRates, staffRates, sumCounts } from '../../domain/scorecards/index.js';
import { type Actor, scopeUnits } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode, isInSubtree } from '../org/index.js';
import {
  type OfficerCounts,
  type OfficerCountsRow,
  readOfficerCounts,
} from './scorecards.repository.js';

/**
 * Who reads other officers' scorecards: leaders over their units' subtrees (they appraise their
 * staff) and the reform office over its scope. Administrators run the system and do not.
 */
export const SCORECARD_READ_ROLES: readonly Role[] = ['leader', 'reform_office'];

export interface OfficerScorecard extends OfficerCountsRow, StaffRates {}

export interface StaffScorecards {
  period: Period;
  /** The figures of everyone listed together. */
  total: ReturnType<typeof sumCounts> & StaffRates;
  officers: OfficerScorecard[];
}

/**
 * The units whose subtrees an actor reads scorecards in; null = the whole tenant. Throws
 * `forbidden` for an actor without a reading role.
 */
export function scorecardScope(actor: Actor): number[] | null {
  const scope = scopeUnits(actor, SCORECARD_READ_ROLES);
  if (scope !== null && scope.length === 0) throw new AppError('forbidden');
  return scope;
}

/**
 * The scorecards of the officers inside `scope` (null = the whole tenant: the command line),
 * or of one unit's subtree inside it, by code. A unit outside the scope answers `not_found`,
 * like an unknown one.
 */
export async function listStaffScorecards(
  ctx: AppContext,
  input: {
    tenantId: number;
    scope: number[] | null;
    period: Period;
    unitCode?: string | undefined;
  },
): Promise<StaffScorecards> {
  const { tenantId, period } = input;
  let scope = input.scope;
  if (input.unitCode !== undefined) {
    const unit = await findUnitByCode(ctx.db, tenantId, input.unitCode);
    if (!unit || !(await inScope(ctx, scope, unit.id)))
      throw new AppError('not_found', { details: { unit: input.unitCode } });
    scope = [unit.id];
  }
  const counts = await readOfficerCounts(ctx.db, {
    tenantId,
    from: period.from,
    to: period.to,
    now: ctx.now(),
    scope,
  });
  return compose(period, counts);
}

/** The signed-in officer's own scorecard: every staff member may read theirs. */
export async function ownStaffScorecard(
  ctx: AppContext,
  input: { actor: Actor; period: Period },
): Promise<StaffScorecards> {
  if (input.actor.kind !== 'staff') throw new AppError('forbidden');
  const counts = await readOfficerCounts(ctx.db, {
    tenantId: input.actor.tenantId,
    from: input.period.from,
    to: input.period.to,
    now: ctx.now(),
    scope: null,
    userId: input.actor.userId,
  });
  return compose(input.period, counts);
}

/** Each officer's rates, and the total line: the officers' sums, each dossier counted once. */
function compose(period: Period, counts: OfficerCounts): StaffScorecards {
  const total = { ...sumCounts(counts.officers), ...counts.distinct };
  return {
    period,
    total: { ...total, ...staffRates(total) },
    officers: counts.officers.map((row) => ({ ...row, ...staffRates(row) })),
  };
}

/** Whether a unit lies inside the scope's subtrees (null = the whole tenant). */
async function inScope(ctx: AppContext, scope: number[] | null, unitId: number): Promise<boolean> {
  if (scope === null) return true;
  for (const root of scope) if (await isInSubtree(ctx.db, root, unitId)) return true;
  return false;
}
