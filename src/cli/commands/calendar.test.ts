import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  type CalendarSpec,
  createCalendar,
  createDefaultCalendar,
  defaultCalendarForYear,
} from '../../domain/calendar/index.js';
import { calendarCommand, calendarDue, calendarWorkingDays } from './calendar.js';

const FILE_SPEC: CalendarSpec = {
  timezone: 'Asia/Ho_Chi_Minh',
  workingHours: [
    ['07:30', '11:30'],
    ['13:30', '17:00'],
  ],
  weekend: [0, 6],
  daysOff: ['2025-01-27'],
  extraWorkingDays: ['2025-04-26'],
};

async function run(args: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const years: number[] = [];
  const command = calendarCommand({
    loadDefaultCalendar: async (year) => {
      years.push(year);
      return defaultCalendarForYear(year).spec;
    },
    readTextFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
  });
  let code = 0;
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { out, err, code, years };
}

describe('calendar due', () => {
  it('prints the contract example: 5 working days from Friday 24 Jan 2025 across Tết', async () => {
    const r = await run(['due', '--from', '2025-01-24T10:00', '--days', '5', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      due: '2025-02-07T17:00:00+07:00',
      start: '2025-01-24T10:00:00+07:00',
      provisional: false,
    });
  });

  it('prints a short human line without --json', async () => {
    const r = await run(['due', '--from', '2025-01-24T10:00', '--days', '5']);
    expect(r.out).toBe(
      'due 2025-02-07T17:00:00+07:00: 5 working days from 2025-01-24T10:00:00+07:00\n',
    );
  });

  it('treats --days 0 as same day and --hours as working hours', async () => {
    const same = await run(['due', '--from', '2025-03-07T18:00', '--days', '0', '--json']);
    expect(JSON.parse(same.out)).toMatchObject({
      due: '2025-03-10T17:00:00+07:00',
      unit: 'same_day',
    });
    const hours = await run(['due', '--from', '2025-03-03T10:30', '--hours', '1.5', '--json']);
    expect(JSON.parse(hours.out)).toMatchObject({ due: '2025-03-03T14:00:00+07:00' });
  });

  it('reads an offset when --from carries one', async () => {
    const r = await run(['due', '--from', '2025-01-24T03:00:00Z', '--days', '5', '--json']);
    expect(JSON.parse(r.out).due).toBe('2025-02-07T17:00:00+07:00');
  });

  it('loads the next year when a due date crosses 31 December', async () => {
    const r = await run(['due', '--from', '2025-12-30T10:00', '--days', '30', '--json']);
    expect(JSON.parse(r.out).due).toBe('2026-02-11T17:00:00+07:00');
    expect(r.years).toEqual([2025, 2026]);
  });

  it('flags a due date computed on a provisional year', async () => {
    const r = await run(['due', '--from', '2030-03-04T10:00', '--days', '1', '--json']);
    expect(JSON.parse(r.out).provisional).toBe(true);
  });

  it('uses --calendar FILE instead of the tenant calendar', async () => {
    const r = await run(
      ['due', '--from', '2025-01-24T10:00', '--days', '5', '--json', '--calendar', 'cal.json'],
      { 'cal.json': JSON.stringify(FILE_SPEC) },
    );
    expect(JSON.parse(r.out).due).toBe('2025-02-03T17:00:00+07:00');
    expect(r.years).toEqual([]);
  });
});

describe('calendar working-days', () => {
  it('prints the contract example as {"count":N}', async () => {
    const r = await run(['working-days', '--from', '2025-01-20', '--to', '2025-02-10', '--json']);
    expect(r.out).toBe('{"count":11}\n');
  });

  it('counts with a calendar file', async () => {
    const r = await run(
      ['working-days', '--from', '2025-04-21', '--to', '2025-04-27', '--calendar', 'c.json'],
      { 'c.json': JSON.stringify(FILE_SPEC) },
    );
    expect(r.out).toBe('6 working days from 2025-04-21 to 2025-04-27\n');
  });
});

describe('calendar errors', () => {
  it.each([
    [['due', '--from', '2025-01-24', '--dyas', '5'], 'unknown_option'],
    [['due', '--days', '5'], 'missing_option'],
    [['due', '--from', '2025-01-24'], 'missing_option'],
    [['due', '--from', '2025-01-24', '--days', '1', '--hours', '2'], 'invalid_option'],
    [['due', '--from', '2025-01-24', '--days', '-1'], 'invalid_option'],
    [['due', '--from', '2025-01-24', '--hours', '0'], 'invalid_option'],
    [['due', '--from', '2025-02-30T10:00', '--days', '1'], 'calendar_bad_date'],
    [['due', '--from', 'tomorrow', '--days', '1'], 'calendar_bad_date'],
    [['working-days', '--from', '2025-01-20', '--to', '20/02/2025'], 'calendar_bad_date'],
    [['working-days', '--from', '2025-01-20'], 'missing_option'],
    [['due', '--from'], 'missing_argument'],
    [['nonsense'], 'unknown_command'],
  ])('prints one line and exits 2 for %j', async (args, code) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^error: ${code}: [^\\n]+\\n$`));
  });

  it('refuses a malformed or missing calendar file', async () => {
    const args = ['working-days', '--from', '2025-01-20', '--to', '2025-02-10', '--calendar'];
    const bad = await run([...args, 'bad.json'], {
      'bad.json': JSON.stringify({ ...FILE_SPEC, weekend: [9] }),
    });
    expect([bad.code, bad.err]).toEqual([
      2,
      'error: calendar_invalid: weekend[0]: not a weekday 0–6: 9\n',
    ]);
    const notJson = await run([...args, 'x.json'], { 'x.json': '{' });
    expect(notJson.err).toMatch(/^error: calendar_invalid: x\.json: not JSON/);
    const missing = await run([...args, 'none.json']);
    expect(missing.err).toMatch(/^error: calendar_file_unreadable: /);
  });

  it('exits 0 after --help', async () => {
    const r = await run(['due', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--hours <h>');
  });
});

describe('pure helpers', () => {
  it('compute the same as the command', () => {
    const cal = createDefaultCalendar();
    expect(calendarDue({ from: '2025-01-24T10:00', days: 5 }, cal).due).toBe(
      '2025-02-07T17:00:00+07:00',
    );
    expect(calendarWorkingDays({ from: '2025-01-20', to: '2025-02-10' }, cal)).toEqual({
      count: 11,
    });
    expect(
      calendarWorkingDays({ from: '2025-04-26', to: '2025-04-26' }, createCalendar(FILE_SPEC)),
    ).toEqual({ count: 1 });
  });
});
