import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { registersModule } from './index.js';

type Who = 'leader' | 'otherLeader' | 'reform';

/**
 * Corrections in place of a plan's progress reports and an initiative's replications, through
 * HTTP: only while the parent allows the step (a plan in force; a recognised initiative in
 * force), with the parent's version, checked like the creation, audited with before and after.
 */
describe('registers: correcting progress reports and replications', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  const s = {} as Record<Who, TestSession>;
  let justiceCode: string;
  let constructionCode: string;
  let provinceCode: string;

  const send = (who: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...who.headers, 'x-test-no-limit': '1' },
      ...(payload ? { payload } : {}),
    });
  const code = (res: { json: () => { error?: { code: string } } }) => res.json().error?.code;
  const audit = async (action: string) => {
    const rows = await w.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', action)
      .orderBy('id')
      .execute();
    return rows.map((r) => (r.data as { before: unknown; after: unknown }) ?? {});
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, registersModule], logger: false });
    await app.ready();
    w.ctx.clock.now = new Date('2025-03-03T02:00:00Z');
    const people: Array<[Who, Parameters<typeof createUser>[1]['role'], number]> = [
      ['leader', 'leader', w.units.justice],
      ['otherLeader', 'leader', w.units.construction],
      ['reform', 'reform_office', w.units.province],
    ];
    for (const [key, role, unitId] of people) {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId, name: key });
      s[key] = await signIn(app, u.username, u.password, { tenant: w.tenantCode });
    }
    const units = await w.ctx.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('tenant_id', '=', w.tenantId)
      .execute();
    const codeOf = (id: number) => units.find((u) => u.id === id)?.code as string;
    justiceCode = codeOf(w.units.justice);
    constructionCode = codeOf(w.units.construction);
    provinceCode = codeOf(w.units.province);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("corrects a progress report while the plan is in force, moving the plan's progress", async () => {
    const created = await send(s.reform, 'POST', '/api/registers/plans', {
      unitCode: justiceCode,
      year: 2025,
      title: 'Khắc phục 2.1',
    });
    const planId: number = created.json().id;
    const reported = await send(s.leader, 'POST', `/api/registers/plans/${planId}/reports`, {
      text: 'Đã số hóa 40% hồ sơ',
      percent: 40,
      reportedOn: '2025-03-01',
    });
    expect(reported.statusCode).toBe(201);
    const plan = reported.json();
    const reportId: number = plan.reports[0].id;
    const url = `/api/registers/plans/${planId}/reports/${reportId}`;
    const body = { text: 'Đã số hóa 14% hồ sơ (gõ nhầm 40)', percent: 14, version: plan.version };

    // Another unit's leader does not see the plan; the version is required and must be current.
    expect(code(await send(s.otherLeader, 'PUT', url, body))).toBe('register_item_not_found');
    const { version: _v, ...noVersion } = body;
    expect((await send(s.leader, 'PUT', url, noVersion)).statusCode).toBe(400);
    expect(code(await send(s.leader, 'PUT', url, { ...body, version: plan.version - 1 }))).toBe(
      'version_conflict',
    );
    expect(code(await send(s.leader, 'PUT', url, { ...body, reportedOn: '2025-03-04' }))).toBe(
      'validation_failed',
    );
    expect(code(await send(s.leader, 'PUT', url, { ...body, text: '   ' }))).toBe(
      'validation_failed',
    );
    expect(
      code(await send(s.leader, 'PUT', `/api/registers/plans/${planId}/reports/999999`, body)),
    ).toBe('register_item_not_found');

    const res = await send(s.leader, 'PUT', url, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      percent: 14,
      version: plan.version + 1,
      reports: [{ id: reportId, percent: 14, reportedOn: '2025-03-01', text: body.text }],
    });
    expect(res.json().history.at(-1)).toMatchObject({ action: 'correct_report', actor: 'leader' });
    const [row] = await audit('registers.plan.correct_report');
    expect(row).toMatchObject({
      before: { reportId, percent: 40, text: 'Đã số hóa 40% hồ sơ', reportedOn: '2025-03-01' },
      after: { reportId, percent: 14, reportedOn: '2025-03-01' },
    });

    // Withdrawn, the plan takes no correction of its reports.
    const withdrawn = await send(s.reform, 'POST', `/api/registers/plans/${planId}/withdraw`, {
      reason: 'Lập nhầm',
    });
    const refused = await send(s.reform, 'PUT', url, {
      ...body,
      percent: 15,
      version: withdrawn.json().version,
    });
    expect(refused.json().error).toMatchObject({
      code: 'register_state_invalid',
      details: { state: 'withdrawn', step: 'correct_report' },
    });
  });

  it('corrects a replication of a recognised initiative: unit and date, checked like recording one', async () => {
    const filed = await send(s.leader, 'POST', '/api/registers/initiatives', {
      unitCode: justiceCode,
      year: 2025,
      title: 'Trả kết quả qua bưu điện',
      summary: 'x',
      authors: 'y',
    });
    const id: number = filed.json().id;
    const base = `/api/registers/initiatives/${id}`;
    await send(s.reform, 'POST', `${base}/evaluate`, { score: 80, comment: 'Tốt' });
    await send(s.reform, 'POST', `${base}/decide`, { recognised: true });
    const replicated = await send(s.reform, 'POST', `${base}/replications`, {
      unitCodes: [provinceCode, constructionCode],
      replicatedOn: '2025-03-01',
    });
    const item = replicated.json();
    const [first, second] = item.replications as Array<{ id: number; unit: { code: string } }>;
    expect([first?.unit.code, second?.unit.code].sort()).toEqual(
      [provinceCode, constructionCode].sort(),
    );
    const toConstruction = item.replications.find(
      (r: { unit: { code: string } }) => r.unit.code === constructionCode,
    ).id as number;
    const url = `${base}/replications/${toConstruction}`;

    expect(
      (
        await send(s.leader, 'PUT', url, {
          unitCode: constructionCode,
          replicatedOn: '2025-02-01',
          version: item.version,
        })
      ).statusCode,
    ).toBe(403);
    // The filing unit, or a unit recorded already, is refused; nothing changes.
    for (const unitCode of [justiceCode, provinceCode])
      expect(
        code(
          await send(s.reform, 'PUT', url, {
            unitCode,
            replicatedOn: '2025-02-01',
            version: item.version,
          }),
        ),
      ).toBe('validation_failed');
    expect(
      code(
        await send(s.reform, 'PUT', url, {
          unitCode: constructionCode,
          replicatedOn: '2025-02-30',
          version: item.version,
        }),
      ),
    ).toBe('validation_failed');
    expect(
      code(
        await send(s.reform, 'PUT', url, {
          unitCode: 'NO-SUCH-UNIT',
          replicatedOn: '2025-02-01',
          version: item.version,
        }),
      ),
    ).toBe('register_unit_invalid');

    const res = await send(s.reform, 'PUT', url, {
      unitCode: constructionCode,
      replicatedOn: '2025-02-01',
      version: item.version,
    });
    expect(res.statusCode).toBe(200);
    expect(
      res.json().replications.find((r: { id: number }) => r.id === toConstruction),
    ).toMatchObject({ unit: { code: constructionCode }, replicatedOn: '2025-02-01' });
    expect(res.json().version).toBe(item.version + 1);
    const [row] = await audit('registers.initiative.correct_replication');
    expect(row).toMatchObject({
      before: { replicationId: toConstruction, unit: constructionCode, replicatedOn: '2025-03-01' },
      after: { replicationId: toConstruction, unit: constructionCode, replicatedOn: '2025-02-01' },
    });
    expect(
      code(
        await send(s.reform, 'PUT', url, {
          unitCode: constructionCode,
          replicatedOn: '2025-02-02',
          version: item.version,
        }),
      ),
    ).toBe('version_conflict');

    // Withdrawn, the initiative's replications are no longer corrected.
    const withdrawn = await send(s.reform, 'POST', `${base}/withdraw`, { reason: 'Nhập trùng' });
    const refused = await send(s.reform, 'PUT', url, {
      unitCode: constructionCode,
      replicatedOn: '2025-02-02',
      version: withdrawn.json().version,
    });
    expect(refused.json().error).toMatchObject({
      code: 'register_state_invalid',
      details: { state: 'withdrawn', step: 'correct_replication' },
    });
  });
});
