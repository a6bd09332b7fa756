/**
 * Deadlines of the registers are calendar dates (a recommendation or task is due "by 30 June"),
 * read in Vietnam time: an item is overdue from the day after its due date until it is done.
 */

/**
 * Whether an item due on `dueOn` (YYYY-MM-DD) and not done is overdue on `today` (YYYY-MM-DD,
 * the date in Vietnam now). Due today is not overdue yet.
 */
export function isOverdue(item: { dueOn: string; done: boolean }, today: string): boolean {
  return !item.done && item.dueOn < today;
}

/** Whole days past the due date (0 when not overdue). */
export function daysOverdue(item: { dueOn: string; done: boolean }, today: string): number {
  if (!isOverdue(item, today)) return 0;
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${item.dueOn}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** The default due date of a remediation plan: 31 July of its year (seed: plans due by 31 July). */
export function defaultPlanDueOn(year: number): string {
  return `${String(year).padStart(4, '0')}-07-31`;
}

/** The latest progress (percent) of a plan: the last report's by date, then by order; 0 without. */
export function latestPercent(
  reports: ReadonlyArray<{ reportedOn: string; percent: number }>,
): number {
  let best: { reportedOn: string; percent: number } | null = null;
  for (const r of reports) if (best === null || r.reportedOn >= best.reportedOn) best = r;
  return best?.percent ?? 0;
}
