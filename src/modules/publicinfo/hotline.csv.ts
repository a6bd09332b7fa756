import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findUnitByCode, todayIn } from '../org/index.js';
import { type HotlineField, readHotlineFields } from './hotline.input.js';
import {
  findHotline,
  findHotlines,
  type HotlineRow,
  type HotlineValues,
  insertHotline,
  updateHotline,
} from './hotline.repository.js';
import { auditPublicInfo } from './publicinfo.audit.js';
import { assertManagesUnit, manageScope } from './publicinfo.policy.js';

/**
 * The hotline CSV layout (docs/public-information.md): a header row, then one hotline per row.
 * `id` empty creates a hotline; an id updates that hotline (last writer wins).
 */
export const HOTLINE_CSV_COLUMNS = [
  'id',
  'unit_code',
  'purpose',
  'phone',
  'email',
  'hours',
  'person',
  'valid_from',
  'valid_to',
] as const;
type Column = (typeof HOTLINE_CSV_COLUMNS)[number];

const FIELD_COLUMN: Record<HotlineField, Column> = {
  purpose: 'purpose',
  phone: 'phone',
  email: 'email',
  hours: 'hours',
  person: 'person',
  validFrom: 'valid_from',
  validTo: 'valid_to',
};

/** One problem of an import: the spreadsheet row (the header is row 1) and column. */
export interface ImportProblem {
  row: number;
  column: string | null;
  problem: string;
}

const MAX_ROWS = 5000;

/** The hotlines the actor manages as CSV (UTF-8 with a byte-order mark, for spreadsheets). */
export async function exportHotlinesCsv(ctx: AppContext, actor: Actor): Promise<string> {
  const rows = await findHotlines(ctx.db, { tenantId: actor.tenantId, scope: manageScope(actor) });
  return `\ufeff${stringify(
    rows.map((r) => [
      r.id,
      r.unit_code,
      r.purpose,
      r.phone,
      r.email ?? '',
      r.hours ?? '',
      r.person ?? '',
      r.valid_from,
      r.valid_to ?? '',
    ]),
    { header: true, columns: [...HOTLINE_CSV_COLUMNS] },
  )}`;
}

/**
 * Imports hotlines from CSV: every row is checked first (unit known and managed by the actor,
 * each field as in the form, an id that exists), and when any row is bad nothing is written
 * and `import_invalid` lists each problem with its row and column. Otherwise all rows are
 * written, each with its audit row, in one transaction.
 */
export async function importHotlinesCsv(
  ctx: AppContext,
  options: { actor: Actor; csv: string; requestId?: string | undefined },
): Promise<{ created: number; updated: number }> {
  const { actor } = options;
  const records = parseCsv(options.csv);
  const today = todayIn(ctx.now());
  const problems: ImportProblem[] = [];
  const header = records[0] ?? [];
  const index = new Map(header.map((name, i) => [name.trim().toLowerCase(), i]));
  for (const required of ['unit_code', 'purpose', 'phone'] as const)
    if (!index.has(required))
      problems.push({ row: 1, column: required, problem: 'missing_column' });
  for (const name of index.keys())
    if (!(HOTLINE_CSV_COLUMNS as readonly string[]).includes(name))
      problems.push({ row: 1, column: name, problem: 'unknown_column' });
  if (records.length > MAX_ROWS + 1)
    problems.push({ row: MAX_ROWS + 2, column: null, problem: 'too_many_rows' });
  if (problems.length > 0) throw invalid(problems);

  const planned: Array<{ row: number; id: number | null; values: HotlineValues }> = [];
  const units = new Map<string, number | null>();
  for (let i = 1; i < records.length; i++) {
    const record = records[i]!;
    const row = i + 1;
    const cell = (column: Column) => {
      const at = index.get(column);
      return at === undefined ? '' : (record[at] ?? '').trim();
    };
    if (HOTLINE_CSV_COLUMNS.every((c) => cell(c) === '')) continue;
    const { values, problems: fieldProblems } = readHotlineFields(
      {
        purpose: cell('purpose'),
        phone: cell('phone'),
        email: cell('email'),
        hours: cell('hours'),
        person: cell('person'),
        validFrom: cell('valid_from'),
        validTo: cell('valid_to'),
      },
      today,
    );
    for (const p of fieldProblems)
      problems.push({ row, column: FIELD_COLUMN[p.field], problem: p.problem });
    const code = cell('unit_code');
    let unitId: number | null = null;
    if (code === '') problems.push({ row, column: 'unit_code', problem: 'required' });
    else {
      if (!units.has(code)) units.set(code, await managedUnitId(ctx, actor, code));
      unitId = units.get(code) ?? null;
      if (unitId === null) problems.push({ row, column: 'unit_code', problem: 'unit_not_managed' });
    }
    const rawId = cell('id');
    let id: number | null = null;
    if (rawId !== '') {
      const existing = /^\d{1,15}$/.test(rawId)
        ? await findHotline(ctx.db, actor.tenantId, Number(rawId))
        : undefined;
      if (!existing || !(await manages(ctx, actor, existing.unit_id)))
        problems.push({ row, column: 'id', problem: 'hotline_not_found' });
      else id = existing.id;
    }
    if (unitId !== null) planned.push({ row, id, values: { ...values, unit_id: unitId } });
  }
  if (problems.length > 0) throw invalid(problems);

  return ctx.db.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (const p of planned) {
      let id = p.id;
      let before: HotlineRow | undefined;
      if (id === null) {
        id = await insertHotline(trx, actor.tenantId, p.values);
        created++;
      } else {
        before = await findHotline(trx, actor.tenantId, id);
        await updateHotline(trx, {
          tenantId: actor.tenantId,
          id,
          version: before!.version,
          values: p.values,
          at: ctx.now(),
        });
        updated++;
      }
      await auditPublicInfo(trx, {
        actor,
        requestId: options.requestId,
        action: before ? 'hotline.updated' : 'hotline.created',
        entity: 'hotline',
        entityId: id,
        unitId: p.values.unit_id,
        before,
        after: { ...p.values, source: 'csv', row: p.row },
        at: ctx.now(),
      });
    }
    return { created, updated };
  });
}

function invalid(problems: ImportProblem[]): AppError {
  return new AppError('import_invalid', { details: { errors: problems } });
}

function parseCsv(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    throw invalid([{ row: line ?? 0, column: null, problem: 'csv_malformed' }]);
  }
}

async function manages(ctx: AppContext, actor: Actor, unitId: number): Promise<boolean> {
  try {
    await assertManagesUnit(ctx.db, actor, unitId);
    return true;
  } catch {
    return false;
  }
}

/** The unit's id when it exists in the tenant and the actor manages it, else null. */
async function managedUnitId(ctx: AppContext, actor: Actor, code: string): Promise<number | null> {
  const unit = await findUnitByCode(ctx.db, actor.tenantId, code);
  if (!unit) return null;
  return (await manages(ctx, actor, unit.id)) ? unit.id : null;
}
