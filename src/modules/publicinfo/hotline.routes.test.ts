import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildPublicInfoWorld, type PublicInfoWorld } from './publicinfo.test-support.js';

/** Hotlines through HTTP: managing over unit subtrees, the public list, CSV in and out. */
describe('hotline routes', () => {
  let database: Database;
  let x: PublicInfoWorld;
  const justiceCode = () => `000.00.12.${x.w.tenantCode}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    x = await buildPublicInfoWorld(database, '2025-03-03T02:00:00Z');
  });
  afterAll(async () => {
    await x?.app.close();
    await database?.close();
  });

  const create = (who: keyof PublicInfoWorld['s'], body: Record<string, unknown>) =>
    x.app.inject({
      method: 'POST',
      url: '/api/public-info/hotlines',
      headers: x.s[who].headers,
      payload: body,
    });
  const publicList = (query = '') =>
    x.app.inject({
      method: 'GET',
      url: `/api/public/public-info/hotlines${query}`,
      headers: x.pub(),
    });
  const hotlineCount = async () =>
    Number(
      (
        await x.w.ctx.db
          .selectFrom('hotlines')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', x.w.tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  let justiceHotline: { id: number; version: number };

  it('lets a leader publish a hotline for their unit, phone normalised and audited', async () => {
    const res = await create('justiceLeader', {
      unitId: x.w.units.justice,
      purpose: 'Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính',
      phone: '(024) 3822-1111',
      email: 'PAKN@stp.gov.vn',
      hours: 'Giờ hành chính, thứ Hai – thứ Sáu',
      person: 'Chánh Văn phòng Sở',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      phone: '02438221111',
      phoneDisplay: '024 3822 1111',
      telUri: 'tel:+842438221111',
      email: 'pakn@stp.gov.vn',
      validFrom: '2025-03-03',
      current: true,
      unit: { id: x.w.units.justice },
    });
    justiceHotline = body;
    const audit = await x.w.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', '=', `hotline:${body.id}`)
      .execute();
    expect(audit).toEqual([{ action: 'hotline.created', actor_id: x.s.justiceLeader.user.id }]);
  });

  it('refuses a unit outside the leader’s subtree and a role that does not manage', async () => {
    const out = await create('justiceLeader', {
      unitId: x.w.units.construction,
      purpose: 'Hỗ trợ',
      phone: '0912345678',
    });
    expect(out.statusCode).toBe(403);
    expect(out.json().error.code).toBe('publicinfo_unit_out_of_scope');
    const specialist = await create('specialist', {
      unitId: x.w.units.justice,
      purpose: 'Hỗ trợ',
      phone: '0912345678',
    });
    expect(specialist.statusCode).toBe(403);
    expect(specialist.json().error.code).toBe('forbidden');
    const anonymous = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/hotlines',
      headers: x.pub(),
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('names every bad field', async () => {
    const res = await create('reform', {
      unitId: x.w.units.construction,
      purpose: ' ',
      phone: '0123 456 789',
      email: 'not-an-address',
      validFrom: '2025-05-01',
      validTo: '2025-04-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.problems).toEqual(
      expect.arrayContaining([
        { field: 'purpose', problem: 'required' },
        { field: 'phone', problem: 'phone_invalid' },
        { field: 'email', problem: 'email_invalid' },
        { field: 'validTo', problem: 'before_valid_from' },
      ]),
    );
  });

  it('publishes only current hotlines, searchable without diacritics', async () => {
    expect(
      (
        await create('constructionAdmin', {
          unitId: x.w.units.construction,
          purpose: 'Hỗ trợ dịch vụ công trực tuyến',
          phone: '1800 1096',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await create('reform', {
          unitId: x.w.units.construction,
          purpose: 'Đường dây cũ',
          phone: '0236 3822 111',
          validFrom: '2024-01-01',
          validTo: '2025-03-02',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await create('reform', {
          unitId: x.w.units.construction,
          purpose: 'Đường dây sắp mở',
          phone: '0912 345 678',
          validFrom: '2025-04-01',
        })
      ).statusCode,
    ).toBe(201);
    const all = await publicList();
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(2);
    const purposes = all
      .json()
      .units.flatMap((u: { hotlines: Array<{ purpose: string }> }) =>
        u.hotlines.map((h) => h.purpose),
      );
    expect(purposes.sort()).toEqual([
      'Hỗ trợ dịch vụ công trực tuyến',
      'Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính',
    ]);
    expect(JSON.stringify(all.json())).not.toContain('Chánh Văn phòng Sở');
    const found = await publicList(`?q=${encodeURIComponent('tiep nhan phan anh')}`);
    expect(found.json().total).toBe(1);
    expect(found.json().units[0].hotlines[0]).toMatchObject({
      telUri: 'tel:+842438221111',
      mailto: 'mailto:pakn@stp.gov.vn',
    });
    expect((await publicList('?q=18001096')).json().total).toBe(1);
    expect((await publicList(`?unit=${justiceCode()}`)).json().total).toBe(1);
    expect((await publicList('?unit=NOPE')).json().total).toBe(0);
  });

  it('lists for staff only the units they manage', async () => {
    const mine = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/hotlines',
      headers: x.s.justiceLeader.headers,
    });
    expect(mine.json().items).toHaveLength(1);
    const all = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/hotlines',
      headers: x.s.reform.headers,
    });
    expect(all.json().items).toHaveLength(4);
    // A department's reform officer manages its department's hotlines, not the others'.
    const department = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/hotlines',
      headers: x.s.justiceReform.headers,
    });
    expect(department.json().items).toHaveLength(1);
    const elsewhere = await create('justiceReform', {
      unitId: x.w.units.construction,
      purpose: 'Đường dây nóng Sở Xây dựng',
      phone: '02133876543',
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('publicinfo_unit_out_of_scope');
  });

  it('changes with the current version only, and deletes', async () => {
    const url = `/api/public-info/hotlines/${justiceHotline.id}`;
    const body = {
      unitId: x.w.units.justice,
      purpose: 'Tiếp nhận phản ánh',
      phone: '+84 24 3822 2222',
    };
    const ok = await x.app.inject({
      method: 'PUT',
      url,
      headers: x.s.justiceLeader.headers,
      payload: { ...body, version: justiceHotline.version },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ phone: '02438222222', version: 2 });
    const stale = await x.app.inject({
      method: 'PUT',
      url,
      headers: x.s.justiceLeader.headers,
      payload: { ...body, version: 1 },
    });
    expect(stale.json().error.code).toBe('version_conflict');
    const moved = await x.app.inject({
      method: 'PUT',
      url,
      headers: x.s.justiceLeader.headers,
      payload: { ...body, unitId: x.w.units.construction, version: 2 },
    });
    expect(moved.json().error.code).toBe('publicinfo_unit_out_of_scope');
    const byOther = await x.app.inject({
      method: 'DELETE',
      url,
      headers: x.s.constructionAdmin.headers,
    });
    expect(byOther.json().error.code).toBe('publicinfo_unit_out_of_scope');
    const deleted = await x.app.inject({ method: 'DELETE', url, headers: x.s.reform.headers });
    expect(deleted.statusCode).toBe(204);
    const again = await x.app.inject({ method: 'DELETE', url, headers: x.s.reform.headers });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('hotline_not_found');
  });

  it('imports CSV all or nothing, naming each bad row and column', async () => {
    const before = await hotlineCount();
    const bad = [
      'unit_code,purpose,phone,email,valid_from',
      `${justiceCode()},Tiếp nhận phản ánh,0912 000 111,,`,
      `000.00.15.${x.w.tenantCode},Hỗ trợ,12345,a@b,2025-13-01`,
      'NOPE,Hỗ trợ,0912000222,,',
      `${justiceCode()},,0912000333,,`,
    ].join('\n');
    const refused = await x.app.inject({
      method: 'POST',
      url: '/api/public-info/hotlines/import',
      headers: x.s.justiceLeader.headers,
      payload: { csv: bad },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('import_invalid');
    expect(refused.json().error.details.errors).toEqual([
      { row: 3, column: 'phone', problem: 'phone_invalid' },
      { row: 3, column: 'email', problem: 'email_invalid' },
      { row: 3, column: 'valid_from', problem: 'date_invalid' },
      { row: 3, column: 'unit_code', problem: 'unit_not_managed' },
      { row: 4, column: 'unit_code', problem: 'unit_not_managed' },
      { row: 5, column: 'purpose', problem: 'required' },
    ]);
    expect(await hotlineCount()).toBe(before);

    const good = await x.app.inject({
      method: 'POST',
      url: '/api/public-info/hotlines/import',
      headers: x.s.justiceLeader.headers,
      payload: {
        csv: `\ufeffunit_code,purpose,phone,hours\n${justiceCode()},"Tiếp nhận, trả lời",0912 000 111,"7:30–17:00"\n`,
      },
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toEqual({ created: 1, updated: 0 });
    expect(await hotlineCount()).toBe(before + 1);

    const exported = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/hotlines/export.csv',
      headers: x.s.justiceLeader.headers,
    });
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('id,unit_code,purpose,phone,email,hours,person,valid_from,valid_to');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Tiếp nhận, trả lời",0912000111');
    // Round trip: the exported id updates the same hotline.
    const roundTrip = await x.app.inject({
      method: 'POST',
      url: '/api/public-info/hotlines/import',
      headers: x.s.justiceLeader.headers,
      payload: { csv: exported.body.replace('0912000111', '0912000999') },
    });
    expect(roundTrip.json()).toEqual({ created: 0, updated: 1 });
    expect(await hotlineCount()).toBe(before + 1);
  });
  it('answers a NUL character in a filter as bad input, not a system error', async () => {
    const response = await x.app.inject({
      method: 'GET',
      url: '/api/public/public-info/hotlines',
      query: { unit: '\u0000\u0001' },
      headers: x.pub(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });
});
