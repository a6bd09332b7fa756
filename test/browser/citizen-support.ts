import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { signIn, type TestSession } from '../../src/modules/auth/testing.js';
import { createProcedure } from '../../src/modules/catalogue/index.js';
import { runOutboxRound } from '../../src/platform/outbox/index.js';
import { makePdf } from '../../src/platform/storage/testing.js';
import { startServer, type TestServer } from './harness.js';

/**
 * Helpers for the citizen journeys: the harness server with its public URL set to where it
 * really listens (the payment gateway's redirect, return and IPN URLs are built from it), an
 * online procedure in the starter province, the citizen's one-time-code sign-in through the
 * page, staff actions through the real HTTP API, and the outbox drained as the worker would.
 */

export const PROCEDURE_CODE = '1.001193';

export async function startCitizenServer(): Promise<TestServer> {
  const server = await startServer();
  // The harness listens on a free port after the configuration was read (port 0).
  server.ctx.config.publicUrl = server.url;
  const tenant = await server.ctx.db
    .selectFrom('tenants')
    .select('id')
    .where('code', '=', 'LCU')
    .executeTakeFirstOrThrow();
  await createProcedure(
    { db: server.ctx.db, now: () => new Date() },
    {
      tenantId: tenant.id,
      effectiveFrom: new Date(Date.now() - 86_400_000),
      by: { actorId: null },
      record: {
        code: PROCEDURE_CODE,
        name: 'Cấp bản sao trích lục hộ tịch',
        nameEn: 'Copy of a civil status extract',
        fieldCode: 'HT',
        fieldName: 'Hộ tịch',
        level: 'province',
        agencyCode: '000.00.12.H40',
        legalLimit: 3,
        promisedLimit: 2,
        limitUnit: 'working_days',
        fees: [{ name: 'Lệ phí cấp bản sao', amount: 8000 }],
        components: [
          {
            code: 'TP01',
            name: 'Tờ khai đề nghị cấp bản sao trích lục hộ tịch',
            copies: 1,
            required: true,
            mustDigitise: true,
          },
          {
            code: 'TP02',
            name: 'Giấy tờ tùy thân của người yêu cầu',
            copies: 1,
            required: true,
            mustDigitise: false,
          },
          {
            code: 'TP03',
            name: 'Văn bản ủy quyền (nếu có)',
            copies: 1,
            required: false,
            mustDigitise: false,
          },
        ],
        resultType: 'both',
        resultName: 'Bản sao trích lục hộ tịch',
        onlineLevel: 'full',
        postalIn: true,
        postalOut: true,
        boundaryFree: true,
        applicantKinds: ['individual'],
        certification: false,
        populationDb: true,
        legalBasis: 'Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP',
        legalEffectiveOn: null,
        announcedOn: null,
        publishedOn: null,
        steps: [
          {
            code: 'B1',
            name: 'Tiếp nhận, chuyển hồ sơ',
            role: 'counter_officer',
            unit: 'centre',
            allotment: 0.25,
            interAgency: false,
          },
          {
            code: 'B2',
            name: 'Thẩm định',
            role: 'specialist',
            unit: 'agency',
            allotment: 1,
            interAgency: false,
          },
          {
            code: 'B3',
            name: 'Phê duyệt',
            role: 'leader',
            unit: 'agency',
            allotment: 0.5,
            interAgency: false,
          },
          {
            code: 'B4',
            name: 'Trả kết quả',
            role: 'counter_officer',
            unit: 'centre',
            allotment: 0.25,
            interAgency: false,
          },
        ],
      },
    },
  );
  return server;
}

/** A small real PDF for uploads. */
export function pdf(name: string, marker = name) {
  return { name, mimeType: 'application/pdf', buffer: makePdf(`% ${marker}`) };
}

/**
 * Signs a citizen in through `/dang-nhap/cong-dan` (the page the portal sends anonymous
 * visitors to), reading the one-time code where the SMS gateway would (the outbox).
 */
export async function signInCitizenOnPage(
  page: Page,
  server: TestServer,
  phone: string,
): Promise<void> {
  await page.locator('input[name="destination"]').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await page.locator('input[name="code"]').waitFor();
  const message = await server.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', 'in', ['sms', 'email'])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const code = /\b(\d{6})\b/.exec(String((message.payload as { text?: string }).text))?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await page.locator('input[name="code"]').fill(code!);
  await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
}

/** Delivers every due outbox message once, as the server's outbox worker does. */
export async function drainOutbox(server: TestServer): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const result = await runOutboxRound({
      db: server.ctx.db,
      config: server.ctx.config,
      log: { info: () => {}, warn: () => {} },
    });
    if (result.claimed === 0) return;
  }
}

/** A staff member's session on the running app (the back-office API). */
export function staff(server: TestServer, username: string): Promise<TestSession> {
  return signIn(server.app, username, 'MotCua@2025');
}

/** Calls the API as a staff session and returns the JSON, failing the test on an error. */
export async function staffCall<T = Record<string, unknown>>(
  server: TestServer,
  session: TestSession,
  method: 'GET' | 'POST',
  url: string,
  payload?: Record<string, unknown>,
): Promise<T> {
  const response = await server.app.inject({
    method,
    url,
    headers: { ...session.headers, 'x-test-no-limit': '1' },
    ...(payload ? { payload } : {}),
  });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

/** Performs a workflow action through POST /api/dossiers/:id/actions/:action at the current version. */
export async function staffAction(
  server: TestServer,
  session: TestSession,
  dossierId: number,
  action: string,
  input: Record<string, unknown> = {},
): Promise<{ code: string | null; status: string; version: number }> {
  const current = await server.ctx.db
    .selectFrom('dossiers')
    .select('version')
    .where('id', '=', dossierId)
    .executeTakeFirstOrThrow();
  return staffCall(server, session, 'POST', `/api/dossiers/${dossierId}/actions/${action}`, {
    version: current.version,
    ...input,
  });
}

/** Uploads a PDF as a staff member and attaches it to the dossier as its electronic result. */
export async function attachElectronicResult(
  server: TestServer,
  session: TestSession,
  dossierId: number,
  name: string,
): Promise<void> {
  const boundary = '----citizen-journey';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    makePdf(`% result ${dossierId}`),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const uploaded = await server.app.inject({
    method: 'POST',
    url: '/api/files',
    payload,
    headers: {
      ...session.headers,
      'x-test-no-limit': '1',
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
  if (uploaded.statusCode !== 201) throw new Error(`upload: ${uploaded.body}`);
  const fileId = (uploaded.json() as { files: Array<{ id: number }> }).files[0]!.id;
  await staffCall(server, session, 'POST', `/api/dossiers/${dossierId}/documents`, {
    kind: 'result',
    fileIds: [fileId],
    electronic: true,
  });
}
