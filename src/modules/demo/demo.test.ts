import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockLedger } from '../../domain/calendar/index.js';
import { clockColumns, firstInvalidEvent } from '../../domain/workflow/index.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { decryptField } from '../../platform/crypto/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { computeServiceIndex, readPeriod } from '../indices/index.js';
import { monthRollupDrift } from '../indices/indices.test-support.js';
import { tetDay } from './calendar.js';
import { type DemoResult, generateDemo } from './demo.service.js';
import { DEMO_PASSWORD } from './people.js';

const SECRET = 'test-secret-key-for-the-demo-generator-0123456789';
const UNTIL = '2026-11-22';

/** Rows of every table the demo writes, ordered, with encrypted fields decrypted. */
async function digestTenant(database: Database, tenantId: number): Promise<string> {
  const tables: [string, string][] = [
    ['units', 'id'],
    ['unit_closure', 'ancestor_id, descendant_id'],
    ['unit_lineage', 'id'],
    ['users', 'id'],
    ['role_grants', 'id'],
    ['calendar_years', 'year'],
    ['procedures', 'id'],
    ['procedure_versions', 'id'],
    ['dossiers', 'id'],
    ['dossier_events', 'id'],
    ['dossier_code_counters', 'agency_code, day'],
    ['index_unit_day', 'day, receiving_unit_id, agency_unit_id'],
    ['index_unit_month', 'month, receiving_unit_id, agency_unit_id'],
    ['feedback', 'id'],
    ['feedback_events', 'id'],
    ['feedback_ratings', 'id'],
  ];
  // Users' fields use the auth module's purposes, applicants' the dossier module's.
  const encryptionPurpose = (table: string, key: string) =>
    table === 'dossiers'
      ? key.includes('phone')
        ? 'dossiers.applicant_phone'
        : 'dossiers.applicant_id'
      : key.includes('phone')
        ? 'phone'
        : 'id_number';
  const hash = createHash('sha256');
  for (const [table, order] of tables) {
    const { rows } = await rawQuery(
      database,
      `select * from ${table} where tenant_id = $1 order by ${order}`,
      [tenantId],
    );
    for (const row of rows) {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        // Encryption and password salts are random by design: compare what they protect.
        if (key.endsWith('_enc'))
          row[key] = decryptField(SECRET, value, encryptionPurpose(table, key));
        if (key === 'password_hash') row[key] = 'scrypt';
      }
      hash.update(`${table}:${JSON.stringify(row)}\n`);
    }
  }
  return hash.digest('hex');
}

async function rawQuery(
  database: Database,
  text: string,
  params: unknown[] = [],
): Promise<{ rows: Record<string, unknown>[] }> {
  if (database.pglite) return database.pglite.query<Record<string, unknown>>(text, params);
  if (!database.pool) throw new Error('no database');
  return database.pool.query(text, params);
}

async function commune(seed: string): Promise<{ database: Database; result: DemoResult }> {
  const database = await createTestDatabase();
  const result = await generateDemo({
    database,
    secret: SECRET,
    scale: 'commune',
    seed,
    years: 2,
    until: UNTIL,
    dossiers: 700,
  });
  return { database, result };
}

