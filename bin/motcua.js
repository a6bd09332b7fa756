#!/usr/bin/env node
// The `motcua` command. Sources are TypeScript, run through tsx so `npx motcua` works right
// after `npm ci` with no build step. `serve` and `start`, the long-lived server, run the same
// sources compiled to JavaScript instead (scripts/build-server.js): tsx costs the server ≈ 70 MB
// of resident memory (issue 7). The build is made on the first start after any change of the
// sources (≈ 1 s) and is only ever run for the sources it was made from.

import { constants } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * V8 flags the long-lived server runs with: semi-spaces of 4 MB instead of V8's 16 MB, and an
 * old generation allowed to grow by half its live size before a full collection instead of V8's
 * up to fourfold. Under issue 7's look-up load on 10 million dossiers (32 connections, ≈ 7,000
 * look-ups a second) the server's heap is ≈ 60 MB live, and V8's defaults let the garbage of
 * finished requests pile up to a peak of 300 MB; the small young generation alone ended at 144
 * to 277 MB depending on when V8 chose to grow; both flags held it at 135–147 MB in every run
 * (188–193 MB with this parent process), for ≈ 25 % more server CPU a look-up in the harness's
 * side-by-side runs (docs/BENCHMARKS.md). V8 reads them only when it starts, so
 * `serve` and `start` run the command again in a child node with them, unless the operator chose
 * a young-generation size already.
 */
const SERVER_V8_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=50'];

const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--database-url', '--data-dir']);

/** The command named on the command line (the first word that is not a global option). */
function commandName(args) {
  for (let i = 0; i < args.length; i++) {
    if (GLOBAL_OPTIONS_WITH_VALUE.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/** The compiled CLI's entry, built now if needed; undefined (with a warning) if it cannot be. */
async function compiledMain() {
  const { builtMain } = await import('../scripts/build-server.js');
  const built = builtMain();
  if (built) return pathToFileURL(built).href;
  // Built in a child so that esbuild never loads into the server's process.
  const { spawnSync } = await import('node:child_process');
  const script = fileURLToPath(new URL('../scripts/build-server.js', import.meta.url));
  const result = spawnSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] });
  const rebuilt = result.status === 0 ? builtMain() : undefined;
  if (!rebuilt) {
    const why = String(result.stderr ?? result.error ?? '').trim() || `exit ${result.status}`;
    process.stderr.write(
      `motcua: could not compile the server (${why}); running the TypeScript sources instead\n`,
    );
  }
  return rebuilt && pathToFileURL(rebuilt).href;
}

/** Whether this node was started with a young-generation size (by us or by the operator). */
function semiSpaceChosen() {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
    a.includes('--max-semi-space-size'),
  );
}

/**
 * Runs this same command in a child node with SERVER_V8_FLAGS and exits as it exits. Signals
 * are passed on (the server takes a repeated one as the same request to stop), so a service
 * manager or Ctrl-C stops the server as if it were this process.
 */
async function runWithServerFlags() {
  const { spawn } = await import('node:child_process');
  const args = [
    ...SERVER_V8_FLAGS,
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  // The IPC channel only tells the child when this process is gone (killed with SIGKILL, say):
  // it closes, and the child stops instead of serving on as an orphan (see below).
  const child = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`motcua: could not start the server: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (exitCode, signal) =>
      resolve(exitCode ?? 128 + (constants.signals[signal] ?? 0)),
    );
  });
  process.exit(code);
}

/** In the server's child node: stop as on SIGTERM when the `motcua` process that started it ends. */
function stopWithParent() {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

const command = commandName(process.argv.slice(2));
const serving =
  (command === 'serve' || command === 'start') &&
  !process.argv.includes('--help') &&
  !process.argv.includes('-h');
if (serving) stopWithParent();
if (serving && !semiSpaceChosen()) await runWithServerFlags();
const compiled = command === 'serve' || command === 'start' ? await compiledMain() : undefined;
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
