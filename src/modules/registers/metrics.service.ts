import { type Kysely, sql } from 'kysely';
import type { DeadlineCounts } from '../../domain/registers/index.js';
import type { DB } from '../../platform/db/schema.js';
import './registers.tables.js';

/** What the registers hold for one unit and year, as the annual index reads it. */
export interface UnitRegisterCounts {
  /** Reform initiatives the unit filed for the year (any state; not those withdrawn). */
  initiativesFiled: number;
  /** Inspection recommendations whose responsible unit is the unit, due in the year. */
  recommendations: DeadlineCounts;
  /** Remediation-plan tasks whose responsible unit is the unit, due in the year. */
  tasks: DeadlineCounts;
}

const NONE: DeadlineCounts = { due: 0, doneOnTime: 0, pending: 0 };

/**
 * Per unit of the tenant, the counts behind the annual index's register metrics for `year`
 * (DOMAIN §7): one statement per register over every unit at once. A unit is counted for its own
 * items only (not its sub-units'). Deadlines are calendar dates; an item is done on time when the
 * Vietnam date it was marked done is not after its deadline; `today` (Vietnam date, from the
 * caller's clock) says which open items are still pending. Records withdrawn from the register
 * (entered by mistake) are not counted. Units with nothing are absent.
 */
export async function registerCountsByUnit(
  db: Kysely<DB>,
  input: { tenantId: number; year: number; today: string },
): Promise<Map<number, UnitRegisterCounts>> {
  const { tenantId, year, today } = input;
  const first = `${String(year).padStart(4, '0')}-01-01`;
  const last = `${String(year).padStart(4, '0')}-12-31`;
  const initiatives = await db
    .selectFrom('register_initiatives')
    .select(['unit_id', (eb) => eb.fn.countAll<string | number>().as('filed')])
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .where('withdrawn_at', 'is', null)
    .groupBy('unit_id')
    .execute();
  const recommendations = await deadlineCounts(db, 'register_recommendations', 'state', {
    tenantId,
    first,
    last,
    today,
  });
  const tasks = await deadlineCounts(db, 'register_plan_tasks', 'status', {
    tenantId,
    first,
    last,
    today,
  });
  const byUnit = new Map<number, UnitRegisterCounts>();
  const entry = (unitId: number) => {
    let e = byUnit.get(unitId);
    if (!e) {
      e = { initiativesFiled: 0, recommendations: NONE, tasks: NONE };
      byUnit.set(unitId, e);
    }
    return e;
  };
  for (const r of initiatives) entry(r.unit_id).initiativesFiled = Number(r.filed);
  for (const [unitId, counts] of recommendations) entry(unitId).recommendations = counts;
  for (const [unitId, counts] of tasks) entry(unitId).tasks = counts;
  return byUnit;
}

/** Recommendations and tasks share the shape: responsible unit, due date, done flag and time. */
async function deadlineCounts(
  db: Kysely<DB>,
  table: 'register_recommendations' | 'register_plan_tasks',
  stateColumn: 'state' | 'status',
  range: { tenantId: number; first: string; last: string; today: string },
): Promise<Map<number, DeadlineCounts>> {
  const done = sql`${sql.ref(stateColumn)} = 'done'`;
  const result = await sql<{
    unit_id: number;
    due: string | number;
    done_on_time: string | number;
    pending: string | number;
  }>`
    select responsible_unit_id as unit_id,
      count(*) as due,
      count(*) filter (where ${done}
        and (done_at at time zone 'Asia/Ho_Chi_Minh')::date <= due_on) as done_on_time,
      count(*) filter (where not (${done}) and due_on >= ${range.today}::date) as pending
    from ${sql.table(table)}
    where tenant_id = ${range.tenantId}
      and due_on between ${range.first}::date and ${range.last}::date
      and withdrawn_at is null
    group by responsible_unit_id`.execute(db);
  return new Map(
    result.rows.map((r) => [
      r.unit_id,
      { due: Number(r.due), doneOnTime: Number(r.done_on_time), pending: Number(r.pending) },
    ]),
  );
}
