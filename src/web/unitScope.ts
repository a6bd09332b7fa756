/**
 * The units a user's role grants cover: a grant over a unit covers its whole subtree, a grant
 * without a unit the whole tenant. Screens use it to keep pickers and filters to what the user
 * can use; the server checks every request again.
 */
export function unitsUnderGrants<U extends { id: number; parentId: number | null }>(
  units: readonly U[],
  grants: ReadonlyArray<{ role: string; unitId: number | null }>,
  roles: readonly string[],
): { units: U[]; tenantWide: boolean } {
  const roots = grants.filter((g) => roles.includes(g.role));
  if (roots.some((g) => g.unitId === null)) return { units: [...units], tenantWide: true };
  const covered = new Set(roots.map((g) => g.unitId as number));
  const byId = new Map(units.map((u) => [u.id, u]));
  const inside = (unit: U): boolean => {
    for (let u: U | undefined = unit; u; u = u.parentId === null ? undefined : byId.get(u.parentId))
      if (covered.has(u.id)) return true;
    return false;
  };
  return { units: units.filter(inside), tenantWide: false };
}

/**
 * A unit's line in a picker: indented under its parent (non-breaking spaces, since a native
 * <option> has no other way to show the tree), name in the current language, then its code.
 */
export function unitOptionLabel(
  unit: { depth: number; name: string; nameEn: string | null; code: string },
  baseDepth: number,
  language: string,
): string {
  const indent = '\u00a0\u00a0\u00a0'.repeat(Math.max(0, unit.depth - baseDepth));
  const name = language === 'en' && unit.nameEn ? unit.nameEn : unit.name;
  return `${indent}${name} (${unit.code})`;
}
