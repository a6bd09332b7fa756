import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildPublicInfoWorld, type PublicInfoWorld } from './publicinfo.test-support.js';

/**
 * Reception statistics by quarter through HTTP: a quarter is its Vietnam calendar dates (a
 * session on the last evening of March is in Q1, one early on 1 April — still 31 March in
 * UTC — in Q2), the four quarters add up to the year, the CSV names the period, and a bad
 * year or quarter answers one stable code.
 */
describe('reception statistics by quarter', () => {
  let database: Database;
  let x: PublicInfoWorld;
  const justiceCode = () => `000.00.12.${x.w.tenantCode}`;
  const session = {
    leaderName: 'Nguyễn Văn An',
    leaderTitle: 'Giám đốc Sở Tư pháp',
    place: 'Phòng tiếp công dân',
    notes: 'Ghi chú nội bộ',
  };

  type Who = keyof PublicInfoWorld['s'];
  const post = (who: Who, url: string, payload: Record<string, unknown>) =>
    x.app.inject({ method: 'POST', url, headers: x.s[who].headers, payload });
  const schedule = async (date: string, start: string, end: string) => {
    const res = await post('reform', '/api/public-info/reception', {
      unitId: x.w.units.justice,
      date,
      start,
      end,
      ...session,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  /** Records the outcome at `at` (UTC), when the session's Vietnam day has come. */
  const hold = async (at: string, s: { id: number; version: number }, citizens: number) => {
    await x.at(at);
    const res = await post('reform', `/api/public-info/reception/${s.id}/actions/hold`, {
      version: s.version,
      citizensReceived: citizens,
      casesNoted: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const stats = (query: string, who: Who = 'reform') =>
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
    // Friday 2 January 2026, 09:00 in Vietnam.
    x = await buildPublicInfoWorld(database, '2026-01-02T02:00:00Z');
    const lastEvening = await schedule('2026-03-31', '19:00', '21:30');
    const earlyApril = await schedule('2026-04-01', '06:00', '07:30');
    await schedule('2026-06-30', '14:00', '16:00');
    await schedule('2026-07-01', '08:00', '11:00');
    await schedule('2026-12-31', '20:00', '22:00');
    // 31 March, 21:00 in Vietnam (14:00 UTC): the evening session has just ended.
    await hold('2026-03-31T14:00:00Z', lastEvening, 7);
    // 1 April, 07:45 in Vietnam — 00:45 UTC, and 06:00 in Vietnam was 23:00 UTC on 31 March.
    await hold('2026-04-01T00:45:00Z', earlyApril, 4);
  });
  afterAll(async () => {
    await x?.app.close();
    await database?.close();
  });

  it('counts a session on the last evening of a quarter in that quarter, by Vietnam date', async () => {
    const q1 = await stats('?year=2026&quarter=1');
    expect(q1.statusCode, q1.body).toBe(200);
    expect(q1.json()).toMatchObject({
      year: 2026,
      quarter: 1,
      from: '2026-01-01',
      to: '2026-03-31',
      total: { planned: 1, held: 1, citizensReceived: 7 },
    });
    // 06:00 on 1 April in Vietnam is 31 March in UTC, yet the session is in Q2.
    const q2 = (await stats('?year=2026&quarter=2')).json();
    expect(q2).toMatchObject({
      quarter: 2,
      from: '2026-04-01',
      to: '2026-06-30',
      total: { planned: 2, held: 1, scheduled: 1, citizensReceived: 4 },
    });
    expect((await stats('?year=2026&quarter=3')).json().total).toMatchObject({ planned: 1 });
    expect((await stats('?year=2026&quarter=4')).json().total).toMatchObject({ planned: 1 });
  });

  it('adds the four quarters up to the year, whose answer carries no quarter', async () => {
    const year = (await stats('?year=2026')).json();
    expect(Object.keys(year).sort()).toEqual(['rows', 'total', 'unit', 'year']);
    const quarters = await Promise.all(
      ['Q1', 'q2', 'III', '4'].map(async (q) => (await stats(`?year=2026&quarter=${q}`)).json()),
    );
    expect(quarters.map((q) => q.quarter)).toEqual([1, 2, 3, 4]);
    for (const key of Object.keys(year.total))
      expect(
        quarters.reduce((sum, q) => sum + q.total[key], 0),
        key,
      ).toBe(year.total[key]);
    // A subtree and the leader's own scope work by quarter as by year.
    const mine = (await stats('?year=2026&quarter=2', 'justiceLeader')).json();
    expect(mine.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual([justiceCode()]);
    const unit = (await stats(`?year=2026&quarter=1&unit=${justiceCode()}`)).json();
    expect(unit).toMatchObject({ unit: { code: justiceCode() }, total: { planned: 1 } });
  });

  it('takes this year in Vietnam when none is given, even on New Year’s Eve in UTC', async () => {
    // 31 December 2026, 17:30 UTC: already 1 January 2027, 00:30, in Vietnam.
    await x.at('2026-12-31T17:30:00Z');
    expect((await stats('?quarter=4')).json()).toMatchObject({
      year: 2027,
      quarter: 4,
      total: { planned: 0 },
    });
    expect((await stats('?year=2026&quarter=4')).json().total.planned).toBe(1);
    await x.at('2026-01-02T02:00:00Z');
  });

  it('exports a quarter as CSV naming the period in the file name and the total row', async () => {
    const res = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/reception/stats/export.csv?year=2026&quarter=2',
      headers: x.s.reform.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="thong-ke-tiep-cong-dan-2026-Q2.csv"',
    );
    const lines = res.body.trimEnd().split('\n');
    expect(lines[1]).toBe(`${justiceCode()},Sở Tư pháp,2,1,1,0,0,4,1`);
    expect(lines.at(-1)).toBe(',Tổng cộng / Total Quý II/2026 (Q2 2026),2,1,1,0,0,4,1');
    const year = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/reception/stats/export.csv?year=2026',
      headers: x.s.reform.headers,
    });
    expect(year.headers['content-disposition']).toContain('thong-ke-tiep-cong-dan-2026.csv');
    expect(year.body.trimEnd().split('\n').at(-1)).toMatch(/^,Tổng cộng \/ Total 2026,5,/);
  });

  it('publishes a quarter’s sessions held and citizens received, counts only', async () => {
    const res = await publicStats('?year=2026&quarter=1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      year: 2026,
      quarter: 1,
      from: '2026-01-01',
      to: '2026-03-31',
      unit: null,
      rows: [
        {
          unit: { code: justiceCode(), name: 'Sở Tư pháp' },
          depth: 0,
          held: 1,
          citizensReceived: 7,
        },
      ],
      total: { held: 1, citizensReceived: 7 },
    });
    expect((await publicStats('?year=2026&quarter=3')).json()).toMatchObject({
      quarter: 3,
      rows: [],
      total: { held: 0, citizensReceived: 0 },
    });
    expect((await publicStats('?year=2026&quarter=2&unit=NOPE')).json()).toMatchObject({
      quarter: 2,
      rows: [],
    });
  });

  it('refuses a period that does not exist with one stable code naming the bad part', async () => {
    for (const query of [
      '?year=2026&quarter=5',
      '?year=2026&quarter=0',
      '?quarter=Q',
      '?quarter=',
    ]) {
      for (const res of [await stats(query), await publicStats(query)]) {
        expect(res.statusCode, query).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'reception_stats_period_invalid',
          details: { problems: [{ field: 'quarter', problem: 'quarter_invalid' }] },
        });
      }
    }
    const both = await stats('?year=1999&quarter=9');
    expect(both.json().error.details.problems).toEqual([
      { field: 'year', problem: 'year_invalid' },
      { field: 'quarter', problem: 'quarter_invalid' },
    ]);
    const csv = await x.app.inject({
      method: 'GET',
      url: '/api/public-info/reception/stats/export.csv?year=2026&quarter=7',
      headers: x.s.reform.headers,
    });
    expect(csv.json().error.code).toBe('reception_stats_period_invalid');
    // The message says what a period is, in the caller's language.
    const english = await x.app.inject({
      method: 'GET',
      url: '/api/public/public-info/reception/stats?quarter=5',
      headers: { ...x.pub(), 'accept-language': 'en' },
    });
    expect(english.json().error.message).toBe(
      'Invalid statistics period: a year 2000–2100 and a quarter 1–4',
    );
  });
});
