import { describe, expect, it } from 'vitest';
import { type StaffCounts, staffRates, sumCounts } from './staff.js';

const counts = (over: Partial<StaffCounts> = {}): StaffCounts => ({
  received: 0,
  steps: 0,
  stepsOnTime: 0,
  returned: 0,
  supplementRequests: 0,
  dossiers: 0,
  ratings: 0,
  ratingsSatisfied: 0,
  inHand: 0,
  inHandOverdue: 0,
  ...over,
});

describe('staffRates', () => {
  it('gives on-time and satisfaction shares with one decimal', () => {
    expect(
      staffRates(counts({ steps: 3, stepsOnTime: 2, ratings: 7, ratingsSatisfied: 6 })),
    ).toEqual({ onTimeRate: 66.7, stepsLate: 1, satisfactionRate: 85.7 });
  });
  it('leaves a rate empty when nothing was counted, rather than 0 % or 100 %', () => {
    expect(staffRates(counts({ received: 12 }))).toEqual({
      onTimeRate: null,
      stepsLate: 0,
      satisfactionRate: null,
    });
  });
});

describe('sumCounts', () => {
  it('adds every count', () => {
    const total = sumCounts([
      counts({ steps: 2, stepsOnTime: 1, inHand: 3 }),
      counts({ steps: 5, stepsOnTime: 5, ratings: 1, inHandOverdue: 1 }),
    ]);
    expect(total).toMatchObject({
      steps: 7,
      stepsOnTime: 6,
      ratings: 1,
      inHand: 3,
      inHandOverdue: 1,
    });
    expect(staffRates(total).onTimeRate).toBe(85.7);
  });
});
