import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  expectNoSidewaysScroll,
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

/** A calendar date in Vietnam, `days` from today, as YYYY-MM-DD. */
function vnDate(days = 0): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const JUSTICE = '000.00.12.H40';

describe.skipIf(!hasChromium)('governance registers in the back office', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const submit = (page: Page, name: string) =>
    page.locator('form').getByRole('button', { name, exact: true }).click();

  it('the reform office plans an inspection, cannot conclude it without a record, concludes it and adds a recommendation', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page
      .getByRole('navigation', { name: 'Điều hướng quản trị' })
      .getByRole('link', { name: 'Sổ theo dõi CCHC' })
      .click();
    await page.waitForURL(`${server.url}/quan-tri/so-theo-doi`);
    await page
      .getByRole('navigation', { name: 'Các sổ theo dõi' })
      .getByRole('link', { name: 'Thanh tra, kiểm tra' })
      .click();
    await page.getByRole('link', { name: 'Lập kế hoạch thanh tra, kiểm tra' }).click();
    await page.waitForURL(/\/thanh-tra\/moi$/);

    // Nothing filled: the summary names every required field and takes the focus.
    await submit(page, 'Lưu kế hoạch');
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.getByRole('link').count()).toBe(5);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('error-summary');

    await page.getByLabel('Đơn vị được thanh tra, kiểm tra').selectOption(JUSTICE);
    await page.getByLabel('Cơ quan, đoàn thực hiện').fill('Đoàn kiểm tra công vụ tỉnh');
    await page.getByLabel('Hình thức').selectOption('check');
    await page.getByLabel('Ngày dự kiến').fill(vnDate(-3));
    await page.getByLabel('Nội dung, phạm vi').fill('Việc giải quyết thủ tục hành chính quý này');
    await submit(page, 'Lưu kế hoạch');
    await page.waitForURL(/\/thanh-tra\/\d+$/);
    await page.getByText('Đã lập kế hoạch.').waitFor();
    await page.getByRole('button', { name: 'Bắt đầu thực hiện' }).click();
    await page.getByText('Đã ghi nhận bắt đầu.').waitFor();

    // A record dated tomorrow cannot have been signed: the server refuses and names the date.
    await page.getByLabel('Loại văn bản').selectOption('conclusion');
    await page.getByLabel('Số văn bản').fill('15/KL-ĐKT');
    await page.getByLabel('Ngày ban hành').fill(vnDate(1));
    await page.getByLabel(/^Nội dung( \*)?$/).fill('Niêm yết TTHC chưa đầy đủ.');
    await submit(page, 'Kết thúc và ghi văn bản');
    await expect
      .poll(() => summary.textContent())
      .toContain('Cuộc thanh tra, kiểm tra phải kết thúc bằng kết luận');
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Kiểm tra lại: Ngày ban hành',
    ]);
    expect(await page.getByLabel('Ngày ban hành').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Ngày ban hành').fill(vnDate(0));
    await submit(page, 'Kết thúc và ghi văn bản');
    await page.getByText('Đã kết thúc cuộc thanh tra, kiểm tra.').waitFor();
    await page.getByRole('heading', { name: 'Kết luận', exact: true }).waitFor();

    await page
      .getByLabel('Nội dung kiến nghị')
      .fill('Niêm yết lại đầy đủ TTHC tại bộ phận một cửa');
    await page.getByLabel('Đơn vị chịu trách nhiệm').selectOption(JUSTICE);
    await page.getByLabel('Hạn').fill(vnDate(10));
    await submit(page, 'Thêm kiến nghị');
    await page.getByText('Đã thêm kiến nghị.').waitFor();
    expect(await page.locator('.rg-list > li').count()).toBe(1);
    expect(await page.locator('.rg-history li').count()).toBe(4);
    await lookAtBothWidths(page, 'registers', 'inspection', DESKTOP);

    // The list shows it, concluded, with the filters in the address.
    await page.getByRole('link', { name: '← Quay lại danh sách' }).click();
    await page.getByLabel('Trạng thái').selectOption('concluded');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/state=concluded/);
    await page.getByRole('table').getByRole('link', { name: 'Sở Tư pháp' }).waitFor();
    await lookAtBothWidths(page, 'registers', 'inspections', DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('a leader files an initiative and closes the recommendation on a phone', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'lanhdao');
    await page.goto(`${server.url}/quan-tri/so-theo-doi`);
    await page.getByRole('link', { name: 'Đăng ký sáng kiến' }).click();
    await page.waitForURL(/\/sang-kien\/moi$/);
    // The leader's own department is the only unit offered.
    await expect
      .poll(() => page.getByLabel('Đơn vị đăng ký').locator('option').allTextContents())
      .toEqual(['— Chọn —', `Sở Tư pháp (${JUSTICE})`]);
    await page.getByLabel('Đơn vị đăng ký').selectOption(JUSTICE);
    await page.getByLabel('Tên sáng kiến').fill('Trả kết quả chứng thực qua bưu chính công ích');
    await page
      .getByLabel('Tóm tắt nội dung')
      .fill('Người dân nhận kết quả tại nhà, không phải đến lần hai.');
    await page.getByLabel('Tác giả').fill('Lê Văn Phê Duyệt');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'thuyet-minh.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await submit(page, 'Đăng ký');
    await page.waitForURL(/\/sang-kien\/\d+$/);
    await page.getByText('Đã đăng ký sáng kiến.').waitFor();
    // The attached file is on the page and downloads for the leader.
    const link = page.getByRole('link', { name: 'thuyet-minh.pdf' });
    const download = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await page.locator('.rg .badge, .rg [class*="badge"]').first().textContent()).toBe(
      'Đã đăng ký',
    );
    // The draft can be corrected until the reform office evaluates it.
    await page.getByText('Sửa nội dung đã đăng ký').click();
    await page
      .getByLabel(/^Tên sáng kiến/)
      .fill('Trả kết quả chứng thực tại nhà qua bưu chính công ích');
    await submit(page, 'Lưu nội dung sửa');
    await page.getByText('Đã lưu nội dung sửa.').waitFor();
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Trả kết quả chứng thực tại nhà qua bưu chính công ích');
    // Only the reform office evaluates.
    expect(await page.getByRole('heading', { name: 'Đánh giá sáng kiến' }).count()).toBe(0);
    await lookAtBothWidths(page, 'registers', 'initiative-leader', PHONE);

    // The list, as cards on the phone; this year's missing report no longer counts the department.
    await page.goto(`${server.url}/quan-tri/so-theo-doi?year=${vnDate().slice(0, 4)}`);
    const card = page.locator('.rg-cards > li').first();
    await expect.poll(() => card.textContent()).toContain('Trả kết quả chứng thực');
    expect(await page.getByRole('table').isVisible()).toBe(false);
    await page.getByRole('heading', { name: /Đơn vị chưa có sáng kiến/ }).waitFor();
    // The leader's scope is the department alone, which has now filed.
    expect(await page.locator('section:has(#rg-missing)').textContent()).toContain(
      '0 trong 1 đơn vị phải có sáng kiến',
    );
    await expectNoSidewaysScroll(page, 'initiatives list on a phone');

    // The recommendation the reform office gave the department: reported done.
    await page.goto(`${server.url}/quan-tri/so-theo-doi/thanh-tra`);
    await page.locator('.rg-cards > li').first().getByRole('link').click();
    await page.getByText('Báo cáo kết quả thực hiện').click();
    await page.getByLabel('Kết quả thực hiện').fill('Đã niêm yết lại 45 thủ tục.');
    await submit(page, 'Báo cáo đã hoàn thành');
    await page.getByText('Đã ghi nhận hoàn thành kiến nghị.').waitFor();
    expect(await page.locator('.rg-list > li').textContent()).toContain('Đã hoàn thành');
    await lookAtBothWidths(page, 'registers', 'recommendation-done', PHONE);
    expect(realProblems(problems)).toEqual([]);
  });

  it('the reform office records a unit’s headcount and sees the shortfall', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/so-theo-doi/bien-che`);
    await page.getByRole('heading', { name: 'Ghi hoặc sửa số liệu biên chế' }).waitFor();
    await expect
      .poll(() =>
        page
          .getByLabel(/^Đơn vị( \*)?$/)
          .locator('option')
          .count(),
      )
      .toBeGreaterThan(2);
    await page.getByLabel(/^Đơn vị( \*)?$/).selectOption(JUSTICE);
    await page.getByLabel('Biên chế được giao').fill('120');
    await page.getByLabel('Số có mặt').fill('125');
    await page.getByLabel('Chỉ tiêu tinh giản').fill('12');
    await page.getByLabel('Đã tinh giản').fill('5');
    await submit(page, 'Lưu số liệu');
    await page.getByText(/Đã lưu số liệu của Sở Tư pháp/).waitFor();
    const card = page.locator('.rg-cards > li').first();
    await expect.poll(() => card.textContent()).toContain('Còn thiếu 7');
    expect(await card.textContent()).toContain('Vượt biên chế');
    await lookAtBothWidths(page, 'registers', 'headcount', PHONE);
    expect(realProblems(problems)).toEqual([]);
  });

  it('a counter officer has no register link and the API refuses', async () => {
    const { context, page } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'tiepnhan');
    expect(await page.getByRole('link', { name: 'Sổ theo dõi CCHC' }).count()).toBe(0);
    const refused = await page.request.get(`${server.url}/api/registers/initiatives`);
    expect(refused.status()).toBe(403);
  });
});
