import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allotmentsMatch, defaultTemplate, LIMIT_UNITS, templateTotal } from './index.js';

describe('defaultTemplate', () => {
  it('shares 15 working days as reception 0.5, appraisal 12.5, approval 2, return 0', () => {
    expect(
      defaultTemplate(15, 'working_days').map((s) => [s.code, s.role, s.unit, s.allotment]),
    ).toEqual([
      ['B1', 'counter_officer', 'centre', 0.5],
      ['B2', 'specialist', 'agency', 12.5],
      ['B3', 'leader', 'agency', 2],
      ['B4', 'counter_officer', 'centre', 0],
    ]);
  });

  it('uses quarter days for a one-day procedure', () => {
    expect(defaultTemplate(1, 'working_days').map((s) => s.allotment)).toEqual([
      0.25, 0.5, 0.25, 0,
    ]);
  });

  it('shares out one day for a same-day procedure', () => {
    expect(templateTotal(defaultTemplate(0, 'same_day'))).toBe(1);
  });

  it('splits half an hour in hundredths', () => {
    expect(defaultTemplate(0.5, 'working_hours').map((s) => s.allotment)).toEqual([
      0.1, 0.3, 0.1, 0,
    ]);
  });

  it('always adds up to the promised limit with a positive appraisal step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LIMIT_UNITS),
        fc.integer({ min: 1, max: 36500 }),
        (unit, hundredths) => {
          const whole = unit === 'working_days' || unit === 'calendar_days';
          const limit =
            unit === 'same_day'
              ? 0
              : whole
                ? Math.max(1, Math.round(hundredths / 100))
                : hundredths / 100;
          const steps = defaultTemplate(limit, unit);
          expect(allotmentsMatch(steps, limit, unit)).toBe(true);
          expect(steps[1]!.allotment).toBeGreaterThan(0);
          for (const s of steps) expect(s.allotment).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
