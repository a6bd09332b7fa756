import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClock, stopClock } from '../../src/domain/calendar/index.js';
import { loadTenantCalendar } from '../../src/modules/calendar/calendar.repository.js';
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
  }
});
