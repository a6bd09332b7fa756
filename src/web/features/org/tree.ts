import type { UnitTreeItem } from './api.js';

/** Lower-case, without Vietnamese diacritics (đ → d), for search that ignores accents. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * The units to show for a search: every unit whose code or name (either language) contains the
 * query, ignoring case and diacritics, plus its ancestors so it is shown in place. All units
 * when the query is empty. `hideFormer` drops former units unless they match.
 */
export function visibleUnits(
  units: UnitTreeItem[],
  query: string,
  hideFormer: boolean,
): { visible: Set<number>; matches: Set<number> } {
  const byId = new Map(units.map((u) => [u.id, u]));
  const q = fold(query.trim());
  const matches = new Set<number>();
  const visible = new Set<number>();
  for (const u of units) {
    const hit =
      q === ''
        ? !(hideFormer && u.former)
        : [u.code, u.name, u.nameEn ?? ''].some((s) => fold(s).includes(q));
    if (!hit) continue;
    if (q !== '') matches.add(u.id);
    for (
      let at: UnitTreeItem | undefined = u;
      at && !visible.has(at.id);
      at = at.parentId === null ? undefined : byId.get(at.parentId)
    ) {
      visible.add(at.id);
    }
  }
  if (q === '' && hideFormer) {
    // A unit under a former unit is hidden with it.
    for (const u of units)
      if (u.parentId !== null && !visible.has(u.parentId)) visible.delete(u.id);
  }
  return { visible, matches };
}

/**
 * The rows of the tree view in order: a unit is shown when it is visible and every ancestor is
 * expanded (a search expands everything it shows). `units` is the server's depth-first list.
 */
export function treeRows(
  units: UnitTreeItem[],
  visible: Set<number>,
  expanded: Set<number>,
  searching: boolean,
): UnitTreeItem[] {
  const shown = new Set<number>();
  const rows: UnitTreeItem[] = [];
  for (const u of units) {
    if (!visible.has(u.id)) continue;
    const parentOpen =
      u.parentId === null || (shown.has(u.parentId) && (searching || expanded.has(u.parentId)));
    if (!parentOpen) continue;
    shown.add(u.id);
    rows.push(u);
  }
  return rows;
}

/** Children of each unit among the visible ones, for aria-setsize / aria-posinset. */
export function siblingsIndex(rows: UnitTreeItem[]): Map<number, { size: number; pos: number }> {
  const groups = new Map<number | null, UnitTreeItem[]>();
  for (const r of rows) {
    const list = groups.get(r.parentId);
    if (list) list.push(r);
    else groups.set(r.parentId, [r]);
  }
  const index = new Map<number, { size: number; pos: number }>();
  for (const list of groups.values()) {
    for (const [i, r] of list.entries()) index.set(r.id, { size: list.length, pos: i + 1 });
  }
  return index;
}
