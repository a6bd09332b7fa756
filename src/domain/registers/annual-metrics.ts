import { round2 } from '../indices/index.js';

/**
 * The annual index's metrics read from the governance registers (DOMAIN §7: "initiatives filed",
 * follow-up of inspections and remediation plans), as rates in percent like the service-index
 * metrics. The registers module counts, per unit and year; these rules turn counts into rates.
 */

/** Items (recommendations or tasks) of one unit whose deadline falls in the year. */
export interface DeadlineCounts {
  /** Every item due in the year. */
  due: number;
  /** Done on or before its deadline (the Vietnam date it was marked done). */
  doneOnTime: number;
  /** Not done and its deadline not passed yet (today or later): the outcome is not known. */
  pending: number;
}

/**
 * `initiatives_filed`: 100 when the unit filed at least one reform initiative for the year, else
 * 0 (DOMAIN §10: every agency files at least one a year). Never "no data": a unit expected to
 * file that filed nothing scores 0.
 */
export function initiativesFiledRate(filed: number): number {
  return filed > 0 ? 100 : 0;
}

/**
 * `inspection_recommendations_closed_on_time`, `remediation_tasks_done_on_time`: the share of the
 * items due in the year that were done by their deadline, in percent (2 decimals). Items still
 * open before their deadline are left out (they may yet be done in time); an item done late or
 * still open after its deadline counts against. Null when nothing is left to judge — no data,
 * which the annual scoring counts as 0 like every other metric.
 */
export function doneOnTimeRate(counts: DeadlineCounts | undefined): number | null {
  if (!counts) return null;
  const judged = counts.due - counts.pending;
  if (judged <= 0) return null;
  return round2((counts.doneOnTime / judged) * 100);
}
