import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import {
  exportCatalogue,
  type ImportReport,
  importCatalogue,
} from '../../modules/catalogue/index.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { resolveTenant } from './calendar-admin.js';

export interface CatalogueCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
  /** Whether stderr is a terminal (a redrawn bar) or not (plain progress lines). */
  isTTY?: boolean;
}

/** Files with fewer rows finish before a progress display would help. */
const PROGRESS_FROM_ROWS = 200;

/**
 * Progress on stderr: a bar redrawn in place on a terminal, otherwise one plain line per tenth
 * (so logs of a scheduled import stay readable).
 */
export function progressReporter(writeErr: (text: string) => void, isTTY: boolean) {
  let lastLine = '';
  let lastTenth = -1;
  let shown = false;
  const labels = { read: 'reading', check: 'checking', write: 'writing' } as const;
  return {
    update(phase: 'read' | 'check' | 'write', done: number, total: number) {
      if (phase === 'read') {
        shown = total >= PROGRESS_FROM_ROWS;
        lastTenth = -1;
        if (shown && !isTTY) writeErr(`import: ${total} rows read\n`);
        return;
      }
      if (!shown || total === 0) return;
      const ratio = Math.min(1, done / total);
      if (isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        const line = `\r${labels[phase].padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total}`;
        if (line !== lastLine) writeErr(line);
        lastLine = line;
        if (done === total) {
          writeErr('\n');
          lastLine = '';
        }
      } else {
        const tenth = Math.floor(ratio * 10);
        if (tenth !== lastTenth)
          writeErr(`import: ${labels[phase]} ${done}/${total} (${tenth * 10}%)\n`);
        lastTenth = tenth;
        if (done === total) lastTenth = -1;
      }
    },
  };
}

function formatOf(file: string): 'csv' | 'xlsx' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new AppError('validation_failed', {
    message: `the file name must end in .xlsx or .csv: ${file}`,
  });
}

/** The report file: CSV of the issues for `.csv`, the whole report as JSON otherwise. */
async function writeReport(file: string, report: ImportReport): Promise<void> {
  if (path.extname(file).toLowerCase() === '.csv') {
    const rows = report.issues.map((i) => [i.row, i.column, i.path ?? '', i.code, i.vi, i.en]);
    const text = stringify([['row', 'column', 'path', 'code', 'vi', 'en'], ...rows], {
      record_delimiter: '\r\n',
    });
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  } else {
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  }
}

/**
 * `motcua catalogue import|export`: the procedure catalogue as xlsx or CSV files in the layout
 * of docs/catalogue.md. An import checks every row (issues name row and column); any invalid
 * row means nothing is written (exit code 2) unless `--skip-invalid`. Changes are audited with
 * no actor (the operator at the console).
 */
export function catalogueCommand(deps: CatalogueCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const writeErr = deps.writeErr ?? ((text) => process.stderr.write(text));
  const isTTY = deps.isTTY ?? process.stderr.isTTY === true;
  const catalogue = new Command('catalogue').description(
    'procedure catalogue: import and export xlsx/CSV (docs/catalogue.md)',
  );

  catalogue
    .command('import')
    .description(
      'import procedures from FILE (.xlsx or .csv); upsert by code, a changed procedure gets a new version',
    )
    .argument('<file>', 'the workbook or CSV file')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option(
      '--effective-from <date>',
      'when changed procedures take their new version: YYYY-MM-DD (midnight in Vietnam) or an ISO instant; default now',
    )
    .option('--skip-invalid', 'write the valid rows even when some rows are invalid')
    .option('--dry-run', 'check and report only; write nothing')
    .option(
      '--report <file>',
      'write the report: .csv lists the issues, anything else gets the whole report as JSON',
    )
    .option('--json', 'print the report as JSON on stdout')
    .action(
      async (
        file: string,
        options: {
          tenant?: string;
          effectiveFrom?: string;
          skipInvalid?: boolean;
          dryRun?: boolean;
          report?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (error) {
          throw new AppError('not_found', {
            message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
          });
        }
        const runtime = await open(command.optsWithGlobals());
        let report: ImportReport;
        try {
          const tenantId = await resolveTenant(runtime.ctx.db, options.tenant);
          const progress = progressReporter(writeErr, isTTY);
          const started = performance.now();
          report = await importCatalogue(runtime.ctx, {
            tenantId,
            file: bytes,
            ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}),
            skipInvalid: options.skipInvalid === true,
            dryRun: options.dryRun === true,
            by: { actorId: null },
            onProgress: progress.update,
          });
          const seconds = (performance.now() - started) / 1000;
          if (options.report) await writeReport(options.report, report);
          if (options.json) writeOut(`${JSON.stringify(report)}\n`);
          else {
            const verb = report.written
              ? 'imported'
              : report.dryRun
                ? 'checked (dry run, nothing written)'
                : 'refused (nothing written)';
            writeOut(
              `${verb}: ${report.totalRows} rows in ${seconds.toFixed(2)} s — ${report.created} new, ${report.versioned} new versions, ` +
                `${report.statusChanged} status changes, ${report.unchanged} unchanged, ${report.invalidRows} invalid\n`,
            );
          }
          for (const i of report.issues.slice(0, 20))
            writeErr(`row ${i.row}, ${i.column || '-'}: ${i.en} / ${i.vi}\n`);
          if (report.issues.length > 20)
            writeErr(
              `… ${report.issues.length - 20} more issues${options.report ? ` in ${options.report}` : ' (use --report FILE)'}\n`,
            );
        } finally {
          await runtime.close();
        }
        if (!report.written && !report.dryRun) {
          throw new AppError('import_invalid', {
            message: `${report.invalidRows} invalid row(s); nothing written (fix them or use --skip-invalid)`,
          });
        }
      },
    );

  catalogue
    .command('export')
    .description(
      'export every procedure (latest version) to FILE; the extension .xlsx or .csv picks the format',
    )
    .argument('<file>', 'where to write')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (file: string, options: { tenant?: string }, command: Command) => {
      const format = formatOf(file);
      const runtime = await open(command.optsWithGlobals());
      try {
        const tenantId = await resolveTenant(runtime.ctx.db, options.tenant);
        const exported = await exportCatalogue(runtime.ctx, { tenantId, format });
        await writeFile(file, exported.bytes);
        writeOut(`exported ${exported.count} procedures to ${file}\n`);
      } finally {
        await runtime.close();
      }
    });

  return catalogue;
}
