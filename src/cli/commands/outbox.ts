import { Command, Option } from 'commander';
import { AppError } from '../../platform/errors.js';
import { listOutbox, type OutboxStatus, retryOutboxMessage } from '../../platform/outbox/index.js';
import { openRuntime, type Runtime } from '../runtime.js';

export interface OutboxCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
}

/** `motcua outbox list|retry`: what the outbox holds, and a dead message queued again. */
export function outboxCommand(deps: OutboxCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const outbox = new Command('outbox').description(
    'the transactional outbox (e-mail, SMS, portal sync)',
  );

  outbox
    .command('list')
    .description('list messages, newest first')
    .addOption(
      new Option('--status <status>', 'only this status').choices([
        'pending',
        'sent',
        'dead',
        'dry_run',
      ]),
    )
    .option('--topic <topic>', 'only this topic (email, sms, …)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON lines')
    .action(
      async (
        options: { status?: OutboxStatus; topic?: string; limit: string; json?: boolean },
        command: Command,
      ) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200)
          throw new AppError('validation_failed', { message: '--limit must be 1–200' });
        const runtime = await open(command.optsWithGlobals());
        try {
          const page = await listOutbox(runtime.ctx.db, {
            pageSize: limit,
            ...(options.status ? { status: options.status } : {}),
            ...(options.topic ? { topic: options.topic } : {}),
          });
          for (const m of page.items) {
            if (options.json) writeOut(`${JSON.stringify(m)}\n`);
            else
              writeOut(
                `${String(m.id).padStart(6)}  ${m.topic.padEnd(12)} ${m.status.padEnd(8)} attempts ${m.attempts}  ${new Date(m.created_at).toISOString()}${m.last_error ? `  ${m.last_error.slice(0, 80)}` : ''}\n`,
              );
          }
          if (!options.json) writeOut(`${page.items.length} of ${page.total}\n`);
        } finally {
          await runtime.close();
        }
      },
    );

  outbox
    .command('retry')
    .description('queue a dead message again (attempts reset); a sent message is never re-sent')
    .argument('<id>', 'message id')
    .action(async (idText: string, _options: unknown, command: Command) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id < 1)
        throw new AppError('validation_failed', {
          message: `message id must be a positive integer, got ${idText}`,
        });
      const runtime = await open(command.optsWithGlobals());
      try {
        await retryOutboxMessage(runtime.ctx.db, { id, now: runtime.ctx.now() });
        writeOut(`message ${id} queued again\n`);
      } finally {
        await runtime.close();
      }
    });
  return outbox;
}
