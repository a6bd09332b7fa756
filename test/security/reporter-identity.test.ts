import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../src/modules/auth/testing.js';
import type { Database } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../../src/platform/db/testing.js';
import { buildSurface, ROLES, type Surface } from './surface.js';

/**
 * A denunciation's reporter is protected (Law on Denunciation 2018; DOMAIN §9): no role sees
 * who reported, in the staff list, the item's page, its history or the audit log, nor does the
 * database hold it in clear; only a person granted `feedback.reporter.read` over the unit does,
 * and each such reading leaves an audit row that names the reader, not the reporter.
 */
let database: Database;
let s: Surface;
const NO_LIMIT = { 'x-test-no-limit': '1' };
const REPORTER = {
  name: 'Hà Văn Tố Giác',
  phone: '0977111222',
  idNumber: '001099088777',
  email: 'togiac@example.vn',
  address: 'Bản Hon, Tam Đường',
};
const SECRETS = Object.values(REPORTER);
let code: string;
let id: number;

beforeAll(async () => {
  database = await createTestDatabase();
  s = await buildSurface(database);
  // A signed-in citizen reports, over the portal, to the own branch's department.
  const citizen = await signInCitizen(s.app, '0977111222', { tenant: s.w.tenantCode });
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/public/feedback',
    headers: { ...NO_LIMIT, ...citizen.headers },
    payload: {
      kind: 'denunciation',
      subject: 'Tố cáo cán bộ nhận tiền',
      content: 'Cán bộ một cửa đòi thêm tiền để giải quyết nhanh.',
      unitCode: `000.00.12.${s.w.tenantCode}`,
      submitter: REPORTER,
    },
  });
  expect(res.statusCode).toBe(201);
  code = res.json().code;
  id = (
    await s.w.ctx.db
      .selectFrom('feedback')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await s?.app.close();
  await database?.close();
});

function expectNoReporter(text: string, where: string): void {
  for (const secret of SECRETS) expect(text, `${where} shows ${secret}`).not.toContain(secret);
}

async function read(role: (typeof ROLES)[number], url: string) {
  return s.app.inject({
    method: 'GET',
    url,
    headers: { ...NO_LIMIT, ...s.sessions[role].headers },
  });
}

describe("a denunciation's reporter", () => {
  it('is never visible without the grant: list, item page, history, audit, database', async () => {
    for (const role of ROLES) {
      const list = await read(role, '/api/feedback?kind=denunciation');
      expectNoReporter(list.body, `${role} list`);
      const page = await read(role, `/api/feedback/${id}`);
      expectNoReporter(page.body, `${role} page`);
      if (page.statusCode === 200) {
        expect(page.json().submitter).toBeNull();
        expect(page.json().reporterProtected).toBe(true);
        expect(page.json().events.every((e: { actorName: string | null }) => !e.actorName)).toBe(
          true,
        );
      }
    }
    // The people of the unit do read the item itself.
    expect((await read('specialist', `/api/feedback/${id}`)).statusCode).toBe(200);
    const track = await s.app.inject({
      method: 'GET',
      url: `/api/public/feedback/${code}`,
      headers: { ...NO_LIMIT, 'x-motcua-tenant': s.w.tenantCode },
    });
    expectNoReporter(track.body, 'public look-up');

    // Nothing readable at rest: no column holds the reporter in clear, and the citizen's
    // account (which would name them) is not linked.
    const row = await s.w.ctx.db
      .selectFrom('feedback')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expectNoReporter(JSON.stringify(row), 'feedback row');
    expect(row.submitter_user_id).toBeNull();
    const events = await s.w.ctx.db
      .selectFrom('feedback_events')
      .selectAll()
      .where('feedback_id', '=', id)
      .execute();
    expect(events.every((e) => e.actor_id === null)).toBe(true);
    const audit = await s.w.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', s.w.tenantId)
      .execute();
    expectNoReporter(JSON.stringify(audit), 'audit log');
    const received = audit.find(
      (a) => a.action === 'feedback.received' && JSON.stringify(a.data).includes(code),
    );
    expect(received?.actor_id).toBeNull();
  });

  it('is visible with feedback.reporter.read over the unit, and each reading is audited', async () => {
    const specialist = s.sessions.specialist;
    // Only an administrator grants it, over a unit they administer.
    const byLeader = await s.app.inject({
      method: 'POST',
      url: '/api/feedback/reporter-access',
      headers: { ...NO_LIMIT, ...s.sessions.leader.headers },
      payload: { userId: specialist.user.id, unitId: s.own.unitId },
    });
    expect(byLeader.statusCode).toBe(403);
    const grant = await s.app.inject({
      method: 'POST',
      url: '/api/feedback/reporter-access',
      headers: { ...NO_LIMIT, ...s.sessions.administrator.headers },
      payload: { userId: specialist.user.id, unitId: s.own.unitId },
    });
    expect(grant.statusCode).toBe(200);

    const page = await read('specialist', `/api/feedback/${id}`);
    expect(page.json().submitter).toMatchObject({
      name: REPORTER.name,
      phone: REPORTER.phone,
      idNumber: REPORTER.idNumber,
    });
    expect(page.json().reporterProtected).toBe(false);
    const list = await read('specialist', '/api/feedback?kind=denunciation');
    expect(list.body).toContain(REPORTER.name);
    // Everyone else still sees nothing.
    for (const role of ROLES.filter((r) => r !== 'specialist')) {
      expectNoReporter((await read(role, `/api/feedback/${id}`)).body, `${role} page`);
      expectNoReporter((await read(role, '/api/feedback')).body, `${role} list`);
    }
    const viewed = await s.w.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', s.w.tenantId)
      .where('action', '=', 'feedback.reporter_viewed')
      .execute();
    expect(viewed.map((v) => v.actor_id)).toContain(specialist.user.id);
    // Both the page and the list that showed the reporter were recorded.
    expect(viewed.map((v) => (v.data as { after: unknown }).after)).toContainEqual({
      via: 'list',
    });
    expectNoReporter(JSON.stringify(viewed), 'reporter_viewed audit');
  });

  it('stays hidden from a holder of the grant over another branch', async () => {
    // The other branch's denunciation (built by the surface) names "Trần Thị Bí Mật".
    const page = await read('specialist', `/api/feedback/${s.other.feedbackId}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Trần Thị Bí Mật');
  });
});
