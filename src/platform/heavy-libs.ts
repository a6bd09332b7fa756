import type ExcelJSModule from 'exceljs';
import type PDFDocumentClass from 'pdfkit';

// pdfkit and exceljs are loaded the first time a file is made, not at start-up: together they
// cost ≈ 50 MB of heap and a second of CPU that a server answering look-ups and transitions
// never needs (measured with `motcua --help`: 233 MB, 3.7 s of CPU with both loaded eagerly).

let pdfkit: Promise<typeof PDFDocumentClass> | undefined;
let exceljs: Promise<typeof ExcelJSModule> | undefined;

/** The pdfkit document class, loaded once. */
export function loadPdfKit(): Promise<typeof PDFDocumentClass> {
  pdfkit ??= import('pdfkit').then((m) => m.default);
  return pdfkit;
}

/** The exceljs module, loaded once. */
export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  exceljs ??= import('exceljs').then((m) => m.default);
  return exceljs;
}
