import { loadExcelJS } from '../../platform/heavy-libs.js';
import { count2, shortDate, shortDateTime, toDate } from './format.js';
import { OUTCOME_LABELS } from './forms.render.js';
import type { Form07RegisterMeta, RegisterRow } from './forms.types.js';
import { FormPdf, requireText } from './pdf.js';

/** The columns of the dossier register, shared by the PDF and the .xlsx so they never drift. */
export const REGISTER_COLUMNS: Array<{
  key: string;
  header: string;
  width: number;
  xlsxWidth: number;
  value: (row: RegisterRow, index: number) => string | number;
}> = [
  { key: 'seq', header: 'TT', width: 3.5, xlsxWidth: 6, value: (_r, i) => i + 1 },
  { key: 'code', header: 'Mã hồ sơ', width: 12, xlsxWidth: 26, value: (r) => r.code },
  {
    key: 'procedure',
    header: 'Tên thủ tục hành chính',
    width: 15,
    xlsxWidth: 45,
    value: (r) => r.procedure,
  },
  {
    key: 'sets',
    header: 'Số lượng hồ sơ (bộ)',
    width: 5,
    xlsxWidth: 10,
    value: (r) => r.sets ?? 1,
  },
  {
    key: 'applicant',
    header: 'Tên cá nhân, tổ chức',
    width: 10,
    xlsxWidth: 28,
    value: (r) => r.applicant,
  },
  {
    key: 'contact',
    header: 'Địa chỉ, số điện thoại',
    width: 11,
    xlsxWidth: 32,
    value: (r) => r.contact ?? '',
  },
  {
    key: 'agency',
    header: 'Cơ quan chủ trì giải quyết',
    width: 10,
    xlsxWidth: 30,
    value: (r) => r.agency,
  },
  {
    key: 'receivedAt',
    header: 'Nhận hồ sơ',
    width: 7,
    xlsxWidth: 17,
    value: (r) => shortDateTime(r.receivedAt),
  },
  {
    key: 'dueAt',
    header: 'Hẹn trả kết quả',
    width: 7,
    xlsxWidth: 17,
    value: (r) => shortDateTime(r.dueAt),
  },
  {
    key: 'transferredAt',
    header: 'Chuyển hồ sơ đến cơ quan giải quyết',
    width: 7,
    xlsxWidth: 17,
    value: (r) => (r.transferredAt ? shortDateTime(r.transferredAt) : ''),
  },
  {
    key: 'resultAt',
    header: 'Ngày có kết quả / yêu cầu bổ sung',
    width: 7,
    xlsxWidth: 17,
    value: (r) => (r.resultAt ? shortDateTime(r.resultAt) : ''),
  },
  {
    key: 'returnedAt',
    header: 'Trả kết quả',
    width: 7,
    xlsxWidth: 17,
    value: (r) => (r.returnedAt ? shortDateTime(r.returnedAt) : ''),
  },
  {
    key: 'status',
    header: 'Tình trạng',
    width: 7,
    xlsxWidth: 20,
    value: (r) => (r.status ? OUTCOME_LABELS[r.status] : ''),
  },
  { key: 'note', header: 'Ghi chú', width: 6.5, xlsxWidth: 24, value: (r) => r.note ?? '' },
];

function periodText(meta: Form07RegisterMeta): string {
  return `Từ ngày ${shortDate(meta.from)} đến ngày ${shortDate(meta.to)}`;
}

/**
 * Form 07 — Sổ theo dõi hồ sơ: the register of every dossier of a unit over a period (Decree
 * 118/2025, return step), landscape A4, the header row repeated on every page, pages numbered.
 * Rows are printed in the order given. Throws `validation_failed` when the unit is missing.
 */
export async function renderForm07Register(
  rows: RegisterRow[],
  meta: Form07RegisterMeta,
): Promise<Buffer> {
  requireText(meta.unitName, 'unitName', 'Form 07');
  const pdf = await FormPdf.create({
    title: `Sổ theo dõi hồ sơ – ${meta.unitName}`,
    author: meta.header.agencyName,
    subject: 'Mẫu số 07',
    keywords: [meta.unitName, periodText(meta), meta.header.tenantName].filter(Boolean).join(', '),
    landscape: true,
    creationDate: toDate(meta.header.issuedAt),
  });
  pdf.header(meta.header, 'Mẫu số 07');
  pdf.title('SỔ THEO DÕI HỒ SƠ', [
    `${meta.unitName} – ${periodText(meta)}${meta.book ? ` – Quyển số: ${meta.book}` : ''}`,
  ]);
  const counts = {
    total: rows.length,
    late: rows.filter((r) => r.status === 'late' || r.status === 'in_progress_overdue').length,
  };
  pdf.table(
    REGISTER_COLUMNS.map((c) => ({
      header: c.header,
      width: c.width,
      align: c.key === 'seq' || c.key === 'sets' ? 'center' : 'left',
    })),
    rows.map((row, i) =>
      REGISTER_COLUMNS.map((c) => {
        const text = String(c.value(row, i));
        // A dossier code has no break opportunity a line breaker accepts (hyphen before digits):
        // break it after the agency identifier so the column can stay narrow.
        return c.key === 'code' ? text.replace(/-(\d{6}-\d{4})$/, '-\n$1') : text;
      }),
    ),
    { size: 7, headerSize: 7 },
  );
  pdf.paragraph(
    `Tổng số hồ sơ: ${count2(counts.total)}; quá hạn (kể cả đang giải quyết quá hạn): ${count2(counts.late)}.`,
    { size: 9, italic: true },
  );
  return pdf.finish();
}

/**
 * The dossier register as an .xlsx workbook with the same columns as the PDF: a title block,
 * a frozen, filtered header row, real dates kept as text in Vietnamese format (dd/mm/yyyy
 * hh:mm) so they read the same in every spreadsheet locale.
 */
export async function renderRegisterXlsx(
  rows: RegisterRow[],
  meta?: Partial<Form07RegisterMeta>,
): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = meta?.header?.agencyName ?? 'Một Cửa';
  const created = meta?.header?.issuedAt ? toDate(meta.header.issuedAt) : new Date(0);
  workbook.created = created;
  workbook.modified = created;
  const sheet = workbook.addWorksheet('Sổ theo dõi hồ sơ', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const title = [
    'SỔ THEO DÕI HỒ SƠ',
    meta?.unitName,
    meta?.from && meta?.to ? periodText(meta as Form07RegisterMeta) : undefined,
  ].filter(Boolean) as string[];
  for (const line of title) {
    const row = sheet.addRow([line]);
    row.font = { bold: line === title[0], size: line === title[0] ? 14 : 11 };
    sheet.mergeCells(row.number, 1, row.number, REGISTER_COLUMNS.length);
    row.alignment = { horizontal: 'center' };
  }
  sheet.addRow([]);
  const headerRow = sheet.addRow(REGISTER_COLUMNS.map((c) => c.header));
  headerRow.font = { bold: true };
  headerRow.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    cell.border = {
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    };
  });
  REGISTER_COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.xlsxWidth;
  });
  rows.forEach((row, index) => {
    const added = sheet.addRow(REGISTER_COLUMNS.map((c) => c.value(row, index)));
    added.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
  sheet.autoFilter = {
    from: { row: headerRow.number, column: 1 },
    to: { row: headerRow.number, column: REGISTER_COLUMNS.length },
  };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
