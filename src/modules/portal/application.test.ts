import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { makePdf } from '../../platform/storage/testing.js';
import { authModule } from '../auth/index.js';
import { signInCitizen, type TestSession } from '../auth/testing.js';
import { performAction } from '../dossiers/dossier.service.js';
import {
  buildWorld,
  type DossierWorld,
  insertProcedure,
} from '../dossiers/dossier.test-support.js';
import { dossiersModule } from '../dossiers/index.js';
import { filesModule } from '../files/index.js';
import { paymentsModule } from '../payments/index.js';
import { portalModule } from './index.js';

describe('online application: draft, submit, counter check, supplement online, my dossier', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  let citizen: TestSession;
  let stranger: TestSession;
  let uploads = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({
      ctx: w.ctx,
      modules: [authModule, filesModule, dossiersModule, paymentsModule, portalModule],
      logger: false,
    });
    citizen = await signInCitizen(app, '0912345678', { tenant: w.tenantCode });
    stranger = await signInCitizen(app, '0987654321', { tenant: w.tenantCode });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const headers = (session: TestSession) => ({
    ...session.headers,
    'x-motcua-tenant': w.tenantCode,
    'x-test-no-limit': '1',
  });

  async function upload(session: TestSession, name = 'to-khai.pdf'): Promise<number> {
    uploads += 1;
    const boundary = '----portal-test';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      makePdf(`% upload ${uploads}`),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/api/files',
      payload,
      headers: { ...headers(session), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode).toBe(201);
    return (response.json() as { files: Array<{ id: number }> }).files[0]!.id;
  }

  const call = (
    session: TestSession,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url,
      headers: headers(session),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  const applicant = {
    kind: 'individual' as const,
    name: 'Nguyễn Văn Dân',
    phone: '0912345678',
    address: 'Phường Tân Phong, Lai Châu',
  };

  it('gives the form its components, receiving unit, delivery choices and the account phone', async () => {
    const response = await call(
      citizen,
      'GET',
      `/api/portal/procedures/${w.procedureCode}/application-form`,
    );
    expect(response.statusCode).toBe(200);
    const form = response.json();
    expect(form.procedure.components.map((c: { code: string }) => c.code)).toEqual([
      'TP01',
      'TP02',
      'TP03',
    ]);
    expect(form.procedure.feeTotal).toBe(50_000);
    expect(form.receivingUnits).toEqual([
      expect.objectContaining({ id: w.units.centre, name: 'Trung tâm Phục vụ hành chính công' }),
    ]);
    expect(form.deliveryMethods).toEqual(['counter']);
    expect(form.applicant.phone).toBe('0912345678');
  });

  it('refuses a procedure that is not offered online', async () => {
    await insertProcedure(database.db, w.tenantId, {
      code: 'OFFLINE-1',
      agencyUnitId: w.units.justice,
      promisedLimit: 3,
      limitUnit: 'working_days',
      onlineLevel: 'none',
    });
    const response = await call(
      citizen,
      'GET',
      '/api/portal/procedures/OFFLINE-1/application-form',
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.rule).toBe('not_offered_online');
  });

  it('saves a draft, lists everything missing on submit, and submits once complete', async () => {
    const tp01 = await upload(citizen);
    const created = await call(citizen, 'POST', '/api/portal/applications', {
      procedureCode: w.procedureCode,
      applicant,
      delivery: { method: 'counter' },
      components: [{ code: 'TP01', fileIds: [tp01] }],
    });
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json() as { id: number; version: number };

    // A delivery the procedure does not offer is refused on save.
    const post = await call(citizen, 'PUT', `/api/portal/applications/${id}`, {
      version,
      applicant,
      delivery: { method: 'post', address: 'x' },
    });
    expect(post.statusCode).toBe(400);
    expect(post.json().error.details.issues[0].path).toBe('/delivery/method');

    const incomplete = await call(citizen, 'POST', `/api/portal/applications/${id}/submit`, {
      version,
    });
    expect(incomplete.statusCode).toBe(400);
    const paths = (incomplete.json().error.details.issues as Array<{ path: string }>).map(
      (i) => i.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['/applicant/idNumber', '/components/TP02']));
    expect(paths).not.toContain('/components/TP03');

    // Someone else's draft does not exist for them.
    const theirs = await call(stranger, 'GET', `/api/portal/dossiers/${id}`);
    expect(theirs.statusCode).toBe(404);
    const strangerSubmit = await call(stranger, 'POST', `/api/portal/applications/${id}/submit`, {
      version,
    });
    expect(strangerSubmit.statusCode).toBe(404);

    const tp02 = await upload(citizen, 'cccd.pdf');
    const saved = await call(citizen, 'PUT', `/api/portal/applications/${id}`, {
      version,
      applicant: { ...applicant, idNumber: '001090012345' },
      delivery: { method: 'counter' },
      components: [{ code: 'TP02', fileIds: [tp02] }],
    });
    expect(saved.statusCode).toBe(200);
    const submitted = await call(citizen, 'POST', `/api/portal/applications/${id}/submit`, {
      version,
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', code: null, version: 2 });

    const view = (await call(citizen, 'GET', `/api/portal/dossiers/${id}`)).json();
    expect(view.statusLabel.vi).toBe('Đã nộp trực tuyến, chờ tiếp nhận');
    expect(view.channel).toBe(2);
    expect(view.documents.map((d: { componentCode: string }) => d.componentCode)).toEqual([
      'TP01',
      'TP02',
    ]);
    expect(view.applicant.idNumber).toBe('001090012345');
    expect(view.can).toMatchObject({ edit: false, submit: false, pay: true, supplement: false });
    expect(view.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create_draft',
      'submit',
    ]);

    // Drafts and submissions without a code never reach the public look-up.
    const mine = (await call(citizen, 'GET', '/api/portal/dossiers')).json();
    expect(mine.items.map((d: { id: number }) => d.id)).toContain(id);
  });

  it('takes a file out of a draft and gives the upload back', async () => {
    const file = await upload(citizen);
    const created = await call(citizen, 'POST', '/api/portal/applications', {
      procedureCode: w.procedureCode,
      applicant,
      delivery: { method: 'counter' },
      components: [{ code: 'TP01', fileIds: [file] }],
    });
    const { id, version } = created.json() as { id: number; version: number };
    const doc = (await call(citizen, 'GET', `/api/portal/dossiers/${id}`)).json().documents[0];
    const removed = await call(citizen, 'PUT', `/api/portal/applications/${id}`, {
      version,
      applicant,
      delivery: { method: 'counter' },
      removeDocumentIds: [doc.id],
    });
    expect(removed.statusCode).toBe(200);
    expect((await call(citizen, 'GET', `/api/portal/dossiers/${id}`)).json().documents).toEqual([]);
    // The same upload can be attached again.
    const again = await call(citizen, 'PUT', `/api/portal/applications/${id}`, {
      version,
      applicant,
      delivery: { method: 'counter' },
      components: [{ code: 'TP03', fileIds: [file] }],
    });
    expect(again.statusCode).toBe(200);
  });

  it('lets the counter ask for a supplement, and the applicant answer it online; then registers it', async () => {
    const files = [await upload(citizen), await upload(citizen)];
    const created = await call(citizen, 'POST', '/api/portal/applications', {
      procedureCode: w.procedureCode,
      applicant: { ...applicant, idNumber: '001090012345' },
      delivery: { method: 'counter' },
      components: [
        { code: 'TP01', fileIds: [files[0]] },
        { code: 'TP02', fileIds: [files[1]] },
      ],
    });
    const { id } = created.json() as { id: number };
    await call(citizen, 'POST', `/api/portal/applications/${id}/submit`, { version: 1 });

    // The counter's check through the dossier module (the back-office API).
    const asked = await performAction(w.ctx, {
      actor: w.actors.counter,
      dossierId: id,
      action: 'request_supplement_at_reception',
      version: 2,
      input: { note: 'Bản sao giấy tờ tùy thân bị mờ, đề nghị tải lại bản rõ nét' },
    });
    expect(asked.status).toBe('reception_supplement');

    let view = (await call(citizen, 'GET', `/api/portal/dossiers/${id}`)).json();
    expect(view.supplementRequest.note).toContain('bị mờ');
    expect(view.can.supplement).toBe(true);
    expect(view.forms.map((f: { form: string }) => f.form)).toEqual(['02']);

    // A stale version changes nothing: the file stays the applicant's, unattached.
    const fresh = await upload(citizen, 'cccd-ro.pdf');
    const stale = await call(citizen, 'POST', `/api/portal/dossiers/${id}/supplement`, {
      version: 2,
      components: [{ code: 'TP02', fileIds: [fresh] }],
    });
    expect(stale.statusCode).toBe(409);
    const claimed = await sql<{ claimed_at: Date | null }>`
      select claimed_at from stored_files where id = ${fresh}`.execute(database.db);
    expect(claimed.rows[0]?.claimed_at).toBeNull();

    const answered = await call(citizen, 'POST', `/api/portal/dossiers/${id}/supplement`, {
      version: 3,
      components: [{ code: 'TP02', fileIds: [fresh] }],
      note: 'Đã tải lại bản rõ nét',
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'submitted', version: 4 });

    const received = await performAction(w.ctx, {
      actor: w.actors.counter,
      dossierId: id,
      action: 'receive',
      version: 4,
    });
    expect(received.code).toMatch(/-\d{6}-\d{4}$/);

    view = (await call(citizen, 'GET', `/api/portal/dossiers/${id}`)).json();
    expect(view).toMatchObject({ code: received.code, status: 'received' });
    expect(view.dueAt).toMatch(/\+07:00$/);
    expect(view.documents.filter((d: { kind: string }) => d.kind === 'supplement')).toHaveLength(1);
    expect(view.forms.map((f: { form: string }) => f.form)).toEqual(['01', '02']);
    expect(view.timeline.at(-1)).toMatchObject({ action: 'receive', status: 'received' });

    // The receipt (Form 01) is the applicant's to download; the internal slip is not.
    const receipt = await call(citizen, 'GET', `/api/portal/dossiers/${id}/forms/01`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toContain('application/pdf');
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call(citizen, 'GET', `/api/portal/dossiers/${id}/forms/03`)).statusCode).toBe(
      404,
    );
    expect((await call(stranger, 'GET', `/api/portal/dossiers/${id}/forms/01`)).statusCode).toBe(
      404,
    );

    // No supplement is pending any more.
    const late = await call(citizen, 'POST', `/api/portal/dossiers/${id}/supplement`, {
      version: 5,
      components: [{ code: 'TP02', fileIds: [await upload(citizen)] }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('transition_not_allowed');
  });

  it('lets the applicant withdraw a submitted dossier with a reason', async () => {
    const files = [await upload(citizen), await upload(citizen)];
    const { id } = (
      await call(citizen, 'POST', '/api/portal/applications', {
        procedureCode: w.procedureCode,
        applicant: { ...applicant, idNumber: '001090012345' },
        delivery: { method: 'counter' },
        components: [
          { code: 'TP01', fileIds: [files[0]] },
          { code: 'TP02', fileIds: [files[1]] },
        ],
      })
    ).json() as { id: number };
    await call(citizen, 'POST', `/api/portal/applications/${id}/submit`, { version: 1 });
    const withdrawn = await call(citizen, 'POST', `/api/portal/dossiers/${id}/withdraw`, {
      version: 2,
      reason: 'Nộp nhầm thủ tục',
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    const view = (await call(citizen, 'GET', `/api/portal/dossiers/${id}`)).json();
    expect(view.can).toMatchObject({ withdraw: false, pay: false });
    expect(view.timeline.at(-1).note).toBe('Nộp nhầm thủ tục');
  });
});
