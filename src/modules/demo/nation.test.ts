import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockLedger, WorkingCalendar } from '../../domain/calendar/index.js';
import { clockColumns, TRANSITIONS } from '../../domain/workflow/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { UNIT_DAY_COUNTER_COLUMNS } from '../indices/index.js';
import { monthRollupDrift } from '../indices/indices.test-support.js';
import { NATION_PROVINCES, planSyntheticProvince } from './nation.js';
import { loadNation } from './nation-load.js';
import { Rng } from './rng.js';

const SECRET = 'nation-test-secret-0123456789abcdef';
const FROM = Date.parse('2024-01-01T00:00:00+07:00');
const UNTIL = Date.parse('2025-12-01T00:00:00+07:00');

async function loadOne(database: Database, seed: string) {
  const province = NATION_PROVINCES.find((p) => p.code === 'LCU');
  if (!province) throw new Error('LCU missing');
  const rng = new Rng(`motcua-demo/${seed}`).fork(`province/${province.code}`);
  return loadNation(database, {
    plans: [{ org: planSyntheticProvince(province, rng.fork('units')), dossiers: 2500, rng }],
    secret: SECRET,
    from: FROM,
    until: UNTIL,
    replace: false,
  });
}

async function schemaOf(database: Database) {
  const pool = database.pool;
  if (!pool) throw new Error('PostgreSQL only');
  const indexes = await pool.query(
    `select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by 1, 2`,
  );
  const constraints = await pool.query(
    `select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def from pg_constraint
     where connamespace = current_schema()::regnamespace order by 1, 2`,
  );
  const triggers = await pool.query(
    `select tgrelid::regclass::text as t, tgname, tgenabled from pg_trigger where not tgisinternal order by 1, 2`,
  );
  return { indexes: indexes.rows, constraints: constraints.rows, triggers: triggers.rows };
}

