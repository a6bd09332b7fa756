import { Command } from 'commander';
import {
  listHeadcount,
  listInitiatives,
  listInspections,
  listPlans,
  missingInitiatives,
  overdueRecommendations,
  overdueTasks,
  restoreHeadcount,
  restoreInitiative,
  restoreInspection,
  restorePlan,
  restoreRecommendation,
  restoreTask,
  withdrawHeadcount,
  withdrawInitiative,
  withdrawInspection,
  withdrawPlan,
  withdrawRecommendation,
  withdrawTask,
} from '../../modules/registers/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { resolveTenant } from './calendar-admin.js';

export interface RegistersCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
}

/** What every register list passes besides its own filters. */
interface ListFilters {
  year: number | undefined;
  unitCode: string | undefined;
  withdrawn: boolean | undefined;
  page: number;
  pageSize: number;
}

interface Common {
  tenant?: string;
  unit?: string;
  json?: boolean;
  withdrawn?: boolean;
}

/**
 * The operator at the command line acts as the reform office over the whole tenant (it holds the
 * server's keys); its writes are audited with no user, the reason saying who asked.
 */
function operator(tenantId: number): Actor {
  return {
    userId: 0,
    tenantId,
    kind: 'system',
    name: 'cli',
    grants: [{ role: 'reform_office', unitId: null }],
    via: 'token',
  };
}

function parseId(value: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw new AppError('validation_failed', { message: `the id must be a whole number: ${value}` });
  return Number(value);
}

function parseYear(value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required)
      throw new AppError('validation_failed', { message: '--year is required (e.g. 2025)' });
    return undefined;
  }
  if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100)
    throw new AppError('validation_failed', {
      message: `--year must be a year such as 2025: ${value}`,
    });
  return Number(value);
}

/** Every page of a paged list (the command line prints all). */
async function allPages<T>(
  fetch: (page: number) => Promise<{ total: number; items: T[] }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const result = await fetch(page);
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total) return items;
  }
}

function table(rows: Array<Array<string | number>>, headers: string[]): string {
  const widths = headers.map((h, i) =>
    Math.min(48, Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length))),
  );
  const line = (cells: Array<string | number>) =>
    `${cells
      .map((c, i) =>
        String(c)
          .slice(0, widths[i])
          .padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd()}\n`;
  return line(headers) + rows.map(line).join('');
}

/**
 * `motcua registers …`: the governance registers as the reform office sees them over the whole
 * tenant — initiatives of a year and the units that filed none, inspections, plans, and the
 * recommendations and plan tasks past their deadline (Vietnam date today). Lists show the
 * records in force, or with `--withdrawn` those withdrawn. Besides reading, the operator may
 * withdraw a record entered by mistake (`… withdraw ID --reason TEXT`) and undo that
 * (`… restore ID --reason TEXT`), audited; every other change is made on the screens or
 * through the API.
 */
