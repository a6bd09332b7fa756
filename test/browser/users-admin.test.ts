import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../src/modules/users/index.js';
import {
  axeCheck,
  DESKTOP,
  hasChromium,
  hasHorizontalScroll,
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
  after: { width: number; height: number } = DESKTOP,
) => lookAtBothWidths(page, 'users', name, after);

const focusedClass = (page: Page) => page.evaluate(() => document.activeElement?.className ?? '');

describe.skipIf(!hasChromium)('user administration in the back office', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const unitIds = new Map<string, number>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const units = await server.ctx.db.selectFrom('units').select(['id', 'code']).execute();
    for (const u of units) unitIds.set(u.code, u.id);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const unit = (code: string) => String(unitIds.get(code));
  const JUSTICE = '000.00.12.H40';
  const WARD = '000.21.02.H40';

  it('an administrator lists users, creates one, grants and revokes a role and disables the account', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'admin');
    await page
      .getByRole('navigation', { name: 'Điều hướng quản trị' })
      .getByRole('link', { name: 'Người dùng' })
      .click();
    await page.waitForURL(`${server.url}/quan-tri/nguoi-dung`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Người dùng');

    // The starter province's six accounts, each with its role and unit and status.
    const table = page.getByRole('table', { name: 'Danh sách người dùng' });
    const row = (name: string) => table.getByRole('row').filter({ hasText: name });
    await row('Trần Văn Thẩm Định').waitFor();
    expect(await row('Trần Văn Thẩm Định').textContent()).toContain(
      'Chuyên viên xử lý — Sở Tư pháp (000.00.12.H40)',
    );
    expect(await row('Trần Văn Thẩm Định').textContent()).toContain('Đang hoạt động');
    // The count, also in a polite live region so a new filter's result is heard.
    await expect
      .poll(() => page.locator('.users-results [aria-live="polite"]').textContent())
      .toBe('6 người dùng');
    await checkBothWidths(page, 'list');

    // Search by user name: the filter goes into the address.
    await page.getByLabel('Tên hoặc tên đăng nhập').fill('lanhdao');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/q=lanhdao/);
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await row('Lê Văn Phê Duyệt').count()).toBe(1);
    // Only system accounts: none in the starter province.
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await page.getByLabel('Loại tài khoản').selectOption('system');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/kind=system/);
    await table.getByText('Không có người dùng nào khớp với điều kiện lọc.').waitFor();
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await row('Trần Văn Thẩm Định').waitFor();
    // By unit: the Department of Justice's specialist and leader, no one from the centre.
    const unitFilter = page.getByLabel('Đơn vị', { exact: true });
    await expect
      .poll(() => unitFilter.locator('option').allTextContents())
      .toContainEqual(expect.stringContaining('Sở Tư pháp (000.00.12.H40)'));
    const justice = await unitFilter.locator('option', { hasText: '000.00.12.H40' }).textContent();
    await unitFilter.selectOption({ label: justice ?? '' });
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/unit=\d+/);
    await expect.poll(() => row('Nguyễn Thị Một Cửa').count()).toBe(0);
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    expect(await row('Trần Văn Thẩm Định').count()).toBe(1);
    expect(await row('Lê Văn Phê Duyệt').count()).toBe(1);
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await row('Nguyễn Thị Một Cửa').waitFor();

    // ── Create a staff account ──────────────────────────────────────────────────────────────
    await page.getByRole('link', { name: 'Tạo tài khoản' }).click();
    await page.waitForURL(`${server.url}/quan-tri/nguoi-dung/moi`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tạo tài khoản cán bộ');
    // The unit picker holds the administrator's units (the province and everything under it).
    const unitSelect = page.locator('select[name="unit"]');
    // The units arrive after the page: wait for them.
    await expect
      .poll(() => unitSelect.locator('option').allTextContents())
      .toContainEqual(expect.stringContaining('Sở Tư pháp (000.00.12.H40)'));
    await checkBothWidths(page, 'create-empty');

    // Sent empty: every problem in a focused summary, each field marked.
    await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    await expect.poll(() => focusedClass(page)).toContain('error-summary');
    const summary = page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi sau' });
    await expect.poll(() => summary.getByRole('link').count()).toBe(4);
    expect(await page.getByLabel('Họ và tên').getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link', { name: 'Chọn đơn vị' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('unit');

    await page.getByLabel('Họ và tên').fill('Đỗ Thị Hồng Nhung');
    // A user name that is taken: the server's answer, in Vietnamese, on the field.
    await page.getByLabel('Tên đăng nhập').fill('tiepnhan');
    await page.locator('select[name="role"]').selectOption('specialist');
    await unitSelect.selectOption(unit(JUSTICE));
    await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Đã tồn tại' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Tên đăng nhập này đã có người dùng');
    await expect.poll(() => focusedClass(page)).toContain('error-summary');
    expect(await page.getByLabel('Tên đăng nhập').getAttribute('aria-invalid')).toBe('true');
    await checkBothWidths(page, 'create-taken');

    await page.getByLabel('Tên đăng nhập').fill('hong.nhung');
    await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    const secret = page.getByTestId('generated-password');
    await secret.waitFor();
    const password = ((await secret.textContent()) ?? '').trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await page.locator('main').textContent()).toContain('chỉ hiển thị một lần');
    expect(await page.locator('main').textContent()).toContain(
      'Đỗ Thị Hồng Nhung có vai trò Chuyên viên xử lý tại Sở Tư pháp (000.00.12.H40).',
    );
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await checkBothWidths(page, 'created');

    // The new user signs in with that password (their session must end when disabled).
    const newcomer = await openPage(browser, { viewport: PHONE });
    contexts.push(newcomer.context);
    await signInAsStaff(newcomer.page, server.url, 'hong.nhung', password);
    await expect
      .poll(() => newcomer.page.locator('h1').textContent())
      .toContain('Đỗ Thị Hồng Nhung');

    // ── The account's page ──────────────────────────────────────────────────────────────────
    await page.getByRole('link', { name: 'Mở trang tài khoản' }).click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung\/\d+$/);
    const detailUrl = page.url();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Đỗ Thị Hồng Nhung');
    expect(await page.getByTestId('user-status').textContent()).toBe('Đang hoạt động');
    const grants = page.getByRole('table', { name: 'Vai trò của Đỗ Thị Hồng Nhung' });
    await expect.poll(() => grants.getByRole('row').count()).toBe(2);
    await checkBothWidths(page, 'detail');

    // Grant a role over the ward, then the same again: refused, said in Vietnamese.
    const notice = page.locator('.users-notice');
    await page.locator('select[name="grantRole"]').selectOption('leader');
    await page.locator('select[name="grantUnit"]').selectOption(unit(WARD));
    await page.getByRole('button', { name: 'Cấp vai trò', exact: true }).click();
    await expect
      .poll(() => notice.textContent())
      .toBe('Đã cấp vai trò Lãnh đạo tại Phường Tân Phong (000.21.02.H40).');
    await expect.poll(() => focusedClass(page)).toContain('users-notice');
    await expect.poll(() => grants.getByRole('row').count()).toBe(3);
    await page.locator('select[name="grantRole"]').selectOption('leader');
    await page.locator('select[name="grantUnit"]').selectOption(unit(WARD));
    await page.getByRole('button', { name: 'Cấp vai trò', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual('Đã tồn tại. Người dùng đã có vai trò này tại đơn vị này.');
    await checkBothWidths(page, 'detail-granted');

    // Revoke it, after a confirmation that says what happens.
    await page
      .getByRole('button', {
        name: 'Thu hồi vai trò Lãnh đạo tại Phường Tân Phong (000.21.02.H40)',
      })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(
      'Đỗ Thị Hồng Nhung sẽ mất vai trò Lãnh đạo tại Phường Tân Phong (000.21.02.H40)',
    );
    await axeCheck(page, 'revoke dialog');
    await screenshot(page, 'users-revoke-dialog-desktop');
    // Escape cancels: nothing changes.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => grants.getByRole('row').count()).toBe(3);
    await page
      .getByRole('button', {
        name: 'Thu hồi vai trò Lãnh đạo tại Phường Tân Phong (000.21.02.H40)',
      })
      .click();
    await dialog.getByRole('button', { name: 'Thu hồi vai trò' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => notice.textContent())
      .toBe('Đã thu hồi vai trò Lãnh đạo tại Phường Tân Phong (000.21.02.H40).');
    await expect.poll(() => grants.getByRole('row').count()).toBe(2);

    // Disable the account: the dialog says sessions end and API tokens are revoked.
    await page.getByRole('button', { name: 'Vô hiệu hóa tài khoản' }).click();
    await dialog.waitFor();
    const warning = (await dialog.textContent()) ?? '';
    expect(warning).toContain('Mọi phiên làm việc đang mở kết thúc ngay');
    expect(warning).toContain('khóa API (API token)');
    await page.setViewportSize(PHONE);
    await axeCheck(page, 'disable dialog (phone)');
    await screenshot(page, 'users-disable-dialog-phone');
    await page.setViewportSize(DESKTOP);
    await dialog.getByRole('button', { name: 'Vô hiệu hóa', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('user-status').textContent()).toBe('Đã vô hiệu hóa');
    expect(await notice.textContent()).toContain('Đã vô hiệu hóa tài khoản hong.nhung');
    expect(await page.getByRole('button', { name: 'Vô hiệu hóa tài khoản' }).count()).toBe(0);
    await checkBothWidths(page, 'detail-disabled');

    // Their session has ended: the back office sends them to sign in, and sign-in is refused.
    await newcomer.page.reload();
    await newcomer.page.waitForURL(/\/dang-nhap/);
    await page.goto(detailUrl);
    await expect.poll(() => page.getByTestId('user-status').textContent()).toBe('Đã vô hiệu hóa');

    // The list shows the new account as disabled, and the status filter finds it.
    await page.goto(`${server.url}/quan-tri/nguoi-dung?q=hong`);
    await expect.poll(() => row('Đỗ Thị Hồng Nhung').textContent()).toContain('Đã vô hiệu hóa');
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await page.getByLabel('Trạng thái').selectOption('disabled');
    await page.getByLabel('Vai trò').selectOption('specialist');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/role=specialist&status=disabled/);
    // Active accounts and other roles are left out: the administrator's own, for one.
    await expect.poll(() => row('Quản trị hệ thống').count()).toBe(0);
    expect(await row('Đỗ Thị Hồng Nhung').count()).toBe(1);
    await axeCheck(page, 'list filtered by role and status');
    await screenshot(page, 'users-list-filtered-desktop');

    // Enabled again, the user signs in with the same password.
    await page.goto(detailUrl);
    await page.getByRole('button', { name: 'Cho đăng nhập lại' }).click();
    await expect.poll(() => page.getByTestId('user-status').textContent()).toBe('Đang hoạt động');
    expect(await notice.textContent()).toContain('Tài khoản hong.nhung đã đăng nhập lại được.');
    await signInAsStaff(newcomer.page, server.url, 'hong.nhung', password);

    // Five wrong passwords lock sign-in for a while: the page says until when, and lifts it.
    for (let i = 0; i < 5; i++) {
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-no-limit': '1' },
        body: JSON.stringify({ username: 'hong.nhung', password: `sai-${i}` }),
      });
    }
    await page.reload();
    await expect
      .poll(() => page.getByTestId('user-status').textContent())
      .toMatch(/^Tạm khóa đến \d{2}:\d{2}/);
    await axeCheck(page, 'locked account');
    await screenshot(page, 'users-detail-locked-desktop');
    await page.getByRole('button', { name: 'Cho đăng nhập lại' }).click();
    await expect.poll(() => page.getByTestId('user-status').textContent()).toBe('Đang hoạt động');

    // The administrator's own page: no disabling oneself, and the last administrator role
    // cannot be revoked (the API's rule, said in Vietnamese).
    await page.goto(`${server.url}/quan-tri/nguoi-dung?q=admin`);
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).first().click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung\/\d+$/);
    await page.getByText('Bạn không thể vô hiệu hóa chính tài khoản đang đăng nhập.').waitFor();
    await page.getByRole('button', { name: /^Thu hồi vai trò Quản trị hệ thống/ }).click();
    await dialog.getByRole('button', { name: 'Thu hồi vai trò' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(
        'Thao tác vi phạm quy định. Bạn không thể thu hồi vai trò quản trị cuối cùng của chính mình.',
      );
    await checkBothWidths(page, 'detail-self');

    // In English the same screen speaks English, errors included.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Roles and scope' }).count()).toBe(1);
    await page.getByRole('button', { name: /^Revoke the role Administrator/ }).click();
    await dialog.getByRole('button', { name: 'Revoke the role' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(
        'The operation breaks a rule. You cannot revoke your own last administrator role.',
      );
    await axeCheck(page, 'own account (en)');
    await screenshot(page, 'users-detail-self-en-desktop');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect(realProblems(problems)).toEqual([]);
  }, 120_000);

  it('works on a phone: cards instead of the table, the whole create form', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'admin');
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    const card = page.locator('.users-cards li').filter({ hasText: 'Nguyễn Thị Một Cửa' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Cán bộ tiếp nhận');
    expect(await page.getByRole('table', { name: 'Danh sách người dùng' }).isVisible()).toBe(false);
    expect(await hasHorizontalScroll(page)).toBe(false);

    await page.getByRole('link', { name: 'Tạo tài khoản' }).click();
    await page.getByLabel('Họ và tên').fill('Vũ Minh Quân');
    await page.getByLabel('Tên đăng nhập').fill('vu.quan');
    await page.locator('select[name="role"]').selectOption('counter_officer');
    await page.locator('select[name="unit"]').selectOption(unit(WARD));
    await page.getByLabel('Tự đặt mật khẩu').check();
    // (A password input has no role, so it is found by name rather than by its label.)
    await page.locator('input[name="password"]').fill('ngan');
    await page.getByLabel('Số điện thoại').fill('0912 345');
    await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các lỗi sau' });
    await expect.poll(() => summary.getByRole('link').count()).toBe(2);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await axeCheck(page, 'create with errors (phone)');
    await screenshot(page, 'users-create-errors-phone');

    await page.locator('input[name="password"]').fill('QuanVu2025');
    await page.getByLabel('Số điện thoại').fill('0912 345 678');
    await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    await page.getByText('Tài khoản dùng mật khẩu bạn vừa đặt.').waitFor();
    expect(await page.getByTestId('generated-password').count()).toBe(0);
    await page.getByRole('link', { name: 'Mở trang tài khoản' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Vũ Minh Quân');
    expect(await page.locator('main').textContent()).toContain('091****678');
    const grantCard = page.locator('.users-grant-cards li');
    await expect.poll(() => grantCard.count()).toBe(1);
    expect(await grantCard.textContent()).toContain('Phường Tân Phong (000.21.02.H40)');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await axeCheck(page, 'detail (phone)');
    await screenshot(page, 'users-detail-cards-phone');
    expect(realProblems(problems)).toEqual([]);
  }, 60_000);

  it('keeps the screens from anyone but an administrator', async () => {
    const { context, page } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'tiepnhan');
    const sideNav = page.getByRole('navigation', { name: 'Điều hướng quản trị' });
    await expect.poll(() => sideNav.textContent()).toContain('Hồ sơ');
    expect(await sideNav.textContent()).not.toContain('Người dùng');
    for (const path of [
      '/quan-tri/nguoi-dung',
      '/quan-tri/nguoi-dung/moi',
      '/quan-tri/nguoi-dung/1',
    ]) {
      await page.goto(`${server.url}${path}`);
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('Bạn không có quyền truy cập');
      expect(await page.getByRole('table').count()).toBe(0);
    }
    await axeCheck(page, 'denied (phone)');
    await screenshot(page, 'users-denied-phone');
    // The server refuses too, whatever the page does.
    const response = await page.request.get(`${server.url}/api/admin/users`);
    expect(response.status()).toBe(403);
  });

  it('pages through many accounts, the page and the search kept in the address', async () => {
    const tenant = await server.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= 25; i++)
      await createStaffUser(server.ctx, {
        tenantId: tenant.id,
        actor: null,
        username: `motcua.${String(i).padStart(2, '0')}`,
        name: `Cán bộ một cửa số ${i}`,
        role: 'counter_officer',
        unitId: unitIds.get(WARD) ?? null,
        password: 'MotCua@2025',
      });
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'admin');
    await page.goto(`${server.url}/quan-tri/nguoi-dung?q=motcua.`);
    const table = page.getByRole('table', { name: 'Danh sách người dùng' });
    await expect.poll(() => table.getByRole('row').count()).toBe(21);
    const pages = page.getByRole('navigation', { name: 'Phân trang' });
    expect(await pages.textContent()).toContain('Hiển thị 1–20 trên 25');
    await pages.getByRole('button', { name: 'Trang 2' }).click();
    await page.waitForURL(/q=motcua.*page=2|page=2.*q=motcua/);
    await expect.poll(() => table.getByRole('row').count()).toBe(6);
    expect(await pages.textContent()).toContain('Hiển thị 21–25 trên 25');
    // The list stays mounted while the next page loads: focus stays on the page button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Trang 2',
    );
    await checkBothWidths(page, 'list-page-2');
    await page.goBack();
    await expect.poll(() => table.getByRole('row').count()).toBe(21);
    expect(await page.getByLabel('Tên hoặc tên đăng nhập').inputValue()).toBe('motcua.');
    expect(realProblems(problems)).toEqual([]);
  }, 60_000);
});
