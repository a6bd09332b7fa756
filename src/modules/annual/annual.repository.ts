import type { Kysely, Selectable } from 'kysely';
import type { AnnualFramework, ScoreEntry } from '../../domain/annual/index.js';
import { overlapsPeriod } from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import './annual.tables.js';

export type CycleRow = Selectable<DB['annual_cycles']>;
export type ScoreRow = Selectable<DB['annual_scores']>;
export type ContestRow = Selectable<DB['annual_contests']>;

/** A participating unit of a cycle. */
export interface Participant {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  level: string;
}

/** The cycle's framework as stored (validated on the way in). */
export function frameworkOf(cycle: CycleRow): AnnualFramework {
  const f = cycle.framework;
  return (typeof f === 'string' ? JSON.parse(f) : f) as AnnualFramework;
}

export function findCycle(db: Kysely<DB>, tenantId: number, year: number) {
  return db
    .selectFrom('annual_cycles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Locks the cycle row for a state-changing use case (one writer at a time per cycle). */
export function lockCycle(db: Kysely<DB>, tenantId: number, year: number) {
  return db
    .selectFrom('annual_cycles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The units of the kinds the framework names that exist at the end of the year: a unit
 * dissolved or merged during the year is assessed through its successor (DOMAIN §1, the 2025
 * mergers), not alongside it.
 */
export async function listParticipants(
  db: Kysely<DB>,
  tenantId: number,
  year: number,
  framework: AnnualFramework,
): Promise<Participant[]> {
  if (framework.unitKinds.length === 0) return [];
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'name_en', 'kind', 'level', 'valid_from', 'valid_to'])
    .where('tenant_id', '=', tenantId)
    .where('kind', 'in', framework.unitKinds)
    .orderBy('code')
    .execute();
  return rows
    .filter((u) =>
      overlapsPeriod(
        { validFrom: u.valid_from, validTo: u.valid_to },
        { from: `${year}-12-31`, to: `${year}-12-31` },
      ),
    )
    .map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      nameEn: u.name_en,
      kind: u.kind,
      level: u.level,
    }));
}

export function listScores(db: Kysely<DB>, cycleId: number, unitId?: number) {
  let q = db.selectFrom('annual_scores').selectAll().where('cycle_id', '=', cycleId);
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  return q.execute();
}

export async function submittedUnits(db: Kysely<DB>, cycleId: number): Promise<Map<number, Date>> {
  const rows = await db
    .selectFrom('annual_submissions')
    .select(['unit_id', 'submitted_at'])
    .where('cycle_id', '=', cycleId)
    .execute();
  return new Map(rows.map((r) => [r.unit_id, r.submitted_at]));
}

/** Inserts or updates a unit's row for a sub-criterion with the given columns. */
export async function upsertScore(
  db: Kysely<DB>,
  key: { tenantId: number; cycleId: number; unitId: number; subcriterionId: string },
  values: Partial<{
    self_points: number | null;
    evidence: string | null;
    evidence_file_ids: string;
    self_updated_by: number | null;
    self_updated_at: Date;
    appraised_points: number | null;
    appraisal_reason: string | null;
    appraised_by: number | null;
    appraised_at: Date;
    survey_points: number | null;
    auto_points: number | null;
    auto_rate: number | null;
    contest_points: number | null;
  }>,
): Promise<void> {
  await db
    .insertInto('annual_scores')
    .values({
      tenant_id: key.tenantId,
      cycle_id: key.cycleId,
      unit_id: key.unitId,
      subcriterion_id: key.subcriterionId,
      ...values,
    })
    .onConflict((oc) => oc.columns(['cycle_id', 'unit_id', 'subcriterion_id']).doUpdateSet(values))
    .execute();
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A score row as the domain reads it. */
export function toEntry(row: ScoreRow | undefined, submitted: boolean): ScoreEntry {
  return {
    selfPoints: num(row?.self_points ?? null),
    submitted,
    appraisedPoints: num(row?.appraised_points ?? null),
    surveyPoints: num(row?.survey_points ?? null),
    autoPoints: num(row?.auto_points ?? null),
    contestPoints: num(row?.contest_points ?? null),
  };
}

export { num as pointsOf };
