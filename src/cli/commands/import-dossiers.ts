import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import {
  type ImportSummary,
  importDossiers,
} from '../../modules/dossiers/import/import-dossiers.js';
import { AppError, isAppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';

export interface ImportCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
  isTTY?: boolean;
}

/** A progress bar on a terminal (bytes read of the file, rows, rate); nothing otherwise. */
function progressBar(total: number, writeErr: (t: string) => void, isTTY: boolean) {
  const started = Date.now();
  let last = 0;
  return {
    update(bytes: number, rows: number, final = false) {
      if (!isTTY || total < 1_000_000) return;
      const nowMs = Date.now();
      if (!final && nowMs - last < 200) return;
      last = nowMs;
      const ratio = Math.min(1, bytes / total);
      const width = 30;
      const filled = Math.round(ratio * width);
      const rate = Math.round(rows / Math.max(0.001, (nowMs - started) / 1000));
      const left = ratio > 0 ? Math.round(((nowMs - started) / 1000) * (1 / ratio - 1)) : 0;
      writeErr(
        `\rimport [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${rows} rows ${rate}/s ${final ? '' : `~${left}s left`}   `,
      );
      if (final) writeErr('\n');
    },
  };
}

/**
 * `motcua import dossiers FILE.csv [--create-missing] [--skip-invalid] [--report FILE]`: the
 * legacy import of issue 4 (docs/import-dossiers.md). Prints a one-line summary; invalid rows
 * are listed on stderr (or in --report) and make the command exit 2 with nothing written,
 * unless --skip-invalid writes the valid rows.
 */
export function importCommand(deps: ImportCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const writeErr = deps.writeErr ?? ((text) => process.stderr.write(text));
  const isTTY = deps.isTTY ?? process.stderr.isTTY === true;
  const command = new Command('import').description('import data from other systems');
  command
    .command('dossiers')
    .description(
      'import legacy dossiers from a CSV file (header row, UTF-8; see docs/import-dossiers.md)',
    )
    .argument('<file>', 'CSV file')
    .option('--create-missing', 'create unknown units and procedures as stubs')
    .option('--skip-invalid', 'write the valid rows and report the invalid ones')
    .option('--report <file>', 'write every invalid row (row, column, message) to this CSV file')
    .option('--tenant <code>', 'tenant (province) code; default: the first tenant')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        file: string,
        opts: {
          createMissing?: boolean;
          skipInvalid?: boolean;
          report?: string;
          tenant?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const size = await stat(file).then(
          (s) => s.size,
          () => {
            throw new AppError('validation_failed', { message: `cannot read ${file}` });
          },
        );
        const runtime = await open(cmd.optsWithGlobals());
        const bar = progressBar(size, writeErr, isTTY);
        let summary: ImportSummary | undefined;
        let failure: unknown;
        try {
          summary = await importDossiers({
            database: runtime.ctx.database,
            input: createReadStream(file, { highWaterMark: 1 << 20 }),
            sizeHint: size,
            tenantCode: opts.tenant,
            createMissing: opts.createMissing === true,
            skipInvalid: opts.skipInvalid === true,
            onProgress: (bytes, rows) => bar.update(bytes, rows),
          });
          bar.update(size, summary.rows, true);
        } catch (error) {
          failure = error;
        } finally {
          await runtime.close();
        }
        const issues =
          summary?.issues ??
          (isAppError(failure) && failure.code === 'import_invalid'
            ? ((failure.details as { issues?: ImportSummary['issues'] }).issues ?? [])
            : []);
        if (issues.length > 0) {
          const lines = issues.map((i) => `row ${i.row}, column ${i.column}: ${i.message}`);
          if (opts.report) {
            await writeFile(
              opts.report,
              `row,column,message\n${issues.map((i) => `${i.row},${i.column},"${i.message.replace(/"/g, '""')}"`).join('\n')}\n`,
            );
          } else {
            writeErr(
              `${lines.slice(0, 1000).join('\n')}\n${lines.length > 1000 ? `… and ${lines.length - 1000} more (use --report FILE)\n` : ''}`,
            );
          }
        }
        if (failure) throw failure;
        const s = summary as ImportSummary;
        if (opts.json)
          writeOut(`${JSON.stringify({ ...s, issues: undefined, issueCount: s.issues.length })}\n`);
        else {
          writeOut(
            `imported ${s.imported} of ${s.rows} rows in ${(s.ms / 1000).toFixed(1)} s` +
              `${s.invalid > 0 ? `; skipped ${s.invalid} invalid` : ''}` +
              `${s.createdUnits.length > 0 ? `; created units ${s.createdUnits.join(', ')}` : ''}` +
              `${s.createdProcedures.length > 0 ? `; created procedures ${s.createdProcedures.join(', ')}` : ''}\n`,
          );
        }
      },
    );
  return command;
}
