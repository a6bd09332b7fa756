import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcedure } from '../../domain/catalogue/test-support.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { loadStarterTenant } from '../org/starter.js';
import {
  type CatalogueDeps,
  createProcedure,
  currentVersionAt,
  getProcedure,
  listProcedures,
  setProcedureActive,
  updateProcedure,
} from './catalogue.service.js';

let database: Database;
let deps: CatalogueDeps & { clock: Date };
let tenantId: number;
const by = { actorId: null };

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadStarterTenant(database.db);
  tenantId = (
    await database.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow()
  ).id;
  const state = { clock: new Date('2025-03-01T02:00:00Z') };
  deps = Object.assign(state, { db: database.db, now: () => state.clock });
  await createProcedure(deps, { tenantId, record: buildProcedure(), by });
  await createProcedure(deps, {
    tenantId,
    record: buildProcedure({
      code: '1.009994',
      name: 'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II',
      nameEn: 'New construction permit',
      fieldCode: 'XD',
      fieldName: 'Hoạt động xây dựng',
      level: 'province',
      agencyCode: '000.00.15.H40',
      legalLimit: 20,
      promisedLimit: 15,
      fees: [{ name: 'Lệ phí cấp giấy phép xây dựng', amount: 150_000 }],
      onlineLevel: 'partial',
      applicantKinds: ['individual', 'organisation'],
    }),
    by,
  });
  await createProcedure(deps, {
    tenantId,
    record: buildProcedure({
      code: '2.000908',
      name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
      nameEn: 'Certified copy from the original',
      fieldCode: 'CT',
      fieldName: 'Chứng thực',
      limitUnit: 'same_day',
      legalLimit: 0,
      promisedLimit: 0,
      fees: [{ name: 'Phí chứng thực', amount: 2000 }],
      onlineLevel: 'none',
      certification: true,
    }),
    by,
  });
});

afterAll(async () => {
  await database?.close();
});

describe('listProcedures', () => {
  it('finds a procedure by a query typed without diacritics and in capitals', async () => {
    const page = await listProcedures(deps, {
      tenantId,
      query: 'GIAY PHEP xay dung',
      publicView: true,
    });
    expect(page.items.map((r) => r.code)).toEqual(['1.009994']);
  });

  it('finds by code and by English name', async () => {
    expect(
      (await listProcedures(deps, { tenantId, query: '2.000908', publicView: true })).items,
    ).toHaveLength(1);
    expect(
      (await listProcedures(deps, { tenantId, query: 'birth', publicView: true })).items[0]?.code,
    ).toBe('1.001193');
  });

  it('treats % and _ in a query as plain characters', async () => {
    expect((await listProcedures(deps, { tenantId, query: '%', publicView: true })).total).toBe(0);
    expect((await listProcedures(deps, { tenantId, query: '_', publicView: true })).total).toBe(0);
  });

  it('filters by field, level, online level and agency (with its sub-units)', async () => {
    expect(
      (await listProcedures(deps, { tenantId, fieldCode: 'CT', publicView: true })).items.map(
        (r) => r.code,
      ),
    ).toEqual(['2.000908']);
    expect(
      (await listProcedures(deps, { tenantId, level: 'province', publicView: true })).total,
    ).toBe(1);
    expect(
      (await listProcedures(deps, { tenantId, onlineLevel: 'full', publicView: true })).items.map(
        (r) => r.code,
      ),
    ).toEqual(['1.001193']);
    expect(
      (await listProcedures(deps, { tenantId, agencyCode: '000.00.15.H40', publicView: true }))
        .total,
    ).toBe(1);
    expect(
      (await listProcedures(deps, { tenantId, agencyCode: '000.00.00.H40', publicView: true }))
        .total,
    ).toBe(1);
    expect(
      (await listProcedures(deps, { tenantId, agencyCode: 'nope', publicView: true })).total,
    ).toBe(0);
  });

  it('sorts by fee and pages with a total', async () => {
    const first = await listProcedures(deps, {
      tenantId,
      sort: 'fee',
      direction: 'desc',
      pageSize: 2,
      publicView: true,
    });
    expect(first.total).toBe(3);
    expect(first.items.map((r) => r.code)).toEqual(['1.009994', '2.000908']);
    const second = await listProcedures(deps, {
      tenantId,
      sort: 'fee',
      direction: 'desc',
      pageSize: 2,
      page: 2,
      publicView: true,
    });
    expect(second.items.map((r) => r.code)).toEqual(['1.001193']);
  });
});

