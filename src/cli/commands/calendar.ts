import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import {
  addWorkingDays,
  addWorkingHours,
  CalendarError,
  type CalendarSpec,
  ClockError,
  countWorkingDays,
  createCalendar,
  formatInstant,
  isValidIsoDate,
  parseCalendarSpec,
  parseLocalOrInstant,
  type WorkingCalendar,
  workingInstantAtOrAfter,
} from '../../domain/calendar/index.js';

/** What the `calendar` command needs from the outside world. */
export interface CalendarCommandDeps {
  /** The tenant's calendar for a year (stored table, else the shipped default). */
  loadDefaultCalendar: (year: number) => Promise<CalendarSpec>;
  /** Reads a `--calendar FILE`; defaults to the file system. */
  readTextFile?: (path: string) => Promise<string>;
  /** Standard output and error; default to the process streams. */
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
}

/** Result of `calendar due`. */
export interface DueResult {
  /** Due instant in the calendar's zone, e.g. `2025-02-07T17:00:00+07:00`. */
  due: string;
  /** Reception as given, in the calendar's zone. */
  from: string;
  /** When counting starts: reception, or the next working period if received outside it. */
  start: string;
  unit: 'working_days' | 'working_hours' | 'same_day';
  budget: number;
  /** True when a year used is only the provisional statutory table. */
  provisional: boolean;
}

