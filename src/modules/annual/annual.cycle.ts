import type { Kysely } from 'kysely';
import {
  type AnnualFramework,
  type CycleState,
  checkAdvance,
  flattenSubcriteria,
  frameworkMax,
  parseAnnualFramework,
} from '../../domain/annual/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { peerGroupOf } from '../indices/index.js';
import { todayIn } from '../org/index.js';
import { assertManages, managesTenant, visibleUnitIds } from './annual.policy.js';
import { freezeRanking } from './annual.ranking.js';
import {
  type CycleRow,
  findCycle,
  frameworkOf,
  listParticipants,
  listScores,
  lockCycle,
  type Participant,
  submittedUnits,
} from './annual.repository.js';

/** Who acts: a signed-in staff member, or null for the command line. */
export interface AnnualActing {
  ctx: AppContext;
  tenantId: number;
  actor: Actor | null;
  requestId?: string | null;
}

export const actorIdOf = (actor: Actor | null) => actor?.userId ?? null;

/** Today in Vietnam time (YYYY-MM-DD): deadlines are whole days. */
export const todayOf = (ctx: AppContext) => todayIn(ctx.now());

export { frameworkOf };

/** The cycle of a year, or `not_found`. */
export async function requireCycle(
  db: Kysely<DB>,
  tenantId: number,
  year: number,
): Promise<CycleRow> {
  const cycle = await findCycle(db, tenantId, year);
  if (!cycle) throw new AppError('not_found', { details: { year } });
  return cycle;
}

/** @throws AppError `annual_wrong_state` unless the cycle is in one of `states`. */
export function assertState(cycle: CycleRow, ...states: CycleState[]): void {
  if (!states.includes(cycle.state))
    throw new AppError('annual_wrong_state', {
      details: { state: cycle.state, expected: states.length === 1 ? states[0] : states },
    });
}

/** Reads a framework and throws `annual_framework_invalid` listing every problem. */
export function readFramework(input: unknown): AnnualFramework {
  const parsed = parseAnnualFramework(input);
  if (!parsed.ok)
    throw new AppError('annual_framework_invalid', { details: { problems: parsed.problems } });
  return parsed.framework;
}

/**
 * Loads (or replaces) the framework of a year, creating the cycle as a draft. The framework is
 * editable only while the cycle is a draft: once published, units assess against it.
 *
 * @throws AppError `forbidden` (not the reform office tenant-wide), `annual_framework_invalid`,
 * `annual_wrong_state` (the cycle is past draft).
 */
export async function importFramework(
  input: AnnualActing & { year: number; framework: unknown },
): Promise<CycleView> {
  const { ctx, tenantId, actor, year } = input;
  await assertManages(ctx.db, actor, tenantId);
  const framework = readFramework(input.framework);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await lockCycle(trx, tenantId, year);
    if (existing) assertState(existing, 'draft');
    const row = existing
      ? await trx
          .updateTable('annual_cycles')
          .set({ framework: JSON.stringify(framework), updated_at: now })
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('annual_cycles')
          .values({ tenant_id: tenantId, year, framework: JSON.stringify(framework) })
          .onConflict((oc) => oc.columns(['tenant_id', 'year']).doNothing())
          .returning('id')
          .executeTakeFirst();
    if (!row)
      throw new AppError('version_conflict', { message: 'the cycle was created meanwhile' });
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      action: existing ? 'annual.framework_replaced' : 'annual.framework_imported',
      entity: 'annual_cycle',
      entityId: row.id,
      after: {
        year,
        fields: framework.fields.length,
        subcriteria: flattenSubcriteria(framework).length,
        maxPoints: frameworkMax(framework),
      },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
  return getCycle({ ...input, year });
}

/**
 * Moves the cycle one step on (the reform office's act), audited. Publishing the framework
 * (→ self_assessment) sets the self-assessment deadline, publishing provisional results
 * (→ provisional) the contest deadline; final waits for every contest to be answered. Provisional
 * and final results are frozen as published in the same transaction (annual.ranking.ts).
 *
 * @throws AppError `forbidden`, `not_found` (no cycle), `annual_wrong_state` (not the next
 * step), `validation_failed` (deadline missing), `annual_deadline_passed` (deadline in the
 * past), `annual_contests_pending`.
 */
