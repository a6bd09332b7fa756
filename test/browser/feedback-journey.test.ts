import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitFeedback } from '../../src/modules/feedback/index.js';
import {
  axeCheck,
  DESKTOP,
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

/** `lookAtBothWidths` with this journey's screenshot names; ends at `after`. */
const checkBothWidths = (
  page: Page,
  name: string,
  after: { width: number; height: number } = PHONE,
) => lookAtBothWidths(page, 'feedback', name, after);

const SUBJECT = 'Chậm trả kết quả đăng ký khai sinh';
const ANSWER = 'Sở Tư pháp đã kiểm tra: hồ sơ trả đúng hạn ngày 05/03; xin lỗi vì thông báo chậm.';

describe.skipIf(!hasChromium)('feedback (PAKN) from the portal to a published answer', () => {
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

  /** Opens an action's dialog on the detail page, lets `fill` work in it, and confirms. */
  const act = async (page: Page, action: string, fill?: (dialog: Locator) => Promise<void>) => {
    await page.locator(`[data-action="${action}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    if (fill) await fill(dialog);
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Focus goes to the announcement, since the button that opened the dialog may be gone.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className ?? ''))
      .toContain('fb-notice');
  };
  const state = (page: Page) => page.getByTestId('feedback-state').textContent();

  it('a citizen sends feedback, staff transfer, answer and publish it, the citizen rates it and complains again', async () => {
    // ── The citizen sends feedback from the portal, without signing in ──────────────────────
    const citizen = await openPage(browser, { viewport: PHONE });
    contexts.push(citizen.context);
    const cp = citizen.page;
    await cp.goto(`${server.url}/`);
    // On a phone the main menu folds behind its button.
    await cp.getByRole('button', { name: 'Danh mục' }).click();
    await cp.getByRole('link', { name: 'Phản ánh, kiến nghị' }).first().click();
    await cp.waitForURL(`${server.url}/phan-anh`);
    await expect.poll(() => cp.locator('h1').textContent()).toBe('Gửi phản ánh, kiến nghị');
    await checkBothWidths(cp, 'submit-empty');

    // Sent empty: the error summary is announced and focused, each field marked.
    await cp.getByRole('button', { name: 'Gửi', exact: true }).click();
    await expect
      .poll(() => cp.evaluate(() => document.activeElement?.className ?? ''))
      .toContain('error-summary');
    const summary = cp.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi sau' });
    await expect.poll(() => summary.getByRole('link').count()).toBe(4);
    expect(await cp.getByLabel('Tiêu đề').getAttribute('aria-invalid')).toBe('true');
    await checkBothWidths(cp, 'submit-errors');
    // A line of the summary moves focus to its field.
    await summary.getByRole('link', { name: 'Nhập tiêu đề' }).click();
    expect(await cp.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('subject');

    await cp.getByLabel('Tiêu đề').fill(SUBJECT);
    await cp
      .locator('textarea[name="content"]')
      .fill('Hồ sơ hẹn trả ngày 05/03 nhưng tôi chưa nhận được thông báo. SĐT 0912345678.');
    await cp.getByLabel('Mã hồ sơ liên quan (nếu có)').fill('000.00.12.H40-250303-0001');
    await cp.getByLabel('Họ và tên').fill('Trần Thị Bình');
    await cp.getByLabel('Số điện thoại').fill('0912 345 678');
    await cp.getByRole('button', { name: 'Gửi', exact: true }).click();
    const codeBox = cp.getByTestId('tracking-code');
    await codeBox.waitFor();
    const code = ((await codeBox.textContent()) ?? '').trim();
    expect(code).toMatch(/^PA-\d{6}-[0-9A-Z]{8}$/);
    expect(await cp.evaluate(() => document.activeElement?.id)).toBe('fb-done-title');
    await checkBothWidths(cp, 'submit-done');

    // A denunciation, named: staff without the reporter grant must not see who sent it.
    await cp.getByRole('button', { name: 'Gửi phản ánh khác' }).click();
    await cp.getByRole('radio', { name: /Tố cáo/ }).check();
    await cp.getByLabel('Tiêu đề').fill('Cán bộ đòi tiền ngoài phí');
    await cp.locator('textarea[name="content"]').fill('Ngày 03/03 tại quầy số 2.');
    await cp.getByLabel('Họ và tên').fill('Lê Văn Tố');
    await cp.getByLabel('Thư điện tử').fill('to.cao@example.vn');
    await cp.getByRole('button', { name: 'Gửi', exact: true }).click();
    await codeBox.waitFor();
    const denunciation = ((await codeBox.textContent()) ?? '').trim();

    // Following it now: received, deadlines running, no reply, nothing to rate yet.
    await cp.getByRole('link', { name: 'Xem tình trạng' }).click();
    await cp.waitForURL(`${server.url}/phan-anh/tra-cuu/${denunciation}`);
    await expect.poll(() => state(cp)).toBe('Đã tiếp nhận');
    await cp.goto(`${server.url}/phan-anh/tra-cuu/${code}`);
    await expect.poll(() => state(cp)).toBe('Đã tiếp nhận');
    expect(await cp.getByText('Cơ quan chưa trả lời.').count()).toBe(1);
    expect(await cp.getByRole('button', { name: 'Hài lòng' }).count()).toBe(0);
    expect(await cp.locator('main').textContent()).not.toContain('Trần Thị Bình');
    await checkBothWidths(cp, 'track-received');

    // ── The reform office finds it in its list and transfers it to the Department of Justice ──
    const reform = await openPage(browser, { viewport: DESKTOP });
    contexts.push(reform.context);
    const rp = reform.page;
    await signInAsStaff(rp, server.url, 'cchc');
    await rp
      .getByRole('navigation', { name: 'Điều hướng quản trị' })
      .getByRole('link', { name: 'Phản ánh, kiến nghị' })
      .click();
    await rp.waitForURL(`${server.url}/quan-tri/phan-anh`);
    await rp.getByRole('link', { name: code }).first().waitFor();
    // The denunciation's reporter is protected: the list says so and never names them.
    expect(await rp.locator('main').textContent()).not.toContain('Lê Văn Tố');
    expect(await rp.getByText('Được bảo vệ').count()).toBeGreaterThan(0);
    await checkBothWidths(rp, 'office-list', DESKTOP);

    // An item taken in by hotline 40 days ago and never handled is overdue: the filter finds it
    // and the list says so.
    const tenant = await server.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    const late = await submitFeedback(
      { ...server.ctx, now: () => new Date(Date.now() - 40 * 86_400_000) },
      {
        tenantId: tenant.id,
        actor: null,
        channel: 'hotline',
        input: {
          kind: 'feedback',
          subject: 'Phản ánh cũ chưa xử lý',
          content: 'Gọi đường dây nóng.',
          anonymous: true,
        },
      },
    );
    await rp.getByLabel('Chỉ phản ánh quá hạn').check();
    await rp.getByRole('button', { name: 'Lọc', exact: true }).click();
    await rp.waitForURL(/overdue=true/);
    await expect.poll(() => rp.getByRole('link', { name: code }).count()).toBe(0);
    const lateRow = rp.getByRole('row').filter({ hasText: late.code });
    await lateRow.waitFor();
    expect(await lateRow.getByText('Quá hạn', { exact: true }).count()).toBe(1);
    await screenshot(rp, 'feedback-office-list-overdue-desktop');
    await rp.getByLabel('Chỉ phản ánh quá hạn').uncheck();

    // Filters: only denunciations.
    await rp.getByLabel('Loại').selectOption('denunciation');
    await rp.getByRole('button', { name: 'Lọc', exact: true }).click();
    await rp.waitForURL(/kind=denunciation/);
    await expect.poll(() => rp.getByRole('link', { name: code }).count()).toBe(0);
    await rp.getByRole('link', { name: denunciation }).first().waitFor();
    await rp.getByRole('link', { name: denunciation }).first().click();
    await rp.waitForURL(/\/quan-tri\/phan-anh\/\d+$/);
    await rp.getByText('Danh tính người tố cáo được bảo vệ', { exact: false }).waitFor();
    expect(await rp.locator('main').textContent()).not.toContain('to.cao@example.vn');

    // An administrator grants the reform office feedback.reporter.read: now the API returns the
    // reporter, and the page shows them.
    const admin = await openPage(browser, { viewport: DESKTOP });
    contexts.push(admin.context);
    await signInAsStaff(admin.page, server.url, 'admin');
    const me = await (await admin.page.request.get(`${server.url}/api/auth/me`)).json();
    const reformUser = await server.ctx.db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('username', '=', 'cchc')
      .executeTakeFirstOrThrow();
    const province = await server.ctx.db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('code', '=', '000.00.00.H40')
      .executeTakeFirstOrThrow();
    const granted = await admin.page.request.post(`${server.url}/api/feedback/reporter-access`, {
      data: { userId: reformUser.id, unitId: province.id },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(granted.status(), await granted.text()).toBe(200);
    await rp.reload();
    await expect
      .poll(() => rp.getByTestId('feedback-submitter').textContent())
      .toContain('Lê Văn Tố');
    // The way back still leads to the filtered list (the filters travel in the history entry).
    await rp.getByRole('link', { name: '← Danh sách phản ánh' }).click();
    await rp.waitForURL(/kind=denunciation/);

    await rp.getByRole('button', { name: 'Bỏ lọc' }).click();
    await rp.getByRole('link', { name: code }).first().click();
    await rp.waitForURL(/\/quan-tri\/phan-anh\/\d+$/);
    const detailUrl = rp.url();
    await expect.poll(() => state(rp)).toBe('Đã tiếp nhận');
    expect(await rp.getByTestId('feedback-submitter').textContent()).toContain('Trần Thị Bình');
    await checkBothWidths(rp, 'office-detail-received', DESKTOP);

    // The transfer dialog refuses to go without a unit, then moves the item.
    await rp.locator('[data-action="transfer"]').click();
    const dialog = rp.getByRole('dialog');
    await dialog.waitFor();
    await axeCheck(rp, 'transfer dialog');
    await screenshot(rp, 'feedback-office-transfer-dialog-desktop');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => dialog.getByText('Chọn đơn vị nhận').count()).toBe(1);
    expect(await rp.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('toUnitId');
    await dialog.getByLabel('Chuyển đến đơn vị').selectOption({ label: 'Sở Tư pháp' });
    await dialog.getByLabel('Ghi chú').fill('Thuộc thẩm quyền Sở Tư pháp');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => rp.getByText('Đã thực hiện: Chuyển đơn vị.').count()).toBe(1);

    // The list filtered by unit (its subtree) now finds it under the Department of Justice.
    await rp.goto(`${server.url}/quan-tri/phan-anh`);
    await rp.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Sở Tư pháp' });
    await rp.getByRole('button', { name: 'Lọc', exact: true }).click();
    await rp.waitForURL(/unit=000\.00\.12\.H40/);
    await expect.poll(() => rp.getByRole('link', { name: denunciation }).count()).toBe(0);
    await rp.getByRole('link', { name: code }).first().waitFor();

    // ── The Department of Justice's leader processes, answers and publishes ───────────────
    const leader = await openPage(browser, { viewport: DESKTOP });
    contexts.push(leader.context);
    const lp = leader.page;
    await signInAsStaff(lp, server.url, 'lanhdao');
    await lp.goto(`${server.url}/quan-tri/phan-anh`);
    await lp.getByRole('link', { name: code }).first().click();
    await lp.waitForURL(detailUrl);
    await expect.poll(() => state(lp)).toBe('Đã tiếp nhận');
    await act(lp, 'start');
    await expect.poll(() => state(lp)).toBe('Đang xử lý');

    // The answer is required: the dialog says so on the field and keeps focus there.
    await lp.locator('[data-action="answer"]').click();
    const answer = lp.getByRole('dialog');
    await answer.waitFor();
    await answer.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => answer.getByText('Nhập nội dung trả lời').count()).toBe(1);
    expect(await lp.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reply');
    await answer.getByLabel('Nội dung trả lời').fill(ANSWER);
    await answer.getByRole('button', { name: 'Xác nhận' }).click();
    await answer.waitFor({ state: 'hidden' });
    await expect.poll(() => state(lp)).toBe('Đã trả lời, chờ công khai');
    expect(await lp.getByTestId('feedback-reply').textContent()).toBe(ANSWER);

    // Awaiting publication shows under its filter.
    await lp.goto(`${server.url}/quan-tri/phan-anh?state=awaiting_publication`);
    await lp.getByRole('link', { name: code }).first().click();
    await lp.waitForURL(detailUrl);
    await act(lp, 'publish');
    await expect.poll(() => state(lp)).toBe('Đã công khai trả lời');
    expect(await lp.locator('[data-action]').count()).toBe(0);
    const history = await lp.locator('.fb-history').textContent();
    for (const step of ['Tiếp nhận', 'Chuyển đơn vị', 'Bắt đầu xử lý', 'Trả lời', 'Công khai'])
      expect(history).toContain(step);
    await checkBothWidths(lp, 'office-detail-published', DESKTOP);

    // ── The citizen follows the code, reads the answer, rates it and complains again ────────
    await cp.goto(`${server.url}/phan-anh/tra-cuu`);
    await cp.getByLabel('Mã tra cứu').fill(code.toLowerCase());
    await cp.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await cp.waitForURL(`${server.url}/phan-anh/tra-cuu/${code}`);
    await expect.poll(() => state(cp)).toBe('Đã công khai trả lời');
    expect(await cp.getByTestId('feedback-reply').textContent()).toBe(ANSWER);
    await cp.getByRole('button', { name: 'Hài lòng', exact: true }).click();
    await expect
      .poll(() => cp.getByTestId('feedback-ratings').textContent())
      .toBe('1 hài lòng · 0 không hài lòng');
    expect(
      await cp.getByRole('button', { name: 'Hài lòng', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    // After a reload the look-up answers the code holder's own rating: still pressed.
    await cp.reload();
    await expect
      .poll(() =>
        cp.getByRole('button', { name: 'Hài lòng', exact: true }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    expect(
      await cp
        .getByRole('button', { name: 'Không hài lòng', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('false');
    await checkBothWidths(cp, 'track-published');

    await cp.getByRole('button', { name: 'Gửi khiếu nại lại' }).click();
    await expect.poll(() => cp.getByText('Nhập lý do khiếu nại lại').count()).toBe(1);
    await cp.getByLabel('Lý do khiếu nại lại').fill('Tôi vẫn chưa nhận được kết quả.');
    await cp.getByRole('button', { name: 'Gửi khiếu nại lại' }).click();
    const again = cp.getByRole('status').filter({ hasText: 'Đã gửi khiếu nại lại' });
    await again.waitFor();
    const newCode = ((await again.getByRole('link').textContent()) ?? '').trim();
    expect(newCode).toMatch(/^PA-\d{6}-[0-9A-Z]{8}$/);
    expect(newCode).not.toBe(code);

    // ── The published answers: the question's phone number is masked ─────────────────────
    await cp.goto(`${server.url}/phan-anh/tra-loi`);
    await cp.getByRole('heading', { name: SUBJECT }).waitFor();
    const published = await cp.locator('main').textContent();
    expect(published).toContain(ANSWER);
    expect(published).not.toContain('0912345678');
    await checkBothWidths(cp, 'answers');

    // The staff list shows the complaint again on the original item.
    await lp.goto(`${server.url}/quan-tri/phan-anh`);
    await lp.getByRole('link', { name: newCode }).first().waitFor();
    await checkBothWidths(lp, 'office-list-after', DESKTOP);

    for (const p of [citizen, reform, leader])
      expect(realProblems(p.problems), 'console errors').toEqual([]);
  }, 180_000);

  it('takes in a hotline call at the counter, with the error summary first', async () => {
    const counter = await openPage(browser, { viewport: PHONE });
    contexts.push(counter.context);
    const page = counter.page;
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/phan-anh/tiep-nhan`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tiếp nhận phản ánh');
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi sau' });
    await expect.poll(() => summary.getByText('Chọn kênh tiếp nhận').count()).toBe(1);
    await checkBothWidths(page, 'intake-errors');

    await page.getByLabel('Kênh tiếp nhận').selectOption('hotline');
    await page.getByLabel('Tiêu đề').fill('Đường dây nóng: hỏi về lệ phí');
    await page.locator('textarea[name="content"]').fill('Người gọi hỏi lệ phí cấp bản sao.');
    await page.getByRole('checkbox', { name: /Gửi ẩn danh/ }).check();
    expect(await page.getByLabel('Họ và tên').count()).toBe(0);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const codeBox = page.getByTestId('tracking-code');
    await codeBox.waitFor();
    const code = ((await codeBox.textContent()) ?? '').trim();
    await checkBothWidths(page, 'intake-done');
    // The take-in answers the item's id: the link leads straight to it, no search.
    const item = await server.ctx.db
      .selectFrom('feedback')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    const open = page.getByRole('link', { name: 'Mở phản ánh' });
    expect(await open.getAttribute('href')).toBe(`/quan-tri/phan-anh/${item.id}`);

    // The list's search finds it by the tracking code a caller reads out, in any case.
    await page.goto(`${server.url}/quan-tri/phan-anh`);
    await page.getByLabel('Tiêu đề có chứa, hoặc mã tra cứu').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/[?&]q=/);
    await page.getByRole('link', { name: code }).first().waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: code }).first().click();
    await page.waitForURL(`${server.url}/quan-tri/phan-anh/${item.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Phản ánh ${code}`);
    await expect.poll(() => page.getByText('Người gửi ẩn danh.').count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Đường dây nóng');

    // Handled at the province: more information is asked for (what, required) and recorded,
    // then the item is rejected with a reason the caller reads with the code.
    await act(page, 'start');
    await page.locator('[data-action="request_info"]').click();
    const ask = page.getByRole('dialog');
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => ask.getByText('Nhập thông tin cần bổ sung').count()).toBe(1);
    // Staff are told the request is read by the submitter, who can answer it online.
    expect(await ask.getByText('có thể bổ sung trực tuyến', { exact: false }).count()).toBe(1);
    await ask.getByLabel('Thông tin cần bổ sung').fill('Tên thủ tục người gọi hỏi');
    await ask.getByRole('button', { name: 'Xác nhận' }).click();
    await ask.waitFor({ state: 'hidden' });
    await expect.poll(() => state(page)).toBe('Chờ bổ sung thông tin');

    // The caller reads what was asked with the code and answers online: back to processing.
    const caller = await openPage(browser, { viewport: PHONE });
    contexts.push(caller.context);
    const cp = caller.page;
    await cp.goto(`${server.url}/phan-anh/tra-cuu/${code}`);
    await expect.poll(() => state(cp)).toBe('Chờ bổ sung thông tin');
    expect(await cp.getByTestId('feedback-info-note').textContent()).toBe(
      'Tên thủ tục người gọi hỏi',
    );
    await cp.getByRole('button', { name: 'Gửi thông tin bổ sung' }).click();
    await expect.poll(() => cp.getByText('Nhập thông tin bổ sung').count()).toBe(1);
    expect(await cp.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
      'information',
    );
    await checkBothWidths(cp, 'track-info-requested');
    await cp.getByLabel('Thông tin bổ sung').fill('Thủ tục cấp bản sao trích lục khai sinh');
    await cp.getByRole('button', { name: 'Gửi thông tin bổ sung' }).click();
    await cp.getByRole('status').filter({ hasText: 'Đã gửi thông tin bổ sung' }).waitFor();
    await expect.poll(() => state(cp)).toBe('Đang xử lý');
    expect(await cp.getByTestId('feedback-info').count()).toBe(0);
    // The form is gone: focus is on the confirmation, not lost nor moved back to the top.
    expect(await cp.evaluate(() => document.activeElement?.textContent)).toContain(
      'Đã gửi thông tin bổ sung',
    );
    await checkBothWidths(cp, 'track-info-supplied');
    expect(realProblems(caller.problems), 'console errors').toEqual([]);

    // Staff see the answer in the history; asked once more, they record the reply themselves.
    await page.reload();
    await expect.poll(() => state(page)).toBe('Đang xử lý');
    expect(await page.locator('.fb-history').textContent()).toContain(
      'Thủ tục cấp bản sao trích lục khai sinh',
    );
    await act(page, 'request_info', (d) =>
      d.getByLabel('Thông tin cần bổ sung').fill('Số điện thoại gọi lại'),
    );
    await expect.poll(() => state(page)).toBe('Chờ bổ sung thông tin');
    await act(page, 'supply_info', (d) =>
      d.getByLabel('Thông tin đã nhận').fill('Cấp bản sao trích lục khai sinh'),
    );
    await expect.poll(() => state(page)).toBe('Đang xử lý');
    await act(page, 'reject', (d) =>
      d.getByLabel('Lý do từ chối').fill('Không phải phản ánh: đã hướng dẫn qua điện thoại.'),
    );
    await expect.poll(() => state(page)).toBe('Từ chối xử lý');
    await checkBothWidths(page, 'office-detail-rejected');

    await page.goto(`${server.url}/phan-anh/tra-cuu/${code}`);
    await expect.poll(() => state(page)).toBe('Từ chối xử lý');
    await page.getByRole('heading', { name: 'Lý do từ chối' }).waitFor();
    expect(await page.getByTestId('feedback-reply').textContent()).toBe(
      'Không phải phản ánh: đã hướng dẫn qua điện thoại.',
    );
    expect(realProblems(counter.problems), 'console errors').toEqual([]);
  }, 120_000);
});
