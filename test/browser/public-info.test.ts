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
 * Public information: an officer publishes a hotline (deletes and restores it), plans a year of citizen-reception
 * sessions by rule, cancels one, edits one, deletes one, records today's outcome, reads the
 * year's statistics, restores the deleted session and reads a quarter's statistics; a citizen
 * on a phone finds the hotline without typing diacritics, the next session with the cancelled
 * one's reason, and the year's and the quarter's results in numbers.
 */
/** What a leader noted of a citizen's case: stays in the back office. */
const PRIVATE_NOTE = 'Bà Trần Thị Mật phản ánh việc chậm cấp sổ đỏ';

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Today's date in Vietnam (YYYY-MM-DD), as the server reckons it. */
function todayInVietnam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}

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

  it('an officer publishes a hotline, plans sessions, cancels, edits, deletes and restores one, reads the statistics by year and quarter', async () => {
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

    // Deleted by mistake, then restored from the deleted list as it was.
    page.once('dialog', (d) => void d.accept());
    await table.getByRole('button', { name: /^Xóa Tiếp nhận phản ánh/ }).click();
    await page.getByText('Đã xóa đường dây nóng').waitFor();
    await table.getByText('Chưa có đường dây nóng').waitFor();
    const deletedHotlines = page.getByRole('table', { name: 'Đường dây nóng đã xóa' });
    const deletedRow = deletedHotlines.getByRole('row', { name: /Tiếp nhận phản ánh/ });
    await deletedRow.waitFor();
    expect(await deletedRow.textContent()).toMatch(
      /0213 387 6543\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}, Lê Văn Phê Duyệt/,
    );
    await lookAtBothWidths(page, 'public-info', 'office-deleted-hotlines', DESKTOP);
    await deletedHotlines.getByRole('button', { name: /^Khôi phục Tiếp nhận phản ánh/ }).click();
    await page.getByText('Đã khôi phục đường dây nóng').waitFor();
    await table.getByRole('link', { name: '0213 387 6543' }).waitFor();
    await deletedHotlines.getByText('Không có đường dây nóng nào đã xóa').waitFor();

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
    // The sessions of the first quarter, for its statistics below ("Thứ Năm, 14/1/2027").
    const planDates = await page.locator('.pi-dates li').allTextContents();
    const firstQuarter = planDates.filter((d) => /, \d+\/[123]\/\d{4}$/.test(d)).length;
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
    // A cancelled session is history: no action is offered on it.
    expect(await cards.first().getByRole('button').count()).toBe(0);

    // The second session moves to the afternoon, in another room: edited in place.
    await cards.nth(1).getByRole('button', { name: /^Sửa/ }).click();
    const edit = page.getByRole('dialog');
    await edit.getByText('dùng “Dời lịch”', { exact: false }).waitFor();
    await edit.getByLabel('Bắt đầu').fill('14:00');
    await edit.getByLabel('Kết thúc').fill('11:00');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await edit.getByText('Kết thúc: giờ kết thúc phải sau giờ bắt đầu').waitFor();
    await lookAtBothWidths(page, 'public-info', 'office-edit-session', DESKTOP);
    await edit.getByLabel('Kết thúc').fill('16:30');
    await edit.getByLabel('Địa điểm', { exact: true }).fill('Hội trường tầng 2, Sở Tư pháp');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu buổi tiếp').waitFor();
    await expect.poll(() => cards.nth(1).textContent()).toContain('Hội trường tầng 2');
    expect(await cards.nth(1).textContent()).toContain('14:00–16:30');

    // The last one was entered by mistake: deleted after a confirmation.
    await cards.last().getByRole('button', { name: /^Xóa/ }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Chỉ xóa buổi nhập nhầm', { exact: false }).waitFor();
    await lookAtBothWidths(page, 'public-info', 'office-delete-session', DESKTOP);
    await confirm.getByRole('button', { name: 'Xóa buổi tiếp' }).click();
    await page.getByText('Đã xóa buổi tiếp').waitFor();
    await expect.poll(() => cards.count()).toBe(count - 1);
    // It waits among the deleted sessions, with when and by whom.
    const deletedSection = page.getByRole('region', { name: 'Buổi tiếp đã xóa' });
    const deletedCards = deletedSection.getByRole('listitem');
    await expect.poll(() => deletedCards.count()).toBe(1);
    expect(await deletedCards.first().textContent()).toMatch(
      /Xóa lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} bởi Lê Văn Phê Duyệt/,
    );
    expect(await deletedCards.first().textContent()).toContain(planDates.at(-1)!);

    // Today's session, held: its outcome counts in this year's statistics.
    await plan.getByLabel('Một buổi').check();
    await plan.getByLabel('Ngày tiếp').fill(todayInVietnam());
    await plan.getByRole('button', { name: 'Thêm buổi tiếp' }).click();
    await page.getByText('Đã thêm buổi tiếp').waitFor();
    await expect.poll(() => cards.count()).toBe(count);
    const today = cards.first();
    await today.getByRole('button', { name: /^Ghi kết quả/ }).click();
    const outcome = page.getByRole('dialog');
    await outcome.getByLabel('Số lượt công dân được tiếp').fill('6');
    await outcome.getByLabel('Số vụ việc ghi nhận').fill('2');
    await outcome.getByLabel('Ghi chú kết quả').fill(PRIVATE_NOTE);
    await outcome.getByRole('button', { name: 'Lưu kết quả' }).click();
    await today.getByText('Đã tiếp', { exact: true }).waitFor();

    const thisYear = Number(todayInVietnam().slice(0, 4));
    const stats = page.getByRole('table', {
      name: `Thống kê tiếp công dân năm ${thisYear}: Mọi đơn vị tôi quản lý`,
    });
    const cellsOf = async (name: string | RegExp) =>
      (await stats.getByRole('row', { name }).getByRole('cell').allTextContents()).map(Number);
    // planned, held, cancelled, moved, still scheduled, citizens, cases
    await expect.poll(() => cellsOf(/Sở Tư pháp/)).toEqual([1, 1, 0, 0, 0, 6, 2]);
    expect(await cellsOf(/Tổng cộng/)).toEqual([1, 1, 0, 0, 0, 6, 2]);
    const statsForm = page.locator('.pi-stats form');
    await statsForm.getByLabel('Năm').selectOption(String(nextYear));
    await statsForm.getByRole('button', { name: 'Xem thống kê' }).click();
    const next = page.getByRole('table', { name: new RegExp(`năm ${nextYear}`) });
    await next.waitFor();
    expect(
      (
        await next
          .getByRole('row', { name: /Tổng cộng/ })
          .getByRole('cell')
          .allTextContents()
      ).map(Number),
    ).toEqual([count - 1, 0, 1, 0, count - 2, 0, 0]);
    expect(
      await page
        .getByRole('link', { name: `Tải thống kê năm ${nextYear} (tệp CSV)` })
        .getAttribute('href'),
    ).toBe(`/api/public-info/reception/stats/export.csv?year=${nextYear}`);
    await page.locator('.pi-stats').scrollIntoViewIfNeeded();
    await lookAtBothWidths(page, 'public-info', 'office-reception-stats', DESKTOP);

    // The last session was deleted by mistake after all: restored, it counts again.
    await deletedSection.scrollIntoViewIfNeeded();
    await lookAtBothWidths(page, 'public-info', 'office-deleted-sessions', DESKTOP);
    await deletedSection.getByRole('button', { name: /^Khôi phục/ }).click();
    await page.getByText('Đã khôi phục buổi tiếp').waitFor();
    await deletedSection.getByText('Không có buổi tiếp nào đã xóa').waitFor();
    await expect.poll(() => cards.count()).toBe(count + 1);
    expect(await cards.last().textContent()).toContain('Theo lịch');
    await expect
      .poll(async () =>
        (
          await next
            .getByRole('row', { name: /Tổng cộng/ })
            .getByRole('cell')
            .allTextContents()
        ).map(Number),
      )
      .toEqual([count, 0, 1, 0, count - 1, 0, 0]);

    // The first quarter only, as provinces report it: the cancelled session and the others.
    await statsForm.getByLabel('Quý').selectOption({ label: 'Quý I (tháng 1–3)' });
    await statsForm.getByRole('button', { name: 'Xem thống kê' }).click();
    const quarter = page.getByRole('table', {
      name: `Thống kê tiếp công dân quý I năm ${nextYear}: Mọi đơn vị tôi quản lý`,
    });
    await quarter.waitFor();
    expect(
      (
        await quarter
          .getByRole('row', { name: /Tổng cộng/ })
          .getByRole('cell')
          .allTextContents()
      ).map(Number),
    ).toEqual([firstQuarter, 0, 1, 0, firstQuarter - 1, 0, 0]);
    const quarterCsv = page.getByRole('link', {
      name: `Tải thống kê quý I năm ${nextYear} (tệp CSV)`,
    });
    expect(await quarterCsv.getAttribute('href')).toBe(
      `/api/public-info/reception/stats/export.csv?year=${nextYear}&quarter=1`,
    );
    const csv = await page.request.get(
      new URL((await quarterCsv.getAttribute('href'))!, server.url).href,
    );
    expect(csv.headers()['content-disposition']).toContain(
      `thong-ke-tiep-cong-dan-${nextYear}-Q1.csv`,
    );
    expect((await csv.text()).trimEnd().split('\n').at(-1)).toContain(
      `Tổng cộng / Total Quý I/${nextYear} (Q1 ${nextYear})`,
    );
    await page.locator('.pi-stats').scrollIntoViewIfNeeded();
    await lookAtBothWidths(page, 'public-info', 'office-reception-quarter', DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('a citizen on a phone finds the hotline, the next reception session and the year’s results', async () => {
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
    await page.getByLabel('Cơ quan, đơn vị', { exact: true }).selectOption('000.00.12.H40');
    await page.getByRole('button', { name: 'Xem lịch' }).click();
    const sessions = page.locator('.pi-list > li');
    await sessions.first().waitFor();
    // The cancelled January session stays listed with its reason; the next one is scheduled.
    expect(await sessions.first().textContent()).toContain('Đã hủy');
    expect(await sessions.first().textContent()).toContain('Lãnh đạo họp HĐND tỉnh');
    const next = sessions.nth(1);
    expect(await next.textContent()).toContain('Theo lịch');
    expect(await next.textContent()).toContain('Lê Văn Phê Duyệt');
    // As edited in the back office.
    expect(await next.textContent()).toContain('14:00–16:30');
    expect(await next.textContent()).toContain('Hội trường tầng 2, Sở Tư pháp');
    const ics = page.getByRole('link', { name: /Tải lịch của Sở Tư pháp/ });
    const response = await page.request.get(
      new URL((await ics.getAttribute('href'))!, server.url).href,
    );
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toContain('STATUS:CANCELLED');
    // This year's results in numbers, never what citizens raised.
    const thisYear = Number(todayInVietnam().slice(0, 4));
    const results = page.getByRole('region', { name: 'Kết quả tiếp công dân' });
    await results.getByText(`Năm ${thisYear}: đã tiếp công dân 1 buổi, 6 lượt công dân.`).waitFor();
    expect(
      await results
        .getByRole('table')
        .getByRole('row', { name: /Sở Tư pháp/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['1', '6']);
    expect(await page.content()).not.toContain(PRIVATE_NOTE);
    await results.getByLabel('Năm', { exact: true }).selectOption(String(thisYear - 1));
    await results
      .getByText(`Năm ${thisYear - 1}: đã tiếp công dân 0 buổi, 0 lượt công dân.`)
      .waitFor();
    await results.getByLabel('Năm', { exact: true }).selectOption(String(thisYear));
    await results.getByText(`Năm ${thisYear}: đã tiếp công dân 1 buổi`, { exact: false }).waitFor();
    // By quarter: today's session is in this quarter, and in no other of the year.
    const q = Math.ceil(Number(todayInVietnam().slice(5, 7)) / 3);
    const other = (q % 4) + 1;
    await results.getByLabel('Quý', { exact: true }).selectOption(String(other));
    await results
      .getByText(
        `Quý ${ROMAN[other - 1]} năm ${thisYear}: đã tiếp công dân 0 buổi, 0 lượt công dân.`,
      )
      .waitFor();
    await results.getByLabel('Quý', { exact: true }).selectOption(String(q));
    await results
      .getByText(`Quý ${ROMAN[q - 1]} năm ${thisYear}: đã tiếp công dân 1 buổi, 6 lượt công dân.`)
      .waitFor();
    expect(
      await results
        .getByRole('table', {
          name: `Kết quả tiếp công dân quý ${ROMAN[q - 1]} năm ${thisYear} theo cơ quan, đơn vị`,
        })
        .getByRole('row', { name: /Sở Tư pháp/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['1', '6']);
    await screenshot(page, 'public-info-reception-phone');
    await expectNoSidewaysScroll(page, 'reception on a phone');
    await axeCheck(page, 'reception (phone)');
    await page.setViewportSize(DESKTOP);
    await axeCheck(page, 'reception (desktop)');
    await screenshot(page, 'public-info-reception-desktop');
    expect(realProblems(problems)).toEqual([]);
  });
});
