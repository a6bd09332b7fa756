import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { orgModule } from './index.js';
import { insertUnit } from './org.repository.js';
import { createTenant } from './org.service.js';

let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let tenantId: number;
let otherTenantId: number;
let province: number;
let justice: number;
let district: number;
let commune: number;
let admin: TestSession;
let communeAdmin: TestSession;
let officer: TestSession;
const clock = new Date('2025-09-01T03:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(database, loadConfig({}, { NODE_ENV: 'test' }), () => clock);
  tenantId = await createTenant({ db: ctx.db, code: 'LCU', name: 'Tỉnh Lai Châu' });
  otherTenantId = await createTenant({ db: ctx.db, code: 'SLA', name: 'Tỉnh Sơn La' });
  province = await insertUnit(ctx.db, {
    tenantId,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: '000.00.00.H40',
    name: 'UBND tỉnh Lai Châu',
  });
  justice = await insertUnit(ctx.db, {
    tenantId,
    parentId: province,
    kind: 'department',
    level: 'province',
    code: '000.00.12.H40',
    name: 'Sở Tư pháp',
  });
  district = await insertUnit(ctx.db, {
    tenantId,
    parentId: province,
    kind: 'district',
    level: 'district',
    code: '000.10.00.H40',
    name: 'Huyện Tam Đường',
    validFrom: '2008-01-01',
  });
  commune = await insertUnit(ctx.db, {
    tenantId,
    parentId: district,
    kind: 'commune',
    level: 'commune',
    code: '000.10.01.H40',
    name: 'Xã Bình Lư',
  });
  await insertUnit(ctx.db, {
    tenantId: otherTenantId,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: '000.00.00.H14',
    name: 'UBND tỉnh Sơn La',
  });
  app = await buildApp({ ctx, logger: false, modules: [authModule, orgModule] });
  await app.ready();
  const a = await createUser(ctx.db, { tenantId, role: 'administrator', unitId: province });
  const ca = await createUser(ctx.db, { tenantId, role: 'administrator', unitId: district });
  const o = await createUser(ctx.db, { tenantId, role: 'counter_officer', unitId: province });
  admin = await signIn(app, a.username);
  communeAdmin = await signIn(app, ca.username);
  officer = await signIn(app, o.username);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

function call(
  session: TestSession | null,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
) {
  return app.inject({
    method,
    url,
    headers: { ...(session?.headers ?? {}), 'x-test-no-limit': '1' },
    ...(payload ? { payload } : {}),
  });
}

describe('units API', () => {
  it('lists the tenant tree depth first with kind, level, code and validity, never another tenant', async () => {
    const response = await call(officer, 'GET', '/api/units');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.asOf).toBe('2025-09-01');
    expect(body.units.map((u: { code: string; depth: number }) => `${u.depth}:${u.code}`)).toEqual([
      '0:000.00.00.H40',
      '1:000.00.12.H40',
      '1:000.10.00.H40',
      '2:000.10.01.H40',
    ]);
    expect(body.units[2]).toMatchObject({
      kind: 'district',
      level: 'district',
      validFrom: '2008-01-01',
      validTo: null,
      former: false,
      childCount: 1,
    });
    expect(JSON.stringify(body)).not.toContain('H14');
  });

  it('refuses the tree to anonymous callers', async () => {
    const response = await call(null, 'GET', '/api/units');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('lets an administrator create a unit and refuses a counter officer', async () => {
    const payload = {
      parentId: province,
      kind: 'service_centre',
      level: 'province',
      code: '000.00.01.H40',
      name: 'Trung tâm Phục vụ hành chính công',
      nameEn: 'Public Service Centre',
    };
    const denied = await call(officer, 'POST', '/api/units', payload);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    const created = await call(admin, 'POST', '/api/units', payload);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      parentId: province,
      code: '000.00.01.H40',
      former: false,
    });
    const again = await call(admin, 'POST', '/api/units', payload);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_exists');
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', '=', `unit:${created.json().id}`)
      .execute();
    expect(audit).toEqual([{ action: 'unit.created', actor_id: admin.user.id }]);
  });

  it('answers bad input with validation_failed and a rule breach with rule_violation', async () => {
    const badKind = await call(admin, 'POST', '/api/units', {
      parentId: province,
      kind: 'Bad Kind',
      level: 'province',
      code: 'X1',
      name: 'X',
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.code).toBe('validation_failed');
    const badDates = await call(admin, 'POST', '/api/units', {
      parentId: province,
      kind: 'department',
      level: 'province',
      code: 'X2',
      name: 'X',
      validFrom: '2025-02-01',
      validTo: '2025-01-01',
    });
    expect(badDates.statusCode).toBe(422);
    expect(badDates.json().error.code).toBe('rule_violation');
    const noParent = await call(admin, 'POST', '/api/units', {
      parentId: 999999,
      kind: 'department',
      level: 'province',
      code: 'X3',
      name: 'X',
    });
    expect(noParent.statusCode).toBe(404);
  });

  it('keeps a district administrator inside the district', async () => {
    const outside = await call(communeAdmin, 'PATCH', `/api/units/${justice}`, {
      name: 'Sở Tư pháp tỉnh',
    });
    expect(outside.statusCode).toBe(403);
    const inside = await call(communeAdmin, 'PATCH', `/api/units/${commune}`, {
      name: 'Xã Bình Lư (đổi tên)',
    });
    expect(inside.statusCode).toBe(200);
    expect(inside.json().name).toBe('Xã Bình Lư (đổi tên)');
    const root = await call(communeAdmin, 'POST', '/api/units', {
      parentId: null,
      kind: 'people_committee',
      level: 'province',
      code: 'ROOT2',
      name: 'Gốc khác',
    });
    expect(root.statusCode).toBe(403);
  });

  it('moves a unit with its subtree and refuses a move under its own descendant', async () => {
    const cycle = await call(admin, 'PATCH', `/api/units/${district}`, { parentId: commune });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error).toMatchObject({
      code: 'rule_violation',
      details: { rule: 'unit_move_cycle' },
    });
    const moved = await call(admin, 'PATCH', `/api/units/${district}`, { parentId: justice });
    expect(moved.statusCode).toBe(200);
    const detail = (await call(admin, 'GET', `/api/units/${commune}`)).json();
    expect(detail.ancestors.map((u: { id: number }) => u.id)).toEqual([
      province,
      justice,
      district,
    ]);
    const back = await call(admin, 'PATCH', `/api/units/${district}`, { parentId: province });
    expect(back.statusCode).toBe(200);
    const closure = await ctx.db
      .selectFrom('unit_closure')
      .select(['ancestor_id', 'depth'])
      .where('descendant_id', '=', commune)
      .orderBy('depth')
      .execute();
    expect(closure).toEqual([
      { ancestor_id: commune, depth: 0 },
      { ancestor_id: district, depth: 1 },
      { ancestor_id: province, depth: 2 },
    ]);
  });

  it('records a district merged into a new commune, closes the district, and shows the lineage both ways', async () => {
    const created = await call(admin, 'POST', '/api/units', {
      parentId: province,
      kind: 'commune',
      level: 'commune',
      code: '000.21.01.H40',
      name: 'Xã Tam Đường',
      validFrom: '2025-07-01',
    });
    const newCommune = created.json().id as number;
    const denied = await call(officer, 'POST', `/api/units/${district}/lineage`, {
      relation: 'merged_into',
      otherUnitId: newCommune,
      effectiveOn: '2025-07-01',
    });
    expect(denied.statusCode).toBe(403);
    const early = await call(admin, 'POST', `/api/units/${district}/lineage`, {
      relation: 'merged_into',
      otherUnitId: newCommune,
      effectiveOn: '2025-06-01',
    });
    expect(early.json().error).toMatchObject({
      code: 'rule_violation',
      details: { rule: 'lineage_dates' },
    });
    // The old commune first goes into the district's successor too (merged with the district).
    const move = await call(admin, 'POST', `/api/units/${commune}/close`, {
      validTo: '2025-06-30',
    });
    expect(move.statusCode).toBe(200);
    const fromCommune = await call(admin, 'POST', `/api/units/${newCommune}/lineage`, {
      relation: 'merged_from',
      otherUnitId: commune,
      effectiveOn: '2025-07-01',
    });
    expect(fromCommune.statusCode).toBe(201);
    const link = await call(admin, 'POST', `/api/units/${district}/lineage`, {
      relation: 'merged_into',
      otherUnitId: newCommune,
      effectiveOn: '2025-07-01',
      note: 'Nghị quyết sắp xếp 2025',
    });
    expect(link.statusCode).toBe(201);
    expect(link.json()).toMatchObject({
      direction: 'successor',
      kind: 'merged',
      effectiveOn: '2025-07-01',
      unit: { id: newCommune },
    });
    const duplicate = await call(admin, 'POST', `/api/units/${district}/lineage`, {
      relation: 'merged_into',
      otherUnitId: newCommune,
      effectiveOn: '2025-07-01',
    });
    expect(duplicate.json().error.code).toBe('already_exists');
    const cycle = await call(admin, 'POST', `/api/units/${newCommune}/lineage`, {
      relation: 'merged_into',
      otherUnitId: district,
      effectiveOn: '2025-08-01',
    });
    expect(cycle.json().error.code).toBe('rule_violation');

    const districtView = (await call(officer, 'GET', `/api/units/${district}`)).json();
    expect(districtView.unit).toMatchObject({ validTo: '2025-06-30', former: true });
    expect(districtView.lineage).toEqual([
      expect.objectContaining({
        direction: 'successor',
        kind: 'merged',
        effectiveOn: '2025-07-01',
        note: 'Nghị quyết sắp xếp 2025',
        unit: expect.objectContaining({ code: '000.21.01.H40' }),
      }),
    ]);
    expect(districtView.successors).toEqual([
      expect.objectContaining({
        unit: expect.objectContaining({ id: newCommune }),
        partial: false,
      }),
    ]);
    const communeView = (await call(officer, 'GET', `/api/units/${newCommune}`)).json();
    expect(communeView.predecessors.map((p: { unit: { id: number } }) => p.unit.id).sort()).toEqual(
      [district, commune].sort(),
    );

    const tree = (await call(officer, 'GET', '/api/units')).json();
    expect(tree.units.find((u: { id: number }) => u.id === district).former).toBe(true);
    const before = (await call(officer, 'GET', '/api/units?asOf=2025-06-30')).json();
    expect(before.units.find((u: { id: number }) => u.id === district).former).toBe(false);
  });

  it('refuses to close a unit whose children are still valid', async () => {
    const response = await call(admin, 'POST', `/api/units/${province}/close`, {
      validTo: '2025-12-31',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.rule).toBe('unit_open_children');
  });

  it('answers not_found for a unit of another tenant', async () => {
    const other = await ctx.db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', otherTenantId)
      .executeTakeFirstOrThrow();
    expect((await call(admin, 'GET', `/api/units/${other.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/api/units/${other.id}`, { name: 'x' })).statusCode).toBe(
      404,
    );
  });

  it('publishes only active units without sign-in, for the tenant asked', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/public/units',
      headers: { 'x-motcua-tenant': 'LCU' },
    });
    expect(response.statusCode).toBe(200);
    const codes = response.json().units.map((u: { code: string }) => u.code);
    expect(codes).toContain('000.21.01.H40');
    expect(codes).not.toContain('000.10.00.H40');
    expect(codes).not.toContain('000.10.01.H40');
    const other = await app.inject({
      method: 'GET',
      url: '/api/public/units',
      headers: { 'x-motcua-tenant': 'SLA' },
    });
    expect(other.json().units.map((u: { code: string }) => u.code)).toEqual(['000.00.00.H14']);
  });

  it('lists tenants for administrators only', async () => {
    const response = await call(admin, 'GET', '/api/tenants');
    expect(response.statusCode).toBe(200);
    expect(response.json().tenants).toEqual([
      { id: tenantId, code: 'LCU', name: 'Tỉnh Lai Châu', nameEn: null, current: true },
      { id: otherTenantId, code: 'SLA', name: 'Tỉnh Sơn La', nameEn: null, current: false },
    ]);
    expect((await call(officer, 'GET', '/api/tenants')).statusCode).toBe(403);
  });
});
