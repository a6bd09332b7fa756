import { parse } from 'csv-parse/sync';
import { AppError } from '../../platform/errors.js';

/**
 * The rows of an uploaded CSV file (survey points, external results), `,` or `;` separated;
 * a file that is not CSV at all answers `import_invalid`.
 */
export function readCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets in a Vietnamese locale write `;` because `,` is the decimal separator.
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (error) {
    throw new AppError('import_invalid', {
      message: `the CSV file cannot be read: ${(error as Error).message}`,
      details: {
        issues: [{ row: (error as { lines?: number }).lines ?? 1, column: '', message: 'not CSV' }],
      },
    });
  }
}
