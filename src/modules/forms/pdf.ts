import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFDocumentClass from 'pdfkit';
import { AppError } from '../../platform/errors.js';
import { loadPdfKit } from '../../platform/heavy-libs.js';
import { placeDate } from './format.js';
import type { FormHeader } from './forms.types.js';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * The TTF fonts embedded in every form. pdfkit's built-in Helvetica has no Vietnamese glyphs
 * (it garbles "ệ", "ữ", "ằ"…); DejaVu Sans covers all of them, and embedding makes the PDF
 * print the same everywhere.
 */
export const FONTS = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  italic: path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
  boldItalic: path.join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
} as const;

type FontName = keyof typeof FONTS;

/** A fixed creation date keeps the output byte-for-byte reproducible for the same input. */
export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  keywords?: string;
  landscape?: boolean;
  /** Defaults to the form's issue date. */
  creationDate: Date;
}

export interface Column {
  header: string;
  /** Relative width (the columns share the printable width). */
  width: number;
  align?: 'left' | 'center' | 'right';
}

const SIZE = { body: 10, small: 8.5, header: 9, title: 13 };
const LINE_GAP = 2;

/**
 * A thin layout layer over pdfkit for administrative forms (Decree 30/2020 presentation): the
 * two-column heading, a centred title, flowing paragraphs, tables that break across pages with
 * their header repeated, signature blocks, and "Trang x/y" at the foot of every page.
 */
