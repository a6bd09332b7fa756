import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeCheck,
  DESKTOP,
  expectNoSidewaysScroll,
  hasChromium,
  launchBrowser,
  lookAtBothWidths,
  openPage,
  PHONE,
  realProblems,
  screenshot,
  signInAsStaff,
  startServer,
  type TestServer,
} from './harness.js';

/**
 * Public information: an officer publishes a hotline, plans a year of citizen-reception
 * sessions by rule and cancels one; a citizen on a phone finds the hotline without typing
 * diacritics, and the next session with the cancelled one's reason.
 */
describe.skipIf(!hasChromium)('public information', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let justiceId = 0;
  const nextYear = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    justiceId = (
      await server.ctx.db
        .selectFrom('units')
        .select('id')
        .where('code', '=', '000.00.12.H40')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('an officer publishes a hotline, plans sessions by rule and cancels one', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'lanhdao');
    const officeNav = page.getByRole('navigation', { name: 'Điều hướng quản trị' });

    // A hotline for the justice department; a bad number is refused with the field named.
    await officeNav.getByRole('link', { name: 'Đường dây nóng' }).click();
    await page.waitForURL(`${server.url}/quan-tri/duong-day-nong`);
    await page.getByRole('heading', { name: 'Quản lý đường dây nóng', level: 1 }).waitFor();
    const form = page.locator('#pi-hotline-form');
    await form.getByLabel('Cơ quan, đơn vị').selectOption(String(justiceId));
    await form.getByLabel('Nội dung tiếp nhận').fill('Tiếp nhận phản ánh, kiến nghị về TTHC');
    await form.getByLabel('Số điện thoại').fill('0123 456');
    await form.getByRole('button', { name: 'Thêm', exact: true }).click();
    await form.getByText('không phải số điện thoại Việt Nam hợp lệ', { exact: false }).waitFor();
    await form.getByLabel('Số điện thoại').fill('(0213) 3876 543');
    await form.getByLabel('Thư điện tử').fill('tiepdan@stp.laichau.gov.vn');
    await form
      .getByLabel('Thời gian tiếp nhận', { exact: true })
      .fill('7:30–17:00, thứ Hai – thứ Sáu');
    await form.getByRole('button', { name: 'Thêm', exact: true }).click();
    const table = page.getByRole('table', { name: 'Đường dây nóng' });
    await table.getByRole('link', { name: '0213 387 6543' }).waitFor();
    await lookAtBothWidths(page, 'public-info', 'office-hotlines', DESKTOP);

    // A year of sessions on the 2nd Thursday of each month, previewed first.
    await officeNav.getByRole('link', { name: 'Lịch tiếp công dân' }).click();
    await page.waitForURL(`${server.url}/quan-tri/lich-tiep-cong-dan`);
    // The previous screen stays until the new one has loaded: wait for its heading.
    await page.getByRole('heading', { name: 'Quản lý lịch tiếp công dân', level: 1 }).waitFor();
    const plan = page.locator('#pi-plan-form');
    await plan.getByLabel('Cơ quan, đơn vị').selectOption(String(justiceId));
    await plan.getByLabel('Quy tắc lặp', { exact: true }).fill('monthly 2 T5');
    await plan.getByLabel('Năm', { exact: true }).fill(String(nextYear));
    await plan.getByLabel('Họ tên lãnh đạo tiếp').fill('Lê Văn Phê Duyệt');
    await plan.getByLabel('Chức vụ', { exact: true }).fill('Giám đốc Sở Tư pháp');
    await page
      .getByLabel('Địa điểm', { exact: true })
      .fill('Phòng tiếp công dân, Sở Tư pháp, đường 19/8');
    expect(await page.getByRole('button', { name: 'Lập lịch' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Xem trước các ngày' }).click();
    const heading = page.getByRole('heading', { name: /buổi theo quy tắc “monthly 2 THU”/ });
    await heading.waitFor();
    const count = Number((await heading.textContent())?.match(/^(\d+)/)?.[1]);
    expect(count).toBeGreaterThanOrEqual(10);
    expect(await page.locator('.pi-dates li').count()).toBe(count);
    expect(await page.locator('.pi-dates li').first().textContent()).toMatch(
      new RegExp(`^Thứ Năm, \\d+/1/${nextYear}$`),
    );
    await lookAtBothWidths(page, 'public-info', 'office-plan-preview', DESKTOP);
    await page.getByRole('button', { name: 'Lập lịch' }).click();
    await page.getByText(`Đã lập ${count} buổi tiếp`).waitFor();
    const cards = page.locator('.pi-list > li');
    await expect.poll(() => cards.count()).toBe(count);

    // Cancelling the first needs a reason, which then shows on the card.
    await cards
      .first()
      .getByRole('button', { name: /Hủy buổi tiếp/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Hủy buổi tiếp' }).click();
    await dialog.getByText('Cần nêu lý do hủy').waitFor();
    await dialog.getByLabel('Lý do hủy').fill('Lãnh đạo họp HĐND tỉnh; mời công dân đến buổi sau');
    await dialog.getByRole('button', { name: 'Hủy buổi tiếp' }).click();
    await cards.first().getByText('Đã hủy', { exact: true }).waitFor();
    expect(await cards.first().textContent()).toContain('Lãnh đạo họp HĐND tỉnh');
    await lookAtBothWidths(page, 'public-info', 'office-reception', DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('a citizen on a phone finds the hotline and the next reception session', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Danh mục' }).click();
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Thông tin công khai' })
      .click();
    await page.waitForURL(`${server.url}/thong-tin-cong-khai`);
    await expectNoSidewaysScroll(page, 'public information on a phone');
    await axeCheck(page, 'public information (phone)');
    await page.getByRole('link', { name: /^Đường dây nóng/ }).click();
    await page.waitForURL(`${server.url}/duong-day-nong`);
    // The menu entry stays the current one on the pages it stands for.
    await page.getByRole('button', { name: 'Danh mục' }).click();
    expect(
      await page
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Thông tin công khai' })
        .getAttribute('class'),
    ).toBe('active');
    await page.getByRole('button', { name: 'Danh mục' }).click();
    await page.getByRole('heading', { name: 'Đường dây nóng', level: 1 }).waitFor();
    // Typed without diacritics, as on many phones.
    await page
      .getByLabel('Tìm theo nội dung, cơ quan hoặc số điện thoại')
      .fill('tiep nhan phan anh');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.getByText('Số đường dây nóng: 1').waitFor();
    const call = page.getByRole('link', { name: /0213 387 6543/ });
    expect(await call.getAttribute('href')).toBe('tel:+842133876543');
    expect(
      await page.getByRole('link', { name: 'tiepdan@stp.laichau.gov.vn' }).getAttribute('href'),
    ).toBe('mailto:tiepdan@stp.laichau.gov.vn');
    await screenshot(page, 'public-info-hotlines-phone');
    await expectNoSidewaysScroll(page, 'hotlines on a phone');
    await axeCheck(page, 'hotlines (phone)');

    await page.getByRole('link', { name: 'Xem lịch tiếp công dân' }).click();
    await page.waitForURL(`${server.url}/lich-tiep-cong-dan`);
    await page.getByRole('heading', { name: 'Lịch tiếp công dân', level: 1 }).waitFor();
    await page.getByLabel('Cơ quan, đơn vị').selectOption('000.00.12.H40');
    await page.getByRole('button', { name: 'Xem lịch' }).click();
    const sessions = page.locator('.pi-list > li');
    await sessions.first().waitFor();
    // The cancelled January session stays listed with its reason; the next one is scheduled.
    expect(await sessions.first().textContent()).toContain('Đã hủy');
    expect(await sessions.first().textContent()).toContain('Lãnh đạo họp HĐND tỉnh');
    const next = sessions.nth(1);
    expect(await next.textContent()).toContain('Theo lịch');
    expect(await next.textContent()).toContain('Lê Văn Phê Duyệt');
    expect(await next.textContent()).toContain('Phòng tiếp công dân, Sở Tư pháp, đường 19/8');
    const ics = page.getByRole('link', { name: /Tải lịch của Sở Tư pháp/ });
    const response = await page.request.get(
      new URL((await ics.getAttribute('href'))!, server.url).href,
    );
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toContain('STATUS:CANCELLED');
    await screenshot(page, 'public-info-reception-phone');
    await expectNoSidewaysScroll(page, 'reception on a phone');
    await axeCheck(page, 'reception (phone)');
    await page.setViewportSize(DESKTOP);
    await axeCheck(page, 'reception (desktop)');
    await screenshot(page, 'public-info-reception-desktop');
    expect(realProblems(problems)).toEqual([]);
  });
});
