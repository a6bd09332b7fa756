import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  hasChromium,
  launchBrowser,
  lookAtBothWidths,
  openPage,
  PHONE,
  realProblems,
  signInAsStaff,
  startServer,
  type TestServer,
} from './harness.js';

/**
 * External results: the reform office imports the province's PAR INDEX and SIPAS results from
 * CSV (a bad file writes nothing and names its bad rows), then anyone reads the trends on the
 * public PAR index page, the 63 → 34 provinces change said in words.
 */
describe.skipIf(!hasChromium)('annual external results', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('the reform office imports a CSV, refused whole when one row is wrong', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/chi-so-cchc`);
    await page.getByRole('link', { name: /Kết quả các chỉ số bên ngoài/ }).click();
    await page.waitForURL(`${server.url}/quan-tri/chi-so-cchc/ben-ngoai`);
    await page.getByText('Chưa có kết quả nào.').waitFor();

    const csv = page.getByLabel('Nội dung CSV');
    await csv.fill(
      'index,year,score,rank,out_of,note\npar_index,2019,79.85,51,63,\npar_index,2020,84.1,70,63,',
    );
    await page.getByRole('button', { name: 'Nhập kết quả' }).click();
    await page.getByText('3 · rank · must not exceed out_of (63)').waitFor();
    expect(await page.getByText('Chưa có kết quả nào.').isVisible()).toBe(true);

    await csv.fill(
      [
        'index,year,score,rank,out_of,note',
        'par_index,2018,76.52,58,63,Bộ Nội vụ',
        'par_index,2019,79.85,51,63,',
        'par_index,2020,84.1,38,63,',
        'par_index,2025,88.05,14,34,Sau sắp xếp còn 34 tỉnh',
        'sipas,2024,84.4,31,63,',
        'sipas,2025,85.2,15,34,',
      ].join('\n'),
    );
    await page.getByRole('button', { name: 'Nhập kết quả' }).click();
    await page.getByText('Đã nhập 6 dòng (6 mới, 0 thay thế)').waitFor();
    const recorded = page.getByRole('region', { name: 'Kết quả đã ghi nhận' }).locator('tbody tr');
    await recorded.first().waitFor();
    expect(await recorded.count()).toBe(6);
    await lookAtBothWidths(page, 'annual', 'external-office', DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('anyone reads the trends on the public page, on a phone', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await page.goto(`${server.url}/chi-so-cchc`);
    await page.getByRole('heading', { name: 'Kết quả các chỉ số bên ngoài' }).waitFor();
    const par = page.getByRole('region', { name: 'Diễn biến Chỉ số CCHC (PAR INDEX) qua các năm' });
    const rows = par.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    // Newest first: 2025 against 2020 is not counted in places (63 → 34 provinces).
    expect(await rows.first().textContent()).toContain('14/34');
    expect(await rows.first().textContent()).toContain('số tỉnh xếp hạng đổi từ 63 sang 34');
    expect(await rows.nth(1).textContent()).toContain('tăng 13 bậc');
    expect(await rows.nth(3).textContent()).toContain('58/63');
    await lookAtBothWidths(page, 'annual', 'external-public', PHONE);
    expect(realProblems(problems)).toEqual([]);
  });
});
