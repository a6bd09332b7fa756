import { describe, expect, it } from 'vitest';
import { formatSessionDate } from './format.js';

describe('formatSessionDate', () => {
  it('names the weekday of the calendar date, whatever the zone', () => {
    expect(formatSessionDate('2025-03-13', 'vi')).toMatch(/Thứ Năm/i);
    expect(formatSessionDate('2025-03-13', 'en')).toMatch(/Thursday/);
    expect(formatSessionDate('2025-03-13', 'en')).toContain('13');
  });
});
