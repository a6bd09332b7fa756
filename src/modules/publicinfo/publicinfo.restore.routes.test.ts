import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildPublicInfoWorld, type PublicInfoWorld } from './publicinfo.test-support.js';

/**
 * Deleting and restoring through HTTP: a deleted session or hotline leaves every public page,
 * the .ics, the CSV export and the statistics, waits in the deleted list of whoever manages
 * its unit, and comes back as it was when one of them restores it; each step is audited.
 */
describe('deleting and restoring public information', () => {
  let database: Database;
  let x: PublicInfoWorld;
  const justiceCode = () => `000.00.12.${x.w.tenantCode}`;

  type Who = keyof PublicInfoWorld['s'];
  const send = (
    who: Who | null,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    x.app.inject({
      method,
      url,
      headers: who === null ? x.pub() : x.s[who].headers,
      ...(payload ? { payload } : {}),
    });
  const audits = (stream: string) =>
    x.w.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', '=', stream)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase();
    // Monday 3 March 2025, 09:00 in Vietnam.
    x = await buildPublicInfoWorld(database, '2025-03-03T02:00:00Z');
  });
  afterAll(async () => {
    await x?.app.close();
    await database?.close();
  });

  describe('a reception session', () => {
    let session: { id: number; version: number };
    const publicDates = async () =>
      (await send(null, 'GET', '/api/public/public-info/reception'))
        .json()
        .items.map((s: { date: string }) => s.date);
    const planned2025 = async () =>
      (await send('reform', 'GET', '/api/public-info/reception/stats?year=2025')).json().total
        .planned;
    const ics = async () =>
      (await send(null, 'GET', `/api/public/public-info/reception/${justiceCode()}/calendar.ics`))
        .body;

    beforeAll(async () => {
      for (const date of ['2025-04-10', '2025-05-08']) {
        const res = await send('justiceLeader', 'POST', '/api/public-info/reception', {
          unitId: x.w.units.justice,
          date,
          leaderName: 'Nguyễn Văn An',
          leaderTitle: 'Giám đốc Sở Tư pháp',
          start: '08:00',
          end: '11:30',
          place: 'Phòng tiếp công dân',
        });
        expect(res.statusCode, res.body).toBe(201);
        session = res.json();
      }
    });

    it('leaves the schedules, the .ics and the statistics when deleted, and waits in the deleted list', async () => {
      expect(await publicDates()).toEqual(['2025-04-10', '2025-05-08']);
      expect(await planned2025()).toBe(2);
      const deleted = await send(
        'justiceLeader',
        'DELETE',
        `/api/public-info/reception/${session.id}?version=${session.version}`,
      );
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect(await publicDates()).toEqual(['2025-04-10']);
      expect(await ics()).not.toContain(`reception-${session.id}@`);
      expect(await planned2025()).toBe(1);
      const managed = (await send('reform', 'GET', '/api/public-info/reception')).json().items;
      expect(managed.map((s: { id: number }) => s.id)).not.toContain(session.id);
      // Nothing more can happen to it but a restore.
      const held = await send(
        'reform',
        'POST',
        `/api/public-info/reception/${session.id}/actions/cancel`,
        { version: session.version + 1, reason: 'Trùng lịch' },
      );
      expect(held.json().error.code).toBe('reception_session_not_found');

      const list = await send('justiceLeader', 'GET', '/api/public-info/reception/deleted');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items).toEqual([
        expect.objectContaining({
          id: session.id,
          date: '2025-05-08',
          state: 'scheduled',
          version: session.version + 1,
          deletedAt: '2025-03-03T02:00:00.000Z',
          deletedBy: x.s.justiceLeader.user.name,
        }),
      ]);
      // Only managers, each seeing their own units' deleted sessions.
      expect(
        (await send('constructionAdmin', 'GET', '/api/public-info/reception/deleted')).json(),
      ).toEqual({ items: [] });
      expect(
        (await send('specialist', 'GET', '/api/public-info/reception/deleted')).statusCode,
      ).toBe(403);
      expect((await send(null, 'GET', '/api/public-info/reception/deleted')).statusCode).toBe(401);
    });

    it('comes back as it was when someone who may delete it restores it', async () => {
      const url = `/api/public-info/reception/${session.id}/restore`;
      const version = session.version + 1;
      const outside = await send('constructionAdmin', 'POST', url, { version });
      expect(outside.statusCode).toBe(403);
      expect(outside.json().error.code).toBe('publicinfo_unit_out_of_scope');
      const stale = await send('justiceLeader', 'POST', url, { version: session.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({
        code: 'version_conflict',
        details: { version },
      });
      const unknown = await send('reform', 'POST', '/api/public-info/reception/999999/restore', {
        version: 1,
      });
      expect(unknown.json().error.code).toBe('reception_session_not_found');

      // The reform officer of the department manages it too, so may restore it.
      const restored = await send('justiceReform', 'POST', url, { version });
      expect(restored.statusCode, restored.body).toBe(200);
      expect(restored.json()).toMatchObject({
        id: session.id,
        date: '2025-05-08',
        state: 'scheduled',
        version: version + 1,
      });
      expect(await publicDates()).toEqual(['2025-04-10', '2025-05-08']);
      expect(await ics()).toContain(`reception-${session.id}@`);
      expect(await planned2025()).toBe(2);
      expect(
        (await send('justiceLeader', 'GET', '/api/public-info/reception/deleted')).json(),
      ).toEqual({ items: [] });
      const again = await send('justiceLeader', 'POST', url, { version: version + 1 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('publicinfo_not_deleted');
      expect(await audits(`reception_session:${session.id}`)).toEqual([
        { action: 'reception.scheduled', actor_id: x.s.justiceLeader.user.id },
        { action: 'reception.deleted', actor_id: x.s.justiceLeader.user.id },
        { action: 'reception.restored', actor_id: x.s.justiceReform.user.id },
      ]);
      // Back to work: it can be cancelled like any scheduled session.
      const cancelled = await send(
        'reform',
        'POST',
        `/api/public-info/reception/${session.id}/actions/cancel`,
        { version: version + 1, reason: 'Lãnh đạo đi công tác' },
      );
      expect(cancelled.statusCode, cancelled.body).toBe(200);
    });

    it('lets a plan fill a deleted date again, and keeps the deleted one apart', async () => {
      const first = (await send('reform', 'GET', '/api/public-info/reception')).json().items[0];
      expect(first.date).toBe('2025-04-10');
      await send(
        'reform',
        'DELETE',
        `/api/public-info/reception/${first.id}?version=${first.version}`,
      );
      const preview = await send('reform', 'POST', '/api/public-info/reception/plan/preview', {
        unitId: x.w.units.justice,
        rule: 'monthly 2 THU',
        from: '2025-04-01',
        to: '2025-04-30',
      });
      expect(preview.json()).toMatchObject({ dates: ['2025-04-10'], existing: [] });
    });
  });

  describe('a hotline', () => {
    let hotline: { id: number; version: number };
    const publicPhones = async () =>
      (await send(null, 'GET', '/api/public/public-info/hotlines'))
        .json()
        .units.flatMap((u: { hotlines: Array<{ phone: string }> }) =>
          u.hotlines.map((h) => h.phone),
        );

    beforeAll(async () => {
      const res = await send('justiceLeader', 'POST', '/api/public-info/hotlines', {
        unitId: x.w.units.justice,
        purpose: 'Tiếp nhận phản ánh, kiến nghị',
        phone: '024 3822 1111',
      });
      expect(res.statusCode, res.body).toBe(201);
      hotline = res.json();
    });

    it('leaves the public list, the managed list and the CSV when deleted, and can be restored', async () => {
      expect(await publicPhones()).toEqual(['02438221111']);
      const url = `/api/public-info/hotlines/${hotline.id}`;
      expect((await send('justiceLeader', 'DELETE', url)).statusCode).toBe(204);
      expect(await publicPhones()).toEqual([]);
      expect((await send('reform', 'GET', '/api/public-info/hotlines')).json().items).toEqual([]);
      const csv = await send('reform', 'GET', '/api/public-info/hotlines/export.csv');
      expect(csv.body).not.toContain('02438221111');
      // An import naming it finds no such hotline, as for any unknown id.
      const imported = await send('reform', 'POST', '/api/public-info/hotlines/import', {
        csv: `id,unit_code,purpose,phone\n${hotline.id},${justiceCode()},Khác,0912345678\n`,
      });
      expect(imported.json().error).toMatchObject({
        code: 'import_invalid',
        details: { errors: [{ row: 2, column: 'id', problem: 'hotline_not_found' }] },
      });
      const changed = await x.app.inject({
        method: 'PUT',
        url,
        headers: x.s.reform.headers,
        payload: {
          unitId: x.w.units.justice,
          purpose: 'Khác',
          phone: '0912345678',
          version: hotline.version + 1,
        },
      });
      expect(changed.json().error.code).toBe('hotline_not_found');

      const deleted = (await send('reform', 'GET', '/api/public-info/hotlines/deleted')).json();
      expect(deleted.items).toEqual([
        expect.objectContaining({
          id: hotline.id,
          phoneDisplay: '024 3822 1111',
          version: hotline.version + 1,
          deletedBy: x.s.justiceLeader.user.name,
        }),
      ]);
      expect(
        (await send('constructionAdmin', 'GET', '/api/public-info/hotlines/deleted')).json(),
      ).toEqual({ items: [] });
      const restoreUrl = `${url}/restore`;
      const outside = await send('constructionAdmin', 'POST', restoreUrl, {
        version: hotline.version + 1,
      });
      expect(outside.json().error.code).toBe('publicinfo_unit_out_of_scope');
      const restored = await send('reform', 'POST', restoreUrl, { version: hotline.version + 1 });
      expect(restored.statusCode, restored.body).toBe(200);
      expect(restored.json()).toMatchObject({ id: hotline.id, current: true });
      expect(await publicPhones()).toEqual(['02438221111']);
      const again = await send('reform', 'POST', restoreUrl, { version: hotline.version + 2 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('publicinfo_not_deleted');
      expect(await audits(`hotline:${hotline.id}`)).toEqual([
        { action: 'hotline.created', actor_id: x.s.justiceLeader.user.id },
        { action: 'hotline.deleted', actor_id: x.s.justiceLeader.user.id },
        { action: 'hotline.restored', actor_id: x.s.reform.user.id },
      ]);
    });
  });
});
