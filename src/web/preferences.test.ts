import { describe, expect, it } from 'vitest';
import { stepTextSize } from './preferences.js';

describe('text size steps', () => {
  it('goes one size at a time and stops at the ends', () => {
    expect(stepTextSize('normal', 1)).toBe('large');
    expect(stepTextSize('large', 1)).toBe('larger');
    expect(stepTextSize('larger', 1)).toBe('larger');
    expect(stepTextSize('normal', -1)).toBe('small');
    expect(stepTextSize('small', -1)).toBe('small');
  });
});
