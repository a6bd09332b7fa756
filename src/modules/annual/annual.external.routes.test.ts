import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { annualModule } from './index.js';

/**
 * External results through HTTP: the reform office imports a CSV (all or nothing) and corrects
 * or removes one result; other staff only read; the public sees the trend per index, with the
 * 63 → 34 provinces change said in words rather than counted in places.
 */
describe('annual external results routes', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  type Key = 'reform' | 'communeReform' | 'leader';
  const s = {} as Record<Key, TestSession>;
  const call = (
    who: Key | null,
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url: `/api${url}`,
      headers: {
        ...(who ? s[who].headers : { 'x-motcua-tenant': w.tenantCode }),
        'x-test-no-limit': '1',
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const recorded = async () =>
    w.ctx.db
      .selectFrom('annual_external_results')
      .select(['index_code', 'year', 'score', 'rank', 'out_of'])
      .where('tenant_id', '=', w.tenantId)
      .orderBy('index_code')
      .orderBy('year')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, annualModule], logger: false });
    await app.ready();
    w.ctx.clock.now = new Date('2026-02-10T02:00:00Z');
    for (const [key, role, unitId] of [
      ['reform', 'reform_office', w.units.province],
      // A reform officer of a commune's centre does not speak for the province.
      ['communeReform', 'reform_office', w.units.otherCentre],
      ['leader', 'leader', w.units.justice],
    ] as const) {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId });
      s[key] = await signIn(app, u.username, undefined, { tenant: w.tenantCode });
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const CSV = [
    'index,year,score,rank,out_of,note',
    'par_index,2018,78.00,58,63,Bộ Nội vụ công bố 2019',
    'par_index,2019,81.20,51,63,',
    'par_index,2020,84.30,38,63,',
    'par_index,2025,88.10,12,34,"Sau sáp nhập, 34 tỉnh, thành"',
    'pci,2024,66.50,20,63,',
  ].join('\n');

  it('refuses imports from staff who do not run the index tenant-wide, and from the public', async () => {
    for (const who of ['leader', 'communeReform'] as const) {
      const res = await call(who, 'POST', '/annual/external/import', { csv: CSV });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await call(null, 'POST', '/annual/external/import', { csv: CSV })).statusCode).toBe(
      401,
    );
    expect(await recorded()).toEqual([]);
  });

  it('writes nothing from a CSV with one bad row, naming each bad row and column', async () => {
    const bad = await call('reform', 'POST', '/annual/external/import', {
      csv: 'index,year,score,rank,out_of,note\npar_index,2019,81.2,51,63,\nsipas,2025,85,40,34,\ngdp,2020,50,1,63,\npapi,2027,40,,,',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('import_invalid');
    expect(
      bad
        .json()
        .error.details.issues.map((i: { row: number; column: string }) => [i.row, i.column]),
    ).toEqual([
      [3, 'rank'],
      [4, 'index'],
      [5, 'year'],
    ]);
    expect(await recorded()).toEqual([]);
  });

  it('imports, then shows each index as a trend publicly, places counted only among the same provinces', async () => {
    const ok = await call('reform', 'POST', '/annual/external/import', { csv: CSV });
    expect(ok.json()).toEqual({ imported: 5, created: 5, updated: 0 });
    // The same file again replaces rather than duplicates.
    expect((await call('reform', 'POST', '/annual/external/import', { csv: CSV })).json()).toEqual({
      imported: 5,
      created: 0,
      updated: 5,
    });
    expect(await recorded()).toHaveLength(5);

    const pub = await call(null, 'GET', '/public/annual/external');
    expect(pub.statusCode).toBe(200);
    const [par, pci] = pub.json().trends;
    expect(par.index).toBe('par_index');
    expect(
      par.years.map(
        (y: { year: number; rank: number; outOf: number; placesChange: number | null }) => [
          y.year,
          `${y.rank}/${y.outOf}`,
          y.placesChange,
        ],
      ),
    ).toEqual([
      [2018, '58/63', null],
      [2019, '51/63', 7],
      [2020, '38/63', 13],
      [2025, '12/34', null],
    ]);
    expect(par.years[2].change.vi).toBe('điểm +3,1; tăng 13 bậc');
    expect(par.years[3].outOfChanged).toBe(true);
    expect(par.years[3].change.en).toContain('changed from 63 to 34');
    expect(par.years[0].note).toBe('Bộ Nội vụ công bố 2019');
    expect(pci.index).toBe('pci');

    const staff = (await call('leader', 'GET', '/annual/external')).json();
    expect(staff.manages).toBe(false);
    expect(staff.results).toHaveLength(5);
    expect((await call('reform', 'GET', '/annual/external')).json().manages).toBe(true);

    const audit = await w.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('tenant_id', '=', w.tenantId)
      .where('stream', 'like', 'annual_external_result:%')
      .execute();
    expect(audit.filter((a) => a.action === 'annual.external_recorded')).toHaveLength(5);
    expect(audit.filter((a) => a.action === 'annual.external_updated')).toHaveLength(5);
  });

  it('corrects one result, refusing a rank above the provinces ranked, and removes one', async () => {
    const tooHigh = await call('reform', 'PUT', '/annual/external/sipas/2025', {
      score: 84,
      rank: 40,
      outOf: 34,
    });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json().error.code).toBe('validation_failed');
    expect(tooHigh.json().error.details.issues).toEqual([
      { path: '/rank', message: 'must not exceed out_of (34)' },
    ]);
    expect(
      (await call('reform', 'PUT', '/annual/external/gdp/2025', { score: 1, rank: 1, outOf: 34 }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await call('leader', 'PUT', '/annual/external/sipas/2025', {
          score: 84,
          rank: 4,
          outOf: 34,
        })
      ).statusCode,
    ).toBe(403);

    const saved = await call('reform', 'PUT', '/annual/external/sipas/2025', {
      score: 84.25,
      rank: 4,
      outOf: 34,
      note: '  ',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      index: 'sipas',
      year: 2025,
      score: 84.25,
      rank: 4,
      outOf: 34,
      note: null,
    });

    expect((await call('leader', 'DELETE', '/annual/external/pci/2024')).statusCode).toBe(403);
    expect((await call('reform', 'DELETE', '/annual/external/pci/2024')).statusCode).toBe(204);
    expect((await call('reform', 'DELETE', '/annual/external/pci/2024')).statusCode).toBe(404);
    const trends = (await call(null, 'GET', '/public/annual/external')).json().trends;
    expect(trends.map((t: { index: string }) => t.index)).toEqual(['par_index', 'sipas']);
  });
});