describe('demo generator, commune scale', () => {
  let first: { database: Database; result: DemoResult };
  beforeAll(async () => {
    first = await commune('7');
  }, 180_000);
  afterAll(async () => {
    await first?.database.close();
  });

  it('gives the same rows for the same seed and until, and different rows for another seed', async () => {
    const again = await commune('7');
    const other = await commune('8');
    try {
      const tenant = first.result.tenants[0]?.tenantId as number;
      const a = await digestTenant(first.database, tenant);
      expect(await digestTenant(again.database, again.result.tenants[0]?.tenantId as number)).toBe(
        a,
      );
      expect(
        await digestTenant(other.database, other.result.tenants[0]?.tenantId as number),
      ).not.toBe(a);
    } finally {
      await again.database.close();
      await other.database.close();
    }
  }, 240_000);

  it('refuses to overwrite a tenant that has data unless told to replace it', async () => {
    await expect(
      generateDemo({
        database: first.database,
        secret: SECRET,
        scale: 'commune',
        seed: '7',
        years: 2,
        until: UNTIL,
        dossiers: 10,
      }),
    ).rejects.toMatchObject({ code: 'already_exists' });
  });

  it('writes dossiers whose history, clock columns, unit and procedure version agree with what the application derives', async () => {
    const { database } = first;
    const tenantId = first.result.tenants[0]?.tenantId as number;
    const cal = await loadTenantCalendar(database.db, tenantId);
    const dossiers = (
      await rawQuery(
        database,
        `select d.*, v.procedure_id as version_procedure, ru.tenant_id as unit_tenant, v.tenant_id as version_tenant
         from dossiers d join procedure_versions v on v.id = d.procedure_version_id join units ru on ru.id = d.receiving_unit_id
         where d.tenant_id = $1 order by d.id`,
        [tenantId],
      )
    ).rows;
    const events = (
      await rawQuery(
        database,
        'select dossier_id, seq, action, from_status, to_status from dossier_events where tenant_id = $1 order by dossier_id, seq',
        [tenantId],
      )
    ).rows;
    const byDossier = new Map<number, typeof events>();
    for (const e of events) {
      const list = byDossier.get(Number(e.dossier_id)) ?? [];
      list.push(e);
      byDossier.set(Number(e.dossier_id), list);
    }
    expect(dossiers.length).toBeGreaterThan(500);
    const ms = (v: unknown) =>
      v === null || v === undefined ? null : new Date(v as string | Date).getTime();
    const codes = new Set<string>();
    for (const d of dossiers) {
      expect(d.unit_tenant).toBe(tenantId);
      expect(d.version_tenant).toBe(tenantId);
      expect(d.version_procedure).toBe(d.procedure_id);
      const history = byDossier.get(Number(d.id)) ?? [];
      expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
      expect(
        firstInvalidEvent(
          history.map((e) => ({
            action: String(e.action),
            from: e.from_status as string | null,
            to: String(e.to_status),
          })),
        ),
      ).toBe(-1);
      expect(history.at(-1)?.to_status).toBe(d.status);
      const ledger = (
        typeof d.clock === 'string' ? JSON.parse(d.clock) : d.clock
      ) as ClockLedger | null;
      const derived = clockColumns(ledger, cal);
      expect(ms(d.received_at)).toBe(ms(derived.received_at));
      expect(ms(d.due_at)).toBe(ms(derived.due_at));
      expect(ms(d.original_due_at)).toBe(ms(derived.original_due_at));
      expect(ms(d.paused_since)).toBe(ms(derived.paused_since));
      expect(d.supplement_count).toBe(derived.supplement_count);
      expect(d.extended).toBe(derived.extended);
      expect(ms(d.finished_at)).toBe(ms(ledger?.stoppedAt ?? null));
      if (d.code !== null) {
        expect(String(d.code)).toMatch(/^000\.\d\d\.\d\d\.H40-\d{6}-\d{4}$/);
        expect(codes.has(String(d.code))).toBe(false);
        codes.add(String(d.code));
      }
    }
    // Code counters hold the last number given per agency and day.
    const gaps = await rawQuery(
      database,
      `select c.agency_code, c.day, c.last, count(d.id)::int as n from dossier_code_counters c
       left join dossiers d on d.tenant_id = c.tenant_id and d.code like c.agency_code || '-' || to_char(c.day, 'YYMMDD') || '-%'
       where c.tenant_id = $1 group by 1, 2, 3 having count(d.id) <> c.last`,
      [tenantId],
    );
    expect(gaps.rows).toEqual([]);
  });

  it('keeps the live index aggregates equal to a recount from the dossiers', async () => {
    const { database } = first;
    const tenantId = first.result.tenants[0]?.tenantId as number;
    const { rows } = await rawQuery(
      database,
      `select (select coalesce(sum(rc_received), 0)::int from index_unit_day where tenant_id = $1) as aggregated,
              (select count(*)::int from dossiers where tenant_id = $1 and received_at is not null) as counted`,
      [tenantId],
    );
    expect(rows[0]?.aggregated).toBe(rows[0]?.counted);
    expect(await monthRollupDrift(database.db, tenantId)).toEqual([]);
  });

  it('prints logins that sign in with the demo password', async () => {
    const login = first.result.logins.find((l) => l.role === 'counter_officer');
    expect(login).toBeDefined();
    const { rows } = await rawQuery(
      first.database,
      'select password_hash from users where username = $1',
      [login?.username],
    );
    expect(await verifyPassword(DEMO_PASSWORD, String(rows[0]?.password_hash))).toBe(true);
    const roles = new Set(first.result.logins.map((l) => l.role));
    for (const role of [
      'administrator',
      'reform_office',
      'leader',
      'specialist',
      'counter_officer',
      'citizen',
    ])
      expect(roles.has(role as never)).toBe(true);
  });
});

