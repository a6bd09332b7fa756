import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetTenantRules } from '../../src/modules/dossiers/dossier.rules.js';
import { performAction, receiveDossier } from '../../src/modules/dossiers/dossier.service.js';
import { insertProcedure } from '../../src/modules/dossiers/dossier.test-support.js';
import type { Actor } from '../../src/platform/auth/actor.js';
import { createContext } from '../../src/platform/context.js';
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

/** `lookAtBothWidths` with this journey's screenshot names, and every column fits at 1280 px. */
async function checkBothWidths(page: Page, name: string): Promise<void> {
  await lookAtBothWidths(page, 'scorecards', name, DESKTOP);
  expect(await tableOverflows(page), `${name}: the table scrolls sideways at desktop width`).toBe(
    false,
  );
}

/** Whether the scorecard table is wider than its frame (every column should fit at 1280 px). */
function tableOverflows(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const frame = document.querySelector<HTMLElement>('.scorecard-results .table-frame');
    return frame !== null && frame.scrollWidth > frame.clientWidth;
  });
}

/** The first Monday of March of `year`, 09:00 in Vietnam, as epoch ms. */
function firstMondayOfMarch(year: number): number {
  const first = new Date(Date.UTC(year, 2, 1));
  const offset = (8 - first.getUTCDay()) % 7;
  return Date.UTC(year, 2, 1 + offset, 2, 0);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.skipIf(!hasChromium)('staff scorecards in the back office', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** This year and last year as the period picker counts them; the dossiers are of last year. */
  const thisYear = new Date().getUTCFullYear();
  const lastYear = thisYear - 1;
  const march = `${lastYear}-03`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.ctx.db;
    const tenant = await db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    const unitId = async (code: string) =>
      (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow())
        .id;
    const centre = await unitId('000.00.01.H40');
    const justice = await unitId('000.00.12.H40');
    const actor = async (username: string, role: Actor['grants'][number]['role'], unit: number) => {
      const user = await db
        .selectFrom('users')
        .select(['id', 'full_name'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return {
        userId: user.id,
        tenantId: tenant.id,
        kind: 'staff',
        name: user.full_name,
        grants: [{ role, unitId: unit }],
        via: 'session',
      } satisfies Actor as Actor;
    };
    const counter = await actor('tiepnhan', 'counter_officer', centre);
    const specialist = await actor('chuyenvien', 'specialist', justice);
    const leader = await actor('lanhdao', 'leader', justice);

    // A birth-registration-like procedure of the justice department: five working days, four
    // steps (counter → specialist → leader → counter).
    const procedureCode = '1.SC0001';
    await insertProcedure(db, tenant.id, {
      code: procedureCode,
      agencyUnitId: justice,
      promisedLimit: 5,
      limitUnit: 'working_days',
    });
    forgetTenantRules(db);

    // The app's own use cases on the same database, with a clock set to last year.
    const clock = { now: new Date() };
    const ctx = createContext(server.database, server.ctx.config, () => clock.now);
    const at = (ms: number) => {
      clock.now = new Date(ms);
    };
    const receive = async () =>
      (
        await receiveDossier(ctx, {
          actor: counter,
          input: {
            procedureCode,
            receivingUnitId: centre,
            applicant: {
              kind: 'individual',
              name: 'Nguyễn Văn Dân',
              idNumber: '001090012345',
              phone: '0912345678',
              address: 'Tân Phong, Lai Châu',
            },
            components: [{ code: 'TP01' }, { code: 'TP02' }],
            channel: 1,
            delivery: { method: 'counter' },
            decision: 'complete',
          },
        })
      ).id;
    const act = async (
      who: Actor,
      dossierId: number,
      action: string,
      version: number,
      input: Record<string, unknown> = {},
    ) => (await performAction(ctx, { actor: who, dossierId, action, version, input })).version;

    // March last year. A: the whole journey, every step on time. B: transferred a week late.
    // C: transferred on time to the specialist, who still holds it (long overdue now).
    const monday = firstMondayOfMarch(lastYear);
    at(monday);
    const a = await receive();
    const b = await receive();
    const c = await receive();
    at(monday + HOUR);
    let v = await act(counter, a, 'transfer', 1);
    await act(counter, c, 'transfer', 1, { assigneeId: specialist.userId });
    at(monday + DAY);
    v = await act(specialist, a, 'propose_result', v, { outcome: 'approved' });
    at(monday + 2 * DAY);
    v = await act(leader, a, 'approve', v);
    at(monday + 3 * DAY);
    await act(counter, a, 'return_result', v);
    at(monday + 7 * DAY + HOUR);
    await act(counter, b, 'transfer', 1);
    // Ratings in March: A very satisfied with the staff, B dissatisfied.
    for (const [dossierId, staff] of [
      [a, 5],
      [b, 2],
    ] as const)
      await db
        .insertInto('dossier_ratings')
        .values({
          tenant_id: tenant.id,
          dossier_id: dossierId,
          access: 4,
          procedure: 4,
          staff,
          result: 4,
          created_at: new Date(monday + 17 * DAY),
        })
        .execute();
    // April: D received and transferred on time to the specialist, who also holds it now.
    at(monday + 35 * DAY);
    const d = await receive();
    at(monday + 35 * DAY + HOUR);
    await act(counter, d, 'transfer', 1, { assigneeId: specialist.userId });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const table = (page: Page) => page.getByRole('table', { name: 'Bảng điểm cán bộ' });
  const row = (page: Page, name: string) => table(page).getByRole('row').filter({ hasText: name });
  /** A row's cells as text, by column heading. */
  const cells = async (page: Page, name: string): Promise<Record<string, string>> => {
    const headers = await table(page).locator('thead th').allTextContents();
    const values = await row(page, name).locator('th, td').allTextContents();
    return Object.fromEntries(
      headers.map((h, i) => [h.replace(/[▲▼↕]/g, '').trim(), (values[i] ?? '').trim()]),
    );
  };
  const names = (page: Page) => table(page).locator('tbody th .scorecard-name').allTextContents();
  const tile = (scope: ReturnType<Page['locator']>, figure: string) =>
    scope.locator(`[data-figure="${figure}"] dd`);

  it('a leader sees the officers of their department, changes the period and sorts', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'lanhdao');
    await page
      .getByRole('navigation', { name: 'Điều hướng quản trị' })
      .getByRole('link', { name: 'Bảng điểm cán bộ' })
      .click();
    await page.waitForURL(`${server.url}/quan-tri/bang-diem-can-bo`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bảng điểm cán bộ');

    // This year: nothing done yet, so the rates are "—", but the specialist holds two dossiers
    // past their step's due time, marked in words.
    await row(page, 'Trần Văn Thẩm Định').waitFor();
    expect(await names(page)).toEqual(['Lê Văn Phê Duyệt', 'Trần Văn Thẩm Định']);
    const now = await cells(page, 'Trần Văn Thẩm Định');
    expect(now['Bước đã xử lý']).toBe('0');
    expect(now['Tỷ lệ đúng hạn']).toContain('—');
    expect(now['Đang giữ']).toBe('2⚠ 2 quá hạn');
    expect(now['Cán bộ']).toContain('Giữ 2 hồ sơ quá hạn');
    expect(await cells(page, 'Lê Văn Phê Duyệt')).toMatchObject({
      'Cán bộ': 'Lê Văn Phê DuyệtlanhdaoLãnh đạo — Sở Tư pháp',
    });
    await checkBothWidths(page, 'leader-this-year');

    // March last year, chosen in the picker: the period goes into the address.
    await page.getByLabel('Kỳ đánh giá').selectOption(march);
    await page.waitForURL(new RegExp(`period=${march}`));
    await expect
      .poll(async () => (await cells(page, 'Trần Văn Thẩm Định'))['Bước đã xử lý'])
      .toBe('1');
    expect(await cells(page, 'Trần Văn Thẩm Định')).toMatchObject({
      'Tỷ lệ đúng hạn': '100,0 %1/1 đúng hạn',
      'Tỷ lệ hài lòng': '100,0 %1/1 đánh giá',
      'Hồ sơ đã xử lý': '1',
    });
    expect(await cells(page, 'Lê Văn Phê Duyệt')).toMatchObject({
      'Bước đã xử lý': '1',
      'Tỷ lệ đúng hạn': '100,0 %1/1 đúng hạn',
    });
    const total = page.locator('.scorecard-total');
    expect(await tile(total, 'steps').textContent()).toBe('22 đúng hạn, 0 trễ hạn');
    expect(await tile(total, 'inHand').textContent()).toContain('2 quá hạn');
    expect(await page.getByTestId('scorecard-range').textContent()).toMatch(
      new RegExp(`Từ 01/03/${lastYear} đến 31/03/${lastYear}`),
    );

    // Sorting by name, the other way: the order goes into the address and aria-sort tells it.
    await table(page).getByRole('button', { name: 'Cán bộ' }).click();
    await page.waitForURL(/sort=name&order=desc/);
    await expect.poll(() => names(page)).toEqual(['Trần Văn Thẩm Định', 'Lê Văn Phê Duyệt']);
    expect(await table(page).locator('thead th').first().getAttribute('aria-sort')).toBe(
      'descending',
    );
    // The explanation of the figures opens.
    await page.getByText('Cách tính các chỉ số').click();
    await page.getByText('Bước hoàn thành trước thời hạn của bước đó').waitFor();
    await checkBothWidths(page, 'leader-march');

    // On a phone: a card per officer in the same order, the overdue one marked in words.
    await page.setViewportSize(PHONE);
    const cards = page.locator('.scorecard-cards > li');
    expect(await cards.count()).toBe(2);
    expect(await cards.first().locator('.scorecard-name').textContent()).toBe('Trần Văn Thẩm Định');
    expect(await cards.first().textContent()).toContain('Giữ 2 hồ sơ quá hạn');
    expect(await table(page).isVisible()).toBe(false);
    // The sort list works there too.
    await page.getByLabel('Sắp xếp').selectOption('name-asc');
    await expect
      .poll(() => cards.first().locator('.scorecard-name').textContent())
      .toBe('Lê Văn Phê Duyệt');
    await page.setViewportSize(DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('the reform office sees every officer, filters by unit and downloads the table', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/bang-diem-can-bo?period=${march}`);
    await row(page, 'Nguyễn Thị Một Cửa').waitFor();
    expect(await names(page)).toEqual([
      'Hoàng Văn Xã',
      'Lê Văn Phê Duyệt',
      'Nguyễn Thị Một Cửa',
      'Trần Văn Thẩm Định',
    ]);
    expect(await cells(page, 'Nguyễn Thị Một Cửa')).toMatchObject({
      'Tiếp nhận': '3',
      'Bước đã xử lý': '31 trễ hạn',
      'Tỷ lệ đúng hạn': '66,7 %2/3 đúng hạn',
      'Trả kết quả': '1',
      'Hồ sơ đã xử lý': '3',
      'Tỷ lệ hài lòng': '50,0 %1/2 đánh giá',
    });
    // An officer with nothing in the period: dashes, not 0 %.
    expect(await cells(page, 'Hoàng Văn Xã')).toMatchObject({
      'Tỷ lệ đúng hạn': '—chưa có gì để tính',
      'Tỷ lệ hài lòng': '—chưa có gì để tính',
    });
    const total = page.locator('.scorecard-total');
    expect(await tile(total, 'received').textContent()).toBe('3');
    expect(await tile(total, 'onTimeRate').textContent()).toBe('80,0 %');
    expect(await page.locator('.scorecard-total h2').textContent()).toContain('4 cán bộ');

    // Lowest on-time share first; an officer with nothing counted stays last.
    await table(page).getByRole('button', { name: 'Tỷ lệ đúng hạn' }).click();
    await page.waitForURL(/sort=onTimeRate&order=asc/);
    await expect
      .poll(() => names(page))
      .toEqual(['Nguyễn Thị Một Cửa', 'Lê Văn Phê Duyệt', 'Trần Văn Thẩm Định', 'Hoàng Văn Xã']);
    await checkBothWidths(page, 'reform-march');

    // The CSV: the rows in the order shown and the total.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải bảng (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bang-diem-can-bo-${march}.csv`);
    const csv = await (await download.createReadStream()).toArray();
    const lines = Buffer.concat(csv)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toMatch(/^Cán bộ,Tên đăng nhập,"Vai trò, đơn vị",Tiếp nhận,/);
    expect(lines[1]).toMatch(
      /^Nguyễn Thị Một Cửa,tiepnhan,Cán bộ tiếp nhận.*,3,3,2,1,66\.7,1,0,3,2,1,50,0,0$/,
    );
    // The total counts a dossier (and its rating) three officers shared once.
    expect(lines[5]).toBe('Tổng cộng,,,3,5,4,1,80,1,0,3,2,1,50,2,2');

    // One unit: the justice department (its subtree); the choice goes into the address.
    await page.getByLabel('Đơn vị (kể cả đơn vị trực thuộc)').selectOption('000.00.12.H40');
    await page.waitForURL(/unit=000\.00\.12\.H40/);
    await expect.poll(() => names(page)).toEqual(['Lê Văn Phê Duyệt', 'Trần Văn Thẩm Định']);
    // The whole of last year: April's dossier counts too.
    await page.getByLabel('Đơn vị (kể cả đơn vị trực thuộc)').selectOption('');
    await page.waitForURL((url) => !url.searchParams.has('unit'));
    await page.getByLabel('Kỳ đánh giá').selectOption(String(lastYear));
    await page.waitForURL(new RegExp(`period=${lastYear}(&|$)`));
    await expect.poll(async () => (await cells(page, 'Nguyễn Thị Một Cửa'))['Tiếp nhận']).toBe('4');
    expect((await cells(page, 'Nguyễn Thị Một Cửa'))['Tỷ lệ đúng hạn']).toBe('75,0 %3/4 đúng hạn');
    await checkBothWidths(page, 'reform-year');

    // In English: the same figures, English number format.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff scorecards');
    const english = page.getByRole('table', { name: 'Staff scorecards' });
    expect(
      await english.getByRole('row').filter({ hasText: 'Nguyễn Thị Một Cửa' }).textContent(),
    ).toContain('75.0%3/4 on time');
    expect(await tableOverflows(page)).toBe(false);
    await axeCheck(page, 'scorecards in English');
    await screenshot(page, 'scorecards-reform-year-en-desktop');
    expect(realProblems(problems)).toEqual([]);
  });

  it('a counter officer sees their own results on the home page and not the leaders’ page', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'tiepnhan');
    const mine = page.getByRole('region', { name: 'Kết quả của tôi' });
    await mine.waitFor();
    await mine.getByLabel('Kỳ đánh giá').selectOption(String(lastYear));
    await page.waitForURL(new RegExp(`period=${lastYear}`));
    await expect.poll(() => tile(mine, 'received').textContent()).toBe('4');
    expect(await tile(mine, 'steps').textContent()).toBe('43 đúng hạn, 1 trễ hạn');
    expect(await tile(mine, 'onTimeRate').textContent()).toBe('75,0 %');
    expect(await tile(mine, 'satisfactionRate').textContent()).toBe('50,0 %1/2 đánh giá hài lòng');
    expect(await tile(mine, 'inHand').textContent()).toBe('0');
    // No link to the leaders' page, in the menu or the section.
    expect(await page.getByRole('link', { name: 'Bảng điểm cán bộ' }).count()).toBe(0);
    expect(await mine.getByRole('link').count()).toBe(0);
    await checkBothWidths(page, 'mine-counter');

    await page.goto(`${server.url}/quan-tri/bang-diem-can-bo`);
    await page.getByRole('heading', { name: 'Bạn không có quyền truy cập' }).waitFor();
    // And the API refuses too.
    const refused = await page.request.get(`${server.url}/api/scorecards/staff?period=${march}`);
    expect(refused.status()).toBe(403);
    expect(realProblems(problems)).toEqual([]);
  });

  it('a specialist sees the overdue dossiers they hold; an administrator has no results section', async () => {
    const { context, page } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'chuyenvien');
    const mine = page.getByRole('region', { name: 'Kết quả của tôi' });
    await expect.poll(() => tile(mine, 'inHand').textContent()).toBe('22 quá hạn');
    expect(await mine.locator('.scorecard-figure-alert').count()).toBe(1);
    await checkBothWidths(page, 'mine-specialist');

    const admin = await openPage(browser, { viewport: DESKTOP });
    contexts.push(admin.context);
    await signInAsStaff(admin.page, server.url, 'admin');
    await admin.page
      .getByRole('heading', { name: /Chức năng|Màn hình/ })
      .first()
      .waitFor();
    expect(await admin.page.getByRole('region', { name: 'Kết quả của tôi' }).count()).toBe(0);
  });
});
