import { createRequire } from 'node:module';
import path from 'node:path';
import { formatNumber, formatPercent, type Lang } from '../../domain/indices/index.js';
import { loadExcelJS, loadPdfKit } from '../../platform/heavy-libs.js';
import type { presentRanking, presentScorecard } from './indices.presenter.js';

type Ranking = ReturnType<typeof presentRanking>;
type Scorecard = ReturnType<typeof presentScorecard>;

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
// Helvetica has no Vietnamese glyphs: embed DejaVu so every diacritic prints.
const FONT = path.join(FONT_DIR, 'DejaVuSans.ttf');
const FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const T = {
  title: { vi: 'Chỉ số phục vụ người dân, doanh nghiệp', en: 'Service index' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  code: { vi: 'Mã', en: 'Code' },
  total: { vi: 'Tổng điểm', en: 'Total' },
  rank: { vi: 'Xếp hạng', en: 'Rank' },
  onTime: { vi: 'Tỷ lệ đúng hạn (%)', en: 'On time (%)' },
  sample: { vi: 'Số hồ sơ', en: 'Dossiers' },
  change: { vi: 'Thay đổi điểm', en: 'Score change' },
  group: { vi: 'Nhóm', en: 'Group' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  numerator: { vi: 'Tử số', en: 'Numerator' },
  denominator: { vi: 'Mẫu số', en: 'Denominator' },
  rate: { vi: 'Tỷ lệ (%)', en: 'Rate (%)' },
  score: { vi: 'Điểm', en: 'Score' },
  max: { vi: 'Tối đa', en: 'Max' },
  na: { vi: 'Không áp dụng', en: 'N/A' },
  unranked: { vi: 'Chưa đủ dữ liệu', en: 'Insufficient data' },
  explanation: {
    vi: 'Giải thích thay đổi so với kỳ trước',
    en: 'Change against the previous period',
  },
} as const;

function rankText(r: { rank: number | null; of: number }, lang: Lang): string {
  return r.rank === null ? T.unranked[lang] : `${r.rank}/${r.of}`;
}

/** The ranking table as an .xlsx workbook (one row per unit). */
export async function rankingXlsx(r: Ranking, lang: Lang): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  const ws = wb.addWorksheet(lang === 'vi' ? 'Xep hang' : 'Ranking');
  ws.addRow([`${T.title[lang]} — ${r.period.label[lang]}`]).font = { bold: true, size: 13 };
  ws.addRow([r.note[lang]]);
  const groupIds = Object.keys(r.units[0]?.groups ?? {});
  const header = ws.addRow([
    T.rank[lang],
    T.code[lang],
    T.unit[lang],
    T.total[lang],
    T.onTime[lang],
    T.sample[lang],
    T.change[lang],
    ...groupIds.map((g) => `${T.group[lang]} ${g}`),
  ]);
  header.font = { bold: true };
  for (const u of r.units) {
    ws.addRow([
      rankText(u, lang),
      u.unit,
      lang === 'en' && u.nameEn ? u.nameEn : u.name,
      u.total,
      u.onTimeRate,
      u.sampleSize,
      u.scoreChange,
      ...groupIds.map((g) => u.groups[g]?.score ?? null),
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 40 : 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A unit's scorecard as an .xlsx workbook: every indicator with its figures. */
export async function scorecardXlsx(s: Scorecard, lang: Lang): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  const ws = wb.addWorksheet(lang === 'vi' ? 'Bang diem' : 'Scorecard');
  ws.addRow([
    `${lang === 'en' && s.unit.nameEn ? s.unit.nameEn : s.unit.name} — ${s.period.label[lang]}`,
  ]).font = { bold: true, size: 13 };
  ws.addRow([T.total[lang], s.total, T.rank[lang], rankText(s, lang)]);
  ws.addRow([s.note[lang]]);
  ws.addRow([
    T.indicator[lang],
    '',
    T.numerator[lang],
    T.denominator[lang],
    T.rate[lang],
    T.score[lang],
    T.max[lang],
  ]).font = { bold: true };
  for (const g of s.groups) {
    ws.addRow([
      `${T.group[lang]} ${g.id}`,
      g.name[lang],
      '',
      '',
      '',
      g.score ?? T.na[lang],
      g.max,
    ]).font = { bold: true };
    for (const i of g.indicators) {
      ws.addRow([
        i.id,
        i.name[lang],
        i.numerator,
        i.denominator,
        i.rate ?? T.na[lang],
        i.score ?? T.na[lang],
        i.max,
      ]);
    }
  }
  if (s.explanation.length > 0) {
    ws.addRow([]);
    ws.addRow([T.explanation[lang]]).font = { bold: true };
    for (const e of s.explanation) ws.addRow([e.text[lang]]);
  }
  ws.getColumn(2).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function pdfBuffer(
  draw: (doc: PDFKit.PDFDocument) => void,
  layout: 'portrait' | 'landscape',
): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout,
      margin: 36,
      info: { Title: 'Một Cửa — chỉ số phục vụ' },
    });
    doc.registerFont('body', FONT);
    doc.registerFont('bold', FONT_BOLD);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

function row(doc: PDFKit.PDFDocument, cells: string[], widths: number[], bold = false): void {
  const y = doc.y;
  let x = doc.page.margins.left;
  let height = 0;
  doc.font(bold ? 'bold' : 'body').fontSize(8.5);
  cells.forEach((text, i) => {
    const w = widths[i] ?? 60;
    height = Math.max(height, doc.heightOfString(text, { width: w - 4 }));
    doc.text(text, x + 2, y, { width: w - 4 });
    x += w;
  });
  doc.y = y + height + 3;
  doc.x = doc.page.margins.left;
  if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
}

function num(v: number | null, lang: Lang, na: string): string {
  return v === null ? na : formatNumber(v, lang);
}

/** The ranking table as a PDF (A4 landscape, DejaVu Sans embedded). */
export function rankingPdf(r: Ranking, lang: Lang): Promise<Buffer> {
  return pdfBuffer((doc) => {
    doc.font('bold').fontSize(14).text(`${T.title[lang]} — ${r.period.label[lang]}`);
    doc.font('body').fontSize(8).text(r.note[lang]).moveDown(0.5);
    const widths = [70, 95, 250, 60, 80, 60, 70];
    row(
      doc,
      [
        T.rank[lang],
        T.code[lang],
        T.unit[lang],
        T.total[lang],
        T.onTime[lang],
        T.sample[lang],
        T.change[lang],
      ],
      widths,
      true,
    );
    for (const u of r.units) {
      row(
        doc,
        [
          rankText(u, lang),
          u.unit,
          lang === 'en' && u.nameEn ? u.nameEn : u.name,
          num(u.total, lang, T.na[lang]),
          u.onTimeRate === null ? T.na[lang] : formatPercent(u.onTimeRate, lang),
          String(u.sampleSize),
          u.scoreChange === null ? '—' : formatNumber(u.scoreChange, lang, { signed: true }),
        ],
        widths,
      );
    }
  }, 'landscape');
}

/** A unit's scorecard as a PDF (A4 portrait, DejaVu Sans embedded). */
export function scorecardPdf(s: Scorecard, lang: Lang): Promise<Buffer> {
  return pdfBuffer((doc) => {
    doc
      .font('bold')
      .fontSize(14)
      .text(lang === 'en' && s.unit.nameEn ? s.unit.nameEn : s.unit.name);
    doc.font('body').fontSize(10).text(`${T.title[lang]} — ${s.period.label[lang]}`);
    doc
      .font('bold')
      .fontSize(12)
      .text(
        `${T.total[lang]}: ${num(s.total, lang, T.na[lang])}/100 · ${T.rank[lang]}: ${rankText(s, lang)}`,
      );
    doc.font('body').fontSize(8).text(s.note[lang]).moveDown(0.5);
    const widths = [34, 245, 55, 55, 55, 40, 38];
    row(
      doc,
      [
        '',
        T.indicator[lang],
        T.numerator[lang],
        T.denominator[lang],
        T.rate[lang],
        T.score[lang],
        T.max[lang],
      ],
      widths,
      true,
    );
    for (const g of s.groups) {
      row(
        doc,
        [g.id, g.name[lang], '', '', '', num(g.score, lang, T.na[lang]), formatNumber(g.max, lang)],
        widths,
        true,
      );
      for (const i of g.indicators) {
        row(
          doc,
          [
            i.id,
            i.name[lang],
            String(i.numerator),
            String(i.denominator),
            i.rate === null ? T.na[lang] : formatPercent(i.rate, lang),
            num(i.score, lang, T.na[lang]),
            formatNumber(i.max, lang),
          ],
          widths,
        );
      }
    }
    if (s.explanation.length > 0) {
      doc.moveDown(0.5).font('bold').fontSize(10).text(T.explanation[lang]);
      for (const e of s.explanation) doc.font('body').fontSize(8.5).text(`• ${e.text[lang]}`);
    }
  }, 'portrait');
}
