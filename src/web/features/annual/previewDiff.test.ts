import { describe, expect, it } from 'vitest';
import type { RankedUnit } from './api.js';
import { comparePreview } from './previewDiff.js';

const unit = (
  unitId: number,
  total: number,
  rank: number,
  more: Partial<RankedUnit> = {},
): RankedUnit => ({
  unitId,
  code: `U${unitId}`,
  name: `Đơn vị ${unitId}`,
  nameEn: null,
  kind: 'department',
  peerGroup: 'province:department',
  total,
  max: 100,
  percent: total,
  band: total >= 90 ? 'A' : total >= 80 ? 'B' : 'C',
  rank,
  of: 3,
  fields: [],
  previous: null,
  change: null,
  explanation: [],
  ...more,
});

describe('the preview set against the published ranking', () => {
  it('gives each unit its change in points and places, up as positive', () => {
    const published = [unit(1, 85, 1), unit(2, 80.5, 2), unit(3, 70, 3)];
    const preview = [unit(2, 86.25, 1), unit(1, 85, 2), unit(3, 70, 3)];
    const c = comparePreview(published, preview);
    expect(c.units.map((u) => [u.unit.unitId, u.score, u.places, u.changed])).toEqual([
      [2, 5.75, 1, true],
      [1, 0, -1, true],
      [3, 0, 0, false],
    ]);
    expect(c.changedCount).toBe(2);
    expect(c.dropped).toEqual([]);
  });

  it('counts a band crossed as a change even when the rank holds', () => {
    const c = comparePreview([unit(1, 89.5, 1)], [unit(1, 90, 1)]);
    expect(c.units[0]).toMatchObject({ score: 0.5, places: 0, changed: true });
    expect(c.units[0]!.unit.band).toBe('A');
    expect(c.units[0]!.published!.band).toBe('B');
  });

  it('finds a renamed unit by its identity and gives no places across peer groups', () => {
    const published = [unit(1, 80, 2)];
    const preview = [
      unit(1, 80, 1, { name: 'Sở mới', code: 'U1-M', peerGroup: 'commune:department', of: 1 }),
    ];
    const [u] = comparePreview(published, preview).units;
    expect(u).toMatchObject({ score: 0, places: null, otherGroup: true, changed: true });
    expect(u!.published!.name).toBe('Đơn vị 1');
  });

  it('marks units new to the preview and lists the published ones it no longer ranks', () => {
    const c = comparePreview([unit(1, 80, 1), unit(2, 75, 2)], [unit(1, 80, 1), unit(9, 60, 2)]);
    expect(c.units[1]).toMatchObject({ published: null, score: null, places: null, changed: true });
    expect(c.dropped.map((u) => u.unitId)).toEqual([2]);
    expect(c.changedCount).toBe(1);
  });
});
