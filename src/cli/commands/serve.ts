import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runServer } from '../../server.js';
import { openRuntime } from '../runtime.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function withServerOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port to listen on (env PORT)', undefined)
    .option('--host <host>', 'address to listen on (env HOST)', undefined);
}

/** `motcua serve`: migrate and serve; no demo data. */
export function serveCommand(): Command {
  return withServerOptions(
    new Command('serve').description('run the server (API, web app, workers)'),
  ).action(async (_o, command: Command) => {
    const runtime = await openRuntime(command.optsWithGlobals());
    await runServer(runtime, { seedIfEmpty: false });
  });
}

/**
 * `motcua start` (what `npm start` runs): builds the web app when it is missing, migrates,
 * loads the starter province into an empty database, prints the URL and logins, and serves.
 */
export function startCommand(): Command {
  return withServerOptions(
    new Command('start').description(
      'build if needed, load the demo into an empty database, and serve',
    ),
  ).action(async (_o, command: Command) => {
    if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) {
      process.stdout.write('Building the web app (first start only)…\n');
      const { build } = await import('vite');
      // Vite sets NODE_ENV=production for its build; the server's own mode must not change.
      const nodeEnv = process.env.NODE_ENV;
      await build({ logLevel: 'warn', configFile: path.join(ROOT, 'vite.config.ts') });
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    const runtime = await openRuntime(command.optsWithGlobals());
    await runServer(runtime, { seedIfEmpty: true });
  });
}
