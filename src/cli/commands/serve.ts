import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Command } from 'commander';
import { defaultTenant } from '../../modules/org/index.js';
import { PROJECT_ROOT } from '../../platform/paths.js';
import { runServer } from '../../server.js';
import { openRuntime } from '../runtime.js';

const ROOT = PROJECT_ROOT;

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
    await runServer(runtime);
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
      await buildWebApp();
    }
    const options = command.optsWithGlobals();
    let runtime = await openRuntime(options);
    if (!(await defaultTenant(runtime.ctx.db))) {
      // The data directory is unlocked while the child has it, then opened again to serve.
      await runtime.close();
      process.stdout.write('Generating the demo province (first start only)…\n');
      await generateDemoInChild(runtime.config);
      runtime = await openRuntime(options);
    }
    await runServer(runtime);
  });
}

/**
 * `motcua demo` (the province, seed 1, two years to today: docs/demo.md) in a child process on
 * the same database. Generating 20,000 dossiers grows the heap past 500 MB and a process does
 * not give memory back, so generating inside the server would keep it that large for its whole
 * life (issue 7: the server's RSS must stay under 500 MB).
 *
 * @throws Error when the generator fails (its output is on the terminal).
 */
async function generateDemoInChild(config: { dataDir: string; databaseUrl?: string }) {
  const env = { ...process.env };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.MOTCUA_DATA_DIR = config.dataDir;
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'bin/motcua.js'),
        'demo',
        '--scale',
        'province',
        '--seed',
        '1',
        '--years',
        '2',
      ],
      { cwd: process.cwd(), env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`generating the demo failed (motcua demo exited ${code})`);
}

/**
 * `vite build` of the web app in a child process: the build peaks above 500 MB and the memory
 * a process has taken is not given back, so building inside the server would leave it that
 * large for its whole life (issue 7). The child also keeps Vite's NODE_ENV=production out of
 * the server.
 *
 * @throws Error when the build fails (its output is on the terminal).
 */
async function buildWebApp(): Promise<void> {
  const vite = path.join(
    path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin/vite.js',
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--logLevel', 'warn', '--config', path.join(ROOT, 'vite.config.ts')],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`building the web app failed (vite build exited ${code})`);
}
