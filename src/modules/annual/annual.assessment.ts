import type { Kysely } from 'kysely';
import {
  type CycleState,
  effectivePoints,
  flattenSubcriteria,
  isPastDeadline,
  isValidPoints,
  type ScoringMethod,
} from '../../domain/annual/index.js';
import type { LocalizedText } from '../../domain/indices/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { claimUploadedFiles, getStoredFile } from '../files/index.js';
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
  ANNUAL_DRAFT_ROLES,
  ANNUAL_SUBMIT_ROLES,
  ANNUAL_UNIT_READ_ROLES,
  assertManages,
  assertUnitRole,
  managesTenant,
} from './annual.policy.js';
import {
  type CycleRow,
  listParticipants,
  listScores,
  lockCycle,
  type Participant,
  pointsOf,
  toEntry,
  upsertScore,
} from './annual.repository.js';

export interface AssessmentItem {
  subcriterionId: string;
  fieldId: string;
  criterionId: string;
  name: LocalizedText;
  maxPoints: number;
  method: ScoringMethod;
  selfPoints: number | null;
  evidence: string | null;
  evidenceFileIds: number[];
  /** The evidence files' names, for download links. */
  evidenceFiles: Array<{ id: number; name: string }>;
  appraisedPoints: number | null;
  appraisalReason: string | null;
  surveyPoints: number | null;
  autoPoints: number | null;
  /** The metric's rate (percent) behind automatic points; null = no data. */
  autoRate: number | null;
  contestPoints: number | null;
  /** What the sub-criterion counts for now. */
  points: number;
}

export interface Assessment {
  year: number;
  state: CycleState;
  unit: { id: number; code: string; name: string; nameEn: string | null; kind: string };
  selfAssessmentDeadline: string | null;
  submittedAt: string | null;
  /** Whether the caller may save a draft now (state, deadline, not submitted, role). */
  editable: boolean;
  canSubmit: boolean;
  canAppraise: boolean;
  fields: Array<{ id: string; name: LocalizedText; maxPoints: number }>;
  items: AssessmentItem[];
}

/** A participating unit of the cycle by code; anything else answers `not_found`. */
async function participant(
  input: AnnualActing,
  cycle: CycleRow,
  unitCode: string,
): Promise<Participant> {
  const unit = await findUnitByCode(input.ctx.db, input.tenantId, unitCode);
  const list = unit
    ? await listParticipants(input.ctx.db, input.tenantId, cycle.year, frameworkOf(cycle))
    : [];
  const found = list.find((p) => p.id === unit?.id);
  if (!found) throw new AppError('not_found', { details: { unit: unitCode } });
  return found;
}

