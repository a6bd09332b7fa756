import type { Kysely } from 'kysely';
import {
  checkExternalResult,
  type ExternalIndex,
  type ExternalResult,
  type ExternalTrend,
  externalTrends,
  validateExternalRows,
} from '../../domain/annual/external.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { type AnnualActing, actorIdOf, todayOf } from './annual.cycle.js';
import { assertManages } from './annual.policy.js';
import './annual.external.tables.js';
import { readCsv } from './annual.csv.js';

/**
 * External results (DOMAIN §7 last point, docs/annual-index.md): the province's own score and
 * rank in national indices (PAR INDEX, SIPAS, PAPI, PCI…), recorded by the reform office each
 * year and shown to everyone as trends beside the internal index. Rules in
 * src/domain/annual/external.ts; every write is audited with what it replaced.
 */

export interface ExternalRecord extends ExternalResult {
  updatedAt: string;
}

/** The last year a result may be recorded for: the current year in Vietnam time. */
const lastYearOf = (input: AnnualActing) => Number(todayOf(input.ctx).slice(0, 4));

const toResult = (r: {
  index_code: string;
  year: number;
  score: number | null;
  rank: number | null;
  out_of: number | null;
  note: string | null;
}): ExternalResult => ({
  index: r.index_code as ExternalIndex,
  year: r.year,
  score: r.score,
  rank: r.rank,
  outOf: r.out_of,
  note: r.note,
});

async function readAll(db: Kysely<DB>, tenantId: number): Promise<ExternalRecord[]> {
  const rows = await db
    .selectFrom('annual_external_results')
    .select(['index_code', 'year', 'score', 'rank', 'out_of', 'note', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('index_code')
    .orderBy('year')
    .execute();
  return rows.map((r) => ({ ...toResult(r), updatedAt: r.updated_at.toISOString() }));
}

/** Everything recorded, for the reform office's table (staff may read it). */
export async function listExternal(
  input: Pick<AnnualActing, 'ctx' | 'tenantId'>,
): Promise<{ results: ExternalRecord[] }> {
  return { results: await readAll(input.ctx.db, input.tenantId) };
}

/** The trends per index, public: these results are published by the national bodies. */
export async function externalTrendsOf(
  input: Pick<AnnualActing, 'ctx' | 'tenantId'>,
): Promise<{ trends: ExternalTrend[] }> {
  return { trends: externalTrends(await readAll(input.ctx.db, input.tenantId)) };
}

/** Inserts or replaces the result of (index, year), auditing what it replaced. */
async function writeOne(
  trx: Kysely<DB>,
  input: AnnualActing,
  result: ExternalResult,
): Promise<'created' | 'updated'> {
  const { tenantId, actor } = input;
  const now = input.ctx.now();
  const before = await trx
    .selectFrom('annual_external_results')
    .select(['id', 'index_code', 'year', 'score', 'rank', 'out_of', 'note'])
    .where('tenant_id', '=', tenantId)
    .where('index_code', '=', result.index)
    .where('year', '=', result.year)
    .forUpdate()
    .executeTakeFirst();
  const values = {
    score: result.score,
    rank: result.rank,
    out_of: result.outOf,
    note: result.note,
    updated_by: actorIdOf(actor),
    updated_at: now,
  };
  const row = await trx
    .insertInto('annual_external_results')
    .values({ tenant_id: tenantId, index_code: result.index, year: result.year, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'index_code', 'year']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    tenantId,
    actorId: actorIdOf(actor),
    action: before ? 'annual.external_updated' : 'annual.external_recorded',
    entity: 'annual_external_result',
    entityId: row.id,
    before: before ? toResult(before) : undefined,
    after: result,
    requestId: input.requestId ?? null,
    at: now,
  });
  return before ? 'updated' : 'created';
}

/**
 * Imports results from CSV `index,year,score,rank,out_of,note` (header first; `;` separated
 * with decimal comma allowed). All or nothing: one bad cell and nothing is written; every bad
 * cell is reported with its row and column. A row for an (index, year) already recorded
 * replaces it.
 *
 * @throws AppError `forbidden` (not the reform office tenant-wide), `import_invalid`.
 */
export async function importExternal(
  input: AnnualActing & { csv: string },
): Promise<{ imported: number; created: number; updated: number }> {
  await assertManages(input.ctx.db, input.actor, input.tenantId);
  const checked = validateExternalRows(readCsv(input.csv), lastYearOf(input));
  if (!checked.ok) throw new AppError('import_invalid', { details: { issues: checked.problems } });
  return input.ctx.db.transaction().execute(async (trx) => {
    let created = 0;
    for (const row of checked.rows) if ((await writeOne(trx, input, row)) === 'created') created++;
    return { imported: checked.rows.length, created, updated: checked.rows.length - created };
  });
}

/**
 * Records (or corrects) one result.
 *
 * @throws AppError `forbidden`, `validation_failed` (details.issues name each bad field).
 */
export async function saveExternal(
  input: AnnualActing & { result: ExternalResult },
): Promise<ExternalRecord> {
  await assertManages(input.ctx.db, input.actor, input.tenantId);
  const result = { ...input.result, note: input.result.note?.trim() || null };
  const problems = checkExternalResult(result, lastYearOf(input));
  if (problems.length > 0)
    throw new AppError('validation_failed', {
      message: problems.map((p) => `${p.column}: ${p.message}`).join('; '),
      details: { issues: problems.map((p) => ({ path: `/${p.column}`, message: p.message })) },
    });
  await input.ctx.db.transaction().execute((trx) => writeOne(trx, input, result));
  const saved = (await readAll(input.ctx.db, input.tenantId)).find(
    (r) => r.index === result.index && r.year === result.year,
  );
  return saved!;
}

/**
 * Removes one result (a wrong import), audited with what it held.
 *
 * @throws AppError `forbidden`, `not_found`.
 */
export async function deleteExternal(
  input: AnnualActing & { index: string; year: number },
): Promise<void> {
  const { ctx, tenantId, actor } = input;
  await assertManages(ctx.db, actor, tenantId);
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('annual_external_results')
      .where('tenant_id', '=', tenantId)
      .where('index_code', '=', input.index)
      .where('year', '=', input.year)
      .returning(['id', 'index_code', 'year', 'score', 'rank', 'out_of', 'note'])
      .executeTakeFirst();
    if (!gone)
      throw new AppError('not_found', { details: { index: input.index, year: input.year } });
    await recordAudit(trx, {
      tenantId,
      actorId: actorIdOf(actor),
      action: 'annual.external_deleted',
      entity: 'annual_external_result',
      entityId: gone.id,
      before: toResult(gone),
      requestId: input.requestId ?? null,
      at: ctx.now(),
    });
  });
}
