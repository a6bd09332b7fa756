import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { filesModule } from '../files/index.js';
import { buildReception, buildWorld, type DossierWorld } from './dossier.test-support.js';
import { dossiersModule } from './index.js';

let database: Database;
let w: DossierWorld;
let app: FastifyInstance;
let counter: TestSession;
let stranger: TestSession;
const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-forms-'));

/** The text of a PDF as pdftotext (poppler) reads it: proves the Vietnamese text is real text. */
function pdfText(body: Buffer): string {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, body);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  app = await buildApp({
    ctx: w.ctx,
    modules: [authModule, filesModule, dossiersModule],
    logger: false,
  });
  await app.ready();
  const make = async (unitId: number) => {
    const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role: 'counter_officer', unitId });
    return signIn(app, u.username, u.password, { tenant: w.tenantCode });
  };
  counter = await make(w.units.centre);
  stranger = await make(w.units.otherCentre);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function get(session: TestSession, url: string) {
  return app.inject({
    method: 'GET',
    url,
    headers: { 'x-test-no-limit': '1', ...session.headers },
  });
}
function receive(body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/dossiers',
    payload: body as object,
    headers: { 'x-test-no-limit': '1', ...counter.headers },
  });
}

describe('dossier form downloads', () => {
  it('prints the receipt (Form 01) and the process-control slip (Form 06) of a registered dossier', async () => {
    const { id, code } = (await receive(buildReception(w))).json();
    const list = await get(counter, `/api/dossiers/${id}/forms`);
    expect(list.json().forms.map((f: { form: string }) => f.form)).toEqual(['01', '06']);
    const receipt = await get(counter, `/api/dossiers/${id}/forms/01`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    const text = pdfText(receipt.rawPayload);
    expect(text).toContain(code);
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ');
    expect(text).toContain('Nguyễn Văn Dân');
    expect(text).toContain('Tờ khai theo mẫu');
    const slip = await get(counter, `/api/dossiers/${id}/forms/06`);
    expect(pdfText(slip.rawPayload)).toContain('KIỂM SOÁT QUÁ TRÌNH');
    expect((await get(counter, `/api/dossiers/${id}/forms/03`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/dossiers/${id}/forms/01`)).statusCode).toBe(404);
  });

  it('lists everything missing on Form 02 and the reasons on Form 03, without a code', async () => {
    const incomplete = (
      await receive(
        buildReception(w, {
          decision: 'incomplete',
          components: [{ code: 'TP01' }],
          missing: ['Giấy xác nhận cư trú'],
        }),
      )
    ).json();
    const forms = (await get(counter, `/api/dossiers/${incomplete.id}/forms`)).json().forms;
    expect(forms.map((f: { form: string }) => f.form)).toEqual(['02']);
    const text02 = pdfText(
      (await get(counter, `/api/dossiers/${incomplete.id}/forms/02`)).rawPayload,
    );
    expect(text02).toContain('Bản sao giấy tờ tùy thân');
    expect(text02).toContain('Giấy xác nhận cư trú');
    const refused = (
      await receive(
        buildReception(w, { decision: 'refused', note: 'Không thuộc thẩm quyền giải quyết' }),
      )
    ).json();
    const text03 = pdfText((await get(counter, `/api/dossiers/${refused.id}/forms/03`)).rawPayload);
    expect(text03).toContain('Không thuộc thẩm quyền giải quyết');
  });

  it('exports the register (Form 07) as .xlsx and PDF, and refuses a unit outside the grants', async () => {
    const query = `unitId=${w.units.centre}&from=2025-03-01&to=2025-03-31`;
    const xlsx = await get(counter, `/api/dossiers/register/export?${query}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await get(counter, `/api/dossiers/register/export?${query}&format=pdf`);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('Nguyễn Văn Dân');
    expect(
      (await get(stranger, `/api/dossiers/register/export?${query}&format=pdf`)).statusCode,
    ).toBe(403);
  });
});
