import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  periodName,
  periodSlug,
  QUARTERS,
  quarterOf,
  readReportPeriod,
  reportPeriod,
  yearRange,
} from './index.js';

describe('report periods of reception statistics', () => {
  it('bounds each quarter by its first and last calendar day', () => {
    expect(QUARTERS.map((q) => reportPeriod(2026, q))).toEqual([
      { year: 2026, quarter: 1, from: '2026-01-01', to: '2026-03-31' },
      { year: 2026, quarter: 2, from: '2026-04-01', to: '2026-06-30' },
      { year: 2026, quarter: 3, from: '2026-07-01', to: '2026-09-30' },
      { year: 2026, quarter: 4, from: '2026-10-01', to: '2026-12-31' },
    ]);
    expect(reportPeriod(2026)).toEqual({ year: 2026, quarter: null, ...yearRange(2026) });
  });

  it('puts every day of a year in exactly one quarter, the one quarterOf names', () => {
    const day = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z') })
      .filter((d) => !Number.isNaN(d.getTime()))
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (date) => {
        const year = Number(date.slice(0, 4));
        const holding = QUARTERS.filter((q) => {
          const p = reportPeriod(year, q);
          return p.from <= date && date <= p.to;
        });
        expect(holding).toEqual([quarterOf(date)]);
      }),
    );
  });

  it('reads a year and a quarter as typed, the quarter also as Q2 or Roman II', () => {
    expect(readReportPeriod({}, 2026)).toEqual({ ok: true, period: reportPeriod(2026) });
    expect(readReportPeriod({ year: '2025', quarter: '1' }, 2026)).toEqual({
      ok: true,
      period: reportPeriod(2025, 1),
    });
    for (const quarter of ['q2', 'Q2', ' 2 ', 'II', 'ii', 2])
      expect(readReportPeriod({ quarter }, 2026)).toMatchObject({
        ok: true,
        period: { year: 2026, quarter: 2, from: '2026-04-01', to: '2026-06-30' },
      });
  });

  it('names each bad part of a period instead of guessing', () => {
    for (const quarter of ['0', '5', 'Q5', 'V', '', '1.5', 'quý 1', '-1'])
      expect(readReportPeriod({ quarter }, 2026)).toEqual({
        ok: false,
        problems: [{ field: 'quarter', problem: 'quarter_invalid' }],
      });
    for (const year of ['25', '1999', '2101', 'abcd', '2026.0', ''])
      expect(readReportPeriod({ year }, 2026)).toEqual({
        ok: false,
        problems: [{ field: 'year', problem: 'year_invalid' }],
      });
    expect(readReportPeriod({ year: '99', quarter: '9' }, 2026)).toMatchObject({
      ok: false,
      problems: [{ field: 'year' }, { field: 'quarter' }],
    });
  });

  it('names the period for a report and a file', () => {
    expect(periodName({ year: 2026, quarter: null })).toBe('2026');
    expect(periodName({ year: 2026, quarter: 3 })).toBe('Quý III/2026 (Q3 2026)');
    expect(periodSlug({ year: 2026, quarter: null })).toBe('2026');
    expect(periodSlug({ year: 2026, quarter: 4 })).toBe('2026-Q4');
  });
});