export async function advanceCycle(
  input: AnnualActing & {
    year: number;
    to: CycleState;
    selfAssessmentDeadline?: string | undefined;
    contestDeadline?: string | undefined;
  },
): Promise<CycleView> {
  const { ctx, tenantId, actor, year, to } = input;
  await assertManages(ctx.db, actor, tenantId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, year);
    if (!cycle) throw new AppError('not_found', { details: { year } });
    const open = await trx
      .selectFrom('annual_contests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('cycle_id', '=', cycle.id)
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();
    const refusal = checkAdvance({
      from: cycle.state,
      to,
      today: todayIn(now),
      selfAssessmentDeadline: input.selfAssessmentDeadline ?? null,
      contestDeadline: input.contestDeadline ?? null,
      openContests: Number(open.n),
    });
    if (refusal) {
      switch (refusal.code) {
        case 'wrong_state':
          throw new AppError('annual_wrong_state', {
            details: { state: cycle.state, expected: refusal.expected },
          });
        case 'deadline_required':
          throw new AppError('validation_failed', {
            message: `${refusal.field} is required`,
            details: { issues: [{ path: `/${refusal.field}`, message: 'required' }] },
          });
        case 'deadline_in_past':
          throw new AppError('annual_deadline_passed', { details: { field: refusal.field } });
        case 'contests_pending':
          throw new AppError('annual_contests_pending', { details: { open: refusal.open } });
        default: {
          const unknown: never = refusal;
          throw new RangeError(String(unknown));
        }
      }
    }
    await trx
      .updateTable('annual_cycles')
      .set({
        state: to,
        updated_at: now,
        ...(to === 'self_assessment'
          ? { self_assessment_deadline: input.selfAssessmentDeadline, framework_published_at: now }
          : {}),
        ...(to === 'provisional'
          ? { contest_deadline: input.contestDeadline, provisional_published_at: now }
          : {}),
        ...(to === 'final' ? { final_published_at: now } : {}),
      })
      .where('id', '=', cycle.id)
      .execute();
    // Published results are frozen with the advance: what units and the public read from now
    // on is this snapshot, whatever changes later in the units or the recorded points.
    const frozen =
      to === 'provisional' || to === 'final' ? await freezeRanking(trx, cycle, to, now) : null;
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      action: 'annual.advanced',
      entity: 'annual_cycle',
      entityId: cycle.id,
      before: { state: cycle.state },
      after: {
        state: to,
        selfAssessmentDeadline: input.selfAssessmentDeadline ?? null,
        contestDeadline: input.contestDeadline ?? null,
        ...(frozen ? { publishedUnits: frozen.units.length } : {}),
      },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
  return getCycle(input);
}

export interface ParticipantProgress {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  peerGroup: string;
  submittedAt: string | null;
  /** Self-assessed sub-criteria the reform office has not appraised yet. */
  toAppraise: number;
  openContests: number;
}

export interface CycleView {
  year: number;
  state: CycleState;
  framework: AnnualFramework;
  maxPoints: number;
  selfAssessmentDeadline: string | null;
  contestDeadline: string | null;
  frameworkPublishedAt: string | null;
  provisionalPublishedAt: string | null;
  finalPublishedAt: string | null;
  /** Whether the caller runs the cycle (the reform office tenant-wide). */
  manages: boolean;
  /** The units taking part that the caller sees (all of them for the reform office). */
  participants: ParticipantProgress[];
}

/**
 * A year's cycle with its framework and progress: which units submitted, how many self scores
 * wait for appraisal, open contests. Leaders and specialists see their own units only; the
 * framework is hidden from them while it is a draft.
 *
 * @throws AppError `not_found` (no cycle, or a draft for a unit), `forbidden`.
 */
export async function getCycle(input: AnnualActing & { year: number }): Promise<CycleView> {
  const { ctx, tenantId, actor, year } = input;
  const cycle = await requireCycle(ctx.db, tenantId, year);
  const manages = await managesTenant(ctx.db, actor, tenantId);
  if (!manages && cycle.state === 'draft') throw new AppError('not_found', { details: { year } });
  const visible = await visibleUnitIds(ctx.db, actor, tenantId);
  const framework = frameworkOf(cycle);
  const participants = (await listParticipants(ctx.db, tenantId, year, framework)).filter(
    (p) => visible === null || visible.has(p.id),
  );
  if (!manages && participants.length === 0) throw new AppError('forbidden');
  return {
    year,
    state: cycle.state,
    framework,
    maxPoints: frameworkMax(framework),
    selfAssessmentDeadline: cycle.self_assessment_deadline,
    contestDeadline: cycle.contest_deadline,
    frameworkPublishedAt: cycle.framework_published_at?.toISOString() ?? null,
    provisionalPublishedAt: cycle.provisional_published_at?.toISOString() ?? null,
    finalPublishedAt: cycle.final_published_at?.toISOString() ?? null,
    manages,
    participants: await progressOf(ctx.db, cycle, framework, participants),
  };
}

async function progressOf(
  db: Kysely<DB>,
  cycle: CycleRow,
  framework: AnnualFramework,
  participants: Participant[],
): Promise<ParticipantProgress[]> {
  const [submitted, scores, contests] = await Promise.all([
    submittedUnits(db, cycle.id),
    listScores(db, cycle.id),
    db
      .selectFrom('annual_contests')
      .select(['unit_id'])
      .where('cycle_id', '=', cycle.id)
      .where('state', '=', 'open')
      .execute(),
  ]);
  const selfIds = flattenSubcriteria(framework)
    .filter((s) => s.method === 'self_assessed')
    .map((s) => s.id);
  const appraised = new Map<number, number>();
  for (const s of scores)
    if (s.appraised_points !== null && selfIds.includes(s.subcriterion_id))
      appraised.set(s.unit_id, (appraised.get(s.unit_id) ?? 0) + 1);
  return participants.map((p) => {
    const at = submitted.get(p.id);
    return {
      unitId: p.id,
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      kind: p.kind,
      peerGroup: peerGroupOf(p),
      submittedAt: at ? at.toISOString() : null,
      toAppraise: at ? selfIds.length - (appraised.get(p.id) ?? 0) : 0,
      openContests: contests.filter((c) => c.unit_id === p.id).length,
    };
  });
}

/** The years with a cycle, newest first (the reform office's list). */
export async function listCycles(
  input: AnnualActing,
): Promise<Array<{ year: number; state: CycleState }>> {
  const manages = await managesTenant(input.ctx.db, input.actor, input.tenantId);
  let q = input.ctx.db
    .selectFrom('annual_cycles')
    .select(['year', 'state'])
    .where('tenant_id', '=', input.tenantId)
    .orderBy('year', 'desc');
  if (!manages) q = q.where('state', '!=', 'draft');
  return q.execute();
}
