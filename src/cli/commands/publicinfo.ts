import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { isIsoDate, isWallTime } from '../../domain/publicinfo/index.js';
import { findUnitByCode, todayIn } from '../../modules/org/index.js';
import {
  importHotlinesCsv,
  listDeletedHotlines,
  listDeletedSessions,
  listManagedHotlines,
  listManagedSessions,
  planSessions,
  presentDeletedHotline,
  presentDeletedSession,
  presentHotline,
  presentReceptionStats,
  presentSession,
  previewPlan,
  readStatsPeriod,
  receptionStats,
  restoreHotline,
  restoreSession,
} from '../../modules/publicinfo/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, isAppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { resolveTenant } from './calendar-admin.js';

export interface PublicInfoCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
}

/**
 * `motcua public-info`: published hotlines and citizen-reception schedules from the command
 * line, acting as the reform office over the whole tenant (the operator has the server's
 * keys); writes are audited with no actor. docs/public-information.md.
 */
export function publicInfoCommand(deps: PublicInfoCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const writeErr = deps.writeErr ?? ((text) => process.stderr.write(text));

  /** Opens the runtime, resolves the tenant and runs `work` as the tenant's operator. */
  async function withOperator<T>(
    command: Command,
    tenant: string | undefined,
    work: (ctx: AppContext, operator: Actor) => Promise<T>,
  ): Promise<T> {
    const runtime = await open(command.optsWithGlobals());
    try {
      const tenantId = await resolveTenant(runtime.ctx.db, tenant);
      return await work(runtime.ctx, {
        userId: 0,
        tenantId,
        kind: 'system',
        name: 'cli',
        grants: [{ role: 'reform_office', unitId: null }],
        via: 'token',
      });
    } finally {
      await runtime.close();
    }
  }

  const root = new Command('public-info').description(
    'public information: hotlines and citizen-reception schedules',
  );

  const hotlines = root.command('hotlines').description('hotlines (đường dây nóng)');
  hotlines
    .command('list')
    .description('every hotline of the tenant (current or not), by unit')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--unit <code>', 'only this unit’s subtree')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; unit?: string; json?: boolean }, command) => {
      await withOperator(command, options.tenant, async (ctx, operator) => {
        const today = todayIn(ctx.now());
        const rows = await listManagedHotlines(ctx, { actor: operator, unitCode: options.unit });
        const items = rows.map((r) => presentHotline(r, today));
        if (options.json) return writeOut(`${JSON.stringify({ items })}\n`);
        writeOut(`${items.length} hotline(s)\n`);
        for (const h of items)
          writeOut(
            `${h.id}  ${h.unit.code}  ${h.phoneDisplay}  ${h.purpose}${h.current ? '' : '  (not current)'}${h.email ? `  ${h.email}` : ''}\n`,
          );
      });
    });
  hotlines
    .command('import')
    .description('import hotlines from CSV: all rows or none (docs/public-information.md)')
    .argument(
      '<file>',
      'CSV file: unit_code, purpose, phone[, id, email, hours, person, valid_from, valid_to]',
    )
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (file: string, options: { tenant?: string }, command: Command) => {
      const csv = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new AppError('validation_failed', { message: `cannot read ${file}`, cause: error });
      });
      await withOperator(command, options.tenant, async (ctx, operator) => {
        try {
          const result = await importHotlinesCsv(ctx, { actor: operator, csv });
          writeOut(`imported: ${result.created} created, ${result.updated} updated\n`);
        } catch (error) {
          if (isAppError(error) && error.code === 'import_invalid') {
            const { errors } = error.details as {
              errors: Array<{ row: number; column: string | null; problem: string }>;
            };
            for (const e of errors)
              writeErr(`row ${e.row}${e.column ? `, column ${e.column}` : ''}: ${e.problem}\n`);
          }
          throw error;
        }
      });
    });

  hotlines
    .command('deleted')
    .description('deleted hotlines, the last deleted first (restore one with `hotlines restore`)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--unit <code>', 'only this unit’s subtree')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; unit?: string; json?: boolean }, command) => {
      await withOperator(command, options.tenant, async (ctx, operator) => {
        const today = todayIn(ctx.now());
        const rows = await listDeletedHotlines(ctx, { actor: operator, unitCode: options.unit });
        const items = rows.map((r) => presentDeletedHotline(r, today));
        if (options.json) return writeOut(`${JSON.stringify({ items })}\n`);
        writeOut(`${items.length} deleted hotline(s)\n`);
        for (const h of items)
          writeOut(
            `${h.id}  ${h.unit.code}  ${h.phoneDisplay}  ${h.purpose}  deleted ${h.deletedAt}${h.deletedBy ? ` by ${h.deletedBy}` : ''}\n`,
          );
      });
    });
  hotlines
    .command('restore')
    .description('restore a deleted hotline (published again if its dates say so); audited')
    .argument('<id>', 'the hotline’s id, as `hotlines deleted` lists it')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (id: string, options: { tenant?: string }, command: Command) => {
      const hotlineId = idArgument(id);
      await withOperator(command, options.tenant, async (ctx, operator) => {
        const row = await restoreHotline(ctx, { actor: operator, id: hotlineId });
        writeOut(`restored hotline ${row.id}  ${row.unit_code}  ${row.purpose}\n`);
      });
    });

  const reception = root
    .command('reception')
    .description('citizen-reception sessions (lịch tiếp công dân)');
  reception
    .command('list')
    .description('sessions by date (default: from today)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--unit <code>', 'only this unit’s subtree')
    .option('--from <date>', 'first date, YYYY-MM-DD (default: today)')
    .option('--to <date>', 'last date, YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action(
      async (
        options: { tenant?: string; unit?: string; from?: string; to?: string; json?: boolean },
        command: Command,
      ) => {
        for (const [flag, value] of [
          ['--from', options.from],
          ['--to', options.to],
        ] as const)
          if (value !== undefined && !isIsoDate(value))
            throw new AppError('invalid_date', { message: `${flag}: a date YYYY-MM-DD` });
        await withOperator(command, options.tenant, async (ctx, operator) => {
          const rows = await listManagedSessions(ctx, {
            actor: operator,
            filters: {
              unitCode: options.unit,
              from: options.from ?? todayIn(ctx.now()),
              to: options.to,
            },
          });
          const items = rows.map(presentSession);
          if (options.json) return writeOut(`${JSON.stringify({ items })}\n`);
          writeOut(`${items.length} session(s)\n`);
          for (const s of items)
            writeOut(
              `${s.id}  ${s.date} ${s.start}–${s.end}  ${s.state}  ${s.unit.code}  ${s.leaderName}, ${s.leaderTitle}  @ ${s.place}${s.cancelReason ? `  (${s.cancelReason})` : ''}${s.movedToDate ? `  → ${s.movedToDate}` : ''}\n`,
            );
        });
      },
    );
  reception
    .command('plan')
    .description('schedule a session on every date of a rule in a year; days off are skipped')
    .requiredOption('--unit <code>', 'the unit whose leader receives citizens')
    .requiredOption('--rule <rule>', 'e.g. "monthly 2 THU", "weekly T5", "monthly last FRI"')
    .requiredOption('--year <yyyy>', 'the year (from today when it has begun)')
    .option('--leader <name>', 'the receiving leader’s name')
    .option('--title <title>', 'the receiving leader’s title')
    .option('--start <HH:MM>', 'start time, Vietnam time', '08:00')
    .option('--end <HH:MM>', 'end time, Vietnam time', '11:30')
    .option('--place <place>', 'where citizens are received')
    .option('--notes <text>', 'notes shown with each session')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--dry-run', 'only print the dates (no leader, title or place needed)')
    .action(
      async (
        options: {
          unit: string;
          rule: string;
          year: string;
          leader?: string;
          title?: string;
          start: string;
          end: string;
          place?: string;
          notes?: string;
          tenant?: string;
          dryRun?: boolean;
        },
        command: Command,
      ) => {
        if (!/^\d{4}$/.test(options.year))
          throw new AppError('validation_failed', { message: '--year: a year such as 2026' });
        if (!options.dryRun) {
          for (const [flag, value] of [
            ['--leader', options.leader],
            ['--title', options.title],
            ['--place', options.place],
          ] as const)
            if (!value?.trim())
              throw new AppError('validation_failed', { message: `${flag} is required` });
          if (!isWallTime(options.start) || !isWallTime(options.end))
            throw new AppError('validation_failed', { message: '--start/--end: HH:MM' });
        }
        await withOperator(command, options.tenant, async (ctx, operator) => {
          const unit = await findUnitByCode(ctx.db, operator.tenantId, options.unit);
          if (!unit)
            throw new AppError('not_found', { message: `--unit: no unit ${options.unit}` });
          const request = {
            actor: operator,
            unitId: unit.id,
            rule: options.rule,
            year: Number(options.year),
          };
          const result = options.dryRun
            ? await previewPlan(ctx, request)
            : await planSessions(ctx, {
                ...request,
                fields: {
                  leaderName: options.leader ?? '',
                  leaderTitle: options.title ?? '',
                  start: options.start,
                  end: options.end,
                  place: options.place ?? '',
                  notes: options.notes ?? null,
                },
              });
          writeOut(
            `${options.dryRun ? 'would schedule' : 'scheduled'} ${result.dates.length} session(s) by "${result.rule}" from ${result.from} to ${result.to}\n`,
          );
          for (const d of result.dates) writeOut(`  ${d}\n`);
          for (const s of result.skipped) writeOut(`  skipped ${s.date} (day off)\n`);
          for (const d of result.existing) writeOut(`  kept ${d} (already has a session)\n`);
        });
      },
    );
  reception
    .command('deleted')
    .description('deleted sessions, the last deleted first (restore one with `reception restore`)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--unit <code>', 'only this unit’s subtree')
    .option('--json', 'print JSON')
    .action(
      async (options: { tenant?: string; unit?: string; json?: boolean }, command: Command) => {
        await withOperator(command, options.tenant, async (ctx, operator) => {
          const rows = await listDeletedSessions(ctx, { actor: operator, unitCode: options.unit });
          const items = rows.map(presentDeletedSession);
          if (options.json) return writeOut(`${JSON.stringify({ items })}\n`);
          writeOut(`${items.length} deleted session(s)\n`);
          for (const s of items)
            writeOut(
              `${s.id}  ${s.date} ${s.start}–${s.end}  ${s.unit.code}  ${s.leaderName}, ${s.leaderTitle}  deleted ${s.deletedAt}${s.deletedBy ? ` by ${s.deletedBy}` : ''}\n`,
            );
        });
      },
    );
  reception
    .command('restore')
    .description('restore a deleted session: scheduled again, in the schedules and statistics')
    .argument('<id>', 'the session’s id, as `reception deleted` lists it')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (id: string, options: { tenant?: string }, command: Command) => {
      const sessionId = idArgument(id);
      await withOperator(command, options.tenant, async (ctx, operator) => {
        const s = presentSession(await restoreSession(ctx, { actor: operator, id: sessionId }));
        writeOut(
          `restored session ${s.id}  ${s.date} ${s.start}–${s.end}  ${s.state}  ${s.unit.code}\n`,
        );
      });
    });
  reception
    .command('stats')
    .description(
      'a year’s or a quarter’s statistics per unit: sessions planned, held, cancelled, moved; citizens received, cases noted',
    )
    .requiredOption('--year <yyyy>', 'the year, e.g. 2026')
    .option('--quarter <1-4>', 'only this quarter of the year (Vietnam dates; also Q1–Q4)')
    .option('--unit <code>', 'only this unit’s subtree (rolled up in the total)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--json', 'print JSON')
    .action(
      async (
        options: {
          year: string;
          quarter?: string;
          unit?: string;
          tenant?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        let period: ReturnType<typeof readStatsPeriod>;
        try {
          period = readStatsPeriod({ year: options.year, quarter: options.quarter }, 0);
        } catch (error) {
          writeErr('--year: a year 2000–2100 such as 2026; --quarter: 1, 2, 3 or 4\n');
          throw error;
        }
        await withOperator(command, options.tenant, async (ctx, operator) => {
          const stats = presentReceptionStats(
            await receptionStats(ctx, { actor: operator, period, unitCode: options.unit }),
          );
          if (options.json) return writeOut(`${JSON.stringify(stats)}\n`);
          // A year's heading stays as it always was; a quarter's names its first and last day.
          const named =
            period.quarter === null
              ? String(period.year)
              : `Q${period.quarter} ${period.year} (${period.from} to ${period.to})`;
          writeOut(
            `citizen reception ${named}${stats.unit ? ` under ${stats.unit.code} ${stats.unit.name}` : ''}: ${stats.rows.length} unit(s) with sessions\n`,
          );
          const columns = [
            'planned',
            'scheduled',
            'held',
            'cancelled',
            'rescheduled',
            'citizens',
            'cases',
          ];
          const figures = (c: typeof stats.total) =>
            [
              c.planned,
              c.scheduled,
              c.held,
              c.cancelled,
              c.rescheduled,
              c.citizensReceived,
              c.casesNoted,
            ]
              .map((n, i) => String(n).padStart(columns[i]!.length))
              .join('  ');
          const labels = stats.rows.map(
            (r) => `${'  '.repeat(r.depth)}${r.unit.code} ${r.unit.name}`,
          );
          const width = Math.max(5, ...labels.map((l) => l.length));
          writeOut(`${'unit'.padEnd(width)}  ${columns.join('  ')}\n`);
          stats.rows.forEach((r, i) => {
            writeOut(`${labels[i]!.padEnd(width)}  ${figures(r)}\n`);
          });
          writeOut(`${'total'.padEnd(width)}  ${figures(stats.total)}\n`);
        });
      },
    );
  return root;
}

/** A positive id argument; throws `validation_failed` otherwise. */
function idArgument(raw: string): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1)
    throw new AppError('validation_failed', { message: `not an id: ${raw}` });
  return Number(raw);
}
