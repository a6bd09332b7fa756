/**
 * Recent public look-up answers, each served for at most `ttlMs` after it was read from the
 * database, then read again: an answer is never older than that bound, whatever changed the
 * dossier meanwhile (a transition, an extension, the clock passing the promised date). Off
 * (ttlMs 0) unless MOTCUA_LOOKUP_CACHE_MS is set: it trades that staleness for serving a burst
 * of look-ups of the same codes (an SMS campaign, a shared link) without PostgreSQL. Only
 * found dossiers are kept, so probing unknown codes cannot fill it; at most `max` entries, the
 * oldest dropped first.
 */
export class LookupCache {
  private readonly entries = new Map<string, { json: string; until: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly max = 10_000,
  ) {
    if (!Number.isFinite(ttlMs) || ttlMs < 0)
      throw new Error(
        `look-up cache TTL (MOTCUA_LOOKUP_CACHE_MS) must be milliseconds ≥ 0, not ${ttlMs}`,
      );
    if (!Number.isInteger(max) || max < 1) throw new Error(`bad look-up cache size: ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer read less than `ttlMs` before `now` (epoch ms), if any. */
  get(tenantId: number, code: string, now: number): string | undefined {
    if (this.ttlMs === 0) return undefined;
    const key = `${tenantId}/${code}`;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // A clock set back (tests, NTP) must not stretch the bound: the entry is only good while
    // now is within [read, read + ttl).
    if (now >= entry.until || now < entry.until - this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.json;
  }

  /** Keeps an answer read from the database at `now` (epoch ms). */
  set(tenantId: number, code: string, json: string, now: number): void {
    if (this.ttlMs === 0) return;
    const key = `${tenantId}/${code}`;
    this.entries.delete(key);
    if (this.entries.size >= this.max) {
      // Maps iterate in insertion order: the first key is the oldest read.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { json, until: now + this.ttlMs });
  }
}
