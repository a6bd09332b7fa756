import { describe, expect, it } from 'vitest';
import { allPages, toCsv } from './registers.csv.js';

describe('register CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['Sở Tư pháp, tỉnh', 'nói "có"'],
        ['=1+1', null],
        [-3, 'x\ny'],
      ],
    );
    expect(text).toBe('\uFEFFa,b\r\n"Sở Tư pháp, tỉnh","nói ""có"""\r\n\'=1+1,\r\n-3,"x\ny"\r\n');
  });

  it('collects every page of a list', async () => {
    const pages = [[1, 2], [3]];
    const items = await allPages(async (page) => ({ total: 3, items: pages[page - 1] ?? [] }));
    expect(items).toEqual([1, 2, 3]);
  });
});
