import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcedure } from '../../domain/catalogue/test-support.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { loadStarterTenant, STARTER_PASSWORD } from '../org/starter.js';
import { catalogueModule } from './index.js';

const SAMPLE = new URL('./fixtures/sample-procedures.csv', import.meta.url);
const NO_LIMIT = { 'x-test-no-limit': '1' };
let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let reform: TestSession;
let officer: TestSession;
let communeAdmin: TestSession;

function multipart(name: string, bytes: Buffer, mime: string) {
  const boundary = `----motcua${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function importFile(session: TestSession, bytes: Buffer, query = '', name = 'catalogue.csv') {
  const body = multipart(
    name,
    bytes,
    name.endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv',
  );
  return app.inject({
    method: 'POST',
    url: `/api/catalogue/import${query}`,
    headers: { ...NO_LIMIT, ...session.headers, ...body.headers },
    payload: body.payload,
  });
}

const { code: _code, ...birthContent } = buildProcedure();

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(
    database,
    loadConfig({}, { NODE_ENV: 'test' }),
    () => new Date('2025-09-01T03:00:00Z'),
  );
  await loadStarterTenant(ctx.db);
  const tenantId = (await ctx.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
  const ward = (
    await ctx.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', '000.21.02.H40')
      .executeTakeFirstOrThrow()
  ).id;
  const centre = (
    await ctx.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', '000.00.01.H40')
      .executeTakeFirstOrThrow()
  ).id;
  app = await buildApp({ ctx, logger: false, modules: [authModule, catalogueModule] });
  await app.ready();
  reform = await signIn(app, 'cchc', STARTER_PASSWORD);
  officer = await signIn(
    app,
    (await createUser(ctx.db, { tenantId, role: 'counter_officer', unitId: centre })).username,
  );
  communeAdmin = await signIn(
    app,
    (await createUser(ctx.db, { tenantId, role: 'administrator', unitId: ward })).username,
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('import and export over HTTP', () => {
  it('refuses an import from anyone but a tenant-wide editor', async () => {
    const sample = await readFile(SAMPLE);
    expect((await importFile(officer, sample)).statusCode).toBe(403);
    expect((await importFile(communeAdmin, sample)).statusCode).toBe(403);
  });

  it('answers a dry run with the report and writes nothing', async () => {
    const response = await importFile(reform, await readFile(SAMPLE), '?dryRun=true');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      dryRun: true,
      written: false,
      created: 11,
      invalidRows: 0,
    });
    const list = await app.inject({ url: '/api/public/procedures', headers: NO_LIMIT });
    expect(list.json().total).toBe(0);
  });

  it('answers import_invalid with the row and column of each problem', async () => {
    const bad = Buffer.from(
      (await readFile(SAMPLE, 'utf8')).replace(
        '1.001193,Đăng ký khai sinh,Birth registration,HT,Hộ tịch,commune',
        '1.001193,Đăng ký khai sinh,Birth registration,HT,Hộ tịch,thôn',
      ),
    );
    const response = await importFile(reform, bad);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('import_invalid');
    expect(body.error.details.issues).toEqual([
      expect.objectContaining({ row: 2, column: 'level', code: 'invalid_choice' }),
    ]);
    expect(body.error.details.written).toBe(false);
  });

  it('imports the sample, then an export of it imports back with no change (csv and xlsx)', async () => {
    const first = await importFile(reform, await readFile(SAMPLE), '?effectiveFrom=2025-08-01');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ written: true, created: 11 });
    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await app.inject({
        url: `/api/catalogue/export?format=${format}`,
        headers: { ...NO_LIMIT, ...officer.headers },
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toContain(`.${format}`);
      expect(exported.headers['x-procedure-count']).toBe('11');
      const again = await importFile(reform, exported.rawPayload, '', `export.${format}`);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({
        format,
        written: true,
        created: 0,
        versioned: 0,
        statusChanged: 0,
        unchanged: 11,
      });
    }
  });

  it('refuses an export to anonymous callers and a binary file as an import', async () => {
    expect((await app.inject({ url: '/api/catalogue/export', headers: NO_LIMIT })).statusCode).toBe(
      401,
    );
    const response = await importFile(
      reform,
      Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]),
      '',
      'x.csv',
    );
    expect(response.statusCode).toBe(415);
  });
});

describe('public browsing', () => {
  it('finds procedures without sign-in, ignoring diacritics and case', async () => {
    const response = await app.inject({
      url: '/api/public/procedures?q=GIAY%20PHEP%20xay%20dung&sort=code',
      headers: NO_LIMIT,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((p: { code: string }) => p.code)).toEqual(['1.009994', '1.009995']);
    expect(Object.keys(body.items[0]).sort()).toEqual(
      [
        'agency',
        'boundaryFree',
        'code',
        'feeTotal',
        'field',
        'legalLimit',
        'level',
        'limitUnit',
        'name',
        'nameEn',
        'onlineLevel',
        'postalIn',
        'postalOut',
        'promisedLimit',
      ].sort(),
    );
    expect(body.items[0].agency).toEqual({
      code: '000.00.15.H40',
      name: 'Sở Xây dựng',
      nameEn: 'Department of Construction',
    });
  });

  it('filters by field and online level and pages', async () => {
    const fields = await app.inject({ url: '/api/public/procedure-fields', headers: NO_LIMIT });
    expect(fields.json().items).toContainEqual({ code: 'HT', name: 'Hộ tịch', count: 4 });
    const page = await app.inject({
      url: '/api/public/procedures?field=HT&onlineLevel=full&pageSize=2&page=2&sort=name',
      headers: NO_LIMIT,
    });
    expect(page.json()).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.json().items).toHaveLength(1);
  });

  it('shows a procedure without its template or bookkeeping', async () => {
    const response = await app.inject({
      url: '/api/public/procedures/1.000114',
      headers: NO_LIMIT,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      code: '1.000114',
      legalLimit: 10,
      promisedLimit: 7,
      feeTotal: 200_000,
      onlineLevel: 'full',
    });
    expect(body.components).toHaveLength(3);
    for (const hidden of ['steps', 'version', 'effectiveFrom', 'createdBy', 'changeNote', 'status'])
      expect(body).not.toHaveProperty(hidden);
  });

  it('answers not_found for an unknown code', async () => {
    const response = await app.inject({
      url: '/api/public/procedures/0.000000',
      headers: NO_LIMIT,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('rejects a bad filter value with validation_failed', async () => {
    const response = await app.inject({
      url: '/api/public/procedures?onlineLevel=4',
      headers: NO_LIMIT,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });
});

describe('back office', () => {
  it('lets staff read the list with status and the detail with its template', async () => {
    expect(
      (await app.inject({ url: '/api/catalogue/procedures', headers: NO_LIMIT })).statusCode,
    ).toBe(401);
    const list = await app.inject({
      url: '/api/catalogue/procedures?status=all&pageSize=100',
      headers: { ...NO_LIMIT, ...officer.headers },
    });
    expect(list.json().total).toBe(11);
    expect(list.json().items[0]).toMatchObject({ status: 'active', version: 1, upcoming: false });
    const detail = await app.inject({
      url: '/api/catalogue/procedures/1.009994',
      headers: { ...NO_LIMIT, ...officer.headers },
    });
    expect(detail.json().current.steps).toHaveLength(6);
    expect(detail.json().current.effectiveFrom).toBe('2025-08-01T00:00:00+07:00');
  });

  it('creates a procedure for the reform office only, with field-level issues when invalid', async () => {
    const body = {
      ...birthContent,
      code: '1.000777',
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      legalLimit: 3,
      promisedLimit: 2,
      steps: [],
    };
    const denied = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures',
      headers: { ...NO_LIMIT, ...officer.headers },
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: {
        ...body,
        promisedLimit: 5,
        components: [{ code: 'TP01', name: '', copies: 1, required: true, mustDigitise: true }],
      },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      'promisedLimit',
      'components[0].name',
    ]);
    const created = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().current.steps.map((s: { allotment: number }) => s.allotment)).toEqual([
      0.25, 1.5, 0.25, 0,
    ]);
    const taken = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: body,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('already_exists');
  });

  it('edits into a new version and refuses a stale one', async () => {
    const current = (
      await app.inject({
        url: '/api/catalogue/procedures/1.000777',
        headers: { ...NO_LIMIT, ...reform.headers },
      })
    ).json().current;
    const {
      version: _v,
      effectiveFrom: _e,
      changeNote: _n,
      createdAt: _c,
      createdBy: _b,
      field,
      agency,
      feeTotal: _f,
      ...rest
    } = current;
    const content = {
      ...rest,
      fieldCode: field?.code ?? null,
      fieldName: field?.name ?? null,
      agencyCode: agency?.code ?? null,
    };
    const edit = await app.inject({
      method: 'PUT',
      url: '/api/catalogue/procedures/1.000777',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: {
        ...content,
        fees: [{ name: 'Lệ phí', amount: 15_000 }],
        expectedVersion: 1,
        note: 'Nghị quyết HĐND về lệ phí',
      },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({
      changed: true,
      procedure: {
        latestVersion: 2,
        current: { version: 2, feeTotal: 15_000, changeNote: 'Nghị quyết HĐND về lệ phí' },
      },
    });
    const stale = await app.inject({
      method: 'PUT',
      url: '/api/catalogue/procedures/1.000777',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: { ...content, expectedVersion: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
  });

  it('retires and reactivates, hiding the retired procedure from the public', async () => {
    const retire = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures/1.000777/retire',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: { reason: 'Bãi bỏ theo Quyết định công bố' },
    });
    expect(retire.json()).toMatchObject({ changed: true, procedure: { status: 'retired' } });
    expect(
      (await app.inject({ url: '/api/public/procedures/1.000777', headers: NO_LIMIT })).statusCode,
    ).toBe(404);
    const back = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures/1.000777/reactivate',
      headers: { ...NO_LIMIT, ...reform.headers },
      payload: {},
    });
    expect(back.json()).toMatchObject({
      changed: true,
      procedure: { status: 'active', retiredAt: null },
    });
    expect(
      (await app.inject({ url: '/api/public/procedures/1.000777', headers: NO_LIMIT })).statusCode,
    ).toBe(200);
  });

  it('refuses a state change without the CSRF token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/catalogue/procedures/1.000777/retire',
      headers: { ...NO_LIMIT, cookie: reform.cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_invalid');
  });
});
