import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClockLedger,
  classify,
  createDefaultCalendar,
} from '../../../domain/calendar/index.js';
import type { Database } from '../../../platform/db/database.js';
import { createTestDatabase } from '../../../platform/db/testing.js';
import { AppError } from '../../../platform/errors.js';
import { computeServiceIndex, readPeriod } from '../../indices/index.js';
import { monthRollupDrift } from '../../indices/indices.test-support.js';
import { buildWorld, type DossierWorld } from '../dossier.test-support.js';
import { importDossiers, parseImportTime } from './import-dossiers.js';

let database: Database;
let w: DossierWorld;
let centre: string;
const HEADER =
  'code,unit_code,procedure_code,channel,received_at,due_at,finished_at,returned_at,outcome,supplement_requests,synced,paid_online,digitised,e_result,reused,rating,note';

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  const unit = await database.db
    .selectFrom('units')
    .select('code')
    .where('id', '=', w.units.centre)
    .executeTakeFirstOrThrow();
  centre = unit.code;
});
afterAll(async () => {
  await database?.close();
});

function run(
  lines: string[],
  options: {
    createMissing?: boolean;
    skipInvalid?: boolean;
    rebuildIndexes?: boolean;
    preloadCodes?: number;
  } = {},
) {
  return importDossiers({
    database,
    input: Readable.from([Buffer.from(`${[HEADER, ...lines].join('\n')}\n`)]),
    tenantCode: w.tenantCode,
    batchSize: 3,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const dossier = (code: string) =>
  database.db
    .selectFrom('dossiers')
    .selectAll()
    .where('tenant_id', '=', w.tenantId)
    .where('code', '=', code)
    .executeTakeFirst();

describe('legacy dossier import', () => {
  it('reads times without offset as +07:00', () => {
    expect(parseImportTime('2025-01-24 10:00')?.ms).toBe(Date.parse('2025-01-24T03:00:00Z'));
    expect(parseImportTime('2025-01-24T10:00:00Z')?.ms).toBe(Date.parse('2025-01-24T10:00:00Z'));
    expect(parseImportTime('2025-02-30 10:00')).toBeNull();
  });

  it('reads Date#toISOString() text on its fast path as Date.parse does', () => {
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 48271) % 2147483647;
      const text = new Date(Date.UTC(1990, 0, 1) + seed * 997).toISOString();
      expect(parseImportTime(text)).toEqual({ ms: Date.parse(text), dateOnly: false, iso: text });
    }
    for (const bad of [
      '2025-02-29T10:00:00.000Z',
      '2024-13-01T10:00:00.000Z',
      '2024-04-31T10:00:00.000Z',
      '2024-04-30T24:00:00.000Z',
      '2024-04-30T10:60:00.000Z',
      '2024-04-3aT10:00:00.000Z',
    ])
      expect(parseImportTime(bad), bad).toBeNull();
    expect(parseImportTime('2024-02-29T23:59:59.999Z')?.ms).toBe(
      Date.parse('2024-02-29T23:59:59.999Z'),
    );
    // Not the canonical shape: the general pattern, same instant.
    expect(parseImportTime('2024-02-29T23:59:59.9Z')).toEqual({
      ms: Date.parse('2024-02-29T23:59:59.900Z'),
      dateOnly: false,
    });
  });

  it('imports rows with the same derived clock and class as native dossiers', async () => {
    const p = w.procedureCode;
    const summary = await run([
      // 5 working days from Friday 24 Jan 2025 across Tết → due 7 Feb 17:00; finished early.
      `A-1,${centre},${p},,2025-01-24 10:00,,2025-02-05 09:00,2025-02-06 09:00,approved,0,1,1,1,1,0,5,x`,
      // A promised date given by the old system is kept.
      `A-2,${centre},${p},2,2025-03-03 09:00,2025-03-12 17:00,2025-03-12 16:00,,refused,0,0,0,0,0,1,,`,
      // Finished after the due time → late; two supplement requests → late as well.
      `A-3,${centre},${p},3,2025-03-03 09:00,,2025-03-11 08:00,,stopped,0,0,0,0,0,0,2,`,
      `A-4,${centre},${p},1,2025-03-03 09:00,,2025-03-04 08:00,,withdrawn,2,0,0,0,0,0,,`,
      // In progress.
      `A-5,${centre},${p},1,2025-03-03 09:00,,,,,0,0,0,0,0,0,,`,
    ]);
    expect(summary).toMatchObject({ rows: 5, imported: 5, invalid: 0, issues: [] });
    const a1 = await dossier('A-1');
    expect(a1).toMatchObject({
      status: 'returned',
      outcome: 'approved',
      channel: 1,
      synced: true,
      paid_online: true,
      rating: 5,
      source: 'import',
      current_unit_id: w.units.centre,
      agency_unit_id: w.units.justice,
    });
    expect(a1?.due_at?.toISOString()).toBe('2025-02-07T10:00:00.000Z');
    const a2 = await dossier('A-2');
    expect(a2?.due_at?.toISOString()).toBe('2025-03-12T10:00:00.000Z');
    expect(a2?.status).toBe('result_ready');
    expect((await dossier('A-5'))?.status).toBe('in_appraisal');
    const cal = createDefaultCalendar();
    const expected: Record<string, string> = {
      'A-1': 'early',
      'A-2': 'on_time',
      'A-3': 'late',
      'A-4': 'late',
      'A-5': 'in_progress_on_time',
    };
    for (const [code, cls] of Object.entries(expected)) {
      const row = await dossier(code);
      const ledger = (
        typeof row?.clock === 'string' ? JSON.parse(row.clock) : row?.clock
      ) as ClockLedger;
      const options = row?.finished_at
        ? { finishedAt: row.finished_at.toISOString() }
        : { at: '2025-03-05T10:00:00+07:00' };
      expect(classify(ledger, cal, options), code).toBe(cls);
    }
    // The live index aggregates moved with the import.
    const agg = await database.db
      .selectFrom('index_unit_day' as never)
      .select((eb) => eb.fn.sum<number>('rc_received' as never).as('n'))
      .where('tenant_id' as never, '=', w.tenantId as never)
      .executeTakeFirst();
    expect(Number((agg as { n: number } | undefined)?.n)).toBe(5);
    expect(await monthRollupDrift(database.db, w.tenantId)).toEqual([]);
  });

  it('names row and column of every error and writes nothing', async () => {
    const p = w.procedureCode;
    const e = await rejection(
      run([
        `B-1,${centre},${p},,2025-03-03 09:00,,,,,0,0,0,0,0,0,,`,
        `B-2,${centre},${p},4,2025-13-03 09:00,,,,,x,2,0,0,0,0,9,`,
        `B-3,NOPE,${p},,2025-03-03 09:00,,2025-03-01 09:00,,,0,0,0,0,0,0,,`,
        `B-1,${centre},${p},,2025-03-03 09:00,,,,,0,0,0,0,0,0,,`,
        `A-1,${centre},${p},,2025-03-03 09:00,,,,,0,0,0,0,0,0,,`,
      ]),
    );
    expect(e.code).toBe('import_invalid');
    const issues = (e.details as { issues: { row: number; column: string; message: string }[] })
      .issues;
    const at = (row: number) => issues.filter((i) => i.row === row).map((i) => i.column);
    expect(at(3)).toEqual(
      expect.arrayContaining(['channel', 'received_at', 'supplement_requests', 'synced', 'rating']),
    );
    expect(at(4)).toEqual(expect.arrayContaining(['unit_code', 'outcome']));
    expect(at(5)).toEqual(['code']);
    expect(at(6)).toEqual(['code']);
    expect(e.message).toMatch(
      /^4 invalid row\(s\) of 5; nothing was written\. First: row 3, column channel/,
    );
    expect(await dossier('B-1')).toBeUndefined();
  });

  it('writes the valid rows and reports the others with --skip-invalid', async () => {
    const p = w.procedureCode;
    const summary = await run(
      [
        `C-1,${centre},${p},,2025-03-03 09:00,,,,,0,0,0,0,0,0,,`,
        `C-2,${centre},${p},,not a date,,,,,0,0,0,0,0,0,,`,
      ],
      { skipInvalid: true },
    );
    expect(summary).toMatchObject({ rows: 2, imported: 1, invalid: 1 });
    expect(summary.issues).toEqual([
      { row: 3, column: 'received_at', message: expect.stringContaining('not a date-time') },
    ]);
    expect(await dossier('C-1')).toBeDefined();
  });

  it('creates unknown units and procedures as stubs with --create-missing, the limit taken from due_at', async () => {
    const summary = await run(
      [
        // No due_at here: waits for the stub a later row makes.
        `D-0,NEW.UNIT,9.999999,,2025-03-04 09:00,,,,,0,0,0,0,0,0,,`,
        `D-1,NEW.UNIT,9.999999,,2025-03-03 09:00,2025-03-06 17:00,,,,0,0,0,0,0,0,,`,
      ],
      { createMissing: true },
    );
    expect(summary).toMatchObject({
      imported: 2,
      createdUnits: ['NEW.UNIT'],
      createdProcedures: ['9.999999'],
    });
    const stub = await database.db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .select(['v.promised_limit', 'v.limit_unit'])
      .where('p.code', '=', '9.999999')
      .executeTakeFirstOrThrow();
    expect(stub).toMatchObject({ promised_limit: 3, limit_unit: 'working_days' });
    expect((await dossier('D-0'))?.due_at?.toISOString()).toBe('2025-03-07T10:00:00.000Z');
    const e = await rejection(
      run([`E-1,${centre},8.888888,,2025-03-03 09:00,,,,,0,0,0,0,0,0,,`], { createMissing: true }),
    );
    expect((e.details as { issues: { column: string }[] }).issues[0]?.column).toBe(
      'procedure_code',
    );
  });

  it('refuses a header without the required columns', async () => {
    const e = await rejection(
      importDossiers({
        database,
        input: Readable.from([Buffer.from('code,unit_code\nX,Y\n')]),
        tenantCode: w.tenantCode,
      }),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.message).toContain('procedure_code, received_at');
  });
});

/** Rows with the edge cases of the contract: nights, weekends, Tết, date-only and exact due dates. */
function edgeCaseRows(prefix: string, procedure: string, unit: string): string[] {
  return [
    `${prefix}1,${unit},${procedure},,2025-01-24 10:00,,2025-02-05 09:00,2025-02-06 09:00,approved,0,1,1,1,1,0,5,x`,
    `${prefix}2,${unit},${procedure},2,2025-03-03 09:00,2025-03-12 17:00,2025-03-12 16:00,,refused,0,0,0,0,0,1,,`,
    `${prefix}3,${unit},${procedure},3,2025-03-08 22:15,2025-03-10,,,,3,0,1,0,0,0,1,`,
    `${prefix}4,${unit},${procedure},1,2025-01-27T23:59:59Z,2025-02-04T02:30:00Z,2025-02-10 08:00,,stopped,1,1,0,1,0,1,2,`,
    `${prefix}5,${unit},${procedure},2,2025-04-29 16:59,2025-04-29 17:00,,,,0,0,0,0,0,0,,`,
    `${prefix}6,${unit},${procedure},1,2025-12-31 12:00:30.5+07:00,,2026-01-05 10:00,2026-01-06 10:00,approved,2,0,0,1,1,0,4,`,
    `"${prefix}7",${unit},${procedure},1,2025-06-14,,,,,0,0,0,0,0,0,,`,
    `${prefix}8,${unit},${procedure},3,2025-06-16 07:00,2025-06-16,2025-06-16 07:30,,withdrawn,0,1,1,1,1,1,3,`,
  ];
}

/** The dossiers of the given codes without what differs between two imports of them. */
async function rowsOf(codes: string[]) {
  const rows = await database.db
    .selectFrom('dossiers')
    .selectAll()
    .where('tenant_id', '=', w.tenantId)
    .where('code', 'in', codes)
    .orderBy('code')
    .execute();
  return rows.map(({ id, code, created_at, updated_at, ...rest }) => ({
    ...rest,
    clock: typeof rest.clock === 'string' ? JSON.parse(rest.clock) : rest.clock,
  }));
}

async function dossierIndexes() {
  const result = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where tablename = 'dossiers' order by indexname`.execute(database.db);
  return result.rows;
}

describe('legacy dossier import in bulk', () => {
  it('writes the same rows with the indexes rebuilt and leaves the same indexes', async () => {
    const before = await dossierIndexes();
    const p = w.procedureCode;
    const rebuilt = await run(edgeCaseRows('R-', p, centre), { rebuildIndexes: true });
    expect(rebuilt).toMatchObject({ imported: 8, invalid: 0 });
    expect(await dossierIndexes()).toEqual(before);
    const kept = await run(edgeCaseRows('N-', p, centre), { rebuildIndexes: false });
    expect(kept).toMatchObject({ imported: 8, invalid: 0 });
    const codes = (prefix: string) => Array.from({ length: 8 }, (_, i) => `${prefix}${i + 1}`);
    const r = await rowsOf(codes('R-'));
    expect(r).toHaveLength(8);
    expect(r).toEqual(await rowsOf(codes('N-')));
    // The indexes answer for the rows written while they were dropped.
    const viaIndex = await sql<{ n: number }>`
      select count(*)::int as n from dossiers
      where tenant_id = ${w.tenantId} and receiving_unit_id = ${w.units.centre}
        and received_at >= '2025-01-24T00:00:00+07:00' and code like 'R-%'`.execute(database.db);
    expect(viaIndex.rows[0]?.n).toBe(8);
  });

  it('leaves the live service index equal to its exact recomputation', async () => {
    await run(edgeCaseRows('L-', w.procedureCode, centre), { rebuildIndexes: true });
    for (const period of ['2025', '2025-Q1', '2025-06', '2026-Q1']) {
      const input = {
        db: database.db,
        tenantId: w.tenantId,
        period: readPeriod(period),
        now: new Date('2026-03-01T00:00:00Z'),
        minSample: 1,
      };
      const live = await computeServiceIndex({ ...input, source: 'live' });
      const exact = await computeServiceIndex({ ...input, source: 'exact' });
      expect(exact.source).toBe('exact');
      expect({ ...live, source: 'exact' }, period).toEqual(exact);
    }
  });

  it('refuses a second import of the same rows, whether codes are held in memory or asked per batch', async () => {
    const lines = edgeCaseRows('T-', w.procedureCode, centre);
    await run(lines);
    for (const preloadCodes of [undefined, 0]) {
      const e = await rejection(run(lines, { preloadCodes }));
      expect(e.code).toBe('import_invalid');
      const issues = (e.details as { issues: { row: number; column: string; message: string }[] })
        .issues;
      expect(issues.map((i) => i.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      expect(issues[0]).toEqual({ row: 2, column: 'code', message: 'dossier T-1 already exists' });
      const again = await run(lines, { preloadCodes, skipInvalid: true });
      expect(again).toMatchObject({ rows: 8, imported: 0, invalid: 8 });
      // New rows among taken ones, in the same batches: only they are written, intact.
      const fresh = edgeCaseRows(`U${preloadCodes ?? 'm'}-`, w.procedureCode, centre);
      const mixed = [lines[0], fresh[1], lines[2], fresh[5], lines[4]] as string[];
      const partial = await run(mixed, { preloadCodes, skipInvalid: true });
      expect(partial).toMatchObject({ rows: 5, imported: 2, invalid: 3 });
      const written = await rowsOf([`U${preloadCodes ?? 'm'}-2`, `U${preloadCodes ?? 'm'}-6`]);
      expect(written).toEqual(await rowsOf(['T-2', 'T-6']));
    }
    expect(await rowsOf(['T-1'])).toHaveLength(1);
  });
});
