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
  const roots = grants.filter((g) => FEEDBACK_READ_ROLES.includes(g.role));
  if (roots.some((g) => g.unitId === null)) return [...units];
  const covered = new Set(roots.map((g) => g.unitId as number));
  const byId = new Map(units.map((u) => [u.id, u]));
  const inside = (unit: StaffUnit): boolean => {
    for (
      let u: StaffUnit | undefined = unit;
      u;
      u = u.parentId === null ? undefined : byId.get(u.parentId)
    )
      if (covered.has(u.id)) return true;
    return false;
  };
  return units.filter(inside);
}
