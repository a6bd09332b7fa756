import type { FastifyInstance } from 'fastify';
import {
  createUser,
  signIn,
  signInCitizen,
  type TestSession,
} from '../../src/modules/auth/testing.js';
import {
  buildReception,
  buildWorld,
  type DossierWorld,
  insertProcedure,
} from '../../src/modules/dossiers/dossier.test-support.js';
import { performAction, receiveDossier } from '../../src/modules/dossiers/index.js';
import { submitFeedback } from '../../src/modules/feedback/index.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Role } from '../../src/platform/db/schema.js';
import { buildApp } from '../../src/platform/http/app.js';
import { buildModuleObjects, ID_BY_PREFIX, type ModuleObjects } from './module-objects.js';

/**
 * The whole API (every module of the registry) over one tenant with two disjoint branches:
 * "own" = the service centre + the Department of Justice, "other" = the ward + the Department of
 * Construction. One signed-in session per role, each granted over a unit of the own branch only,
 * and one dossier in each branch. Shared by the access matrix and the hostile-input test.
 */
export interface Surface {
  app: FastifyInstance;
  w: DossierWorld;
  sessions: Record<Role, TestSession>;
  own: BranchObjects;
  other: BranchObjects;
  operations: Operation[];
}

/**
 * The objects of one branch: a dossier, a unit, a user, a feedback item, and the later modules'
 * records (register items, hotline, reception session, the unit's annual assessment).
 */
export interface BranchObjects {
  dossierId: number;
  code: string;
  unitId: number;
  userId: number;
  feedbackId: number;
  feedbackCode: string;
  modules: ModuleObjects;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tags: string[];
  schema: {
    parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
    requestBody?: { content?: Record<string, { schema?: unknown }> };
  };
}

export const ROLES: Role[] = [
  'citizen',
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
  'administrator',
];

/**
 * Routes anyone may call, with the reason. Everything else must answer 401 to an anonymous
 * caller (deny by default).
 */
export const PUBLIC_ROUTES: Record<string, string> = {
  'POST /api/auth/login': 'sign-in',
  'POST /api/auth/otp/request': 'citizen sign-in: ask for a one-time code',
  'POST /api/auth/otp/verify': 'citizen sign-in: verify the code',
  'POST /api/auth/logout': 'ends the session if there is one (idempotent)',
  'POST /api/payments/ipn': 'payment gateway callback, authenticated by its signature',
  'GET /api/payments/return': 'browser return from the payment gateway, signature-checked',
  'POST /api/public/sms/inbound': 'SMS gateway callback (look-up by SMS), shared-secret checked',
  'GET /api/tenants': 'the sign-in screen lists provinces',
  'GET /api/dossiers/workflow': 'the transition table (no data)',
  'GET /api/calendar/years/{year}':
    "the tenant's working calendar: public holidays, no personal data",
  'GET /api/calendar/years/{year}/export': 'the same calendar as a file',
  'GET /api/calendar/due': 'the due-date calculator over the public calendar, no personal data',
};

export function isPublic(op: Pick<Operation, 'method' | 'path'>): boolean {
  return op.path.startsWith('/api/public/') || `${op.method} ${op.path}` in PUBLIC_ROUTES;
}