/** A usage error the CLI reports as `error: <code>: <message>` with exit code 2. */
class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function yearsBetween(cal: WorkingCalendar, a: number, b: number): number[] {
  const first = Number(formatInstant(cal.timezone, a).slice(0, 4));
  const last = Number(formatInstant(cal.timezone, b).slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

/**
 * Due date of a limit counted from `from` (DOMAIN §5): `days` working days from the first
 * working day after reception, due at the end of working hours (0 = same day: end of the
 * reception day), or `hours` working hours. A `from` without offset is wall-clock time of the
 * calendar's zone; reception outside working hours counts from the next working period.
 *
 * @throws UsageError for a missing, doubled or malformed limit; CalendarError for bad dates or
 * a missing year.
 */
export function calendarDue(
  input: { from: string; days?: string | number; hours?: string | number },
  cal: WorkingCalendar,
): DueResult {
  const { days, hours } = input;
  if (days !== undefined && hours !== undefined) {
    throw new UsageError('invalid_option', 'give either --days or --hours, not both');
  }
  if (days === undefined && hours === undefined) {
    throw new UsageError(
      'missing_option',
      "required option '--days <n>' or '--hours <h>' not specified",
    );
  }
  const from = parseLocalOrInstant(cal.timezone, input.from);
  const start = workingInstantAtOrAfter(cal, from);
  let due: number;
  let unit: DueResult['unit'];
  let budget: number;
  if (days !== undefined) {
    if (!/^\d+$/.test(String(days))) {
      throw new UsageError('invalid_option', `--days must be a whole number ≥ 0: ${days}`);
    }
    budget = Number(days);
    unit = budget === 0 ? 'same_day' : 'working_days';
    due = addWorkingDays(cal, from, budget);
  } else {
    budget = Number(hours);
    if (!/^\d+(\.\d+)?$/.test(String(hours)) || !(budget > 0)) {
      throw new UsageError('invalid_option', `--hours must be a number > 0: ${hours}`);
    }
    unit = 'working_hours';
    due = addWorkingHours(cal, start, budget);
  }
  return {
    due: formatInstant(cal.timezone, due),
    from: formatInstant(cal.timezone, from),
    start: formatInstant(cal.timezone, start),
    unit,
    budget,
    provisional: yearsBetween(cal, from, due).some((y) => cal.statusOf(y) === 'provisional'),
  };
}

/**
 * Number of working days d with `from` ≤ d ≤ `to` (YYYY-MM-DD, local days of the calendar).
 *
 * @throws CalendarError `calendar_bad_date` for a malformed date.
 */
export function calendarWorkingDays(
  input: { from: string; to: string },
  cal: WorkingCalendar,
): { count: number } {
  for (const [name, value] of [
    ['--from', input.from],
    ['--to', input.to],
  ] as const) {
    if (!isValidIsoDate(value)) {
      throw new CalendarError('calendar_bad_date', `${name} must be a YYYY-MM-DD date: ${value}`);
    }
  }
  return { count: countWorkingDays(cal, input.from, input.to) };
}

/** Commander's error codes as the snake-case codes this CLI prints. */
const COMMANDER_PHRASES: [RegExp, string][] = [
  [/^unknown option/, 'unknown_option'],
  [/^required option/, 'missing_option'],
  [/^option .* argument missing/, 'missing_argument'],
  [/^unknown command/, 'unknown_command'],
  [/^too many arguments/, 'excess_arguments'],
  [/^missing required argument/, 'missing_argument'],
];

/** One line `error: <code>: <message>` from our own or Commander's error text. */
function oneLine(text: string): string {
  const flat = text.trim().replace(/\s*\n\s*/g, ' ');
  if (/^error: [a-z_]+: /.test(flat)) return `${flat}\n`;
  const message = flat.replace(/^error: /, '');
  const code = COMMANDER_PHRASES.find(([re]) => re.test(message))?.[1] ?? 'usage';
  return `error: ${code}: ${message}\n`;
}

function isYearTableLike(value: unknown): value is { status?: unknown } {
  return typeof value === 'object' && value !== null;
}

/**
 * Runs `compute` on a calendar from `--calendar FILE` when given (the same spec for every
 * year), else on the tenant's year tables, loading each year the computation turns out to need
 * (a due date may cross 31 December).
 */
async function withCalendar<T>(
  deps: CalendarCommandDeps,
  file: string | undefined,
  firstYear: number,
  compute: (cal: WorkingCalendar) => T,
): Promise<T> {
  if (file !== undefined) {
    const read = deps.readTextFile ?? ((path: string) => readFile(path, 'utf8'));
    let text: string;
    try {
      text = await read(file);
    } catch (error) {
      throw new UsageError('calendar_file_unreadable', `${file}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CalendarError('calendar_invalid', `${file}: not JSON: ${(error as Error).message}`);
    }
    return compute(createCalendar(parseCalendarSpec(json)));
  }
  const specs = new Map<number, CalendarSpec>();
  const load = async (year: number): Promise<CalendarSpec> => {
    const raw: unknown = await deps.loadDefaultCalendar(year);
    const spec = parseCalendarSpec(raw);
    const status = isYearTableLike(raw) ? raw.status : undefined;
    const withStatus = status === undefined ? spec : { ...spec, status };
    specs.set(year, withStatus);
    return withStatus;
  };
  const { timezone } = await load(firstYear);
  const cal = createCalendar({ timezone, yearSource: (y) => specs.get(y) });
  // Each retry loads one more year; a budget spanning decades is not a real procedure.
  for (let attempt = 0; ; attempt++) {
    try {
      return compute(cal);
    } catch (error) {
      const year = error instanceof CalendarError ? error.details.year : undefined;
      if (typeof year !== 'number' || specs.has(year) || attempt >= 50) throw error;
      await load(year);
    }
  }
}

function yearOf(value: string): number {
  const m = /^(\d{4})-\d{2}-\d{2}/.exec(value);
  if (!m) throw new CalendarError('calendar_bad_date', `not an ISO 8601 date: ${value}`);
  return Number(m[1]);
}

/**
 * The `calendar` command: `due` (due date of a limit in working days or hours) and
 * `working-days` (working days in a date range), with the tenant's calendar or `--calendar
 * FILE`. Every error prints one line `error: <code>: <message>` on stderr and ends with a
 * CommanderError of exit code 2 (0 after help), for the caller (main) to turn into the exit code;
 * without an exit override Commander exits the process with that code.
 */
export function calendarCommand(deps: CalendarCommandDeps): Command {
  const writeOut = deps.writeOut ?? ((text: string) => process.stdout.write(text));
  const writeErr = deps.writeErr ?? ((text: string) => process.stderr.write(text));
  const calendar = new Command('calendar')
    .description('working calendar: due dates and working days (Asia/Ho_Chi_Minh by default)')
    .configureOutput({
      writeOut,
      writeErr,
      outputError: (text, write) => write(oneLine(text)),
    })
    .exitOverride((error) => {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      throw new CommanderError(ok ? 0 : 2, error.code, error.message);
    });

  const fail = (command: Command, error: unknown): never => {
    if (
      error instanceof UsageError ||
      error instanceof CalendarError ||
      error instanceof ClockError
    ) {
      return command.error(`error: ${error.code}: ${error.message}`, {
        exitCode: 2,
        code: error.code,
      });
    }
    throw error;
  };

  calendar
    .command('due')
    .description('due date of a limit received at --from')
    .requiredOption('--from <datetime>', 'reception, ISO 8601; without offset: calendar local time')
    .option('--days <n>', 'working days (0 = same day)')
    .option('--hours <h>', 'working hours, fractional allowed (1.5)')
    .option('--calendar <file>', 'calendar JSON replacing the tenant calendar')
    .option('--json', 'print JSON')
    .action(async (options: Record<string, string | boolean | undefined>, command: Command) => {
      try {
        const from = String(options.from);
        const input = {
          from,
          ...(typeof options.days === 'string' ? { days: options.days } : {}),
          ...(typeof options.hours === 'string' ? { hours: options.hours } : {}),
        };
        const file = typeof options.calendar === 'string' ? options.calendar : undefined;
        const result = await withCalendar(deps, file, yearOf(from), (cal) =>
          calendarDue(input, cal),
        );
        if (options.json) writeOut(`${JSON.stringify(result)}\n`);
        else {
          const limit =
            result.unit === 'working_hours'
              ? `${result.budget} working hours`
              : result.unit === 'same_day'
                ? 'same day'
                : `${result.budget} working days`;
          const note = result.provisional ? ' (provisional calendar)' : '';
          writeOut(`due ${result.due}: ${limit} from ${result.from}${note}\n`);
        }
      } catch (error) {
        fail(command, error);
      }
    });

  calendar
    .command('working-days')
    .description('count working days d with --from ≤ d ≤ --to')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--calendar <file>', 'calendar JSON replacing the tenant calendar')
    .option('--json', 'print JSON')
    .action(async (options: Record<string, string | boolean | undefined>, command: Command) => {
      try {
        const input = { from: String(options.from), to: String(options.to) };
        const file = typeof options.calendar === 'string' ? options.calendar : undefined;
        const result = await withCalendar(deps, file, yearOf(input.from), (cal) =>
          calendarWorkingDays(input, cal),
        );
        if (options.json) writeOut(`${JSON.stringify(result)}\n`);
        else writeOut(`${result.count} working days from ${input.from} to ${input.to}\n`);
      } catch (error) {
        fail(command, error);
      }
    });

  return calendar;
}
