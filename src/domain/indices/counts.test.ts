import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelMix,
  feedbackSatisfactionCounts,
  onTimeCountsFromClasses,
  satisfactionWithDossiersCounts,
} from './counts.js';
import { scoreIndicator } from './scoring.js';

describe('onTimeCountsFromClasses', () => {
  it('counts early, on-time and in-progress-within-time dossiers over all of them', () => {
    expect(
      onTimeCountsFromClasses({
        early: 40,
        on_time: 30,
        late: 12,
        in_progress_on_time: 12,
        in_progress_overdue: 6,
      }),
    ).toEqual({ numerator: 82, denominator: 100 });
  });

  it('treats a missing class as none', () => {
    expect(onTimeCountsFromClasses({ on_time: 3 })).toEqual({ numerator: 3, denominator: 3 });
    expect(onTimeCountsFromClasses({})).toEqual({ numerator: 0, denominator: 0 });
  });

  it('refuses a negative tally', () => {
    expect(() => onTimeCountsFromClasses({ late: -1 })).toThrow(RangeError);
  });
});

describe('satisfactionWithDossiersCounts', () => {
  it('yields 100% − (late rate + complaint rate) for indicator 6.3', () => {
    // 5% late and 3% complained or rated negatively → 92%, above the 90% threshold: full 6 points.
    const counts = satisfactionWithDossiersCounts({
      dossiers: 200,
      late: 10,
      complainedOrNegative: 6,
    });
    expect(counts).toEqual({ numerator: 184, denominator: 200 });
    expect(scoreIndicator(counts, { maxPoints: 6, threshold: 90 })).toMatchObject({
      rate: 92,
      score: 6,
    });
  });

  it('gives proportional points below the 90% threshold', () => {
    // 100 − (15 + 4) = 81% → 81 × 6 / 90 = 5.40.
    const counts = satisfactionWithDossiersCounts({
      dossiers: 100,
      late: 15,
      complainedOrNegative: 4,
    });
    expect(scoreIndicator(counts, { maxPoints: 6, threshold: 90 })).toMatchObject({
      rate: 81,
      score: 5.4,
    });
  });

  it('floors the rate at zero', () => {
    expect(
      satisfactionWithDossiersCounts({ dossiers: 10, late: 7, complainedOrNegative: 6 }),
    ).toEqual({
      numerator: 0,
      denominator: 10,
    });
  });

  it('matches the formula to the hundredth for any counts', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 100_000 })
          .chain((d) => fc.tuple(fc.constant(d), fc.nat({ max: d }), fc.nat({ max: d }))),
        ([dossiers, late, complainedOrNegative]) => {
          const counts = satisfactionWithDossiersCounts({ dossiers, late, complainedOrNegative });
          const rate = scoreIndicator(counts, { maxPoints: 6, threshold: 90 }).rate as number;
          const exact = Math.max(0, 100 - ((late + complainedOrNegative) / dossiers) * 100);
          expect(Math.abs(rate - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
        },
      ),
    );
  });

  it('refuses parts larger than the whole', () => {
    expect(() =>
      satisfactionWithDossiersCounts({ dossiers: 5, late: 6, complainedOrNegative: 0 }),
    ).toThrow(RangeError);
  });

  it('is not applicable without dossiers', () => {
    const counts = satisfactionWithDossiersCounts({
      dossiers: 0,
      late: 0,
      complainedOrNegative: 0,
    });
    expect(scoreIndicator(counts, { maxPoints: 6, threshold: 90 }).score).toBeNull();
  });
});

describe('feedbackSatisfactionCounts', () => {
  it('subtracts unsatisfactory feedback from feedback first received', () => {
    expect(feedbackSatisfactionCounts({ received: 40, unsatisfactory: 3 })).toEqual({
      numerator: 37,
      denominator: 40,
    });
    expect(() => feedbackSatisfactionCounts({ received: 1, unsatisfactory: 2 })).toThrow(
      RangeError,
    );
  });
});

describe('channelMix', () => {
  it('gives the share of each channel', () => {
    expect(channelMix({ inPerson: 1, online: 1, post: 1 })).toEqual({
      total: 3,
      inPerson: 33.33,
      online: 33.33,
      post: 33.33,
    });
    expect(channelMix({ inPerson: 7, online: 1, post: 0 })).toEqual({
      total: 8,
      inPerson: 87.5,
      online: 12.5,
      post: 0,
    });
  });

  it('has no shares without dossiers', () => {
    expect(channelMix({ inPerson: 0, online: 0, post: 0 })).toEqual({
      total: 0,
      inPerson: null,
      online: null,
      post: null,
    });
  });
});
