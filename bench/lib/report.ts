import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** One row of the benchmark table: a figure, what it is measured against, and the target. */
export interface BenchRow {
  what: string;
  measured: string;
  against: string;
  ratio: string;
  target: string;
  /** null when the scenario could not run (the note says why). */
  pass: boolean | null;
  note?: string;
}

export function machineFacts(postgresVersion: string): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let kernel = os.release();
  try {
    kernel = execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim();
  } catch {}
  return [
    `- Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${kernel}`,
    `- Node ${process.version}; ${postgresVersion}`,
    `- Date: ${new Date().toISOString()}`,
  ];
}

export function renderTable(rows: BenchRow[]): string {
  const header =
    '| what | measured | measured against (same run) | ratio | target | result |\n|---|---|---|---|---|---|';
  const lines = rows.map((r) => {
    const result =
      r.pass === null
        ? `not run${r.note ? `: ${r.note}` : ''}`
        : r.pass
          ? 'met'
          : `**not met**${r.note ? ` (${r.note})` : ''}`;
    return `| ${r.what} | ${r.measured} | ${r.against} | ${r.ratio} | ${r.target} | ${result} |`;
  });
  return [header, ...lines].join('\n');
}

export function writeBenchmarksDoc(
  file: string,
  facts: string[],
  rows: BenchRow[],
  command: string,
  notes: string[],
): void {
  const text = `# Benchmarks

Written by \`${command}\`; every figure below comes from one run of it on the machine described.
Each performance figure is measured next to the machine's own limit in the same run (pgbench,
a bare Fastify route, a hand-written SQL query, \`COPY\`), so the ratios hold on a noisy shared
machine even when the absolute numbers move. Medians of several runs.

${facts.join('\n')}

${renderTable(rows)}

${notes.length ? `## Notes\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
  writeFileSync(file, text + keptSection(file));
}

/** The hand-written part of the file (from `## Findings` on) survives a rewrite: the harness
 * owns the figures, people own the explanations of where the time goes. */
const KEPT_HEADING = '\n## Findings';

function keptSection(file: string): string {
  if (!existsSync(file)) return '';
  const old = readFileSync(file, 'utf8');
  const at = old.indexOf(KEPT_HEADING);
  return at === -1 ? '' : `\n${old.slice(at + 1)}`;
}
