import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Kysely } from 'kysely';
import {
  type CalendarYearView,
  confirmCalendarYear,
  exportCalendarYear,
  getCalendarYear,
  importCalendarYear,
} from '../../modules/calendar/index.js';
import { defaultTenant, findTenantByCode } from '../../modules/org/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';

export interface CalendarAdminDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  readTextFile?: (path: string) => Promise<string>;
  writeTextFile?: (path: string, text: string) => Promise<void>;
}

/** The tenant named by `--tenant CODE`, else the default (first) tenant. */
export async function resolveTenant(db: Kysely<DB>, code: string | undefined): Promise<number> {
  const tenant = code ? await findTenantByCode(db, code) : await defaultTenant(db);
  if (!tenant)
    throw new AppError('not_found', {
      message: code ? `unknown tenant ${code}` : 'no tenant yet: run `motcua start` once',
    });
  return tenant.id;
}

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value))
    throw new AppError('validation_failed', {
      message: `--year must be a year such as 2026: ${value}`,
    });
  return Number(value);
}

const STATUS_VI = {
  official: 'chính thức',
  confirmed: 'đã xác nhận',
  provisional: 'tạm tính',
} as const;

function describeYear(view: CalendarYearView): string {
  const lines = [
    `${view.year}: ${view.status} (${STATUS_VI[view.status]})${view.stored ? '' : ', not stored (shipped table)'}`,
    `source: ${view.source || '—'}`,
    `timezone: ${view.timezone}; working hours: ${view.workingHours.map(([a, b]) => `${a}–${b}`).join(', ')}; weekend: ${view.weekend.join(',')} (0 = Sunday)`,
    `days off (${view.daysOff.length}): ${view.daysOff.join(' ') || '—'}`,
    `extra working days (${view.extraWorkingDays.length}): ${view.extraWorkingDays.join(' ') || '—'}`,
    `working days per month: ${view.months.map((m) => `${m.month}:${m.count}`).join(' ')}; total ${view.totalWorkingDays}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `motcua calendar-admin show|export|import|confirm --year Y [--file F] [--tenant CODE]`: the
 * tenant's stored year tables from the command line. The operator (whoever can open the
 * database) needs no grant; every change is audited as `via: cli`.
 */
export function calendarAdminCommand(deps: CalendarAdminDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const readText = deps.readTextFile ?? ((path) => readFile(path, 'utf8'));
  const writeText = deps.writeTextFile ?? ((path, text) => writeFile(path, text, 'utf8'));
  const admin = new Command('calendar-admin').description(
    "the tenant's working calendar: show, export, import and confirm year tables",
  );

  const withRuntime = async (
    command: Command,
    run: (runtime: Pick<Runtime, 'ctx' | 'close'>, tenantId: number) => Promise<void>,
  ) => {
    const options = command.opts<{ tenant?: string }>();
    const runtime = await open(command.optsWithGlobals());
    try {
      await run(runtime, await resolveTenant(runtime.ctx.db, options.tenant));
    } finally {
      await runtime.close();
    }
  };

  admin
    .command('show')
    .description('a year: status, source, days off, extra working days, working days per month')
    .requiredOption('--year <year>', 'the year, e.g. 2026')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--json', 'print JSON')
    .action(async (options: { year: string; json?: boolean }, command: Command) => {
      const year = parseYear(options.year);
      await withRuntime(command, async ({ ctx }, tenantId) => {
        const view = await getCalendarYear({ db: ctx.db, tenantId, year });
        writeOut(options.json ? `${JSON.stringify(view)}\n` : describeYear(view));
      });
    });

  admin
    .command('export')
    .description('write a year table as calendar JSON (docs/calendar.md) to --file or stdout')
    .requiredOption('--year <year>', 'the year')
    .option('--file <file>', 'output file (default: stdout)')
    .option('--tenant <code>', 'tenant code')
    .action(async (options: { year: string; file?: string }, command: Command) => {
      const year = parseYear(options.year);
      await withRuntime(command, async ({ ctx }, tenantId) => {
        const text = `${JSON.stringify(await exportCalendarYear({ db: ctx.db, tenantId, year }), null, 2)}\n`;
        if (options.file) {
          await writeText(options.file, text);
          writeOut(`wrote ${options.file}\n`);
        } else writeOut(text);
      });
    });

  admin
    .command('import')
    .description('replace a year with a calendar JSON file (status and source kept when given)')
    .requiredOption('--year <year>', 'the year')
    .requiredOption('--file <file>', 'calendar JSON file')
    .option('--tenant <code>', 'tenant code')
    .action(async (options: { year: string; file: string }, command: Command) => {
      const year = parseYear(options.year);
      let text: string;
      try {
        text = await readText(options.file);
      } catch (error) {
        throw new AppError('validation_failed', {
          message: `${options.file}: ${(error as Error).message}`,
        });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new AppError('calendar_invalid', {
          message: `${options.file}: not JSON: ${(error as Error).message}`,
        });
      }
      await withRuntime(command, async ({ ctx }, tenantId) => {
        const view = await importCalendarYear({
          db: ctx.db,
          tenantId,
          actor: null,
          operator: true,
          year,
          json,
          now: ctx.now,
        });
        writeOut(
          `imported ${year}: ${view.status}, ${view.daysOff.length} days off, ${view.extraWorkingDays.length} extra working days\n`,
        );
      });
    });

  admin
    .command('confirm')
    .description('mark a provisional year confirmed')
    .requiredOption('--year <year>', 'the year')
    .option('--tenant <code>', 'tenant code')
    .action(async (options: { year: string }, command: Command) => {
      const year = parseYear(options.year);
      await withRuntime(command, async ({ ctx }, tenantId) => {
        const view = await confirmCalendarYear({
          db: ctx.db,
          tenantId,
          actor: null,
          operator: true,
          year,
          now: ctx.now,
        });
        writeOut(`${year} is now ${view.status}\n`);
      });
    });

  return admin;
}
