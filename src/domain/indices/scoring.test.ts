import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_INDEX_FRAMEWORK as FW,
  listIndicators,
  type ServiceIndexFramework,
} from './framework.js';
import { type IndicatorCounts, NA_RESCALING_NOTE, scoreIndicator, scoreUnit } from './scoring.js';

const INDICATOR_IDS = listIndicators(FW).map((i) => i.id);

/** Counts for every indicator of the default framework: all at 100% unless overridden. */
function buildCounts(
  overrides: Record<string, IndicatorCounts | undefined> = {},
): Record<string, IndicatorCounts | undefined> {
  const counts: Record<string, IndicatorCounts | undefined> = {};
  for (const id of INDICATOR_IDS) counts[id] = { numerator: 50, denominator: 50 };
  return { ...counts, ...overrides };
}

const countsArb = fc
  .nat({ max: 100_000 })
  .chain((denominator) =>
    fc.record({ numerator: fc.nat({ max: denominator }), denominator: fc.constant(denominator) }),
  );

describe('scoreIndicator', () => {
  it('gives full points when the rate reaches the threshold', () => {
    expect(
      scoreIndicator({ numerator: 50, denominator: 100 }, { maxPoints: 12, threshold: 50 }),
    ).toEqual({ numerator: 50, denominator: 100, rate: 50, score: 12, max: 12 });
    expect(
      scoreIndicator({ numerator: 95, denominator: 100 }, { maxPoints: 6, threshold: 90 }).score,
    ).toBe(6);
  });

  it('gives points in proportion below the threshold', () => {
    // DOMAIN §6: score = R × P / T.
    expect(
      scoreIndicator({ numerator: 82, denominator: 100 }, { maxPoints: 20, threshold: 100 }),
    ).toEqual({ numerator: 82, denominator: 100, rate: 82, score: 16.4, max: 20 });
    expect(
      scoreIndicator({ numerator: 25, denominator: 100 }, { maxPoints: 12, threshold: 50 }).score,
    ).toBe(6);
    expect(
      scoreIndicator({ numerator: 60, denominator: 100 }, { maxPoints: 2, threshold: 80 }).score,
    ).toBe(1.5);
  });

  it('rounds the rate half away from zero', () => {
    // 1/8 = 12.5% exactly; 1/800 = 0.125% must become 0.13%, not 0.12%.
    expect(
      scoreIndicator({ numerator: 1, denominator: 800 }, { maxPoints: 6, threshold: 100 }).rate,
    ).toBe(0.13);
    expect(
      scoreIndicator({ numerator: 2, denominator: 3 }, { maxPoints: 6, threshold: 100 }).rate,
    ).toBe(66.67);
    expect(
      scoreIndicator({ numerator: 1, denominator: 3 }, { maxPoints: 6, threshold: 100 }).rate,
    ).toBe(33.33);
  });

  it('scores from the rounded rate so published figures add up', () => {
    // 2/3 → 66.67%; 66.67 × 6 / 100 = 4.0002 → 4.00.
    expect(
      scoreIndicator({ numerator: 2, denominator: 3 }, { maxPoints: 6, threshold: 100 }).score,
    ).toBe(4);
    // 1/8000 → 0.0125% → 0.01%; 0.01 × 50 / 100 = 0.005 → 0.01, where the exact rate would give
    // 0.00625 → 0.01 as well, but 7/8000 → 0.0875% → 0.09% × 50 / 100 = 0.045 → 0.05, not 0.04.
    expect(
      scoreIndicator({ numerator: 7, denominator: 8000 }, { maxPoints: 50, threshold: 100 }).score,
    ).toBe(0.05);
    // 41.25% × 2 / 100 = 0.825 → 0.83 (a tie on the score itself).
    expect(
      scoreIndicator({ numerator: 165, denominator: 400 }, { maxPoints: 2, threshold: 100 }).score,
    ).toBe(0.83);
  });

  it('marks a zero denominator as not applicable', () => {
    expect(
      scoreIndicator({ numerator: 0, denominator: 0 }, { maxPoints: 6, threshold: 100 }),
    ).toEqual({
      numerator: 0,
      denominator: 0,
      rate: null,
      score: null,
      max: 6,
    });
  });

  it('gives 0 points to an unscored indicator however high its rate', () => {
    expect(
      scoreIndicator({ numerator: 9, denominator: 10 }, { maxPoints: 0, threshold: 80 }),
    ).toEqual({
      numerator: 9,
      denominator: 10,
      rate: 90,
      score: 0,
      max: 0,
    });
  });

  it('treats impossible counts as a programming error', () => {
    const rule = { maxPoints: 6, threshold: 100 };
    expect(() => scoreIndicator({ numerator: 11, denominator: 10 }, rule)).toThrow(RangeError);
    expect(() => scoreIndicator({ numerator: 1, denominator: 0 }, rule)).toThrow(RangeError);
    expect(() => scoreIndicator({ numerator: -1, denominator: 10 }, rule)).toThrow(RangeError);
    expect(() => scoreIndicator({ numerator: 1.5, denominator: 10 }, rule)).toThrow(RangeError);
    expect(() =>
      scoreIndicator({ numerator: 1, denominator: 10 }, { maxPoints: 6, threshold: 0 }),
    ).toThrow(RangeError);
  });

  it('never gives more than the maximum or less than zero', () => {
    fc.assert(
      fc.property(
        countsArb,
        fc.integer({ min: 0, max: 2_000 }).map((h) => h / 100),
        fc.integer({ min: 1, max: 100 }),
        (counts, maxPoints, threshold) => {
          const s = scoreIndicator(counts, { maxPoints, threshold });
          if (counts.denominator === 0) {
            expect(s.score).toBeNull();
            return;
          }
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(maxPoints);
          expect(s.rate).toBeGreaterThanOrEqual(0);
          expect(s.rate).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('never lowers the score when the numerator rises', () => {
    fc.assert(
      fc.property(
        countsArb.filter((c) => c.numerator < c.denominator),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 100 }),
        (counts, maxPoints, threshold) => {
          const rule = { maxPoints, threshold };
          const before = scoreIndicator(counts, rule).score as number;
          const after = scoreIndicator({ ...counts, numerator: counts.numerator + 1 }, rule)
            .score as number;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });
});

describe('scoreUnit', () => {
  it('gives 100 when every indicator is at full marks', () => {
    const result = scoreUnit(FW, buildCounts());
    expect(result.total).toBe(100);
    expect(result.rawTotal).toBe(100);
    expect(result.applicableMax).toBe(100);
    expect(Object.values(result.groups).map((g) => g.score)).toEqual([18, 20, 12, 10, 22, 18]);
  });

  it('adds a group from its scored indicators without rescaling', () => {
    const result = scoreUnit(
      FW,
      buildCounts({
        '1.1': { numerator: 1, denominator: 2 },
        '1.3': { numerator: 0, denominator: 0 },
      }),
    );
    expect(result.groups['1']).toMatchObject({ score: 13, max: 18, applicableMax: 16 });
    expect(result.indicators['1.3']).toMatchObject({
      status: 'not_applicable',
      rate: null,
      score: null,
    });
  });

  it('rescales the total to 100 when an indicator is not applicable', () => {
    // 5.3 (2 points) has no certification dossiers; 2.1 earns 16.40 of 20.
    const result = scoreUnit(
      FW,
      buildCounts({
        '2.1': { numerator: 82, denominator: 100 },
        '5.3': { numerator: 0, denominator: 0 },
      }),
    );
    expect(result.applicableMax).toBe(98);
    expect(result.rawTotal).toBe(94.4);
    // 94.40 × 100 / 98 = 96.3265… → 96.33
    expect(result.total).toBe(96.33);
  });

  it('keeps unscored indicators out of the total while showing their rate', () => {
    const result = scoreUnit(
      FW,
      buildCounts({
        '3.2': { numerator: 1, denominator: 10 },
        '3.4': { numerator: 0, denominator: 0 },
      }),
    );
    expect(result.total).toBe(100);
    expect(result.indicators['3.2']).toMatchObject({ rate: 10, score: 0, max: 0, scored: false });
    expect(result.indicators['3.4']?.status).toBe('not_applicable');
  });

  it('marks indicators without counts as no data and leaves them out', () => {
    const counts = buildCounts();
    delete counts['1.1'];
    const result = scoreUnit(FW, counts);
    expect(result.indicators['1.1']).toMatchObject({ status: 'no_data', score: null, max: 6 });
    expect(result.applicableMax).toBe(94);
    expect(result.total).toBe(100);
  });

  it('has no total when nothing is applicable', () => {
    const result = scoreUnit(FW, {});
    expect(result.total).toBeNull();
    expect(result.rawTotal).toBe(0);
    expect(result.applicableMax).toBe(0);
    expect(result.groups['2']).toEqual({
      id: '2',
      name: FW.groups[1]!.name,
      score: null,
      max: 20,
      applicableMax: 0,
    });
  });

  it('keeps indicators in framework order and ties results to the framework version', () => {
    const result = scoreUnit(FW, buildCounts());
    expect(Object.keys(result.indicators)).toEqual(INDICATOR_IDS);
    expect(result).toMatchObject({ frameworkId: 'qd766', frameworkVersion: 1, max: 100 });
    expect(result.indicators['2.1']?.shortName.vi).toBe('Hồ sơ đúng hạn');
  });

  it('refuses counts for an indicator the framework does not have', () => {
    expect(() => scoreUnit(FW, { '9.9': { numerator: 1, denominator: 1 } })).toThrow(
      /unknown indicator 9.9/,
    );
  });

  it('sums decimal scores without floating-point drift', () => {
    const fw: ServiceIndexFramework = {
      ...FW,
      maxPoints: 0.3,
      groups: [
        {
          ...FW.groups[0]!,
          maxPoints: 0.3,
          indicators: [
            { ...FW.groups[0]!.indicators[0]!, maxPoints: 0.1 },
            { ...FW.groups[0]!.indicators[1]!, maxPoints: 0.2 },
          ],
        },
      ],
    };
    const full = { numerator: 1, denominator: 1 };
    const result = scoreUnit(fw, { '1.1': full, '1.2': full });
    expect(result.rawTotal).toBe(0.3);
    expect(result.groups['1']?.score).toBe(0.3);
    expect(result.total).toBe(0.3);
  });

  it('scores a framework again after an indicator is added to it in place', () => {
    const fw: ServiceIndexFramework = structuredClone(FW);
    const full = { numerator: 1, denominator: 1 };
    expect(() => scoreUnit(fw, { '9.9': full })).toThrow(/unknown indicator 9.9/);
    const group = fw.groups[0]!;
    group.indicators.push({ ...group.indicators[0]!, id: '9.9', maxPoints: 1 });
    const result = scoreUnit(fw, { '9.9': full });
    expect(result.indicators['9.9']?.score).toBe(1);
    expect(result.groups[group.id]?.score).toBe(1);
    expect(Object.keys(result.indicators['9.9']!)).toEqual([
      'numerator',
      'denominator',
      'rate',
      'score',
      'max',
      'id',
      'groupId',
      'name',
      'shortName',
      'threshold',
      'scored',
      'status',
    ]);
  });

  it('states the rescaling rule in both languages', () => {
    expect(NA_RESCALING_NOTE.vi).toMatch(/Không áp dụng/);
    expect(NA_RESCALING_NOTE.en).toMatch(/rescaled to 100/);
  });

  const unitCountsArb = fc.dictionary(fc.constantFrom(...INDICATOR_IDS), countsArb);

  it('never gives a total above 100 or below 0', () => {
    fc.assert(
      fc.property(unitCountsArb, (counts) => {
        const { total, rawTotal, applicableMax, groups } = scoreUnit(FW, counts);
        expect(rawTotal).toBeLessThanOrEqual(applicableMax);
        for (const g of Object.values(groups)) {
          if (g.score !== null) expect(g.score).toBeLessThanOrEqual(g.applicableMax);
        }
        if (total === null) {
          expect(applicableMax).toBe(0);
          return;
        }
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('never lowers the total when one numerator rises', () => {
    fc.assert(
      fc.property(unitCountsArb, fc.constantFrom(...INDICATOR_IDS), (counts, id) => {
        const c = counts[id];
        fc.pre(c !== undefined && c.numerator < c.denominator);
        const before = scoreUnit(FW, counts).total;
        const after = scoreUnit(FW, {
          ...counts,
          [id]: { ...c!, numerator: c!.numerator + 1 },
        }).total;
        // Only unscored indicators applicable: no total before or after.
        if (before === null) expect(after).toBeNull();
        else expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
