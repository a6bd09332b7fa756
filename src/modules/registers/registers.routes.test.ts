import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { fileStorageFor } from '../../platform/storage/index.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { insertUnit } from '../org/index.js';
import { registersModule } from './index.js';

/** A tiny PDF: what a scanned conclusion looks like to the store. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * The governance registers through HTTP: each register's lifecycle, the unit-subtree scope
 * (refusals answer not found or forbidden), the conclusion an inspection cannot end without,
 * the overdue lists by Vietnam calendar dates, and the missing-initiative report.
 */
describe('registers routes', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  const s: Record<'specialist' | 'leader' | 'otherLeader' | 'reform' | 'counter', TestSession> =
    {} as never;
  let logins: Array<{ key: keyof typeof s; username: string; password: string }> = [];
  let justiceCode: string;
  let constructionCode: string;
  let wardCode: string;

  /** Moves the clock; sessions expire on the clock, so everyone signs in again. */
  const at = async (iso: string) => {
    w.ctx.clock.now = new Date(iso);
    for (const u of logins)
      s[u.key] = await signIn(app, u.username, u.password, { tenant: w.tenantCode });
  };
  const send = (who: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...who.headers, 'x-test-no-limit': '1' },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({ ctx: w.ctx, modules: [authModule, registersModule], logger: false });
    await app.ready();
    const make = async (
      key: keyof typeof s,
      role: Parameters<typeof createUser>[1]['role'],
      unitId: number,
    ) => {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId, name: key });
      return { key, username: u.username, password: u.password };
    };
    logins = [
      await make('specialist', 'specialist', w.units.justice),
      await make('leader', 'leader', w.units.justice),
      await make('otherLeader', 'leader', w.units.construction),
      await make('reform', 'reform_office', w.units.province),
      await make('counter', 'counter_officer', w.units.centre),
    ];
    const codes = await w.ctx.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('tenant_id', '=', w.tenantId)
      .execute();
    const code = (id: number) => codes.find((c) => c.id === id)?.code as string;
    justiceCode = code(w.units.justice);
    constructionCode = code(w.units.construction);
    wardCode = code(w.units.otherCentre);
    await at('2025-03-03T02:00:00Z');
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  describe('reform initiatives', () => {
    let id: number;

    it('lets a specialist file an initiative for their unit, registered with its history', async () => {
      const res = await send(s.specialist, 'POST', '/api/registers/initiatives', {
        unitCode: justiceCode,
        year: 2025,
        title: 'Một cửa số hóa hồ sơ chứng thực',
        summary: 'Số hóa bản sao ngay tại quầy.',
        authors: 'Trần Văn A, Lê Thị B',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        state: 'registered',
        year: 2025,
        score: null,
        actions: ['correct'],
      });
      expect(body.unit.code).toBe(justiceCode);
      expect(body.history).toMatchObject([{ action: 'file', toState: 'registered' }]);
      id = body.id;
    });

    it('refuses filing for a unit outside the grants, an unknown unit, and to counter officers', async () => {
      const payload = { year: 2025, title: 'X', summary: 'Y', authors: 'Z' };
      const other = await send(s.otherLeader, 'POST', '/api/registers/initiatives', {
        ...payload,
        unitCode: justiceCode,
      });
      expect(other.statusCode).toBe(403);
      const unknown = await send(s.leader, 'POST', '/api/registers/initiatives', {
        ...payload,
        unitCode: 'KHONG.CO',
      });
      expect(unknown.json().error.code).toBe('register_unit_invalid');
      const blank = await send(s.leader, 'POST', '/api/registers/initiatives', {
        ...payload,
        title: '   ',
        unitCode: justiceCode,
      });
      expect(blank.json().error.code).toBe('validation_failed');
      const counter = await send(s.counter, 'GET', '/api/registers/initiatives');
      expect(counter.statusCode).toBe(403);
    });

    it('lets the filing unit correct its draft until the evaluation', async () => {
      const detail = await send(s.specialist, 'GET', `/api/registers/initiatives/${id}`);
      expect(detail.json().actions).toEqual(['correct']);
      const other = await send(s.otherLeader, 'PUT', `/api/registers/initiatives/${id}`, {
        year: 2025,
        title: 'x',
        summary: 'y',
        authors: 'z',
      });
      expect(other.json().error.code).toBe('register_item_not_found');
      const fixed = await send(s.specialist, 'PUT', `/api/registers/initiatives/${id}`, {
        year: 2025,
        title: 'Một cửa số hóa hồ sơ chứng thực',
        summary: 'Số hóa bản sao ngay tại quầy, trả kết quả điện tử.',
        authors: 'Trần Văn A, Lê Thị B',
        version: detail.json().version,
      });
      expect(fixed.statusCode).toBe(200);
      expect(fixed.json()).toMatchObject({
        summary: 'Số hóa bản sao ngay tại quầy, trả kết quả điện tử.',
        version: detail.json().version + 1,
      });
      expect(fixed.json().history.map((h: { action: string }) => h.action)).toEqual([
        'file',
        'correct',
      ]);
    });

    it('hides the initiative from a leader of another unit as if it did not exist', async () => {
      const res = await send(s.otherLeader, 'GET', `/api/registers/initiatives/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('register_item_not_found');
      const list = await send(s.otherLeader, 'GET', '/api/registers/initiatives?year=2025');
      expect(list.json().total).toBe(0);
      const own = await send(s.leader, 'GET', '/api/registers/initiatives?year=2025');
      expect(own.json().items.map((i: { id: number }) => i.id)).toEqual([id]);
    });

    it('is evaluated then recognised by the reform office only, in that order', async () => {
      const bySpecialist = await send(
        s.specialist,
        'POST',
        `/api/registers/initiatives/${id}/evaluate`,
        {
          score: 80,
          comment: 'Tốt',
        },
      );
      expect(bySpecialist.statusCode).toBe(403);
      const early = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/decide`, {
        recognised: true,
      });
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'registered', step: 'recognise' },
      });
      const detail = await send(s.reform, 'GET', `/api/registers/initiatives/${id}`);
      expect(detail.json().actions).toEqual(['correct', 'evaluate', 'withdraw']);
      const evaluated = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/evaluate`, {
        score: 85.499,
        comment: 'Có tính mới, áp dụng được',
        version: detail.json().version,
      });
      expect(evaluated.statusCode).toBe(200);
      expect(evaluated.json()).toMatchObject({ state: 'evaluated', score: 85.5 });
      const stale = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/decide`, {
        recognised: true,
        version: detail.json().version,
      });
      expect(stale.json().error.code).toBe('version_conflict');
      const recognised = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/decide`, {
        recognised: true,
        note: 'Quyết định công nhận số 12/QĐ',
      });
      expect(recognised.json().state).toBe('recognised');
      expect(recognised.json().actions).toEqual(['replicate', 'withdraw']);
      const late = await send(s.specialist, 'PUT', `/api/registers/initiatives/${id}`, {
        year: 2025,
        title: 'Đổi tên sau khi công nhận',
        summary: 'y',
        authors: 'z',
      });
      expect(late.json().error).toMatchObject({
        code: 'register_state_invalid',
        details: { state: 'recognised', step: 'correct' },
      });
    });

    it('records replication of a recognised initiative in other units', async () => {
      const res = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/replications`, {
        unitCodes: [constructionCode, wardCode],
        replicatedOn: '2025-03-01',
      });
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json()
          .replications.map((r: { unit: { code: string } }) => r.unit.code)
          .sort(),
      ).toEqual([constructionCode, wardCode].sort());
      const self = await send(s.reform, 'POST', `/api/registers/initiatives/${id}/replications`, {
        unitCodes: [justiceCode],
        replicatedOn: '2025-03-01',
      });
      expect(self.json().error.code).toBe('validation_failed');
      const audit = await w.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'registers.initiative.%')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'registers.initiative.file',
        'registers.initiative.correct',
        'registers.initiative.evaluate',
        'registers.initiative.recognise',
        'registers.initiative.replicate',
      ]);
    });

    it('exports the list as CSV with the same scope and filters', async () => {
      const res = await send(s.reform, 'GET', '/api/registers/initiatives/export.csv?year=2025');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toContain('sang-kien-2025.csv');
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'Năm,Mã đơn vị,Đơn vị,Tên sáng kiến,Tác giả,Trạng thái,Điểm,Ngày đăng ký',
      );
      expect(lines.slice(1)).toEqual([
        `2025,${justiceCode},Sở Tư pháp,Một cửa số hóa hồ sơ chứng thực,"Trần Văn A, Lê Thị B",recognised,85.5,2025-03-03`,
      ]);
      const other = await send(s.otherLeader, 'GET', '/api/registers/initiatives/export.csv');
      expect(
        other.body
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\r\n'),
      ).toHaveLength(1);
    });

    it('lists the filing units that existed that year and filed nothing', async () => {
      // A commune closed before 2025 must not be asked for a 2025 initiative.
      await insertUnit(w.ctx.db, {
        tenantId: w.tenantId,
        parentId: w.units.province,
        kind: 'commune',
        level: 'commune',
        code: `${w.tenantCode}.OLD`,
        name: 'Xã cũ',
        validTo: '2024-12-31',
      });
      const res = await send(s.reform, 'GET', '/api/registers/initiatives/missing?year=2025');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.units.map((u: { code: string }) => u.code).sort()).toEqual(
        [constructionCode, wardCode].sort(),
      );
      expect(body.expected).toBe(3);
      const in2024 = await send(s.reform, 'GET', '/api/registers/initiatives/missing?year=2024');
      expect(in2024.json().units.map((u: { code: string }) => u.code)).toContain(
        `${w.tenantCode}.OLD`,
      );
      const onlyDepartments = await send(
        s.reform,
        'GET',
        '/api/registers/initiatives/missing?year=2025&kinds=department',
      );
      expect(onlyDepartments.json().units.map((u: { code: string }) => u.code)).toEqual([
        constructionCode,
      ]);
      // A leader sees only the units in their subtree.
      const leader = await send(
        s.otherLeader,
        'GET',
        '/api/registers/initiatives/missing?year=2025',
      );
      expect(leader.json().units.map((u: { code: string }) => u.code)).toEqual([constructionCode]);
    });
  });

  describe('inspections and recommendations', () => {
    let id: number;
    let fileId: number;

    it('lets only the reform office plan an inspection', async () => {
      const payload = {
        inspectedUnitCode: justiceCode,
        inspectingBody: 'Đoàn kiểm tra công vụ tỉnh',
        kind: 'check',
        plannedOn: '2025-03-05',
        scope: 'Việc giải quyết TTHC quý I',
      };
      const byLeader = await send(s.leader, 'POST', '/api/registers/inspections', payload);
      expect(byLeader.statusCode).toBe(403);
      const res = await send(s.reform, 'POST', '/api/registers/inspections', payload);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        state: 'planned',
        actions: ['start', 'conclude', 'correct', 'withdraw'],
      });
      id = res.json().id;
      const seen = await send(s.leader, 'GET', `/api/registers/inspections/${id}`);
      expect(seen.json()).toMatchObject({ state: 'planned', actions: [] });
      const hidden = await send(s.otherLeader, 'GET', `/api/registers/inspections/${id}`);
      expect(hidden.json().error.code).toBe('register_item_not_found');
    });

    it('cannot be concluded without a complete written record, and nothing is written', async () => {
      await send(s.reform, 'POST', `/api/registers/inspections/${id}/start`, {});
      const none = await send(s.reform, 'POST', `/api/registers/inspections/${id}/conclude`, {});
      expect(none.statusCode).toBe(422);
      expect(none.json().error).toMatchObject({
        code: 'inspection_conclusion_required',
        details: { missing: ['kind', 'number', 'date', 'text'] },
      });
      const future = await send(s.reform, 'POST', `/api/registers/inspections/${id}/conclude`, {
        kind: 'conclusion',
        number: '15/KL-ĐKT',
        date: '2025-03-04',
        text: 'Kết luận',
      });
      expect(future.json().error.details.missing).toEqual(['date']);
      const still = await send(s.reform, 'GET', `/api/registers/inspections/${id}`);
      expect(still.json()).toMatchObject({ state: 'in_progress', conclusion: null });
      const early = await send(
        s.reform,
        'POST',
        `/api/registers/inspections/${id}/recommendations`,
        {
          content: 'Niêm yết lại TTHC',
          responsibleUnitCode: justiceCode,
          dueOn: '2025-03-10',
        },
      );
      expect(early.json().error.code).toBe('register_state_invalid');
    });

    it('concludes with the record and an attached file, then takes recommendations', async () => {
      const stored = await fileStorageFor(w.ctx.config).put(PDF, { mime: 'application/pdf' });
      const file = await w.ctx.db
        .insertInto('stored_files')
        .values({
          tenant_id: w.tenantId,
          storage_key: stored.key,
          name: 'ket-luan.pdf',
          mime: 'application/pdf',
          size: stored.size,
          sha256: stored.sha256,
          uploaded_by: s.reform.user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      fileId = file.id;
      const res = await send(s.reform, 'POST', `/api/registers/inspections/${id}/conclude`, {
        kind: 'conclusion',
        number: '15/KL-ĐKT',
        date: '2025-03-03',
        text: 'Đơn vị niêm yết chưa đầy đủ TTHC.',
        fileIds: [file.id],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        state: 'concluded',
        conclusion: { kind: 'conclusion', number: '15/KL-ĐKT', date: '2025-03-03' },
        actions: ['recommend', 'withdraw'],
      });
      expect(res.json().conclusion.files).toMatchObject([{ id: file.id, name: 'ket-luan.pdf' }]);
      const again = await send(s.reform, 'POST', `/api/registers/inspections/${id}/conclude`, {
        kind: 'minutes',
        number: '1',
        date: '2025-03-03',
        text: 'x',
      });
      expect(again.json().error.code).toBe('register_state_invalid');
      const rec = await send(s.reform, 'POST', `/api/registers/inspections/${id}/recommendations`, {
        content: 'Niêm yết lại đầy đủ TTHC tại bộ phận một cửa',
        responsibleUnitCode: justiceCode,
        dueOn: '2025-03-10',
      });
      expect(rec.statusCode).toBe(201);
      expect(rec.json().recommendations).toMatchObject([
        { state: 'open', dueOn: '2025-03-10', overdue: false, canComplete: true },
      ]);
      // The responsible unit's leader now reads the inspection through the recommendation.
      const rec2 = await send(
        s.reform,
        'POST',
        `/api/registers/inspections/${id}/recommendations`,
        {
          content: 'Phối hợp rà soát quy trình nội bộ',
          responsibleUnitCode: constructionCode,
          dueOn: '2025-04-30',
        },
      );
      expect(rec2.statusCode).toBe(201);
      const other = await send(s.otherLeader, 'GET', `/api/registers/inspections/${id}`);
      expect(other.statusCode).toBe(200);
      expect(
        other.json().recommendations.map((r: { canComplete: boolean }) => r.canComplete),
      ).toEqual([false, true]);
    });

    it('serves the conclusion file to readers of the inspection only', async () => {
      const leader = await send(s.leader, 'GET', `/api/registers/files/${fileId}`);
      expect(leader.statusCode).toBe(200);
      expect(leader.headers['content-type']).toContain('application/pdf');
      expect(leader.rawPayload.equals(PDF)).toBe(true);
      // The construction leader reads the inspection through its recommendation, and the file.
      expect((await send(s.otherLeader, 'GET', `/api/registers/files/${fileId}`)).statusCode).toBe(
        200,
      );
      const counter = await send(s.counter, 'GET', `/api/registers/files/${fileId}`);
      expect(counter.statusCode).toBe(403);
      // A file attached to nothing in the registers is not served here.
      const loose = await w.ctx.db
        .insertInto('stored_files')
        .values({
          tenant_id: w.tenantId,
          storage_key: 'nowhere',
          name: 'x.pdf',
          mime: 'application/pdf',
          size: 1,
          sha256: 'b'.repeat(64),
          uploaded_by: s.reform.user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const none = await send(s.reform, 'GET', `/api/registers/files/${loose.id}`);
      expect(none.json().error.code).toBe('register_item_not_found');
      // Nor can it be attached by someone who did not upload it: nothing is written then.
      const foreign = await send(s.leader, 'POST', '/api/registers/initiatives', {
        unitCode: justiceCode,
        year: 2025,
        title: 'Sáng kiến với tệp của người khác',
        summary: 'x',
        authors: 'y',
        fileIds: [loose.id],
      });
      expect(foreign.json().error.code).toBe('not_found');
      const written = await w.ctx.db
        .selectFrom('register_initiatives')
        .select('id')
        .where('title', '=', 'Sáng kiến với tệp của người khác')
        .execute();
      expect(written).toEqual([]);
    });

    it('lists a recommendation as overdue from the day after its deadline, in Vietnam time', async () => {
      // 10 March 23:30 in Vietnam is 16:30 UTC: still due today, not overdue.
      await at('2025-03-10T16:30:00Z');
      const due = await send(s.reform, 'GET', '/api/registers/recommendations/overdue');
      expect(due.json()).toMatchObject({ today: '2025-03-10', items: [] });
      // 11 March 00:30 in Vietnam is still 10 March in UTC.
      await at('2025-03-10T17:30:00Z');
      const late = await send(s.reform, 'GET', '/api/registers/recommendations/overdue');
      expect(late.json().today).toBe('2025-03-11');
      expect(late.json().items).toMatchObject([
        { content: 'Niêm yết lại đầy đủ TTHC tại bộ phận một cửa', daysOverdue: 1 },
      ]);
      const csv = await send(s.reform, 'GET', '/api/registers/overdue.csv');
      expect(csv.body).toContain(
        `Kiến nghị,Niêm yết lại đầy đủ TTHC tại bộ phận một cửa,${justiceCode},Sở Tư pháp,,2025-03-10,1,15/KL-ĐKT`,
      );
      const otherScope = await send(s.otherLeader, 'GET', '/api/registers/recommendations/overdue');
      expect(otherScope.json().items).toEqual([]);
    });

    it('is closed by the responsible unit’s leader with a note, not by another unit', async () => {
      const detail = (await send(s.leader, 'GET', `/api/registers/inspections/${id}`)).json();
      const recId = detail.recommendations[0].id;
      const wrong = await send(
        s.otherLeader,
        'POST',
        `/api/registers/recommendations/${recId}/complete`,
        {
          note: 'x',
        },
      );
      expect(wrong.statusCode).toBe(404);
      const specialist = await send(
        s.specialist,
        'POST',
        `/api/registers/recommendations/${recId}/complete`,
        {
          note: 'x',
        },
      );
      expect(specialist.statusCode).toBe(403);
      const done = await send(
        s.leader,
        'POST',
        `/api/registers/recommendations/${recId}/complete`,
        {
          note: 'Đã niêm yết lại 45 TTHC ngày 11/3',
        },
      );
      expect(done.statusCode).toBe(200);
      expect(done.json().recommendations[0]).toMatchObject({
        state: 'done',
        overdue: false,
        doneNote: 'Đã niêm yết lại 45 TTHC ngày 11/3',
      });
      const twice = await send(
        s.leader,
        'POST',
        `/api/registers/recommendations/${recId}/complete`,
        {
          note: 'again',
        },
      );
      expect(twice.json().error.code).toBe('register_state_invalid');
      const overdue = await send(s.reform, 'GET', '/api/registers/recommendations/overdue');
      expect(overdue.json().items).toEqual([]);
      const list = await send(
        s.reform,
        'GET',
        '/api/registers/inspections?year=2025&state=concluded',
      );
      expect(list.json()).toMatchObject({
        total: 1,
        items: [{ id, conclusionNumber: '15/KL-ĐKT' }],
      });
    });
  });

  describe('remediation plans', () => {
    let id: number;

    it('is registered by the reform office, due 31 July by default', async () => {
      const payload = {
        unitCode: justiceCode,
        year: 2025,
        title: 'Khắc phục chỉ số 2.1',
        indicator: '2.1',
      };
      const byLeader = await send(s.leader, 'POST', '/api/registers/plans', payload);
      expect(byLeader.statusCode).toBe(403);
      const res = await send(s.reform, 'POST', '/api/registers/plans', payload);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ dueOn: '2025-07-31', indicator: '2.1', percent: 0 });
      id = res.json().id;
      const task = await send(s.reform, 'POST', `/api/registers/plans/${id}/tasks`, {
        title: 'Cập nhật tiến độ hồ sơ lên phần mềm một cửa',
        responsibleUnitCode: justiceCode,
        responsiblePerson: 'Lê Văn Phê Duyệt',
        dueOn: '2025-03-15',
      });
      expect(task.statusCode).toBe(201);
      expect(task.json().tasks).toMatchObject([
        { status: 'todo', overdue: false, canUpdate: true },
      ]);
      const bad = await send(s.reform, 'POST', `/api/registers/plans/${id}/tasks`, {
        title: 'x',
        responsibleUnitCode: justiceCode,
        responsiblePerson: 'y',
        dueOn: '2025-02-30',
      });
      expect(bad.json().error.code).toBe('validation_failed');
    });

    it('takes progress reports from the unit’s leader and lists overdue tasks', async () => {
      const report = await send(s.leader, 'POST', `/api/registers/plans/${id}/reports`, {
        text: 'Đã cập nhật 60% hồ sơ',
        percent: 60,
      });
      expect(report.statusCode).toBe(201);
      expect(report.json()).toMatchObject({ percent: 60, reports: [{ reportedOn: '2025-03-11' }] });
      const future = await send(s.leader, 'POST', `/api/registers/plans/${id}/reports`, {
        text: 'x',
        percent: 70,
        reportedOn: '2025-04-01',
      });
      expect(future.json().error.code).toBe('validation_failed');
      const byOther = await send(s.otherLeader, 'POST', `/api/registers/plans/${id}/reports`, {
        text: 'x',
        percent: 70,
      });
      expect(byOther.json().error.code).toBe('register_item_not_found');
      await at('2025-03-17T02:00:00Z');
      const overdue = await send(s.leader, 'GET', '/api/registers/tasks/overdue');
      expect(overdue.json().items).toMatchObject([
        { responsiblePerson: 'Lê Văn Phê Duyệt', daysOverdue: 2, plan: { id, indicator: '2.1' } },
      ]);
      const list = await send(s.reform, 'GET', '/api/registers/plans?year=2025');
      expect(list.json().items).toMatchObject([
        { id, tasks: 1, tasksOpen: 1, tasksOverdue: 1, percent: 60 },
      ]);
    });

    it('moves a task to done, which leaves the overdue list', async () => {
      const plan = (await send(s.leader, 'GET', `/api/registers/plans/${id}`)).json();
      const taskId = plan.tasks[0].id;
      const same = await send(s.leader, 'POST', `/api/registers/tasks/${taskId}/status`, {
        status: 'todo',
      });
      expect(same.json().error.code).toBe('register_state_invalid');
      const done = await send(s.leader, 'POST', `/api/registers/tasks/${taskId}/status`, {
        status: 'done',
        note: 'Hoàn thành',
      });
      expect(done.statusCode).toBe(200);
      expect(done.json().tasks[0]).toMatchObject({ status: 'done', overdue: false });
      expect(done.json().history.map((h: { action: string }) => h.action)).toEqual([
        'create',
        'create',
        'report',
        'status',
      ]);
      const overdue = await send(s.reform, 'GET', '/api/registers/tasks/overdue');
      expect(overdue.json().items).toEqual([]);
    });
  });

  describe('organisation and headcount', () => {
    it('records a unit-year once, corrects it in place, and says what is missing from the target', async () => {
      const body = {
        unitCode: justiceCode,
        year: 2025,
        assigned: 120,
        inPost: 125,
        reductionTarget: 12,
        reduced: 5,
      };
      const byLeader = await send(s.leader, 'PUT', '/api/registers/headcount', body);
      expect(byLeader.statusCode).toBe(403);
      const first = await send(s.reform, 'PUT', '/api/registers/headcount', body);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({
        assigned: 120,
        shortfall: 7,
        targetMet: false,
        overAssigned: true,
        reducedRate: 4.2,
        version: 1,
      });
      const stale = await send(s.reform, 'PUT', '/api/registers/headcount', {
        ...body,
        reduced: 12,
        version: 7,
      });
      expect(stale.json().error.code).toBe('version_conflict');
      const corrected = await send(s.reform, 'PUT', '/api/registers/headcount', {
        ...body,
        reduced: 12,
        version: 1,
      });
      expect(corrected.json()).toMatchObject({ reduced: 12, targetMet: true, version: 2 });
      expect(corrected.json().history.map((h: { action: string }) => h.action)).toEqual([
        'record',
        'correct',
      ]);
      await send(s.reform, 'PUT', '/api/registers/headcount', {
        ...body,
        unitCode: constructionCode,
        assigned: 80,
        inPost: null,
        reductionTarget: 8,
        reduced: 2,
      });
      const list = await send(s.reform, 'GET', '/api/registers/headcount?year=2025');
      expect(list.json().rows).toHaveLength(2);
      expect(list.json().total).toMatchObject({
        assigned: 200,
        inPost: null,
        reductionTarget: 20,
        reduced: 14,
        shortfall: 6,
      });
      const leader = await send(s.leader, 'GET', '/api/registers/headcount?year=2025');
      expect(leader.json().rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual([
        justiceCode,
      ]);
      const none = await send(s.reform, 'GET', '/api/registers/headcount?year=2024');
      expect(none.json().rows).toEqual([]);
    });
  });
});
