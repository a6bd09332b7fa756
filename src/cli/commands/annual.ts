import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CYCLE_STATES, type CycleState } from '../../domain/annual/index.js';
import {
  advanceCycle,
  computeAutomatic,
  importExternal,
  importFramework,
  importSurvey,
  listExternal,
  listResults,
} from '../../modules/annual/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { contestsCommand } from './annual-contests.js';
import { resolveTenant } from './calendar-admin.js';

export interface AnnualCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
}

export interface Common {
  year: string;
  tenant?: string;
}

/** Runs a piece of work on the tenant's cycle of `--year` as the operator. */
export type RunOnYear = (
  command: Command,
  options: Common,
  work: (acting: { ctx: AppContext; tenantId: number; actor: null }, year: number) => Promise<void>,
) => Promise<void>;

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value))
    throw new AppError('validation_failed', {
      message: `--year must be a year such as 2026: ${value}`,
    });
  return Number(value);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('not_found', {
      message: `cannot read ${file}: ${(error as Error).message}`,
    });
  }
}

/**
 * `motcua annual`: the reform office's annual CCHC index from the server's command line
 * (docs/annual-index.md) — load a framework, move the cycle on, import survey points, compute the
 * automatic sub-criteria, print the ranking, list and answer contests. Runs as the operator
 * (audited without a user).
 */
export function annualCommand(deps: AnnualCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const writeErr = deps.writeErr ?? ((text) => process.stderr.write(text));
  const run: RunOnYear = async (command, options, work) => {
    const year = parseYear(options.year);
    const runtime = await open(command.optsWithGlobals());
    try {
      const tenantId = await resolveTenant(runtime.ctx.db, options.tenant);
      await work({ ctx: runtime.ctx, tenantId, actor: null }, year);
    } finally {
      await runtime.close();
    }
  };
  const annual = new Command('annual').description('Chỉ số CCHC năm / annual PAR index cycle');
  const common = (c: Command) =>
    c
      .requiredOption('--year <year>', 'the year of the cycle, e.g. 2025')
      .option('--tenant <code>', 'tenant code (default: the first tenant)');

  const framework = annual.command('framework').description('the framework of a year');
  common(
    framework
      .command('import <file>')
      .description('load a framework JSON (creates the cycle as a draft; draft only)'),
  ).action(async (file: string, options: Common, command: Command) => {
    const text = await readText(file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AppError('annual_framework_invalid', {
        message: `not JSON: ${(error as Error).message}`,
        details: { problems: [{ path: '', message: 'not JSON' }] },
      });
    }
    await run(command, options, async (acting, year) => {
      const cycle = await importFramework({ ...acting, year, framework: json });
      writeOut(
        `${year}: ${cycle.state}, ${cycle.framework.fields.length} fields, ${cycle.maxPoints} points, ${cycle.participants.length} units take part\n`,
      );
    });
  });

  common(
    annual
      .command('advance')
      .description('move the cycle one step: self_assessment, appraisal, provisional, final')
      .requiredOption('--to <state>', CYCLE_STATES.join(' | '))
      .option(
        '--deadline <date>',
        'YYYY-MM-DD: self-assessment (→ self_assessment) or contest (→ provisional) deadline',
      ),
  ).action(async (options: Common & { to: string; deadline?: string }, command: Command) => {
    if (!CYCLE_STATES.includes(options.to as CycleState))
      throw new AppError('validation_failed', {
        message: `--to must be one of ${CYCLE_STATES.join(', ')}`,
      });
    const to = options.to as CycleState;
    await run(command, options, async (acting, year) => {
      const cycle = await advanceCycle({
        ...acting,
        year,
        to,
        selfAssessmentDeadline: to === 'self_assessment' ? options.deadline : undefined,
        contestDeadline: to === 'provisional' ? options.deadline : undefined,
      });
      writeOut(`${year}: ${cycle.state}\n`);
    });
  });

  const survey = annual.command('survey').description('survey points');
  common(
    survey
      .command('import <file>')
      .description('import unit_code,subcriterion_id,points (all or nothing)'),
  ).action(async (file: string, options: Common, command: Command) => {
    const csv = await readText(file);
    await run(command, options, async (acting, year) => {
      const { imported } = await importSurvey({ ...acting, year, csv });
      writeOut(`${imported} rows imported\n`);
    });
  });

  common(
    annual
      .command('automatic')
      .description("compute the automatic sub-criteria from the year's data"),
  ).action(async (options: Common, command: Command) => {
    await run(command, options, async (acting, year) => {
      const { results } = await computeAutomatic({ ...acting, year });
      for (const r of results)
        writeOut(`${r.unitCode}\t${r.subcriterionId}\t${r.rate ?? '—'}%\t${r.points}\n`);
    });
  });

  common(
    annual
      .command('results')
      .description('print the ranking: as published once published, else a preview')
      .option('--preview', 'compute it now from the recorded points (never what was published)')
      .option('--json', 'print JSON'),
  ).action(async (options: Common & { json?: boolean; preview?: boolean }, command: Command) => {
    await run(command, options, async (acting, year) => {
      const results = await listResults({ ...acting, year, preview: options.preview === true });
      if (options.json) {
        writeOut(`${JSON.stringify(results)}\n`);
        return;
      }
      writeOut(
        `${year} (${results.stage}${results.publishedAt ? `, published ${results.publishedAt}` : ''})\n`,
      );
      let group = '';
      for (const u of results.units) {
        if (u.peerGroup !== group) {
          group = u.peerGroup;
          writeOut(`\n${group}\n`);
        }
        const change = u.change
          ? `${u.change.score >= 0 ? '+' : ''}${u.change.score} (${u.change.text.vi})`
          : '';
        writeOut(
          `${`${u.rank}/${u.of}`.padEnd(7)}${u.name.slice(0, 39).padEnd(40)}${String(u.total).padStart(8)}  ${(u.band ?? '').padEnd(3)}${change}\n`,
        );
      }
    });
  });
  annual.addCommand(contestsCommand({ run, common, writeOut, writeErr }));
  const external = annual
    .command('external')
    .description('kết quả chỉ số bên ngoài / external results (PAR INDEX, SIPAS, PAPI, PCI…)');
  const onTenant = async (
    command: Command,
    tenant: string | undefined,
    work: (acting: { ctx: AppContext; tenantId: number; actor: null }) => Promise<void>,
  ) => {
    const runtime = await open(command.optsWithGlobals());
    try {
      const tenantId = await resolveTenant(runtime.ctx.db, tenant);
      await work({ ctx: runtime.ctx, tenantId, actor: null });
    } finally {
      await runtime.close();
    }
  };
  external
    .command('import <file>')
    .description('import index,year,score,rank,out_of,note (all or nothing)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (file: string, options: { tenant?: string }, command: Command) => {
      const csv = await readText(file);
      await onTenant(command, options.tenant, async (acting) => {
        const r = await importExternal({ ...acting, csv });
        writeOut(`${r.imported} rows imported (${r.created} new, ${r.updated} replaced)\n`);
      });
    });
  external
    .command('list')
    .description('print the external results recorded')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }, command: Command) => {
      await onTenant(command, options.tenant, async (acting) => {
        const { results } = await listExternal(acting);
        if (options.json) {
          writeOut(`${JSON.stringify(results)}\n`);
          return;
        }
        for (const r of results)
          writeOut(
            `${r.index.padEnd(10)}${r.year}  ${String(r.score ?? '—').padStart(6)}  ${r.rank === null ? '—' : `${r.rank}/${r.outOf ?? '?'}`}${r.note ? `  ${r.note}` : ''}\n`,
          );
      });
    });
  return annual;
}
