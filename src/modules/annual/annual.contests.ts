import { flattenSubcriteria, isPastDeadline, isValidPoints } from '../../domain/annual/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode } from '../org/index.js';
import {
  type AnnualActing,
  actorIdOf,
  assertState,
  frameworkOf,
  requireCycle,
  todayOf,
} from './annual.cycle.js';
import {
  ANNUAL_SUBMIT_ROLES,
  assertManages,
  assertUnitRole,
  visibleUnitIds,
} from './annual.policy.js';
import { type ContestRow, listParticipants, lockCycle, upsertScore } from './annual.repository.js';

export interface ContestView {
  id: number;
  unitCode: string;
  unitName: string;
  subcriterionId: string;
  reason: string;
  state: 'open' | 'upheld' | 'rejected';
  answer: string | null;
  newPoints: number | null;
  filedAt: string;
  answeredAt: string | null;
}

function present(row: ContestRow, unit: { code: string; name: string }): ContestView {
  return {
    id: row.id,
    unitCode: unit.code,
    unitName: unit.name,
    subcriterionId: row.subcriterion_id,
    reason: row.reason,
    state: row.state,
    answer: row.answer,
    newPoints: row.new_points === null ? null : Number(row.new_points),
    filedAt: row.filed_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
  };
}

/**
 * A unit contests a sub-criterion of its provisional result with a reason (its leader), until
 * the contest deadline. One open contest per sub-criterion.
 *
 * @throws AppError `forbidden`, `not_found`, `annual_wrong_state` (not provisional),
 * `annual_deadline_passed`, `annual_reason_required`, `validation_failed` (unknown
 * sub-criterion), `already_exists` (an open contest on it).
 */
export async function fileContest(
  input: AnnualActing & { year: number; unitCode: string; subcriterionId: string; reason: string },
): Promise<ContestView> {
  const { ctx, tenantId, actor } = input;
  const unit = await findUnitByCode(ctx.db, tenantId, input.unitCode);
  if (!unit) throw new AppError('not_found', { details: { unit: input.unitCode } });
  await assertUnitRole(ctx.db, actor, tenantId, ANNUAL_SUBMIT_ROLES, unit.id);
  const reason = input.reason.trim();
  if (!reason) throw new AppError('annual_reason_required', { details: { path: '/reason' } });
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found');
    assertState(cycle, 'provisional');
    if (isPastDeadline(cycle.contest_deadline, todayOf(ctx)))
      throw new AppError('annual_deadline_passed', {
        details: { deadline: cycle.contest_deadline },
      });
    const framework = frameworkOf(cycle);
    if (
      !(await listParticipants(trx, tenantId, cycle.year, framework)).some((p) => p.id === unit.id)
    )
      throw new AppError('not_found', { details: { unit: input.unitCode } });
    if (!flattenSubcriteria(framework).some((s) => s.id === input.subcriterionId))
      throw new AppError('validation_failed', {
        details: { issues: [{ path: '/subcriterionId', message: 'not in the framework' }] },
      });
    const open = await trx
      .selectFrom('annual_contests')
      .select('id')
      .where('cycle_id', '=', cycle.id)
      .where('unit_id', '=', unit.id)
      .where('subcriterion_id', '=', input.subcriterionId)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (open) throw new AppError('already_exists', { details: { contestId: open.id } });
    const row = await trx
      .insertInto('annual_contests')
      .values({
        tenant_id: tenantId,
        cycle_id: cycle.id,
        unit_id: unit.id,
        subcriterion_id: input.subcriterionId,
        reason,
        filed_by: actorIdOf(actor),
        filed_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      unitId: unit.id,
      action: 'annual.contest_filed',
      entity: 'annual_contest',
      entityId: row.id,
      after: { unit: unit.code, subcriterionId: input.subcriterionId },
      requestId: input.requestId ?? null,
      at: now,
    });
    return present(row, unit);
  });
}

/**
 * The reform office answers a contest before final results: upheld with new points (they replace
 * the sub-criterion's points) or rejected; a written answer either way.
 *
 * @throws AppError `forbidden`, `not_found`, `annual_wrong_state`, `transition_not_allowed`
 * (already answered), `annual_reason_required`, `annual_score_out_of_range`.
 */
export async function answerContest(
  input: AnnualActing & {
    year: number;
    contestId: number;
    decision: 'upheld' | 'rejected';
    answer: string;
    points?: number | undefined;
  },
): Promise<ContestView> {
  const { ctx, tenantId, actor } = input;
  await assertManages(ctx.db, actor, tenantId);
  const answer = input.answer.trim();
  if (!answer) throw new AppError('annual_reason_required', { details: { path: '/answer' } });
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found');
    assertState(cycle, 'provisional');
    const row = await trx
      .selectFrom('annual_contests')
      .selectAll()
      .where('id', '=', input.contestId)
      .where('cycle_id', '=', cycle.id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.state !== 'open')
      throw new AppError('transition_not_allowed', { details: { state: row.state } });
    const sub = flattenSubcriteria(frameworkOf(cycle)).find((s) => s.id === row.subcriterion_id)!;
    let points: number | null = null;
    if (input.decision === 'upheld') {
      if (input.points === undefined || !isValidPoints(input.points, sub.maxPoints))
        throw new AppError('annual_score_out_of_range', {
          details: { path: '/points', subcriterionId: sub.id, max: sub.maxPoints },
        });
      points = input.points;
      await upsertScore(
        trx,
        { tenantId, cycleId: cycle.id, unitId: row.unit_id, subcriterionId: sub.id },
        { contest_points: points },
      );
    }
    const updated = await trx
      .updateTable('annual_contests')
      .set({
        state: input.decision,
        answer,
        new_points: points,
        answered_by: actorIdOf(actor),
        answered_at: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      unitId: row.unit_id,
      action: 'annual.contest_answered',
      entity: 'annual_contest',
      entityId: row.id,
      before: { state: 'open' },
      after: { state: input.decision, points },
      requestId: input.requestId ?? null,
      at: now,
    });
    const unit = await trx
      .selectFrom('units')
      .select(['code', 'name'])
      .where('id', '=', row.unit_id)
      .executeTakeFirstOrThrow();
    return present(updated, unit);
  });
}

/** The contests of a cycle the caller sees: all for the reform office, else its units'. */
export async function listContests(
  input: AnnualActing & { year: number },
): Promise<{ contests: ContestView[] }> {
  const { ctx, tenantId, actor } = input;
  const cycle = await requireCycle(ctx.db, tenantId, input.year);
  const visible = await visibleUnitIds(ctx.db, actor, tenantId);
  const rows = await ctx.db
    .selectFrom('annual_contests')
    .innerJoin('units', 'units.id', 'annual_contests.unit_id')
    .selectAll('annual_contests')
    .select(['units.code as unit_code', 'units.name as unit_name'])
    .where('cycle_id', '=', cycle.id)
    .orderBy('annual_contests.id')
    .execute();
  return {
    contests: rows
      .filter((r) => visible === null || visible.has(r.unit_id))
      .map((r) => present(r, { code: r.unit_code, name: r.unit_name })),
  };
}
