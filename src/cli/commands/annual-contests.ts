import { Command } from 'commander';
import { answerContest, type ContestView, listContests } from '../../modules/annual/index.js';
import { AppError, isAppError } from '../../platform/errors.js';
import type { Common, RunOnYear } from './annual.js';

const DECISIONS = ['upheld', 'rejected'] as const;

/** `--points 1,5` or `1.5`: a number, or `validation_failed`. */
function parsePoints(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const points = Number(value.trim().replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(points))
    throw new AppError('validation_failed', { message: `--points must be a number: ${value}` });
  return points;
}

function parseId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value))
    throw new AppError('validation_failed', {
      message: `the contest id must be a number: ${value}`,
    });
  return Number(value);
}

/** One contest per line: id, unit, sub-criterion, state, the reason and the answer. */
function line(c: ContestView): string {
  const answer =
    c.state === 'open'
      ? ''
      : `  → ${c.state}${c.newPoints === null ? '' : ` (${c.newPoints})`}: ${c.answer ?? ''}`;
  return `#${c.id}\t${c.unitCode}\t${c.subcriterionId}\t${c.state}\t${c.reason}${answer}\n`;
}

/**
 * `motcua annual contests list|answer`: the reform office's contests of provisional results from
 * the command line, as the operator, with the API's rules and codes (docs/annual-index.md). A
 * refusal prints `error: <code>: <message>` and exits 2.
 */
export function contestsCommand(deps: {
  run: RunOnYear;
  common: (c: Command) => Command;
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
}): Command {
  const { run, common, writeOut, writeErr } = deps;
  const contests = new Command('contests')
    .description('kiến nghị về kết quả tạm thời / contests of provisional results')
    .configureOutput({ writeErr, outputError: (text, write) => write(text) });
  /** Runs the work; a refusal of the use case ends the command with exit code 2. */
  const refusing = async (
    command: Command,
    options: Common,
    work: Parameters<RunOnYear>[2],
  ): Promise<void> => {
    try {
      await run(command, options, work);
    } catch (error) {
      if (!isAppError(error)) throw error;
      command.error(`error: ${error.code}: ${error.message}`, { exitCode: 2, code: error.code });
    }
  };

  common(
    contests
      .command('list')
      .description('print the contests of a year (all, or --open for those awaiting an answer)')
      .option('--open', 'only the contests awaiting an answer')
      .option('--json', 'print JSON'),
  ).action(async (options: Common & { open?: boolean; json?: boolean }, command: Command) => {
    await refusing(command, options, async (acting, year) => {
      const all = (await listContests({ ...acting, year })).contests;
      const shown = options.open ? all.filter((c) => c.state === 'open') : all;
      if (options.json) {
        writeOut(`${JSON.stringify({ contests: shown })}\n`);
        return;
      }
      if (shown.length === 0) writeOut(options.open ? 'no open contest\n' : 'no contest\n');
      for (const c of shown) writeOut(line(c));
    });
  });

  common(
    contests
      .command('answer <id>')
      .description('answer a contest: upheld with new points, or rejected; with a written answer')
      .requiredOption('--decision <decision>', DECISIONS.join(' | '))
      .requiredOption('--answer <text>', 'the written answer to the unit')
      .option('--points <n>', 'the new points of the sub-criterion (upheld)'),
  ).action(
    async (
      id: string,
      options: Common & { decision: string; answer: string; points?: string },
      command: Command,
    ) => {
      await refusing(command, options, async (acting, year) => {
        if (!DECISIONS.includes(options.decision as (typeof DECISIONS)[number]))
          throw new AppError('validation_failed', {
            message: `--decision must be one of ${DECISIONS.join(', ')}`,
          });
        const answered = await answerContest({
          ...acting,
          year,
          contestId: parseId(id),
          decision: options.decision as (typeof DECISIONS)[number],
          answer: options.answer,
          points: parsePoints(options.points),
        });
        writeOut(line(answered));
      });
    },
  );
  return contests;
}
