import type { Kysely } from 'kysely';
import { type FormulaId, listIndicators, type Period } from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { frameworkInForce } from './framework.service.js';
import { sqlFile } from './sql-file.js';

/** Formulas counted over dossiers: their figures drill down to the dossiers behind them. */
export const DOSSIER_FORMULAS: ReadonlySet<FormulaId | 'dossiers_overdue'> = new Set([
  'dossiers_synced_to_portal',
  'dossiers_on_time',
  'dossiers_overdue',
  'dossiers_full_online',
  'channel_mix_online_share',
  'dossiers_paid_online',
  'dossiers_electronic_result',
  'dossiers_digitised',
  'electronic_certified_copies',
  'dossiers_reusing_data',
  'dossiers_citizen_data_store',
  'dossiers_population_data_or_vneid',
  'dossier_satisfaction',
]);

export interface DrilldownDossier {
  id: number;
  code: string | null;
  status: string;
  channel: number;
  receivingUnit: string;
  receivedAt: string;
  originalDueAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  outcome: string | null;
  supplementCount: number;
  /** The dossier's class for indicator 2.1 in this period (null when outside its population). */
  periodClass: string | null;
}

function iso7(value: Date | string | null): string | null {
  if (value === null) return null;
  const ms = new Date(value).getTime();
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * Lists the dossiers behind the numerator or denominator of one indicator of a unit (its whole
 * subtree) in a period, or the overdue list (`indicatorId: 'overdue'`). Staff only: callers
 * check the actor's scope first. Throws `not_found` for an indicator the framework does not have
 * and `validation_failed` for an indicator counted over procedures (not dossiers).
 */
export async function listIndicatorDossiers(input: {
  db: Kysely<DB>;
  tenantId: number;
  unitId: number;
  period: Period;
  judge: string;
  indicatorId: string;
  side: 'numerator' | 'denominator';
  limit?: number;
  offset?: number;
}): Promise<{ total: number; dossiers: DrilldownDossier[] }> {
  let formula: string;
  if (input.indicatorId === 'overdue') formula = 'dossiers_overdue';
  else {
    const framework = await frameworkInForce(input.db, input.tenantId, input.period.from);
    const indicator = listIndicators(framework).find((i) => i.id === input.indicatorId);
    if (!indicator)
      throw new AppError('not_found', { message: `no indicator ${input.indicatorId}` });
    formula = indicator.formulaId;
  }
  if (!DOSSIER_FORMULAS.has(formula as FormulaId)) {
    throw new AppError('validation_failed', {
      message: `indicator ${input.indicatorId} counts procedures or feedback, not dossiers`,
    });
  }
  const result = await sqlFile<Record<string, unknown>>('drilldown.sql', {
    tenant_id: input.tenantId,
    unit_id: input.unitId,
    from: input.period.from,
    to: input.period.to,
    judge: input.judge,
    formula,
    side: formula === 'dossiers_overdue' ? 'numerator' : input.side,
    limit: input.limit ?? 100,
    offset: input.offset ?? 0,
  }).execute(input.db);
  const rows = result.rows;
  return {
    total: rows.length > 0 ? Number(rows[0]?.total_count) : 0,
    dossiers: rows.map((r) => ({
      id: Number(r.id),
      code: (r.code as string | null) ?? null,
      status: String(r.status),
      channel: Number(r.channel),
      receivingUnit: String(r.receiving_unit_code),
      receivedAt: iso7(r.received_at as Date) as string,
      originalDueAt: iso7(r.original_due_at as Date | null),
      dueAt: iso7(r.due_at as Date | null),
      finishedAt: iso7(r.finished_at as Date | null),
      outcome: (r.outcome as string | null) ?? null,
      supplementCount: Number(r.supplement_count),
      periodClass: (r.period_class as string | null) ?? null,
    })),
  };
}
