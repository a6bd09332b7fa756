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
