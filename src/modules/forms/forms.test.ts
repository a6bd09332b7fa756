import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTestSigner } from '../../platform/signing/index.js';
import {
  sampleForm01,
  sampleForm02,
  sampleForm03,
  sampleForm04,
  sampleForm05,
  sampleForm06,
  sampleRegisterMeta,
  sampleRegisterRows,
} from './fixtures.js';
import {
  classifyHandover,
  renderForm01Receipt,
  renderForm02Supplement,
  renderForm03Refusal,
  renderForm04Apology,
  renderForm05Stop,
  renderForm06ProcessControl,
  renderForm07Register,
  renderRegisterXlsx,
} from './index.js';

function hasCommand(command: string): boolean {
  try {
    execFileSync(command, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Text extraction needs poppler-utils (`apt-get install -y poppler-utils`). */
const PDFTOTEXT = hasCommand('pdftotext');
if (!PDFTOTEXT)
  console.warn('pdftotext (poppler-utils) is missing: the PDF text assertions are skipped');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-forms-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function pdfText(pdf: Buffer, page?: number): Promise<string> {
  const file = path.join(dir, `f${++counter}.pdf`);
  await writeFile(file, pdf);
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...pages, '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
  }).replace(/\s+/g, ' ');
}

/** Pages, counted in the PDF's own objects (no tool needed). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page(?!s)/g) ?? []).length;
}

const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

const forms = [
  {
    name: 'Form 01 receipt',
    render: () => renderForm01Receipt(sampleForm01),
    pages: 1,
    expected: [
      'Mẫu số 01',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mã hồ sơ: 000.00.12.H40-250124-0001',
      'Lai Châu, ngày 24 tháng 01 năm 2025',
      'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH',
      'Nguyễn Thị Hương',
      'Hợp đồng chuyển nhượng quyền sử dụng đất đã được',
      '10 giờ 15 phút, ngày 24 tháng 01 năm 2025',
      '17 giờ 00 phút, ngày 13 tháng 02 năm 2025',
      'Tổng cộng: 650.000 đồng (đã nộp)',
      'Qua dịch vụ bưu chính công ích',
      'https://dichvucong.laichau.gov.vn/tra-cuu-ho-so',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Lò Văn Thành',
    ],
  },
  {
    name: 'Form 02 supplement request',
    render: () => renderForm02Supplement(sampleForm02),
    pages: 1,
    expected: [
      'Mẫu số 02',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'đầy đủ một lần',
      'thiếu chữ ký của bên nhận chuyển nhượng',
      'Tờ khai thuế thu nhập cá nhân',
      'Văn bản ủy quyền',
      'NGƯỜI HƯỚNG DẪN',
    ],
  },
  {
    name: 'Form 03 refusal',
    render: () => renderForm03Refusal(sampleForm03),
    pages: 1,
    expected: [
      'Mẫu số 03',
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      'Công ty TNHH Thương mại Tam Đường',
      'Mã số thuế: 6200123456',
      'không đáp ứng điều kiện',
      'Nghị định số 54/2019/NĐ-CP',
    ],
  },
  {
    name: 'Form 04 apology',
    render: () => renderForm04Apology(sampleForm04),
    pages: 1,
    expected: [
      'Mẫu số 04',
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      'Kính gửi: Nguyễn Thị Hương',
      'Lý do: Hồ sơ phải lấy ý kiến',
      '17 giờ 00 phút, ngày 20 tháng 02 năm 2025',
      'SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG',
      'Hoàng Văn Dũng',
      'Nơi nhận:',
    ],
  },
  {
    name: 'Form 05 stop notice',
    render: () => renderForm05Stop(sampleForm05),
    pages: 1,
    expected: [
      'Mẫu số 05',
      'THÔNG BÁO',
      'Về việc dừng giải quyết hồ sơ',
      'Thửa đất đang có tranh chấp',
      'Căn cứ pháp lý: Điều 45 Luật Đất đai năm 2024',
      'Hoàn trả phí thẩm định hồ sơ 600.000 đồng',
    ],
  },
  {
    name: 'Form 06 process-control slip',
    render: () => renderForm06ProcessControl(sampleForm06),
    pages: 1,
    expected: [
      'Mẫu số 06',
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      'Văn phòng Đăng ký đất đai tỉnh Lai Châu',
      'Thuế tỉnh Lai Châu; UBND xã Bình Lư',
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
      'Ký giao,',
      'Tổng số lần giao, nhận: 5; trong đó quá hạn: 1.',
    ],
  },
];

describe.each(forms)('$name', ({ render, pages, expected }) => {
  it('is an A4 PDF with the embedded DejaVu font, metadata and the expected page count', async () => {
    const pdf = await render();
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/DejaVuSans/);
    expect(raw).not.toContain('/Helvetica');
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw).toContain('/Title');
    expect(pageCount(pdf)).toBe(pages);
  });

  it.runIf(PDFTOTEXT)(
    'prints the Vietnamese text with its diacritics, the motto and the data',
    async () => {
      const text = await pdfText(await render());
      for (const line of [...MOTTO, ...expected]) expect(text).toContain(line);
      expect(text).not.toContain('\ufffd');
    },
  );

  it('renders byte for byte the same twice (fixed creation date)', async () => {
    const [a, b] = await Promise.all([render(), render()]);
    expect(a.equals(b)).toBe(true);
  });
});

describe('form rules', () => {
  it('refuses a supplement request with nothing missing or an item listed twice', async () => {
    await expect(renderForm02Supplement({ ...sampleForm02, missing: [] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      renderForm02Supplement({
        ...sampleForm02,
        missing: [{ item: 'Văn bản ủy quyền' }, { item: 'văn bản ủy quyền' }],
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'missing' },
    });
  });

  it('refuses a refusal or a stop notice without a reason', async () => {
    await expect(renderForm03Refusal({ ...sampleForm03, reasons: [] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(renderForm05Stop({ ...sampleForm05, reasons: ['  '] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('refuses an apology whose new date is not after the promised one', async () => {
    await expect(
      renderForm04Apology({ ...sampleForm04, newDueAt: sampleForm04.dueAt }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'newDueAt' } });
  });

  it('refuses a receipt without components or with a due date before reception', async () => {
    await expect(renderForm01Receipt({ ...sampleForm01, components: [] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      renderForm01Receipt({ ...sampleForm01, dueAt: '2025-01-23T17:00:00+07:00' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('classifies a hand-over by Vietnam days, not UTC days', () => {
    // 06:00 on 25 January in Vietnam is still 24 January in UTC: same day as the due date.
    expect(
      classifyHandover({ at: '2025-01-25T06:00:00+07:00', dueAt: '2025-01-25T17:00:00+07:00' }),
    ).toBe('on_time');
    expect(
      classifyHandover({ at: '2025-01-24T23:30:00+07:00', dueAt: '2025-01-25T17:00:00+07:00' }),
    ).toBe('early');
    expect(
      classifyHandover({ at: '2025-01-25T17:00:00+07:00', dueAt: '2025-01-25T17:00:00+07:00' }),
    ).toBe('on_time');
    expect(
      classifyHandover({ at: '2025-01-25T17:01:00+07:00', dueAt: '2025-01-25T17:00:00+07:00' }),
    ).toBe('late');
    expect(classifyHandover({ at: '2025-01-25T10:00:00+07:00' })).toBeUndefined();
    expect(
      classifyHandover({
        at: '2025-01-26T10:00:00+07:00',
        dueAt: '2025-01-25T17:00:00+07:00',
        outcome: 'on_time',
      }),
    ).toBe('on_time');
  });

  it('reads times without an offset as Vietnam time', async () => {
    const pdf = await renderForm01Receipt({
      ...sampleForm01,
      receivedAt: '2025-01-24T10:15',
      dueAt: '2025-02-13T17:00',
    });
    if (!PDFTOTEXT) return;
    const text = await pdfText(pdf);
    expect(text).toContain('10 giờ 15 phút, ngày 24 tháng 01 năm 2025');
    expect(text).toContain('17 giờ 00 phút, ngày 13 tháng 02 năm 2025');
  });

  it('paginates the process-control slip with the table header repeated', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...sampleForm06.handovers[i % 5]!,
      step: `Bước ${i + 1}: ${sampleForm06.handovers[i % 5]!.step}`,
    }));
    const pdf = await renderForm06ProcessControl({ ...sampleForm06, handovers: many });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    if (!PDFTOTEXT) return;
    for (let page = 1; page <= pages; page++)
      expect(await pdfText(pdf, page)).toContain('Bên nhận');
    expect(await pdfText(pdf, pages)).toContain('Bước 30');
  });

  it('keeps a signed receipt readable and its signature verifiable', async () => {
    const signer = new LocalTestSigner(path.join(dir, 'signing'));
    const pdf = await renderForm01Receipt(sampleForm01);
    const { signedPdf } = await signer.sign(pdf, {
      name: 'Lò Văn Thành',
      title: 'Công chức',
      unit: 'Bộ phận Một cửa',
    });
    expect(await signer.verify(signedPdf)).toMatchObject({ valid: true });
    if (!PDFTOTEXT) return;
    expect(await pdfText(signedPdf)).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  });
});

describe('Form 07 register', () => {
  const rows = sampleRegisterRows(200);

  it('lays 200 rows over landscape pages, the header on every page, every row once', async () => {
    const pdf = await renderForm07Register(rows, sampleRegisterMeta);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/MediaBox [0 0 841.89 595.28]');
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(10);
    expect(pages).toBeLessThanOrEqual(20);
    if (!PDFTOTEXT) return;
    const all = await pdfText(pdf);
    expect(all).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(all).toContain('Từ ngày 01/01/2025 đến ngày 31/03/2025');
    expect(all).toContain('Tổng số hồ sơ: 200; quá hạn (kể cả đang giải quyết quá hạn): 66.');
    for (let page = 1; page <= pages; page++) {
      const text = await pdfText(pdf, page);
      expect(text).toContain('Mã hồ sơ');
      expect(text).toContain(`Trang ${page}/${pages}`);
    }
    // Each code is printed once (split after the agency identifier to fit the column).
    for (const row of [rows[0]!, rows[99]!, rows[199]!]) {
      const tail = row.code.slice(-11);
      expect(all.split(tail).length - 1).toBe(1);
    }
  });

  it('exports the same columns and rows as .xlsx', async () => {
    const buffer = await renderRegisterXlsx(rows, sampleRegisterMeta);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Sổ theo dõi hồ sơ')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)[0]).toBe('SỔ THEO DÕI HỒ SƠ');
    const headerRow = [...Array(sheet.rowCount).keys()]
      .map((i) => i + 1)
      .find((n) => values(n)[1] === 'Mã hồ sơ')!;
    expect(values(headerRow)).toContain('Tên thủ tục hành chính');
    expect(sheet.rowCount - headerRow).toBe(200);
    expect(values(headerRow + 1)).toEqual(
      expect.arrayContaining([
        1,
        rows[0]!.code,
        'Đăng ký khai sinh',
        'Nguyễn Văn Bình',
        'Trước hạn',
      ]),
    );
    expect(values(sheet.rowCount)[1]).toBe(rows[199]!.code);
  });
});
