import { type Config, loadConfig } from '../platform/config.js';
import { type AppContext, createContext } from '../platform/context.js';
import { type Database, openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';

export interface GlobalOptions {
  databaseUrl?: string;
  dataDir?: string;
}

export interface Runtime {
  config: Config;
  database: Database;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * Opens the database named by the global options (PGlite in --data-dir, or --database-url),
 * brings the schema up to date and returns a context for use cases. Every CLI command that
 * touches data goes through here, so they all behave the same on both engines.
 */
export async function openRuntime(
  options: GlobalOptions & { host?: string; port?: number | string },
): Promise<Runtime> {
  const config = loadConfig({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, database, ctx: createContext(database, config), close: () => database.close() };
}
