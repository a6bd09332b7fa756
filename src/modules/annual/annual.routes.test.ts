import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANNUAL_FRAMEWORK } from '../../domain/annual/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { fileStorageFor } from '../../platform/storage/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { performAction, receiveDossier } from '../dossiers/dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { insertUnit } from '../org/org.repository.js';
import {
  type AnnualUnitCodes,
  annualUnitCodes,
  buildAnnualApp,
  closeYearAsFinal,
  SELF_ASSESSED,
  SELF_ASSESSED_MAX,
} from './annual.test-support.js';

/**
 * A whole annual cycle through HTTP on the default framework: import → publish → self-assess and
 * submit → appraise with a reason → survey CSV → automatic points from the year's dossiers →
 * provisional → contest → final → ranks and change against last year's final results; plus
 * the refusals (role, state, deadline, range, reason, CSV).
 */
describe('annual CCHC index routes', () => {
  let database: Database;
  let app: FastifyInstance;
  let w: DossierWorld;
  let codes: AnnualUnitCodes;
  type Key =
    | 'reform'
    | 'justiceLeader'
    | 'justiceSpecialist'
    | 'constructionLeader'
    | 'wardLeader'
    | 'counter'
    | 'justiceReform';
  let users: Array<{ key: Key; username: string }> = [];
  const s = {} as Record<Key, TestSession>;
  const at = async (iso: string) => {
    w.ctx.clock.now = new Date(iso);
    for (const u of users)
      s[u.key] = await signIn(app, u.username, undefined, { tenant: w.tenantCode });
  };
  const call = (who: Key, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api${url}`,
      headers: { ...s[who].headers, 'x-test-no-limit': '1' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const selfEntries = (points: (max: number) => number) =>
    SELF_ASSESSED.map((x) => ({
      subcriterionId: x.id,
      points: points(x.maxPoints),
      evidence: `Minh chứng ${x.id}`,
    }));

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildAnnualApp(w);
    codes = await annualUnitCodes(w);
    const make = async (
      key: Key,
      role: Parameters<typeof createUser>[1]['role'],
      unitId: number,
    ) => {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId });
      return { key, username: u.username };
    };
    users = [
      await make('reform', 'reform_office', w.units.province),
      await make('justiceLeader', 'leader', w.units.justice),
      await make('justiceSpecialist', 'specialist', w.units.justice),
      await make('constructionLeader', 'leader', w.units.construction),
      await make('wardLeader', 'leader', w.units.otherCentre),
      await make('counter', 'counter_officer', w.units.centre),
      // A reform officer of one department: not the tenant-wide reform office.
      await make('justiceReform', 'reform_office', w.units.justice),
    ];

    // Last year (2024), run from the command line's side (actor null) and closed as final:
    // Construction scored every self-assessed point, Justice half of them.
    await closeYearAsFinal(w, 2024, [
      [codes.justice, 0.5],
      [codes.construction, 1],
    ]);

    // This year's dossier at the Department of Justice, handled on time in March 2025.
    w.ctx.clock.now = new Date('2025-03-03T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    const act = async (
      who: keyof DossierWorld['actors'],
      action: string,
      version: number,
      input = {},
    ) =>
      (
        await performAction(w.ctx, {
          actor: w.actors[who],
          dossierId: r.id,
          action,
          version,
          input,
        })
      ).version;
    w.ctx.clock.now = new Date('2025-03-03T03:00:00Z');
    let v = await act('counter', 'transfer', r.version);
    w.ctx.clock.now = new Date('2025-03-04T02:00:00Z');
    v = await act('specialist', 'propose_result', v, { outcome: 'approved' });
    w.ctx.clock.now = new Date('2025-03-05T02:00:00Z');
    v = await act('leader', 'approve', v);
    w.ctx.clock.now = new Date('2025-03-06T02:00:00Z');
    await act('counter', 'return_result', v);
    await at('2025-03-10T02:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('loads a framework only for the reform office, listing every problem of a bad one', async () => {
    expect(
      (await call('counter', 'PUT', '/annual/cycles/2025/framework', DEFAULT_ANNUAL_FRAMEWORK))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call(
          'justiceLeader',
          'PUT',
          '/annual/cycles/2025/framework',
          DEFAULT_ANNUAL_FRAMEWORK,
        )
      ).statusCode,
    ).toBe(403);
    const bad = await call('reform', 'PUT', '/annual/cycles/2025/framework', {
      ...DEFAULT_ANNUAL_FRAMEWORK,
      unitKinds: [],
      fields: [{ ...DEFAULT_ANNUAL_FRAMEWORK.fields[0], maxPoints: 99 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('annual_framework_invalid');
    expect(bad.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual([
      '/unitKinds',
      '/fields/0/maxPoints',
    ]);
    const ok = await call(
      'reform',
      'PUT',
      '/annual/cycles/2025/framework',
      DEFAULT_ANNUAL_FRAMEWORK,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ year: 2025, state: 'draft', maxPoints: 100, manages: true });
    expect(
      ok
        .json()
        .participants.map((p: { code: string }) => p.code)
        .sort(),
    ).toEqual([codes.justice, codes.construction, codes.ward].sort());
    // A draft is the reform office's business only.
    expect((await call('justiceLeader', 'GET', '/annual/cycles/2025')).statusCode).toBe(404);
  });

  it('advances only to the next state, with a deadline that is not past', async () => {
    const wrong = await call('reform', 'POST', '/annual/cycles/2025/advance', { to: 'appraisal' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error).toMatchObject({
      code: 'annual_wrong_state',
      details: { state: 'draft', expected: 'self_assessment' },
    });
    const missing = await call('reform', 'POST', '/annual/cycles/2025/advance', {
      to: 'self_assessment',
    });
    expect(missing.json().error.code).toBe('validation_failed');
    const past = await call('reform', 'POST', '/annual/cycles/2025/advance', {
      to: 'self_assessment',
      selfAssessmentDeadline: '2025-03-09',
    });
    expect(past.json().error.code).toBe('annual_deadline_passed');
    const byLeader = await call('justiceLeader', 'POST', '/annual/cycles/2025/advance', {
      to: 'self_assessment',
      selfAssessmentDeadline: '2025-03-31',
    });
    expect(byLeader.statusCode).toBe(403);
    const ok = await call('reform', 'POST', '/annual/cycles/2025/advance', {
      to: 'self_assessment',
      selfAssessmentDeadline: '2025-03-31',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      state: 'self_assessment',
      selfAssessmentDeadline: '2025-03-31',
    });
    const audit = await w.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'annual.advanced')
      .where('tenant_id', '=', w.tenantId)
      .execute();
    expect(audit.length).toBe(5); // four in 2024, one now
    // The framework is frozen once published.
    const edit = await call(
      'reform',
      'PUT',
      '/annual/cycles/2025/framework',
      DEFAULT_ANNUAL_FRAMEWORK,
    );
    expect(edit.json().error.code).toBe('annual_wrong_state');
  });

  it('lets a unit draft (specialist) and submit (leader) its own self-assessment only', async () => {
    const url = `/annual/cycles/2025/units/${codes.justice}`;
    const view = await call('justiceSpecialist', 'GET', url);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ editable: true, canSubmit: false, canAppraise: false });
    // A leader sees only its own unit in the cycle.
    const cycle = await call('justiceLeader', 'GET', '/annual/cycles/2025');
    expect(cycle.json().participants.map((p: { code: string }) => p.code)).toEqual([codes.justice]);

    const tooMuch = await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: [{ subcriterionId: '1.1.1', points: 2.5, evidence: 'x' }],
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.code).toBe('annual_score_out_of_range');
    const noFile = await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: [{ subcriterionId: '1.1.1', points: 1, fileIds: [987654] }],
    });
    expect(noFile.statusCode).toBe(404);
    expect(noFile.json().error.details).toMatchObject({ fileIds: [987654] });
    const notSelf = await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: [{ subcriterionId: '8.1.1', points: 1 }],
    });
    expect(notSelf.json().error.code).toBe('validation_failed');
    const other = await call(
      'justiceSpecialist',
      'PUT',
      `/annual/cycles/2025/units/${codes.construction}/self-assessment`,
      {
        entries: [{ subcriterionId: '1.1.1', points: 1 }],
      },
    );
    expect(other.statusCode).toBe(403);

    const draft = await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: selfEntries((m) => m),
    });
    expect(draft.statusCode).toBe(200);
    expect(
      draft.json().items.find((i: { subcriterionId: string }) => i.subcriterionId === '1.1.2'),
    ).toMatchObject({
      selfPoints: 2,
      evidence: 'Minh chứng 1.1.2',
      points: 0, // a draft counts nothing until submitted
    });
    // Evidence files: the saver's own upload is attached to the unit; someone else's is refused.
    const storage = fileStorageFor(w.ctx.config);
    const upload = async (by: Key) => {
      const stored = await storage.put(Buffer.from('%PDF-1.4 kế hoạch'), {
        mime: 'application/pdf',
      });
      return (
        await w.ctx.db
          .insertInto('stored_files')
          .values({
            tenant_id: w.tenantId,
            storage_key: stored.key,
            name: 'ke-hoach.pdf',
            mime: 'application/pdf',
            size: stored.size,
            sha256: stored.sha256,
            uploaded_by: s[by].user.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const mine = await upload('justiceSpecialist');
    const theirs = await upload('constructionLeader');
    const foreign = await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: [{ subcriterionId: '1.1.1', points: 2, fileIds: [theirs] }],
    });
    expect(foreign.statusCode).toBe(404);
    const attached = await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: [
        { subcriterionId: '1.1.1', points: 2, evidence: 'Kế hoạch 12/KH', fileIds: [mine] },
      ],
    });
    expect(attached.statusCode).toBe(200);
    expect(attached.json().items[0]).toMatchObject({
      subcriterionId: '1.1.1',
      evidenceFileIds: [mine],
    });
    const claimed = await w.ctx.db
      .selectFrom('stored_files')
      .select(['claimed_for'])
      .where('id', '=', mine)
      .executeTakeFirstOrThrow();
    expect(claimed.claimed_for).toMatch(/^annual:\d+:\d+$/);
    // The unit's staff and the reform office download it; another unit's leader cannot.
    const evidence = `${url}/evidence/${mine}`;
    const got = await call('justiceLeader', 'GET', evidence);
    expect([got.statusCode, got.headers['content-type'], got.body]).toEqual([
      200,
      'application/pdf',
      '%PDF-1.4 kế hoạch',
    ]);
    expect((await call('reform', 'GET', evidence)).statusCode).toBe(200);
    expect((await call('constructionLeader', 'GET', evidence)).statusCode).toBe(404);
    expect((await call('justiceLeader', 'GET', `${url}/evidence/${theirs}`)).statusCode).toBe(404);
    // A save that leaves the file out, then names it again: it is still the unit's evidence.
    await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
      entries: [{ subcriterionId: '1.1.1', points: 2 }],
    });
    expect(
      (
        await call('justiceSpecialist', 'PUT', `${url}/self-assessment`, {
          entries: [{ subcriterionId: '1.1.1', points: 2, fileIds: [mine] }],
        })
      ).statusCode,
    ).toBe(200);
    expect((await call('justiceSpecialist', 'POST', `${url}/submit`)).statusCode).toBe(403);
    const submitted = await call('justiceLeader', 'POST', `${url}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ editable: false, canSubmit: false });
    expect(submitted.json().submittedAt).not.toBeNull();
    const after = await call('justiceLeader', 'PUT', `${url}/self-assessment`, {
      entries: [{ subcriterionId: '1.1.1', points: 0 }],
    });
    expect(after.json().error.code).toBe('annual_already_submitted');

    // Construction submits with every self score at 80 %.
    const c = `/annual/cycles/2025/units/${codes.construction}`;
    expect(
      (
        await call('constructionLeader', 'PUT', `${c}/self-assessment`, {
          entries: selfEntries((m) => Math.round(m * 80) / 100),
        })
      ).statusCode,
    ).toBe(200);
    expect((await call('constructionLeader', 'POST', `${c}/submit`)).statusCode).toBe(200);
  });

  it('refuses self-assessment after the deadline day', async () => {
    await at('2025-04-01T02:00:00Z');
    const late = await call(
      'wardLeader',
      'PUT',
      `/annual/cycles/2025/units/${codes.ward}/self-assessment`,
      {
        entries: [{ subcriterionId: '1.1.1', points: 1 }],
      },
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('annual_deadline_passed');
    const progress = (await call('reform', 'GET', '/annual/cycles/2025')).json();
    const byCode = new Map(progress.participants.map((p: { code: string }) => [p.code, p]));
    expect(byCode.get(codes.justice)).toMatchObject({ toAppraise: SELF_ASSESSED.length });
    expect(byCode.get(codes.ward)).toMatchObject({ submittedAt: null, toAppraise: 0 });
    expect(
      (await call('reform', 'POST', '/annual/cycles/2025/advance', { to: 'appraisal' })).statusCode,
    ).toBe(200);
  });

  it('appraises with a written reason whenever the points differ from the self score', async () => {
    const url = `/annual/cycles/2025/units/${codes.justice}/appraisal`;
    const noReason = await call('reform', 'POST', url, {
      entries: [{ subcriterionId: '1.1.2', points: 1 }],
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('annual_reason_required');
    expect(
      (
        await call('justiceLeader', 'POST', url, {
          entries: [{ subcriterionId: '1.1.2', points: 2 }],
        })
      ).statusCode,
    ).toBe(403);
    const ok = await call('reform', 'POST', url, {
      entries: [
        { subcriterionId: '1.1.1', points: 2 },
        { subcriterionId: '1.1.2', points: 1, reason: 'Kế hoạch mới hoàn thành 50%' },
      ],
    });
    expect(ok.statusCode).toBe(200);
    const items = new Map(
      ok.json().items.map((i: { subcriterionId: string }) => [i.subcriterionId, i]),
    );
    expect(items.get('1.1.1')).toMatchObject({
      appraisedPoints: 2,
      appraisalReason: null,
      points: 2,
    });
    expect(items.get('1.1.2')).toMatchObject({
      selfPoints: 2,
      appraisedPoints: 1,
      appraisalReason: 'Kế hoạch mới hoàn thành 50%',
      points: 1,
    });
    const progress = (await call('reform', 'GET', '/annual/cycles/2025')).json();
    expect(
      progress.participants.find((p: { code: string }) => p.code === codes.justice).toAppraise,
    ).toBe(SELF_ASSESSED.length - 2);
  });

  it('imports survey points all or nothing, naming each bad row and column', async () => {
    const bad = await call('reform', 'POST', '/annual/cycles/2025/survey', {
      csv: `unit_code,subcriterion_id,points\n${codes.justice},8.1.1,7\nKHONG.CO,8.1.1,1\n${codes.justice},1.1.1,1\n${codes.construction},8.1.2,4.5\n`,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('import_invalid');
    expect(
      bad
        .json()
        .error.details.issues.map((i: { row: number; column: string }) => [i.row, i.column]),
    ).toEqual([
      [3, 'unit_code'],
      [4, 'subcriterion_id'],
      [5, 'points'],
    ]);
    const nothing = (
      await call('reform', 'GET', `/annual/cycles/2025/units/${codes.justice}`)
    ).json();
    expect(
      nothing.items.find((i: { subcriterionId: string }) => i.subcriterionId === '8.1.1')
        .surveyPoints,
    ).toBeNull();

    const csv = [
      'unit_code;subcriterion_id;points',
      `${codes.justice};8.1.1;7,5`,
      `${codes.justice};8.1.2;4`,
      `${codes.justice};8.2.2;3`,
      `${codes.construction};8.1.1;6`,
      `${codes.construction};8.1.2;3`,
      `${codes.construction};8.2.2;2`,
    ].join('\r\n');
    const ok = await call('reform', 'POST', '/annual/cycles/2025/survey', { csv });
    expect(ok.json()).toEqual({ imported: 6 });
  });

  it("computes automatic sub-criteria from the year's own dossiers", async () => {
    expect((await call('justiceLeader', 'POST', '/annual/cycles/2025/automatic')).statusCode).toBe(
      403,
    );
    const res = await call('reform', 'POST', '/annual/cycles/2025/automatic');
    expect(res.statusCode).toBe(200);
    const results: Array<{
      unitCode: string;
      subcriterionId: string;
      rate: number | null;
      points: number;
    }> = res.json().results;
    const of = (code: string, id: string) =>
      results.find((r) => r.unitCode === code && r.subcriterionId === id);
    // The one dossier of 2025 was handled on time at the Department of Justice, received at the counter.
    expect(of(codes.justice, '3.2.1')).toMatchObject({ rate: 100, points: 6 });
    expect(of(codes.justice, '7.1.1')).toMatchObject({ rate: 0, points: 0 });
    // Construction had no dossier: no rate, no points.
    expect(of(codes.construction, '3.2.1')).toMatchObject({ rate: null, points: 0 });
  });

  it('publishes provisional results, takes contests until the deadline and answers them before final', async () => {
    expect(
      (await call('reform', 'POST', '/annual/cycles/2025/advance', { to: 'provisional' })).json()
        .error.code,
    ).toBe('validation_failed');
    expect(
      (
        await call('reform', 'POST', '/annual/cycles/2025/advance', {
          to: 'provisional',
          contestDeadline: '2025-04-15',
        })
      ).statusCode,
    ).toBe(200);
    const pub = await app.inject({
      method: 'GET',
      url: '/api/public/annual/results?year=2025',
      headers: { 'x-motcua-tenant': w.tenantCode },
    });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({
      stage: 'provisional',
      contestDeadline: '2025-04-15',
      years: [2025, 2024],
    });

    const url = `/annual/cycles/2025/units/${codes.justice}/contests`;
    const reasonless = await call('justiceLeader', 'POST', url, {
      subcriterionId: '1.1.2',
      reason: '  ',
    });
    expect(reasonless.json().error.code).toBe('annual_reason_required');
    expect(
      (await call('justiceSpecialist', 'POST', url, { subcriterionId: '1.1.2', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const filed = await call('justiceLeader', 'POST', url, {
      subcriterionId: '1.1.2',
      reason: 'Đã bổ sung báo cáo hoàn thành 100% kế hoạch',
    });
    expect(filed.statusCode).toBe(201);
    const id = filed.json().id;
    const pending = await call('reform', 'POST', '/annual/cycles/2025/advance', { to: 'final' });
    expect(pending.json().error).toMatchObject({
      code: 'annual_contests_pending',
      details: { open: 1 },
    });
    const tooMuch = await call('reform', 'POST', `/annual/cycles/2025/contests/${id}/answer`, {
      decision: 'upheld',
      answer: 'Chấp nhận',
      points: 5,
    });
    expect(tooMuch.json().error.code).toBe('annual_score_out_of_range');
    const upheld = await call('reform', 'POST', `/annual/cycles/2025/contests/${id}/answer`, {
      decision: 'upheld',
      answer: 'Minh chứng bổ sung hợp lệ',
      points: 2,
    });
    expect(upheld.json()).toMatchObject({ state: 'upheld', newPoints: 2 });
    const again = await call('reform', 'POST', `/annual/cycles/2025/contests/${id}/answer`, {
      decision: 'rejected',
      answer: 'x',
    });
    expect(again.json().error.code).toBe('transition_not_allowed');

    await at('2025-04-16T02:00:00Z');
    const late = await call(
      'constructionLeader',
      'POST',
      `/annual/cycles/2025/units/${codes.construction}/contests`,
      {
        subcriterionId: '8.1.1',
        reason: 'Khảo sát chưa đủ mẫu',
      },
    );
    expect(late.json().error.code).toBe('annual_deadline_passed');
    expect(
      (await call('reform', 'POST', '/annual/cycles/2025/advance', { to: 'final' })).statusCode,
    ).toBe(200);
  });

  it('lets only the tenant-wide reform office preview the ranking; everyone else reads what was published', async () => {
    const ranking = '/annual/cycles/2025/results';
    const unit = `/annual/cycles/2025/units/${codes.justice}/result`;
    for (const url of [ranking, unit]) {
      const preview = await call('reform', 'GET', `${url}?preview=true`);
      expect(preview.statusCode, url).toBe(200);
      expect(preview.json(), url).toMatchObject({ stage: 'preview', publishedAt: null });
      // The screen says when the preview was computed: the server's clock, not the browser's.
      if (url === ranking) expect(preview.json().computedAt).toBe(w.ctx.clock.now.toISOString());
      for (const who of [
        'justiceLeader',
        'justiceSpecialist',
        'wardLeader',
        'counter',
        'justiceReform',
      ] as const) {
        const refused = await call(who, 'GET', `${url}?preview=true`);
        expect(refused.statusCode, `${who} ${url}`).toBe(403);
        expect(refused.json().error.code).toBe('forbidden');
      }
    }
    // Without asking for a preview the department's reform officer reads what was published…
    const asPublished = await call('justiceReform', 'GET', ranking);
    expect(asPublished.statusCode).toBe(200);
    expect(asPublished.json()).toMatchObject({
      stage: 'final',
      publishedAt: expect.any(String),
      computedAt: null,
    });
    // …and the public route has no preview: asking for one still answers the published stage.
    const pub = await app.inject({
      method: 'GET',
      url: '/api/public/annual/results?year=2025&preview=true',
      headers: { 'x-motcua-tenant': w.tenantCode },
    });
    expect(pub.json()).toMatchObject({ stage: 'final', publishedAt: expect.any(String) });
  });

  it("ranks among peers, bands, and explains the change against last year's final results", async () => {
    const res = await call('justiceLeader', 'GET', '/annual/cycles/2025/results');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ stage: 'final', previousYear: 2024 });
    const justice = body.units.find((u: { code: string }) => u.code === codes.justice);
    const construction = body.units.find((u: { code: string }) => u.code === codes.construction);
    const ward = body.units.find((u: { code: string }) => u.code === codes.ward);
    // Justice: every self point (the contest restored 1.1.2), survey 14.5, on time 6 → 88.5 + …
    expect(justice.total).toBe(SELF_ASSESSED_MAX + 7.5 + 4 + 3 + 6);
    expect(construction.total).toBe(Math.round(SELF_ASSESSED_MAX * 80) / 100 + 6 + 3 + 2);
    expect([justice.rank, justice.of, construction.rank]).toEqual([1, 2, 2]);
    // The ward took part last year too without submitting anything: the same place.
    expect(ward).toMatchObject({
      rank: 1,
      of: 1,
      total: 0,
      band: 'D',
      previous: { total: 0, rank: 1, of: 1 },
      change: { places: 0, text: { en: 'same place' } },
    });
    expect(justice.band).toBe(justice.percent >= 90 ? 'A' : 'B');
    // Last year Justice was second of two with half its self points.
    expect(justice.previous).toEqual({ total: SELF_ASSESSED_MAX / 2, rank: 2, of: 2 });
    expect(justice.change).toMatchObject({
      places: 1,
      text: { vi: 'tăng 1 bậc', en: 'up 1 place' },
    });
    expect(justice.change.score).toBe(justice.total - SELF_ASSESSED_MAX / 2);
    expect(justice.explanation[0]).toMatchObject({
      subcriterionId: '8.1.1',
      previous: 0,
      current: 7.5,
      delta: 7.5,
    });
    expect(justice.explanation.map((e: { subcriterionId: string }) => e.subcriterionId)).toContain(
      '3.2.1',
    );
    expect(construction.change).toMatchObject({ places: -1, text: { vi: 'giảm 1 bậc' } });
    const field3 = justice.fields.find((f: { fieldId: string }) => f.fieldId === '3');
    expect(field3).toMatchObject({ rank: 1, of: 2, max: 20 });

    const one = await call(
      'justiceSpecialist',
      'GET',
      `/annual/cycles/2025/units/${codes.justice}/result`,
    );
    expect(one.json()).toMatchObject({ code: codes.justice, rank: 1, stage: 'final' });
    expect(
      (
        await call(
          'justiceSpecialist',
          'GET',
          `/annual/cycles/2025/units/${codes.construction}/result`,
        )
      ).statusCode,
    ).toBe(403);

    const pub = await app.inject({
      method: 'GET',
      url: '/api/public/annual/results',
      headers: { 'x-motcua-tenant': w.tenantCode },
    });
    expect(pub.json()).toMatchObject({ year: 2025, stage: 'final' });
    expect(pub.json().units[0].code).toBeDefined();
    const none = await app.inject({
      method: 'GET',
      url: '/api/public/annual/results?year=2023',
      headers: { 'x-motcua-tenant': w.tenantCode },
    });
    expect(none.statusCode).toBe(404);
    // A finished cycle takes no more changes.
    expect(
      (
        await call('reform', 'POST', `/annual/cycles/2025/units/${codes.ward}/appraisal`, {
          entries: [{ subcriterionId: '1.1.1', points: 2 }],
        })
      ).json().error.code,
    ).toBe('annual_wrong_state');
  });
  it('takes part with the units that exist at the end of the year, not those merged away', async () => {
    await insertUnit(w.ctx.db, {
      tenantId: w.tenantId,
      parentId: w.units.province,
      kind: 'department',
      level: 'province',
      code: 'SO-CU.H40',
      name: 'Sở cũ (đã hợp nhất)',
      validTo: '2025-06-30',
    });
    await insertUnit(w.ctx.db, {
      tenantId: w.tenantId,
      parentId: w.units.province,
      kind: 'department',
      level: 'province',
      code: 'SO-MOI.H40',
      name: 'Sở mới (sau hợp nhất)',
      validFrom: '2025-07-01',
    });
    const cycle = await call('reform', 'GET', '/annual/cycles/2025');
    const ids = cycle.json().participants.map((p: { code: string }) => p.code);
    expect(ids).toContain('SO-MOI.H40');
    expect(ids).not.toContain('SO-CU.H40');
    // Last year's cycle still lists the unit as it was then.
    const before = await call('reform', 'GET', '/annual/cycles/2024');
    const then = before.json().participants.map((p: { code: string }) => p.code);
    expect(then).toContain('SO-CU.H40');
    expect(then).not.toContain('SO-MOI.H40');
  });
});
