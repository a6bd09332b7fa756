import { describe, expect, it } from 'vitest';
import { doneOnTimeRate, initiativesFiledRate } from './index.js';

describe('initiatives_filed rate', () => {
  it('is 100 with one initiative or more and 0 without, never "no data"', () => {
    expect(initiativesFiledRate(0)).toBe(0);
    expect(initiativesFiledRate(1)).toBe(100);
    expect(initiativesFiledRate(4)).toBe(100);
  });
});

describe('done-on-time rate of recommendations and tasks', () => {
  it('is the share done by the deadline among the items due in the year', () => {
    expect(doneOnTimeRate({ due: 4, doneOnTime: 3, pending: 0 })).toBe(75);
    expect(doneOnTimeRate({ due: 3, doneOnTime: 1, pending: 0 })).toBe(33.33);
    expect(doneOnTimeRate({ due: 2, doneOnTime: 2, pending: 0 })).toBe(100);
    expect(doneOnTimeRate({ due: 2, doneOnTime: 0, pending: 0 })).toBe(0);
  });

  it('leaves out open items whose deadline has not passed: they may still be done in time', () => {
    expect(doneOnTimeRate({ due: 3, doneOnTime: 1, pending: 1 })).toBe(50);
  });

  it('has no data (null) when nothing was due or everything is still pending', () => {
    expect(doneOnTimeRate(undefined)).toBeNull();
    expect(doneOnTimeRate({ due: 0, doneOnTime: 0, pending: 0 })).toBeNull();
    expect(doneOnTimeRate({ due: 2, doneOnTime: 0, pending: 2 })).toBeNull();
  });
});
