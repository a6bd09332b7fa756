import { stringify } from 'csv-stringify/sync';
import {
  periodName,
  type ReceptionCounts,
  type ReportPeriod,
  readReportPeriod,
  summariseReception,
} from '../../domain/publicinfo/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode, listUnitTree, preorder, todayIn } from '../org/index.js';
import { assertManagesUnit, manageScope } from './publicinfo.policy.js';
import { tallySessions } from './reception.repository.js';

export interface StatsUnitRef {
  id: number;
  code: string;
  name: string;
}

/**
 * The reception statistics of a year or a quarter: one row per unit with sessions, and their
 * total.
 */
export interface ReceptionPeriodStats {
  period: ReportPeriod;
  /** The unit whose subtree was asked for; null = every unit in scope. */
  unit: StatsUnitRef | null;
  rows: Array<{ unit: StatsUnitRef; depth: number; counts: ReceptionCounts }>;
  total: ReceptionCounts;
}

/**
 * The period asked for: `year` (absent: `defaultYear`) and an optional `quarter` (1–4, Q1–Q4,
 * I–IV). Throws `reception_stats_period_invalid` with `details.problems` naming each bad part.
 */
export function readStatsPeriod(
  input: { year?: string | number | undefined; quarter?: string | number | undefined },
  defaultYear: number,
): ReportPeriod {
  const read = readReportPeriod(input, defaultYear);
  if (!read.ok)
    throw new AppError('reception_stats_period_invalid', {
      details: {
        problems: read.problems,
        year: input.year ?? null,
        quarter: input.quarter ?? null,
      },
    });
  return read.period;
}

/** `readStatsPeriod` with this year in Vietnam as the default. */
export function statsPeriod(
  ctx: AppContext,
  input: { year?: string | number | undefined; quarter?: string | number | undefined },
): ReportPeriod {
  return readStatsPeriod(input, Number(todayIn(ctx.now()).slice(0, 4)));
}

/**
 * Counts the sessions dated in the period under `roots` (null: the whole tenant) per unit, in
 * the tree's order (each unit after its parent). Units abolished since still count: their
 * sessions happened. Deleted sessions do not.
 */
async function statsUnder(
  ctx: AppContext,
  options: { tenantId: number; period: ReportPeriod; roots: number[] | null },
): Promise<Pick<ReceptionPeriodStats, 'rows' | 'total'>> {
  const { from, to } = options.period;
  const [tree, tallies] = await Promise.all([
    listUnitTree({ db: ctx.db, tenantId: options.tenantId, asOf: todayIn(ctx.now()) }),
    tallySessions(ctx.db, { tenantId: options.tenantId, from, to }),
  ]);
  const units = preorder(tree).map((u) => ({ ...u, parentId: u.parent_id }));
  const stats = summariseReception({ units, tallies, roots: options.roots });
  // Depths count from the shallowest unit shown, so a subtree's rows indent from its root.
  const top = Math.min(...stats.rows.map((r) => r.unit.depth));
  return {
    rows: stats.rows.map(({ unit, counts }) => ({
      unit: { id: unit.id, code: unit.code, name: unit.name },
      depth: unit.depth - top,
      counts,
    })),
    total: stats.total,
  };
}

/**
 * The statistics of the units the actor manages for a year or a quarter (`statsPeriod`),
 * optionally one unit's subtree rolled up. Throws `not_found` for an unknown unit,
 * `publicinfo_unit_out_of_scope` for a unit outside the actor's, `forbidden` for a role that
 * manages nothing.
 */
export async function receptionStats(
  ctx: AppContext,
  options: { actor: Actor; period: ReportPeriod; unitCode?: string | undefined },
): Promise<ReceptionPeriodStats> {
  const { actor } = options;
  const scope = manageScope(actor);
  let unit: StatsUnitRef | null = null;
  if (options.unitCode !== undefined) {
    const found = await findUnitByCode(ctx.db, actor.tenantId, options.unitCode);
    if (!found) throw new AppError('not_found', { details: { unit: options.unitCode } });
    await assertManagesUnit(ctx.db, actor, found.id);
    unit = { id: found.id, code: found.code, name: found.name };
  }
  const roots = unit ? [unit.id] : scope;
  return {
    period: options.period,
    unit,
    ...(await statsUnder(ctx, { tenantId: actor.tenantId, period: options.period, roots })),
  };
}

/**
 * The period as the answers carry it: the year, and for a quarter also the quarter and its
 * first and last day (a year's answer stays as it always was).
 */
export function periodFields(period: ReportPeriod) {
  return period.quarter === null
    ? { year: period.year }
    : { year: period.year, quarter: period.quarter, from: period.from, to: period.to };
}

/**
 * The published statistics: per unit, sessions held and citizens received, nothing else
 * (never notes, never cases or who came). An unknown unit answers no rows, as the other
 * public lists do.
 */
export async function publicReceptionStats(
  ctx: AppContext,
  options: { tenantId: number; period: ReportPeriod; unitCode?: string | undefined },
) {
  const period = periodFields(options.period);
  let unit: StatsUnitRef | null = null;
  if (options.unitCode !== undefined) {
    const found = await findUnitByCode(ctx.db, options.tenantId, options.unitCode);
    if (!found) return { ...period, unit: null, rows: [], total: { held: 0, citizensReceived: 0 } };
    unit = { id: found.id, code: found.code, name: found.name };
  }
  const stats = await statsUnder(ctx, {
    tenantId: options.tenantId,
    period: options.period,
    roots: unit ? [unit.id] : null,
  });
  const published = (c: ReceptionCounts) => ({
    held: c.held,
    citizensReceived: c.citizensReceived,
  });
  return {
    ...period,
    unit: unit ? { code: unit.code, name: unit.name } : null,
    rows: stats.rows
      .filter((r) => r.counts.held > 0)
      .map((r) => ({
        unit: { code: r.unit.code, name: r.unit.name },
        depth: r.depth,
        ...published(r.counts),
      })),
    total: published(stats.total),
  };
}

export const RECEPTION_STATS_CSV_COLUMNS = [
  'unit_code',
  'unit_name',
  'planned',
  'scheduled',
  'held',
  'cancelled',
  'rescheduled',
  'citizens_received',
  'cases_noted',
] as const;

/**
 * The statistics as CSV (UTF-8 with a byte-order mark, for spreadsheets): one unit a row,
 * then a total row with an empty unit code that names the period (`2026`, `Quý I/2026 (Q1
 * 2026)`).
 */
export function receptionStatsCsv(stats: ReceptionPeriodStats): string {
  const line = (code: string, name: string, c: ReceptionCounts) => [
    code,
    name,
    c.planned,
    c.scheduled,
    c.held,
    c.cancelled,
    c.rescheduled,
    c.citizensReceived,
    c.casesNoted,
  ];
  return `\ufeff${stringify(
    [
      ...stats.rows.map((r) => line(r.unit.code, r.unit.name, r.counts)),
      line('', `Tổng cộng / Total ${periodName(stats.period)}`, stats.total),
    ],
    { header: true, columns: [...RECEPTION_STATS_CSV_COLUMNS] },
  )}`;
}
