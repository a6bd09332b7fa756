import type { LineageReach } from './org.lineage.js';
import type { UnitRow } from './org.repository.js';
import type { UnitDetail, UnitListing } from './org.service.js';

function isFormer(
  unit: { valid_from: string | null; valid_to: string | null },
  asOf: string,
): boolean {
  return (
    (unit.valid_to !== null && unit.valid_to < asOf) ||
    (unit.valid_from !== null && unit.valid_from > asOf)
  );
}

export function presentUnit(unit: UnitRow, asOf: string) {
  return {
    id: unit.id,
    parentId: unit.parent_id,
    kind: unit.kind,
    level: unit.level,
    code: unit.code,
    name: unit.name,
    nameEn: unit.name_en,
    validFrom: unit.valid_from,
    validTo: unit.valid_to,
    former: isFormer(unit, asOf),
  };
}

export function presentUnitSummary(unit: Pick<UnitRow, 'id' | 'code' | 'name' | 'name_en'>) {
  return { id: unit.id, code: unit.code, name: unit.name, nameEn: unit.name_en };
}

/**
 * Orders a tenant's units depth first (each unit right after its parent, siblings by code), so
 * a client draws the tree in one pass. A unit whose parent is missing from the list (cut off by
 * an active-only filter) is dropped with its subtree.
 */
export function preorder<T extends { id: number; parent_id: number | null; code: string }>(
  units: T[],
): Array<T & { depth: number; childCount: number }> {
  const children = new Map<number | null, T[]>();
  for (const unit of units) {
    const list = children.get(unit.parent_id);
    if (list) list.push(unit);
    else children.set(unit.parent_id, [unit]);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const ids = new Set(units.map((u) => u.id));
  const out: Array<T & { depth: number; childCount: number }> = [];
  const stack: Array<{ unit: T; depth: number }> = [];
  const roots = units.filter((u) => u.parent_id === null || !ids.has(u.parent_id));
  roots.sort((a, b) => a.code.localeCompare(b.code));
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ unit: roots[i] as T, depth: 0 });
  while (stack.length > 0) {
    const { unit, depth } = stack.pop() as { unit: T; depth: number };
    const kids = children.get(unit.id) ?? [];
    out.push({ ...unit, depth, childCount: kids.length });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ unit: kids[i] as T, depth: depth + 1 });
  }
  return out;
}

export function presentUnitTree(units: UnitListing[], asOf: string) {
  return {
    asOf,
    units: preorder(units).map((u) => ({
      ...presentUnit(u, asOf),
      depth: u.depth,
      childCount: u.childCount,
    })),
  };
}

function presentReach(reach: LineageReach, related: Map<number, UnitRow>) {
  const unit = related.get(reach.unitId);
  return {
    unit: unit ? presentUnitSummary(unit) : { id: reach.unitId, code: '', name: '', nameEn: null },
    partial: reach.partial,
    path: reach.path.map((e) => ({
      predecessorId: e.predecessorId,
      successorId: e.successorId,
      kind: e.kind,
      effectiveOn: e.effectiveOn,
    })),
  };
}

export function presentUnitDetail(detail: UnitDetail, asOf: string) {
  return {
    asOf,
    unit: presentUnit(detail.unit, asOf),
    ancestors: detail.ancestors.map((u) => presentUnit(u, asOf)),
    children: detail.children.map((u) => presentUnit(u, asOf)),
    lineage: detail.lineage,
    successors: detail.successors.map((r) => presentReach(r, detail.related)),
    predecessors: detail.predecessors.map((r) => presentReach(r, detail.related)),
  };
}
