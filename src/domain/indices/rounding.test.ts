import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { round2, roundHalfAwayFromZero } from './rounding.js';

describe('roundHalfAwayFromZero', () => {
  it('rounds a tie away from zero', () => {
    expect(round2(0.125)).toBe(0.13);
    expect(round2(-0.125)).toBe(-0.13);
    expect(round2(12.345)).toBe(12.35);
  });

  it('rounds decimals that binary floating point stores just below the tie', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(8.345)).toBe(8.35);
    expect(round2(1.255)).toBe(1.26);
  });

  it('leaves values below the tie rounded down', () => {
    expect(round2(0.124999)).toBe(0.12);
    expect(round2(16.4)).toBe(16.4);
  });

  it('returns positive zero for tiny negatives', () => {
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });

  it('rounds to other numbers of places', () => {
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(0.0005, 3)).toBe(0.001);
  });

  it('refuses non-finite values', () => {
    expect(() => round2(Number.NaN)).toThrow(RangeError);
    expect(() => round2(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('matches integer arithmetic on every hundredth-and-a-half', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (k) => {
        // k/1000 with a last digit 5 is a tie at 2 decimals; integer arithmetic gives the truth.
        const thousandths = k * 10 + 5;
        const expected = Math.sign(thousandths) * Math.ceil(Math.abs(thousandths) / 10);
        expect(round2(thousandths / 1000)).toBe(expected / 100 + 0);
      }),
    );
  });
});
