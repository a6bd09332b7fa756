import { describe, expect, it } from 'vitest';
import { cutPercent, formatLimit, issuesByPath, onlineTone } from './format.js';

const t = (key: string, options?: Record<string, unknown>) => `${key}|${options?.value ?? ''}`;

describe('catalogue formatting', () => {
  it('writes limits with the language’s decimal mark and names same-day procedures', () => {
    expect(formatLimit(t, 0.5, 'working_days', 'vi')).toBe('catalogue:units.working_days|0,5');
    expect(formatLimit(t, 0.5, 'working_hours', 'en')).toBe('catalogue:units.working_hours|0.5');
    expect(formatLimit(t, 0, 'same_day', 'vi')).toBe('catalogue:units.same_day|');
  });

  it('computes the cut against the legal limit only when there is one', () => {
    expect(cutPercent(20, 15)).toBe(25);
    expect(cutPercent(3, 3)).toBeNull();
    expect(cutPercent(0, 0)).toBeNull();
  });

  it('joins several issues of one field in the reader’s language', () => {
    const map = issuesByPath(
      [
        { path: 'name', vi: 'Bắt buộc nhập', en: 'Required' },
        { path: 'steps', vi: 'A', en: 'first' },
        { path: 'steps', vi: 'B', en: 'second' },
      ],
      'en',
    );
    expect(map.get('name')).toBe('Required');
    expect(map.get('steps')).toBe('first; second');
  });

  it('marks fully online procedures as the success tone', () => {
    expect([onlineTone('full'), onlineTone('partial'), onlineTone('none')]).toEqual([
      'success',
      'info',
      'neutral',
    ]);
  });
});