describe('versions', () => {
  it('makes a new version from a date and keeps the old one for dossiers received before', async () => {
    const code = '1.001193';
    const before = await currentVersionAt(database.db, tenantId, code, deps.clock);
    expect(before?.version).toBe(1);
    const content = buildProcedure({
      promisedLimit: 1,
      fees: [{ name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 5000 }],
    });
    const result = await updateProcedure(deps, {
      tenantId,
      code,
      content,
      effectiveFrom: '2025-04-01',
      expectedVersion: 1,
      by,
    });
    expect(result.changed).toBe(true);
    expect(result.detail.upcoming.map((v) => v.version)).toEqual([2]);
    expect(result.detail.current?.version).toBe(1);

    expect(
      (await currentVersionAt(database.db, tenantId, code, new Date('2025-03-31T16:59:59Z')))
        ?.version,
    ).toBe(1);
    const after = await currentVersionAt(
      database.db,
      tenantId,
      before!.procedureId,
      new Date('2025-03-31T17:00:00Z'),
    );
    expect(after).toMatchObject({ version: 2, feeTotal: 5000, code });
    expect(after?.record.fees).toEqual([
      { name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 5000 },
    ]);
    expect(
      await currentVersionAt(database.db, tenantId, code, new Date('2020-01-01')),
    ).toBeUndefined();
  });

  it('makes no version when nothing changed', async () => {
    const detail = await getProcedure(deps, { tenantId, code: '1.009994', publicView: false });
    const result = await updateProcedure(deps, {
      tenantId,
      code: '1.009994',
      content: { ...buildProcedure(), ...detailRecord(detail), name: `  ${detail.current!.name} ` },
      by,
    });
    expect(result.changed).toBe(false);
    expect(result.detail.versions).toHaveLength(1);
  });

  it('refuses a stale expected version and a date before the latest version', async () => {
    const content = buildProcedure({ nameEn: 'Birth registration (revised)' });
    expect(
      (
        await rejection(
          updateProcedure(deps, { tenantId, code: '1.001193', content, expectedVersion: 1, by }),
        )
      ).code,
    ).toBe('version_conflict');
    const early = await rejection(
      updateProcedure(deps, {
        tenantId,
        code: '1.001193',
        content,
        effectiveFrom: '2025-03-15',
        by,
      }),
    );
    expect(early.code).toBe('rule_violation');
  });

  it('returns field-level issues in both languages for invalid content', async () => {
    const content = buildProcedure({ legalLimit: 5, promisedLimit: 7, steps: [] });
    const error = await rejection(
      updateProcedure(deps, { tenantId, code: '2.000908', content, by }),
    );
    expect(error.code).toBe('validation_failed');
    const issues = (
      error.details as { issues: Array<{ path: string; code: string; vi: string; en: string }> }
    ).issues;
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'promisedLimit:promised_exceeds_legal',
      'steps:template_empty',
    ]);
    expect(issues[0]?.vi).toContain('không được dài hơn');
  });

  it('refuses an unknown agency unit and a taken code', async () => {
    const unknown = await rejection(
      createProcedure(deps, {
        tenantId,
        record: buildProcedure({ code: '9.1', agencyCode: 'X.1' }),
        by,
      }),
    );
    expect(unknown.code).toBe('validation_failed');
    expect(
      (await rejection(createProcedure(deps, { tenantId, record: buildProcedure(), by }))).code,
    ).toBe('already_exists');
  });

  it('records an audit row for each change', async () => {
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['action', 'stream'])
      .where('tenant_id', '=', tenantId)
      .where('action', 'like', 'catalogue.%')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'catalogue.procedure_created',
      'catalogue.procedure_created',
      'catalogue.procedure_created',
      'catalogue.procedure_versioned',
    ]);
  });
});

describe('retire and reactivate', () => {
  it('hides a retired procedure from the public but not from the back office', async () => {
    const retired = await setProcedureActive(deps, {
      tenantId,
      code: '2.000908',
      active: false,
      reason: 'Bãi bỏ',
      by,
    });
    expect(retired.changed).toBe(true);
    expect(retired.detail.procedure.status).toBe('retired');
    expect(
      (await rejection(getProcedure(deps, { tenantId, code: '2.000908', publicView: true }))).code,
    ).toBe('not_found');
    expect(
      (await listProcedures(deps, { tenantId, query: 'chung thuc', publicView: true })).total,
    ).toBe(0);
    expect(
      (
        await listProcedures(deps, {
          tenantId,
          query: 'chung thuc',
          status: 'retired',
          publicView: false,
        })
      ).total,
    ).toBe(1);
    expect(
      (await setProcedureActive(deps, { tenantId, code: '2.000908', active: false, by })).changed,
    ).toBe(false);
    const back = await setProcedureActive(deps, { tenantId, code: '2.000908', active: true, by });
    expect(back.detail.procedure.status).toBe('active');
    expect(back.detail.procedure.retired_at).toBeNull();
  });

  it('shows a procedure whose first version starts later only in the back office', async () => {
    await createProcedure(deps, {
      tenantId,
      record: buildProcedure({ code: '1.000001', name: 'Thủ tục tương lai' }),
      effectiveFrom: '2026-01-01',
      by,
    });
    expect(
      (await listProcedures(deps, { tenantId, query: 'tuong lai', publicView: true })).total,
    ).toBe(0);
    expect(
      (await listProcedures(deps, { tenantId, query: 'tuong lai', publicView: false })).total,
    ).toBe(1);
    expect(
      (await rejection(getProcedure(deps, { tenantId, code: '1.000001', publicView: true }))).code,
    ).toBe('not_found');
  });
});

function detailRecord(detail: Awaited<ReturnType<typeof getProcedure>>) {
  const v = detail.current!;
  return {
    name: v.name,
    nameEn: v.name_en,
    fieldCode: v.field_code,
    fieldName: v.field_name,
    level: v.level,
    agencyCode: v.agency_code,
    legalLimit: v.legal_limit,
    promisedLimit: v.promised_limit,
    limitUnit: v.limit_unit,
    fees: v.fees,
    components: v.components,
    resultType: v.result_type,
    resultName: v.result_name,
    onlineLevel: v.online_level,
    postalIn: v.postal_in,
    postalOut: v.postal_out,
    boundaryFree: v.boundary_free,
    applicantKinds: v.applicant_kinds,
    certification: v.certification,
    populationDb: v.population_db,
    legalBasis: v.legal_basis,
    legalEffectiveOn: v.legal_effective_on,
    announcedOn: v.announced_on,
    publishedOn: v.published_on,
    steps: v.steps,
  };
}
