import type { Runtime } from './cli/runtime.js';
import { formatDemoSummary, generateDemo, todayInVietnam } from './modules/demo/index.js';
import { defaultTenant } from './modules/org/org.repository.js';
import { buildApp } from './platform/http/app.js';
import { outboxWorker } from './platform/outbox/index.js';

export interface RunServerOptions {
  seedIfEmpty: boolean;
}

/** Background work started with the server and stopped before the database closes. */
export interface Worker {
  name: string;
  stop(): Promise<void>;
}

export type WorkerFactory = (runtime: Runtime) => Worker;

/** Workers registered by modules (the outbox dispatcher, the live index). */
export const WORKERS: WorkerFactory[] = [outboxWorker];

/**
 * Serves until SIGINT/SIGTERM, then stops accepting requests, lets workers finish, closes the
 * database (PGlite flushes on close) and releases the data-directory lock.
 */
export async function runServer(runtime: Runtime, options: RunServerOptions): Promise<void> {
  const { ctx, config } = runtime;
  if (options.seedIfEmpty && !(await defaultTenant(ctx.db))) {
    // A living demo province (issue 9): same data for the same day, see docs/demo.md.
    process.stdout.write('Generating the demo province (first start only)…\n');
    const demo = await generateDemo({
      database: runtime.database,
      secret: config.secretKey,
      scale: 'province',
      seed: '1',
      years: 2,
      until: todayInVietnam(),
    });
    process.stdout.write(formatDemoSummary(demo));
  }
  const app = await buildApp({ ctx, serveWeb: true });
  const workers = WORKERS.map((start) => start(runtime));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    for (const worker of workers) await worker.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = config.databaseUrl
    ? 'PostgreSQL'
    : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  process.stdout.write(`\nMột Cửa is serving on http://${config.host}:${port} (${where})\n`);
}
