import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachElectronicResult,
  drainOutbox,
  PROCEDURE_CODE,
  pdf,
  signInCitizenOnPage,
  staff,
  staffAction,
  startCitizenServer,
} from './citizen-support.js';
import {
  axeCheck,
  hasChromium,
  launchBrowser,
  lookAtBothWidths,
  openPage,
  PHONE,
  realProblems,
  screenshot,
  type TestServer,
} from './harness.js';

/** `lookAtBothWidths` with this journey's screenshot names. */
const checkBothWidths = (page: Page, name: string) =>
  lookAtBothWidths(page, 'citizen', name, PHONE);

const dossierIdFrom = (url: string) => Number(/\/tai-khoan\/ho-so\/(\d+)/.exec(url)?.[1]);

describe.skipIf(!hasChromium)('the citizen portal in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startCitizenServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('applies online with uploads, pays in the sandbox, follows the dossier to its result, downloads and rates it', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });

    // Find: the procedure page offers the online application; anonymous visitors sign in first.
    await page.goto(`${server.url}/thu-tuc/${PROCEDURE_CODE}`);
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await page.waitForURL(/\/dang-nhap\/cong-dan\?next=/);
    await signInCitizenOnPage(page, server, '0912 345 678');
    await page.waitForURL(`${server.url}/nop-ho-so/${PROCEDURE_CODE}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Nộp hồ sơ trực tuyến');
    // The phone the code was sent to is prefilled.
    expect(await page.locator('input[name="phone"]').inputValue()).toBe('0912345678');
    await checkBothWidths(page, 'apply-empty');

    // Submitting an empty form lists every missing item, each linked to its field.
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Hồ sơ chưa đầy đủ' });
    await expect.poll(() => summary.textContent()).toContain('Vui lòng nhập họ tên người nộp');
    expect(await summary.textContent()).toContain(
      'Chưa đính kèm: Giấy tờ tùy thân của người yêu cầu',
    );
    expect(await summary.textContent()).not.toContain('Văn bản ủy quyền');
    expect(await page.locator('input[name="name"]').getAttribute('aria-invalid')).toBe('true');
    await axeCheck(page, 'apply with errors');
    await screenshot(page, 'citizen-apply-errors-phone');

    await page.locator('input[name="name"]').fill('Nguyễn Văn Dân');
    await page.locator('input[name="idNumber"]').fill('011090012345');
    await page.locator('input[name="address"]').fill('Tổ 5, phường Tân Phong, Lai Châu');
    const components = page.locator('.component-list > li');
    await components.nth(0).locator('input[type="file"]').setInputFiles(pdf('to-khai.pdf'));
    await components.nth(1).locator('input[type="file"]').setInputFiles(pdf('cccd.pdf'));
    await expect.poll(() => components.nth(0).textContent()).toContain('Đã tải lên to-khai.pdf');
    await expect.poll(() => components.nth(1).textContent()).toContain('Đã tải lên cccd.pdf');
    // A file of a type the portal does not take is refused on the page.
    await components
      .nth(2)
      .locator('input[type="file"]')
      .setInputFiles({
        name: 'virus.exe',
        mimeType: 'application/x-msdownload',
        buffer: Buffer.from('MZ'),
      });
    await expect
      .poll(() => components.nth(2).locator('.field-error').textContent())
      .toContain('virus.exe');

    await page.getByLabel('Nhận kết quả điện tử (tải về trên Cổng)').check();
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining('Đã lưu bản nháp'));
    expect(page.url()).toContain('ho-so=');
    await checkBothWidths(page, 'apply-filled');

    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await page.waitForURL(/\/tai-khoan\/ho-so\/\d+\?da-nop=1/);
    const dossierId = dossierIdFrom(page.url());
    await expect
      .poll(() => page.locator('.dossier-status').textContent())
      .toContain('Đã nộp trực tuyến, chờ tiếp nhận');
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining('đang chờ Bộ phận Một cửa tiếp nhận'));
    await checkBothWidths(page, 'dossier-submitted');

    // Pay the fee through the sandbox gateway and come back to the result page.
    await page.getByRole('button', { name: 'Thanh toán lệ phí trực tuyến' }).click();
    await page.waitForURL(/\/api\/payments\/sandbox\/pay\?/);
    expect(await page.locator('.amount').textContent()).toContain('8.000');
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await page.waitForURL(/\/thanh-toan\/ket-qua\?status=paid&dossier=\d+/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Kết quả thanh toán');
    await expect.poll(() => page.locator('.receipt-no').textContent()).toMatch(/^BL\d{4}-\d{8}$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Thanh toán thành công');
    await checkBothWidths(page, 'payment-paid');
    await page.getByRole('link', { name: 'Về trang hồ sơ' }).click();
    await expect
      .poll(() => page.locator('#fee-title + dl').textContent())
      .toContain('Đã thanh toán');
    expect(await page.getByRole('button', { name: 'Thanh toán lệ phí trực tuyến' }).count()).toBe(
      0,
    );

    // The counter receives it (→ code and receipt), transfers it; the agency appraises and
    // attaches the electronic result; the leader approves. Through the back-office API.
    const counter = await staff(server, 'tiepnhan');
    const specialist = await staff(server, 'chuyenvien');
    const leader = await staff(server, 'lanhdao');
    const received = await staffAction(server, counter, dossierId, 'receive');
    expect(received.code).toMatch(/^000\.00\.\d{2}\.H40-\d{6}-\d{4}$/);
    const code = received.code!;
    await staffAction(server, counter, dossierId, 'transfer');
    await attachElectronicResult(server, specialist, dossierId, 'ban-sao-trich-luc.pdf');
    await staffAction(server, specialist, dossierId, 'propose_result', { outcome: 'approved' });
    await staffAction(server, leader, dossierId, 'approve');
    await drainOutbox(server);

    // The citizen sees "result ready", the code, the receipt, the messages sent to them.
    await page.goto(`${server.url}/tai-khoan/ho-so`);
    const card = page.locator('.dossier-card').filter({ hasText: code });
    await expect.poll(() => card.textContent()).toContain('Đã có kết quả');
    expect(await card.textContent()).toContain('Mời đánh giá');
    await checkBothWidths(page, 'my-dossiers');
    await card.getByRole('link').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Cấp bản sao trích lục hộ tịch');
    expect(await page.locator('.lead').textContent()).toContain(code);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining('Hồ sơ đã có kết quả'));
    const notes = page.locator('.notification-list');
    expect(await notes.textContent()).toContain(`Hồ sơ ${code} đã được tiếp nhận`);
    expect(await notes.textContent()).toContain(`Hồ sơ ${code} đã có kết quả`);
    expect(await notes.textContent()).toContain('tin nhắn SMS đến');
    expect(await notes.textContent()).not.toContain('0912345678');
    expect(
      await page.getByRole('link', { name: /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/ }).count(),
    ).toBe(1);
    await checkBothWidths(page, 'dossier-result');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Tải kết quả điện tử: ban-sao-trich-luc\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ban-sao-trich-luc.pdf');
    const saved = await readFile((await download.path())!);
    expect(saved.subarray(0, 5).toString()).toBe('%PDF-');

    // Rate on the five SIPAS elements; the four required ones are asked for first.
    await page.getByRole('link', { name: 'Đánh giá mức độ hài lòng' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Đánh giá mức độ hài lòng');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Vui lòng chọn mức đánh giá cho:');
    expect(await page.getByRole('alert').first().textContent()).toContain('Kết quả giải quyết');
    await checkBothWidths(page, 'rating-errors');
    for (const [group, level] of [
      ['1. Tiếp cận dịch vụ', 'Rất hài lòng'],
      ['2. Thủ tục hành chính', 'Hài lòng'],
      ['3. Công chức giải quyết công việc', 'Rất hài lòng'],
      ['4. Kết quả giải quyết', 'Rất hài lòng'],
    ] as const) {
      await page
        .getByRole('group', { name: group })
        .getByRole('radio', { name: level, exact: true })
        .check();
    }
    // Keyboard: the radio group moves with the arrow keys.
    const feedback = page.getByRole('group', { name: '5. Tiếp nhận, xử lý phản ánh, kiến nghị' });
    await feedback.getByRole('radio', { name: 'Không áp dụng (tôi không gửi phản ánh)' }).focus();
    await page.keyboard.press('ArrowUp');
    expect(
      await feedback.getByRole('radio', { name: 'Rất hài lòng', exact: true }).isChecked(),
    ).toBe(true);
    await page.locator('textarea[name="comment"]').fill('Nộp trực tuyến nhanh, không phải đi lại.');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining('Cảm ơn bạn đã đánh giá!'));
    await checkBothWidths(page, 'rating-thanks');
    const rating = await server.ctx.db
      .selectFrom('dossier_ratings')
      .select(['access', 'procedure', 'staff', 'result', 'feedback', 'comment'])
      .where('dossier_id', '=', dossierId)
      .executeTakeFirstOrThrow();
    expect(rating).toEqual({
      access: 5,
      procedure: 4,
      staff: 5,
      result: 5,
      feedback: 5,
      comment: 'Nộp trực tuyến nhanh, không phải đi lại.',
    });
    expect(realProblems(problems)).toEqual([]);
    await context.close();

    // A stranger looks the code up: progress and promised date, the name masked, nothing else.
    const visitor = await openPage(browser, { viewport: PHONE });
    await visitor.page.goto(`${server.url}/tra-cuu?ma=${encodeURIComponent(code)}`);
    const result = visitor.page.locator('.lookup-result');
    await expect.poll(() => result.textContent()).toContain('N***** V** D**');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Đã có kết quả');
    expect(text).not.toContain('Nguyễn Văn Dân');
    expect(text).not.toContain('011090012345');
    expect(text).not.toContain('0912345678');
    expect(text).not.toContain('345678');
    expect(text).not.toContain('Tân Phong');
    await checkBothWidths(visitor.page, 'lookup');
    expect(realProblems(visitor.problems)).toEqual([]);
    await visitor.context.close();
  }, 180_000);

  it('shows the counter’s supplement request and lets the citizen answer it online', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await page.goto(`${server.url}/nop-ho-so/${PROCEDURE_CODE}`);
    await page.waitForURL(/\/dang-nhap\/cong-dan\?next=/);
    await signInCitizenOnPage(page, server, 'dan.nguyen@example.vn');
    await page.waitForURL(`${server.url}/nop-ho-so/${PROCEDURE_CODE}`);
    await page.locator('input[name="name"]').fill('Trần Thị Bổ Sung');
    await page.locator('input[name="idNumber"]').fill('012190054321');
    const components = page.locator('.component-list > li');
    await components.nth(0).locator('input[type="file"]').setInputFiles(pdf('to-khai-2.pdf'));
    await components.nth(1).locator('input[type="file"]').setInputFiles(pdf('cccd-mo.pdf'));
    await expect.poll(() => components.nth(1).textContent()).toContain('Đã tải lên cccd-mo.pdf');
    await page.getByLabel('Nhận qua dịch vụ bưu chính công ích').check();
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    // Post needs an address.
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Vui lòng nhập địa chỉ nhận kết quả');
    await page.locator('input[name="deliveryAddress"]').fill('Số 1 đường Trần Hưng Đạo, Lai Châu');
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await page.waitForURL(/\/tai-khoan\/ho-so\/\d+\?da-nop=1/);
    const dossierId = dossierIdFrom(page.url());

    const counter = await staff(server, 'tiepnhan');
    await staffAction(server, counter, dossierId, 'request_supplement_at_reception', {
      note: 'Bản chụp giấy tờ tùy thân bị mờ, đề nghị tải lại bản rõ nét.',
    });
    await drainOutbox(server);

    await page.goto(`${server.url}/tai-khoan/ho-so/${dossierId}`);
    const request = page.locator('section.supplement');
    await expect.poll(() => request.textContent()).toContain('bị mờ');
    expect(await page.locator('.notification-list').textContent()).toContain('cần bổ sung');
    await checkBothWidths(page, 'supplement-request');
    await request.getByLabel('Bổ sung cho thành phần').selectOption('TP02');
    await request.locator('input[type="file"]').setInputFiles(pdf('cccd-ro.pdf'));
    await expect.poll(() => request.locator('progress').count()).toBe(0);
    await request.locator('textarea[name="supplementNote"]').fill('Đã tải lại bản rõ nét.');
    await request.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click();
    await expect
      .poll(() => page.locator('.dossier-status').textContent())
      .toContain('Đã nộp trực tuyến, chờ tiếp nhận');
    expect(await page.locator('.doc-list').first().textContent()).toContain('cccd-ro.pdf');

    const received = await staffAction(server, counter, dossierId, 'receive');
    expect(received.status).toBe('received');
    await page.reload();
    await expect.poll(() => page.locator('.lead').textContent()).toContain(received.code!);
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  }, 120_000);
});
