import { Command } from 'commander';
import type { StaffCounts, StaffRates } from '../../domain/scorecards/index.js';
import { readPeriod } from '../../modules/indices/index.js';
import { listStaffScorecards } from '../../modules/scorecards/index.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { resolveTenant } from './calendar-admin.js';
import { periodFromOptions } from './index-service.js';

export interface ScorecardsCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
}

const COLUMNS: Array<[header: string, value: (o: StaffCounts & StaffRates) => string | number]> = [
  ['received', (o) => o.received],
  ['steps', (o) => o.steps],
  ['on_time_%', (o) => o.onTimeRate ?? '—'],
  ['late', (o) => o.stepsLate],
  ['returned', (o) => o.returned],
  ['satisfied_%', (o) => o.satisfactionRate ?? '—'],
  ['ratings', (o) => o.ratings],
  ['in_hand', (o) => o.inHand],
  ['overdue', (o) => o.inHandOverdue],
];

/**
 * `motcua scorecards staff`: every officer's scorecard for a period, as the reform office over
 * the whole tenant (or one unit's subtree) sees it — a table, or JSON for a spreadsheet.
 */
export function scorecardsCommand(deps: ScorecardsCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const scorecards = new Command('scorecards').description('Bảng điểm cán bộ / staff scorecards');
  scorecards
    .command('staff')
    .description(
      "what each officer did in a period: steps closed on time, received, returned, citizens' satisfaction, dossiers in hand",
    )
    .option('--period <period>', '2025, 2025-H1, 2025-Q1, 2025-03 or 2025-01-01..2025-03-31')
    .option('--from <date>', 'first day of a date range (YYYY-MM-DD)')
    .option('--to <date>', 'last day of a date range (YYYY-MM-DD)')
    .option('--unit <code>', "one unit's subtree by its code (default: the whole tenant)")
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--json', 'print JSON')
    .action(
      async (
        options: {
          period?: string;
          from?: string;
          to?: string;
          unit?: string;
          tenant?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        const period = readPeriod(periodFromOptions(options));
        const runtime = await open(command.optsWithGlobals());
        try {
          const ctx = runtime.ctx;
          const result = await listStaffScorecards(ctx, {
            tenantId: await resolveTenant(ctx.db, options.tenant),
            scope: null,
            period,
            unitCode: options.unit,
          });
          if (options.json) {
            writeOut(`${JSON.stringify(result)}\n`);
            return;
          }
          writeOut(`${result.period.label.vi} (${result.period.from}..${result.period.to})\n`);
          writeOut(`${'officer'.padEnd(32)}${COLUMNS.map(([h]) => h.padStart(12)).join('')}\n`);
          for (const o of result.officers) {
            const name = `${o.name}${o.disabled ? ' (disabled)' : ''}`;
            writeOut(
              `${name.slice(0, 31).padEnd(32)}${COLUMNS.map(([, v]) => String(v(o)).padStart(12)).join('')}\n`,
            );
          }
          writeOut(
            `${`${result.officers.length} officers`.padEnd(32)}${COLUMNS.map(([, v]) =>
              String(v(result.total)).padStart(12),
            ).join('')}\n`,
          );
        } finally {
          await runtime.close();
        }
      },
    );
  return scorecards;
}