// The nation scale writes with COPY streams on PostgreSQL only (docs/demo.md).
describe.skipIf(!process.env.DATABASE_URL)('nation scale loader', () => {
  let database: Database;
  let before: Awaited<ReturnType<typeof schemaOf>>;
  let cal: WorkingCalendar;

  beforeAll(async () => {
    database = await createTestDatabase();
    before = await schemaOf(database);
    await loadOne(database, '7');
    const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    cal = await loadTenantCalendar(database.db, tenant.id);
  }, 300_000);

  afterAll(async () => {
    await database?.close();
  });

  it('leaves the migrated schema: indexes, constraints and triggers rebuilt and enabled', async () => {
    expect(await schemaOf(database)).toEqual(before);
  });

  it('writes the number of dossiers asked for (Poisson per day: within 4 standard deviations)', async () => {
    const { n } = await database.db
      .selectFrom('dossiers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // 2,500 asked: a standard deviation of 50. Draws that cannot happen are drawn again.
    expect(Math.abs(Number(n) - 2500)).toBeLessThan(200);
  });

  it('derives every dossier clock column as the legal clock does from the stored ledger', async () => {
    const rows = await database.pool!.query(
      `select clock, received_at, due_at, original_due_at, paused_since, supplement_count, extended
       from dossiers where clock is not null`,
    );
    expect(rows.rows.length).toBeGreaterThan(1500);
    const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
    let pauses = 0;
    for (const row of rows.rows) {
      const ledger = row.clock as ClockLedger;
      pauses += ledger.pauses.length;
      const expected = clockColumns(ledger, cal);
      expect({
        received: ms(row.received_at),
        due: ms(row.due_at),
        original: ms(row.original_due_at),
        paused: ms(row.paused_since),
        supplements: row.supplement_count,
        extended: row.extended,
      }).toEqual({
        received: ms(expected.received_at),
        due: ms(expected.due_at),
        original: ms(expected.original_due_at),
        paused: ms(expected.paused_since),
        supplements: expected.supplement_count,
        extended: expected.extended,
      });
    }
    expect(pauses).toBeGreaterThan(0);
  });

  it('records only transitions the workflow allows, numbered by the dossier version', async () => {
    const allowed = new Set(
      TRANSITIONS.flatMap((t) => [...t.from].map((from) => `${from}|${t.action}|${t.to}`)),
    );
    const events = await database.pool!.query(
      `select e.action, e.from_status, e.to_status, e.seq, d.version, d.status,
              e.seq = max(e.seq) over (partition by e.dossier_id) as last
       from dossier_events e join dossiers d on d.id = e.dossier_id`,
    );
    for (const e of events.rows) {
      const key = `${e.from_status ?? 'new'}|${e.action}|${e.to_status}`;
      const same = e.from_status === e.to_status;
      expect(
        allowed.has(key) || (same && allowed.has(`${e.from_status}|${e.action}|same`)),
        key,
      ).toBe(true);
      expect(e.seq).toBeLessThanOrEqual(e.version);
      if (e.last) {
        expect(e.seq).toBe(e.version);
        expect(e.to_status).toBe(e.status);
      }
    }
  });

  it('fills the live index aggregates exactly as the trigger function would', async () => {
    const counters = UNIT_DAY_COUNTER_COLUMNS;
    const keys = 'tenant_id, receiving_unit_id, agency_unit_id, day';
    const refKeys = 'c.tenant_id, c.receiving_unit_id, c.agency_unit_id, c.day';
    const sums = counters.map((c) => `sum(c.${c})::int as ${c}`).join(', ');
    const plain = counters.map((c) => `${c}::int as ${c}`).join(', ');
    const diff = await database.pool!.query(
      `with ref as (select ${refKeys}, ${sums} from dossiers d, lateral index_dossier_contribution(d, 1) c group by ${refKeys}),
            mine as (select ${keys}, ${plain} from index_unit_day)
       select (select count(*) from (select * from ref except select * from mine) a)::int as missing,
              (select count(*) from (select * from mine except select * from ref) b)::int as extra,
              (select count(*) from mine)::int as rows`,
    );
    expect(diff.rows[0]).toMatchObject({ missing: 0, extra: 0 });
    expect(diff.rows[0].rows).toBeGreaterThan(100);
    const tenants = await database.pool!.query('select distinct tenant_id from index_unit_day');
    for (const { tenant_id } of tenants.rows)
      expect(await monthRollupDrift(database.db, Number(tenant_id))).toEqual([]);
    const months = await database.pool!.query(
      `select count(*)::int as n from (
         select d.tenant_id, d.receiving_unit_id, d.agency_unit_id, d.procedure_id,
           date_trunc('month', index_local_day(d.received_at))::date, count(*)::int,
           (count(*) filter (where d.channel = 2))::int,
           (count(*) filter (where d.fee_amount > 0 and d.paid_online))::int,
           (count(*) filter (where d.online_level <> 'none'))::int,
           (count(*) filter (where d.online_level = 'full'))::int,
           (count(*) filter (where d.fee_amount > 0))::int
         from dossiers d where d.received_at is not null group by 1, 2, 3, 4, 5
         except select tenant_id, receiving_unit_id, agency_unit_id, procedure_id, month, received,
           online, paid_online, offers_online, full_online, with_fee from index_unit_procedure_month) x`,
    );
    expect(months.rows[0].n).toBe(0);
  });

  it('gives the same rows for the same seed (encrypted fields aside: their IV is random)', async () => {
    const digest = async (db: Database) => {
      const rows = await db.pool!.query(
        `select code, status, received_at, due_at, finished_at, applicant_name, applicant_id_hash,
                clock, channel, synced, rating from dossiers order by id`,
      );
      return createHash('sha256').update(JSON.stringify(rows.rows)).digest('hex');
    };
    const again = await createTestDatabase();
    try {
      await loadOne(again, '7');
      expect(await digest(again)).toBe(await digest(database));
    } finally {
      await again.close();
    }
  }, 300_000);
});
