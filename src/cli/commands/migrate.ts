import { Command } from 'commander';
import { openRuntime } from '../runtime.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply pending database migrations and exit')
    .action(async (_options, command: Command) => {
      const runtime = await openRuntime(command.optsWithGlobals());
      await runtime.close();
      process.stdout.write('migrations up to date\n');
    });
}
