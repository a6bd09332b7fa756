import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented rate limits and no look-up cache when nothing is set', () => {
    const config = loadConfig({}, {});
    expect(config.rateLimits).toEqual({ all: 600, lookup: 30, feedbackWrite: 10 });
    expect(config.lookupCacheMs).toBe(0);
  });

  it('reads the limits and the cache bound from the environment', () => {
    const config = loadConfig(
      {},
      {
        MOTCUA_RATE_LIMIT: '1200',
        MOTCUA_LOOKUP_RATE_LIMIT: '60',
        MOTCUA_FEEDBACK_RATE_LIMIT: '5',
        MOTCUA_LOOKUP_CACHE_MS: '1000',
      },
    );
    expect(config.rateLimits).toEqual({ all: 1200, lookup: 60, feedbackWrite: 5 });
    expect(config.lookupCacheMs).toBe(1000);
  });

  it('refuses a value that is not a whole number in range, naming the variable', () => {
    // NaN or 0 as a rate limit would switch the limit off or lock everyone out.
    expect(() => loadConfig({}, { MOTCUA_RATE_LIMIT: '6OO' })).toThrow(/MOTCUA_RATE_LIMIT/);
    expect(() => loadConfig({}, { MOTCUA_LOOKUP_RATE_LIMIT: '0' })).toThrow(
      /MOTCUA_LOOKUP_RATE_LIMIT.*≥ 1/,
    );
    expect(() => loadConfig({}, { MOTCUA_FEEDBACK_RATE_LIMIT: '2.5' })).toThrow(
      /MOTCUA_FEEDBACK_RATE_LIMIT/,
    );
    expect(() => loadConfig({}, { MOTCUA_LOOKUP_CACHE_MS: '-1' })).toThrow(
      /MOTCUA_LOOKUP_CACHE_MS.*≥ 0/,
    );
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ port: 70000 }, {})).toThrow(/invalid port/);
  });

  it('answers the catalogued config_invalid, which the CLI reports as bad input', () => {
    try {
      loadConfig({}, { MOTCUA_RATE_LIMIT: 'many' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'config_invalid' });
    }
    expect(() => loadConfig({}, { NODE_ENV: 'production' })).toThrow(/MOTCUA_SECRET_KEY/);
  });
});
