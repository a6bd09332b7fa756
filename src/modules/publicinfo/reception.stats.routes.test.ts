import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { insertUnit } from '../org/index.js';
import { buildPublicInfoWorld, type PublicInfoWorld } from './publicinfo.test-support.js';

/**
 * Yearly reception statistics through HTTP: per unit and rolled up over a subtree, the year's
 * bounds, the CSV, and the public counts that carry no notes.
 */
describe('reception statistics', () => {
  let database: Database;
  let x: PublicInfoWorld;
  let legalAid: number;
  const justiceCode = () => `000.00.12.${x.w.tenantCode}`;
  const legalAidCode = () => `${justiceCode()}.TGPL`;
  const constructionCode = () => `000.00.15.${x.w.tenantCode}`;
  const secret = 'Ông Nguyễn Văn Khiếu khiếu nại việc cấp giấy chứng nhận';
  const leader = {
    leaderName: 'Nguyễn Văn An',
    leaderTitle: 'Giám đốc',
    start: '08:00',
    end: '11:30',
    place: 'Phòng tiếp công dân',
    notes: 'Ghi chú nội bộ của buổi tiếp',
  };

  type Who = keyof PublicInfoWorld['s'];
  const post = (who: Who, url: string, payload: Record<string, unknown>) =>
    x.app.inject({ method: 'POST', url, headers: x.s[who].headers, payload });
  const schedule = async (unitId: number, date: string) => {
    const res = await post('reform', '/api/public-info/reception', { unitId, date, ...leader });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const hold = async (
    at: string,
    session: { id: number; version: number },
    citizens: number,
    cases: number,
  ) => {
    await x.at(at);
    const res = await post('reform', `/api/public-info/reception/${session.id}/actions/hold`, {
      version: session.version,
      citizensReceived: citizens,
      casesNoted: cases,
      outcomeNotes: secret,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const stats = (who: Who, query: string) =>
    x.app.inject({
      method: 'GET',
      url: `/api/public-info/reception/stats${query}`,
      headers: x.s[who].headers,
    });
  const publicStats = (query: string) =>
    x.app.inject({
      method: 'GET',
      url: `/api/public/public-info/reception/stats${query}`,
      headers: x.pub(),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    // Monday 2 December 2024, 09:00 in Vietnam.
    x = await buildPublicInfoWorld(database, '2024-12-02T02:00:00Z');
    legalAid = await insertUnit(x.w.ctx.db, {
      tenantId: x.w.tenantId,
      parentId: x.w.units.justice,
      kind: 'department',
      level: 'province',
      code: `000.00.12.${x.w.tenantCode}.TGPL`,
      name: 'Trung tâm Trợ giúp pháp lý',
    });
    const { justice, construction } = x.w.units;
    // The last day of 2024 and the first working day of 2026 fall outside 2025.
    const dec31 = await schedule(justice, '2024-12-31');
    const jan2 = await schedule(justice, '2025-01-02');
    const aid = await schedule(legalAid, '2025-01-09');
    const built = await schedule(construction, '2025-01-10');
    await schedule(justice, '2025-12-31');
    await schedule(justice, '2026-01-02');
    const june = await schedule(justice, '2025-06-12');
    const cancelled = await post(
      'reform',
      `/api/public-info/reception/${built.id}/actions/cancel`,
      {
        version: built.version,
        reason: 'Lãnh đạo họp',
      },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // Moved within the year: the old one counts as moved, the new one as scheduled.
    const moved = await post('reform', `/api/public-info/reception/${june.id}/actions/reschedule`, {
      version: june.version,
      date: '2025-06-19',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await hold('2024-12-31T02:00:00Z', dec31, 3, 1);
    await hold('2025-01-02T02:00:00Z', jan2, 5, 2);
    await hold('2025-01-09T02:00:00Z', aid, 2, 1);
  });
  afterAll(async () => {
    await x?.app.close();
    await database?.close();
  });

  it('counts a year per unit, in tree order, with the total of every unit', async () => {
    const res = await stats('reform', '?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.unit).toBeNull();
    expect(
      body.rows.map((r: { unit: { code: string }; depth: number }) => [r.unit.code, r.depth]),
    ).toEqual([
      [justiceCode(), 0],
      [legalAidCode(), 1],
      [constructionCode(), 0],
    ]);
    expect(body.rows[0]).toMatchObject({
      planned: 4,
      scheduled: 2,
      held: 1,
      cancelled: 0,
      rescheduled: 1,
      citizensReceived: 5,
      casesNoted: 2,
    });
    expect(body.rows[1]).toMatchObject({ planned: 1, held: 1, citizensReceived: 2, casesNoted: 1 });
    expect(body.rows[2]).toMatchObject({ planned: 1, cancelled: 1, held: 0, citizensReceived: 0 });
    expect(body.total).toEqual({
      planned: 6,
      scheduled: 2,
      held: 2,
      cancelled: 1,
      rescheduled: 1,
      citizensReceived: 7,
      casesNoted: 3,
    });
  });

  it('keeps each year to its own dates', async () => {
    const y2024 = (await stats('reform', '?year=2024')).json();
    expect(y2024.rows).toHaveLength(1);
    expect(y2024.total).toMatchObject({ planned: 1, held: 1, citizensReceived: 3, casesNoted: 1 });
    const y2026 = (await stats('reform', '?year=2026')).json();
    expect(y2026.total).toMatchObject({ planned: 1, scheduled: 1, held: 0 });
    // Without a year: the current one in Vietnam (the clock stands on 9 January 2025).
    expect((await stats('reform', '')).json()).toMatchObject({ year: 2025, total: { planned: 6 } });
  });

  it('rolls a unit’s subtree up, and keeps a leader to the units they manage', async () => {
    const justice = (await stats('reform', `?year=2025&unit=${justiceCode()}`)).json();
    expect(justice.unit).toMatchObject({ code: justiceCode(), name: 'Sở Tư pháp' });
    expect(justice.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual([
      justiceCode(),
      legalAidCode(),
    ]);
    expect(justice.total).toEqual({
      planned: 5,
      scheduled: 2,
      held: 2,
      cancelled: 0,
      rescheduled: 1,
      citizensReceived: 7,
      casesNoted: 3,
    });
    const aid = (await stats('reform', `?year=2025&unit=${legalAidCode()}`)).json();
    expect(aid.rows).toHaveLength(1);
    expect(aid.rows[0].depth).toBe(0);
    // The justice leader's own scope is the same subtree, with or without the filter.
    const mine = (await stats('justiceLeader', '?year=2025')).json();
    expect(mine.total).toEqual(justice.total);
    const outside = await stats('justiceLeader', `?year=2025&unit=${constructionCode()}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('publicinfo_unit_out_of_scope');
    expect((await stats('reform', '?year=2025&unit=NOPE')).statusCode).toBe(404);
    expect((await stats('specialist', '?year=2025')).statusCode).toBe(403);
    expect((await stats('reform', '?year=25')).statusCode).toBe(400);
  });

  it('exports the statistics as CSV with a total row', async () => {
    const res = await x.app.inject({
      method: 'GET',
      url: `/api/public-info/reception/stats/export.csv?year=2025&unit=${justiceCode()}`,
      headers: x.s.justiceLeader.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('thong-ke-tiep-cong-dan-2025.csv');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines).toEqual([
      'unit_code,unit_name,planned,scheduled,held,cancelled,rescheduled,citizens_received,cases_noted',
      `${justiceCode()},Sở Tư pháp,4,2,1,0,1,5,2`,
      `${legalAidCode()},Trung tâm Trợ giúp pháp lý,1,0,1,0,0,2,1`,
      ',Tổng cộng / Total 2025,5,2,2,0,1,7,3',
    ]);
  });

  it('publishes sessions held and citizens received only, never notes or cases', async () => {
    const res = await publicStats('?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      year: 2025,
      unit: null,
      rows: [
        {
          unit: { code: justiceCode(), name: 'Sở Tư pháp' },
          depth: 0,
          held: 1,
          citizensReceived: 5,
        },
        {
          unit: { code: legalAidCode(), name: 'Trung tâm Trợ giúp pháp lý' },
          depth: 1,
          held: 1,
          citizensReceived: 2,
        },
      ],
      total: { held: 2, citizensReceived: 7 },
    });
    expect(res.body).not.toContain('Khiếu');
    expect(res.body).not.toContain('Ghi chú');
    expect(res.body).not.toContain('casesNoted');
    const aid = (await publicStats(`?year=2025&unit=${legalAidCode()}`)).json();
    expect(aid.total).toEqual({ held: 1, citizensReceived: 2 });
    expect((await publicStats('?year=2024')).json().total).toEqual({
      held: 1,
      citizensReceived: 3,
    });
    expect((await publicStats('?year=2025&unit=NOPE')).json()).toMatchObject({
      rows: [],
      total: { held: 0, citizensReceived: 0 },
    });
  });
});
