import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClockLedger,
  classify,
  createDefaultCalendar,
} from '../../../domain/calendar/index.js';
import type { Database } from '../../../platform/db/database.js';
import { createTestDatabase } from '../../../platform/db/testing.js';
import { AppError } from '../../../platform/errors.js';
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

function run(lines: string[], options: { createMissing?: boolean; skipInvalid?: boolean } = {}) {
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
