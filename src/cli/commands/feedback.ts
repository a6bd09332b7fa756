import { Command } from 'commander';
import { FEEDBACK_KINDS, FEEDBACK_STATES } from '../../domain/feedback/index.js';
import { listFeedback } from '../../modules/feedback/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { resolveTenant } from './calendar-admin.js';

export interface FeedbackCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
}

/**
 * `motcua feedback list`: feedback, complaints and denunciations of a unit's subtree from the
 * command line, as a reform office over the whole tenant sees them: the operator holds no
 * `feedback.reporter.read` grant, so a denunciation's reporter is never printed.
 */
export function feedbackCommand(deps: FeedbackCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const feedback = new Command('feedback').description(
    'feedback (PAKN), complaints and denunciations: list',
  );
  feedback
    .command('list')
    .description("a unit subtree's items, newest first, with the overdue flag")
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--unit <code>', 'unit code: its whole subtree (default: the whole tenant)')
    .option('--state <state>', `one of ${FEEDBACK_STATES.join(', ')}`)
    .option('--kind <kind>', `one of ${FEEDBACK_KINDS.join(', ')}`)
    .option('--overdue', 'only items whose pending deadline has passed')
    .option('--limit <n>', 'at most this many items (1–100)', '50')
    .option('--json', 'print JSON')
    .action(
      async (
        options: {
          tenant?: string;
          unit?: string;
          state?: string;
          kind?: string;
          overdue?: boolean;
          limit: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        const state = options.state;
        if (state !== undefined && !(FEEDBACK_STATES as readonly string[]).includes(state))
          throw new AppError('validation_failed', { message: `--state: unknown state ${state}` });
        const kind = options.kind;
        if (kind !== undefined && !(FEEDBACK_KINDS as readonly string[]).includes(kind))
          throw new AppError('validation_failed', { message: `--kind: unknown kind ${kind}` });
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100)
          throw new AppError('validation_failed', { message: '--limit: a whole number 1–100' });
        const runtime = await open(command.optsWithGlobals());
        try {
          const ctx = runtime.ctx;
          const tenantId = await resolveTenant(ctx.db, options.tenant);
          const operator: Actor = {
            userId: 0,
            tenantId,
            kind: 'system',
            name: 'cli',
            grants: [{ role: 'reform_office', unitId: null }],
            via: 'token',
          };
          if (options.unit) {
            const unit = await ctx.db
              .selectFrom('units')
              .select('id')
              .where('tenant_id', '=', tenantId)
              .where('code', '=', options.unit)
              .executeTakeFirst();
            if (!unit)
              throw new AppError('not_found', { message: `--unit: no unit ${options.unit}` });
          }
          const result = await listFeedback(ctx, {
            actor: operator,
            filters: {
              unitCode: options.unit,
              state: state as (typeof FEEDBACK_STATES)[number] | undefined,
              kind: kind as (typeof FEEDBACK_KINDS)[number] | undefined,
              overdue: options.overdue ? true : undefined,
              page: 1,
              pageSize: limit,
            },
          });
          if (options.json) {
            writeOut(`${JSON.stringify(result)}\n`);
            return;
          }
          writeOut(`${result.items.length} of ${result.total}\n`);
          for (const i of result.items)
            writeOut(
              `${i.code}  ${i.kind}/${i.channel}  ${i.state}${i.overdue ? ' OVERDUE' : ''}  ${i.unit.code}  due ${i.dueAt ?? '–'}  ${i.subject}\n`,
            );
        } finally {
          await runtime.close();
        }
      },
    );
  return feedback;
}
