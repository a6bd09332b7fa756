import { existsSync } from 'node:fs';
import { type CalendarSpec, defaultCalendarForYear } from '../../domain/calendar/index.js';
import { storedCalendarYears } from '../../modules/calendar/calendar.repository.js';
import { defaultTenant } from '../../modules/org/org.repository.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import type { GlobalOptions } from '../runtime.js';

/**
 * The default tenant's calendar for the `calendar` commands. They read the stored tables when a
 * database exists and is free; a missing embedded directory is not created just to answer a
 * date question, and a directory held by a running server falls back to the shipped tables
 * (with a note on stderr), which are what a tenant has until someone edits its calendar.
 */
export function tenantCalendarLoader(
  globals: () => GlobalOptions,
): (year: number) => Promise<CalendarSpec> {
  let stored: Promise<Map<number, CalendarSpec>> | undefined;
  const load = async (): Promise<Map<number, CalendarSpec>> => {
    const options = globals();
    const config = loadConfig({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    });
    if (!config.databaseUrl && !existsSync(config.dataDir)) return new Map();
    let database: Awaited<ReturnType<typeof openDatabase>>;
    try {
      database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    } catch (error) {
      process.stderr.write(`note: using the shipped calendar (${(error as Error).message})\n`);
      return new Map();
    }
    try {
      const tenant = await defaultTenant(database.db).catch(() => undefined);
      return tenant ? await storedCalendarYears(database.db, tenant.id) : new Map();
    } finally {
      await database.close();
    }
  };
  return async (year) => {
    stored ??= load();
    return (await stored).get(year) ?? defaultCalendarForYear(year).spec;
  };
}
