import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDue } from '../../cli/commands/calendar.js';
import { defaultCalendarForYear, isWorkingDay } from '../../domain/calendar/index.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { insertUnit } from '../org/org.repository.js';
import { createTenant } from '../org/org.service.js';
import { calendarModule, loadTenantCalendar } from './index.js';

let database: Database;
let ctx: AppContext;
let app: FastifyInstance;
let tenantId: number;
let admin: TestSession;
let reform: TestSession;
let officer: TestSession;
let communeAdmin: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(
    database,
    loadConfig({}, { NODE_ENV: 'test' }),
    () => new Date('2025-09-01T03:00:00Z'),
  );
  tenantId = await createTenant({ db: ctx.db, code: 'LCU', name: 'Tỉnh Lai Châu' });
  const province = await insertUnit(ctx.db, {
    tenantId,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: 'P',
    name: 'UBND tỉnh',
  });
  const commune = await insertUnit(ctx.db, {
    tenantId,
    parentId: province,
    kind: 'commune',
    level: 'commune',
    code: 'C',
    name: 'Xã',
  });
  app = await buildApp({ ctx, logger: false, modules: [authModule, calendarModule] });
  await app.ready();
  admin = await signIn(
    app,
    (await createUser(ctx.db, { tenantId, role: 'administrator', unitId: province })).username,
  );
  reform = await signIn(
    app,
    (await createUser(ctx.db, { tenantId, role: 'reform_office', unitId: province })).username,
  );
  officer = await signIn(
    app,
    (await createUser(ctx.db, { tenantId, role: 'counter_officer', unitId: province })).username,
  );
  communeAdmin = await signIn(
    app,
    (await createUser(ctx.db, { tenantId, role: 'administrator', unitId: commune })).username,
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

function call(
  session: TestSession | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) {
  return app.inject({
    method,
    url,
    headers: { ...(session?.headers ?? {}), 'x-test-no-limit': '1', 'x-motcua-tenant': 'LCU' },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

describe('calendar years API', () => {
  it('stores the shipped official years when a tenant starts', async () => {
    const rows = await ctx.db
      .selectFrom('calendar_years')
      .select(['year', 'status'])
      .where('tenant_id', '=', tenantId)
      .orderBy('year')
      .execute();
    expect(rows).toEqual([
      { year: 2025, status: 'official' },
      { year: 2026, status: 'official' },
    ]);
  });

  it('shows a stored official year with its working days per month', async () => {
    const response = await call(null, 'GET', '/api/calendar/years/2026');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      year: 2026,
      status: 'official',
      stored: true,
      timezone: 'Asia/Ho_Chi_Minh',
    });
    expect(body.daysOff).toContain('2026-04-27');
    const february = body.months[1];
    // Tết 2026: weekdays 16–20 February off.
    expect(february.workingDays).not.toContain('2026-02-16');
    expect(february.workingDays).toContain('2026-02-23');
    expect(february.count).toBe(15);
    expect(body.totalWorkingDays).toBe(
      body.months.reduce((s: number, m: { count: number }) => s + m.count, 0),
    );
    expect(body.holidays.some((h: { date: string }) => h.date === '2026-02-17')).toBe(true);
  });

  it('computes a year not shipped as provisional and unstored', async () => {
    const body = (await call(officer, 'GET', '/api/calendar/years/2027')).json();
    expect(body).toMatchObject({ year: 2027, status: 'provisional', stored: false });
    expect(body.daysOff).toEqual(defaultCalendarForYear(2027).spec.daysOff);
  });

  it('refuses edits to anonymous callers, counter officers and a commune administrator', async () => {
    const table = (await call(null, 'GET', '/api/calendar/years/2027/export')).json();
    expect((await call(null, 'PUT', '/api/calendar/years/2027', table)).statusCode).toBe(401);
    const officerPut = await call(officer, 'PUT', '/api/calendar/years/2027', {
      workingHours: table.workingHours,
      weekend: table.weekend,
      daysOff: table.daysOff,
      extraWorkingDays: [],
    });
    expect(officerPut.statusCode).toBe(403);
    expect(officerPut.json().error.code).toBe('forbidden');
    const communePut = await call(communeAdmin, 'PUT', '/api/calendar/years/2027', {
      workingHours: table.workingHours,
      weekend: table.weekend,
      daysOff: table.daysOff,
      extraWorkingDays: [],
    });
    expect(communePut.statusCode).toBe(403);
    expect((await call(reform, 'POST', '/api/calendar/years/2027/confirm')).statusCode).toBe(403);
    expect((await call(officer, 'POST', '/api/calendar/years/2027/import', table)).statusCode).toBe(
      403,
    );
  });

  it('lets the reform office edit a provisional year, which stays provisional until an administrator confirms it', async () => {
    const before = (await call(null, 'GET', '/api/calendar/years/2027')).json();
    const put = await call(reform, 'PUT', '/api/calendar/years/2027', {
      workingHours: [
        ['07:00', '11:30'],
        ['13:00', '16:30'],
      ],
      weekend: [0, 6],
      daysOff: [...before.daysOff, '2027-05-03'],
      extraWorkingDays: ['2027-05-08'],
      source: 'Thông báo nghỉ lễ 2027 (dự thảo)',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      status: 'provisional',
      stored: true,
      source: 'Thông báo nghỉ lễ 2027 (dự thảo)',
      updatedBy: { id: reform.user.id },
    });
    expect(put.json().months[4].workingDays).toContain('2027-05-08');
    expect(put.json().months[4].workingDays).not.toContain('2027-05-03');

    const confirmed = await call(admin, 'POST', '/api/calendar/years/2027/confirm');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      extraWorkingDays: ['2027-05-08'],
    });
    const again = await call(admin, 'POST', '/api/calendar/years/2027/confirm');
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toMatchObject({
      code: 'rule_violation',
      details: { rule: 'calendar_not_provisional', status: 'confirmed' },
    });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', '=', `calendar_year:${tenantId}:2027`)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'calendar.year_saved', actor_id: reform.user.id },
      { action: 'calendar.year_confirmed', actor_id: admin.user.id },
    ]);
  });

  it('confirms an unstored provisional year as computed', async () => {
    const response = await call(admin, 'POST', '/api/calendar/years/2030/confirm');
    expect(response.json()).toMatchObject({
      status: 'confirmed',
      stored: true,
      daysOff: defaultCalendarForYear(2030).spec.daysOff,
    });
  });

  it('turns an edited official year into the tenant’s confirmed table and the tenant calendar follows at once', async () => {
    const cal = await loadTenantCalendar(ctx.db, tenantId);
    expect(isWorkingDay(cal, '2026-03-02')).toBe(true);
    const year = (await call(null, 'GET', '/api/calendar/years/2026')).json();
    const put = await call(admin, 'PUT', '/api/calendar/years/2026', {
      workingHours: year.workingHours,
      weekend: year.weekend,
      daysOff: [...year.daysOff, '2026-03-02'],
      extraWorkingDays: year.extraWorkingDays,
    });
    expect(put.json().status).toBe('confirmed');
    expect(isWorkingDay(await loadTenantCalendar(ctx.db, tenantId), '2026-03-02')).toBe(false);
    const due = (await call(null, 'GET', '/api/calendar/due?from=2026-02-27T10:00&days=1')).json();
    expect(due.due).toBe('2026-03-03T17:00:00+07:00');
  });

  it('exports and imports a year unchanged', async () => {
    for (const year of [2025, 2027, 2031]) {
      const exported = await call(null, 'GET', `/api/calendar/years/${year}/export`);
      expect(exported.headers['content-disposition']).toBe(
        `attachment; filename="calendar-${year}.json"`,
      );
      const imported = await call(
        admin,
        'POST',
        `/api/calendar/years/${year}/import`,
        exported.json(),
      );
      expect(imported.statusCode).toBe(200);
      const again = await call(null, 'GET', `/api/calendar/years/${year}/export`);
      expect(again.json()).toEqual(exported.json());
    }
  });

  it('imports a file without status as confirmed', async () => {
    const response = await call(reform, 'POST', '/api/calendar/years/2032/import', {
      timezone: 'Asia/Ho_Chi_Minh',
      workingHours: [['07:30', '17:00']],
      weekend: [0],
      daysOff: ['2032-01-01'],
      extraWorkingDays: [],
    });
    expect(response.json()).toMatchObject({
      status: 'confirmed',
      weekend: [0],
      source: 'Imported on 2025-09-01',
    });
  });

  it('names the bad field of a malformed table with calendar_invalid', async () => {
    const cases: Array<[unknown, string]> = [
      [
        { workingHours: [['11:30', '07:30']], weekend: [0, 6], daysOff: [], extraWorkingDays: [] },
        'workingHours[0]',
      ],
      [
        { workingHours: [['07:30', '11:30']], weekend: [7], daysOff: [], extraWorkingDays: [] },
        'weekend[0]',
      ],
      [
        {
          workingHours: [['07:30', '11:30']],
          weekend: [0],
          daysOff: ['2027-02-30'],
          extraWorkingDays: [],
        },
        'daysOff[0]',
      ],
      [
        {
          workingHours: [['07:30', '11:30']],
          weekend: [0],
          daysOff: ['2028-01-01'],
          extraWorkingDays: [],
        },
        'daysOff[0]',
      ],
      [
        {
          workingHours: [['07:30', '11:30']],
          weekend: [0],
          daysOff: ['2027-01-04'],
          extraWorkingDays: ['2027-01-04'],
        },
        'extraWorkingDays',
      ],
      [
        {
          timezone: 'Mars/Olympus',
          workingHours: [['07:30', '11:30']],
          weekend: [0],
          daysOff: [],
          extraWorkingDays: [],
        },
        'timezone',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await call(admin, 'PUT', '/api/calendar/years/2027', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'calendar_invalid', details: { field } });
    }
    const wrongYear = await call(admin, 'POST', '/api/calendar/years/2027/import', {
      year: 2028,
      timezone: 'Asia/Ho_Chi_Minh',
      workingHours: [['07:30', '11:30']],
      weekend: [0],
      daysOff: [],
      extraWorkingDays: [],
    });
    expect(wrongYear.json().error).toMatchObject({
      code: 'calendar_invalid',
      details: { field: 'year' },
    });
    const notObject = await call(admin, 'POST', '/api/calendar/years/2027/import', [1, 2]);
    expect(notObject.json().error.code).toBe('calendar_invalid');
    const badYear = await call(null, 'GET', '/api/calendar/years/3000');
    expect(badYear.statusCode).toBe(400);
    expect(badYear.json().error.code).toBe('validation_failed');
    // Nothing half-written: 2027 is still the confirmed table.
    expect((await call(null, 'GET', '/api/calendar/years/2027')).json().extraWorkingDays).toEqual([
      '2027-05-08',
    ]);
  });
});

