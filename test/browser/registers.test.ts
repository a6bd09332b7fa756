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
    // Until the conclusion the plan can be corrected; the form holds its current values.
    const fixPlan = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: 'Sửa kế hoạch' }) });
    await fixPlan.locator('summary').click();
    const scope = fixPlan.getByLabel(/^Nội dung, phạm vi/);
    expect(await scope.inputValue()).toBe('Việc giải quyết thủ tục hành chính quý này');
    await scope.fill('Việc giải quyết và niêm yết thủ tục hành chính quý này');
    await fixPlan.getByRole('button', { name: 'Lưu kế hoạch đã sửa' }).click();
    await page.getByText('Đã lưu kế hoạch đã sửa.').waitFor();
    await page
      .locator('.rg-text', { hasText: 'Việc giải quyết và niêm yết thủ tục hành chính quý này' })
      .waitFor();
    // Saved, the form closes again.
    expect(await fixPlan.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.getByRole('button', { name: 'Bắt đầu thực hiện' }).click();
    await page.getByText('Đã ghi nhận bắt đầu.').waitFor();

    // A record dated tomorrow cannot have been signed: the server refuses and names the date.
    await page.getByLabel('Loại văn bản').selectOption('conclusion');
    await page.getByLabel('Số văn bản').fill('15/KL-ĐKT');
    await page.getByLabel('Ngày ban hành').fill(vnDate(1));
    await page.getByLabel(/^Nội dung( \*)?$/).fill('Niêm yết TTHC chưa đầy đủ.');
    await submit(page, 'Kết thúc và ghi văn bản');
    // The page holds other forms now (the plan's correction, the withdrawal): this one's summary.
    const concludeSummary = page.locator('section[aria-labelledby="rg-conclude"] .error-summary');
    await expect
      .poll(() => concludeSummary.textContent())
      .toContain('Cuộc thanh tra, kiểm tra phải kết thúc bằng kết luận');
    expect(await concludeSummary.getByRole('link').allTextContents()).toEqual([
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
    expect(await page.locator('.rg-history li').count()).toBe(5);
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

    // Entered for the wrong year: withdrawn (reason, then confirmation), out of the total.
    const justiceCard = page.locator('.rg-cards > li').filter({ hasText: 'Sở Tư pháp' });
    await justiceCard.locator('summary', { hasText: 'Rút dòng này khỏi sổ' }).click();
    await justiceCard.getByLabel(/^Lý do rút/).fill('Ghi nhầm năm');
    await justiceCard.getByRole('button', { name: 'Rút khỏi sổ', exact: true }).click();
    await page.getByRole('dialog', { name: 'Rút khỏi sổ theo dõi?' }).waitFor();
    await page.getByRole('button', { name: 'Xác nhận rút khỏi sổ' }).click();
    await page.getByText('Đã rút khỏi sổ.').waitFor();
    await expect.poll(() => justiceCard.count()).toBe(0);
    await expectNoSidewaysScroll(page, 'headcount after a withdrawal on a phone');
    // The withdrawn rows: restored with a reason, counted again.
    await page.getByRole('button', { name: 'Xem các mục đã rút khỏi sổ' }).click();
    await page.waitForURL(/withdrawn=true/);
    await expect.poll(() => justiceCard.textContent()).toContain('Ghi nhầm năm');
    await justiceCard.locator('summary', { hasText: 'Khôi phục vào sổ' }).click();
    await justiceCard.getByLabel(/^Lý do khôi phục/).fill('Đúng năm, rút nhầm');
    await lookAtBothWidths(page, 'registers', 'headcount-restore', PHONE);
    await justiceCard.getByRole('button', { name: 'Khôi phục', exact: true }).click();
    await page
      .getByText(/^Đã khôi phục số liệu biên chế của Sở Tư pháp năm \d{4} vào sổ\.$/)
      .waitFor();
    await page.getByRole('button', { name: 'Quay lại các mục trong sổ' }).click();
    await expect.poll(() => justiceCard.textContent()).toContain('Còn thiếu 7');
    expect(realProblems(problems)).toEqual([]);
  });

  it('the reform office corrects a plan and its task, then withdraws the plan entered by mistake', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/so-theo-doi/ke-hoach/moi`);
    const unit = page.getByLabel(/^Đơn vị( \*)?$/);
    await expect.poll(() => unit.locator('option').count()).toBeGreaterThan(2);
    await unit.selectOption(JUSTICE);
    await page.getByLabel(/^Tên kế hoạch/).fill('Khắc phục chỉ số 2.1');
    await page.getByLabel(/^Chỉ số cần khắc phục/).fill('2.1');
    await submit(page, 'Lưu kế hoạch');
    await page.waitForURL(/\/ke-hoach\/\d+$/);
    await page.getByText('Đã lập kế hoạch.').waitFor();

    // The plan is corrected before any progress report: its form holds the current values.
    const planForm = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: 'Sửa kế hoạch' }) });
    await planForm.locator('summary').click();
    expect(await planForm.getByLabel(/^Tên kế hoạch/).inputValue()).toBe('Khắc phục chỉ số 2.1');
    await planForm.getByLabel(/^Tên kế hoạch/).fill('Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)');
    await planForm.getByLabel(/^Chỉ số cần khắc phục/).fill('2.2');
    await planForm.getByRole('button', { name: 'Lưu kế hoạch đã sửa' }).click();
    await page.getByText('Đã lưu kế hoạch đã sửa.').waitFor();
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)');

    const taskForm = page
      .locator('form')
      .filter({ has: page.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }) });
    await taskForm.getByLabel(/^Nhiệm vụ/).fill('Cập nhật tiến độ hồ sơ lên phần mềm một cửa');
    await expect
      .poll(() =>
        taskForm
          .getByLabel(/^Đơn vị chịu trách nhiệm/)
          .locator('option')
          .count(),
      )
      .toBeGreaterThan(2);
    await taskForm.getByLabel(/^Đơn vị chịu trách nhiệm/).selectOption(JUSTICE);
    await taskForm.getByLabel(/^Người chịu trách nhiệm/).fill('Lê Văn Phê Duyệt');
    await taskForm.getByLabel(/^Hạn/).fill(vnDate(-1));
    await taskForm.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }).click();
    await page.getByText('Đã giao nhiệm vụ.').waitFor();
    await page
      .locator('.rg-list')
      .getByText(/Quá hạn 1 ngày/)
      .waitFor();

    // The task: a blank title is refused before sending; then a new person and deadline.
    const fixTask = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: 'Sửa nhiệm vụ' }) });
    await fixTask.locator('summary').click();
    await fixTask.getByLabel(/^Nhiệm vụ/).fill('');
    await fixTask.getByRole('button', { name: 'Lưu nhiệm vụ đã sửa' }).click();
    await expect
      .poll(() => fixTask.locator('.error-summary').getByRole('link').allTextContents())
      .toEqual(['Nhập Nhiệm vụ']);
    await fixTask.getByLabel(/^Nhiệm vụ/).fill('Cập nhật tiến độ toàn bộ hồ sơ');
    await fixTask.getByLabel(/^Người chịu trách nhiệm/).fill('Trần Văn Thẩm Định');
    await fixTask.getByLabel(/^Hạn/).fill(vnDate(7));
    await fixTask.getByRole('button', { name: 'Lưu nhiệm vụ đã sửa' }).click();
    await page.getByText('Đã lưu nhiệm vụ đã sửa.').waitFor();
    const task = page.locator('.rg-list > li').first();
    await expect.poll(() => task.textContent()).toContain('Trần Văn Thẩm Định');
    expect(await task.textContent()).not.toContain('Quá hạn');
    await lookAtBothWidths(page, 'registers', 'plan-corrected', DESKTOP);

    // Withdrawal: the reason first, then a confirmation naming the task that goes with it.
    const withdraw = page.getByRole('region', { name: 'Rút khỏi sổ' });
    await withdraw.locator('summary').click();
    await withdraw.getByRole('button', { name: 'Rút khỏi sổ', exact: true }).click();
    await expect
      .poll(() => withdraw.locator('.error-summary').getByRole('link').allTextContents())
      .toEqual(['Nhập Lý do rút']);
    await withdraw.getByLabel(/^Lý do rút/).fill('Lập trùng với kế hoạch đã có của Sở');
    await withdraw.getByRole('button', { name: 'Rút khỏi sổ', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Rút khỏi sổ theo dõi?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('1 nhiệm vụ của kế hoạch cũng được rút theo.');
    expect(await dialog.textContent()).toContain('Lập trùng với kế hoạch đã có của Sở');
    // Cancelling sends nothing.
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByText('Mục này đã được rút khỏi sổ').count()).toBe(0);
    await withdraw.getByRole('button', { name: 'Rút khỏi sổ', exact: true }).click();
    await dialog.waitFor();
    await lookAtBothWidths(page, 'registers', 'plan-withdraw-confirm', DESKTOP);
    await dialog.getByRole('button', { name: 'Xác nhận rút khỏi sổ' }).click();
    await page.getByText('Đã rút khỏi sổ.').waitFor();
    await page.getByText('Mục này đã được rút khỏi sổ').waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('rg-notice');
    // No more forms; the task is marked, the history has both withdrawals.
    expect(await page.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Rút khỏi sổ' }).count()).toBe(0);
    expect(await task.textContent()).toContain('Đã rút khỏi sổ');
    expect(await page.locator('.rg-history').textContent()).toContain('Rút nhiệm vụ khỏi sổ');
    await lookAtBothWidths(page, 'registers', 'plan-withdrawn', DESKTOP);
    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('This record was withdrawn from the register').waitFor();
    expect(await task.textContent()).toContain('Withdrawn');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByText('Mục này đã được rút khỏi sổ').waitFor();

    // Out of the list; the reform office finds it among the withdrawn records, with the reason.
    await page.goto(`${server.url}/quan-tri/so-theo-doi/ke-hoach`);
    await page.getByText(/^\d+ mục$/).waitFor();
    expect(
      await page.getByRole('link', { name: 'Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)' }).count(),
    ).toBe(0);
    await page.getByRole('button', { name: 'Xem các mục đã rút khỏi sổ' }).click();
    await page.waitForURL(/withdrawn=true/);
    const row = page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasText: 'Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Lập trùng với kế hoạch đã có của Sở');
    await lookAtBothWidths(page, 'registers', 'plans-withdrawn', DESKTOP);

    // Withdrawn by mistake: restored from that list with a reason, its task with it. The row's
    // button asks for the reason in a dialog (a form in the cell squeezed the table).
    await row
      .getByRole('button', { name: 'Khôi phục kế hoạch «Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)»' })
      .click();
    const restore = page.getByRole('dialog', {
      name: 'Khôi phục kế hoạch «Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)» vào sổ',
    });
    await restore.waitFor();
    expect(await restore.textContent()).toContain(
      '1 nhiệm vụ rút cùng kế hoạch cũng được khôi phục.',
    );
    await restore.getByRole('button', { name: 'Khôi phục', exact: true }).click();
    await expect
      .poll(() => restore.locator('.error-summary').getByRole('link').allTextContents())
      .toEqual(['Nhập Lý do khôi phục']);
    await restore.getByLabel(/^Lý do khôi phục/).fill('Rút nhầm: kế hoạch này không trùng');
    await lookAtBothWidths(page, 'registers', 'plans-restore-form', DESKTOP);
    await restore.getByRole('button', { name: 'Khôi phục', exact: true }).click();
    await page
      .getByText('Đã khôi phục kế hoạch «Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)» vào sổ.')
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('rg-notice');
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('button', { name: 'Quay lại các mục trong sổ' }).click();
    await page
      .getByRole('table')
      .getByRole('link', { name: 'Khắc phục chỉ số 2.1 và 2.2 (nhập nhầm)' })
      .click();
    await page.waitForURL(/\/ke-hoach\/\d+$/);
    await page.getByRole('region', { name: 'Rút khỏi sổ' }).waitFor();
    expect(await page.getByText('Mục này đã được rút khỏi sổ').count()).toBe(0);
    const restoredTask = page.locator('.rg-list > li').first();
    expect(await restoredTask.textContent()).not.toContain('Đã rút khỏi sổ');
    const history = await page.locator('.rg-history').textContent();
    expect(history).toContain('Khôi phục nhiệm vụ');
    expect(history).toContain('Rút nhầm: kế hoạch này không trùng');
    await lookAtBothWidths(page, 'registers', 'plan-restored', DESKTOP);

    // Back in force, it takes a progress report; a typo in it is corrected in place.
    const reportForm = page.locator('form').filter({
      has: page.getByRole('button', { name: 'Gửi báo cáo tiến độ', exact: true }),
    });
    await reportForm.getByLabel(/^Nội dung báo cáo/).fill('Đã cập nhật 40% hồ sơ');
    await reportForm.getByLabel(/^Tỷ lệ hoàn thành/).fill('40');
    await reportForm.getByRole('button', { name: 'Gửi báo cáo tiến độ', exact: true }).click();
    await page.getByText('Đã ghi báo cáo tiến độ.').waitFor();
    const fixReport = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: 'Sửa báo cáo này' }) });
    await fixReport.locator('summary').click();
    expect(await fixReport.getByLabel(/^Tỷ lệ hoàn thành/).inputValue()).toBe('40');
    await fixReport.getByLabel(/^Nội dung báo cáo/).fill('Đã cập nhật 14% hồ sơ');
    await fixReport.getByLabel(/^Tỷ lệ hoàn thành/).fill('14');
    await fixReport.getByRole('button', { name: 'Lưu báo cáo đã sửa' }).click();
    await page.getByText('Đã lưu báo cáo đã sửa.').waitFor();
    await expect.poll(() => page.locator('.facts').textContent()).toContain('14%');
    expect(await page.locator('.rg-history').textContent()).toContain('Sửa báo cáo tiến độ');
    await lookAtBothWidths(page, 'registers', 'plan-report-corrected', DESKTOP);
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
