import {
  type AutomaticMetric,
  creditPredecessorItems,
  edgesEffectiveIn,
  flattenSubcriteria,
  isRegisterMetric,
  type RegisterItemCounts,
  type RegisterMetric,
  scoreAutomatic,
  validateSurveyRows,
} from '../../domain/annual/index.js';
import { type FormulaId, round2 } from '../../domain/indices/index.js';
import { doneOnTimeRate, initiativesFiledRate } from '../../domain/registers/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors.js';
import { computeServiceIndex, countsFor, readPeriod } from '../indices/index.js';
import { loadLineageGraph, todayIn } from '../org/index.js';
import { registerCountsByUnit } from '../registers/index.js';
import { readCsv } from './annual.csv.js';
import {
  type AnnualActing,
  actorIdOf,
  assertState,
  frameworkOf,
  requireCycle,
} from './annual.cycle.js';
import { assertManages } from './annual.policy.js';
import { listParticipants, lockCycle, upsertScore } from './annual.repository.js';

/**
 * Imports survey points (DOMAIN §7: questionnaires of officials, citizens, businesses; SIPAS)
 * from CSV `unit_code,subcriterion_id,points` during appraisal. All or nothing: one bad row and
 * nothing is written; every bad cell is reported with its row and column.
 *
 * @throws AppError `forbidden`, `not_found` (no cycle), `annual_wrong_state`, `import_invalid`.
 */
export async function importSurvey(
  input: AnnualActing & { year: number; csv: string },
): Promise<{ imported: number }> {
  const { ctx, tenantId, actor } = input;
  await assertManages(ctx.db, actor, tenantId);
  const records = readCsv(input.csv);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found', { details: { year: input.year } });
    assertState(cycle, 'appraisal');
    const framework = frameworkOf(cycle);
    const participants = await listParticipants(trx, tenantId, cycle.year, framework);
    const byCode = new Map(participants.map((p) => [p.code, p]));
    const checked = validateSurveyRows(records, framework, new Set(byCode.keys()));
    if (!checked.ok)
      throw new AppError('import_invalid', { details: { issues: checked.problems } });
    for (const row of checked.rows)
      await upsertScore(
        trx,
        {
          tenantId,
          cycleId: cycle.id,
          unitId: byCode.get(row.unitCode)!.id,
          subcriterionId: row.subcriterionId,
        },
        { survey_points: row.points },
      );
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      action: 'annual.survey_imported',
      entity: 'annual_cycle',
      entityId: cycle.id,
      after: { rows: checked.rows.length },
      requestId: input.requestId ?? null,
      at: now,
    });
    return { imported: checked.rows.length };
  });
}

export interface AutomaticOutcome {
  unitCode: string;
  subcriterionId: string;
  metric: AutomaticMetric;
  /** Percent; null when the unit had nothing to count (0 points). */
  rate: number | null;
  points: number;
}

/**
 * Computes the automatic sub-criteria of every participating unit from the system's own data for
 * the year: a metric is a service-index formula (src/modules/indices) over the whole year or a
 * rate from the governance registers (src/modules/registers), scored linear or stepped as the
 * framework says. A unit that succeeded others during the year (lineage edges effective in it)
 * is credited with their register items of the year. Running it again replaces the points.
 *
 * @throws AppError `forbidden`, `not_found`, `annual_wrong_state` (not appraisal).
 */
export async function computeAutomatic(
  input: AnnualActing & { year: number },
): Promise<{ results: AutomaticOutcome[] }> {
  const { ctx, tenantId, actor } = input;
  await assertManages(ctx.db, actor, tenantId);
  const now = ctx.now();
  // The service index is read before the transaction: on the embedded database one connection
  // serves everything, and the computation is a read of recorded facts.
  const before = await requireCycle(ctx.db, tenantId, input.year);
  assertState(before, 'appraisal');
  const index = await computeServiceIndex({
    db: ctx.db,
    tenantId,
    period: readPeriod(String(before.year)),
    compare: false,
    minSample: 0,
    now,
  });
  const registers = await registerCountsByUnit(ctx.db, {
    tenantId,
    year: before.year,
    today: todayIn(now),
  });
  const lineage = await loadLineageGraph(ctx.db, tenantId);
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, tenantId, input.year);
    if (!cycle) throw new AppError('not_found', { details: { year: input.year } });
    assertState(cycle, 'appraisal');
    const framework = frameworkOf(cycle);
    const automatic = flattenSubcriteria(framework).filter((s) => s.method === 'automatic');
    const participants = await listParticipants(trx, tenantId, cycle.year, framework);
    const facts = new Map(index.units.map((u) => [u.unitId, u.facts]));
    // A unit formed during the year counts its former units' register items of the year too.
    const registerItems = creditPredecessorItems(
      registers,
      edgesEffectiveIn(lineage.edges, cycle.year),
      new Set(participants.map((p) => p.id)),
    );
    const results: AutomaticOutcome[] = [];
    for (const p of participants)
      for (const sub of automatic) {
        const rate = isRegisterMetric(sub.metric!)
          ? registerRate(sub.metric, registerItems.get(p.id))
          : indexRate(sub.metric as FormulaId, facts.get(p.id));
        const points = scoreAutomatic(rate, sub.maxPoints, sub.scoring!);
        await upsertScore(
          trx,
          { tenantId, cycleId: cycle.id, unitId: p.id, subcriterionId: sub.id },
          { auto_points: points, auto_rate: rate },
        );
        results.push({
          unitCode: p.code,
          subcriterionId: sub.id,
          metric: sub.metric!,
          rate,
          points,
        });
      }
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      action: 'annual.automatic_computed',
      entity: 'annual_cycle',
      entityId: cycle.id,
      after: { units: participants.length, subcriteria: automatic.map((s) => s.id) },
      requestId: input.requestId ?? null,
      at: now,
    });
    return { results };
  });
}

/** A service-index formula's rate for the year; null when the unit had nothing to count. */
function indexRate(
  formula: FormulaId,
  facts: Parameters<typeof countsFor>[1] | undefined,
): number | null {
  const counts = facts ? countsFor(formula, facts) : undefined;
  return counts && counts.denominator > 0
    ? round2((counts.numerator / counts.denominator) * 100)
    : null;
}

/** A register metric's rate for the year (src/domain/registers/annual-metrics.ts). */
function registerRate(
  metric: RegisterMetric,
  counts: RegisterItemCounts | undefined,
): number | null {
  switch (metric) {
    case 'initiatives_filed':
      return initiativesFiledRate(counts?.initiativesFiled ?? 0);
    case 'inspection_recommendations_closed_on_time':
      return doneOnTimeRate(counts?.recommendations);
    case 'remediation_tasks_done_on_time':
      return doneOnTimeRate(counts?.tasks);
    default: {
      const unknown: never = metric;
      throw new RangeError(`unknown register metric ${String(unknown)}`);
    }
  }
}
