import { describe, expect, it } from 'vitest';
import type { UnitTreeItem } from '../org/api.js';
import type { OfficerScorecard, ScorecardFigures } from './api.js';
import {
  DEFAULT_SORT,
  defaultPeriod,
  formatRate,
  periodFrom,
  scopeUnits,
  scorecardsCsv,
  sortFrom,
  sortOfficers,
} from './scorecardFormat.js';

const zero: ScorecardFigures = {
  received: 0,
  steps: 0,
  stepsOnTime: 0,
  stepsLate: 0,
  onTimeRate: null,
  returned: 0,
  supplementRequests: 0,
  dossiers: 0,
  ratings: 0,
  ratingsSatisfied: 0,
  satisfactionRate: null,
  inHand: 0,
  inHandOverdue: 0,
};

function officer(
  userId: number,
  name: string,
  f: Partial<ScorecardFigures> = {},
): OfficerScorecard {
  return {
    userId,
    name,
    username: `u${userId}`,
    disabled: false,
    grants: [{ role: 'specialist', unitId: 1, unitName: 'Sở Tư pháp' }],
    ...zero,
    ...f,
  };
}

describe('the period in the address', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  it('takes a period the picker offers, else the current year', () => {
    expect(periodFrom('2025-03', now)).toBe('2025-03');
    expect(periodFrom('2026-Q4', now)).toBe('2026-Q4');
    expect(periodFrom('2019', now)).toBe('2026');
    expect(periodFrom('rubbish', now)).toBe('2026');
    expect(periodFrom(null, now)).toBe('2026');
  });
  it('offers the same years as the picker', () => {
    expect(defaultPeriod(now)).toBe('2026');
    expect(periodFrom('2024-12', now)).toBe('2026');
  });
});

describe('the order of the officers', () => {
  const rows = [
    officer(1, 'Trần Văn Bình', { onTimeRate: 50, steps: 4 }),
    officer(2, 'Lê Thị An', { onTimeRate: null }),
    officer(3, 'Đỗ Văn Cường', { onTimeRate: 100, steps: 1 }),
  ];
  it('reads a known column and direction from the address, else by name', () => {
    expect(sortFrom(new URLSearchParams('sort=onTimeRate&order=desc'))).toEqual({
      key: 'onTimeRate',
      direction: 'desc',
    });
    expect(sortFrom(new URLSearchParams('sort=password'))).toEqual(DEFAULT_SORT);
    expect(sortFrom(new URLSearchParams(''))).toEqual(DEFAULT_SORT);
  });
  it('sorts names the Vietnamese way (Đ after D)', () => {
    const names = sortOfficers(rows, { key: 'name', direction: 'asc' }).map((o) => o.name);
    expect(names).toEqual(['Đỗ Văn Cường', 'Lê Thị An', 'Trần Văn Bình']);
  });
  it('puts an officer with nothing counted last, whichever the direction', () => {
    const up = sortOfficers(rows, { key: 'onTimeRate', direction: 'asc' }).map((o) => o.userId);
    const down = sortOfficers(rows, { key: 'onTimeRate', direction: 'desc' }).map((o) => o.userId);
    expect(up).toEqual([1, 3, 2]);
    expect(down).toEqual([3, 1, 2]);
  });
});

describe('rates', () => {
  it('shows one decimal in each language, and a dash (never 0 %) when nothing was counted', () => {
    expect(formatRate(66.7)).toBe('66,7 %');
    expect(formatRate(100, 'en')).toBe('100.0%');
    expect(formatRate(0)).toBe('0,0 %');
    expect(formatRate(null)).toBe('—');
  });
});

describe('the CSV', () => {
  it('has a heading, a line per officer in the order given, and the total; quotes what needs it', () => {
    const csv = scorecardsCsv(
      [officer(1, 'Trần Văn "Bình"', { steps: 3, stepsOnTime: 2, stepsLate: 1, onTimeRate: 66.7 })],
      { ...zero, steps: 3, stepsOnTime: 2, stepsLate: 1, onTimeRate: 66.7 },
      {
        name: 'Cán bộ',
        username: 'Tên đăng nhập',
        grants: 'Vai trò, đơn vị',
        total: 'Tổng cộng',
        figures: {
          received: 'Tiếp nhận',
          steps: 'Bước',
          stepsOnTime: 'Đúng hạn',
          stepsLate: 'Trễ hạn',
          onTimeRate: 'Tỷ lệ đúng hạn',
          returned: 'Trả',
          supplementRequests: 'Bổ sung',
          dossiers: 'Hồ sơ',
          ratings: 'Đánh giá',
          ratingsSatisfied: 'Hài lòng',
          satisfactionRate: 'Tỷ lệ hài lòng',
          inHand: 'Đang giữ',
          inHandOverdue: 'Quá hạn',
        },
        grant: (g) => `${g.role} — ${g.unitName}`,
      },
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'Cán bộ,Tên đăng nhập,"Vai trò, đơn vị",Tiếp nhận,Bước,Đúng hạn,Trễ hạn,Tỷ lệ đúng hạn,Trả,Bổ sung,Hồ sơ,Đánh giá,Hài lòng,Tỷ lệ hài lòng,Đang giữ,Quá hạn',
    );
    expect(lines[1]).toBe(
      '"Trần Văn ""Bình""",u1,specialist — Sở Tư pháp,0,3,2,1,66.7,0,0,0,0,0,,0,0',
    );
    expect(lines[2]).toBe('Tổng cộng,,,0,3,2,1,66.7,0,0,0,0,0,,0,0');
    expect(lines[3]).toBe('');
  });
  it('keeps a spreadsheet from running a name as a formula', () => {
    const csv = scorecardsCsv([officer(1, '=HYPERLINK("x")')], zero, {
      name: 'n',
      username: 'u',
      grants: 'g',
      total: 't',
      figures: Object.fromEntries(
        [
          'received',
          'steps',
          'stepsOnTime',
          'stepsLate',
          'onTimeRate',
          'returned',
          'supplementRequests',
          'dossiers',
          'ratings',
          'ratingsSatisfied',
          'satisfactionRate',
          'inHand',
          'inHandOverdue',
        ].map((k) => [k, k]),
      ) as never,
      grant: () => 'g',
    });
    expect(csv.split('\r\n')[1]?.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
  });
});

describe('the units a reader may filter by', () => {
  const unit = (id: number, parentId: number | null, depth: number): UnitTreeItem => ({
    id,
    parentId,
    depth,
    childCount: 0,
    kind: 'department',
    level: 'province',
    code: `U${id}`,
    name: `Đơn vị ${id}`,
    nameEn: null,
    validFrom: null,
    validTo: null,
    former: false,
  });
  const tree = [unit(1, null, 0), unit(2, 1, 1), unit(3, 2, 2), unit(4, 1, 1)];
  it('covers the subtrees of leader and reform-office grants, not of other roles', () => {
    expect(scopeUnits(tree, [{ role: 'leader', unitId: 2 }]).map((u) => u.id)).toEqual([2, 3]);
    expect(
      scopeUnits(tree, [
        { role: 'leader', unitId: 2 },
        { role: 'specialist', unitId: 4 },
      ]).map((u) => u.id),
    ).toEqual([2, 3]);
    expect(scopeUnits(tree, [{ role: 'reform_office', unitId: 1 }])).toHaveLength(4);
    expect(scopeUnits(tree, [{ role: 'reform_office', unitId: null }])).toHaveLength(4);
    expect(scopeUnits(tree, [{ role: 'counter_officer', unitId: 1 }])).toEqual([]);
  });
});