export class FormPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  /** Opens a form document (pdfkit is loaded on first use). */
  static async create(meta: PdfMeta): Promise<FormPdf> {
    return new FormPdf(meta, await loadPdfKit());
  }

  private constructor(meta: PdfMeta, PDFDocument: typeof PDFDocumentClass) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: meta.landscape ? 'landscape' : 'portrait',
      margins: meta.landscape
        ? { top: 40, bottom: 45, left: 40, right: 35 }
        : { top: 40, bottom: 45, left: 65, right: 45 },
      bufferPages: true,
      autoFirstPage: true,
      lang: 'vi-VN',
      displayTitle: true,
      info: {
        Title: meta.title,
        Author: meta.author,
        Subject: meta.subject ?? meta.title,
        Keywords: meta.keywords ?? '',
        Creator: 'Một Cửa',
        Producer: 'Một Cửa (pdfkit)',
        CreationDate: meta.creationDate,
        ModDate: meta.creationDate,
      },
    });
    for (const [name, file] of Object.entries(FONTS)) this.doc.registerFont(name, file);
    this.doc.font('regular').fontSize(SIZE.body);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  font(name: FontName, size: number = SIZE.body): this {
    this.doc.font(name).fontSize(size);
    return this;
  }

  /**
   * The heading: the governing body and agency (bold, underlined) on the left; the national
   * motto on the right; then the document number on the left and the place and date line
   * (italic) on the right; the form number sits above, at the right edge.
   */
  header(header: FormHeader, formNumber: string): void {
    const { doc } = this;
    const top = doc.page.margins.top;
    this.font('italic', 8);
    doc.text(formNumber, this.left, top - 18, { width: this.width, align: 'right' });
    const leftWidth = this.width * 0.42;
    const rightX = this.left + this.width * 0.4;
    const rightWidth = this.width * 0.6;

    let y = top;
    if (header.governingBody) {
      this.font('regular', SIZE.header);
      doc.text(header.governingBody.toUpperCase(), this.left, y, {
        width: leftWidth,
        align: 'center',
      });
      y = doc.y;
    }
    this.font('bold', SIZE.header);
    doc.text(header.agencyName.toUpperCase(), this.left, y, { width: leftWidth, align: 'center' });
    const leftEnd = doc.y;
    this.rule(this.left + leftWidth / 2, leftEnd + 2, 60);

    this.font('bold', SIZE.header);
    doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, {
      width: rightWidth,
      align: 'center',
    });
    this.font('bold', SIZE.header + 0.5);
    doc.text('Độc lập - Tự do - Hạnh phúc', rightX, doc.y, { width: rightWidth, align: 'center' });
    const mottoWidth = doc.widthOfString('Độc lập - Tự do - Hạnh phúc');
    const rightEnd = doc.y;
    this.rule(rightX + rightWidth / 2, rightEnd + 2, mottoWidth);

    const lineY = Math.max(leftEnd, rightEnd) + 10;
    this.font('regular', SIZE.header);
    if (header.documentNumber)
      doc.text(`Số: ${header.documentNumber}`, this.left, lineY, {
        width: leftWidth,
        align: 'center',
      });
    this.font('italic', SIZE.header);
    doc.text(placeDate(header.place, header.issuedAt), rightX, lineY, {
      width: rightWidth,
      align: 'center',
    });
    doc.x = this.left;
    doc.y = Math.max(doc.y, lineY + 14) + 10;
  }

  /** A short horizontal rule centred on x. */
  private rule(centreX: number, y: number, length: number): void {
    this.doc
      .moveTo(centreX - length / 2, y)
      .lineTo(centreX + length / 2, y)
      .lineWidth(0.6)
      .stroke('#000');
  }

  title(text: string, subtitles: string[] = []): void {
    const { doc } = this;
    this.font('bold', SIZE.title);
    doc.text(text, this.left, doc.y, { width: this.width, align: 'center' });
    for (const line of subtitles) {
      this.font('italic', SIZE.body);
      doc.text(line, this.left, doc.y + 2, { width: this.width, align: 'center' });
    }
    doc.moveDown(0.6);
    this.font('regular');
  }

  /**
   * A paragraph of flowing text; `**bold**` runs are printed bold. Lines are packed here rather
   * than with pdfkit's `continued` text, which pushes a run to a new line after a run that
   * wrapped.
   */
  paragraph(
    text: string,
    options: {
      indent?: number;
      size?: number;
      align?: 'left' | 'justify' | 'center';
      italic?: boolean;
      gap?: number;
    } = {},
  ): void {
    const { doc } = this;
    const size = options.size ?? SIZE.body;
    const indent = options.indent ?? 0;
    const plain: FontName = options.italic ? 'italic' : 'regular';
    const strong: FontName = options.italic ? 'boldItalic' : 'bold';
    // Words made of pieces, each piece in its own font ("0001," bold glued to nothing else).
    type Piece = { text: string; font: FontName; width: number };
    const words: Piece[][] = [];
    let current: Piece[] = [];
    for (const run of text.split(/(\*\*[^*]+\*\*)/)) {
      if (run === '') continue;
      const bold = run.startsWith('**') && run.endsWith('**') && run.length > 4;
      const font = bold ? strong : plain;
      const content = bold ? run.slice(2, -2) : run;
      // Split on ordinary white space only: a no-break space keeps a label with its value.
      for (const token of content.split(/([ \t\n]+)/)) {
        if (token === '') continue;
        if (/^[ \t\n]+$/.test(token)) {
          if (current.length > 0) words.push(current);
          current = [];
          continue;
        }
        this.font(font, size);
        current.push({ text: token, font, width: doc.widthOfString(token) });
      }
    }
    if (current.length > 0) words.push(current);
    const maxWidth = this.width - indent;
    // A word wider than the line (a long address or URL) is cut into pieces that fit.
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (word.length !== 1 || word[0]!.width <= maxWidth) continue;
      const piece = word[0]!;
      this.font(piece.font, size);
      const parts: Piece[][] = [];
      let chunk = '';
      for (const char of piece.text) {
        if (chunk !== '' && doc.widthOfString(chunk + char) > maxWidth) {
          parts.push([{ text: chunk, font: piece.font, width: doc.widthOfString(chunk) }]);
          chunk = '';
        }
        chunk += char;
      }
      parts.push([{ text: chunk, font: piece.font, width: doc.widthOfString(chunk) }]);
      words.splice(w, 1, ...parts);
      w += parts.length - 1;
    }
    this.font(plain, size);
    const space = doc.widthOfString(' ');
    const lines: Piece[][][] = [];
    let line: Piece[][] = [];
    let lineWidth = 0;
    const wordWidth = (word: Piece[]) => word.reduce((sum, p) => sum + p.width, 0);
    for (const word of words) {
      const width = wordWidth(word);
      if (line.length > 0 && lineWidth + space + width > maxWidth) {
        lines.push(line);
        line = [];
        lineWidth = 0;
      }
      line.push(word);
      lineWidth += (line.length > 1 ? space : 0) + width;
    }
    if (line.length > 0) lines.push(line);
    const align = options.align ?? 'justify';
    const lineHeight = doc.currentLineHeight(true) + LINE_GAP;
    lines.forEach((words, index) => {
      if (doc.y + lineHeight > this.bottom) doc.addPage();
      const y = doc.y;
      const natural = words.reduce((sum, w) => sum + wordWidth(w), 0) + space * (words.length - 1);
      const last = index === lines.length - 1;
      const gap =
        align === 'justify' && !last && words.length > 1
          ? space + (maxWidth - natural) / (words.length - 1)
          : space;
      let x = this.left + indent + (align === 'center' ? Math.max(0, (maxWidth - natural) / 2) : 0);
      for (const word of words) {
        for (const piece of word) {
          this.font(piece.font, size);
          doc.text(piece.text, x, y, { lineBreak: false });
          x += piece.width;
        }
        x += gap;
      }
      doc.y = y + lineHeight;
    });
    doc.x = this.left;
    this.font('regular');
    doc.moveDown(options.gap ?? 0.3);
  }

  /** "Label: value" on one flowing line; the value in bold when asked. */
  field(
    label: string,
    value: string | undefined,
    options: { bold?: boolean; indent?: number } = {},
  ): void {
    const shown = value === undefined || value === '' ? '…………………………………' : value;
    this.paragraph(options.bold ? `${label}: **${shown}**` : `${label}: ${shown}`, {
      indent: options.indent ?? 0,
      align: 'left',
      gap: 0.15,
    });
  }

  /** A numbered or bulleted list, each item flowing with a hanging indent. */
  list(items: string[], options: { numbered?: boolean; indent?: number } = {}): void {
    const { doc } = this;
    const indent = options.indent ?? 12;
    items.forEach((item, i) => {
      const marker = options.numbered === false ? '–' : `${i + 1}.`;
      this.keepSpace(SIZE.body * 1.6);
      const y = doc.y;
      this.font('regular');
      doc.text(marker, this.left + indent, y, { width: 22, lineBreak: false });
      doc.text(item, this.left + indent + 22, y, {
        width: this.width - indent - 22,
        align: 'left',
        lineGap: LINE_GAP,
      });
      doc.moveDown(0.15);
    });
    doc.x = this.left;
  }

  /** A framed box of lines (used for the dossier code and the look-up address). */
  box(
    lines: Array<{ text: string; bold?: boolean; size?: number }>,
    options: { align?: 'center' | 'left'; padding?: number } = {},
  ): void {
    const { doc } = this;
    const padding = options.padding ?? 7;
    const innerWidth = this.width - 2 * padding;
    let height = 2 * padding;
    for (const line of lines) {
      this.font(line.bold ? 'bold' : 'regular', line.size ?? SIZE.body);
      height += doc.heightOfString(line.text, { width: innerWidth, lineGap: LINE_GAP });
    }
    this.keepSpace(height + 6);
    const top = doc.y;
    doc.rect(this.left, top, this.width, height).lineWidth(0.8).stroke('#000');
    let y = top + padding;
    for (const line of lines) {
      this.font(line.bold ? 'bold' : 'regular', line.size ?? SIZE.body);
      doc.text(line.text, this.left + padding, y, {
        width: innerWidth,
        align: options.align ?? 'center',
        lineGap: LINE_GAP,
      });
      y = doc.y;
    }
    doc.x = this.left;
    doc.y = top + height + 8;
    this.font('regular');
  }

  /**
   * A table with wrapped cells. A row that does not fit goes to the next page and the header
   * row is drawn again there, so a long register stays readable page by page.
   */
  table(
    columns: Column[],
    rows: string[][],
    options: { size?: number; headerSize?: number; minRowHeight?: number } = {},
  ): void {
    const { doc } = this;
    const size = options.size ?? SIZE.small;
    const headerSize = options.headerSize ?? size;
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 3;
    const cellHeight = (text: string, width: number, font: FontName, fontSize: number) => {
      this.font(font, fontSize);
      return doc.heightOfString(text || ' ', { width: width - 2 * pad, lineGap: 1 }) + 2 * pad;
    };
    const headerHeight = Math.max(
      ...columns.map((c, i) => cellHeight(c.header, widths[i]!, 'bold', headerSize)),
    );
    const drawRow = (
      cells: string[],
      font: FontName,
      fontSize: number,
      height: number,
      fill?: string,
    ) => {
      let x = this.left;
      const y = doc.y;
      cells.forEach((text, i) => {
        const w = widths[i]!;
        if (fill) doc.rect(x, y, w, height).fill(fill);
        doc.rect(x, y, w, height).lineWidth(0.5).stroke('#000');
        this.font(font, fontSize);
        doc.fillColor('#000').text(text, x + pad, y + pad, {
          width: w - 2 * pad,
          align: columns[i]!.align ?? 'left',
          lineGap: 1,
        });
        x += w;
      });
      doc.x = this.left;
      doc.y = y + height;
    };
    const drawHeader = () =>
      drawRow(
        columns.map((c) => c.header),
        'bold',
        headerSize,
        headerHeight,
        '#eeeeee',
      );

    if (doc.y + headerHeight + 20 > this.bottom) doc.addPage();
    drawHeader();
    for (const row of rows) {
      const height = Math.max(
        options.minRowHeight ?? 0,
        ...row.map((text, i) => cellHeight(text, widths[i]!, 'regular', size)),
      );
      if (doc.y + height > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      drawRow(row, 'regular', size, height);
    }
    doc.moveDown(0.6);
    this.font('regular');
  }

  /**
   * Signature blocks side by side: title in bold capitals, "(Ký và ghi rõ họ tên)" in italics,
   * room to sign, then the name in bold. Kept together on one page.
   */
  signatures(
    blocks: Array<{ title: string; note?: string; name?: string } | null>,
    options: { leftText?: string[] } = {},
  ): void {
    const { doc } = this;
    const space = 48;
    this.keepSpace(space + 60);
    const top = doc.y + 6;
    const columnWidth = this.width / blocks.length;
    let lowest = top;
    blocks.forEach((block, i) => {
      const x = this.left + i * columnWidth;
      if (!block) {
        if (options.leftText && options.leftText.length > 0) {
          this.font('boldItalic', SIZE.small);
          doc.text('Nơi nhận:', x, top, { width: columnWidth - 10 });
          this.font('regular', SIZE.small - 0.5);
          for (const line of options.leftText)
            doc.text(`- ${line}`, x, doc.y, { width: columnWidth - 10 });
          lowest = Math.max(lowest, doc.y);
        }
        return;
      }
      this.font('bold', SIZE.body);
      doc.text(block.title.toUpperCase(), x, top, { width: columnWidth, align: 'center' });
      this.font('italic', SIZE.small);
      doc.text(block.note ?? '(Ký và ghi rõ họ tên)', x, doc.y, {
        width: columnWidth,
        align: 'center',
      });
      const nameY = doc.y + space;
      if (block.name) {
        this.font('bold', SIZE.body);
        doc.text(block.name, x, nameY, { width: columnWidth, align: 'center' });
      }
      lowest = Math.max(lowest, block.name ? doc.y : nameY);
    });
    doc.x = this.left;
    doc.y = lowest + 10;
    this.font('regular');
  }

  /** Starts a new page when less than `height` points are left. */
  keepSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Numbers the pages ("Trang 1/3") and returns the finished PDF. */
  async finish(): Promise<Buffer> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottomMargin = doc.page.margins.bottom;
      // Writing inside the bottom margin would make pdfkit open a new page.
      doc.page.margins.bottom = 0;
      this.font('regular', 7.5);
      doc
        .fillColor('#444')
        .text(`Trang ${i + 1}/${range.count}`, this.left, doc.page.height - bottomMargin + 22, {
          width: this.width,
          align: 'right',
          lineBreak: false,
        });
      doc.fillColor('#000');
      doc.page.margins.bottom = bottomMargin;
    }
    doc.end();
    return this.done;
  }
}

/** Refuses a form whose required data is missing (the caller gets `validation_failed`). */
export function requireText(value: string | undefined | null, field: string, form: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('validation_failed', {
      message: `${form}: ${field} is required`,
      details: { form, field },
    });
  }
  return value.trim();
}

export function requireNonEmpty<T>(values: T[] | undefined, field: string, form: string): T[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new AppError('validation_failed', {
      message: `${form}: ${field} must list at least one entry`,
      details: { form, field },
    });
  }
  return values;
}