async function submittedAt(input: AnnualActing, cycleId: number, unitId: number) {
  const row = await input.ctx.db
    .selectFrom('annual_submissions')
    .select('submitted_at')
    .where('cycle_id', '=', cycleId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row?.submitted_at ?? null;
}

/**
 * A unit's assessment: every sub-criterion with its self score and evidence, the reform office's
 * appraisal, survey and computed points, and what it counts for. Readable by the unit's leaders
 * and specialists and by the reform office; a draft cycle is not shown to units.
 *
 * @throws AppError `not_found` (no cycle, not a participant, or a draft), `forbidden`.
 */
export async function getAssessment(
  input: AnnualActing & { year: number; unitCode: string },
): Promise<Assessment> {
  const { ctx, tenantId, actor } = input;
  const cycle = await requireCycle(ctx.db, tenantId, input.year);
  const manages = await managesTenant(ctx.db, actor, tenantId);
  if (!manages && cycle.state === 'draft') throw new AppError('not_found');
  const unit = await participant(input, cycle, input.unitCode);
  await assertUnitRole(ctx.db, actor, tenantId, ANNUAL_UNIT_READ_ROLES, unit.id, true);
  const framework = frameworkOf(cycle);
  const [rows, at, files] = await Promise.all([
    listScores(ctx.db, cycle.id, unit.id),
    submittedAt(input, cycle.id, unit.id),
    ctx.db
      .selectFrom('stored_files')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('claimed_for', '=', `annual:${cycle.id}:${unit.id}`)
      .execute(),
  ]);
  const fileNames = new Map(files.map((f) => [f.id, f.name]));
  const byId = new Map(rows.map((r) => [r.subcriterion_id, r]));
  const open =
    cycle.state === 'self_assessment' &&
    at === null &&
    !isPastDeadline(cycle.self_assessment_deadline, todayOf(ctx));
  const can = async (roles: typeof ANNUAL_DRAFT_ROLES) => {
    try {
      await assertUnitRole(ctx.db, actor, tenantId, roles, unit.id);
      return true;
    } catch {
      return false;
    }
  };
  return {
    year: cycle.year,
    state: cycle.state,
    unit: { id: unit.id, code: unit.code, name: unit.name, nameEn: unit.nameEn, kind: unit.kind },
    selfAssessmentDeadline: cycle.self_assessment_deadline,
    submittedAt: at?.toISOString() ?? null,
    editable: open && (await can(ANNUAL_DRAFT_ROLES)),
    canSubmit: open && (await can(ANNUAL_SUBMIT_ROLES)),
    canAppraise: cycle.state === 'appraisal' && manages,
    fields: framework.fields.map((f) => ({ id: f.id, name: f.name, maxPoints: f.maxPoints })),
    items: flattenSubcriteria(framework).map((s) => {
      const row = byId.get(s.id);
      return {
        subcriterionId: s.id,
        fieldId: s.fieldId,
        criterionId: s.criterionId,
        name: s.name,
        maxPoints: s.maxPoints,
        method: s.method,
        selfPoints: pointsOf(row?.self_points ?? null),
        evidence: row?.evidence ?? null,
        evidenceFileIds: (row?.evidence_file_ids as number[] | undefined) ?? [],
        evidenceFiles: ((row?.evidence_file_ids as number[] | undefined) ?? []).map((id) => ({
          id,
          name: fileNames.get(id) ?? String(id),
        })),
        appraisedPoints: pointsOf(row?.appraised_points ?? null),
        appraisalReason: row?.appraisal_reason ?? null,
        surveyPoints: pointsOf(row?.survey_points ?? null),
        autoPoints: pointsOf(row?.auto_points ?? null),
        autoRate: pointsOf(row?.auto_rate ?? null),
        contestPoints: pointsOf(row?.contest_points ?? null),
        points: effectivePoints(s, toEntry(row, at !== null)),
      };
    }),
  };
}

/**
 * Takes over the evidence files newly named by a save: the saver's own uploads, not yet attached
 * elsewhere, become the unit's evidence (`annual:<cycle>:<unit>`), so the clean-up of unclaimed
 * uploads leaves them and nobody can name someone else's file. Files that are already the unit's
 * evidence may be named again (also after a save that left them out). The command line (no user) may name any file of the tenant.
 *
 * @throws AppError `not_found` (details.fileIds) for unknown, foreign or already attached files.
 */
async function claimEvidence(
  db: Kysely<DB>,
  input: {
    tenantId: number;
    actor: Actor | null;
    cycleId: number;
    unitId: number;
    entries: SelfEntry[];
    now: Date;
  },
): Promise<void> {
  const owner = `annual:${input.cycleId}:${input.unitId}`;
  const existing = new Set(
    (
      await db
        .selectFrom('stored_files')
        .select('id')
        .where('tenant_id', '=', input.tenantId)
        .where('claimed_for', '=', owner)
        .execute()
    ).map((r) => r.id),
  );
  const fresh = [...new Set(input.entries.flatMap((e) => e.fileIds ?? []))].filter(
    (id) => !existing.has(id),
  );
  if (fresh.length === 0) return;
  if (input.actor === null) {
    for (const id of fresh)
      await getStoredFile({ db, tenantId: input.tenantId, id }).catch(() => {
        throw new AppError('not_found', { details: { fileIds: [id] } });
      });
    return;
  }
  await claimUploadedFiles({
    db,
    tenantId: input.tenantId,
    userId: input.actor.userId,
    ids: fresh,
    claimedFor: owner,
    now: input.now,
  });
}

export interface SelfEntry {
  subcriterionId: string;
  points: number | null;
  evidence?: string | null | undefined;
  fileIds?: number[] | undefined;
}

/** Checks the cycle is open for the unit's self-assessment today. */
async function assertSelfAssessmentOpen(input: AnnualActing, cycle: CycleRow, unitId: number) {
  assertState(cycle, 'self_assessment');
  if (isPastDeadline(cycle.self_assessment_deadline, todayOf(input.ctx)))
    throw new AppError('annual_deadline_passed', {
      details: { deadline: cycle.self_assessment_deadline },
    });
  if ((await submittedAt(input, cycle.id, unitId)) !== null)
    throw new AppError('annual_already_submitted');
}

/**
 * Saves a draft of a unit's self-assessment: per self-assessed sub-criterion a score 0..max and
 * evidence (text and stored file ids). Drafts may be saved again until the unit submits.
 *
 * @throws AppError `forbidden` (not a leader or specialist of the unit), `annual_wrong_state`,
 * `annual_deadline_passed`, `annual_already_submitted`, `annual_score_out_of_range`,
 * `validation_failed` (a sub-criterion that is not self-assessed), `not_found` (an evidence
 * file that is not the saver's own unattached upload).
 */
export async function saveSelfAssessment(
  input: AnnualActing & { year: number; unitCode: string; entries: SelfEntry[] },
): Promise<Assessment> {
  const { ctx, tenantId, actor } = input;
  const cycle0 = await requireCycle(ctx.db, tenantId, input.year);
  const unit = await participant(input, cycle0, input.unitCode);
  await assertUnitRole(ctx.db, actor, tenantId, ANNUAL_DRAFT_ROLES, unit.id);
  const subs = new Map(flattenSubcriteria(frameworkOf(cycle0)).map((s) => [s.id, s]));
  const problems: Array<{ path: string; message: string }> = [];
  input.entries.forEach((e, i) => {
    const sub = subs.get(e.subcriterionId);
    if (sub?.method !== 'self_assessed')
      problems.push({
        path: `/entries/${i}/subcriterionId`,
        message: 'not a self-assessed sub-criterion',
      });
  });
  if (problems.length > 0)
    throw new AppError('validation_failed', { details: { issues: problems } });
  const outOfRange = input.entries
    .map((e, i) => ({ e, i, max: subs.get(e.subcriterionId)?.maxPoints ?? 0 }))
    .filter(({ e, max }) => e.points !== null && !isValidPoints(e.points, max))
    .map(({ e, i, max }) => ({
      path: `/entries/${i}/points`,
      subcriterionId: e.subcriterionId,
      max,
    }));
  if (outOfRange.length > 0)
    throw new AppError('annual_score_out_of_range', { details: { issues: outOfRange } });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found');
    await assertSelfAssessmentOpen({ ...input, ctx: { ...ctx, db: trx } }, cycle, unit.id);
    await claimEvidence(trx, {
      tenantId,
      actor,
      cycleId: cycle.id,
      unitId: unit.id,
      entries: input.entries,
      now,
    });
    for (const e of input.entries)
      await upsertScore(
        trx,
        { tenantId, cycleId: cycle.id, unitId: unit.id, subcriterionId: e.subcriterionId },
        {
          self_points: e.points,
          evidence: e.evidence?.trim() || null,
          evidence_file_ids: JSON.stringify([...new Set(e.fileIds ?? [])]),
          self_updated_by: actorIdOf(actor),
          self_updated_at: now,
        },
      );
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      unitId: unit.id,
      action: 'annual.self_assessment_saved',
      entity: 'annual_cycle',
      entityId: cycle.id,
      after: { unit: unit.code, entries: input.entries.map((e) => [e.subcriterionId, e.points]) },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
  return getAssessment(input);
}

/**
 * Submits a unit's self-assessment (its leader): every self-assessed sub-criterion must have a
 * score; afterwards the self-assessment is read-only.
 *
 * @throws AppError `forbidden` (not a leader of the unit), `annual_wrong_state`,
 * `annual_deadline_passed`, `annual_already_submitted`, `validation_failed` (scores missing).
 */
export async function submitSelfAssessment(
  input: AnnualActing & { year: number; unitCode: string },
): Promise<Assessment> {
  const { ctx, tenantId, actor } = input;
  const cycle0 = await requireCycle(ctx.db, tenantId, input.year);
  const unit = await participant(input, cycle0, input.unitCode);
  await assertUnitRole(ctx.db, actor, tenantId, ANNUAL_SUBMIT_ROLES, unit.id);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found');
    await assertSelfAssessmentOpen({ ...input, ctx: { ...ctx, db: trx } }, cycle, unit.id);
    const rows = new Map(
      (await listScores(trx, cycle.id, unit.id)).map((r) => [r.subcriterion_id, r]),
    );
    const missing = flattenSubcriteria(frameworkOf(cycle))
      .filter((s) => s.method === 'self_assessed' && rows.get(s.id)?.self_points == null)
      .map((s) => s.id);
    if (missing.length > 0)
      throw new AppError('validation_failed', {
        message: 'every self-assessed sub-criterion needs a score',
        details: { missing },
      });
    await trx
      .insertInto('annual_submissions')
      .values({
        cycle_id: cycle.id,
        unit_id: unit.id,
        tenant_id: tenantId,
        submitted_by: actorIdOf(actor),
        submitted_at: now,
      })
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      unitId: unit.id,
      action: 'annual.self_assessment_submitted',
      entity: 'annual_cycle',
      entityId: cycle.id,
      after: { unit: unit.code },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
  return getAssessment(input);
}

export interface AppraisalEntry {
  subcriterionId: string;
  points: number;
  reason?: string | null | undefined;
}

/**
 * The reform office's appraisal of a unit's self-assessment: per self-assessed sub-criterion it
 * accepts the self score (the same points) or sets others with a mandatory written reason.
 *
 * @throws AppError `forbidden`, `annual_wrong_state` (not appraisal), `validation_failed` (not a
 * self-assessed sub-criterion), `annual_score_out_of_range`, `annual_reason_required`.
 */
export async function appraise(
  input: AnnualActing & { year: number; unitCode: string; entries: AppraisalEntry[] },
): Promise<Assessment> {
  const { ctx, tenantId, actor } = input;
  await assertManages(ctx.db, actor, tenantId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found', { details: { year: input.year } });
    assertState(cycle, 'appraisal');
    const unit = await participant({ ...input, ctx: { ...ctx, db: trx } }, cycle, input.unitCode);
    const subs = new Map(flattenSubcriteria(frameworkOf(cycle)).map((s) => [s.id, s]));
    const rows = new Map(
      (await listScores(trx, cycle.id, unit.id)).map((r) => [r.subcriterion_id, r]),
    );
    const changes: Array<[string, number | null, number]> = [];
    for (const [i, e] of input.entries.entries()) {
      const sub = subs.get(e.subcriterionId);
      if (sub?.method !== 'self_assessed')
        throw new AppError('validation_failed', {
          details: {
            issues: [
              {
                path: `/entries/${i}/subcriterionId`,
                message: 'not a self-assessed sub-criterion',
              },
            ],
          },
        });
      if (!isValidPoints(e.points, sub.maxPoints))
        throw new AppError('annual_score_out_of_range', {
          details: {
            issues: [{ path: `/entries/${i}/points`, subcriterionId: sub.id, max: sub.maxPoints }],
          },
        });
      const self = pointsOf(rows.get(sub.id)?.self_points ?? null);
      const reason = e.reason?.trim() || null;
      if (e.points !== self && !reason)
        throw new AppError('annual_reason_required', {
          details: { path: `/entries/${i}/reason`, subcriterionId: sub.id, selfPoints: self },
        });
      await upsertScore(
        trx,
        { tenantId, cycleId: cycle.id, unitId: unit.id, subcriterionId: sub.id },
        {
          appraised_points: e.points,
          appraisal_reason: reason,
          appraised_by: actorIdOf(actor),
          appraised_at: now,
        },
      );
      changes.push([sub.id, self, e.points]);
    }
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      unitId: unit.id,
      action: 'annual.appraised',
      entity: 'annual_cycle',
      entityId: cycle.id,
      after: { unit: unit.code, changes },
      requestId: input.requestId ?? null,
      at: now,
    });
  });
  return getAssessment(input);
}

/**
 * Checks that a stored file is evidence of the unit in this cycle and that the caller may read
 * the unit's assessment (its leaders and specialists, the reform office); anything else answers
 * `not_found`, so file ids cannot be probed through this route.
 */
export async function assertCanReadEvidence(
  input: AnnualActing & { year: number; unitCode: string; fileId: number },
): Promise<void> {
  const { ctx, tenantId, actor } = input;
  const cycle = await requireCycle(ctx.db, tenantId, input.year);
  const unit = await participant(input, cycle, input.unitCode);
  try {
    await assertUnitRole(ctx.db, actor, tenantId, ANNUAL_UNIT_READ_ROLES, unit.id, true);
  } catch {
    throw new AppError('not_found');
  }
  const file = await ctx.db
    .selectFrom('stored_files')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', input.fileId)
    .where('claimed_for', '=', `annual:${cycle.id}:${unit.id}`)
    .executeTakeFirst();
  if (!file) throw new AppError('not_found');
}
