import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';
import { ERRORS } from '../../src/platform/errors.js';
import { buildSurface, fillPath, type Operation, type Surface } from './surface.js';

/**
 * Issue 8, hostile input: every operation of the OpenAPI document is driven with generated
 * invalid inputs (wrong types, missing and extra fields, huge strings, unicode, control
 * characters, negative and enormous numbers, path traversal, SQL-looking text) in the path, the
 * query and the body, by a signed-in administrator and anonymously. No answer may be a 5xx or
 * carry a stack trace, and every error body is `{error: {code, message}}` with a catalogue code.
 * Bound: CASES per operation and TIME_BUDGET_MS in all.
 */
const CASES = 20;
const TIME_BUDGET_MS = 40_000;
const SEED = Number(process.env.MOTCUA_FUZZ_SEED ?? 20251122);

let database: Database;
let s: Surface;
const figures = {
  operations: 0,
  requests: 0,
  byStatus: {} as Record<string, number>,
  knownFindings: 0,
  ms: 0,
};

/**
 * Findings this test made in code outside its owner's files, reported for a fix and listed in
 * docs/SECURITY.md ("Open findings"). Each matcher is narrow: any other failure still fails.
 * Remove an entry when its fix lands (the test then guards against regressions).
 */
// Findings the fuzzing turned up are fixed where they arose (the router's own errors through
// `frameworkErrors`, out-of-range database values in the error handler); none is tolerated now.
const KNOWN_FINDINGS: Array<{ match: RegExp; why: string }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  s = await buildSurface(database);
});
afterAll(async () => {
  console.info(`[hostile] seed ${SEED} ${JSON.stringify(figures)}`);
  await s?.app.close();
  await database?.close();
});

const HOSTILE_STRINGS = [
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  "' or 1=1 --",
  '"; drop table dossiers; --',
  '<script>alert(1)</script>',
  '\u0000\u0001\u001f',
  '\ud800',
  'Nguyễn Văn A\u0301\u200b',
  '𝕄ộ𝕥 ℂử𝕒 🇻🇳',
  '%00',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal injection payload, not a template
  '${jndi:ldap://x}',
  '{{7*7}}',
  '-1',
  '1e309',
  'NaN',
  '2025-02-30',
  '9999-99-99T99:99:99Z',
];

/** One hostile scalar. */
const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom('x'.repeat(70_000), 'đ'.repeat(5_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: -(2 ** 53) + 1, max: -1 }),
  fc.constantFrom(0, 2 ** 31, 2 ** 53 + 2, 1.5, -0.5, 1e308),
  fc.constantFrom(null, true, false, [], {}),
);

/** A hostile body: a wrong top-level type, or the schema's fields with hostile values and extras. */
function bodyArbitrary(op: Operation): fc.Arbitrary<unknown> {
  const schema = op.schema.requestBody?.content?.['application/json']?.schema as
    | { properties?: Record<string, unknown> }
    | undefined;
  const fields = Object.keys(schema?.properties ?? {});
  const record =
    fields.length > 0
      ? fc.record(Object.fromEntries(fields.map((f) => [f, scalar])), { requiredKeys: [] })
      : fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 });
  return fc.oneof(
    { weight: 4, arbitrary: record },
    { weight: 1, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  );
}

function queryArbitrary(op: Operation): fc.Arbitrary<Record<string, string | undefined>> {
  const names = (op.schema.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  if (names.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(names.map((n) => [n, scalar.map((v) => String(v))])), {
    requiredKeys: [],
  });
}

function pathArbitrary(op: Operation): fc.Arbitrary<Record<string, string | undefined>> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (names.length === 0) return fc.constant({});
  return fc.record(
    Object.fromEntries(
      names.map((n) => [
        n,
        fc.oneof(
          scalar.map((v) => String(v)),
          fc.constant(''),
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
}

const STACK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+:\d+|\.js:\d+:\d+|^\s*Error:/m;

describe('hostile input over the OpenAPI document', () => {
  it(`answers every generated bad request without a 5xx, a stack trace or an off-catalogue error (${CASES} cases per operation)`, async () => {
    const started = Date.now();
    const deadline = started + TIME_BUDGET_MS;
    const failures: string[] = [];
    // Signing out would end the administrator's session for the remaining operations.
    const operations = s.operations.filter((op) => !op.path.startsWith('/api/auth/logout'));
    expect(operations.length).toBeGreaterThan(60);
    for (const op of operations) {
      if (Date.now() > deadline) break;
      figures.operations++;
      const samples = fc.sample(
        fc.tuple(pathArbitrary(op), queryArbitrary(op), bodyArbitrary(op), fc.boolean()),
        { numRuns: CASES, seed: SEED + figures.operations },
      );
      for (const [params, query, body, anonymous] of samples) {
        const url = fillPath(op.path, s, 'own', params as Record<string, string>);
        const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
        const response = await s.app.inject({
          method: op.method,
          url,
          query: query as Record<string, string>,
          headers: {
            'x-test-no-limit': '1',
            ...(anonymous
              ? { 'x-motcua-tenant': s.w.tenantCode }
              : s.sessions.administrator.headers),
            ...(hasBody ? { 'content-type': 'application/json' } : {}),
          },
          ...(hasBody ? { payload: JSON.stringify(body) } : {}),
        });
        figures.requests++;
        figures.byStatus[response.statusCode] = (figures.byStatus[response.statusCode] ?? 0) + 1;
        const where = `${anonymous ? 'anonymous' : 'administrator'} ${op.method} ${url.slice(0, 120)}`;
        if (response.statusCode >= 500)
          failures.push(`${where} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (STACK.test(response.body)) failures.push(`${where}: stack trace in body`);
        if (response.statusCode >= 400) {
          let parsed: { error?: { code?: string; message?: string } } | null = null;
          try {
            parsed = response.json();
          } catch {
            failures.push(`${where} → ${response.statusCode}: error body is not JSON`);
            continue;
          }
          const code = parsed?.error?.code;
          if (
            typeof code !== 'string' ||
            !(code in ERRORS) ||
            typeof parsed?.error?.message !== 'string'
          )
            failures.push(
              `${where} → ${response.statusCode}: off-catalogue error ${response.body.slice(0, 200)}`,
            );
        }
      }
    }
    figures.ms = Date.now() - started;
    const known = failures.filter((f) => KNOWN_FINDINGS.some((k) => k.match.test(f)));
    figures.knownFindings = known.length;
    expect(failures.filter((f) => !known.includes(f)).slice(0, 20)).toEqual([]);
    // The bound must still have let every operation run.
    expect(figures.operations).toBe(operations.length);
  }, 60_000);
});
