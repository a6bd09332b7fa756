import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { signIn } from '../../src/modules/auth/testing.js';
import type { TestServer } from './harness.js';

/**
 * Helpers of the dossier journey: a procedure created through the catalogue API (the starter
 * province has none), PDF text through poppler's pdftotext, and downloads made with the
 * page's own cookies (what a click on the link fetches).
 */

export const PROCEDURE = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  agencyCode: '000.00.12.H40',
  components: [
    {
      code: 'TP01',
      name: 'Tờ khai đăng ký khai sinh',
      copies: 1,
      required: true,
      mustDigitise: true,
    },
    { code: 'TP02', name: 'Giấy chứng sinh', copies: 1, required: true, mustDigitise: false },
    {
      code: 'TP03',
      name: 'Văn bản ủy quyền (nếu có)',
      copies: 1,
      required: false,
      mustDigitise: false,
    },
  ],
};

/** Creates the journey's procedure through POST /api/catalogue/procedures as the administrator. */
export async function createJourneyProcedure(server: TestServer): Promise<void> {
  const admin = await signIn(server.app, 'admin', 'MotCua@2025');
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/catalogue/procedures',
    headers: { 'x-test-no-limit': '1', ...admin.headers },
    payload: {
      code: PROCEDURE.code,
      name: PROCEDURE.name,
      nameEn: 'Birth registration',
      fieldCode: 'HT',
      fieldName: 'Hộ tịch',
      level: 'province',
      agencyCode: PROCEDURE.agencyCode,
      legalLimit: 5,
      promisedLimit: 5,
      limitUnit: 'working_days',
      fees: [{ name: 'Lệ phí đăng ký khai sinh', amount: 8000 }],
      components: PROCEDURE.components,
      resultType: 'paper',
      resultName: 'Giấy khai sinh',
      onlineLevel: 'partial',
      postalIn: true,
      postalOut: true,
      boundaryFree: false,
      applicantKinds: ['individual'],
      certification: false,
      populationDb: false,
      legalBasis: 'Luật Hộ tịch 2014',
      legalEffectiveOn: null,
      announcedOn: null,
      publishedOn: null,
      steps: [],
      effectiveFrom: '2020-01-01',
    },
  });
  if (response.statusCode !== 201)
    throw new Error(`creating the procedure failed: ${response.statusCode} ${response.body}`);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'motcua-dossier-journey-'));

/** The text poppler reads from a PDF (real text with diacritics, not pictures of it). */
export function pdfText(body: Buffer): string {
  const file = path.join(scratch, `${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, body);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Downloads `href` (relative to the app) with the page's cookies; checks status and type. */
export async function download(
  page: Page,
  baseUrl: string,
  href: string,
  mime: string,
): Promise<Buffer> {
  const response = await page.request.get(new URL(href, baseUrl).toString());
  if (response.status() !== 200)
    throw new Error(`GET ${href}: ${response.status()} ${await response.text()}`);
  const type = response.headers()['content-type'] ?? '';
  if (!type.startsWith(mime))
    throw new Error(`GET ${href}: content-type ${type}, expected ${mime}`);
  return response.body();
}

/** A small but well-formed PDF standing in for a scanned paper (sniffed as PDF by the server). */
export function scanPdf(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