export async function buildSurface(database: Database): Promise<Surface> {
  const w = await buildWorld(database);
  const app = await buildApp({ ctx: w.ctx, logger: false });
  await app.ready();
  const tenant = { tenant: w.tenantCode };
  const ownUnit: Record<Role, number> = {
    citizen: w.units.centre,
    counter_officer: w.units.centre,
    specialist: w.units.justice,
    leader: w.units.justice,
    reform_office: w.units.justice,
    administrator: w.units.justice,
  };
  const sessions = {} as Record<Role, TestSession>;
  for (const role of ROLES) {
    if (role === 'citizen') {
      sessions.citizen = await signInCitizen(app, '0987654321', tenant);
      continue;
    }
    const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId: ownUnit[role] });
    sessions[role] = await signIn(app, u.username, u.password, tenant);
  }

  // Own dossier: received at the centre, transferred to Justice.
  const mine = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
  await performAction(w.ctx, {
    actor: w.actors.counter,
    dossierId: mine.id,
    action: 'transfer',
    version: mine.version,
  });
  // Other dossier: received at the ward for a Construction procedure.
  const otherCode = `${w.procedureCode}9`;
  await insertProcedure(w.ctx.db, w.tenantId, {
    code: otherCode,
    agencyUnitId: w.units.construction,
    promisedLimit: 5,
    limitUnit: 'working_days',
  });
  const theirs = await receiveDossier(w.ctx, {
    actor: w.actors.otherCounter,
    input: buildReception(w, {
      procedureCode: otherCode,
      receivingUnitId: w.units.otherCentre,
      applicant: {
        kind: 'individual',
        name: 'Trần Thị Bí Mật',
        idNumber: '001190054321',
        phone: '0911222333',
        address: 'Phường Tân Phong',
      },
    }),
  });
  // A feedback item in each branch; the other branch's is a denunciation whose reporter is the
  // same secret person as the other dossier's applicant.
  const ownFeedback = await submitFeedback(w.ctx, {
    tenantId: w.tenantId,
    actor: null,
    channel: 'portal',
    unitId: w.units.justice,
    input: { kind: 'feedback', subject: 'Góp ý thủ tục', content: 'Nội dung', anonymous: true },
  });
  const otherFeedback = await submitFeedback(w.ctx, {
    tenantId: w.tenantId,
    actor: null,
    channel: 'hotline',
    unitId: w.units.construction,
    input: {
      kind: 'denunciation',
      subject: 'Tố cáo cán bộ',
      content: 'Nội dung tố cáo',
      submitter: { name: 'Trần Thị Bí Mật', phone: '0911222333', idNumber: '001190054321' },
    },
  });
  const feedbackId = async (code: string) =>
    (
      await w.ctx.db
        .selectFrom('feedback')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;
  const otherUser = await createUser(w.ctx.db, {
    tenantId: w.tenantId,
    role: 'specialist',
    unitId: w.units.construction,
  });

  const modules = await buildModuleObjects(app, w, {
    own: w.units.justice,
    other: w.units.construction,
  });

  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, Operation['schema'] & { tags?: string[] }>>;
  };
  const operations: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, schema] of Object.entries(ops)) {
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        tags: schema.tags ?? [],
        schema,
      });
    }
  }
  return {
    app,
    w,
    sessions,
    own: {
      dossierId: mine.id,
      code: mine.code as string,
      unitId: w.units.justice,
      userId: w.users.specialist.id,
      feedbackId: await feedbackId(ownFeedback.code),
      feedbackCode: ownFeedback.code,
      modules: modules.own,
    },
    other: {
      dossierId: theirs.id,
      code: theirs.code as string,
      unitId: w.units.construction,
      userId: otherUser.id,
      feedbackId: await feedbackId(otherFeedback.code),
      feedbackCode: otherFeedback.code,
      modules: modules.other,
    },
    operations,
  };
}

/** Fills an OpenAPI path template with the objects of one branch. */
export function fillPath(
  path: string,
  s: Surface,
  branch: 'own' | 'other',
  overrides: Record<string, string> = {},
): string {
  const target = s[branch];
  const isUserRoute = path.startsWith('/api/admin/users');
  const isUnitRoute = path.startsWith('/api/units');
  const isFeedbackRoute = path.startsWith('/api/feedback/');
  const moduleId = ID_BY_PREFIX.find(([prefix]) => path.startsWith(prefix))?.[1];
  const values: Record<string, string> = {
    id: String(
      moduleId
        ? target.modules[moduleId]
        : isUserRoute
          ? target.userId
          : isUnitRoute
            ? target.unitId
            : isFeedbackRoute
              ? target.feedbackId
              : target.dossierId,
    ),
    code: path.includes('/dossiers/')
      ? target.code
      : path.includes('/feedback/')
        ? target.feedbackCode
        : s.w.procedureCode,
    year: '2025',
    format: 'csv',
    queue: 'mine',
    action: isFeedbackRoute
      ? 'start'
      : path.startsWith('/api/public-info/reception')
        ? 'cancel'
        : 'assign',
    unitCode: target.modules.unitCode,
    reportId: String(target.modules.reportId),
    replicationId: String(target.modules.replicationId),
    grantId: '1',
    documentId: '1',
    form: '01',
    ...overrides,
  };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(values[name] ?? '1'));
}

/** encodeURIComponent that survives lone surrogates (a client cannot send them either). */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}
