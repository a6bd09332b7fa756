import type { Kysely } from 'kysely';
import { hashPassword } from '../../platform/auth/password.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { insertUnit } from './org.repository.js';
import { createTenant } from './org.service.js';

export const STARTER_PASSWORD = 'MotCua@2025';

export interface StarterLogin {
  role: Role;
  username: string;
  password: string;
  unit: string;
}

/**
 * A small starter province for an empty database (until the demo generator loads a full one):
 * the provincial committee, the service centre, two departments, a ward and a commune with the
 * former district they came from, and one user per role. Returns the logins to print.
 */
export async function loadStarterTenant(db: Kysely<DB>): Promise<StarterLogin[]> {
  return db.transaction().execute(async (trx) => {
    const t = await createTenant({
      db: trx,
      code: 'LCU',
      name: 'Tỉnh Lai Châu',
      nameEn: 'Lai Chau Province',
    });
    const province = await insertUnit(trx, {
      tenantId: t,
      parentId: null,
      kind: 'people_committee',
      level: 'province',
      code: '000.00.00.H40',
      name: 'UBND tỉnh Lai Châu',
      nameEn: 'Lai Chau Provincial People’s Committee',
    });
    const centre = await insertUnit(trx, {
      tenantId: t,
      parentId: province,
      kind: 'service_centre',
      level: 'province',
      code: '000.00.01.H40',
      name: 'Trung tâm Phục vụ hành chính công tỉnh',
      nameEn: 'Provincial Public Administration Service Centre',
    });
    const justice = await insertUnit(trx, {
      tenantId: t,
      parentId: province,
      kind: 'department',
      level: 'province',
      code: '000.00.12.H40',
      name: 'Sở Tư pháp',
      nameEn: 'Department of Justice',
    });
    await insertUnit(trx, {
      tenantId: t,
      parentId: province,
      kind: 'department',
      level: 'province',
      code: '000.00.15.H40',
      name: 'Sở Xây dựng',
      nameEn: 'Department of Construction',
    });
    const district = await insertUnit(trx, {
      tenantId: t,
      parentId: province,
      kind: 'district',
      level: 'district',
      code: '000.10.00.H40',
      name: 'Huyện Tam Đường (cũ)',
      nameEn: 'Tam Duong District (former)',
      validTo: '2025-06-30',
    });
    const commune = await insertUnit(trx, {
      tenantId: t,
      parentId: province,
      kind: 'commune',
      level: 'commune',
      code: '000.21.01.H40',
      name: 'Xã Tam Đường',
      nameEn: 'Tam Duong Commune',
      validFrom: '2025-07-01',
    });
    const ward = await insertUnit(trx, {
      tenantId: t,
      parentId: province,
      kind: 'ward',
      level: 'commune',
      code: '000.21.02.H40',
      name: 'Phường Tân Phong',
      nameEn: 'Tan Phong Ward',
      validFrom: '2025-07-01',
    });
    await trx
      .insertInto('unit_lineage')
      .values({
        tenant_id: t,
        predecessor_id: district,
        successor_id: commune,
        kind: 'merged',
        effective_on: '2025-07-01',
        note: 'Sắp xếp đơn vị hành chính 2025',
      })
      .execute();

    const passwordHash = await hashPassword(STARTER_PASSWORD);
    const people: Array<{
      username: string;
      name: string;
      role: Role;
      unit: number;
      unitName: string;
    }> = [
      {
        username: 'admin',
        name: 'Quản trị hệ thống',
        role: 'administrator',
        unit: province,
        unitName: 'UBND tỉnh',
      },
      {
        username: 'tiepnhan',
        name: 'Nguyễn Thị Một Cửa',
        role: 'counter_officer',
        unit: centre,
        unitName: 'Trung tâm PVHCC',
      },
      {
        username: 'chuyenvien',
        name: 'Trần Văn Thẩm Định',
        role: 'specialist',
        unit: justice,
        unitName: 'Sở Tư pháp',
      },
      {
        username: 'lanhdao',
        name: 'Lê Văn Phê Duyệt',
        role: 'leader',
        unit: justice,
        unitName: 'Sở Tư pháp',
      },
      {
        username: 'cchc',
        name: 'Phạm Thị Cải Cách',
        role: 'reform_office',
        unit: province,
        unitName: 'UBND tỉnh',
      },
      {
        username: 'tiepnhan.xa',
        name: 'Hoàng Văn Xã',
        role: 'counter_officer',
        unit: ward,
        unitName: 'Phường Tân Phong',
      },
    ];
    const logins: StarterLogin[] = [];
    for (const person of people) {
      const user = await trx
        .insertInto('users')
        .values({
          tenant_id: t,
          kind: 'staff',
          username: person.username,
          full_name: person.name,
          password_hash: passwordHash,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('role_grants')
        .values({ tenant_id: t, user_id: user.id, role: person.role, unit_id: person.unit })
        .execute();
      logins.push({
        role: person.role,
        username: person.username,
        password: STARTER_PASSWORD,
        unit: person.unitName,
      });
    }
    return logins;
  });
}
