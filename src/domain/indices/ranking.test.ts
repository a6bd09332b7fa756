import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithPrevious, rankUnits } from './ranking.js';

function unit(unitId: string, total: number | null, sampleSize = 100) {
  return { unitId, total, sampleSize };
}

describe('rankUnits', () => {
  it('ranks the highest total first', () => {
    const ranked = rankUnits([unit('b', 70), unit('a', 90), unit('c', 80)]);
    expect(ranked.map((r) => [r.unitId, r.rank, r.of])).toEqual([
      ['a', 1, 3],
      ['c', 2, 3],
      ['b', 3, 3],
    ]);
  });

  it('lets tied units share a rank', () => {
    const ranked = rankUnits([unit('a', 90), unit('b', 85.19), unit('c', 85.19), unit('d', 80)]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
  });

  it('leaves a unit with fewer than 30 dossiers unranked', () => {
    const ranked = rankUnits([unit('a', 99, 29), unit('b', 80, 30), unit('c', 70, 200)]);
    expect(ranked).toEqual([
      { ...unit('b', 80, 30), rank: 1, ranked: true, of: 2, unrankedReason: null },
      { ...unit('c', 70, 200), rank: 2, ranked: true, of: 2, unrankedReason: null },
      {
        ...unit('a', 99, 29),
        rank: null,
        ranked: false,
        of: 2,
        unrankedReason: 'insufficient_data',
      },
    ]);
  });

  it('leaves a unit without a total unranked', () => {
    const [first, second] = rankUnits([unit('a', null), unit('b', 50)]);
    expect(first).toMatchObject({ unitId: 'b', rank: 1, of: 1 });
    expect(second).toMatchObject({
      unitId: 'a',
      rank: null,
      ranked: false,
      unrankedReason: 'no_score',
    });
  });

  it('takes another minimum sample from configuration', () => {
    const ranked = rankUnits([unit('a', 90, 5), unit('b', 80, 4)], { minSample: 5 });
    expect(ranked.map((r) => r.ranked)).toEqual([true, false]);
  });

  it('keeps the fields it was given', () => {
    const [r] = rankUnits([{ ...unit('a', 90), name: 'Xã Yên Châu' }]);
    expect(r?.name).toBe('Xã Yên Châu');
  });

  it('refuses the same unit twice', () => {
    expect(() => rankUnits([unit('a', 1), unit('a', 2)])).toThrow(/duplicate unit a/);
  });

  it('does not depend on input order', () => {
    const units = fc.uniqueArray(
      fc.record({
        unitId: fc.string({ minLength: 1, maxLength: 4 }),
        total: fc.option(
          fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100),
          { nil: null },
        ),
        sampleSize: fc.nat({ max: 60 }),
      }),
      { selector: (u) => u.unitId, maxLength: 30 },
    );
    fc.assert(
      fc.property(
        units.chain((us) =>
          fc.tuple(fc.constant(us), fc.shuffledSubarray(us, { minLength: us.length })),
        ),
        ([original, shuffled]) => {
          expect(rankUnits(shuffled)).toEqual(rankUnits(original));
        },
      ),
    );
  });

  it('gives ranks that agree with totals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 20 }), (totals) => {
        const ranked = rankUnits(totals.map((t, i) => unit(`u${i}`, t)));
        for (const r of ranked) {
          // Competition ranking: 1 + the number of units strictly ahead.
          expect(r.rank).toBe(1 + totals.filter((t) => t > (r.total as number)).length);
        }
      }),
    );
  });
});

describe('compareWithPrevious', () => {
  it('reports a rise in rank as a positive change', () => {
    // DOMAIN §1: Lai Châu's PAR INDEX went from 51/63 (2019) to 38/63 (2020), "up 13 places".
    expect(compareWithPrevious({ total: 80, rank: 38 }, { total: 75, rank: 51 }).rankChange).toBe(
      13,
    );
  });

  it('reports a fall in score as a negative change', () => {
    // DOMAIN §1: Yên Châu scored 85.19 in 2021, down 6.54.
    expect(compareWithPrevious({ total: 85.19, rank: 10 }, { total: 91.73, rank: 4 })).toEqual({
      scoreChange: -6.54,
      rankChange: -6,
    });
  });

  it('is not comparable without a previous result or rank', () => {
    expect(compareWithPrevious({ total: 80, rank: 1 }, undefined)).toEqual({
      scoreChange: null,
      rankChange: null,
    });
    expect(compareWithPrevious({ total: 80, rank: 1 }, { total: 70, rank: null })).toEqual({
      scoreChange: 10,
      rankChange: null,
    });
    expect(compareWithPrevious({ total: null, rank: null }, { total: 70, rank: 3 })).toEqual({
      scoreChange: null,
      rankChange: null,
    });
  });
});
