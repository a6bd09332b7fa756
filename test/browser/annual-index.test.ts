import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANNUAL_FRAMEWORK, flattenSubcriteria } from '../../src/domain/annual/index.js';
import { findCycle, upsertScore } from '../../src/modules/annual/annual.repository.js';
import {
  advanceCycle,
  importFramework,
  saveSelfAssessment,
  submitSelfAssessment,
} from '../../src/modules/annual/index.js';
import {
  DESKTOP,
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

const SELF = flattenSubcriteria(DEFAULT_ANNUAL_FRAMEWORK).filter(
  (s) => s.method === 'self_assessed',
);
const SURVEY = flattenSubcriteria(DEFAULT_ANNUAL_FRAMEWORK).find((s) => s.method === 'survey')!;

describe.skipIf(!hasChromium)('annual PAR index', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const thisYear = new Date().getUTCFullYear();
  const lastYear = thisYear - 1;
  const endOfYear = `${thisYear}-12-31`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const tenant = await server.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    const cli = { ctx: server.ctx, tenantId: tenant.id, actor: null };
    // Last year's cycle, closed as final: the Department of Construction scored every
    // self-assessed point, Justice 60 % of them.
    await importFramework({ ...cli, year: lastYear, framework: DEFAULT_ANNUAL_FRAMEWORK });
    await advanceCycle({
      ...cli,
      year: lastYear,
      to: 'self_assessment',
      selfAssessmentDeadline: endOfYear,
    });
    for (const [code, share] of [
      ['000.00.12.H40', 0.6],
      ['000.00.15.H40', 1],
    ] as const) {
      await saveSelfAssessment({
        ...cli,
        year: lastYear,
        unitCode: code,
        entries: SELF.map((s) => ({
          subcriterionId: s.id,
          points: Math.round(s.maxPoints * share * 100) / 100,
        })),
      });
      await submitSelfAssessment({ ...cli, year: lastYear, unitCode: code });
    }
    await advanceCycle({ ...cli, year: lastYear, to: 'appraisal' });
    await advanceCycle({ ...cli, year: lastYear, to: 'provisional', contestDeadline: endOfYear });
    await advanceCycle({ ...cli, year: lastYear, to: 'final' });
    // This year's cycle, open for self-assessment until the end of the year.
    await importFramework({ ...cli, year: thisYear, framework: DEFAULT_ANNUAL_FRAMEWORK });
    await advanceCycle({
      ...cli,
      year: thisYear,
      to: 'self_assessment',
      selfAssessmentDeadline: endOfYear,
    });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it("the reform office opens the cycle page and follows the units' progress", async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page
      .getByRole('navigation', { name: 'Điều hướng quản trị' })
      .getByRole('link', { name: 'Chỉ số CCHC năm' })
      .click();
    await page.waitForURL(`${server.url}/quan-tri/chi-so-cchc`);
    await page.getByRole('heading', { name: /Bước hiện tại/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Bước hiện tại/ }).textContent()).toContain(
      'Tự đánh giá',
    );
    const units = page.locator('.annual-units > li');
    expect(await units.count()).toBe(4);
    expect(await units.filter({ hasText: 'Sở Tư pháp' }).textContent()).toContain('Chưa nộp');
    expect(await page.getByText('Chuyển sang bước: Thẩm định').isVisible()).toBe(true);
    await lookAtBothWidths(page, 'annual', 'cycle-reform-office', DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('a unit leader fills in and submits the self-assessment', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'lanhdao');
    await page.goto(`${server.url}/quan-tri/chi-so-cchc`);
    const units = page.locator('.annual-units > li');
    await units.first().waitFor();
    expect(await units.count()).toBe(1);
    await units
      .first()
      .getByRole('link', { name: /Mở phiếu/ })
      .click();
    await page.waitForURL(`${server.url}/quan-tri/chi-so-cchc/${thisYear}/000.00.12.H40`);
    await page.getByRole('heading', { name: 'Phiếu tự đánh giá — Sở Tư pháp' }).waitFor();

    // A score above the maximum is refused in the form, naming the sub-criterion.
    await page.locator('#annual-self-1_1_1').fill('5');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByRole('link', { name: /1\.1\.1: điểm phải từ 0 đến 2/ }).waitFor();

    for (const s of SELF)
      await page
        .locator(`#annual-self-${s.id.replace(/\W/g, '_')}`)
        .fill(String(s.maxPoints).replace('.', ','));
    await page.locator('#annual-evidence-1_1_1').fill('Kế hoạch số 12/KH-STP ngày 05/01');
    await page.getByLabel('Tệp minh chứng 1.1.1').setInputFiles({
      name: 'ke-hoach-cchc.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    await page.getByRole('link', { name: 'ke-hoach-cchc.pdf' }).waitFor();
    await lookAtBothWidths(page, 'annual', 'self-assessment', DESKTOP);

    await page.getByRole('button', { name: 'Nộp tự đánh giá' }).click();
    await page.getByText('Đơn vị đã nộp; phiếu chỉ còn để xem.').waitFor();
    expect(await page.getByRole('button', { name: 'Nộp tự đánh giá' }).count()).toBe(0);
    expect(await page.locator('#annual-evidence-1_1_1').inputValue()).toBe(
      'Kế hoạch số 12/KH-STP ngày 05/01',
    );
    const row = await server.ctx.db
      .selectFrom('annual_submissions')
      .innerJoin('units', 'units.id', 'annual_submissions.unit_id')
      .select('units.code')
      .execute();
    expect(row.map((r) => r.code)).toContain('000.00.12.H40');
    expect(realProblems(problems)).toEqual([]);
  });

  it('anyone reads the published ranking on a phone, with the change against the year before', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    contexts.push(context);
    await page.goto(`${server.url}/chi-so-cchc`);
    await page.getByRole('heading', { name: `${lastYear} — Kết quả chính thức` }).waitFor();
    const departments = page.getByRole('region', { name: 'Sở, ban, ngành' }).locator('li');
    expect(await departments.count()).toBe(2);
    expect(await departments.first().textContent()).toContain('Hạng 1/2');
    expect(await departments.first().textContent()).toContain('Sở Xây dựng');
    expect(await departments.nth(1).textContent()).toContain('Sở Tư pháp');
    expect(await departments.nth(1).textContent()).toContain('Chưa có kết quả năm trước');
    // The results as published on the day the cycle became final.
    await page.getByText(/^Công bố ngày \d{2}\/\d{2}\/\d{4}$/).waitFor();
    await lookAtBothWidths(page, 'annual', 'public-results', PHONE);
    expect(realProblems(problems)).toEqual([]);
  });

  it('the reform office moves to appraisal and changes a score only with a reason', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/chi-so-cchc`);
    await page.getByText('Chuyển sang bước: Thẩm định').waitFor();
    await page.getByRole('button', { name: 'Chuyển bước' }).click();
    await page.getByText('Đã chuyển sang bước Thẩm định.').first().waitFor();
    const justice = page.locator('.annual-units > li').filter({ hasText: 'Sở Tư pháp' });
    await expect.poll(() => justice.textContent()).toContain(`Chờ thẩm định: ${SELF.length}`);
    await justice.getByRole('link', { name: /Mở phiếu/ }).click();
    await page.getByRole('heading', { name: 'Phiếu tự đánh giá — Sở Tư pháp' }).waitFor();
    // The unit's evidence file is there to open.
    await page.getByRole('link', { name: 'ke-hoach-cchc.pdf' }).waitFor();

    await page.locator('#annual-appraised-1_1_2').fill('1');
    await page.getByRole('button', { name: 'Lưu thẩm định' }).click();
    await page.getByRole('link', { name: /1\.1\.2: cần ghi lý do/ }).waitFor();
    await page.locator('#annual-reason-1_1_2').fill('Kế hoạch mới hoàn thành 50%');
    await page.getByRole('button', { name: 'Lưu thẩm định' }).click();
    await page.getByText('Đã lưu thẩm định.').waitFor();
    const row = await server.ctx.db
      .selectFrom('annual_scores')
      .select(['appraised_points', 'appraisal_reason'])
      .where('subcriterion_id', '=', '1.1.2')
      .where('appraisal_reason', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ appraised_points: 1, appraisal_reason: 'Kế hoạch mới hoàn thành 50%' });
    await lookAtBothWidths(page, 'annual', 'appraisal', DESKTOP);

    // Before publication the ranking screen is the preview itself, flagged as unpublished.
    await page.goto(`${server.url}/quan-tri/chi-so-cchc/${thisYear}/xep-hang`);
    await page.getByText('Bản xem trước — không phải kết quả đã công bố').waitFor();
    await page
      .getByText(/Kết quả chưa được công bố: đơn vị và người dân chưa thấy bảng này/)
      .waitFor();
    expect(await page.getByRole('tablist').count()).toBe(0);
    const departments = page.getByRole('region', { name: 'Sở, ban, ngành' }).locator('li');
    expect(await departments.first().textContent()).toContain('Sở Tư pháp');
    expect(await departments.first().textContent()).toContain('Xem trước');
    await lookAtBothWidths(page, 'annual', 'ranking-unpublished', DESKTOP);
    expect(realProblems(problems)).toEqual([]);
  });

  it('during provisional results a leader contests a sub-criterion and the reform office answers', async () => {
    const tenant = await server.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    await advanceCycle({
      ctx: server.ctx,
      tenantId: tenant.id,
      actor: null,
      year: thisYear,
      to: 'provisional',
      contestDeadline: endOfYear,
    });
    const leader = await openPage(browser, { viewport: DESKTOP });
    contexts.push(leader.context);
    await signInAsStaff(leader.page, server.url, 'lanhdao');
    await leader.page.goto(`${server.url}/quan-tri/chi-so-cchc/${thisYear}/000.00.12.H40/ket-qua`);
    await leader.page.getByRole('heading', { name: 'Kết quả Chỉ số CCHC — Sở Tư pháp' }).waitFor();
    await leader.page.getByText(/^Công bố ngày \d{2}\/\d{2}\/\d{4}$/).waitFor();
    // Justice submitted every self point and was appraised 1 below on 1.1.2; Construction nothing.
    expect(await leader.page.locator('.annual-facts').textContent()).toContain('1/2');
    await leader.page.getByLabel('Tiêu chí thành phần').selectOption('1.1.2');
    await leader.page
      .getByLabel('Lý do kiến nghị')
      .fill('Đã hoàn thành 100% kế hoạch, có báo cáo kèm theo');
    await leader.page.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await leader.page.getByText('đang chờ trả lời').waitFor();
    await lookAtBothWidths(leader.page, 'annual', 'unit-result', DESKTOP);
    expect(realProblems(leader.problems)).toEqual([]);

    const office = await openPage(browser, { viewport: DESKTOP });
    contexts.push(office.context);
    await signInAsStaff(office.page, server.url, 'cchc');
    await office.page.goto(`${server.url}/quan-tri/chi-so-cchc`);
    const contest = office.page.locator('#annual-contests').locator('..');
    await contest.getByText('Đã hoàn thành 100% kế hoạch').waitFor();
    await contest.getByLabel('Điểm mới').fill('2');
    await contest.getByLabel('Nội dung trả lời').fill('Minh chứng bổ sung hợp lệ');
    await contest.getByRole('button', { name: 'Trả lời' }).click();
    await contest.getByText('Chấp nhận: Minh chứng bổ sung hợp lệ').waitFor();
    const result = `${server.url}/api/annual/cycles/${thisYear}/units/000.00.12.H40/result`;
    // The provisional results stay as published (1.1.2 appraised 1 below: 8 of field 1's 10)…
    const published = await office.page.request.get(result);
    expect((await published.json()).fields[0]).toMatchObject({ fieldId: '1', points: 8 });
    // …while the office's preview of the final ranking has every self-assessed point of field 1
    // again after the upheld contest: 9 of its 10, the last being 1.3.3 (an initiative filed),
    // automatic and not computed in this journey.
    const preview = await office.page.request.get(`${result}?preview=true`);
    expect((await preview.json()).fields[0]).toMatchObject({ fieldId: '1', points: 9 });
    expect(realProblems(office.problems)).toEqual([]);
  });

  it('while results are provisional the reform office previews the ranking recomputed now, set against what was published', async () => {
    // Construction's recorded points are corrected meanwhile (every self-assessed point and one
    // survey point, as a correction in the database might): recomputed, it would come first.
    const tenant = await server.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow();
    const cycle = (await findCycle(server.ctx.db, tenant.id, thisYear))!;
    const construction = await server.ctx.db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('code', '=', '000.00.15.H40')
      .executeTakeFirstOrThrow();
    const key = (subcriterionId: string) => ({
      tenantId: tenant.id,
      cycleId: cycle.id,
      unitId: construction.id,
      subcriterionId,
    });
    for (const s of SELF)
      await upsertScore(server.ctx.db, key(s.id), { appraised_points: s.maxPoints });
    await upsertScore(server.ctx.db, key(SURVEY.id), { survey_points: SURVEY.maxPoints });

    const { context, page, problems } = await openPage(browser, { viewport: DESKTOP });
    contexts.push(context);
    await signInAsStaff(page, server.url, 'cchc');
    await page.goto(`${server.url}/quan-tri/chi-so-cchc`);
    await page.getByRole('link', { name: `Bảng xếp hạng năm ${thisYear}` }).click();
    await page.waitForURL(`${server.url}/quan-tri/chi-so-cchc/${thisYear}/xep-hang`);
    const views = page.getByRole('tablist', { name: 'Hiển thị kết quả' });
    const publishedTab = views.getByRole('tab', { name: 'Kết quả đã công bố' });
    await publishedTab.waitFor();
    expect(await publishedTab.getAttribute('aria-selected')).toBe('true');
    const departments = page.getByRole('region', { name: 'Sở, ban, ngành' }).locator('li');
    // As published: Justice first, Construction (nothing submitted) second.
    expect(await departments.first().textContent()).toContain('Sở Tư pháp');
    expect(await page.getByText('Bản xem trước').count()).toBe(0);

    await views.getByRole('tab', { name: 'Xem trước (tính lại theo số liệu hiện tại)' }).click();
    await page.getByText('Bản xem trước — không phải kết quả đã công bố').waitFor();
    expect(page.url()).toContain('xem=truoc');
    // Justice (+1 after its upheld contest) and Construction (corrected) differ; the two
    // communes do not.
    await page.getByText('2 đơn vị khác với kết quả đã công bố').waitFor();
    const first = await departments.first().textContent();
    expect(first).toContain('Sở Xây dựng');
    expect(first).toContain('Đã công bố: hạng 2/2, 0 điểm');
    expect(first).toContain('tăng 1 bậc');
    const second = await departments.nth(1).textContent();
    expect(second).toContain('Sở Tư pháp');
    expect(second).toContain('Đã công bố: hạng 1/2');
    expect(second).toContain('+1 điểm · giảm 1 bậc');
    expect(await departments.first().getByText('Xem trước', { exact: true }).count()).toBe(1);
    await lookAtBothWidths(page, 'annual', 'ranking-preview', DESKTOP);
    expect(realProblems(problems)).toEqual([]);

    // The unit's leader reads the same screen as published, with no preview to switch to, even
    // when the address asks for it; the API refuses it the preview.
    const leader = await openPage(browser, { viewport: PHONE });
    contexts.push(leader.context);
    await signInAsStaff(leader.page, server.url, 'lanhdao');
    await leader.page.goto(`${server.url}/quan-tri/chi-so-cchc/${thisYear}/xep-hang?xem=truoc`);
    await leader.page
      .getByRole('heading', { name: `${thisYear} — Kết quả tạm thời — đơn vị có thể kiến nghị` })
      .waitFor();
    expect(await leader.page.getByRole('tablist').count()).toBe(0);
    expect(await leader.page.getByText('Xem trước').count()).toBe(0);
    const asPublished = leader.page.getByRole('region', { name: 'Sở, ban, ngành' }).locator('li');
    expect(await asPublished.first().textContent()).toContain('Sở Tư pháp');
    const refused = await leader.page.request.get(
      `${server.url}/api/annual/cycles/${thisYear}/results?preview=true`,
    );
    expect(refused.status()).toBe(403);
    await lookAtBothWidths(leader.page, 'annual', 'ranking-unit', PHONE);
    expect(realProblems(leader.problems)).toEqual([]);
  });
});
