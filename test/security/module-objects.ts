import type { FastifyInstance } from 'fastify';
import { DEFAULT_ANNUAL_FRAMEWORK } from '../../src/domain/annual/index.js';
import { createUser, signIn } from '../../src/modules/auth/testing.js';
import type { DossierWorld } from '../../src/modules/dossiers/dossier.test-support.js';

/**
 * The objects of the modules that came after the core (governance registers, public
 * information, the annual index), one set per branch, so the access matrix covers their
 * unit-scoped routes too. They are made through the API by a tenant-wide reform office (the
 * "operator" of the tenant), as an office would, so the matrix tests the routes against
 * records the routes themselves wrote.
 */
export interface ModuleObjects {
  unitCode: string;
  initiativeId: number;
  inspectionId: number;
  recommendationId: number;
  planId: number;
  taskId: number;
  reportId: number;
  replicationId: number;
  headcountId: number;
  hotlineId: number;
  receptionId: number;
}

/** The route prefix whose `{id}` names each kind of object, most specific first. */
export const ID_BY_PREFIX: ReadonlyArray<[string, keyof ModuleObjects]> = [
  ['/api/registers/initiatives/{id}', 'initiativeId'],
  ['/api/registers/inspections/{id}', 'inspectionId'],
  ['/api/registers/recommendations/{id}', 'recommendationId'],
  ['/api/registers/plans/{id}', 'planId'],
  ['/api/registers/tasks/{id}', 'taskId'],
  ['/api/registers/headcount/{id}', 'headcountId'],
  ['/api/public-info/hotlines/{id}', 'hotlineId'],
  ['/api/public-info/reception/{id}', 'receptionId'],
];

/** Whether a route acts on one of these objects (or on a unit's annual assessment). */
export function isModuleObjectRoute(path: string): boolean {
  return (
    ID_BY_PREFIX.some(([prefix]) => path.startsWith(prefix)) ||
    path.startsWith('/api/annual/cycles/{year}/units/{unitCode}')
  );
}

/**
 * A valid body for each mutation of these objects, so a refusal comes from the access check
 * and not from the request schema. `unit` is the branch's unit.
 */
export function moduleBody(
  method: string,
  path: string,
  unit: { id: number; code: string },
): unknown {
  const unitCode = unit.code;
  const key = `${method} ${path}`;
  const bodies: Record<string, unknown> = {
    'PUT /api/registers/initiatives/{id}': {
      year: 2025,
      title: 'Sửa sáng kiến',
      summary: 'Tóm tắt',
      authors: 'Tác giả',
    },
    'POST /api/registers/initiatives/{id}/evaluate': { score: 80, comment: 'Tốt' },
    'POST /api/registers/initiatives/{id}/decide': { recognised: true },
    'POST /api/registers/initiatives/{id}/replications': {
      unitCodes: [unitCode],
      replicatedOn: '2025-03-01',
    },
    'POST /api/registers/inspections/{id}/start': {},
    'POST /api/registers/inspections/{id}/conclude': CONCLUSION,
    'POST /api/registers/inspections/{id}/recommendations': recommendation(unitCode),
    'POST /api/registers/recommendations/{id}/complete': { note: 'Đã niêm yết lại' },
    'POST /api/registers/plans/{id}/tasks': task(unitCode),
    'POST /api/registers/plans/{id}/reports': { text: 'Tiến độ', percent: 50 },
    'POST /api/registers/tasks/{id}/status': { status: 'in_progress' },
    'PUT /api/registers/inspections/{id}': { ...inspection(unitCode), version: 1 },
    'PUT /api/registers/recommendations/{id}': { ...recommendation(unitCode), version: 1 },
    'PUT /api/registers/plans/{id}': { title: 'Khắc phục chỉ số 2.1', version: 1 },
    'PUT /api/registers/tasks/{id}': { ...task(unitCode), version: 1 },
    'PUT /api/registers/plans/{id}/reports/{reportId}': {
      text: 'Sửa tiến độ',
      percent: 40,
      version: 1,
    },
    'PUT /api/registers/initiatives/{id}/replications/{replicationId}': {
      unitCode,
      replicatedOn: '2025-04-01',
      version: 1,
    },
    ...Object.fromEntries(
      ['initiatives', 'inspections', 'recommendations', 'plans', 'tasks', 'headcount'].flatMap(
        (kind) => [
          [`POST /api/registers/${kind}/{id}/withdraw`, { reason: 'Nhập nhầm' }],
          [`POST /api/registers/${kind}/{id}/restore`, { reason: 'Khôi phục' }],
        ],
      ),
    ),
    'POST /api/public-info/hotlines/{id}/restore': { version: 1 },
    'POST /api/public-info/reception/{id}/restore': { version: 1 },
    'PUT /api/public-info/reception/{id}': { ...SESSION, version: 1 },
    'PUT /api/public-info/hotlines/{id}': {
      unitId: unit.id,
      purpose: 'Phản ánh',
      phone: '02133876543',
      version: 1,
    },
    'POST /api/public-info/reception/{id}/actions/{action}': { version: 1, reason: 'Bận họp' },
    'PUT /api/annual/cycles/{year}/units/{unitCode}/self-assessment': {
      entries: [{ subcriterionId: '1.1.1', points: 1 }],
    },
    'POST /api/annual/cycles/{year}/units/{unitCode}/appraisal': {
      entries: [{ subcriterionId: '1.1.1', points: 1, reason: 'Thẩm định lại' }],
    },
    'POST /api/annual/cycles/{year}/units/{unitCode}/contests': {
      subcriterionId: '1.1.1',
      reason: 'Chấm chưa đúng',
    },
  };
  if (key in bodies) return bodies[key];
  return method === 'GET' || method === 'DELETE' ? undefined : {};
}

