/**
 * Canonical JSON for the audit chain: the JSON value with object keys sorted recursively (by
 * UTF-16 code unit, JavaScript's default order), no whitespace, `undefined` members dropped and
 * dates as ISO strings. PostgreSQL's jsonb reorders keys, so the hash is computed over this
 * form, which survives a jsonb round trip unchanged.
 */
export function canonicalJson(value: unknown): string {
  return serialise(JSON.parse(JSON.stringify(value ?? null)));
}

function serialise(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${serialise(record[key])}`).join(',')}}`;
}
