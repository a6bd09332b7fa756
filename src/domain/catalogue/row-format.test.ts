import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_COLUMNS,
  columnOfPath,
  decodeList,
  encodeList,
  parseRow,
  recordToRow,
  resolveHeader,
  sameContent,
} from './index.js';
import { buildProcedure } from './test-support.js';

const cellsOf = (values: Array<string | number>) =>
  new Map(CATALOGUE_COLUMNS.map((c, i) => [c.key, String(values[i] ?? '')]));

describe('list cells', () => {
  it('decodes components written by hand, with escapes and blank items', () => {
    expect(decodeList('TP01:Tờ khai\\: mẫu 01:1:1:1;; TP02:Giấy chứng sinh:1:1:0 ;')).toEqual([
      ['TP01', 'Tờ khai: mẫu 01', '1', '1', '1'],
      ['TP02', 'Giấy chứng sinh', '1', '1', '0'],
    ]);
  });

  it('decodes what it encodes, whatever the text (separators and backslashes included)', () => {
    const part = fc.string().map((x) => x.replace(/\n/g, ' ').trim());
    const item = fc
      .array(part, { minLength: 2, maxLength: 5 })
      .filter((parts) => parts.some((p) => p !== ''));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 5 }), (items) => {
        expect(decodeList(encodeList(items))).toEqual(items);
      }),
    );
  });
});

describe('resolveHeader', () => {
  it('accepts keys and Vietnamese or English labels in any case', () => {
    const { keys, issues } = resolveHeader([
      'code',
      'TÊN THỦ TỤC',
      'Handling level',
      'legal limit',
      'Thời hạn cam kết',
      'limit_unit',
    ]);
    expect(keys).toEqual(['code', 'name', 'level', 'legal_limit', 'promised_limit', 'limit_unit']);
    expect(issues).toEqual([]);
  });

  it('reports unknown, repeated and missing columns', () => {
    const { issues } = resolveHeader(['code', 'code', 'colour']);
    expect(issues.map((i) => `${i.column}:${i.code}`)).toEqual([
      'code:duplicate',
      'colour:unknown_column',
      'name:missing_column',
      'level:missing_column',
      'legal_limit:missing_column',
      'promised_limit:missing_column',
      'limit_unit:missing_column',
    ]);
  });
});

describe('parseRow', () => {
  it('reads back exactly what recordToRow wrote', () => {
    const record = buildProcedure({
      fees: [{ name: 'Lệ phí: cấp bản sao; trích lục', amount: 8000 }],
      legalBasis: 'Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP',
    });
    const parsed = parseRow(cellsOf(recordToRow(record, 'retired')));
    expect(parsed.issues).toEqual([]);
    expect(parsed.status).toBe('retired');
    expect(parsed.record).toEqual(record);
    expect(sameContent(parsed.record!, record)).toBe(true);
  });

  it('accepts Vietnamese words, Decree 43 online levels, dd/mm/yyyy dates and dotted amounts', () => {
    const cells = new Map([
      ['code', '1.000894'],
      ['name', 'Cấp Phiếu lý lịch tư pháp'],
      ['level', 'Tỉnh'],
      ['legal_limit', '10'],
      ['promised_limit', '7'],
      ['limit_unit', 'ngày làm việc'],
      ['fees', 'Phí cung cấp thông tin lý lịch tư pháp:200.000'],
      ['fee_total', '200 000'],
      ['online_level', '4'],
      ['result_type', 'cả hai'],
      ['postal_out', 'có'],
      ['applicant_kinds', 'Cá nhân'],
      ['announced_on', '5/3/2024'],
    ]);
    const parsed = parseRow(cells);
    expect(parsed.issues).toEqual([]);
    expect(parsed.record).toMatchObject({
      level: 'province',
      limitUnit: 'working_days',
      fees: [{ name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200_000 }],
      onlineLevel: 'full',
      resultType: 'both',
      postalOut: true,
      applicantKinds: ['individual'],
      announcedOn: '2024-03-05',
    });
    expect(parsed.defaultSteps).toBe(true);
    expect(parsed.record!.steps.map((s) => s.allotment)).toEqual([0.5, 5.5, 1, 0]);
  });

  it('names the column of every syntax problem', () => {
    const parsed = parseRow(
      new Map([
        ['code', 'X1'],
        ['name', 'Thử'],
        ['level', 'thôn'],
        ['legal_limit', 'mười'],
        ['promised_limit', '5'],
        ['limit_unit', 'working_days'],
        ['fees', 'Lệ phí:abc'],
        ['components', 'TP01'],
        ['online_level', '5'],
        ['announced_on', '31/02/2024'],
        ['postal_in', 'maybe'],
      ]),
    );
    expect(parsed.record).toBeUndefined();
    expect(parsed.issues.map((i) => `${i.column}:${i.code}`)).toEqual([
      'level:invalid_choice',
      'legal_limit:invalid_format',
      'fees:invalid_format',
      'components:invalid_format',
      'online_level:invalid_choice',
      'postal_in:invalid_choice',
      'announced_on:invalid_format',
    ]);
  });

  it('refuses a fee total that is not the sum of the fees', () => {
    const parsed = parseRow(
      cellsOf(
        recordToRow(buildProcedure({ fees: [{ name: 'Lệ phí', amount: 5000 }] }), 'active'),
      ).set('fee_total', '6000'),
    );
    expect(parsed.issues).toEqual([
      { column: 'fee_total', code: 'fee_total_mismatch', params: { given: 6000, sum: 5000 } },
    ]);
  });
});

describe('columnOfPath', () => {
  it('maps a validation path to its column', () => {
    expect(columnOfPath('components[1].copies')).toBe('components');
    expect(columnOfPath('promisedLimit')).toBe('promised_limit');
    expect(columnOfPath('steps')).toBe('steps');
  });
});