/** The query string a mutation needs besides its body (the version of a deleted session). */
export function moduleQuery(method: string, path: string): string {
  return method === 'DELETE' && path === '/api/public-info/reception/{id}' ? '?version=1' : '';
}

const SESSION = {
  leaderName: 'Nguyễn Văn An',
  leaderTitle: 'Giám đốc',
  start: '08:00',
  end: '11:30',
  place: 'Phòng tiếp công dân',
};
const inspection = (unitCode: string) => ({
  inspectedUnitCode: unitCode,
  inspectingBody: 'Đoàn kiểm tra công vụ tỉnh',
  kind: 'check',
  plannedOn: '2025-03-05',
  scope: 'Giải quyết TTHC quý I',
});
const CONCLUSION = { kind: 'conclusion', number: '1/KL', date: '2025-03-03', text: 'Kết luận' };
const recommendation = (unitCode: string) => ({
  content: 'Niêm yết đầy đủ thủ tục',
  responsibleUnitCode: unitCode,
  dueOn: '2025-06-30',
});
const task = (unitCode: string) => ({
  title: 'Cập nhật tiến độ hồ sơ',
  responsibleUnitCode: unitCode,
  responsiblePerson: 'Lê Văn Phụ Trách',
  dueOn: '2025-06-30',
});

/**
 * Creates each branch's objects and a 2025 annual cycle in self-assessment, as a reform office
 * granted over the province (tenant-wide).
 */
export async function buildModuleObjects(
  app: FastifyInstance,
  w: DossierWorld,
  branches: { own: number; other: number },
): Promise<{ own: ModuleObjects; other: ModuleObjects }> {
  const operator = await createUser(w.ctx.db, {
    tenantId: w.tenantId,
    role: 'reform_office',
    unitId: w.units.province,
  });
  const session = await signIn(app, operator.username, operator.password, {
    tenant: w.tenantCode,
  });
  const send = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { 'x-test-no-limit': '1', ...session.headers },
      payload: payload as object,
    });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url} → ${response.statusCode} ${response.body}`);
    return response.json();
  };

  await send('PUT', '/api/annual/cycles/2025/framework', DEFAULT_ANNUAL_FRAMEWORK);
  await send('POST', '/api/annual/cycles/2025/advance', {
    to: 'self_assessment',
    selfAssessmentDeadline: '2025-12-31',
  });

  const root = await w.ctx.db
    .selectFrom('units')
    .select('code')
    .where('id', '=', w.units.province)
    .executeTakeFirstOrThrow();
  const rootCode = root.code;

  const make = async (unitId: number): Promise<ModuleObjects> => {
    const unit = await w.ctx.db
      .selectFrom('units')
      .select('code')
      .where('id', '=', unitId)
      .executeTakeFirstOrThrow();
    const unitCode = unit.code;
    const initiative = await send('POST', '/api/registers/initiatives', {
      unitCode,
      year: 2025,
      title: 'Số hóa hồ sơ tại quầy',
      summary: 'Tóm tắt',
      authors: 'Trần Văn A',
    });
    const inspected = await send('POST', '/api/registers/inspections', inspection(unitCode));
    await send('POST', `/api/registers/inspections/${inspected.id}/conclude`, CONCLUSION);
    const concluded = await send(
      'POST',
      `/api/registers/inspections/${inspected.id}/recommendations`,
      recommendation(unitCode),
    );
    const plan = await send('POST', '/api/registers/plans', {
      unitCode,
      year: 2025,
      title: 'Khắc phục chỉ số 2.1',
      indicator: '2.1',
    });
    const planned = await send('POST', `/api/registers/plans/${plan.id}/tasks`, task(unitCode));
    const reported = await send('POST', `/api/registers/plans/${plan.id}/reports`, {
      text: 'Tiến độ quý I',
      percent: 30,
    });
    // A recognised initiative replicated at the province's root unit, so the correction route
    // has a replication to act on.
    await send('POST', `/api/registers/initiatives/${initiative.id}/evaluate`, {
      score: 80,
      comment: 'Tốt',
    });
    await send('POST', `/api/registers/initiatives/${initiative.id}/decide`, { recognised: true });
    const replicated = await send(
      'POST',
      `/api/registers/initiatives/${initiative.id}/replications`,
      {
        unitCodes: [rootCode],
        replicatedOn: '2025-03-01',
      },
    );
    const headcount = await send('PUT', '/api/registers/headcount', {
      unitCode,
      year: 2025,
      assigned: 40,
      reductionTarget: 4,
      reduced: 1,
    });
    const hotline = await send('POST', '/api/public-info/hotlines', {
      unitId,
      purpose: 'Tiếp nhận phản ánh',
      phone: '02133876543',
    });
    const reception = await send('POST', '/api/public-info/reception', {
      unitId,
      date: '2025-03-20',
      ...SESSION,
    });
    return {
      unitCode,
      initiativeId: initiative.id,
      inspectionId: inspected.id,
      recommendationId: concluded.recommendations[0].id,
      planId: plan.id,
      taskId: planned.tasks[0].id,
      reportId: reported.reports[0].id,
      replicationId: replicated.replications[0].id,
      headcountId: headcount.id,
      hotlineId: hotline.id,
      receptionId: reception.id,
    };
  };
  return { own: await make(branches.own), other: await make(branches.other) };
}
