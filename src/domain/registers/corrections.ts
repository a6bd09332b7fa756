import type { InspectionState, RecommendationState, TaskStatus } from './machines.js';

/**
 * Corrections in place and withdrawals of register records (docs/registers.md). A record is
 * corrected only while nothing has been built on it yet; a record entered by mistake is
 * withdrawn by the reform office with a written reason, never deleted.
 */

/** An inspection's plan (body, kind, date, scope) may be corrected until it is concluded. */
export function inspectionCorrectable(state: InspectionState): boolean {
  return state === 'planned' || state === 'in_progress';
}

/** The inspected unit may change only while the inspection is planned (not yet begun there). */
export function inspectedUnitChangeable(state: InspectionState): boolean {
  return state === 'planned';
}

/** A recommendation may be corrected while it is open (not yet reported done). */
export function recommendationCorrectable(state: RecommendationState): boolean {
  return state === 'open';
}

/** A remediation plan may be corrected until its first progress report. */
export function planCorrectable(reports: number): boolean {
  return reports === 0;
}

/** A plan task may be corrected until it is done. */
export function taskCorrectable(status: TaskStatus): boolean {
  return status !== 'done';
}

/** The longest withdrawal reason kept (the database refuses more). */
export const WITHDRAWAL_REASON_MAX = 2000;

/**
 * The written reason of a withdrawal, trimmed, or null when there is none (blank or only
 * spaces): a withdrawal without a reason is refused.
 */
export function withdrawalReason(reason: string | null | undefined): string | null {
  const text = (reason ?? '').trim();
  return text === '' ? null : text;
}

/**
 * Why a record cannot be restored to the register now, or null when it can: it must be
 * withdrawn (`not_withdrawn`), and a recommendation or task comes back only while its inspection
 * or plan is in the register (`parent_withdrawn`: restore the parent, which brings back what
 * was withdrawn with it).
 */
export function restoreRefusal(record: {
  withdrawn: boolean;
  parentWithdrawn?: boolean | undefined;
}): 'not_withdrawn' | 'parent_withdrawn' | null {
  if (!record.withdrawn) return 'not_withdrawn';
  if (record.parentWithdrawn) return 'parent_withdrawn';
  return null;
}

/**
 * The children that come back when their withdrawn parent is restored: exactly those the
 * parent's withdrawal took with it, not those withdrawn earlier on their own.
 */
export function restoredWithParent<T extends { withdrawn: boolean; withdrawnAlong: boolean }>(
  children: readonly T[],
): T[] {
  return children.filter((c) => c.withdrawn && c.withdrawnAlong);
}
