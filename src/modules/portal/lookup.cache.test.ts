import { describe, expect, it } from 'vitest';
import { LookupCache } from './lookup.cache.js';

describe('look-up cache', () => {
  it('answers within the TTL only', () => {
    const cache = new LookupCache(1000);
    cache.set(1, 'A-250101-0001', '{"a":1}', 5000);
    expect(cache.get(1, 'A-250101-0001', 5000)).toBe('{"a":1}');
    expect(cache.get(1, 'A-250101-0001', 5999)).toBe('{"a":1}');
    expect(cache.get(2, 'A-250101-0001', 5001)).toBeUndefined(); // another tenant
    expect(cache.get(1, 'A-250101-0001', 6000)).toBeUndefined();
    expect(cache.size).toBe(0); // an expired entry is dropped when met
  });

  it('does not stretch the bound when the clock goes back', () => {
    const cache = new LookupCache(1000);
    cache.set(1, 'A-250101-0001', '{}', 5000);
    expect(cache.get(1, 'A-250101-0001', 4999)).toBeUndefined();
  });

  it('keeps at most max entries, dropping the oldest read', () => {
    const cache = new LookupCache(1000, 2);
    cache.set(1, 'A', 'a', 0);
    cache.set(1, 'B', 'b', 1);
    cache.set(1, 'A', 'a2', 2); // read again: now the newest
    cache.set(1, 'C', 'c', 3);
    expect(cache.get(1, 'B', 4)).toBeUndefined();
    expect(cache.get(1, 'A', 4)).toBe('a2');
    expect(cache.get(1, 'C', 4)).toBe('c');
  });

  it('keeps nothing when off, and refuses a bad configuration', () => {
    const cache = new LookupCache(0);
    cache.set(1, 'A', 'a', 0);
    expect(cache.get(1, 'A', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(() => new LookupCache(Number('abc'))).toThrow(/TTL/);
    expect(() => new LookupCache(-1)).toThrow(/TTL/);
    expect(() => new LookupCache(10, 0)).toThrow(/size/);
  });
});
