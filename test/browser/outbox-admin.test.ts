import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestOtp } from '../../src/modules/auth/index.js';
import {
  enqueue,
  PermanentDeliveryError,
  runOutboxRound,
} from '../../src/platform/outbox/index.js';
import {
  axeCheck,
  DESKTOP,
  expectNoSidewaysScroll,
  hasChromium,
  launchBrowser,
  openPage,
  PHONE,
  realProblems,
  SCREENSHOTS,
  screenshot,
  signInAsStaff,
  startServer,
  type TestServer,
} from './harness.js';

/** What a dialog looks like where it is seen: the viewport, not the full page behind it. */
async function screenshotDialog(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

const SUBJECT = 'Hồ sơ 000.00.12.H40-250303-0001 đã có kết quả';
const BODY =
  'Kính gửi ông Trần Văn Bình,\n\nHồ sơ đăng ký khai sinh của ông đã có kết quả. Mời ông đến Bộ phận Một cửa nhận kết quả từ ngày 05/03.';
const PORTAL_ERROR = 'POST https://dvcqg.example.vn/sync answered 400: mã hồ sơ không hợp lệ';

describe.skipIf(!hasChromium)('the outbox for administrators', () => {
  let server: TestServer;
  let browser: Browser;
  let tenantId: number;
  const ids = { email: 0, sms: 0, portal: 0, pending: 0, otp: 0 };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const tenant = await server.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    tenantId = tenant.id;
    const db = server.ctx.db;
    // What the app queues: a citizen's one-time code (sensitive), an e-mail and an SMS notice,
    // and a sync to the national portal that the portal refuses.
    const otp = await requestOtp(server.ctx, { tenantId, destination: '0966123456' });
    ids.otp = otp.messageId;
    ids.email = (
      await enqueue(db, {
        tenantId,
        topic: 'email',
        payload: { to: 'binh.tran@example.vn', subject: SUBJECT, text: BODY },
        dedupeKey: 'dossier-1-3-email',
      })
    ).id;
    ids.sms = (
      await enqueue(db, {
        tenantId,
        topic: 'sms',
        payload: { to: '0912345678', text: 'Ho so 000.00.12.H40-250303-0001 da co ket qua.' },
      })
    ).id;
    ids.portal = (
      await enqueue(db, {
        tenantId,
        topic: 'portal_sync',
        payload: { dossier: 1, code: '000.00.12.H40-250303-0001', to: 'returned' },
      })
    ).id;
    // One delivery round without SMTP or an SMS gateway: e-mail and SMS are kept (dry run); the
    // portal answers 400, a permanent failure, so its message is dead at once.
    const round = await runOutboxRound({
      db,
      config: { ...server.ctx.config, smtpUrl: undefined, smsGatewayUrl: undefined },
      handlers: {
        portal_sync: async () => {
          throw new PermanentDeliveryError(PORTAL_ERROR);
        },
      },
    });
    expect(round).toMatchObject({ dryRun: 3, dead: 1 });
    // And one still waiting for its turn.
    ids.pending = (
      await enqueue(db, {
        tenantId,
        topic: 'email',
        payload: { to: 'lan.nguyen@example.vn', subject: 'Nhắc lịch hẹn trả kết quả', text: '…' },
        notBefore: new Date(Date.now() + 3_600_000),
      })
    ).id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const row = (page: Page, id: number) =>
    page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: String(id), exact: true }) });

  it('lists, filters, shows and sends again on a desktop', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    await signInAsStaff(page, server.url, 'admin');
    await page
      .getByRole('navigation', { name: 'Điều hướng quản trị' })
      .getByRole('link', { name: 'Hộp thư đi' })
      .click();
    await page.waitForURL(`${server.url}/quan-tri/hop-thu-di`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hộp thư đi');
    expect(await page.getByRole('heading', { name: 'Hộp thư đi là gì?' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('“Chạy thử”');

    // Newest first: the pending reminder on top, the one-time code at the bottom.
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Số thông báo: 5');
    const headers = await page.getByRole('rowheader').allTextContents();
    expect(headers.map(Number)).toEqual([ids.pending, ids.portal, ids.sms, ids.email, ids.otp]);
    const dead = row(page, ids.portal);
    expect(await dead.getByText('Gửi lỗi', { exact: true }).count()).toBe(1);
    expect(await dead.textContent()).toContain('mã hồ sơ không hợp lệ');
    expect(await dead.textContent()).toContain('Đồng bộ Cổng Dịch vụ công quốc gia');
    const kept = row(page, ids.email);
    expect(await kept.getByText('Chạy thử', { exact: true }).count()).toBe(1);
    expect(await kept.textContent()).toContain('binh.tran@example.vn');
    expect(await kept.textContent()).toContain('Giữ lại lúc');
    const waiting = row(page, ids.pending);
    expect(await waiting.getByText('Chờ gửi', { exact: true }).count()).toBe(1);
    expect(await waiting.textContent()).toContain('Thử tiếp lúc');
    // Only a dead message offers "send again".
    expect(await page.getByRole('button', { name: /^Gửi lại thông báo/ }).count()).toBe(1);
    // Every column fits a desktop: the actions need no sideways scrolling inside the table.
    expect(
      await page
        .locator('.table-frame')
        .evaluate((frame) => frame.scrollWidth <= frame.clientWidth),
    ).toBe(true);
    await page.getByText('Ý nghĩa các trạng thái').click();
    await axeCheck(page, 'outbox list (desktop)');
    await screenshot(page, 'outbox-list-desktop');

    // Filter by status: the address keeps it.
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('dead');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/status=dead/);
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Số thông báo: 1');
    await expect
      .poll(async () => (await page.getByRole('rowheader').allTextContents()).map(Number))
      .toEqual([ids.portal]);

    // The topic filter says where the dead letters are: one portal sync.
    await expect
      .poll(() => page.getByLabel('Loại thông báo').locator('option').allTextContents())
      .toContainEqual(expect.stringMatching(/ — 1 hỏng$/));
    const marked = (
      await page.getByLabel('Loại thông báo').locator('option').allTextContents()
    ).filter((text) => text.includes('hỏng'));
    expect(marked).toHaveLength(1);

    // Status and topic together: the kept e-mails.
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('dry_run');
    await page.getByLabel('Loại thông báo').selectOption('email');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/status=dry_run&topic=email/);
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Số thông báo: 1');
    await expect
      .poll(async () => (await page.getByRole('rowheader').allTextContents()).map(Number))
      .toEqual([ids.email]);

    // Read the e-mail: recipient, subject, body.
    const viewButton = page.getByRole('button', { name: `Xem thông báo số ${ids.email}` });
    await viewButton.click();
    const dialog = page.getByRole('dialog', { name: `Thông báo số ${ids.email}` });
    await dialog.waitFor();
    expect(await dialog.getByTestId('outbox-to').textContent()).toBe('binh.tran@example.vn');
    expect(await dialog.getByTestId('outbox-subject').textContent()).toBe(SUBJECT);
    expect(await dialog.getByTestId('outbox-body').textContent()).toBe(BODY);
    expect(await dialog.getByTestId('outbox-error').textContent()).toBe('Không có');
    // Focus starts at the top of the message, not on the Close button below it.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('outbox-dialog');
    expect(await dialog.textContent()).toContain('dossier-1-3-email');
    // Nothing to send again for a kept message.
    expect(await dialog.getByRole('button', { name: 'Gửi lại…' }).count()).toBe(0);
    await axeCheck(page, 'outbox e-mail (desktop)');
    await screenshotDialog(page, 'outbox-email-desktop');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await viewButton.evaluate((b) => b === document.activeElement)).toBe(true);

    // The one-time code, readable outside production, with a warning.
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).first().click();
    await page.waitForURL(`${server.url}/quan-tri/hop-thu-di`);
    await page.getByRole('button', { name: `Xem thông báo số ${ids.otp}` }).click();
    const otp = page.getByRole('dialog', { name: `Thông báo số ${ids.otp}` });
    await otp.waitFor();
    expect(await otp.getByTestId('outbox-body').textContent()).toMatch(/\d{6}/);
    expect(await otp.textContent()).toContain('mã xác thực dùng một lần');
    await otp.locator('.dialog-actions').getByRole('button', { name: 'Đóng' }).click();
    await otp.waitFor({ state: 'hidden' });

    // Send the dead one again: read it, confirm, it is pending again and the page says so.
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('dead');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/status=dead/);
    await page.getByRole('button', { name: `Xem thông báo số ${ids.portal}` }).click();
    const deadView = page.getByRole('dialog', { name: `Thông báo số ${ids.portal}` });
    await deadView.waitFor();
    expect(await deadView.getByTestId('outbox-json').textContent()).toContain(
      '"code": "000.00.12.H40-250303-0001"',
    );
    expect(await deadView.getByTestId('outbox-error').textContent()).toBe(PORTAL_ERROR);
    await deadView.getByRole('button', { name: 'Gửi lại…' }).click();
    const confirm = page.getByRole('dialog', { name: `Gửi lại thông báo số ${ids.portal}?` });
    await confirm.waitFor();
    // Focus moves to the new choices, the safe one first.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hủy');
    await axeCheck(page, 'outbox confirm (desktop)');
    await screenshotDialog(page, 'outbox-confirm-desktop');
    await confirm.getByRole('button', { name: 'Gửi lại', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.locator('.toasts [aria-live="polite"]').textContent())
      .toContain(`Đã đưa thông báo số ${ids.portal} vào hàng đợi để gửi lại.`);
    // The list was reloaded: nothing dead any more; focus is on the list's heading.
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Số thông báo: 0');
    expect(
      await page.getByText('Không có thông báo nào khớp bộ lọc.', { exact: false }).count(),
    ).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Danh sách thông báo',
    );
    await axeCheck(page, 'outbox empty filter (desktop)');
    await screenshot(page, 'outbox-retried-desktop');
    const stored = await server.ctx.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'last_error'])
      .where('id', '=', ids.portal)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'pending', attempts: 0, last_error: null });
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('pending');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/status=pending/);
    const again = row(page, ids.portal);
    await again.waitFor();
    expect(await again.getByText('Chờ gửi', { exact: true }).count()).toBe(1);
    expect(await again.getByRole('cell', { name: '0', exact: true }).count()).toBe(1);

    // A refusal from the API is shown in the user's language: the message was sent meanwhile.
    await sql`update outbox set status = 'dead', last_error = 'timeout' where id = ${ids.sms}`.execute(
      server.ctx.db,
    );
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('dead');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/status=dead/);
    await page.getByRole('button', { name: `Gửi lại thông báo số ${ids.sms}` }).click();
    const refused = page.getByRole('dialog', { name: `Gửi lại thông báo số ${ids.sms}?` });
    await refused.waitFor();
    await sql`update outbox set status = 'sent', sent_at = now() where id = ${ids.sms}`.execute(
      server.ctx.db,
    );
    await refused.getByRole('button', { name: 'Gửi lại', exact: true }).click();
    await expect
      .poll(() => refused.getByRole('alert').textContent())
      .toContain('Thao tác vi phạm quy định');
    expect(await refused.getByRole('alert').textContent()).toContain(
      'Chỉ gửi lại được thông báo “Gửi lỗi”',
    );
    await axeCheck(page, 'outbox refused retry (desktop)');
    await screenshotDialog(page, 'outbox-refused-desktop');
    await refused.getByRole('button', { name: 'Hủy' }).click();
    await refused.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Số thông báo: 0');

    // In English, the same screen.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Outbox');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Messages: 5');
    expect(await row(page, ids.email).getByText('Dry run', { exact: true }).count()).toBe(1);
    await axeCheck(page, 'outbox list (desktop, en)');
    await screenshot(page, 'outbox-list-desktop-en');
    // High contrast: axe checks every colour pair again.
    await page.getByRole('button', { name: 'High contrast' }).click();
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toBe('rgb(0, 0, 0)');
    await axeCheck(page, 'outbox list (desktop, en, high contrast)');
    await screenshot(page, 'outbox-list-desktop-en-contrast');
    await page.getByRole('button', { name: 'High contrast' }).click();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  }, 90_000);

  it('fits a 360 px phone: cards, a readable message, no sideways scrolling', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await signInAsStaff(page, server.url, 'admin');
    await page.goto(`${server.url}/quan-tri/hop-thu-di`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hộp thư đi');
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toBe('Số thông báo: 5');
    // On a phone each message is a card; the table is left out.
    expect(await page.locator('.outbox-item:visible').count()).toBe(5);
    expect(await page.getByRole('table').count()).toBe(0);
    await expectNoSidewaysScroll(page, 'outbox list (phone)', 'main *, dialog *');
    await axeCheck(page, 'outbox list (phone)');
    await screenshot(page, 'outbox-list-phone');

    await page.getByRole('button', { name: `Xem thông báo số ${ids.email}` }).click();
    const dialog = page.getByRole('dialog', { name: `Thông báo số ${ids.email}` });
    await dialog.waitFor();
    expect(await dialog.getByTestId('outbox-subject').textContent()).toBe(SUBJECT);
    await expectNoSidewaysScroll(page, 'outbox e-mail (phone)', 'main *, dialog *');
    await axeCheck(page, 'outbox e-mail (phone)');
    await screenshotDialog(page, 'outbox-email-phone');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: `Xem thông báo số ${ids.portal}` }).click();
    const json = page.getByRole('dialog', { name: `Thông báo số ${ids.portal}` });
    await json.waitFor();
    expect(await json.getByTestId('outbox-json').textContent()).toContain('"dossier": 1');
    await expectNoSidewaysScroll(page, 'outbox JSON (phone)', 'main *, dialog *');
    await axeCheck(page, 'outbox JSON (phone)');
    await screenshotDialog(page, 'outbox-json-phone');
    await page.keyboard.press('Escape');

    // In production a sensitive payload (the one-time code) never leaves the server: the
    // screen says so plainly instead of showing it.
    server.ctx.config.env = 'production';
    try {
      await page.reload();
      await expect
        .poll(() => page.locator(`[data-outbox-id="${ids.otp}"]`).textContent())
        .toContain('Nội dung được ẩn');
      expect(await page.locator('main').textContent()).not.toMatch(/Mot Cua: \d{6}/);
      await page.getByRole('button', { name: `Xem thông báo số ${ids.otp}` }).click();
      const hidden = page.getByRole('dialog', { name: `Thông báo số ${ids.otp}` });
      await hidden.waitFor();
      expect(await hidden.getByRole('status').textContent()).toContain(
        'được ẩn vì chứa thông tin nhạy cảm',
      );
      expect(await hidden.getByTestId('outbox-body').count()).toBe(0);
      await axeCheck(page, 'outbox hidden payload (phone)');
      await screenshotDialog(page, 'outbox-hidden-phone');
      await page.keyboard.press('Escape');
      await hidden.waitFor({ state: 'hidden' });
    } finally {
      server.ctx.config.env = 'test';
    }

    // Larger text still fits.
    await page.getByRole('button', { name: 'A+' }).click();
    await page.getByRole('button', { name: 'A+' }).click();
    await expectNoSidewaysScroll(page, 'outbox list (phone, larger text)', 'main *, dialog *');
    await page.getByRole('button', { name: 'Cỡ chữ mặc định' }).click();
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  }, 60_000);

  it('pages a long outbox, newest first', async () => {
    for (let n = 1; n <= 20; n++)
      await enqueue(server.ctx.db, {
        tenantId,
        topic: 'notify.applicant',
        payload: { userId: 1, event: 'payment_paid', code: `HS-${n}`, amount: 50_000 },
      });
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    await signInAsStaff(page, server.url, 'admin');
    await page.goto(`${server.url}/quan-tri/hop-thu-di`);
    const pages = page.getByRole('navigation', { name: 'Phân trang' });
    await expect.poll(() => pages.textContent()).toContain('Hiển thị 1–20 trên 25');
    expect(await page.getByRole('rowheader').count()).toBe(20);
    expect(await page.getByRole('rowheader').first().textContent()).not.toBe(String(ids.pending));
    expect(await page.getByRole('table').getByText('Thông báo cho người nộp hồ sơ').count()).toBe(
      20,
    );
    await pages.getByRole('button', { name: 'Trang sau' }).click();
    await page.waitForURL(/page=2/);
    await expect
      .poll(async () => (await page.getByRole('rowheader').allTextContents()).map(Number))
      .toEqual([ids.pending, ids.portal, ids.sms, ids.email, ids.otp]);
    expect(await pages.textContent()).toContain('Hiển thị 21–25 trên 25');
    // A bigger page shows them all at once.
    await page.getByLabel('Số dòng mỗi trang').selectOption('50');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/pageSize=50$/);
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(25);
    expect(await pages.count()).toBe(0);
    await axeCheck(page, 'outbox page 2 (desktop)');
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  });

  it('is not for other staff: no menu entry, a refusal on the page and from the API', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await signInAsStaff(page, server.url, 'tiepnhan');
    const sideNav = page.getByRole('navigation', { name: 'Điều hướng quản trị' });
    await expect.poll(() => sideNav.textContent()).toContain('Hồ sơ');
    expect(await sideNav.textContent()).not.toContain('Hộp thư đi');
    await page.goto(`${server.url}/quan-tri/hop-thu-di`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Bạn không có quyền truy cập');
    expect(await page.getByTestId('outbox-count').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('binh.tran@example.vn');
    const status = await page.evaluate(
      async () => (await fetch('/api/admin/outbox', { credentials: 'same-origin' })).status,
    );
    expect(status).toBe(403);
    await expectNoSidewaysScroll(page, 'outbox refused (phone)', 'main *, dialog *');
    await axeCheck(page, 'outbox refused (phone)');
    await screenshot(page, 'outbox-forbidden-phone');
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  });
});
