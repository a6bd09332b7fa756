import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { insertUnit } from '../org/org.repository.js';
import { forgetTenantRules } from './dossier.rules.js';
import type { ReceiveInput } from './dossier.service.js';

/**
 * A small world for dossier tests: one tenant with a service centre, a processing department
 * and a second department (for consultations), one user per role, and a procedure with three
 * components, a five-working-day promise and a four-step template. Factories, no shared state:
 * each test file builds its own in its own database.
 */
export interface DossierWorld {
  tenantCode: string;
  ctx: AppContext & { clock: { now: Date } };
  tenantId: number;
  units: {
    province: number;
    centre: number;
    justice: number;
    construction: number;
    otherCentre: number;
  };
  users: Record<
    'counter' | 'specialist' | 'leader' | 'leader2' | 'otherCounter' | 'reform',
    { id: number; username: string }
  >;
  actors: Record<'counter' | 'specialist' | 'leader' | 'otherCounter' | 'reform', Actor>;
  procedureCode: string;
  procedureId: number;
}

let seq = 0;

export async function buildWorld(
  database: Database,
  options: { tenantCode?: string; now?: string } = {},
): Promise<DossierWorld> {
  seq++;
  const db = database.db;
  const code = options.tenantCode ?? `T${process.pid}${seq}`;
  const tenant = await db
    .insertInto('tenants')
    .values({ code, name: `Tỉnh thử ${code}`, settings: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const t = tenant.id;
  const province = await insertUnit(db, {
    tenantId: t,
    parentId: null,
    kind: 'people_committee',
    level: 'province',
    code: `${code}.000`,
    name: 'UBND tỉnh',
  });
  const centre = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'service_centre',
    level: 'province',
    code: `${code}.001`,
    name: 'Trung tâm Phục vụ hành chính công',
  });
  const justice = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'department',
    level: 'province',
    code: `000.00.12.${code}`,
    name: 'Sở Tư pháp',
  });
  const construction = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'department',
    level: 'province',
    code: `000.00.15.${code}`,
    name: 'Sở Xây dựng',
  });
  const otherCentre = await insertUnit(db, {
    tenantId: t,
    parentId: province,
    kind: 'ward',
    level: 'commune',
    code: `${code}.021`,
    name: 'Phường Tân Phong',
  });

  const user = async (role: Role, unitId: number, name: string) => {
    const username = `${role}.${code}.${name}`;
    const row = await db
      .insertInto('users')
      .values({ tenant_id: t, kind: 'staff', username, full_name: name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_grants')
      .values({ tenant_id: t, user_id: row.id, role, unit_id: unitId })
      .execute();
    return { id: row.id, username };
  };
  const users = {
    counter: await user('counter_officer', centre, 'Nguyễn Thị Một Cửa'),
    specialist: await user('specialist', justice, 'Trần Văn Thẩm Định'),
    leader: await user('leader', justice, 'Lê Văn Phê Duyệt'),
    leader2: await user('leader', construction, 'Đỗ Văn Xây Dựng'),
    otherCounter: await user('counter_officer', otherCentre, 'Hoàng Văn Xã'),
    reform: await user('reform_office', province, 'Phạm Thị Cải Cách'),
  };
  const actor = (u: { id: number }, role: Role, unitId: number): Actor => ({
    userId: u.id,
    tenantId: t,
    kind: 'staff',
    name: role,
    grants: [{ role, unitId }],
    via: 'session',
  });
  const actors = {
    counter: actor(users.counter, 'counter_officer', centre),
    specialist: actor(users.specialist, 'specialist', justice),
    leader: actor(users.leader, 'leader', justice),
    otherCounter: actor(users.otherCounter, 'counter_officer', otherCentre),
    reform: actor(users.reform, 'reform_office', province),
  };

  const procedureCode = `1.0013${seq}`;
  const procedureId = await insertProcedure(db, t, {
    code: procedureCode,
    agencyUnitId: justice,
    promisedLimit: 5,
    limitUnit: 'working_days',
    feeAmount: 50_000,
  });

  const clock = { now: new Date(options.now ?? '2025-03-03T02:00:00Z') };
  const ctx = Object.assign(
    createContext(
      database,
      loadConfig({}, {
        NODE_ENV: 'test',
        MOTCUA_STORAGE_DIR: mkdtempSync(path.join(os.tmpdir(), 'motcua-dossiers-')),
      } as NodeJS.ProcessEnv),
      () => clock.now,
    ),
    { clock },
  );
  forgetTenantRules(db);
  return {
    tenantCode: code,
    ctx,
    tenantId: t,
    units: { province, centre, justice, construction, otherCentre },
    users,
    actors,
    procedureCode,
    procedureId,
  };
}

/** Inserts a procedure with one version effective from 2020 (the catalogue's tables). */
export async function insertProcedure(
  db: Kysely<DB>,
  tenantId: number,
  p: {
    code: string;
    agencyUnitId: number | null;
    promisedLimit: number;
    limitUnit: string;
    feeAmount?: number;
    onlineLevel?: string;
    steps?: unknown[];
  },
): Promise<number> {
  const proc = await sql<{
    id: number;
  }>`insert into procedures (tenant_id, code) values (${tenantId}, ${p.code}) returning id`.execute(
    db,
  );
  const id = (proc.rows[0] as { id: number }).id;
  const components = [
    { code: 'TP01', name: 'Tờ khai theo mẫu', copies: 1, required: true, mustDigitise: true },
    {
      code: 'TP02',
      name: 'Bản sao giấy tờ tùy thân',
      copies: 1,
      required: true,
      mustDigitise: false,
    },
    {
      code: 'TP03',
      name: 'Giấy ủy quyền (nếu có)',
      copies: 1,
      required: false,
      mustDigitise: false,
    },
  ];
  const steps = p.steps ?? [
    {
      code: 'B1',
      name: 'Tiếp nhận, chuyển hồ sơ',
      role: 'counter_officer',
      unit: 'centre',
      allotment: 0.5,
      interAgency: false,
    },
    {
      code: 'B2',
      name: 'Thẩm định',
      role: 'specialist',
      unit: 'agency',
      allotment: 3,
      interAgency: false,
    },
    {
      code: 'B3',
      name: 'Phê duyệt',
      role: 'leader',
      unit: 'agency',
      allotment: 1,
      interAgency: false,
    },
    {
      code: 'B4',
      name: 'Trả kết quả',
      role: 'counter_officer',
      unit: 'centre',
      allotment: 0.5,
      interAgency: false,
    },
  ];
  await sql`
    insert into procedure_versions (tenant_id, procedure_id, version, effective_from, name, search_text, level, agency_unit_id,
      legal_limit, promised_limit, limit_unit, fee_amount, components, steps, online_level, result_type)
    values (${tenantId}, ${id}, 1, '2020-01-01T00:00:00+07:00', ${`Thủ tục thử ${p.code}`}, ${`thu tuc thu ${p.code}`}, 'province',
      ${p.agencyUnitId}, ${p.promisedLimit}, ${p.promisedLimit}, ${p.limitUnit}, ${p.feeAmount ?? 0}, ${JSON.stringify(components)}::jsonb,
      ${JSON.stringify(steps)}::jsonb, ${p.onlineLevel ?? 'partial'}, 'paper')`.execute(db);
  return id;
}

/** A complete reception at the counter of the world's centre. */
export function buildReception(
  world: DossierWorld,
  overrides: Partial<ReceiveInput> = {},
): ReceiveInput {
  return {
    procedureCode: world.procedureCode,
    receivingUnitId: world.units.centre,
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
    ...overrides,
  };
}
