import { describe, expect, it } from 'vitest';
import { accepts, formatBytes } from './FileDrop.js';
import { formatDate, formatDateTime, formatMoney, isoInVietnam, yearInVietnam } from './format.js';
import { pageWindow } from './Pagination.js';

describe('formatting for Vietnamese screens', () => {
  it('shows instants in Asia/Ho_Chi_Minh whatever the machine zone', () => {
    // 17:30 UTC is 00:30 the next day in Vietnam.
    expect(formatDate('2025-07-15T17:30:00Z')).toBe('16/07/2025');
    expect(formatDateTime('2025-07-15T17:30:00Z')).toContain('16/07/2025');
    expect(formatDateTime('2025-07-15T17:30:00Z')).toContain('00:30');
    expect(isoInVietnam('2025-07-15T17:30:00Z')).toBe('2025-07-16T00:30:00+07:00');
  });

  it('gives the year it is in Vietnam: from 17:00 UTC on 31 December, the next one', () => {
    expect(yearInVietnam('2025-12-31T16:59:00Z')).toBe(2025);
    expect(yearInVietnam('2025-12-31T17:00:00Z')).toBe(2026);
  });

  it('reads a bare DATE as that calendar day in Vietnam', () => {
    expect(formatDate('2025-01-01')).toBe('01/01/2025');
    expect(formatDate('2025-01-01', 'en')).toBe('01/01/2025');
  });

  it('returns an empty string for an unreadable date', () => {
    expect(formatDateTime('not a date')).toBe('');
  });

  it('formats đồng without decimals', () => {
    expect(formatMoney(1_250_000).replace(/\s/g, ' ')).toBe('1.250.000 ₫');
    expect(formatMoney(1_250_000, 'en')).toContain('1,250,000');
  });
});

describe('pagination window', () => {
  it('shows first, last and the neighbours of the current page with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 10)).toEqual([1, 'gap', 4, 5, 6, 'gap', 10]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });
});

describe('file drop checks', () => {
  it('accepts by MIME type, wildcard and extension', () => {
    expect(accepts({ name: 'a.PDF', type: 'application/pdf' }, '.pdf')).toBe(true);
    expect(accepts({ name: 'scan.jpg', type: 'image/jpeg' }, 'image/*')).toBe(true);
    expect(
      accepts({ name: 'x.exe', type: 'application/x-msdownload' }, 'application/pdf,.jpg'),
    ).toBe(false);
    expect(accepts({ name: 'x.exe', type: '' }, undefined)).toBe(true);
  });

  it('formats sizes', () => {
    expect(formatBytes(500)).toBe('500 B');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
  });
});
