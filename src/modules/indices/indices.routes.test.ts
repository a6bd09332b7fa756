import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClock, stopClock } from '../../domain/calendar/index.js';
import { loadConfig } from '../../platform/config.js';
import { createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { indicesModule } from './index.js';
import { buildTenant, insertDossier, type TestTenant } from './indices.test-support.js';

let database: Database;
let app: FastifyInstance;
let t: TestTenant;
let leaderA: TestSession;
let reform: TestSession;
let codeA: string;
let codeB: string;
let tenantCode: string;
const H = { 'x-test-no-limit': '1' };

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTenant(database.db);
  const cal = await loadTenantCalendar(database.db, t.tenantId);
  const units = await database.db
    .selectFrom('units')
    .select(['id', 'code'])
    .where('tenant_id', '=', t.tenantId)
    .execute();
  codeA = units.find((u) => u.id === t.communeA)?.code as string;
  codeB = units.find((u) => u.id === t.communeB)?.code as string;
  tenantCode = (
    await database.db
      .selectFrom('tenants')
      .select('code')
      .where('id', '=', t.tenantId)
      .executeTakeFirstOrThrow()
  ).code;
  for (const [unit, finish] of [
    [t.communeA, '2025-01-07T10:00:00+07:00'],
    [t.communeA, '2025-01-20T10:00:00+07:00'],
    [t.communeB, '2025-01-07T10:00:00+07:00'],
  ] as const) {
    const ledger = startClock({
      receivedAt: '2025-01-06T09:00:00+07:00',
      unit: 'working_days',
      budget: 3,
    });
    await insertDossier(database.db, {
      tenant: t,
      receivingUnit: unit,
      agencyUnit: unit,
      ledger: stopClock(ledger, { at: finish }),
      cal,
      flags: { outcome: 'approved' },
    });
  }
  // One dossier still open and overdue at the end of the quarter.
  await insertDossier(database.db, {
    tenant: t,
    receivingUnit: t.communeA,
    agencyUnit: t.communeA,
    ledger: startClock({
      receivedAt: '2025-03-03T09:00:00+07:00',
      unit: 'working_days',
      budget: 3,
    }),
    cal,
  });
  const ctx = createContext(
    database,
    loadConfig({}, { NODE_ENV: 'test' }),
    () => new Date('2025-07-15T10:00:00+07:00'),
  );
  app = await buildApp({ ctx, logger: false, modules: [authModule, indicesModule] });
  const leader = await createUser(database.db, {
    tenantId: t.tenantId,
    role: 'leader',
    unitId: t.communeA,
  });
  const office = await createUser(database.db, {
    tenantId: t.tenantId,
    role: 'reform_office',
    unitId: null,
  });
  leaderA = await signIn(app, leader.username, undefined, { tenant: tenantCode });
  reform = await signIn(app, office.username, undefined, { tenant: tenantCode });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('service index routes', () => {
  it('shows a leader the units of their own subtree only', async () => {
    const res = await app.inject({
      url: '/api/indices/service?period=2025-Q1',
      headers: { ...H, ...leaderA.headers },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().units.map((u: { unit: string }) => u.unit)).toEqual([codeA]);
    const other = await app.inject({
      url: `/api/indices/service/units/${codeB}?period=2025-Q1`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(other.statusCode).toBe(403);
  });

  it('gives a scorecard with the N/A note, figures and the overdue drill-down', async () => {
    const res = await app.inject({
      url: `/api/indices/service/units/${codeA}?period=2025-Q1&lang=en`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card.note.en).toMatch(/rescaled/);
    const progress = card.groups.find((g: { id: string }) => g.id === '2').indicators[0];
    expect(progress).toMatchObject({ id: '2.1', numerator: 1, denominator: 3, rate: 33.33 });
    const feedback = card.groups.find((g: { id: string }) => g.id === '6').indicators[0];
    // No feedback received: a zero denominator, N/A (left out and the total rescaled).
    expect(feedback).toMatchObject({ status: 'not_applicable', rate: null, score: null });
    const overdue = await app.inject({
      url: `/api/indices/service/units/${codeA}/indicators/overdue/dossiers?period=2025-Q1`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(overdue.json()).toMatchObject({
      total: 1,
      dossiers: [{ periodClass: 'in_progress_overdue' }],
    });
    const denominator = await app.inject({
      url: `/api/indices/service/units/${codeA}/indicators/2.1/dossiers?period=2025-Q1&side=denominator`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(denominator.json().total).toBe(3);
  });

  it('drills a procedure indicator down to procedures, with the same access rules and paging', async () => {
    const url = (code: string, id: string, rest = '') =>
      `/api/indices/service/units/${code}/indicators/${id}/procedures?period=2025-Q1${rest}`;
    const card = (
      await app.inject({
        url: `/api/indices/service/units/${codeA}?period=2025-Q1`,
        headers: { ...H, ...leaderA.headers },
      })
    ).json();
    const byId = new Map(
      card.groups.flatMap((g: { indicators: Array<{ id: string }> }) =>
        g.indicators.map((i) => [i.id, i]),
      ),
    );
    // The dossiers were received without online service (the column's default), although the
    // catalogue offers the procedure fully online: 3.2 reads the dossiers.
    expect(byId.get('3.2')).toMatchObject({
      countedOver: 'procedures',
      numerator: 0,
      denominator: 1,
    });
    expect(byId.get('2.1')).toMatchObject({ countedOver: 'dossiers' });
    expect(byId.get('6.1')).toMatchObject({ countedOver: 'feedback', status: 'not_applicable' });
    const res = await app.inject({
      url: url(codeA, '3.2', '&side=denominator'),
      headers: { ...H, ...leaderA.headers },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      countedOver: 'procedures',
      listing: 'members',
      numerator: 0,
      denominator: 1,
      total: 1,
      procedures: [
        {
          id: t.procedureId,
          onlineLevel: 'full',
          inNumerator: false,
          dossiers: { received: 3, offeringOnline: 0 },
        },
      ],
    });
    const past = await app.inject({
      url: url(codeA, '3.2', '&side=denominator&offset=5&limit=1'),
      headers: { ...H, ...leaderA.headers },
    });
    expect(past.json()).toMatchObject({ total: 1, procedures: [] });
    const other = await app.inject({
      url: url(codeB, '3.2'),
      headers: { ...H, ...leaderA.headers },
    });
    expect(other.statusCode).toBe(403);
    const anon = await app.inject({
      url: url(codeA, '3.2'),
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(anon.statusCode).toBe(401);
    const pub = await app.inject({
      url: `/api/public/indices/service/units/${codeA}/indicators/3.2/procedures?period=2025-Q1`,
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(pub.statusCode).toBe(404);
    const asDossiers = await app.inject({
      url: `/api/indices/service/units/${codeA}/indicators/3.2/dossiers?period=2025-Q1`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(asDossiers.statusCode).toBe(400);
    expect(asDossiers.json().error).toMatchObject({
      code: 'validation_failed',
      details: { countedOver: 'procedures' },
    });
    const feedback = await app.inject({
      url: `/api/indices/service/units/${codeA}/indicators/6.1/dossiers?period=2025-Q1&lang=en`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(feedback.statusCode).toBe(400);
    expect(feedback.json().error).toMatchObject({
      code: 'validation_failed',
      details: { indicator: '6.1', countedOver: 'feedback' },
    });
    const items = await app.inject({
      url: `/api/indices/service/units/${codeA}/indicators/6.2/feedback?period=2025-Q1&side=denominator`,
      headers: { ...H, ...leaderA.headers },
    });
    expect(items.statusCode).toBe(200);
    expect(items.json()).toMatchObject({
      countedOver: 'feedback',
      formula: 'feedback_satisfaction',
      numerator: 0,
      denominator: 0,
      feedback: [],
    });
    const unknown = await app.inject({
      url: url(codeA, '9.9'),
      headers: { ...H, ...leaderA.headers },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses anonymous callers on staff routes and answers the public ones without personal data', async () => {
    const anon = await app.inject({
      url: '/api/indices/service?period=2025-Q1',
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(anon.statusCode).toBe(401);
    const pub = await app.inject({
      url: '/api/public/indices/service?period=2025-Q1',
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().units.length).toBeGreaterThan(2);
    const drill = await app.inject({
      url: `/api/public/indices/service/units/${codeA}/indicators/overdue/dossiers?period=2025-Q1`,
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(drill.statusCode).toBe(404);
    expect(JSON.stringify(pub.json())).not.toMatch(/Nguyễn Văn A/);
  });

  it('answers a bad period with period_invalid', async () => {
    const res = await app.inject({
      url: '/api/public/indices/service?period=2025-Q9',
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('period_invalid');
  });

  it('draws a trend month by month', async () => {
    const res = await app.inject({
      url: `/api/public/indices/service/units/${codeA}/trend?from=2025-01&to=2025-03`,
      headers: { ...H, 'x-motcua-tenant': tenantCode },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().points.map((p: { period: string }) => p.period)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
    expect(res.json().points[0].received).toBe(2);
  });

  it('exports the ranking and a scorecard as .xlsx and as a PDF with Vietnamese text', async () => {
    const xlsx = await app.inject({
      url: '/api/indices/service/export.xlsx?period=2025-Q1',
      headers: { ...H, ...reform.headers },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await app.inject({
      url: `/api/indices/service/units/${codeA}/export.pdf?period=2025-Q1`,
      headers: { ...H, ...reform.headers },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idx-pdf-'));
    const file = path.join(dir, 'scorecard.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Xã Bình Lư');
    expect(text).toContain('Tiến độ giải quyết');
    expect(readFileSync(file).length).toBeGreaterThan(1000);
  });
});
