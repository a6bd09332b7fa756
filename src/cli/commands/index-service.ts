import { Command, Option } from 'commander';
import type { PeriodInput } from '../../domain/indices/index.js';
import { computeServiceIndex, presentUnitForCli, readPeriod } from '../../modules/indices/index.js';
import { AppError } from '../../platform/errors.js';
import { type GlobalOptions, openRuntime } from '../runtime.js';

interface IndexServiceOptions {
  period?: string;
  from?: string;
  to?: string;
  unit?: string;
  json?: boolean;
  minSample?: string;
  exact?: boolean;
}

/** Reads --period or --from/--to into a period input; `period_invalid` when absent or mixed. */
export function periodFromOptions(o: IndexServiceOptions): PeriodInput {
  if (o.period !== undefined && (o.from !== undefined || o.to !== undefined)) {
    throw new AppError('period_invalid', {
      message: 'give either --period or --from/--to, not both',
    });
  }
  if (o.period !== undefined) return o.period;
  if (o.from !== undefined && o.to !== undefined) return { from: o.from, to: o.to };
  throw new AppError('period_invalid', {
    message: 'a period is required: --period 2025-Q1 or --from 2025-01-01 --to 2025-03-31',
  });
}

/**
 * `motcua index service`: the real-time service index of every ranked unit (or one unit) for a
 * period, as a JSON array (the contract of issue 6) or a table.
 */
export function indexCommand(globals: () => GlobalOptions): Command {
  const index = new Command('index').description('Chỉ số cải cách / reform indices');
  index
    .command('service')
    .description(
      'Chỉ số phục vụ người dân, doanh nghiệp theo thời gian thực (QĐ 766) / real-time service index',
    )
    .option('--period <period>', '2025, 2025-H1, 2025-Q1, 2025-03 or 2025-01-01..2025-03-31')
    .option('--from <date>', 'first day of a date range (YYYY-MM-DD)')
    .option('--to <date>', 'last day of a date range (YYYY-MM-DD)')
    .option('--unit <code>', 'one unit by its code (agency identifier)')
    .option('--min-sample <n>', 'minimum dossiers in the period to be ranked (default 30)')
    .addOption(
      new Option(
        '--exact',
        'count from the dossiers instead of the live aggregates (verification)',
      ),
    )
    .option('--json', 'print JSON')
    .action(async (options: IndexServiceOptions) => {
      const period = readPeriod(periodFromOptions(options));
      let minSample: number | undefined;
      if (options.minSample !== undefined) {
        minSample = Number(options.minSample);
        if (!Number.isInteger(minSample) || minSample < 0)
          throw new AppError('validation_failed', {
            message: `--min-sample must be a whole number ≥ 0, got ${options.minSample}`,
          });
      }
      const runtime = await openRuntime(globals());
      try {
        const tenant = await runtime.ctx.db
          .selectFrom('tenants')
          .select('id')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (!tenant) throw new AppError('not_found', { message: 'no tenant in this database' });
        const result = await computeServiceIndex({
          db: runtime.ctx.db,
          tenantId: tenant.id,
          period,
          unitCode: options.unit,
          ...(minSample !== undefined ? { minSample } : {}),
          source: options.exact ? 'exact' : 'live',
          now: runtime.ctx.now(),
        });
        const rows = result.units.map(presentUnitForCli);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        process.stdout.write(
          `${result.period.label.vi} — ${result.framework.name.vi} (v${result.framework.version})\n`,
        );
        for (const r of rows) {
          const rank = r.ranked ? `${r.rank}/${r.of}` : 'chưa xếp hạng';
          process.stdout.write(
            `${r.unit.padEnd(16)} ${String(r.total ?? 'N/A').padStart(6)}  ${rank.padEnd(14)} ${r.name}\n`,
          );
        }
      } finally {
        await runtime.close();
      }
    });
  return index;
}