describe('demo generator, province scale', () => {
  let database: Database;
  let result: DemoResult;
  beforeAll(async () => {
    database = await createTestDatabase();
    result = await generateDemo({
      database,
      secret: SECRET,
      scale: 'province',
      seed: '1',
      years: 2,
      until: UNTIL,
      dossiers: 8000,
    });
  }, 300_000);
  afterAll(async () => {
    await database?.close();
  });

  it('gives indicators 6.1 and 6.2 figures from a few hundred feedback items a year, some late and some disliked', async () => {
    const tenantId = result.tenants[0]?.tenantId as number;
    const { rows } = await rawQuery(
      database,
      `select count(*)::int as n,
              count(*) filter (where received_at >= '2025-01-01T00:00:00+07:00'
                and received_at < '2026-01-01T00:00:00+07:00')::int as in2025
         from feedback where tenant_id = $1`,
      [tenantId],
    );
    expect(rows[0]?.in2025).toBeGreaterThan(250);
    expect(rows[0]?.in2025).toBeLessThan(350);
    const root = await rawQuery(
      database,
      'select code from units where tenant_id = $1 and parent_id is null',
      [tenantId],
    );
    const index = await computeServiceIndex({
      db: database.db,
      tenantId,
      period: readPeriod('2025'),
      unitCode: root.rows[0]?.code as string,
      now: new Date(`${UNTIL}T00:00:00+07:00`),
      compare: false,
    });
    for (const id of ['6.1', '6.2']) {
      const ind = index.units[0]?.score.indicators[id];
      expect(ind?.status).toBe('applicable');
      expect(ind?.denominator).toBeGreaterThan(250);
      // Mostly handled well, but not perfectly: the demo shows what late and disliked cost.
      expect(ind?.rate).toBeGreaterThan(60);
      expect(ind?.rate).toBeLessThan(98);
    }
  });

  it('builds a Lai Châu-like province: ~1,900 procedures, ~1,037 online, cuts of 32.6% on average and 66.7% at most', () => {
    const t = result.tenants[0];
    expect(t?.procedures).toBeGreaterThan(1850);
    expect(t?.procedures).toBeLessThan(1950);
    expect(Math.abs((t?.onlineProcedures ?? 0) - 1037)).toBeLessThan(80);
    expect(Math.abs((t?.averageCut ?? 0) - 32.6)).toBeLessThan(2.5);
    expect(t?.largestCut).toBe(66.7);
  });

  it('has 38 communes and wards from 1 July 2025, each with lineage from a former district', async () => {
    const tenantId = result.tenants[0]?.tenantId as number;
    const { rows } = await rawQuery(
      database,
      `select count(*)::int as n, count(*) filter (where exists (
         select 1 from unit_lineage l join units p on p.id = l.predecessor_id where l.successor_id = u.id and p.level = 'district' and p.valid_to = '2025-06-30'))::int as with_district
       from units u where u.tenant_id = $1 and u.level = 'commune' and u.valid_from = '2025-07-01'`,
      [tenantId],
    );
    expect(rows[0]).toEqual({ n: 38, with_district: 38 });
  });

  it('makes the weak commune weak: more late dossiers and about 31.3% synced', async () => {
    const tenantId = result.tenants[0]?.tenantId as number;
    const { rows } = await rawQuery(
      database,
      `select (u.name like '%Mù Cả%' or u.name like '%Tá Bạ%') as weak,
              avg((index_finished_class(d) = 'late')::int)::float as late_rate,
              avg(d.synced::int)::float as synced_rate, count(*)::int as n
       from dossiers d join units u on u.id = d.receiving_unit_id
       where d.tenant_id = $1 and u.level = 'commune' and d.finished_at is not null group by 1`,
      [tenantId],
    );
    const weak = rows.find((r) => r.weak === true);
    const rest = rows.find((r) => r.weak === false);
    expect(Number(weak?.n)).toBeGreaterThan(30);
    expect(Number(weak?.late_rate)).toBeGreaterThan(2 * Number(rest?.late_rate));
    expect(Number(weak?.synced_rate)).toBeGreaterThan(0.2);
    expect(Number(weak?.synced_rate)).toBeLessThan(0.45);
    expect(Number(rest?.synced_rate)).toBeGreaterThan(0.9);
  });

  it('shows the Tết dip: the week of Tết receives far fewer dossiers than the weeks before it', async () => {
    const tenantId = result.tenants[0]?.tenantId as number;
    const tet = tetDay(2026);
    const { rows } = await rawQuery(
      database,
      `select floor((index_local_day(received_at) - $2::date) / 7.0)::int as week, count(*)::int as n
       from dossiers where tenant_id = $1 and received_at is not null
         and index_local_day(received_at) between $2::date - 42 and $2::date + 6 group by 1 order by 1`,
      [tenantId, tet],
    );
    const tetWeek = rows.find((r) => r.week === 0)?.n as number;
    const before = rows
      .filter((r) => Number(r.week) >= -6 && Number(r.week) <= -3)
      .map((r) => Number(r.n));
    const average = before.reduce((s, n) => s + n, 0) / before.length;
    expect(tetWeek).toBeLessThan(0.4 * average);
  });

  it('leaves dossiers in every processing state for the queues, and most ratings satisfied', async () => {
    const tenantId = result.tenants[0]?.tenantId as number;
    const byStatus = result.tenants[0]?.dossiers.byStatus ?? {};
    for (const s of ['returned', 'in_appraisal', 'result_ready'])
      expect(byStatus[s] ?? 0).toBeGreaterThan(0);
    const { rows } = await rawQuery(
      database,
      `select avg((rating >= 4)::int)::float as satisfied from dossiers where tenant_id = $1 and rating is not null`,
      [tenantId],
    );
    expect(Number(rows[0]?.satisfied)).toBeGreaterThan(0.95);
  });
});
