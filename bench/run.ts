// `npm run bench`: starts a throwaway PostgreSQL as CI does, measures each scenario next to the
// machine's own limit in the same run, prints the table and rewrites docs/BENCHMARKS.md.
// `--nation-url=postgres://…/db` points `lookup` and `index` at a national data set prepared
// beforehand (`motcua demo --scale nation`), instead of generating one in the throwaway server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from './lib/postgres.js';
import { type BenchRow, machineFacts, renderTable, writeBenchmarksDoc } from './lib/report.js';
import { type BenchContext, SCENARIOS } from './scenarios/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const pg = await startThrowawayPostgres();
  process.stderr.write(`PostgreSQL ${pg.version} on port ${pg.port}\n`);
  const ctx: BenchContext = {
    root: ROOT,
    pg,
    quick,
    runs: quick ? 1 : 3,
    seconds: quick ? 5 : 15,
    notes: [],
    nationUrl: args.find((a) => a.startsWith('--nation-url='))?.slice('--nation-url='.length),
    nationDossiers: Number(
      args.find((a) => a.startsWith('--dossiers='))?.slice('--dossiers='.length) ??
        (quick ? 1_000_000 : 10_000_000),
    ),
  };
  const rows: BenchRow[] = [];
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.id)) continue;
      process.stderr.write(`\n▶ ${scenario.id}: ${scenario.title}\n`);
      try {
        rows.push(...(await scenario.run(ctx)));
      } catch (error) {
        process.stderr.write(`  failed: ${(error as Error).stack}\n`);
        rows.push({
          what: scenario.title,
          measured: '—',
          against: '—',
          ratio: '—',
          target: scenario.target,
          pass: false,
          note: `failed: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }
  } finally {
    pg.stop();
  }
  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n`);
  if (!only) {
    writeBenchmarksDoc(
      path.join(ROOT, 'docs/BENCHMARKS.md'),
      machineFacts(pg.version),
      rows,
      `npm run bench${quick ? ' -- --quick' : ''}`,
      ctx.notes,
    );
    process.stderr.write('\ndocs/BENCHMARKS.md rewritten\n');
  }
}

await main();