export function registersCommand(deps: RegistersCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const run = async (
    command: Command,
    options: Common,
    body: (ctx: AppContext, tenantId: number) => Promise<{ json: unknown; text: string }>,
  ) => {
    const runtime = await open(command.optsWithGlobals());
    try {
      const ctx = runtime.ctx;
      const out = await body(ctx, await resolveTenant(ctx.db, options.tenant));
      writeOut(options.json ? `${JSON.stringify(out.json)}\n` : out.text);
    } finally {
      await runtime.close();
    }
  };
  const common = (c: Command) =>
    c
      .option('--unit <code>', "only this unit's subtree, by code")
      .option('--tenant <code>', 'tenant code (default: the first tenant)')
      .option('--json', 'print JSON');
  const withdrawnOption = (c: Command) =>
    c.option('--withdrawn', 'only the records withdrawn from the register (entered by mistake)');

  /**
   * `<register> withdraw ID --reason TEXT` withdraws a record entered by mistake as the reform
   * office (what goes with it: an inspection's recommendations, a plan's tasks);
   * `<register> restore ID --reason TEXT` undoes it (what went with it comes back).
   */
  const reasonCommand = (
    parent: Command,
    step: 'withdraw' | 'restore',
    noun: string,
    act: (
      ctx: AppContext,
      options: { actor: Actor; id: number; reason: string },
    ) => Promise<unknown>,
  ) =>
    parent
      .command(step)
      .description(
        step === 'withdraw'
          ? `rút khỏi sổ / withdraw ${noun} entered by mistake, with a written reason`
          : `khôi phục / restore a withdrawn ${noun} to the register, with a written reason`,
      )
      .argument('<id>', `the ${noun}'s id`)
      .requiredOption(
        '--reason <text>',
        `why it is ${step === 'withdraw' ? 'withdrawn' : 'restored'} (kept in its history and audit log)`,
      )
      .option('--tenant <code>', 'tenant code (default: the first tenant)')
      .option('--json', 'print the record as JSON')
      .action(
        async (
          id: string,
          options: { reason: string; tenant?: string; json?: boolean },
          command: Command,
        ) => {
          const itemId = parseId(id);
          await run(command, options, async (ctx, tenantId) => {
            const result = await act(ctx, {
              actor: operator(tenantId),
              id: itemId,
              reason: options.reason,
            });
            return {
              json: result,
              text: `${noun} ${itemId} ${step === 'withdraw' ? 'withdrawn' : 'restored'}: ${options.reason.trim()}\n`,
            };
          });
        },
      );
  const withdrawCommand = (
    parent: Command,
    noun: string,
    withdraw: Parameters<typeof reasonCommand>[3],
    restore: Parameters<typeof reasonCommand>[3],
  ) => {
    reasonCommand(parent, 'withdraw', noun, withdraw);
    reasonCommand(parent, 'restore', noun, restore);
  };

  /**
   * `<register> list`: every page of a register's list of a year (the records in force, or with
   * `--withdrawn` those withdrawn), as a table or JSON. `options` adds the list's own options;
   * `filters` reads and checks them before anything is opened.
   */
  const listCommand = <O extends Common & { year?: string }, E, T>(
    parent: Command,
    spec: {
      description: string;
      year: { help: string; required: boolean };
      options?: (list: Command) => Command;
      filters: (options: O) => E;
      fetch: (
        ctx: AppContext,
        query: { tenantId: number; scope: null; filters: E & ListFilters },
      ) => Promise<{ total: number; items: T[] }>;
      headers: string[];
      row: (item: T) => Array<string | number>;
      noun: string;
    },
  ) => {
    const list = parent.command('list').description(spec.description);
    if (spec.year.required) list.requiredOption('--year <year>', spec.year.help);
    else list.option('--year <year>', spec.year.help);
    common(withdrawnOption(spec.options ? spec.options(list) : list)).action(
      async (options: O, command: Command) => {
        const year = parseYear(options.year, spec.year.required);
        const extra = spec.filters(options);
        await run(command, options, async (ctx, tenantId) => {
          const items = await allPages((page) =>
            spec.fetch(ctx, {
              tenantId,
              scope: null,
              filters: {
                ...extra,
                year,
                unitCode: options.unit,
                withdrawn: options.withdrawn,
                page,
                pageSize: 200,
              },
            }),
          );
          return {
            json: items,
            text: `${table(items.map(spec.row), spec.headers)}${items.length} ${spec.noun}\n`,
          };
        });
      },
    );
  };

  const registers = new Command('registers').description(
    'Sổ theo dõi CCHC / governance registers: initiatives, inspections, remediation plans',
  );

  const initiatives = registers
    .command('initiatives')
    .description('sáng kiến CCHC / reform initiatives');
  listCommand(initiatives, {
    description: 'the initiatives filed for a year',
    year: { help: 'the year, e.g. 2025', required: true },
    options: (list) =>
      list.option('--state <state>', 'registered, evaluated, recognised or not_recognised'),
    filters: (options: Common & { year: string; state?: string }) => {
      const states = ['registered', 'evaluated', 'recognised', 'not_recognised'] as const;
      const state = options.state as (typeof states)[number] | undefined;
      if (state !== undefined && !states.includes(state))
        throw new AppError('validation_failed', {
          message: `--state must be one of ${states.join(', ')}`,
        });
      return { state };
    },
    fetch: listInitiatives,
    headers: ['id', 'unit', 'name', 'state', 'score', 'title'],
    row: (i) => [i.id, i.unit.code, i.unit.name, i.state, i.score ?? '—', i.title],
    noun: 'initiatives',
  });
  common(
    initiatives
      .command('missing')
      .description('units that should file and filed no initiative that year')
      .requiredOption('--year <year>', 'the year, e.g. 2025')
      .option(
        '--kinds <kinds>',
        'unit kinds that should file, comma-separated (default: tenant setting or department,district,city,commune,ward,special_zone)',
      ),
  ).action(async (options: Common & { year: string; kinds?: string }, command: Command) => {
    const year = parseYear(options.year, true) as number;
    await run(command, options, async (ctx, tenantId) => {
      const result = await missingInitiatives(ctx, {
        tenantId,
        scope: null,
        year,
        kinds: options.kinds
          ?.split(',')
          .map((k) => k.trim())
          .filter(Boolean),
        unitCode: options.unit,
      });
      return {
        json: result,
        text: `${table(
          result.units.map((u) => [u.code, u.kind, u.name]),
          ['unit', 'kind', 'name'],
        )}${result.units.length} of ${result.expected} units filed no initiative in ${year}\n`,
      };
    });
  });

  withdrawCommand(initiatives, 'initiative', withdrawInitiative, restoreInitiative);

  const inspections = registers
    .command('inspections')
    .description('thanh tra, kiểm tra / inspections');
  listCommand(inspections, {
    description: 'inspections planned in a year (or all)',
    year: { help: 'the year of the planned date', required: false },
    filters: () => ({}),
    fetch: listInspections,
    headers: ['id', 'planned', 'unit', 'kind', 'state', 'record', 'inspecting body'],
    row: (i) => [
      i.id,
      i.plannedOn,
      i.inspectedUnit.code,
      i.kind,
      i.state,
      i.conclusionNumber ?? '—',
      i.inspectingBody,
    ],
    noun: 'inspections',
  });

  withdrawCommand(inspections, 'inspection', withdrawInspection, restoreInspection);

  const plans = registers.command('plans').description('kế hoạch khắc phục / remediation plans');
  listCommand(plans, {
    description: 'remediation plans of a year (or all) with progress and overdue tasks',
    year: { help: 'the year', required: false },
    filters: () => ({}),
    fetch: listPlans,
    headers: ['id', 'unit', 'indicator', 'due', 'progress', 'overdue', 'title'],
    row: (p) => [
      p.id,
      p.unit.code,
      p.indicator ?? '—',
      p.dueOn,
      `${p.percent}%`,
      p.tasksOverdue,
      p.title,
    ],
    noun: 'plans',
  });

  withdrawCommand(plans, 'plan', withdrawPlan, restorePlan);

  const headcount = registers.command('headcount').description('tổ chức, biên chế / headcount');
  common(
    withdrawnOption(
      headcount
        .command('list')
        .description("units' headcount, reduction target and posts cut in a year")
        .requiredOption('--year <year>', 'the year, e.g. 2025'),
    ),
  ).action(async (options: Common & { year: string }, command: Command) => {
    const year = parseYear(options.year, true) as number;
    await run(command, options, async (ctx, tenantId) => {
      const result = await listHeadcount(ctx, {
        tenantId,
        scope: null,
        year,
        unitCode: options.unit,
        withdrawn: options.withdrawn,
      });
      const row = (id: number | string, name: string, f: (typeof result)['total']) => [
        id,
        name,
        f.assigned,
        f.inPost ?? '—',
        f.reductionTarget,
        f.reduced,
        f.shortfall,
      ];
      return {
        json: result,
        text: table(
          [...result.rows.map((r) => row(r.id, r.unit.code, r)), row('', 'total', result.total)],
          ['id', 'unit', 'assigned', 'in_post', 'target', 'reduced', 'short'],
        ),
      };
    });
  });

  withdrawCommand(headcount, 'headcount row', withdrawHeadcount, restoreHeadcount);

  const recommendations = registers
    .command('recommendations')
    .description('kiến nghị / recommendations');
  common(
    recommendations.command('overdue').description('open recommendations past their deadline'),
  ).action(async (options: Common, command: Command) => {
    await run(command, options, async (ctx, tenantId) => {
      const result = await overdueRecommendations(ctx, {
        tenantId,
        scope: null,
        unitCode: options.unit,
      });
      return {
        json: result,
        text: `${table(
          result.items.map((r) => [
            r.id,
            r.responsibleUnit.code,
            r.dueOn,
            r.daysOverdue,
            r.inspection.conclusionNumber ?? '—',
            r.content,
          ]),
          ['id', 'unit', 'due', 'days', 'conclusion', 'recommendation'],
        )}${result.items.length} overdue on ${result.today}\n`,
      };
    });
  });

  withdrawCommand(recommendations, 'recommendation', withdrawRecommendation, restoreRecommendation);

  const tasks = registers.command('tasks').description('nhiệm vụ khắc phục / remediation tasks');
  common(tasks.command('overdue').description('plan tasks not done past their deadline')).action(
    async (options: Common, command: Command) => {
      await run(command, options, async (ctx, tenantId) => {
        const result = await overdueTasks(ctx, { tenantId, scope: null, unitCode: options.unit });
        return {
          json: result,
          text: `${table(
            result.items.map((t) => [
              t.id,
              t.responsibleUnit.code,
              t.responsiblePerson,
              t.dueOn,
              t.daysOverdue,
              t.title,
            ]),
            ['id', 'unit', 'person', 'due', 'days', 'task'],
          )}${result.items.length} overdue on ${result.today}\n`,
        };
      });
    },
  );
  withdrawCommand(tasks, 'task', withdrawTask, restoreTask);
  return registers;
}
