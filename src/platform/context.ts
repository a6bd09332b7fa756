import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { DB } from './db/schema.js';

/**
 * What use cases receive: the database, the configuration and a clock. Passed as an argument
 * (never imported as a global) so tests can build their own.
 */
export interface AppContext {
  database: Database;
  db: Kysely<DB>;
  config: Config;
  /** The current instant; tests pin it. */
  now: () => Date;
}

export function createContext(
  database: Database,
  config: Config,
  now: () => Date = () => new Date(),
): AppContext {
  return { database, db: database.db, config, now };
}
