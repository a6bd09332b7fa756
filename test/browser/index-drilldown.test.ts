import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClock, stopClock } from '../../src/domain/calendar/index.js';
import { loadTenantCalendar } from '../../src/modules/calendar/calendar.repository.js';
import { submitFeedback } from '../../src/modules/feedback/index.js';
import {
  buildProcedure,
  insertDossier,
  type TestTenant,
} from '../../src/modules/indices/indices.test-support.js';
import {
  axeCheck,
  DESKTOP,
  hasChromium,
  hasHorizontalScroll,
  launchBrowser,
  openPage,
  PHONE,
  SCREENSHOTS,
  screenshot,
  signInAsStaff,
  startServer,
  type TestServer,
} from './harness.js';

const DAY = 86_400_000;

function localDay(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium)('the service-index drill-down in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const code = `DRILL-${Date.now().toString(36).toUpperCase()}`;
  /** Two feedback items at the justice department: one received 30 days ago, one today. */
  let oldFeedback = '';
  let newFeedback = '';
  /** Whether the old one is 30 days old in this year (in the first days of January it is not). */
  let oldIsOverdue = false;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = server.ctx.db;
    // The leader (lanhdao) heads the justice department; its procedure was announced this year
    // and a dossier of it was received and finished, so the scorecard of the current year has
    // procedure figures to open.
    const justice = await db
      .selectFrom('units')
      .select(['id', 'tenant_id'])
      .where('name', '=', 'Sở Tư pháp')
      .executeTakeFirstOrThrow();
    const now = server.ctx.now().getTime();
    const yearStart = Date.parse(`${localDay(now).slice(0, 4)}-01-01T00:00:00+07:00`);
    const announced = Math.max(yearStart + 2 * DAY, now - 60 * DAY);
    const proc = await buildProcedure(db, justice.tenant_id, {
      code,
      agency: justice.id,
      onlineLevel: 'full',
      fee: 20_000,
      announcedOn: localDay(announced),
      publishedOn: localDay(announced + DAY),
      legalEffectiveOn: localDay(announced + 40 * DAY),
    });
    const cal = await loadTenantCalendar(db, justice.tenant_id);
    const received = Math.max(yearStart + DAY, now - 20 * DAY);
    await insertDossier(db, {
      tenant: { tenantId: justice.tenant_id } as TestTenant,
      receivingUnit: justice.id,
      agencyUnit: justice.id,
      ledger: stopClock(
        startClock({
          receivedAt: new Date(received).toISOString(),
          unit: 'working_days',
          budget: 10,
        }),
        { at: new Date(Math.min(now - DAY, received + 3 * DAY)).toISOString() },
      ),
      cal,
      procedure: proc,
      flags: { outcome: 'approved', channel: 2, online_level: 'full', fee_amount: 20_000 },
    });
    // Feedback for 6.1 and 6.2: never handled, the old item is past its 15-working-day answer
    // deadline (late in 6.1, subtracted in 6.2), the new one in progress within time.
    const take = async (at: number, subject: string) =>
      (
        await submitFeedback(
          { ...server.ctx, now: () => new Date(at) },
          {
            tenantId: justice.tenant_id,
            actor: null,
            channel: 'hotline',
            unitId: justice.id,
            input: { kind: 'feedback', subject, content: 'Gọi đường dây nóng.', anonymous: true },
          },
        )
      ).code;
    const old = Math.max(yearStart + DAY, now - 30 * DAY);
    oldIsOverdue = old === now - 30 * DAY;
    oldFeedback = await take(old, 'Phản ánh cũ về lệ phí chứng thực');
    newFeedback = await take(now - 3_600_000, 'Phản ánh mới về giờ làm việc');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [viewport, name] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    it(`opens the procedures behind an indicator's numerator from the leader's scorecard (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      await signInAsStaff(page, server.url, 'lanhdao');
      await page.goto(`${server.url}/quan-tri/chi-so`);
      await page.getByRole('button', { name: 'Sở Tư pháp' }).first().click();
      const open = page.getByRole('button', { name: /xem thủ tục của tử số chỉ tiêu 1\.1$/ });
      await open.click();
      const table = page.getByRole('table', { name: /1\.1 .*thủ tục/ });
      await expect.poll(() => table.textContent()).toContain(code);
      expect(await table.textContent()).toContain('Ngày làm việc thứ 5 sau công bố');
      // The procedure of 4.1 (fee, fully online) counts in its numerator: "Có" in the last column.
      await page.getByRole('button', { name: /xem thủ tục của mẫu số chỉ tiêu 4\.1$/ }).click();
      const fees = page.getByRole('table', { name: /4\.1 .*thủ tục/ });
      await expect.poll(() => fees.textContent()).toContain(code);
      const row = fees.getByRole('row').filter({ hasText: code });
      expect(await row.getByRole('cell').last().textContent()).toBe('Có');
      await axeCheck(page, `index drill-down ${name}`);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await fees.scrollIntoViewIfNeeded();
      await screenshot(page, `index-drilldown-procedures-${name}`);
      // The drill-down section alone, small enough to look at.
      await page
        .locator('.index-drill')
        .screenshot({ path: `${SCREENSHOTS}/index-drilldown-section-${name}.png` });
      await context.close();
    });

    it(`lists the feedback behind 6.1 and 6.2 from the leader's scorecard (${name})`, async () => {
      const { context, page, problems } = await openPage(browser, { viewport });
      await signInAsStaff(page, server.url, 'lanhdao');
      await page.goto(`${server.url}/quan-tri/chi-so`);
      await page.getByRole('button', { name: 'Sở Tư pháp' }).first().click();
      // 6.1's denominator: both items are in progress at the judging day.
      await page
        .getByRole('button', { name: /^2 — xem phản ánh, kiến nghị của mẫu số chỉ tiêu 6\.1$/ })
        .click();
      const handled = page.getByRole('table', { name: /^6\.1 .*: 2 phản ánh, kiến nghị$/ });
      await expect.poll(() => handled.textContent()).toContain(newFeedback);
      expect(await handled.textContent()).toContain(oldFeedback);
      // Focus lands on the list's heading, as for the dossier list.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('index-drill-title');
      // The code is each row's header and opens the item's staff page.
      const fresh = handled.getByRole('row').filter({ hasText: newFeedback });
      expect(await fresh.getByRole('rowheader').getByRole('link').textContent()).toBe(newFeedback);
      expect(await fresh.getByRole('cell').last().textContent()).toBe('Có');
      expect(await fresh.textContent()).toContain('Đang giải quyết trong hạn');
      // The handling unit by its name, not only its code.
      expect(await fresh.textContent()).toContain('Sở Tư pháp (');
      if (oldIsOverdue) {
        const late = handled.getByRole('row').filter({ hasText: oldFeedback });
        expect(await late.getByRole('cell').last().textContent()).toBe('Không');
        expect(await late.textContent()).toContain('Đang giải quyết quá hạn');
      }
      await axeCheck(page, `feedback drill-down 6.1 ${name}`);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await handled.scrollIntoViewIfNeeded();
      await page
        .locator('.index-drill')
        .screenshot({ path: `${SCREENSHOTS}/index-drilldown-feedback-6.1-${name}.png` });

      // 6.2's numerator: received in the period and not subtracted (the old one is overdue).
      const satisfied = oldIsOverdue ? 1 : 2;
      await page
        .getByRole('button', {
          name: new RegExp(`^${satisfied} — xem phản ánh, kiến nghị của tử số chỉ tiêu 6\\.2$`),
        })
        .click();
      const satisfaction = page.getByRole('table', { name: /^6\.2 .*phản ánh, kiến nghị$/ });
      await expect.poll(() => satisfaction.textContent()).toContain(newFeedback);
      expect(await satisfaction.textContent()).toContain('Không hài lòng');
      if (oldIsOverdue) {
        expect(await satisfaction.textContent()).not.toContain(oldFeedback);
        // Its denominator lists the subtracted item with the reason.
        await page
          .getByRole('button', { name: /^2 — xem phản ánh, kiến nghị của mẫu số chỉ tiêu 6\.2$/ })
          .click();
        const all = page.getByRole('table', { name: /^6\.2 .*: 2 phản ánh, kiến nghị$/ });
        const late = all.getByRole('row').filter({ hasText: oldFeedback });
        await late.waitFor();
        expect(await late.textContent()).toContain('Quá hạn');
        expect(await late.getByRole('cell').last().textContent()).toBe('Không');
      }
      await axeCheck(page, `feedback drill-down 6.2 ${name}`);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, `index-drilldown-feedback-${name}`);
      await page
        .locator('.index-drill')
        .screenshot({ path: `${SCREENSHOTS}/index-drilldown-feedback-6.2-${name}.png` });

      // In English the caption and headers follow.
      await page.getByRole('button', { name: 'English' }).click();
      await expect
        .poll(() => page.locator('.index-drill table caption').textContent())
        .toMatch(/feedback items$/);
      expect(await page.locator('.index-drill thead').textContent()).toContain('Tracking code');
      expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
      await context.close();
    });
  }
});
