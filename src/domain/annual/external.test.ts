import { describe, expect, it } from 'vitest';
import {
  checkExternalResult,
  type ExternalResult,
  externalTrends,
  validateExternalRows,
} from './external.js';

const row = (over: Partial<ExternalResult> = {}): ExternalResult => ({
  index: 'par_index',
  year: 2020,
  score: 80.5,
  rank: 38,
  outOf: 63,
  note: null,
  ...over,
});
const csv = (text: string) => text.split('\n').map((l) => l.split(','));

describe('checkExternalResult', () => {
  it('accepts a plausible result and one with a rank only', () => {
    expect(checkExternalResult(row(), 2025)).toEqual([]);
    expect(checkExternalResult(row({ score: null }), 2025)).toEqual([]);
  });

  it('refuses a rank beyond the provinces ranked, a score out of 0..100, unknown index, future year', () => {
    expect(checkExternalResult(row({ rank: 40, outOf: 34 }), 2025)).toEqual([
      { column: 'rank', message: 'must not exceed out_of (34)' },
    ]);
    expect(checkExternalResult(row({ score: 100.5 }), 2025).map((p) => p.column)).toEqual([
      'score',
    ]);
    expect(checkExternalResult(row({ score: 80.123 }), 2025).map((p) => p.column)).toEqual([
      'score',
    ]);
    expect(checkExternalResult({ ...row(), index: 'gdp' }, 2025).map((p) => p.column)).toEqual([
      'index',
    ]);
    expect(checkExternalResult(row({ year: 2026 }), 2025).map((p) => p.column)).toEqual(['year']);
    expect(checkExternalResult(row({ year: 1999 }), 2025).map((p) => p.column)).toEqual(['year']);
    expect(
      checkExternalResult(row({ score: null, rank: null }), 2025).map((p) => p.column),
    ).toEqual(['score']);
    expect(checkExternalResult(row({ rank: 0 }), 2025).map((p) => p.column)).toEqual(['rank']);
  });
});

describe('validateExternalRows', () => {
  it('reads rows with an optional note, decimal comma and blank lines', () => {
    const r = validateExternalRows(
      [
        ['index', 'year', 'score', 'rank', 'out_of', 'note'],
        ['PAR_INDEX', '2019', '81,2', '51', '63', 'Bộ Nội vụ'],
        [''],
        ['sipas', '2025', '', '12', '34', ''],
      ],
      2025,
    );
    expect(r).toEqual({
      ok: true,
      rows: [
        { index: 'par_index', year: 2019, score: 81.2, rank: 51, outOf: 63, note: 'Bộ Nội vụ' },
        { index: 'sipas', year: 2025, score: null, rank: 12, outOf: 34, note: null },
      ],
    });
  });

  it('lists every bad cell with its row and column, and duplicates', () => {
    const r = validateExternalRows(
      csv(
        'index,year,score,rank,out_of,note\npar_index,2019,abc,70,63,\nfoo,2019,50,1,63,\npapi,2020,50,1,63,\npapi,2020,51,2,63,\npci,2021,60,9,63,Sau sáp nhập, 34 tỉnh',
      ),
      2025,
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        { row: 2, column: 'score', message: 'must be a number' },
        { row: 2, column: 'rank', message: 'must not exceed out_of (63)' },
        {
          row: 3,
          column: 'index',
          message: 'foo is not one of par_index, sipas, papi, pci, dti, ict_index',
        },
        { row: 5, column: 'year', message: 'this index and year appear twice' },
        {
          row: 6,
          column: 'note',
          message: 'too many columns: put a note holding the separator in double quotes',
        },
      ],
    });
  });

  it('refuses a wrong header and a file without rows', () => {
    expect(validateExternalRows(csv('unit,year,score,rank,out_of'), 2025)).toMatchObject({
      ok: false,
      problems: [{ row: 1 }],
    });
    expect(validateExternalRows(csv('index,year,score,rank,out_of,note\n'), 2025)).toEqual({
      ok: false,
      problems: [{ row: 2, column: 'index', message: 'no rows' }],
    });
  });
});

describe('externalTrends', () => {
  it('compares each year with the previous one present, in places while the provinces ranked stay the same', () => {
    const [par, ...others] = externalTrends([
      row({ year: 2019, score: 81.2, rank: 51 }),
      row({ year: 2018, score: 78, rank: 58 }),
      row({ year: 2021, score: 84.3, rank: 38 }),
      row({ year: 2025, score: 88, rank: 12, outOf: 34 }),
      row({ index: 'pci', year: 2024, score: 65, rank: 20 }),
    ]);
    expect(par!.index).toBe('par_index');
    expect(par!.years.map((y) => [y.year, y.sinceYear, y.scoreChange, y.placesChange])).toEqual([
      [2018, null, null, null],
      [2019, 2018, 3.2, 7],
      [2021, 2019, 3.1, 13],
      [2025, 2021, 3.7, null],
    ]);
    expect(par!.years[0]!.change).toBeNull();
    expect(par!.years[2]!.change).toEqual({
      vi: 'điểm +3,1; tăng 13 bậc',
      en: 'score +3.1; up 13 places',
    });
    // 38/63 then 12/34: the number of provinces changed, places are not counted.
    expect(par!.years[3]!.outOfChanged).toBe(true);
    expect(par!.years[3]!.change!.vi).toContain('số tỉnh xếp hạng đổi từ 63 sang 34');
    expect(par!.years[3]!.change!.vi).not.toMatch(/tăng|giảm/);
    expect(others.map((t) => t.index)).toEqual(['pci']);
  });

  it('speaks of a fall and of a score alone', () => {
    const [t] = externalTrends([
      row({ index: 'papi', year: 2022, score: 45, rank: 10 }),
      row({ index: 'papi', year: 2023, score: 43.5, rank: 14 }),
      row({ index: 'papi', year: 2024, score: 44, rank: null, outOf: null }),
    ]);
    expect(t!.years[1]!.change).toEqual({
      vi: 'điểm −1,5; giảm 4 bậc',
      en: 'score −1.5; down 4 places',
    });
    expect(t!.years[2]!.change).toEqual({ vi: 'điểm +0,5', en: 'score +0.5' });
    expect(t!.years[2]!.placesChange).toBeNull();
  });
});
