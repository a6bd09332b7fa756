import { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { restoreDatabase } from '../../platform/db/backup.js';
import type { GlobalOptions } from '../runtime.js';
import { summariseCounts } from './backup.js';

export interface RestoreCommandDeps {
  writeOut?: (text: string) => void;
  setExitCode?: (code: number) => void;
}

/**
 * `motcua restore --from FILE [--force] [--json]`: checks the file (header, length, checksum,
 * engine), restores it beside the target, compares the row counts with the backup's, verifies
 * the audit chain (as `motcua audit verify`), then puts it in place of the target. A target
 * that holds data is replaced only with --force (`restore_target_not_empty`). Exit 1 when the
 * restored audit chain is broken (the data is still restored: it is what the backup held).
 */
export function restoreCommand(deps: RestoreCommandDeps = {}): Command {
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const setExitCode = deps.setExitCode ?? ((code) => (process.exitCode = code));
  return new Command('restore')
    .description('restore a backup file, then verify its audit chain (stop the server first)')
    .requiredOption('--from <file>', 'the backup file written by motcua backup')
    .option('--force', 'replace a target that already holds data')
    .option('--json', 'print the result as JSON')
    .action(
      async (options: { from: string; force?: boolean; json?: boolean }, command: Command) => {
        const globals = command.optsWithGlobals() as GlobalOptions;
        const config = loadConfig({
          ...(globals.dataDir ? { dataDir: globals.dataDir } : {}),
          ...(globals.databaseUrl ? { databaseUrl: globals.databaseUrl } : {}),
        });
        const started = Date.now();
        const result = await restoreDatabase(
          options.from,
          { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
          { force: options.force === true },
        );
        const ms = Date.now() - started;
        if (options.json) writeOut(`${JSON.stringify({ ...result, ms })}\n`);
        else {
          const where = result.header.engine === 'pglite' ? 'data directory' : 'database';
          writeOut(
            `restored ${options.from} into ${where} ${result.target}` +
              `${result.replaced ? ' (replacing its data)' : ''} in ${(ms / 1000).toFixed(1)} s\n` +
              `${summariseCounts(result.counts)}; every counted table matches the backup ` +
              `(taken ${result.header.createdAt})\n`,
          );
          const a = result.audit;
          if (a.ok) writeOut(`audit chain: OK: ${a.rows} rows in ${a.streams} streams\n`);
          else {
            const b = a.broken!;
            writeOut(
              `audit chain: BROKEN: stream ${b.stream} seq ${b.seq} (audit_log id ${b.id}): ${b.problem}: ${b.detail}\n`,
            );
          }
        }
        if (!result.audit.ok) setExitCode(1);
      },
    );
}
