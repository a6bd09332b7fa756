import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { Role } from '../../src/platform/db/schema.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';
import { isModuleObjectRoute, moduleBody, moduleQuery } from './module-objects.js';
import {
  buildSurface,
  fillPath,
  isPublic,
  type Operation,
  PUBLIC_ROUTES,
  ROLES,
  type Surface,
} from './surface.js';

/**
 * Issue 8, access: deny by default over the whole API read from its OpenAPI document.
 * - anonymous: 401 on every route that is not public;
 * - every role, granted over the own branch only: never a 2xx on an object of the other branch
 *   (dossier, its forms, documents, payments, citizen view; a user; a unit), and lists never
 *   contain the other branch's dossier;
 * - the public look-up shows no personal data.
 * With MOTCUA_WRITE_MATRIX=1 the observed table is written into docs/SECURITY.md.
 */
let database: Database;
let s: Surface;
const NO_LIMIT = { 'x-test-no-limit': '1' };

/**
 * 2xx answers on the other branch that reveal nothing, with the reason; the body must be exactly
 * the one given.
 */
const HARMLESS_2XX: Record<string, { why: string; body: string }> = {
  'GET /api/portal/dossiers/{id}/rating': {
    why: '"my rating of this dossier": null for anyone but its applicant',
    body: '{"rating":null}',
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  s = await buildSurface(database);
});
afterAll(async () => {
  await s?.app.close();
  await database?.close();
});

/** Object routes whose target belongs to a unit: the other branch's object must never answer 2xx. */
function isUnitScopedObject(op: Operation): boolean {
  if (op.path.startsWith('/api/dossiers/{id}')) return true;
  if (op.path.startsWith('/api/portal/dossiers/{id}')) return true;
  if (op.path.startsWith('/api/admin/users/{id}')) return true;
  if (op.path.startsWith('/api/feedback/{id}')) return true;
  if (op.path.startsWith('/api/units/{id}') && op.method !== 'GET') return true;
  return isModuleObjectRoute(op.path);
}

/** A valid body for the mutations, so a 4xx comes from the access check, not the schema. */
function bodyFor(op: Operation, branch: 'own' | 'other'): unknown {
  const t = s[branch];
  if (op.path === '/api/dossiers/{id}/actions/{action}')
    return { version: 2, assigneeId: s.w.users.specialist.id };
  if (op.path === '/api/admin/users/{id}/roles') return { role: 'specialist', unitId: t.unitId };
  if (op.path === '/api/units/{id}') return { name: 'Đổi tên' };
  if (op.path === '/api/portal/dossiers/{id}/withdraw') return { version: 1, reason: 'Rút hồ sơ' };
  if (op.path === '/api/portal/dossiers/{id}/rating')
    return { access: 5, procedure: 5, staff: 5, result: 5 };
  if (op.path === '/api/portal/dossiers/{id}/supplement')
    return { version: 1, components: [{ code: 'TP01', fileIds: [1] }] };
  if (op.path === '/api/dossiers/{id}/documents') return { kind: 'other', fileIds: [1] };
  if (op.path === '/api/units/{id}/lineage')
    return { relation: 'renamed_to', otherUnitId: s.own.unitId, effectiveOn: '2025-01-01' };
  if (op.path === '/api/units/{id}/close') return { validTo: '2030-12-31' };
  if (op.path === '/api/feedback/{id}/actions/{action}') return { version: 1 };
  if (isModuleObjectRoute(op.path))
    return moduleBody(op.method, op.path, { id: t.unitId, code: t.modules.unitCode });
  if (op.method === 'GET' || op.method === 'DELETE') return undefined;
  return {};
}

