import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from './format.js';

describe('formatNumber', () => {
  it('writes Vietnamese numbers with a decimal comma and dot thousands', () => {
    expect(formatNumber(82, 'vi')).toBe('82,00');
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,50');
    expect(formatPercent(64.5, 'vi')).toBe('64,50%');
  });

  it('writes English numbers with a decimal point and comma thousands', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.50');
    expect(formatPercent(64.5, 'en')).toBe('64.50%');
  });

  it('signs changes with plus and a true minus, zero with neither', () => {
    expect(formatNumber(-3.5, 'vi', { signed: true })).toBe('\u22123,50');
    expect(formatNumber(3.5, 'en', { signed: true })).toBe('+3.50');
    expect(formatNumber(0, 'en', { signed: true })).toBe('0.00');
    expect(formatNumber(-0.001, 'en', { signed: true })).toBe('0.00');
  });
});
