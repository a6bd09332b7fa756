import { describe, expect, it } from 'vitest';
import type { StaffUnit } from './api.js';
import { coveredUnits } from './units.js';

const unit = (id: number, parentId: number | null): StaffUnit => ({
  id,
  parentId,
  code: `U${id}`,
  name: `Unit ${id}`,
  nameEn: null,
  former: false,
});
// 1 province → 2 department → 4 office; 1 → 3 commune
const TREE = [unit(1, null), unit(2, 1), unit(4, 2), unit(3, 1)];

describe('units a staff member handles feedback for', () => {
  it('are the subtrees of their reading grants', () => {
    expect(coveredUnits(TREE, [{ role: 'specialist', unitId: 2 }]).map((u) => u.id)).toEqual([
      2, 4,
    ]);
  });

  it('are the whole tenant for a grant without a unit', () => {
    expect(coveredUnits(TREE, [{ role: 'leader', unitId: null }])).toHaveLength(4);
  });

  it('ignore roles that do not read feedback', () => {
    expect(coveredUnits(TREE, [{ role: 'administrator', unitId: 1 }])).toEqual([]);
    expect(
      coveredUnits(TREE, [
        { role: 'administrator', unitId: 1 },
        { role: 'counter_officer', unitId: 3 },
      ]).map((u) => u.id),
    ).toEqual([3]);
  });
});
