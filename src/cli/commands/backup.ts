import { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { type BackupResult, backupDatabase } from '../../platform/db/backup.js';
import type { GlobalOptions } from '../runtime.js';

export interface BackupCommandDeps {
  writeOut?: (text: string) => void;
}

/**
 * `motcua backup --out FILE [--json]`: one file holding the whole database (PostgreSQL through
 * `pg_dump -Fc`, PGlite as its data-directory tarball) with a checksummed header. Prints where,
 * how big, how long, and what it holds (tenants, dossiers, audit rows). On PGlite the data
 * directory must not be in use by a server (`data_dir_locked`).
 */
export function backupCommand(deps: BackupCommandDeps = {}): Command {
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  return new Command('backup')
    .description('write the whole database to one backup file (stop a PGlite server first)')
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--json', 'print the result as JSON')
    .action(async (options: { out: string; json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals() as GlobalOptions;
      const config = loadConfig({
        ...(globals.dataDir ? { dataDir: globals.dataDir } : {}),
        ...(globals.databaseUrl ? { databaseUrl: globals.databaseUrl } : {}),
      });
      const started = Date.now();
      const result = await backupDatabase(
        { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
        options.out,
      );
      const ms = Date.now() - started;
      if (options.json) writeOut(`${JSON.stringify({ ...result, ms })}\n`);
      else writeOut(describeBackup(result, ms));
    });
}

/** The human summary, also used by restore: size, duration and what the backup holds. */
export function describeBackup(result: BackupResult, ms: number): string {
  const { header } = result;
  return (
    `backup written: ${result.file} (${formatBytes(result.bytes)}, ${header.engine}, ` +
    `schema ${header.schema}) in ${(ms / 1000).toFixed(1)} s\n` +
    `${summariseCounts(header.counts)}\n`
  );
}

export function summariseCounts(counts: Record<string, number>): string {
  const n = (table: string) => (counts[table] ?? 0).toLocaleString('en');
  return `${n('tenants')} tenants, ${n('dossiers')} dossiers, ${n('audit_log')} audit rows`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
