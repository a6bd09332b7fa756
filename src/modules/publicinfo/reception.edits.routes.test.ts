import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildPublicInfoWorld, type PublicInfoWorld } from './publicinfo.test-support.js';

/** Editing a scheduled session in place and deleting one entered by mistake, through HTTP. */
describe('reception session edits and deletes', () => {
  let database: Database;
  let x: PublicInfoWorld;
  const leader = {
    leaderName: 'Nguyễn Văn An',
    leaderTitle: 'Giám đốc Sở Tư pháp',
    start: '08:00',
    end: '11:30',
    place: 'Phòng tiếp công dân, tầng 1',
  };
  const edited = {
    leaderName: 'Trần Thị Bình',
    leaderTitle: 'Phó Giám đốc Sở Tư pháp',
    start: '13:30',
    end: '16:30',
    place: 'Hội trường B, 25 Lê Lợi',
    notes: 'Công dân mang theo giấy tờ tùy thân',
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Monday 3 March 2025, 09:00 in Vietnam.
    x = await buildPublicInfoWorld(database, '2025-03-03T02:00:00Z');
  });
  afterAll(async () => {
    await x?.app.close();
    await database?.close();
  });

  type Who = keyof PublicInfoWorld['s'];
  const send = (
    who: Who,
    method: 'POST' | 'PUT' | 'DELETE' | 'GET',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    x.app.inject({
      method,
      url,
      headers: x.s[who].headers,
      ...(payload ? { payload } : {}),
    });
  const schedule = async (date: string, unitId = x.w.units.justice) => {
    const res = await send('justiceLeader', 'POST', '/api/public-info/reception', {
      unitId,
      date,
      ...leader,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number; date: string };
  };
  const put = (id: number, payload: Record<string, unknown>, who: Who = 'justiceLeader') =>
    send(who, 'PUT', `/api/public-info/reception/${id}`, payload);
  const del = (id: number, version?: number, who: Who = 'justiceLeader') =>
    send(
      who,
      'DELETE',
      `/api/public-info/reception/${id}${version === undefined ? '' : `?version=${version}`}`,
    );
  const stored = (id: number) =>
    x.w.ctx.db.selectFrom('reception_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  const audits = (id: number) =>
    x.w.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data', 'actor_id'])
      .where('stream', '=', `reception_session:${id}`)
      .orderBy('seq')
      .execute();
  const dataOf = (row: { data: unknown }) =>
    (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as {
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    };

  it('edits the leader, times, place and notes in place, keeping the date, audited', async () => {
    const session = await schedule('2025-03-20');
    const res = await put(session.id, { version: session.version, ...edited });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: session.id,
      date: '2025-03-20',
      state: 'scheduled',
      version: session.version + 1,
      ...edited,
    });
    const rows = await audits(session.id);
    expect(rows.map((r) => r.action)).toEqual(['reception.scheduled', 'reception.updated']);
    expect(rows[1]!.actor_id).not.toBeNull();
    expect(dataOf(rows[1]!)).toMatchObject({
      before: { leader_name: 'Nguyễn Văn An', start_time: '08:00', notes: null, version: 1 },
      after: { leader_name: 'Trần Thị Bình', start_time: '13:30', date: '2025-03-20', version: 2 },
    });
    // The public schedule shows the new leader and place at once.
    const pub = await x.app.inject({
      method: 'GET',
      url: '/api/public/public-info/reception?month=2025-03',
      headers: x.pub(),
    });
    expect(pub.json().items).toEqual([
      expect.objectContaining({ id: session.id, leaderName: 'Trần Thị Bình', start: '13:30' }),
    ]);
    // A subscribed calendar takes the edit: same UID, a higher SEQUENCE, the new times.
    const ics = await x.app.inject({
      method: 'GET',
      url: `/api/public/public-info/reception/000.00.12.${x.w.tenantCode}/calendar.ics`,
      headers: x.pub(),
    });
    const event = ics.body.split('BEGIN:VEVENT')[1]!;
    expect(event).toContain(`UID:reception-${session.id}@`);
    expect(event).toContain('SEQUENCE:1\r\n');
    expect(event).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20250320T133000');
  });

  it('refuses a stale version and writes nothing', async () => {
    const session = await schedule('2025-03-27');
    expect((await put(session.id, { version: 1, ...edited })).statusCode).toBe(200);
    const stale = await put(session.id, { version: 1, ...leader, place: 'Nơi khác' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'version_conflict',
      details: { version: 2 },
    });
    expect(await stored(session.id)).toMatchObject({ place: edited.place, version: 2 });
  });

  it('checks the fields as on creation, names each bad one, and never changes the date', async () => {
    const session = await schedule('2025-04-03');
    const bad = await put(session.id, {
      version: session.version,
      ...leader,
      leaderName: '   ',
      start: '14:00',
      end: '09:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed' });
    expect(bad.json().error.details.problems).toEqual([
      { field: 'leaderName', problem: 'required' },
      { field: 'end', problem: 'time_range_invalid' },
    ]);
    const badTime = await put(session.id, { version: session.version, ...leader, start: '8h' });
    expect(badTime.statusCode).toBe(400);
    // A new date is a reschedule: the edit does not take one.
    const dated = await put(session.id, {
      version: session.version,
      ...leader,
      date: '2025-04-04',
    });
    expect(dated.statusCode).toBe(400);
    expect(dated.json().error.code).toBe('validation_failed');
    expect(await stored(session.id)).toMatchObject({
      date: '2025-04-03',
      leader_name: 'Nguyễn Văn An',
      version: 1,
    });
  });

  it('edits only a scheduled session, in a unit the caller manages', async () => {
    const session = await schedule('2025-04-10');
    const cancelled = await send(
      'justiceLeader',
      'POST',
      `/api/public-info/reception/${session.id}/actions/cancel`,
      { version: session.version, reason: 'Lãnh đạo đi công tác' },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const res = await put(session.id, { version: cancelled.json().version, ...edited });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'reception_state_invalid',
      details: { reason: 'not_scheduled', state: 'cancelled' },
    });
    const open = await schedule('2025-04-17');
    const other = await put(open.id, { version: 1, ...edited }, 'constructionAdmin');
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('publicinfo_unit_out_of_scope');
    const specialist = await put(open.id, { version: 1, ...edited }, 'specialist');
    expect(specialist.statusCode).toBe(403);
    expect(specialist.json().error.code).toBe('forbidden');
    const unknown = await put(999_999, { version: 1, ...edited });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('reception_session_not_found');
    // The reform office manages every unit of the tenant.
    expect((await put(open.id, { version: 1, ...edited }, 'reform')).statusCode).toBe(200);
  });

  it('deletes a scheduled session entered by mistake; the audit row keeps what it was', async () => {
    const session = await schedule('2025-05-08');
    const stale = await del(session.id, session.version + 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const noVersion = await del(session.id);
    expect(noVersion.statusCode).toBe(400);
    const other = await del(session.id, session.version, 'constructionAdmin');
    expect(other.json().error.code).toBe('publicinfo_unit_out_of_scope');
    expect(await stored(session.id)).toBeDefined();

    const res = await del(session.id, session.version);
    expect(res.statusCode, res.body).toBe(204);
    // Kept, marked deleted, so it can be restored (publicinfo.restore.routes.test.ts).
    expect(await stored(session.id)).toMatchObject({
      state: 'scheduled',
      version: session.version + 1,
      deleted_at: expect.any(Date),
    });
    const rows = await audits(session.id);
    expect(rows.map((r) => r.action)).toEqual(['reception.scheduled', 'reception.deleted']);
    expect(dataOf(rows[1]!)).toMatchObject({
      before: {
        date: '2025-05-08',
        leader_name: 'Nguyễn Văn An',
        place: leader.place,
        state: 'scheduled',
      },
      after: null,
    });
    const again = await del(session.id, session.version);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('reception_session_not_found');
  });

  it('keeps held, cancelled and moved sessions, and the session that replaces a moved one', async () => {
    const toHold = await schedule('2025-03-04');
    const toMove = await schedule('2025-05-15');
    await x.at('2025-03-04T03:00:00Z');
    const held = await send(
      'justiceLeader',
      'POST',
      `/api/public-info/reception/${toHold.id}/actions/hold`,
      { version: 1, citizensReceived: 3, casesNoted: 1 },
    );
    expect(held.statusCode, held.body).toBe(200);
    const refusedHeld = await del(toHold.id, held.json().version);
    expect(refusedHeld.statusCode).toBe(409);
    expect(refusedHeld.json().error).toMatchObject({
      code: 'reception_state_invalid',
      details: { reason: 'not_scheduled', state: 'held' },
    });
    const moved = await send(
      'justiceLeader',
      'POST',
      `/api/public-info/reception/${toMove.id}/actions/reschedule`,
      { version: 1, date: '2025-05-22' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    const refusedMoved = await del(toMove.id, moved.json().version);
    expect(refusedMoved.json().error.details).toMatchObject({ reason: 'not_scheduled' });
    const replacement = await stored(moved.json().movedToId);
    const refusedNew = await del(replacement!.id, replacement!.version);
    expect(refusedNew.statusCode).toBe(409);
    expect(refusedNew.json().error).toMatchObject({
      code: 'reception_state_invalid',
      details: { reason: 'replaces_moved_session' },
    });
    // It can still be edited (a later change of room, say) or cancelled.
    expect((await put(replacement!.id, { version: 1, ...edited })).statusCode).toBe(200);
    expect(await stored(toHold.id)).toMatchObject({ state: 'held', citizens_received: 3 });
    expect(await stored(toMove.id)).toMatchObject({ state: 'rescheduled' });
  });
});
