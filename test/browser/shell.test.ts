import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeCheck,
  DESKTOP,
  hasChromium,
  hasHorizontalScroll,
  launchBrowser,
  openPage,
  PHONE,
  realProblems,
  screenshot,
  signInAsStaff,
  startServer,
  type TestServer,
} from './harness.js';

async function rootFontSize(page: Page): Promise<number> {
  return page.evaluate(() =>
    Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
  );
}

describe.skipIf(!hasChromium)('the web app shell in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs staff in, switches language, text size and contrast, and stays accessible on a desktop', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Cổng dịch vụ công');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.title()).toContain('Một Cửa');

    // The first Tab lands on the skip link, which leads to <main>.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await axeCheck(page, 'home');
    await screenshot(page, 'home-desktop');

    // A wrong password: the API's message, in Vietnamese, tied to the page as an alert.
    await page.goto(`${server.url}/dang-nhap`);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('wrong-password');
    await page.locator('form button[type="submit"]').click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Sai tên đăng nhập hoặc mật khẩu');
    // Empty fields are refused on the page with messages tied to each field.
    await page.locator('input[name="username"]').fill('');
    await page.locator('form button[type="submit"]').click();
    const username = page.locator('input[name="username"]');
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    const description = await username.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toContain('Vui lòng nhập tên đăng nhập');
    await axeCheck(page, 'staff sign-in with errors');
    await screenshot(page, 'signin-errors-desktop');

    await signInAsStaff(page, server.url, 'admin');
    await expect
      .poll(() => page.locator('h1').textContent())
      .toContain('Xin chào, Quản trị hệ thống');
    const sideNav = page.getByRole('navigation', { name: 'Điều hướng quản trị' });
    await expect.poll(() => sideNav.textContent()).toContain('Hộp thư đi');
    await axeCheck(page, 'back office (vi)');

    // English: the page, <html lang>, the cookie the API reads.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Hello, Quản trị hệ thống');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect((await context.cookies()).find((cookie) => cookie.name === 'lang')?.value).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    // Text size: A+ twice, then A− once; the choice survives a reload.
    const normal = await rootFontSize(page);
    await page.getByRole('button', { name: 'Larger text' }).click();
    await page.getByRole('button', { name: 'Larger text' }).click();
    // Chromium may report the old computed size for a moment after the attribute changes.
    await expect.poll(() => rootFontSize(page)).toBeGreaterThan(normal * 1.3);
    await page.getByRole('button', { name: 'Smaller text' }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.textSize))
      .toBe('large');
    await expect.poll(() => rootFontSize(page)).toBeLessThan(normal * 1.3);
    const large = await rootFontSize(page);
    expect(large).toBeGreaterThan(normal);

    // High contrast: black page, light text; axe checks the contrast of every text.
    await page.getByRole('button', { name: 'High contrast' }).click();
    expect(
      await page.evaluate(() => document.documentElement.classList.contains('high-contrast')),
    ).toBe(true);
    // Polled: the switch may animate, and Chromium reports the computed colour mid-way.
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toBe('rgb(0, 0, 0)');
    await axeCheck(page, 'back office (en, large, high contrast)');
    await screenshot(page, 'office-desktop-en-large-contrast');

    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Hello');
    await expect.poll(() => rootFontSize(page)).toBe(large);
    expect(
      await page.evaluate(() => document.documentElement.classList.contains('high-contrast')),
    ).toBe(true);

    // Back to the defaults, then sign out: the API now answers errors in English.
    await page.getByRole('button', { name: 'Default text size' }).click();
    await page.getByRole('button', { name: 'High contrast' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/dang-nhap`);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('still-wrong');
    await page.locator('form button[type="submit"]').click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Wrong user name or password');

    // The back office sends anonymous visitors to sign in and back afterwards.
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await page.waitForURL(/\/dang-nhap\?next=/);
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  }, 90_000);

  it('answers client routes with the app and a missing build file with 404', async () => {
    // A procedure code has dots: only the build's own folder is excluded from the fallback.
    const route = await fetch(`${server.url}/thu-tuc/1.000001`);
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toContain('text/html');
    const asset = await fetch(`${server.url}/assets/index-gone.js`);
    expect(asset.status).toBe(404);
    expect(await asset.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('tells a locked-out account why, in the user language', async () => {
    const { context, page } = await openPage(browser, { viewport: DESKTOP });
    await page.goto(`${server.url}/dang-nhap`);
    for (let attempt = 0; attempt < 6; attempt++) {
      await page.locator('input[name="username"]').fill('cchc');
      await page.locator('input[name="password"]').fill(`wrong-${attempt}`);
      await page.locator('form button[type="submit"]').click();
      await page.getByRole('alert').waitFor();
      await page.waitForFunction(() => !document.querySelector('button[aria-busy="true"]'));
    }
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Tài khoản tạm khóa');
    await axeCheck(page, 'locked account');
    await context.close();
  });

  it('fits a 360 px phone without sideways scrolling, with a menu button and role-filtered back office', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Cổng dịch vụ công');
    expect(await hasHorizontalScroll(page)).toBe(false);
    const menu = page.getByRole('button', { name: 'Danh mục' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await axeCheck(page, 'home (phone)');
    await screenshot(page, 'home-phone');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Tra cứu hồ sơ');
    // Focus moves to the new content after a navigation.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // A malformed code is refused on the page; a well-formed unknown one gets the server's answer.
    await page.locator('input[name="code"]').fill('abc');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await expect
      .poll(() => page.locator('.field-error').textContent())
      .toContain('không đúng định dạng');
    await page.locator('input[name="code"]').fill('000.00.01.H40-250715-9999');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(
        expect.stringContaining('Không tìm thấy hồ sơ có mã 000.00.01.H40-250715-9999'),
      );
    expect(page.url()).toContain('ma=000.00.01.H40-250715-9999');
    await axeCheck(page, 'look-up (phone)');

    await page.getByRole('button', { name: 'A+' }).click();
    await page.getByRole('button', { name: 'A+' }).click();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.getByRole('button', { name: 'Cỡ chữ mặc định' }).click();

    await signInAsStaff(page, server.url, 'tiepnhan');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Nguyễn Thị Một Cửa');
    const sideNav = page.getByRole('navigation', { name: 'Điều hướng quản trị' });
    await expect.poll(() => sideNav.textContent()).toContain('Hồ sơ');
    expect(await sideNav.textContent()).not.toContain('Người dùng');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await axeCheck(page, 'back office (phone)');
    await screenshot(page, 'office-phone');
    // On a phone the side menu opens from a button, and closes once a screen is chosen.
    const menuButton = sideNav.getByRole('button', { name: 'Menu quản trị' });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await sideNav.getByRole('link', { name: 'Hồ sơ', exact: true }).isVisible()).toBe(false);
    await menuButton.click();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    await axeCheck(page, 'back-office menu open (phone)');
    await screenshot(page, 'office-menu-phone');
    await sideNav.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    await page.waitForURL(`${server.url}/quan-tri/ho-so`);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');

    // A counter officer who opens an administrator's screen is told so, not shown it.
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Bạn không có quyền truy cập');
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  });
  it('signs a citizen in with a one-time code sent by SMS', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await page.goto(`${server.url}/dang-nhap/cong-dan`);
    await page.locator('input[name="destination"]').fill('0912 345 67');
    await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
    await expect.poll(() => page.locator('.field-error').textContent()).toContain('không hợp lệ');
    await page.locator('input[name="destination"]').fill('0912 345 678');
    await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
    await page.locator('input[name="code"]').waitFor();

    // The code goes out through the outbox; read it where the SMS gateway would.
    const message = await server.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'sms')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const code = /\b(\d{6})\b/.exec(String((message.payload as { text?: string }).text))?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await page.locator('input[name="code"]').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Mã xác thực không đúng');
    await page.locator('input[name="code"]').fill(code!);
    await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(1);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await axeCheck(page, 'home, citizen signed in (phone)');
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  });
});
