import { unitsUnderGrants } from '../../unitScope.js';
import type { StaffUnit } from './api.js';

/** Roles that read feedback (src/modules/feedback FEEDBACK_READ_ROLES). */
export const FEEDBACK_READ_ROLES = ['counter_officer', 'specialist', 'leader', 'reform_office'];

/**
 * The units whose feedback a user handles: the subtrees of their feedback-reading role grants
 * (a grant without a unit covers the tenant), in the tree's order. The server checks again; this
 * only keeps the take-in and filter lists to what the user can use.
 */
export function coveredUnits(
  units: readonly StaffUnit[],
  grants: ReadonlyArray<{ role: string; unitId: number | null }>,
): StaffUnit[] {
  return unitsUnderGrants(units, grants, FEEDBACK_READ_ROLES).units;
}
