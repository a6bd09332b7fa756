import { Command } from 'commander';
import { verifyAuditChain } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';

export interface AuditCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  setExitCode?: (code: number) => void;
}

/**
 * `motcua audit verify [--tenant CODE] [--json]`: walks every audit stream and prints
 * `OK: N rows in M streams`, or the first broken link (stream, seq, id, problem) with exit code 1.
 */
export function auditCommand(deps: AuditCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const setExitCode = deps.setExitCode ?? ((code) => (process.exitCode = code));
  const audit = new Command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description(
      'recompute every audit hash chain and report the first broken link (exit 1 when broken)',
    )
    .option('--tenant <code>', 'only the streams of this tenant')
    .option('--json', 'print the result as JSON')
    .action(async (options: { tenant?: string; json?: boolean }, command: Command) => {
      const runtime = await open(command.optsWithGlobals());
      try {
        let tenantId: number | undefined;
        if (options.tenant) {
          const tenant = await runtime.ctx.db
            .selectFrom('tenants')
            .select('id')
            .where('code', '=', options.tenant)
            .executeTakeFirst();
          if (!tenant)
            throw new AppError('not_found', { message: `unknown tenant ${options.tenant}` });
          tenantId = tenant.id;
        }
        const result = await verifyAuditChain(
          runtime.ctx.db,
          tenantId === undefined ? {} : { tenantId },
        );
        if (options.json) writeOut(`${JSON.stringify(result)}\n`);
        else if (result.ok) writeOut(`OK: ${result.rows} rows in ${result.streams} streams\n`);
        else {
          const b = result.broken!;
          writeOut(
            `BROKEN: stream ${b.stream} seq ${b.seq} (audit_log id ${b.id}): ${b.problem}: ${b.detail}\n`,
          );
          writeOut(`checked ${result.rows} rows in ${result.streams} streams before the break\n`);
        }
        if (!result.ok) setExitCode(1);
      } finally {
        await runtime.close();
      }
    });
  return audit;
}
