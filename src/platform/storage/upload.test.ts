import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitiseFileName } from './filename.js';
import { LocalFileStorage } from './local-storage.js';
import { makeDocx, makePdf, makeZip } from './testing.js';
import { acceptUpload } from './upload.js';

let root: string;
let storage: LocalFileStorage;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'motcua-upload-'));
  storage = new LocalFileStorage(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function storedCount(): Promise<number> {
  const objects = path.join(root, 'objects');
  const walk = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let n = 0;
    for (const e of entries) n += e.isDirectory() ? await walk(path.join(dir, e.name)) : 1;
    return n;
  };
  return walk(objects);
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(600, 1),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 2)]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(2000, 0)]);

describe('sanitiseFileName', () => {
  it('keeps Vietnamese letters and the extension', () => {
    expect(sanitiseFileName('Giấy chứng nhận quyền sử dụng đất.pdf')).toBe(
      'Giấy chứng nhận quyền sử dụng đất.pdf',
    );
  });

  it('normalises decomposed diacritics to NFC', () => {
    const decomposed = 'Đơn đề nghị.pdf'.normalize('NFD');
    expect(sanitiseFileName(decomposed)).toBe('Đơn đề nghị.pdf'.normalize('NFC'));
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['/var/lib/motcua/storage/x.pdf', 'x.pdf'],
    ['..', 'tep-dinh-kem'],
    ['....pdf', 'pdf'],
    ['a..b.pdf', 'a.b.pdf'],
    ['bad\u0000name\r\n.pdf', 'badname.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['con<>:"|?*.pdf', 'con_______.pdf'],
    ['   ', 'tep-dinh-kem'],
    ['', 'tep-dinh-kem'],
  ])('makes %j safe: %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('limits the length and keeps the extension whole', () => {
    const name = sanitiseFileName(`${'Bản sao '.repeat(40)}.docx`);
    expect([...name].length).toBeLessThanOrEqual(150);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('acceptUpload', () => {
  it('accepts a PDF, stores it and reports the detected type and a display name without its path', async () => {
    const pdf = makePdf('x'.repeat(2000));
    const file = await acceptUpload({
      storage,
      filename: '../../Tờ khai.pdf',
      declaredMime: 'application/pdf',
      stream: Readable.from([pdf]),
    });
    expect(file).toMatchObject({
      name: 'Tờ khai.pdf',
      mime: 'application/pdf',
      type: 'pdf',
      size: pdf.length,
    });
    expect(await storage.exists(file.key)).toBe(true);
  });

  it('accepts JPEG and PNG scans, small files included', async () => {
    await expect(
      acceptUpload({ storage, filename: 'cccd.jpg', declaredMime: 'image/jpeg', stream: JPEG }),
    ).resolves.toMatchObject({ type: 'jpeg' });
    await expect(
      acceptUpload({ storage, filename: 'anh.png', declaredMime: 'image/png', stream: PNG }),
    ).resolves.toMatchObject({ type: 'png' });
    await expect(
      acceptUpload({ storage, filename: 'nho.pdf', stream: Buffer.from('%PDF-1.7\n') }),
    ).resolves.toMatchObject({ type: 'pdf' });
  });

  it('tells a DOCX from an XLSX by the archive directory', async () => {
    const docx = await acceptUpload({
      storage,
      filename: 'Đơn.docx',
      declaredMime: 'application/octet-stream',
      stream: makeDocx(5000),
    });
    expect(docx.type).toBe('docx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sổ').addRow(['Mã hồ sơ', 'Người nộp']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const accepted = await acceptUpload({ storage, filename: 'so-theo-doi.xlsx', stream: xlsx });
    expect(accepted).toMatchObject({
      type: 'xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  });

  it('accepts an XML e-document with or without a byte-order mark', async () => {
    const xml =
      '\ufeff<?xml version="1.0" encoding="UTF-8"?><HoSo><Ma>000.00.12.H40-250124-0001</Ma></HoSo>';
    await expect(
      acceptUpload({
        storage,
        filename: 'hoso.xml',
        declaredMime: 'text/xml',
        stream: Buffer.from(xml),
      }),
    ).resolves.toMatchObject({ type: 'xml' });
  });

  it('refuses an executable renamed .pdf and stores nothing', async () => {
    const before = await storedCount();
    await expect(
      acceptUpload({ storage, filename: 'hoso.pdf', declaredMime: 'application/pdf', stream: EXE }),
    ).rejects.toMatchObject({
      code: 'upload_type_rejected',
      details: { reason: 'unknown_content' },
    });
    expect(await storedCount()).toBe(before);
  });

  it('refuses content whose name or declared type says something else', async () => {
    await expect(
      acceptUpload({ storage, filename: 'anh.png', stream: makePdf() }),
    ).rejects.toMatchObject({
      details: { reason: 'extension_mismatch', detected: 'pdf' },
    });
    await expect(
      acceptUpload({ storage, filename: 'hoso', declaredMime: 'image/png', stream: makePdf() }),
    ).rejects.toMatchObject({
      details: { reason: 'declared_type_mismatch' },
    });
    await expect(
      acceptUpload({ storage, filename: 'setup.exe', stream: makePdf() }),
    ).rejects.toMatchObject({
      details: { reason: 'extension_mismatch' },
    });
    await expect(
      acceptUpload({
        storage,
        filename: 'x.pdf',
        declaredMime: 'application/x-msdownload',
        stream: makePdf(),
      }),
    ).rejects.toMatchObject({
      details: { reason: 'declared_type_mismatch' },
    });
  });

  it('refuses a ZIP that is not an office document, even named .docx', async () => {
    const before = await storedCount();
    const zip = makeZip({ 'payload.exe': EXE, 'readme.txt': 'hello' });
    await expect(
      acceptUpload({ storage, filename: 'don.docx', stream: zip }),
    ).rejects.toMatchObject({
      code: 'upload_type_rejected',
      details: { reason: 'unknown_content' },
    });
    expect(await storedCount()).toBe(before);
  });

  it('refuses types outside the caller’s allow-list', async () => {
    await expect(
      acceptUpload({ storage, filename: 'a.png', stream: PNG, limits: { allowedTypes: ['pdf'] } }),
    ).rejects.toMatchObject({
      details: { reason: 'type_not_allowed' },
    });
  });

  it('refuses an empty file', async () => {
    const before = await storedCount();
    await expect(
      acceptUpload({ storage, filename: 'rong.pdf', stream: Readable.from([]) }),
    ).rejects.toMatchObject({ code: 'upload_empty' });
    expect(await storedCount()).toBe(before);
  });

  it('stops reading an oversized file at the limit and stores nothing', async () => {
    const before = await storedCount();
    let produced = 0;
    // An endless PDF-looking stream: the limit must stop it, not the end of the data.
    const endless = new Readable({
      read() {
        const chunk =
          produced === 0
            ? Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * 1024 - 9, 0x20)])
            : Buffer.alloc(64 * 1024, 0x20);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    await expect(
      acceptUpload({
        storage,
        filename: 'lon.pdf',
        stream: endless,
        limits: { maxBytes: 1024 * 1024 },
      }),
    ).rejects.toMatchObject({
      code: 'upload_too_large',
      details: { maxBytes: 1024 * 1024 },
    });
    expect(produced).toBeLessThan(2 * 1024 * 1024);
    expect(await storedCount()).toBe(before);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('accepts a file of exactly the limit', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096 - 9, 0x20)]);
    await expect(
      acceptUpload({ storage, filename: 'vua.pdf', stream: pdf, limits: { maxBytes: 4096 } }),
    ).resolves.toMatchObject({ size: 4096 });
  });

  it('handles 50 concurrent uploads, good and bad, without mixing them up', async () => {
    const jobs = Array.from({ length: 50 }, (_, i) =>
      acceptUpload({
        storage,
        filename: `tep-${i}.${i % 5 === 0 ? 'pdf' : 'png'}`,
        stream: i % 5 === 0 ? (i % 10 === 0 ? EXE : makePdf(String(i))) : PNG,
      }),
    );
    const results = await Promise.allSettled(jobs);
    results.forEach((r, i) => {
      if (i % 10 === 0) expect(r.status).toBe('rejected');
      else expect(r.status).toBe('fulfilled');
    });
    const keys = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.key] : []));
    expect(new Set(keys).size).toBe(45);
  });
});
