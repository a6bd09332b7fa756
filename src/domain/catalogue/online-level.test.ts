import { describe, expect, it } from 'vitest';
import { parseOnlineLevel } from './index.js';

describe('parseOnlineLevel', () => {
  it('maps the Decree 43/2011 levels: 4 → full, 3 → partial, 1–2 → none', () => {
    expect(['1', '2', '3', '4', 'Mức độ 4', 'mức 3'].map(parseOnlineLevel)).toEqual([
      'none',
      'none',
      'partial',
      'full',
      'full',
      'partial',
    ]);
  });

  it('reads the codes and the Vietnamese terms with or without diacritics', () => {
    expect(
      ['full', 'Toàn trình', 'toan trinh', 'Một phần', 'partial', 'Không', 'none', ''].map(
        parseOnlineLevel,
      ),
    ).toEqual(['full', 'full', 'full', 'partial', 'partial', 'none', 'none', 'none']);
  });

  it('returns undefined for anything else', () => {
    expect(parseOnlineLevel('5')).toBeUndefined();
    expect(parseOnlineLevel('online')).toBeUndefined();
  });
});
