import { Command, CommanderError } from 'commander';
import { isAppError } from '../platform/errors.js';
import { annualCommand } from './commands/annual.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand } from './commands/backup.js';
import { calendarCommand } from './commands/calendar.js';
import { calendarAdminCommand } from './commands/calendar-admin.js';
import { tenantCalendarLoader } from './commands/calendar-source.js';
import { catalogueCommand } from './commands/catalogue.js';
import { demoCommand } from './commands/demo.js';
import { feedbackCommand } from './commands/feedback.js';
import { importCommand } from './commands/import-dossiers.js';
import { indexCommand } from './commands/index-service.js';
import { migrateCommand } from './commands/migrate.js';
import { outboxCommand } from './commands/outbox.js';
import { publicInfoCommand } from './commands/publicinfo.js';
import { registersCommand } from './commands/registers.js';
import { restoreCommand } from './commands/restore.js';
import { scorecardsCommand } from './commands/scorecards.js';
import { serveCommand, startCommand } from './commands/serve.js';
import { unitsCommand } from './commands/units.js';
import { usersCommand } from './commands/users.js';

/** Input errors (bad options, bad files) exit 2; failures of the system exit 1. */
const INPUT_ERROR_CODES = new Set([
  'config_invalid',
  'validation_failed',
  'invalid_date',
  'period_invalid',
  'calendar_invalid',
  'import_invalid',
  'annual_framework_invalid',
  'reception_rule_invalid',
  'not_found',
  'already_exists',
  'backup_invalid',
  'restore_target_not_empty',
  // Governance registers: a withdrawal refused (unknown id, already withdrawn, no reason).
  'register_item_not_found',
  'register_state_invalid',
  'register_withdraw_reason_required',
  // Governance registers: a restore refused (not withdrawn, no reason).
  'register_not_withdrawn',
  'register_restore_reason_required',
]);

export function buildProgram(): Command {
  const program = new Command('motcua')
    .description('Một Cửa: one-stop administrative services and real-time reform indices')
    .option(
      '--database-url <url>',
      'PostgreSQL server (env DATABASE_URL); default: embedded PGlite',
    )
    .option('--data-dir <dir>', 'embedded PGlite data directory (env MOTCUA_DATA_DIR)', undefined)
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.addCommand(startCommand());
  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(usersCommand());
  program.addCommand(auditCommand());
  program.addCommand(backupCommand());
  program.addCommand(restoreCommand());
  program.addCommand(outboxCommand());
  program.addCommand(demoCommand());
  program.addCommand(indexCommand(() => program.opts()));
  program.addCommand(calendarAdminCommand());
  program.addCommand(unitsCommand());
  program.addCommand(catalogueCommand());
  program.addCommand(importCommand());
  program.addCommand(feedbackCommand());
  program.addCommand(scorecardsCommand());
  program.addCommand(annualCommand());
  program.addCommand(registersCommand());
  program.addCommand(publicInfoCommand());
  program.addCommand(
    calendarCommand({ loadDefaultCalendar: tenantCalendarLoader(() => program.opts()) }),
  );
  for (const command of program.commands) inheritExitOverride(command);
  return program;
}

function inheritExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) inheritExitOverride(sub);
}

/** Runs the CLI; every error ends as one line on stderr and an exit code. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
    )
      return 0;
    // Commander already printed its message.
    return 2;
  }
  if (isAppError(error)) {
    process.stderr.write(`error: ${error.code}: ${error.message}\n`);
    return INPUT_ERROR_CODES.has(error.code) ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: internal: ${message}\n`);
  return 1;
}
