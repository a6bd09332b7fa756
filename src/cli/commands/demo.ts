import { Command, InvalidArgumentError } from 'commander';
import {
  DEMO_SCALES,
  type DemoScale,
  formatDemoSummary,
  generateDemo,
  todayInVietnam,
} from '../../modules/demo/index.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime } from '../runtime.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

/**
 * `motcua demo`: generates a deterministic demo (same seed and same --until ⇒ same data) into
 * the database named by the global options, then prints a summary and the logins.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'generate a deterministic demo province (or commune, or the nation) with two years of dossiers',
    )
    .option('--scale <scale>', `one of ${DEMO_SCALES.join(', ')}`, 'province')
    .option('--years <n>', 'years of dossiers ending at --until', positiveInt, 2)
    .option('--seed <seed>', 'seed of the generator', '1')
    .option(
      '--until <date>',
      'last day of the data, YYYY-MM-DD (Asia/Ho_Chi_Minh); default today',
      undefined,
    )
    .option(
      '--dossiers <n>',
      'number of dossiers (default: commune 1,500, province 20,000, nation 10,000,000)',
      positiveInt,
    )
    .option('--tenant <code>', 'tenant code (commune and province scales)', 'LCU')
    .option('--replace', 'delete an existing tenant of the same code first', false)
    .option('--quiet', 'no progress bar', false)
    .action(async (options, command: Command) => {
      const scale = options.scale as DemoScale;
      if (!DEMO_SCALES.includes(scale))
        throw new AppError('validation_failed', {
          message: `--scale must be one of ${DEMO_SCALES.join(', ')}`,
          details: { field: 'scale' },
        });
      const runtime = await openRuntime(command.optsWithGlobals());
      try {
        const bar = options.quiet || !process.stderr.isTTY ? undefined : progressBar();
        const result = await generateDemo({
          database: runtime.database,
          secret: runtime.config.secretKey,
          scale,
          seed: String(options.seed),
          years: options.years,
          until: options.until ?? todayInVietnam(),
          replace: options.replace,
          tenantCode: options.tenant,
          ...(options.dossiers !== undefined ? { dossiers: options.dossiers } : {}),
          ...(bar
            ? { onProgress: bar.update }
            : options.quiet
              ? {}
              : { onProgress: progressLines() }),
        });
        bar?.done();
        process.stdout.write(formatDemoSummary(result));
      } finally {
        await runtime.close();
      }
    });
}

/** A one-line progress bar on stderr with rate and time left. */
export function progressBar() {
  const started = performance.now();
  let last = 0;
  return {
    update({ done, total }: { done: number; total: number }) {
      const now = performance.now();
      if (now - last < 200 && done < total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = done / Math.max(seconds, 0.001);
      const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
      const width = 30;
      const filled = Math.min(width, Math.round((done / Math.max(total, 1)) * width));
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} dossiers  ${Math.round(rate)}/s  ${formatSeconds(left)} left `,
      );
    },
    done() {
      process.stderr.write('\n');
    },
  };
}

/** Without a terminal (CI logs): one line every 10%. */
function progressLines() {
  const started = performance.now();
  let next = 0.1;
  return ({ done, total }: { done: number; total: number }) => {
    if (total === 0 || done / total < next) return;
    next += 0.1;
    const seconds = (performance.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    process.stderr.write(
      `${done}/${total} dossiers, ${Math.round(rate)}/s, ${formatSeconds((total - done) / Math.max(rate, 1))} left\n`,
    );
  };
}

function formatSeconds(s: number): string {
  if (s >= 3600)
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.round(s)}s`;
}
