import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJourneyProcedure,
  download,
  PROCEDURE,
  pdfText,
  scanPdf,
} from './dossier-support.js';
import {
  axeCheck,
  DESKTOP,
  expectTablesFitFrames,
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

interface Officer {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

describe.skipIf(!hasChromium)(
  'issue 4: a dossier from the counter to the result, in Chromium',
  () => {
    let server: TestServer;
    let browser: Browser;
    const officers: Officer[] = [];
    let code = '';
    let dossierUrl = '';

    const officer = async (username: string, viewport = DESKTOP): Promise<Officer> => {
      const o = await openPage(browser, { viewport });
      officers.push(o);
      await signInAsStaff(o.page, server.url, username);
      return o;
    };

    const status = (page: Page) => page.getByTestId('dossier-status').textContent();

    /** Clicks an allowed action on the dossier page, fills its dialog and confirms. */
    const act = async (
      page: Page,
      action: string,
      fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
    ) => {
      await page.locator(`[data-action="${action}"]`).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      if (fill) await fill(dialog);
      await dialog.getByRole('button', { name: 'Xác nhận' }).click();
      await dialog.waitFor({ state: 'hidden' });
    };

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(), launchBrowser()]);
      await createJourneyProcedure(server);
    });

    afterAll(async () => {
      for (const o of officers) await o.context.close().catch(() => undefined);
      await browser?.close();
      await server?.close();
    });

    it('receives, asks for and records a supplement, proposes, approves and returns the result, with legible PDF forms', async () => {
      // ── The counter officer receives the dossier ───────────────────────────────────────────
      const counter = await officer('tiepnhan');
      const cp = counter.page;
      await cp.goto(`${server.url}/quan-tri/ho-so/tiep-nhan`);
      await expect.poll(() => cp.locator('h1').textContent()).toBe('Tiếp nhận hồ sơ');
      await axeCheck(cp, 'reception (empty)');
      await screenshot(cp, 'dossier-reception-desktop');

      // The catalogue search ignores diacritics: "dang ky khai sinh" finds "Đăng ký khai sinh".
      await cp.getByLabel('Tìm thủ tục').fill('dang ky khai sinh');
      await cp.getByRole('button', { name: new RegExp(PROCEDURE.name) }).click();
      await expect
        .poll(() => cp.getByTestId('chosen-procedure').textContent())
        .toContain(PROCEDURE.name);

      // Client-side checks first: a bad citizen ID is refused on the field, focus moves to it.
      await cp.getByLabel('Họ và tên').fill('Nguyễn Văn Dân');
      const idField = cp.getByLabel('Số định danh cá nhân (CCCD)');
      await idField.fill('12345');
      await cp.getByRole('button', { name: 'Tiếp nhận và cấp giấy hẹn' }).click();
      await expect.poll(() => idField.getAttribute('aria-invalid')).toBe('true');
      expect(await cp.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
        'applicant-id',
      );
      await expect.poll(() => cp.getByText('Số định danh cá nhân gồm 12 chữ số').count()).toBe(1);
      // …and an unticked required component is named.
      await idField.fill('001090012345');
      await cp.getByRole('button', { name: 'Tiếp nhận và cấp giấy hẹn' }).click();
      await expect
        .poll(() =>
          cp.getByRole('alert').filter({ hasText: 'Còn thiếu thành phần bắt buộc' }).count(),
        )
        .toBeGreaterThan(0);

      await cp.getByLabel('Số điện thoại').fill('0912 345 678');
      await cp.getByLabel('Địa chỉ', { exact: true }).fill('Phường Tân Phong, tỉnh Lai Châu');
      await cp.getByRole('checkbox', { name: /Tờ khai đăng ký khai sinh/ }).check();
      await cp.getByRole('checkbox', { name: /Giấy chứng sinh/ }).check();
      await cp.getByLabel('Bản quét: Tờ khai đăng ký khai sinh').setInputFiles({
        name: 'To-khai.pdf',
        mimeType: 'application/pdf',
        buffer: scanPdf('tờ khai'),
      });
      await expect.poll(() => cp.getByText('To-khai.pdf').count()).toBe(1);
      await axeCheck(cp, 'reception (filled)');
      await screenshot(cp, 'dossier-reception-filled-desktop');

      // A double click sends one Idempotency-Key: one dossier, never two.
      await cp.getByRole('button', { name: 'Tiếp nhận và cấp giấy hẹn' }).dblclick();
      const codeText = cp.getByTestId('dossier-code');
      await codeText.waitFor();
      code = (await codeText.textContent()) ?? '';
      expect(code).toMatch(/^000\.00\.12\.H40-\d{6}-0001$/);
      expect(
        await cp.evaluate(() => document.activeElement?.classList.contains('reception-result')),
      ).toBe(true);
      await axeCheck(cp, 'reception result');
      await screenshot(cp, 'dossier-reception-result-desktop');

      // The receipt (Form 01) is a PDF with real Vietnamese text and the code.
      const receiptHref = await cp
        .getByRole('link', { name: /In giấy tiếp nhận và hẹn trả kết quả/ })
        .getAttribute('href');
      const receipt = pdfText(await download(cp, server.url, receiptHref!, 'application/pdf'));
      expect(receipt).toContain(code);
      expect(receipt).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
      expect(receipt).toContain('Nguyễn Văn Dân');
      expect(receipt).toContain('Đăng ký khai sinh');
      expect(receipt).toContain('Tờ khai đăng ký khai sinh');

      // ── Bulk hand-over from the queue (the counter transfers to the Department of Justice) ──
      await cp.goto(`${server.url}/quan-tri/ho-so`);
      await expect.poll(() => cp.getByRole('link', { name: code }).count()).toBe(1);
      const search = await cp.request.get(
        `${server.url}/api/dossiers?applicant=${encodeURIComponent('nguyen van dan')}`,
      );
      expect((await search.json()).total).toBe(1);
      await axeCheck(cp, 'queues');
      await expectTablesFitFrames(cp, 'queue at 1280 px');
      await screenshot(cp, 'dossier-queue-desktop');
      await cp.getByRole('checkbox', { name: `Chọn hồ sơ ${code}` }).check();
      await cp.getByRole('button', { name: 'Chuyển xử lý các hồ sơ đã chọn' }).click();
      await expect
        .poll(() => cp.getByText('Đã chuyển 1 hồ sơ, không chuyển được 0 hồ sơ.').count())
        .toBe(1);
      await cp.getByRole('link', { name: code }).click();
      await expect.poll(() => status(cp)).toBe('Đang thẩm định');
      dossierUrl = cp.url();

      // ── The specialist asks for a supplement (the clock pauses; Form 02) ───────────────────
      const specialist = await officer('chuyenvien');
      const sp = specialist.page;
      await sp.goto(`${server.url}/quan-tri/ho-so`);
      await sp.getByRole('link', { name: code }).click();
      await expect.poll(() => status(sp)).toBe('Đang thẩm định');
      await axeCheck(sp, 'dossier page (specialist)');
      await screenshot(sp, 'dossier-page-desktop');
      await act(sp, 'request_supplement', async (dialog) => {
        await dialog
          .getByLabel('Nội dung cần bổ sung (mỗi dòng một mục)')
          .fill('Bản sao giấy chứng nhận kết hôn của cha mẹ\nGiấy xác nhận cư trú');
      });
      await expect.poll(() => status(sp)).toBe('Chờ bổ sung');
      await expect.poll(() => sp.getByTestId('time-left').textContent()).toContain('Đang tạm dừng');
      const form02Href = await sp.locator('a[data-form="02"]').getAttribute('href');
      const form02 = pdfText(await download(sp, server.url, form02Href!, 'application/pdf'));
      expect(form02).toContain(code);
      expect(form02).toContain('Giấy xác nhận cư trú');
      expect(form02).toContain('Bản sao giấy chứng nhận kết hôn của cha mẹ');

      // ── The counter records the supplement with its scan ─────────────────────────────────
      await cp.goto(dossierUrl);
      await expect.poll(() => status(cp)).toBe('Chờ bổ sung');
      await act(cp, 'record_supplement', async (dialog) => {
        await dialog.getByLabel('Giấy tờ bổ sung (bản quét)').setInputFiles({
          name: 'Xac-nhan-cu-tru.pdf',
          mimeType: 'application/pdf',
          buffer: scanPdf('cư trú'),
        });
      });
      await expect.poll(() => status(cp)).toBe('Đang thẩm định');
      await expect
        .poll(() => cp.getByRole('link', { name: 'Xac-nhan-cu-tru.pdf' }).count())
        .toBe(1);

      // The specialist's page is now stale: acting on it reports the conflict and reloads.
      await act(sp, 'record_supplement');
      await expect.poll(() => sp.getByText('Hồ sơ vừa được người khác cập nhật').count()).toBe(1);
      await expect.poll(() => status(sp)).toBe('Đang thẩm định');

      // ── The specialist forwards (proposes the result) ─────────────────────────────────────
      await act(sp, 'propose_result', async (dialog) => {
        await dialog.getByRole('radio', { name: 'Giải quyết (chấp thuận)' }).check();
        await dialog
          .getByLabel('Ghi chú (không bắt buộc)')
          .fill('Hồ sơ đủ điều kiện, đề nghị cấp.');
      });
      await expect.poll(() => status(sp)).toBe('Chờ phê duyệt');

      // ── The leader approves from the "to approve" queue ───────────────────────────────────
      const leader = await officer('lanhdao');
      const lp = leader.page;
      await lp.goto(`${server.url}/quan-tri/ho-so`);
      await lp.getByRole('tab', { name: /Chờ phê duyệt/ }).click();
      await lp.getByRole('link', { name: code }).click();
      await expect.poll(() => status(lp)).toBe('Chờ phê duyệt');
      await act(lp, 'approve');
      await expect.poll(() => status(lp)).toBe('Có kết quả, chờ trả');

      // ── The counter returns the result from the "results to return" queue ────────────────
      await cp.goto(`${server.url}/quan-tri/ho-so`);
      await cp.getByRole('tab', { name: /Chờ trả kết quả/ }).click();
      await cp.getByRole('link', { name: code }).click();
      await act(cp, 'return_result');
      await expect.poll(() => status(cp)).toBe('Đã trả kết quả');
      await expect.poll(() => cp.locator('a[data-form]').count()).toBe(3);
      expect(await cp.locator('.dossier-timeline > li').count()).toBe(7);
      await axeCheck(cp, 'dossier page (returned)');
      await screenshot(cp, 'dossier-page-returned-desktop');

      // The process-control slip (Form 06) holds every hand-over.
      const slipHref = await cp.locator('a[data-form="06"]').getAttribute('href');
      const slip = pdfText(await download(cp, server.url, slipHref!, 'application/pdf'));
      expect(slip).toContain(code);
      expect(slip).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
      for (const step of ['Tiếp nhận', 'Chuyển xử lý', 'Trình kết quả', 'Phê duyệt'])
        expect(slip).toContain(step);
      expect(slip).toContain('Trước hạn');

      // ── The register (Form 07) for the centre: table, .xlsx and PDF ───────────────────────
      await cp.goto(`${server.url}/quan-tri/ho-so/so-theo-doi`);
      await cp.getByRole('button', { name: 'Xem sổ' }).click();
      await expect.poll(() => cp.getByRole('link', { name: code }).count()).toBe(1);
      await axeCheck(cp, 'register');
      await screenshot(cp, 'dossier-register-desktop');
      const xlsxHref = await cp
        .getByRole('link', { name: 'Xuất Excel (.xlsx)' })
        .getAttribute('href');
      const xlsx = await download(
        cp,
        server.url,
        xlsxHref!,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.subarray(0, 2).toString()).toBe('PK');
      const pdfHref = await cp.getByRole('link', { name: 'Xuất PDF' }).getAttribute('href');
      const register = pdfText(await download(cp, server.url, pdfHref!, 'application/pdf'));
      expect(register).toContain('SỔ THEO DÕI HỒ SƠ');
      expect(register).toContain('Nguyễn Văn Dân');
      expect(register).toContain(code.slice(-11)); // the code wraps after the agency identifier

      for (const o of officers) expect(realProblems(o.problems)).toEqual([]);
    }, 240_000);

    it('fits the queue, reception and dossier pages on a 360 px phone', async () => {
      expect(dossierUrl, 'the journey ran first').not.toBe('');
      const phone = await officer('tiepnhan', PHONE as unknown as typeof DESKTOP);
      const page = phone.page;
      for (const [url, name, heading] of [
        [`${server.url}/quan-tri/ho-so`, 'dossier-queue-phone', 'Hồ sơ cần xử lý'],
        [`${server.url}/quan-tri/ho-so/tiep-nhan`, 'dossier-reception-phone', 'Tiếp nhận hồ sơ'],
        [dossierUrl, 'dossier-page-phone', `Hồ sơ ${code}`],
      ] as const) {
        await page.goto(url);
        await expect.poll(() => page.locator('h1').textContent()).toBe(heading);
        await page.waitForLoadState('networkidle');
        await screenshot(page, name);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter(
              (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
            )
            .filter((el) => !el.closest('.table-frame'))
            .map((el) => `${el.tagName}.${el.className}`)
            .slice(0, 5),
        );
        expect({ name, scroll: await hasHorizontalScroll(page), wide }).toEqual({
          name,
          scroll: false,
          wide: [],
        });
        await axeCheck(page, name);
      }
      expect(realProblems(phone.problems)).toEqual([]);
    }, 120_000);
  },
);
