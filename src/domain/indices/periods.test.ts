import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndicesError } from './errors.js';
import { overlapsPeriod, type Period, parsePeriod, periodDays, previousPeriod } from './periods.js';

function bounds(p: Period) {
  return [p.kind, p.from, p.to];
}

describe('parsePeriod', () => {
  it('reads a quarter with its labels', () => {
    expect(parsePeriod('2025-Q1')).toEqual({
      kind: 'quarter',
      key: '2025-Q1',
      label: { vi: 'Quý 1/2025', en: 'Q1 2025' },
      from: '2025-01-01',
      to: '2025-03-31',
    });
  });

  it('reads a year, a half and a month', () => {
    expect(parsePeriod('2025')).toMatchObject({
      kind: 'year',
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(parsePeriod('2025').label).toEqual({ vi: 'Năm 2025', en: '2025' });
    expect(parsePeriod('2025-H1')).toMatchObject({
      from: '2025-01-01',
      to: '2025-06-30',
      label: { vi: '6 tháng đầu năm 2025', en: 'H1 2025' },
    });
    expect(parsePeriod('2025-h2')).toMatchObject({
      key: '2025-H2',
      from: '2025-07-01',
      to: '2025-12-31',
    });
    expect(parsePeriod('2025-03')).toMatchObject({
      kind: 'month',
      from: '2025-03-01',
      to: '2025-03-31',
      label: { vi: 'Tháng 3/2025', en: 'March 2025' },
    });
  });

  it('ends February on the 29th in a leap year', () => {
    expect(parsePeriod('2024-02').to).toBe('2024-02-29');
    expect(parsePeriod('2025-02').to).toBe('2025-02-28');
    expect(parsePeriod('2024-Q1').to).toBe('2024-03-31');
  });

  it('reads a date range with inclusive bounds', () => {
    const p = parsePeriod({ from: '2025-01-01', to: '2025-03-31' });
    expect(p).toEqual({
      kind: 'range',
      key: '2025-01-01..2025-03-31',
      label: { vi: 'Từ 01/01/2025 đến 31/03/2025', en: '2025-01-01 to 2025-03-31' },
      from: '2025-01-01',
      to: '2025-03-31',
    });
    expect(parsePeriod('2025-01-01..2025-03-31')).toEqual(p);
    expect(parsePeriod({ from: '2025-07-01', to: '2025-07-01' }).to).toBe('2025-07-01');
  });

  it.each([
    '',
    '25',
    '2025-Q5',
    '2025-Q0',
    '2025-H3',
    '2025-13',
    '2025-00',
    '2025-3',
    'Q1 2025',
    '1899',
  ])('refuses %j as period_invalid', (text) => {
    expect(() => parsePeriod(text)).toThrow(IndicesError);
    try {
      parsePeriod(text);
    } catch (e) {
      expect((e as IndicesError).code).toBe('period_invalid');
    }
  });

  it('refuses dates that do not exist and ranges that run backwards', () => {
    expect(() => parsePeriod({ from: '2025-02-29', to: '2025-03-01' })).toThrow(
      /not a calendar date/,
    );
    expect(() => parsePeriod({ from: '2025-04-31', to: '2025-05-01' })).toThrow(IndicesError);
    expect(() => parsePeriod({ from: '2025-03-02', to: '2025-03-01' })).toThrow(
      /ends before it starts/,
    );
    expect(() => parsePeriod({ from: '2025-3-1', to: '2025-03-02' })).toThrow(/YYYY-MM-DD/);
  });

  it('gives every key back the same period', () => {
    const keys = fc.oneof(
      fc.integer({ min: 1901, max: 2200 }).map(String),
      fc
        .tuple(fc.integer({ min: 1901, max: 2200 }), fc.constantFrom(1, 2))
        .map(([y, h]) => `${y}-H${h}`),
      fc
        .tuple(fc.integer({ min: 1901, max: 2200 }), fc.integer({ min: 1, max: 4 }))
        .map(([y, q]) => `${y}-Q${q}`),
      fc
        .tuple(fc.integer({ min: 1901, max: 2200 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    );
    fc.assert(
      fc.property(keys, (key) => {
        const p = parsePeriod(key);
        expect(p.key).toBe(key);
        expect(parsePeriod(p.key)).toEqual(p);
        expect(parsePeriod({ from: p.from, to: p.to })).toMatchObject({ from: p.from, to: p.to });
      }),
    );
  });
});

describe('previousPeriod', () => {
  it('steps back one period of the same kind', () => {
    expect(bounds(previousPeriod(parsePeriod('2025-Q1')))).toEqual([
      'quarter',
      '2024-10-01',
      '2024-12-31',
    ]);
    expect(bounds(previousPeriod(parsePeriod('2025-Q3')))).toEqual([
      'quarter',
      '2025-04-01',
      '2025-06-30',
    ]);
    expect(bounds(previousPeriod(parsePeriod('2025-H1')))).toEqual([
      'half',
      '2024-07-01',
      '2024-12-31',
    ]);
    expect(bounds(previousPeriod(parsePeriod('2025-H2')))).toEqual([
      'half',
      '2025-01-01',
      '2025-06-30',
    ]);
    expect(bounds(previousPeriod(parsePeriod('2025')))).toEqual([
      'year',
      '2024-01-01',
      '2024-12-31',
    ]);
    expect(bounds(previousPeriod(parsePeriod('2025-01')))).toEqual([
      'month',
      '2024-12-01',
      '2024-12-31',
    ]);
    expect(bounds(previousPeriod(parsePeriod('2024-03')))).toEqual([
      'month',
      '2024-02-01',
      '2024-02-29',
    ]);
  });

  it('takes the same number of days before a date range', () => {
    // 90 days (Q1 2025 as a range) → the 90 days ending 2024-12-31.
    const prev = previousPeriod(parsePeriod({ from: '2025-01-01', to: '2025-03-31' }));
    expect(bounds(prev)).toEqual(['range', '2024-10-03', '2024-12-31']);
    expect(periodDays(prev)).toBe(90);
  });

  it('keeps a range the same length and adjacent, whatever the range', () => {
    const dayArb = fc
      .integer({ min: 0, max: 20_000 })
      .map((n) => new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dayArb, dayArb, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const p = parsePeriod({ from, to });
        const prev = previousPeriod(p);
        expect(periodDays(prev)).toBe(periodDays(p));
        expect(periodDays({ from: prev.to, to: p.from })).toBe(2);
      }),
    );
  });

  it('always ends the day before the period starts', () => {
    const keys = fc.oneof(
      fc.integer({ min: 1901, max: 2200 }).map(String),
      fc
        .tuple(fc.integer({ min: 1901, max: 2200 }), fc.constantFrom(1, 2))
        .map(([y, h]) => `${y}-H${h}`),
      fc
        .tuple(fc.integer({ min: 1901, max: 2200 }), fc.integer({ min: 1, max: 4 }))
        .map(([y, q]) => `${y}-Q${q}`),
      fc
        .tuple(fc.integer({ min: 1901, max: 2200 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    );
    fc.assert(
      fc.property(keys, (key) => {
        const p = parsePeriod(key);
        const prev = previousPeriod(p);
        expect(prev.kind).toBe(p.kind);
        expect(periodDays({ from: prev.to, to: p.from })).toBe(2);
      }),
    );
  });

  it('refuses to step back before 1900', () => {
    expect(() => previousPeriod(parsePeriod('1900-Q1'))).toThrow(IndicesError);
  });
});

describe('overlapsPeriod', () => {
  const year2026 = parsePeriod('2026');
  it('keeps a unit that existed on any day of the period', () => {
    expect(overlapsPeriod({ validFrom: null, validTo: null }, year2026)).toBe(true);
    expect(overlapsPeriod({ validFrom: '2025-07-01', validTo: null }, year2026)).toBe(true);
    expect(overlapsPeriod({ validFrom: null, validTo: '2026-01-01' }, year2026)).toBe(true);
    expect(overlapsPeriod({ validFrom: '2026-12-31', validTo: null }, year2026)).toBe(true);
  });
  it('drops a unit dissolved before the period or founded after it', () => {
    expect(overlapsPeriod({ validFrom: null, validTo: '2025-06-30' }, year2026)).toBe(false);
    expect(overlapsPeriod({ validFrom: '2027-01-01', validTo: null }, year2026)).toBe(false);
  });
});