describe('due-date calculator', () => {
  it('gives the documented example: 5 working days from Friday 24 Jan 2025 10:00', async () => {
    const response = await call(null, 'GET', '/api/calendar/due?from=2025-01-24T10:00&days=5');
    expect(response.json()).toEqual({
      due: '2025-02-07T17:00:00+07:00',
      from: '2025-01-24T10:00:00+07:00',
      start: '2025-01-24T10:00:00+07:00',
      unit: 'working_days',
      budget: 5,
      provisional: false,
    });
  });

  it('answers bad input with stable codes', async () => {
    expect(
      (await call(null, 'GET', '/api/calendar/due?from=2025-13-40T10:00&days=5')).json().error.code,
    ).toBe('invalid_date');
    expect(
      (await call(null, 'GET', '/api/calendar/due?from=2025-01-24T10:00')).json().error.code,
    ).toBe('validation_failed');
    expect(
      (await call(null, 'GET', '/api/calendar/due?from=2025-01-24T10:00&days=2&hours=1')).json()
        .error.code,
    ).toBe('validation_failed');
    expect(
      (await call(null, 'GET', '/api/calendar/due?from=2025-01-24T10:00&days=-1')).json().error
        .code,
    ).toBe('validation_failed');
    expect(
      (await call(null, 'GET', '/api/calendar/due?from=2025-01-24T10:00&hours=abc')).json().error
        .code,
    ).toBe('validation_failed');
  });

  it('computes exactly what `motcua calendar due` computes on the same calendar', async () => {
    const cal = await loadTenantCalendar(ctx.db, tenantId);
    const from = fc
      .date({
        min: new Date('2025-01-01T00:00:00Z'),
        max: new Date('2027-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 16));
    const limit = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((days) => ({ days: String(days) })),
      fc.integer({ min: 1, max: 200 }).map((quarters) => ({ hours: String(quarters / 4) })),
    );
    await fc.assert(
      fc.asyncProperty(from, limit, async (f, l) => {
        const query = new URLSearchParams({ from: f, ...l }).toString();
        const response = await call(null, 'GET', `/api/calendar/due?${query}`);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual(calendarDue({ from: f, ...l }, cal));
      }),
      { numRuns: 60 },
    );
  });
});

describe('start-up', () => {
  it('stores the shipped official years for a tenant inserted without them when the app starts', async () => {
    const bare = await ctx.db
      .insertInto('tenants')
      .values({ code: 'BARE', name: 'Tỉnh trần', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const second = await buildApp({ ctx, logger: false, modules: [authModule, calendarModule] });
    await second.ready();
    await second.close();
    const rows = await ctx.db
      .selectFrom('calendar_years')
      .select(['year', 'status'])
      .where('tenant_id', '=', bare.id)
      .orderBy('year')
      .execute();
    expect(rows).toEqual([
      { year: 2025, status: 'official' },
      { year: 2026, status: 'official' },
    ]);
  });
});
