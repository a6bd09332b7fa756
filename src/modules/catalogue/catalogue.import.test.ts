import { readFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { loadStarterTenant } from '../org/starter.js';
import { readTable } from './catalogue.files.js';
import { exportCatalogue, importCatalogue } from './catalogue.import.js';
import { type CatalogueDeps, currentVersionAt, getProcedure } from './catalogue.service.js';

const SAMPLE = new URL('./fixtures/sample-procedures.csv', import.meta.url);
let database: Database;
let deps: CatalogueDeps;
let tenantId: number;
let sample: Buffer;
const by = { actorId: null };

async function counts() {
  const db = database.db;
  const versions = await db
    .selectFrom('procedure_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const audits = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('action', 'like', 'catalogue.%')
    .executeTakeFirstOrThrow();
  const retired = await db
    .selectFrom('procedures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'retired')
    .executeTakeFirstOrThrow();
  return { versions: Number(versions.n), audits: Number(audits.n), retired: Number(retired.n) };
}

/** The sample with one cell replaced (row = spreadsheet row number, header is row 1). */
async function sampleWith(
  row: number,
  column: string,
  value: string,
  base: Buffer = sample,
): Promise<Buffer> {
  const table = await readTable(base, 'csv');
  const col = table.header.indexOf(column);
  const rows = table.rows.map((r) =>
    r.row === row ? r.cells.map((c, i) => (i === col ? value : c)) : r.cells,
  );
  return Buffer.from(stringify([table.header, ...rows]));
}

/** The tenant's catalogue as exported now, with the cell of `code` in `column` replaced. */
async function currentWith(
  code: string,
  column: string,
  value: string,
): Promise<{ file: Buffer; row: number }> {
  const current = (await exportCatalogue(deps, { tenantId, format: 'csv' })).bytes;
  const table = await readTable(current, 'csv');
  const row = table.rows.find((r) => r.cells[0] === code)!.row;
  return { file: await sampleWith(row, column, value, current), row };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadStarterTenant(database.db);
  tenantId = (
    await database.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', 'LCU')
      .executeTakeFirstOrThrow()
  ).id;
  deps = { db: database.db, now: () => new Date('2025-08-01T02:00:00Z') };
  sample = await readFile(SAMPLE);
});

afterAll(async () => {
  await database?.close();
});

describe('importCatalogue', () => {
  it('refuses the whole file when one row is invalid, naming the row and the column', async () => {
    const file = await sampleWith(4, 'promised_limit', '12');
    const report = await importCatalogue(deps, { tenantId, file, by });
    expect(report.written).toBe(false);
    expect(report.invalidRows).toBe(1);
    expect(report.issues).toEqual([
      expect.objectContaining({ row: 4, column: 'promised_limit', code: 'promised_exceeds_legal' }),
      expect.objectContaining({ row: 4, column: 'steps', code: 'allotments_mismatch' }),
    ]);
    expect(report.issues[0]!.vi).toContain('Thời hạn cam kết (12)');
    expect(await counts()).toEqual({ versions: 0, audits: 0, retired: 0 });
  });

  it('checks and plans without writing in a dry run', async () => {
    const report = await importCatalogue(deps, { tenantId, file: sample, dryRun: true, by });
    expect(report).toMatchObject({ written: false, created: 11, invalidRows: 0, totalRows: 11 });
    expect((await counts()).versions).toBe(0);
  });

  it('imports the sample catalogue, generating templates for rows without steps', async () => {
    const report = await importCatalogue(deps, {
      tenantId,
      file: sample,
      effectiveFrom: '2025-07-01',
      by,
    });
    expect(report).toMatchObject({
      written: true,
      created: 11,
      versioned: 0,
      unchanged: 0,
      invalidRows: 0,
    });
    expect(report.rows.find((r) => r.code === '1.001193')).toMatchObject({
      row: 2,
      action: 'create',
      version: 1,
      defaultSteps: true,
    });
    const permit = await getProcedure(deps, { tenantId, code: '1.009994', publicView: false });
    expect(permit.current).toMatchObject({
      agency_code: '000.00.15.H40',
      promised_limit: 15,
      fee_amount: 150_000,
    });
    expect(permit.current!.steps.find((s) => s.interAgency)?.code).toBe('B3');
    expect(new Date(permit.current!.effective_from).toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(await counts()).toEqual({ versions: 11, audits: 1, retired: 0 });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'stream', 'data'])
      .where('action', '=', 'catalogue.imported')
      .executeTakeFirstOrThrow();
    const after = (
      audit.data as {
        after: {
          created: number;
          changes: Array<{ code: string; action: string; version: number }>;
        };
      }
    ).after;
    expect(audit.stream).toBe(`catalogue:${tenantId}`);
    expect(after.created).toBe(11);
    expect(after.changes).toContainEqual(
      expect.objectContaining({ code: '1.009994', action: 'created', version: 1 }),
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const report = await importCatalogue(deps, { tenantId, file: sample, by });
    expect(report).toMatchObject({ written: true, created: 0, versioned: 0, unchanged: 11 });
    expect((await counts()).versions).toBe(11);
  });

  it.each(['csv', 'xlsx'] as const)(
    'changes nothing when its own %s export is imported back',
    async (format) => {
      const before = await counts();
      const exported = await exportCatalogue(deps, { tenantId, format });
      expect(exported.count).toBe(11);
      const report = await importCatalogue(deps, { tenantId, file: exported.bytes, by });
      expect(report.issues).toEqual([]);
      expect(report).toMatchObject({
        format,
        written: true,
        created: 0,
        versioned: 0,
        statusChanged: 0,
        unchanged: 11,
      });
      expect(await counts()).toEqual(before);
    },
  );

  it('writes an xlsx export with the procedures sheet first and Vietnamese intact', async () => {
    const exported = await exportCatalogue(deps, { tenantId, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Thủ tục', 'Hướng dẫn']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('code');
    expect(sheet.getRow(2).getCell(1).value).toBe('1.000114');
    expect(sheet.getRow(2).getCell(2).value).toBe(
      'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    );
    expect(sheet.getRow(2).getCell(8).value).toBe(10);
  });

  it('makes a new version of a changed procedure from the given date and keeps the old one', async () => {
    const file = await sampleWith(6, 'fees', 'Lệ phí đăng ký hộ kinh doanh:50000');
    const report = await importCatalogue(deps, {
      tenantId,
      file: Buffer.from(file.toString().replace(',100000,', ',50000,')),
      effectiveFrom: '2025-09-01',
      by,
    });
    expect(report.issues).toEqual([]);
    expect(report).toMatchObject({ versioned: 1, unchanged: 10, written: true });
    expect(report.rows.find((r) => r.action === 'version')).toMatchObject({
      row: 6,
      code: '2.000720',
      version: 2,
    });
    expect(
      (await currentVersionAt(database.db, tenantId, '2.000720', new Date('2025-08-31T16:00:00Z')))
        ?.feeTotal,
    ).toBe(100_000);
    expect(
      (await currentVersionAt(database.db, tenantId, '2.000720', new Date('2025-08-31T17:00:00Z')))
        ?.feeTotal,
    ).toBe(50_000);
  });

  it('refuses a change that would take effect before the latest version', async () => {
    const { file, row } = await currentWith('1.001193', 'name_en', 'Registration of a birth');
    const report = await importCatalogue(deps, { tenantId, file, effectiveFrom: '2025-06-01', by });
    expect(report.written).toBe(false);
    expect(report.issues).toEqual([
      expect.objectContaining({ row, column: 'code', code: 'effective_before_latest' }),
    ]);
  });

  it('writes the valid rows and reports the others with --skip-invalid', async () => {
    let { file } = await currentWith('1.001193', 'name_en', 'Registration of a birth');
    file = Buffer.from(
      `${file.toString().trimEnd()}\n9.999999,Thủ tục thử,,,,hamlet,,5,3,working_days,,,,,,,,,,,,,,,,,,\n`,
    );
    const before = await counts();
    const report = await importCatalogue(deps, {
      tenantId,
      file,
      skipInvalid: true,
      effectiveFrom: '2025-09-02',
      by,
    });
    expect(report).toMatchObject({ written: true, versioned: 1, invalidRows: 1, totalRows: 12 });
    expect(report.issues).toEqual([
      expect.objectContaining({ row: 13, column: 'level', code: 'invalid_choice' }),
    ]);
    expect((await counts()).versions).toBe(before.versions + 1);
  });

  it('retires and reactivates through the status column', async () => {
    const retiring = await currentWith('1.001022', 'status', 'bãi bỏ');
    const retire = await importCatalogue(deps, { tenantId, file: retiring.file, by });
    expect(retire.rows.filter((r) => r.action !== 'unchanged')).toEqual([
      { row: retiring.row, code: '1.001022', action: 'status', status: 'retired' },
    ]);
    expect(await counts()).toMatchObject({ retired: 1 });
    const back = await importCatalogue(deps, {
      tenantId,
      file: (await currentWith('1.001022', 'status', 'active')).file,
      by,
    });
    expect(back.statusChanged).toBe(1);
    expect(await counts()).toMatchObject({ retired: 0 });
    const audits = await database.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'catalogue.imported')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    const changes = audits.map((a) => (a.data as { after: { changes: unknown[] } }).after.changes);
    expect(changes).toEqual([
      [
        expect.objectContaining({
          code: '1.001022',
          action: 'reactivated',
          from: 'retired',
          to: 'active',
        }),
      ],
      [
        expect.objectContaining({
          code: '1.001022',
          action: 'retired',
          from: 'active',
          to: 'retired',
        }),
      ],
    ]);
  });

  it('reads a semicolon-separated CSV and labels in Vietnamese as headers', async () => {
    const file = Buffer.from(
      '\ufeffMã thủ tục;Tên thủ tục;Cấp thực hiện;Thời hạn theo quy định;Thời hạn cam kết;Đơn vị thời hạn;Phí, lệ phí\n' +
        '1.000777;Cấp giấy xác nhận tình trạng hôn nhân;xã;3;2;ngày làm việc;Lệ phí:15.000\n',
    );
    const report = await importCatalogue(deps, { tenantId, file, dryRun: true, by });
    expect(report.issues).toEqual([]);
    expect(report.rows).toEqual([
      { row: 2, code: '1.000777', action: 'create', version: 1, defaultSteps: true },
    ]);
  });

  it('reports missing columns on row 1 and reads no rows', async () => {
    const report = await importCatalogue(deps, {
      tenantId,
      file: Buffer.from('code,name\n1.1,Tên\n'),
      by,
    });
    expect(report.written).toBe(false);
    expect(report.issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      '1:level:missing_column',
      '1:legal_limit:missing_column',
      '1:promised_limit:missing_column',
      '1:limit_unit:missing_column',
    ]);
  });

  it('refuses a CSV that is not UTF-8 with import_invalid', async () => {
    const latin = Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xe0, 0xe1, 0x0a]);
    await expect(importCatalogue(deps, { tenantId, file: latin, by })).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(importCatalogue(deps, { tenantId, file: latin, by })).rejects.toMatchObject({
      code: 'import_invalid',
    });
  });
});
