import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { CATALOGUE_COLUMNS } from '../../domain/catalogue/index.js';
import { AppError } from '../../platform/errors.js';
import { loadExcelJS } from '../../platform/heavy-libs.js';

/** The two file formats of the catalogue's import and export. */
export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** Row number as a spreadsheet shows it: the header is row 1, the first procedure row 2. */
  row: number;
  cells: string[];
}

export interface Table {
  header: string[];
  rows: TableRow[];
}

/** The sheet the export writes and the import reads first. */
export const SHEET_NAME = 'Thủ tục';
const GUIDE_SHEET = 'Hướng dẫn';

export const MIME: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** xlsx is a zip (PK\x03\x04); anything else is read as CSV text. */
export function detectFormat(bytes: Uint8Array): TableFormat {
  return bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
    ? 'xlsx'
    : 'csv';
}

/**
 * Reads the first sheet of a workbook or a CSV file into a header and rows of text cells.
 * Blank rows are skipped but keep their numbers, so a reported row is the row the user sees.
 * Throws `import_invalid` for a file that is neither (corrupt zip, text that is not UTF-8).
 */
export async function readTable(
  bytes: Uint8Array,
  format: TableFormat = detectFormat(bytes),
): Promise<Table> {
  return format === 'xlsx' ? readXlsx(bytes) : readCsv(bytes);
}

// A cell that starts like a formula was written with a leading apostrophe (see writeCsv).
const FORMULA_START = /^'[=+\-@\t\r]/;

function readCsv(bytes: Uint8Array): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('import_invalid', {
      message: 'the CSV file is not UTF-8 text (save it as "CSV UTF-8")',
      details: {
        issues: [{ row: 1, column: '', code: 'invalid_format', params: { expected: 'UTF-8' } }],
      },
    });
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets in a Vietnamese locale write `;` because `,` is the decimal separator.
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError('import_invalid', {
      message: `the CSV file cannot be read: ${(error as Error).message}`,
      details: {
        issues: [
          { row: line ?? 1, column: '', code: 'invalid_format', params: { expected: 'CSV' } },
        ],
      },
    });
  }
  const [header = [], ...rest] = records;
  const rows: TableRow[] = [];
  rest.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ row: i + 2, cells: cells.map((c) => (FORMULA_START.test(c) ? c.slice(1) : c)) });
  });
  return { header, rows };
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
    );
  } catch (error) {
    throw new AppError('import_invalid', {
      message: `the workbook cannot be read: ${(error as Error).message}`,
      details: {
        issues: [{ row: 1, column: '', code: 'invalid_format', params: { expected: 'xlsx' } }],
      },
    });
  }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const width = sheet.columnCount;
  const header: string[] = [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= width; col++) cells.push(cellText(row.getCell(col).value));
    if (rowNumber === 1) header.push(...cells);
    else if (cells.some((c) => c.trim() !== '')) rows.push({ row: rowNumber, cells });
  });
  while (header.length > 0 && header[header.length - 1]!.trim() === '') header.pop();
  return { header, rows };
}

/** A cell's value as the text the user sees (dates as YYYY-MM-DD, booleans as 1/0). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  // Excel dates carry no zone: exceljs gives midnight UTC of the day shown.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return '';
  return String(value);
}

/**
 * Writes rows as a workbook (the procedures sheet, then a guide sheet describing each column in
 * Vietnamese and English) or as UTF-8 CSV with a byte-order mark, so spreadsheet programs show
 * the diacritics. In CSV a text cell starting with = + - @ gets a leading apostrophe, so a
 * spreadsheet never runs it as a formula; the import removes it again.
 */
export async function writeTable(
  format: TableFormat,
  header: string[],
  rows: Array<Array<string | number>>,
): Promise<Buffer> {
  return format === 'xlsx' ? writeXlsx(header, rows) : writeCsv(header, rows);
}

function writeCsv(header: string[], rows: Array<Array<string | number>>): Buffer {
  const guard = (cell: string | number) =>
    typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  const text = stringify([header, ...rows.map((r) => r.map(guard))], {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

async function writeXlsx(header: string[], rows: Array<Array<string | number>>): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'Một Cửa';
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    const key = header[i] ?? '';
    column.width = ['name', 'components', 'steps', 'legal_basis', 'fees'].includes(key) ? 50 : 16;
    if (['components', 'steps', 'legal_basis'].includes(key))
      column.alignment = { wrapText: true, vertical: 'top' };
  });
  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.addRow(['Cột / Column', 'Tiếng Việt', 'English', 'Bắt buộc / Required']).font = {
    bold: true,
  };
  for (const c of CATALOGUE_COLUMNS) guide.addRow([c.key, c.vi, c.en, c.required ? 'x' : '']);
  guide.addRow([]);
  guide.addRow([
    'Xem docs/catalogue.md để biết định dạng từng cột / See docs/catalogue.md for each column’s format',
  ]);
  guide.columns.forEach((column) => {
    column.width = 30;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
