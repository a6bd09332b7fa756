import { describe, expect, it } from 'vitest';
import { describeRankChange, explainChange } from './explain.js';
import { DEFAULT_SERVICE_INDEX_FRAMEWORK as FW, listIndicators } from './framework.js';
import { type IndicatorCounts, scoreUnit } from './scoring.js';

function buildCounts(
  overrides: Record<string, IndicatorCounts> = {},
): Record<string, IndicatorCounts> {
  const counts: Record<string, IndicatorCounts> = {};
  for (const { id } of listIndicators(FW)) counts[id] = { numerator: 100, denominator: 100 };
  return { ...counts, ...overrides };
}

describe('explainChange', () => {
  it('names the indicator that lost points with its rates, Vietnamese style', () => {
    const previous = scoreUnit(FW, buildCounts({ '2.1': { numerator: 82, denominator: 100 } }));
    const current = scoreUnit(FW, buildCounts({ '2.1': { numerator: 129, denominator: 200 } }));
    const changes = explainChange(previous, current);
    const indicator = changes.find((c) => c.kind === 'indicator' && c.id === '2.1');
    // 16.40 → 12.90 points.
    expect(indicator).toMatchObject({ previousScore: 16.4, currentScore: 12.9, delta: -3.5 });
    expect(indicator?.text.vi).toBe('2.1 Hồ sơ đúng hạn: \u22123,50 điểm (tỷ lệ 82,00% → 64,50%)');
    expect(indicator?.text.en).toBe(
      '2.1 Dossiers on time: \u22123.50 points (rate 82.00% → 64.50%)',
    );
    const group = changes.find((c) => c.kind === 'group');
    expect(group?.text.vi).toBe('Nhóm 2 Tiến độ giải quyết: \u22123,50 điểm (16,40 → 12,90/20,00)');
    expect(group?.text.en).toBe('Group 2 Progress: \u22123.50 points (16.40 → 12.90 of 20.00)');
  });

  it('sorts by the size of the change, largest first', () => {
    const previous = scoreUnit(
      FW,
      buildCounts({
        '1.4': { numerator: 90, denominator: 100 },
        '4.3': { numerator: 50, denominator: 100 },
      }),
    );
    const current = scoreUnit(
      FW,
      buildCounts({
        '1.4': { numerator: 80, denominator: 100 },
        '4.3': { numerator: 80, denominator: 100 },
        '2.1': { numerator: 99, denominator: 100 },
      }),
    );
    const changes = explainChange(previous, current);
    expect(changes.map((c) => [c.kind, c.id, c.delta])).toEqual([
      ['group', '4', 1.8],
      ['indicator', '4.3', 1.8],
      ['group', '1', -0.6],
      ['indicator', '1.4', -0.6],
      ['group', '2', -0.2],
      ['indicator', '2.1', -0.2],
    ]);
    expect(changes[0]?.text.vi).toBe(
      'Nhóm 4 Thanh toán trực tuyến: +1,80 điểm (7,00 → 8,80/10,00)',
    );
  });

  it('lists indicators that became not applicable after the numeric changes', () => {
    const previous = scoreUnit(FW, buildCounts({ '2.1': { numerator: 90, denominator: 100 } }));
    const current = scoreUnit(FW, buildCounts({ '5.3': { numerator: 0, denominator: 0 } }));
    const changes = explainChange(previous, current);
    expect(changes.map((c) => [c.id, c.delta])).toEqual([
      ['2', 2],
      ['2.1', 2],
      ['5', -2],
      ['5.3', null],
    ]);
    expect(changes.at(-1)?.text.vi).toBe(
      '5.3 Chứng thực điện tử: 2,00 → không áp dụng/2,00 điểm (tỷ lệ 100,00% → không áp dụng)',
    );
    expect(changes.at(-1)?.text.en).toBe(
      '5.3 Electronic certification: 2.00 → N/A of 2.00 points (rate 100.00% → N/A)',
    );
  });

  it('says nothing when nothing changed, and ignores unscored indicators', () => {
    const previous = scoreUnit(FW, buildCounts({ '3.2': { numerator: 1, denominator: 10 } }));
    const current = scoreUnit(FW, buildCounts());
    expect(explainChange(previous, current)).toEqual([]);
  });
});

describe('describeRankChange', () => {
  it('says "up 13 places" for a positive change', () => {
    expect(describeRankChange(13)).toEqual({ vi: 'tăng 13 bậc', en: 'up 13 places' });
    expect(describeRankChange(-1)).toEqual({ vi: 'giảm 1 bậc', en: 'down 1 place' });
    expect(describeRankChange(0).en).toBe('same place');
    expect(describeRankChange(null).vi).toBe('không so sánh được');
  });
});
