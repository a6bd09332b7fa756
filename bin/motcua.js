#!/usr/bin/env node
// The `motcua` command. Sources are TypeScript, run through tsx so `npx motcua` works right
// after `npm ci` with no build step. `serve` and `start`, the long-lived server, run the same
// sources compiled to JavaScript instead (scripts/build-server.js): tsx costs the server ≈ 70 MB
// of resident memory (issue 7). The build is made on the first start after any change of the
// sources (≈ 1 s) and is only ever run for the sources it was made from.

import { fileURLToPath, pathToFileURL } from 'node:url';

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

const command = commandName(process.argv.slice(2));
const compiled = command === 'serve' || command === 'start' ? await compiledMain() : undefined;
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