async function call(op: Operation, url: string, headers: Record<string, string>, payload: unknown) {
  return s.app.inject({
    method: op.method,
    url,
    headers: { ...NO_LIMIT, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describe('access matrix', () => {
  it('answers 401 to an anonymous caller on every non-public route', async () => {
    const protectedOps = s.operations.filter((op) => !isPublic(op));
    expect(protectedOps.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const op of protectedOps) {
      const response = await call(op, fillPath(op.path, s, 'own'), {}, bodyFor(op, 'own'));
      const code = response.json().error?.code;
      // Guards run in preValidation: an anonymous caller is refused before its (empty, invalid)
      // input is even looked at, so the answer is 401 everywhere.
      if (response.statusCode !== 401)
        leaks.push(`${op.method} ${op.path} → ${response.statusCode}`);
      else expect(code).toBe('unauthenticated');
    }
    expect(leaks).toEqual([]);
    console.info(`[access] anonymous: ${protectedOps.length} protected operations, all 401`);
  });

  it('never answers 2xx to a role on the other branch, and lists never show its dossier', async () => {
    const objectOps = s.operations.filter((op) => !isPublic(op) && isUnitScopedObject(op));
    expect(objectOps.length).toBeGreaterThan(15);
    const table: Array<{ op: Operation; own: Record<Role, number>; other: Record<Role, number> }> =
      [];
    const breaches: string[] = [];
    for (const op of objectOps) {
      const row = { op, own: {} as Record<Role, number>, other: {} as Record<Role, number> };
      for (const role of ROLES) {
        const headers = s.sessions[role].headers;
        // The other branch first: a successful mutation on the own branch must not change the answer.
        const other = await call(
          op,
          fillPath(op.path, s, 'other') + moduleQuery(op.method, op.path),
          headers,
          bodyFor(op, 'other'),
        );
        row.other[role] = other.statusCode;
        const harmless = HARMLESS_2XX[`${op.method} ${op.path}`];
        if (other.statusCode < 300 && !(harmless && other.body === harmless.body))
          breaches.push(`${role} ${op.method} ${op.path} → ${other.statusCode}`);
        expect(other.statusCode, `${role} ${op.method} ${op.path}`).toBeLessThan(500);
        if (op.method === 'GET') {
          const own = await call(op, fillPath(op.path, s, 'own'), headers, undefined);
          row.own[role] = own.statusCode;
        }
      }
      table.push(row);
    }
    expect(breaches).toEqual([]);

    const lists = [
      '/api/dossiers',
      '/api/dossiers/register',
      '/api/dossiers/queues/mine',
      '/api/portal/dossiers',
      '/api/feedback',
    ];
    for (const role of ROLES) {
      for (const url of lists) {
        const response = await s.app.inject({
          method: 'GET',
          url,
          headers: { ...NO_LIMIT, ...s.sessions[role].headers },
        });
        expect(response.statusCode).toBeLessThan(500);
        expect(response.body, `${role} ${url}`).not.toContain(s.other.code);
        expect(response.body, `${role} ${url}`).not.toContain(s.other.feedbackCode);
        expect(response.body).not.toContain('Trần Thị Bí Mật');
      }
    }

    // The people who work the own dossier can read it; a citizen who is not its applicant cannot.
    const read = table.find((r) => r.op.method === 'GET' && r.op.path === '/api/dossiers/{id}');
    expect(read?.own.counter_officer).toBe(200);
    expect(read?.own.specialist).toBe(200);
    expect(read?.own.leader).toBe(200);
    expect(read?.own.citizen).not.toBe(200);
    // Feedback: the people of the unit read its items; the administrator and citizens do not.
    const item = table.find((r) => r.op.method === 'GET' && r.op.path === '/api/feedback/{id}');
    expect(item?.own.specialist).toBe(200);
    expect(item?.own.reform_office).toBe(200);
    expect(item?.own.administrator).toBe(404);
    expect(item?.own.citizen).toBe(403);

    if (process.env.MOTCUA_WRITE_MATRIX === '1') writeMatrix(table);
  }, 60_000);

  it('shows no personal data in the public look-up', async () => {
    const response = await s.app.inject({
      method: 'GET',
      url: `/api/public/dossiers/${encodeURIComponent(s.own.code)}`,
      headers: { ...NO_LIMIT, 'x-motcua-tenant': s.w.tenantCode },
    });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain(s.own.code);
    for (const secret of [
      'Nguyễn Văn Dân',
      '001090012345',
      '0912345678',
      '12345',
      'Tân Phong, Lai Châu',
    ])
      expect(body).not.toContain(secret);
    // An unknown code says nothing more than "not found".
    const unknown = await s.app.inject({
      method: 'GET',
      url: '/api/public/dossiers/KHONG-CO-0001',
      headers: { ...NO_LIMIT, 'x-motcua-tenant': s.w.tenantCode },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

function writeMatrix(
  table: Array<{ op: Operation; own: Record<Role, number>; other: Record<Role, number> }>,
): void {
  const short: Record<Role, string> = {
    citizen: 'cit',
    counter_officer: 'cnt',
    specialist: 'spe',
    leader: 'lea',
    reform_office: 'ref',
    administrator: 'adm',
  };
  const lines = [
    `| operation | ${ROLES.map((r) => `${short[r]} own`).join(' | ')} | ${ROLES.map((r) => `${short[r]} other`).join(' | ')} |`,
    `| --- | ${ROLES.map(() => '---').join(' | ')} | ${ROLES.map(() => '---').join(' | ')} |`,
    ...table.map(
      (r) =>
        `| \`${r.op.method} ${r.op.path}\` | ${ROLES.map((role) => r.own[role] ?? '–').join(' | ')} | ${ROLES.map((role) => r.other[role]).join(' | ')} |`,
    ),
  ];
  const publics = Object.entries(PUBLIC_ROUTES).map(([route, why]) => `| \`${route}\` | ${why} |`);
  const section = [
    '<!-- matrix:start -->',
    ...lines,
    '',
    'Public routes (everything else answers 401 to an anonymous caller): every `/api/public/*` route, and',
    '',
    '| route | why |',
    '| --- | --- |',
    ...publics,
    '<!-- matrix:end -->',
  ].join('\n');
  const file = new URL('../../docs/SECURITY.md', import.meta.url);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/<!-- matrix:start -->[\s\S]*<!-- matrix:end -->/, section));
}
