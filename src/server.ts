import type { Runtime } from './cli/runtime.js';
import { startEmbeddedMaintenance } from './platform/db/maintenance.js';
import { buildApp } from './platform/http/app.js';
import { outboxWorker } from './platform/outbox/index.js';
import { consoleLog, type Worker } from './platform/worker.js';

export type WorkerFactory = (runtime: Runtime) => Worker;

/** Autovacuum's work on the embedded database, which has no autovacuum (platform/db). */
const embeddedMaintenance: WorkerFactory = (runtime) =>
  startEmbeddedMaintenance(runtime.database, consoleLog(runtime.config.logLevel, 'maintenance'));

/** Workers registered by modules (the outbox dispatcher), and the embedded database's upkeep. */
export const WORKERS: WorkerFactory[] = [outboxWorker, embeddedMaintenance];

/**
 * Serves until SIGINT/SIGTERM, then stops accepting requests, lets workers finish, closes the
 * database (PGlite flushes on close) and releases the data-directory lock.
 */
export async function runServer(runtime: Runtime): Promise<void> {
  const { ctx, config } = runtime;
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
  // `on`, not `once`: a service manager signals every process of the service, and bin/motcua.js
  // passes the same signal on to this one, so it may come twice; the second changes nothing.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = config.databaseUrl
    ? 'PostgreSQL'
    : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  process.stdout.write(`\nMột Cửa is serving on http://${config.host}:${port} (${where})\n`);
}
