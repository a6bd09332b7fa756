import { describe, expect, it } from 'vitest';
import type { UnitTreeItem } from './api.js';
import { fold, siblingsIndex, treeRows, visibleUnits } from './tree.js';

const u = (
  id: number,
  parentId: number | null,
  depth: number,
  name: string,
  former = false,
): UnitTreeItem => ({
  id,
  parentId,
  depth,
  name,
  code: `C${id}`,
  nameEn: null,
  kind: 'department',
  level: 'province',
  validFrom: null,
  validTo: null,
  former,
  childCount: 0,
});

const units = [
  u(1, null, 0, 'UBND tỉnh'),
  u(2, 1, 1, 'Sở Tư pháp'),
  u(3, 1, 1, 'Huyện Tam Đường (cũ)', true),
  u(4, 3, 2, 'Xã Bình Lư', true),
  u(5, 1, 1, 'Xã Tam Đường'),
];

describe('unit tree view helpers', () => {
  it('folds Vietnamese diacritics for search', () => {
    expect(fold('Huyện Tam Đường')).toBe('huyen tam duong');
  });

  it('shows matches with their ancestors, ignoring accents', () => {
    const { visible, matches } = visibleUnits(units, 'tam duong', true);
    expect([...matches].sort()).toEqual([3, 5]);
    expect([...visible].sort()).toEqual([1, 3, 5]);
    expect(treeRows(units, visible, new Set(), true).map((r) => r.id)).toEqual([1, 3, 5]);
  });

  it('hides former units and their subtree unless asked, and respects collapsed parents', () => {
    const hidden = visibleUnits(units, '', true).visible;
    expect([...hidden].sort()).toEqual([1, 2, 5]);
    const all = visibleUnits(units, '', false).visible;
    expect(treeRows(units, all, new Set([1]), false).map((r) => r.id)).toEqual([1, 2, 3, 5]);
    expect(treeRows(units, all, new Set([1, 3]), false).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(treeRows(units, all, new Set(), false).map((r) => r.id)).toEqual([1]);
    expect(siblingsIndex(treeRows(units, all, new Set([1]), false)).get(5)).toEqual({
      size: 3,
      pos: 3,
    });
  });
});
