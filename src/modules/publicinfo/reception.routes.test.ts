import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildPublicInfoWorld, type PublicInfoWorld } from './publicinfo.test-support.js';

/** Citizen-reception sessions through HTTP: single and by rule, the states, the public views. */
describe('reception routes', () => {
  let database: Database;
  let x: PublicInfoWorld;
  const justiceCode = () => `000.00.12.${x.w.tenantCode}`;
  const leader = {
    leaderName: 'Nguyễn Văn An',
    leaderTitle: 'Giám đốc Sở Tư pháp',
    start: '08:00',
    end: '11:30',
    place: 'Phòng tiếp công dân, tầng 1; 25 Lê Lợi',
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

  const post = (who: keyof PublicInfoWorld['s'], url: string, payload: Record<string, unknown>) =>
    x.app.inject({ method: 'POST', url, headers: x.s[who].headers, payload });
  const act = (id: number, action: string, payload: Record<string, unknown>) =>
    post('justiceLeader', `/api/public-info/reception/${id}/actions/${action}`, payload);
  const publicList = (query = '') =>
    x.app.inject({
      method: 'GET',
      url: `/api/public/public-info/reception${query}`,
      headers: x.pub(),
    });

  it('previews a rule: the 2nd Thursday of each month from today, holidays skipped', async () => {
    const res = await post('justiceLeader', '/api/public-info/reception/plan/preview', {
      unitId: x.w.units.justice,
      rule: 'monthly 2 t5',
      year: 2025,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      rule: 'monthly 2 THU',
      from: '2025-03-03',
      to: '2025-12-31',
    });
    expect(res.json().dates).toHaveLength(10);
    expect(res.json().dates[0]).toBe('2025-03-13');
    const weekly = await post('justiceLeader', '/api/public-info/reception/plan/preview', {
      unitId: x.w.units.justice,
      rule: 'weekly THU',
      from: '2025-04-21',
      to: '2025-05-12',
    });
    // Labour Day, Thursday 1 May 2025, is a public holiday.
    expect(weekly.json()).toMatchObject({
      dates: ['2025-04-24', '2025-05-08'],
      skipped: [{ date: '2025-05-01', reason: 'day_off' }],
    });
  });

  it('refuses a rule it cannot read, and a unit outside the scope', async () => {
    const bad = await post('justiceLeader', '/api/public-info/reception/plan/preview', {
      unitId: x.w.units.justice,
      rule: 'every second thursday',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'reception_rule_invalid',
      details: { problem: 'unknown_frequency' },
    });
    const out = await post('justiceLeader', '/api/public-info/reception/plan', {
      unitId: x.w.units.construction,
      rule: 'weekly THU',
      year: 2025,
      ...leader,
    });
    expect(out.statusCode).toBe(403);
    expect(out.json().error.code).toBe('publicinfo_unit_out_of_scope');
  });

  let planned: Array<{ id: number; date: string; version: number }>;

  it('plans a year by rule once, audited, and never doubles a date', async () => {
    const res = await post('justiceLeader', '/api/public-info/reception/plan', {
      unitId: x.w.units.justice,
      rule: 'monthly 2 THU',
      year: 2025,
      ...leader,
    });
    expect(res.statusCode, res.body).toBe(201);
    planned = res.json().sessions;
    expect(planned).toHaveLength(10);
    expect(res.json().sessions[0]).toMatchObject({
      state: 'scheduled',
      planRule: 'monthly 2 THU',
      leaderName: 'Nguyễn Văn An',
    });
    const audits = await x.w.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('stream', 'like', 'reception_session:%')
      .where('tenant_id', '=', x.w.tenantId)
      .execute();
    expect(audits).toHaveLength(10);
    const again = await post('justiceLeader', '/api/public-info/reception/plan', {
      unitId: x.w.units.justice,
      rule: 'monthly 2 THU',
      year: 2025,
      ...leader,
    });
    expect(again.json().sessions).toHaveLength(0);
    expect(again.json().existing).toHaveLength(10);
  });

  it('cancels only with a reason, which the public schedule shows', async () => {
    const target = planned[1]!;
    const noReason = await act(target.id, 'cancel', { version: target.version, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('reception_cancel_reason_required');
    const cancelled = await act(target.id, 'cancel', {
      version: target.version,
      reason: 'Lãnh đạo đi công tác; mời công dân đến buổi sau',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().state).toBe('cancelled');
    const again = await act(target.id, 'cancel', { version: 2, reason: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'reception_state_invalid',
      details: { reason: 'not_scheduled' },
    });
    const april = await publicList(`?month=2025-04&unit=${justiceCode()}`);
    expect(april.json().items).toEqual([
      expect.objectContaining({
        date: '2025-04-10',
        state: 'cancelled',
        cancelReason: 'Lãnh đạo đi công tác; mời công dân đến buổi sau',
        leaderTitle: 'Giám đốc Sở Tư pháp',
      }),
    ]);
    expect(april.json().items[0]).not.toHaveProperty('version');
  });

  it('reschedules: the new session is scheduled, the old one shows where it moved', async () => {
    const target = planned[2]!; // 8 May
    const res = await act(target.id, 'reschedule', {
      version: target.version,
      date: '2025-05-09',
      start: '14:00',
      end: '16:30',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'rescheduled', movedToDate: '2025-05-09' });
    const may = (await publicList('?month=2025-05')).json().items;
    expect(may.map((s: { date: string; state: string }) => [s.date, s.state])).toEqual([
      ['2025-05-08', 'rescheduled'],
      ['2025-05-09', 'scheduled'],
    ]);
    expect(may[1]).toMatchObject({ start: '14:00', end: '16:30', movedFromDate: '2025-05-08' });
  });

  it('refuses another unit’s manager, a past date and a missing outcome', async () => {
    const target = planned[3]!; // June, still scheduled
    const other = await post(
      'constructionAdmin',
      `/api/public-info/reception/${target.id}/actions/cancel`,
      { version: target.version, reason: 'x' },
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('publicinfo_unit_out_of_scope');
    const past = await act(target.id, 'reschedule', {
      version: target.version,
      date: '2025-01-02',
    });
    expect(past.json().error).toMatchObject({
      code: 'validation_failed',
      details: { problems: [{ field: 'date', problem: 'not_a_new_future_date' }] },
    });
    const unknown = await act(999_999, 'cancel', { version: 1, reason: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('reception_session_not_found');
    const list = await x.app.inject({
      method: 'GET',
      url: `/api/public-info/reception?unit=000.00.15.${x.w.tenantCode}`,
      headers: x.s.justiceLeader.headers,
    });
    expect(list.json().error.code).toBe('publicinfo_unit_out_of_scope');
    const single = await post('justiceLeader', '/api/public-info/reception', {
      unitId: x.w.units.justice,
      date: '2025-03-01',
      ...leader,
    });
    expect(single.json().error.details.problems).toEqual([
      { field: 'date', problem: 'in_the_past' },
    ]);
    // Nothing of it was written: the June session is unchanged.
    const june = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/reception?from=2025-06-01&to=2025-06-30',
      headers: x.s.reform.headers,
    });
    expect(june.json().items).toEqual([
      expect.objectContaining({ id: target.id, state: 'scheduled', version: target.version }),
    ]);
  });

  it('records the outcome only from the session’s day', async () => {
    const first = planned[0]!; // 13 March
    const early = await act(first.id, 'hold', {
      version: first.version,
      citizensReceived: 4,
      casesNoted: 2,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details.reason).toBe('not_yet_held');
    await x.at('2025-03-13T08:00:00Z');
    const missing = await act(first.id, 'hold', { version: first.version });
    expect(missing.json().error.code).toBe('validation_failed');
    const held = await act(first.id, 'hold', {
      version: first.version,
      citizensReceived: 4,
      casesNoted: 2,
      outcomeNotes: 'Hai vụ việc chuyển Thanh tra Sở',
    });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ state: 'held', citizensReceived: 4, casesNoted: 2 });
    const specialist = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/reception',
      headers: x.s.specialist.headers,
    });
    expect(specialist.statusCode).toBe(403);
  });

  it('shows only upcoming sessions publicly and offers an iCalendar per unit', async () => {
    const items = (await publicList()).json().items as Array<{ date: string }>;
    expect(items.every((s) => s.date >= '2025-03-13')).toBe(true);
    expect(items.find((s) => s.date === '2025-03-13')).toBeUndefined();
    const single = await post('reform', '/api/public-info/reception', {
      unitId: x.w.units.construction,
      date: '2025-03-20',
      ...leader,
      leaderName: 'Trần Thị Bình',
      leaderTitle: 'Phó Giám đốc Sở Xây dựng',
    });
    expect(single.statusCode, single.body).toBe(201);
    const ics = await x.app.inject({
      method: 'GET',
      url: `/api/public/public-info/reception/${justiceCode()}/calendar.ics`,
      headers: x.pub(),
    });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const events = ics.body.split('BEGIN:VEVENT').slice(1);
    // April (cancelled), 8 May (moved), 9 May, June–December; the held 13 March is past.
    expect(events).toHaveLength(10);
    expect(ics.body).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20250410T080000');
    expect(ics.body).toContain('LOCATION:Phòng tiếp công dân\\, tầng 1\\; 25 Lê Lợi');
    expect(ics.body).not.toContain('Trần Thị Bình');
    expect(events.find((e) => e.includes('20250410'))).toContain('STATUS:CANCELLED');
    const unknown = await x.app.inject({
      method: 'GET',
      url: '/api/public/public-info/reception/NOPE/calendar.ics',
      headers: x.pub(),
    });
    expect(unknown.statusCode).toBe(404);
  });
});
