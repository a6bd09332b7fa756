/**
 * Rounds half away from zero to `decimals` places (default 2), the rounding the index uses for
 * rates and scores (DOMAIN §6: "rates and scores are rounded to 2 decimals"; the tie rule is this
 * project's, matching what people do by hand: 0.125 → 0.13, −0.125 → −0.13).
 *
 * Binary floating point stores 1.005 as 1.00499999999999989…, so plain `Math.round(x * 100)`
 * would give 1.00. Trimming the scaled value to 15 significant digits first removes that
 * representation error while keeping every digit a decimal input can carry.
 */
export function roundHalfAwayFromZero(value: number, decimals = 2): number {
  if (!Number.isFinite(value)) throw new RangeError(`cannot round ${value}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new RangeError(`decimals must be an integer 0..10, got ${decimals}`);
  }
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  // `+ 0` turns −0 into 0 so a rounded −0.001 compares equal to 0 everywhere.
  return (Math.sign(value) * Math.round(scaled)) / factor + 0;
}

/** Rounds to 2 decimals, half away from zero (see {@link roundHalfAwayFromZero}). */
export function round2(value: number): number {
  return roundHalfAwayFromZero(value, 2);
}
