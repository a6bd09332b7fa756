import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { feedbackModule } from './index.js';

/**
 * The feedback module through HTTP: public intake and look-up, the staff list scoped to unit
 * subtrees, the whole state machine with its deadlines, ratings and complaining again.
 */
describe('feedback routes', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  let justice: TestSession; // specialist over the Department of Justice
  let justiceLeader: TestSession;
  let construction: TestSession; // specialist over the Department of Construction
  let reform: TestSession; // reform office over the province

  const pub = () => ({ 'x-motcua-tenant': w.tenantCode, 'x-test-no-limit': '1' });
  let users: Array<{
    key: 'justice' | 'justiceLeader' | 'construction' | 'reform';
    username: string;
    password: string;
  }> = [];
  /** Moves the clock; sessions expire on the clock, so everyone signs in again. */
  const at = async (iso: string) => {
    w.ctx.clock.now = new Date(iso);
    const s: Record<string, TestSession> = {};
    for (const u of users)
      s[u.key] = await signIn(app, u.username, u.password, { tenant: w.tenantCode });
    if (s.justice) justice = s.justice;
    if (s.justiceLeader) justiceLeader = s.justiceLeader;
    if (s.construction) construction = s.construction;
    if (s.reform) reform = s.reform;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, feedbackModule], logger: false });
    await app.ready();
    const make = async (
      key: (typeof users)[number]['key'],
      role: 'specialist' | 'leader' | 'reform_office',
      unitId: number,
    ) => {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId });
      return { key, username: u.username, password: u.password };
    };
    users = [
      await make('justice', 'specialist', w.units.justice),
      await make('justiceLeader', 'leader', w.units.justice),
      await make('construction', 'specialist', w.units.construction),
      await make('reform', 'reform_office', w.units.province),
    ];
    await at('2025-03-03T02:00:00Z');
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function submitPublic(body: Record<string, unknown>) {
    return app.inject({
      method: 'POST',
      url: '/api/public/feedback',
      headers: pub(),
      payload: body,
    });
  }

  async function act(s: TestSession, id: number, action: string, payload: Record<string, unknown>) {
    return app.inject({
      method: 'POST',
      url: `/api/feedback/${id}/actions/${action}`,
      headers: { ...s.headers, 'x-test-no-limit': '1' },
      payload,
    });
  }

  async function get(s: TestSession, url: string) {
    return app.inject({ method: 'GET', url, headers: { ...s.headers, 'x-test-no-limit': '1' } });
  }

  it('takes in an anonymous portal submission and lets the code holder follow it, with no personal data', async () => {
    await at('2025-03-03T02:00:00Z'); // Monday 09:00 in Vietnam
    const res = await submitPublic({
      kind: 'feedback',
      subject: 'Thủ tục đăng ký khai sinh yêu cầu giấy tờ thừa',
      content: 'Bộ phận một cửa yêu cầu bản sao sổ hộ khẩu dù đã bỏ.',
      anonymous: true,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.code).toMatch(/^PA-250303-[0-9A-Z]{8}$/);
    expect(body.state).toBe('received');
    expect(body.unit).toBe('UBND tỉnh');
    // 15 working days from Monday 3 March 2025: Monday 24 March, 17:00.
    expect(body.deadlines).toEqual({
      rejectBy: '2025-03-05T17:00:00+07:00',
      requestInfoBy: '2025-03-10T17:00:00+07:00',
      answerBy: '2025-03-24T17:00:00+07:00',
      publishBy: null,
    });
    const track = await app.inject({
      method: 'GET',
      url: `/api/public/feedback/${body.code}`,
      headers: pub(),
    });
    expect(track.statusCode).toBe(200);
    expect(track.json().state).toBe('received');
    expect(track.body).not.toContain('sổ hộ khẩu'); // the content stays with staff
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/public/feedback/PA-250303-AAAAAAAA',
      headers: pub(),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses contact data on an anonymous item and a named item without a way to answer', async () => {
    const a = await submitPublic({
      kind: 'feedback',
      subject: 'x',
      content: 'y',
      anonymous: true,
      submitter: { name: 'Lò Văn A' },
    });
    expect(a.statusCode).toBe(400);
    expect(a.json().error.code).toBe('validation_failed');
    const b = await submitPublic({
      kind: 'feedback',
      subject: 'x',
      content: 'y',
      submitter: { name: 'Lò Văn A' },
    });
    expect(b.json().error.code).toBe('validation_failed');
    const nul = await submitPublic({ kind: 'feedback', subject: 'x\u0000', content: 'y' });
    expect(nul.statusCode).toBe(400);
  });

  it('handles an item through information, answer and publication, with its deadlines', async () => {
    await at('2025-03-03T02:00:00Z');
    const intake = await app.inject({
      method: 'POST',
      url: '/api/feedback',
      headers: { ...justice.headers, 'x-test-no-limit': '1' },
      payload: {
        kind: 'feedback',
        channel: 'hotline',
        unitId: w.units.justice,
        subject: 'Phí chứng thực thu sai',
        content: 'Tôi bị thu 5.000 đồng một trang, gọi lại 0912345678.',
        submitter: { name: 'Lò Thị Bình', phone: '0912345678' },
      },
    });
    expect(intake.statusCode).toBe(201);
    const list = await get(justice, '/api/feedback?kind=feedback');
    const item = list.json().items.find((i: { code: string }) => i.code === intake.json().code);
    expect(item.submitterName).toBe('Lò Thị Bình');
    expect(item.overdue).toBe(false);
    const id = item.id as number;
    // The take-in answers the item's id, so the screen opens it without searching.
    expect(intake.json().id).toBe(id);
    // The list's q finds an item by the tracking code a caller reads out (exactly, any case).
    const byCode = await get(
      justice,
      `/api/feedback?q=${encodeURIComponent(` ${intake.json().code.toLowerCase()} `)}`,
    );
    expect(byCode.json().items.map((i: { id: number }) => i.id)).toEqual([id]);
    const partial = await get(justice, `/api/feedback?q=${intake.json().code.slice(0, 12)}`);
    expect(partial.json().items.map((i: { id: number }) => i.id)).not.toContain(id);
    expect((await get(justice, '/api/feedback?q=chứng%20thực')).json().items[0].id).toBe(id);
    // Construction does not see Justice's item: not in its list, and "not found" by id.
    const other = await get(construction, '/api/feedback');
    expect(other.body).not.toContain(intake.json().code);
    expect((await get(construction, `/api/feedback/${id}`)).statusCode).toBe(404);
    expect((await act(construction, id, 'start', { version: 1 })).statusCode).toBe(404);

    expect((await act(justice, id, 'start', { version: 2 })).json().error.code).toBe(
      'version_conflict',
    );
    expect((await act(justice, id, 'answer', { version: 1, reply: 'x' })).json().error.code).toBe(
      'transition_not_allowed',
    );
    let r = await act(justice, id, 'start', { version: 1 });
    expect(r.statusCode).toBe(200);
    await at('2025-03-04T02:00:00Z'); // Tuesday: ask for the receipt
    r = await act(justice, id, 'request_info', { version: 2, note: 'Đề nghị gửi biên lai' });
    expect(r.json().state).toBe('info_requested');
    expect(r.json().dueAt).toBeNull(); // the answer clock stands still
    await at('2025-03-06T02:00:00Z'); // Thursday: supplied, two working days later
    r = await act(justice, id, 'supply_info', { version: 3 });
    expect(r.json().deadlines.answerBy).toBe('2025-03-26T17:00:00+07:00');
    expect((await act(justice, id, 'answer', { version: 4, reply: '  ' })).json().error.code).toBe(
      'validation_failed',
    );
    r = await act(justice, id, 'answer', {
      version: 4,
      reply: 'Mức thu đúng Thông tư 226/2016/TT-BTC.',
    });
    expect(r.json().state).toBe('awaiting_publication');
    expect(r.json().deadlines.publishBy).toBe('2025-03-10T17:00:00+07:00');
    // Publishing speaks for the agency: not a specialist.
    expect((await act(justice, id, 'publish', { version: 5 })).json().error.code).toBe('forbidden');
    r = await act(justiceLeader, id, 'publish', { version: 5 });
    expect(r.json().state).toBe('published');
    expect(r.json().events.map((e: { action: string }) => e.action)).toEqual([
      'receive',
      'start',
      'request_info',
      'supply_info',
      'answer',
      'publish',
    ]);

    const answers = await app.inject({
      method: 'GET',
      url: '/api/public/feedback',
      headers: pub(),
    });
    const published = answers.json().items.find((i: { id: number }) => i.id === id);
    expect(published.answer).toContain('226/2016');
    expect(published.question).toContain('091****678');
    expect(answers.body).not.toContain('0912345678');
    expect(answers.body).not.toContain('Lò Thị Bình');
    expect(answers.body).not.toContain(intake.json().code);
  });

  it('takes likes and dislikes and complaints again from the code holder, once there is a reply', async () => {
    await at('2025-03-10T02:00:00Z');
    const { code } = (
      await submitPublic({
        kind: 'complaint',
        subject: 'Khiếu nại việc trả hồ sơ',
        content: 'Hồ sơ bị trả không rõ lý do.',
        unitCode: `000.00.12.${w.tenantCode}`,
        submitter: { name: 'Vàng A Páo', email: 'pao@example.vn' },
      })
    ).json();
    const rate = (value: string) =>
      app.inject({
        method: 'POST',
        url: `/api/public/feedback/${code}/rating`,
        headers: pub(),
        payload: { value },
      });
    expect((await rate('like')).json().error.code).toBe('rule_violation');
    const id = (await get(justice, '/api/feedback?kind=complaint')).json().items[0].id;
    await act(justice, id, 'start', { version: 1 });
    const answered = await act(justice, id, 'answer', { version: 2, reply: 'Đã xem xét lại.' });
    // A complaint's answer is never published.
    expect(answered.json().state).toBe('answered');
    expect(answered.json().allowedActions).toEqual([]);
    expect((await rate('like')).json().ratings).toEqual({ likes: 1, dislikes: 0 });
    expect((await rate('dislike')).json().ratings).toEqual({ likes: 0, dislikes: 1 });
    const again = await app.inject({
      method: 'POST',
      url: `/api/public/feedback/${code}/complaints`,
      headers: pub(),
      payload: { content: 'Câu trả lời chưa thỏa đáng.' },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().code).not.toBe(code);
    expect(again.json().subject).toMatch(/^Khiếu nại lại: /);
    const detail = (await get(justice, `/api/feedback/${id}`)).json();
    expect(detail.complainedAgain).toBe(true);
    expect(detail.submitter.email).toBe('pao@example.vn');
  });

  it('lets the code holder read a request for information and answer it online, restarting the clock', async () => {
    await at('2025-03-03T02:00:00Z'); // Monday
    const { code } = (
      await submitPublic({
        kind: 'feedback',
        subject: 'Lệ phí hộ tịch',
        content: 'Bị thu lệ phí khi đăng ký khai tử.',
        unitCode: `000.00.12.${w.tenantCode}`,
        anonymous: true,
      })
    ).json();
    const track = () =>
      app.inject({ method: 'GET', url: `/api/public/feedback/${code}`, headers: pub() });
    const supply = (content: string) =>
      app.inject({
        method: 'POST',
        url: `/api/public/feedback/${code}/information`,
        headers: pub(),
        payload: { content },
      });
    expect((await track()).json().infoRequest).toBeNull();
    // Not awaiting information yet: refused with the catalogued code.
    const early = await supply('Biên lai số 12');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('transition_not_allowed');
    const id = (await get(justice, '/api/feedback?q=' + code)).json().items[0].id;
    await act(justice, id, 'start', { version: 1 });
    await at('2025-03-04T02:00:00Z'); // Tuesday: the unit asks
    await act(justice, id, 'request_info', { version: 2, note: 'Đề nghị gửi số biên lai' });
    const waiting = (await track()).json();
    expect(waiting.state).toBe('info_requested');
    expect(waiting.infoRequest).toEqual({
      note: 'Đề nghị gửi số biên lai',
      requestedAt: '2025-03-04T09:00:00+07:00',
    });
    expect((await supply('   ')).json().error.code).toBe('validation_failed');
    expect((await supply('x\u0000')).statusCode).toBe(400);
    await at('2025-03-06T02:00:00Z'); // Thursday: two working days later, as staff would record
    const answered = await supply('Biên lai số 0012345, ngày 28/02/2025.');
    expect(answered.statusCode).toBe(200);
    expect(answered.json().state).toBe('processing');
    expect(answered.json().infoRequest).toBeNull();
    // Same clock rule as the staff route: 24 March pushed by two working days.
    expect(answered.json().deadlines.answerBy).toBe('2025-03-26T17:00:00+07:00');
    const again = await supply('Thêm');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('transition_not_allowed');
    const detail = (await get(justice, `/api/feedback/${id}`)).json();
    expect(detail.version).toBe(4);
    expect(detail.steps.infoSuppliedAt).toBe('2025-03-06T09:00:00+07:00');
    const last = detail.events.at(-1);
    expect(last).toMatchObject({
      action: 'supply_info',
      fromState: 'info_requested',
      toState: 'processing',
      actorName: null,
      note: 'Biên lai số 0012345, ngày 28/02/2025.',
    });
    // The reply's rating shows for the code holder after a reload.
    await act(justice, id, 'answer', { version: 4, reply: 'Không thu lệ phí khai tử.' });
    expect((await track()).json().rating).toBeNull();
    await app.inject({
      method: 'POST',
      url: `/api/public/feedback/${code}/rating`,
      headers: pub(),
      payload: { value: 'dislike' },
    });
    const rated = (await track()).json();
    expect(rated.rating).toBe('dislike');
    expect(rated.ratings).toEqual({ likes: 0, dislikes: 1 });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/public/feedback/PA-250303-AAAAAAAA/information',
      headers: pub(),
      payload: { content: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('rate-limits answers to a request for information per client, like the other public writes', async () => {
    const codes: number[] = [];
    let last = '';
    for (let i = 0; i < 12; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/feedback/PA-250303-AAAAAAAA/information',
        headers: { 'x-motcua-tenant': w.tenantCode },
        payload: { content: 'x' },
      });
      codes.push(res.statusCode);
      last = res.json().error?.code;
    }
    expect(last).toBe('rate_limited');
    // MOTCUA_FEEDBACK_RATE_LIMIT, default 10 a minute: then 429 in the catalogue's shape.
    expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it('does not answer the item id to a public submission', async () => {
    const res = await submitPublic({
      kind: 'feedback',
      subject: 's',
      content: 'c',
      anonymous: true,
    });
    expect(res.json().code).toBeTruthy();
    expect(res.json()).not.toHaveProperty('id');
  });

  it('transfers an item to another unit, which gets fresh deadlines and the item', async () => {
    await at('2025-03-03T02:00:00Z');
    const { code } = (
      await submitPublic({
        kind: 'feedback',
        subject: 'Cấp phép xây dựng chậm',
        content: 'z',
        anonymous: true,
      })
    ).json();
    const items = (await get(reform, '/api/feedback')).json().items;
    const id = items.find((i: { code: string }) => i.code === code).id;
    await at('2025-03-04T02:00:00Z');
    const r = await act(reform, id, 'transfer', { version: 1, toUnitId: w.units.construction });
    expect(r.json().state).toBe('received');
    expect(r.json().unit.name).toBe('Sở Xây dựng');
    expect(r.json().deadlines.rejectBy).toBe('2025-03-06T17:00:00+07:00');
    expect((await get(construction, `/api/feedback/${id}`)).statusCode).toBe(200);
    expect((await get(justice, `/api/feedback/${id}`)).statusCode).toBe(404);
    // Overdue once the answer deadline (25 March) has passed.
    await at('2025-03-26T02:00:00Z');
    const overdue = (await get(construction, '/api/feedback?overdue=true')).json();
    expect(overdue.items.map((i: { id: number }) => i.id)).toContain(id);
    const notOverdue = (await get(construction, '/api/feedback?overdue=false')).json();
    expect(notOverdue.items.map((i: { id: number }) => i.id)).not.toContain(id);
  });

  it('denies anonymous callers and citizens the staff routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/feedback', headers: pub() });
    expect(res.statusCode).toBe(401);
  });
});
