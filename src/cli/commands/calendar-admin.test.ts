import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../modules/org/index.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { calendarAdminCommand } from './calendar-admin.js';

let database: Database;
let ctx: AppContext;
const files = new Map<string, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(
    database,
    loadConfig({}, { NODE_ENV: 'test' }),
    () => new Date('2025-09-01T03:00:00Z'),
  );
  await createTenant({ db: ctx.db, code: 'LCU', name: 'Tỉnh Lai Châu' });
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<string> {
  let out = '';
  const command = calendarAdminCommand({
    open: async () => ({ ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
    readTextFile: async (path) => {
      const text = files.get(path);
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    },
    writeTextFile: async (path, text) => {
      files.set(path, text);
    },
  });
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return out;
}

describe('motcua calendar-admin', () => {
  it('shows an official year with its working days per month', async () => {
    const out = await run(['show', '--year', '2025']);
    expect(out).toContain('2025: official (chính thức)');
    expect(out).toContain('2025-01-27');
    expect(out).toContain('extra working days (1): 2025-04-26');
  });

  it('exports a provisional year, confirms it, and a re-import changes nothing', async () => {
    await run(['export', '--year', '2028', '--file', 'y.json']);
    const exported = JSON.parse(files.get('y.json') as string);
    expect(exported).toMatchObject({ year: 2028, status: 'provisional' });
    expect(await run(['confirm', '--year', '2028'])).toBe('2028 is now confirmed\n');
    await expect(run(['confirm', '--year', '2028'])).rejects.toMatchObject({
      code: 'rule_violation',
    });
    await run(['export', '--year', '2028', '--file', 'confirmed.json']);
    expect(await run(['import', '--year', '2028', '--file', 'confirmed.json'])).toMatch(
      /^imported 2028: confirmed/,
    );
    await run(['export', '--year', '2028', '--file', 'again.json']);
    expect(files.get('again.json')).toBe(files.get('confirmed.json'));
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'data'])
      .where('stream', 'like', 'calendar_year:%:2028')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'calendar.year_confirmed',
      'calendar.year_imported',
    ]);
    expect(audit[0]?.actor_id).toBeNull();
    expect(JSON.stringify(audit[0]?.data)).toContain('"via":"cli"');
  });

  it('refuses a malformed file, a missing file, a bad year and an unknown tenant with catalogue codes', async () => {
    files.set('bad.json', '{"timezone":"Asia/Ho_Chi_Minh"');
    await expect(run(['import', '--year', '2029', '--file', 'bad.json'])).rejects.toMatchObject({
      code: 'calendar_invalid',
    });
    files.set(
      'bad2.json',
      JSON.stringify({
        timezone: 'Asia/Ho_Chi_Minh',
        workingHours: [],
        weekend: [0, 6],
        daysOff: [],
        extraWorkingDays: [],
      }),
    );
    await expect(run(['import', '--year', '2029', '--file', 'bad2.json'])).rejects.toMatchObject({
      code: 'calendar_invalid',
      details: { field: 'workingHours' },
    });
    await expect(
      run(['import', '--year', '2029', '--file', 'missing.json']),
    ).rejects.toBeInstanceOf(AppError);
    await expect(run(['show', '--year', '20x6'])).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(run(['show', '--year', '2026', '--tenant', 'NOPE'])).rejects.toMatchObject({
      code: 'not_found',
    });
    const stored = await ctx.db
      .selectFrom('calendar_years')
      .select('year')
      .where('year', '=', 2029)
      .execute();
    expect(stored).toEqual([]);
  });
});
