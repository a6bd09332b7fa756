import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar, isWorkingDay } from '../calendar/index.js';
import {
  buildIcs,
  datesForRule,
  decideReception,
  escapeIcsText,
  foldIcsLine,
  formatPhone,
  formatReceptionRule,
  isIsoDate,
  isTimeRange,
  parsePhone,
  parseReceptionRule,
  type ReceptionRule,
  telUri,
} from './index.js';

const rule = (text: string): ReceptionRule => {
  const parsed = parseReceptionRule(text);
  if (!parsed.ok) throw new Error(`bad rule ${text}: ${parsed.problem}`);
  return parsed.rule;
};
const everyDayWorks = () => true;

describe('Vietnamese phone numbers', () => {
  it.each([
    ['0912 345 678', 'mobile', '0912345678', '0912 345 678'],
    ['+84 912.345.678', 'mobile', '0912345678', '0912 345 678'],
    ['84912345678', 'mobile', '0912345678', '0912 345 678'],
    ['(024) 3822-1111', 'landline', '02438221111', '024 3822 1111'],
    ['0084 236 3822 111', 'landline', '02363822111', '0236 382 2111'],
    ['1800 1096', 'service', '18001096', '1800 1096'],
    ['1900-123-456', 'service', '1900123456', '1900 123 456'],
    ['1022', 'short', '1022', '1022'],
    ['111', 'short', '111', '111'],
  ])('reads %s as a %s number', (input, kind, normalised, grouped) => {
    expect(parsePhone(input)).toEqual({ kind, normalised });
    expect(formatPhone(normalised)).toBe(grouped);
  });

  it.each([
    '0123456789', // old 11-digit mobile prefixes were renumbered in 2018
    '091234567',
    '09123456789',
    '0438221111', // fixed line without the 2017 "2"
    '1700 1234',
    '12',
    'hotline',
    '+1 212 555 0100',
    '',
  ])('refuses %j', (input) => {
    expect(parsePhone(input)).toBeNull();
  });

  it('links mobile and fixed lines internationally, service numbers as dialled', () => {
    expect(telUri('0912345678')).toBe('tel:+84912345678');
    expect(telUri('02438221111')).toBe('tel:+842438221111');
    expect(telUri('18001096')).toBe('tel:18001096');
  });

  it('normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0[35789]\d{8}$/), (n) => {
        const once = parsePhone(formatPhone(n));
        expect(once?.normalised).toBe(n);
      }),
    );
  });
});

describe('reception rules', () => {
  it('reads the documented syntax, Vietnamese day names included', () => {
    expect(parseReceptionRule('weekly THU')).toEqual({
      ok: true,
      rule: { kind: 'weekly', weekday: 4 },
    });
    expect(parseReceptionRule('  Monthly 2 t5 ')).toEqual({
      ok: true,
      rule: { kind: 'monthly_nth', nth: 2, weekday: 4 },
    });
    expect(formatReceptionRule(rule('monthly last cn'))).toBe('monthly last SUN');
    expect(formatReceptionRule(rule('monthly day 15'))).toBe('monthly day 15');
  });

  it.each([
    ['', 'empty'],
    ['daily', 'unknown_frequency'],
    ['weekly THURSDAY', 'unknown_weekday'],
    ['monthly 6 THU', 'ordinal_out_of_range'],
    ['monthly 0 THU', 'ordinal_out_of_range'],
    ['monthly day 32', 'day_out_of_range'],
    ['weekly THU please', 'trailing_words'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseReceptionRule(text)).toEqual({ ok: false, problem });
  });

  it('gives the 2nd Thursday of each month of 2025', () => {
    const { dates } = datesForRule(
      rule('monthly 2 THU'),
      { from: '2025-01-01', to: '2025-12-31' },
      everyDayWorks,
    );
    expect(dates).toHaveLength(12);
    expect(dates.slice(0, 3)).toEqual(['2025-01-09', '2025-02-13', '2025-03-13']);
    for (const d of dates) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(4);
  });

  it('has no session in a month without a 5th Thursday', () => {
    const { dates } = datesForRule(
      rule('monthly 5 THU'),
      { from: '2025-01-01', to: '2025-12-31' },
      everyDayWorks,
    );
    // 2025 has five Thursdays in January, May, July, October only.
    expect(dates).toEqual(['2025-01-30', '2025-05-29', '2025-07-31', '2025-10-30']);
  });

  it('gives the last Friday and day 31 only where the month has one', () => {
    const last = datesForRule(
      rule('monthly last FRI'),
      { from: '2025-02-01', to: '2025-03-31' },
      everyDayWorks,
    );
    expect(last.dates).toEqual(['2025-02-28', '2025-03-28']);
    const day31 = datesForRule(
      rule('monthly day 31'),
      { from: '2025-01-01', to: '2025-06-30' },
      everyDayWorks,
    );
    expect(day31.dates).toEqual(['2025-01-31', '2025-03-31', '2025-05-31']);
  });

  it('skips public holidays and weekends of the working calendar, naming each', () => {
    const calendar = createDefaultCalendar();
    const working = (d: string) => isWorkingDay(calendar, d);
    // 2025: Reunification Day 30 April and Labour Day 1 May (a Thursday) are days off.
    const weekly = datesForRule(
      rule('weekly THU'),
      { from: '2025-04-21', to: '2025-05-12' },
      working,
    );
    expect(weekly.dates).toEqual(['2025-04-24', '2025-05-08']);
    expect(weekly.skipped).toEqual([{ date: '2025-05-01', reason: 'day_off' }]);
    const saturday = datesForRule(
      rule('monthly day 15'),
      { from: '2025-03-01', to: '2025-03-31' },
      working,
    );
    expect(saturday.skipped.map((s) => s.date)).toEqual(['2025-03-15']);
  });

  it('gives every weekday of a weekly rule inside the range, one week apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 }),
        (weekday, start, span) => {
          const from = start.toISOString().slice(0, 10);
          const to = new Date(start.getTime() + span * 86_400_000).toISOString().slice(0, 10);
          const { dates } = datesForRule({ kind: 'weekly', weekday }, { from, to }, everyDayWorks);
          for (const d of dates) {
            expect(d >= from && d <= to).toBe(true);
            expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(weekday);
          }
          expect(dates.length).toBeGreaterThanOrEqual(Math.floor((span + 1) / 7));
        },
      ),
    );
  });
});

describe('reception sessions', () => {
  const base = { state: 'scheduled' as const, date: '2025-03-13', today: '2025-03-13' };

  it('changes only a scheduled session', () => {
    expect(decideReception({ ...base, action: 'reschedule' })).toEqual({
      ok: true,
      to: 'rescheduled',
    });
    expect(decideReception({ ...base, state: 'held', action: 'cancel', reason: 'x' })).toEqual({
      ok: false,
      reason: 'not_scheduled',
    });
  });

  it('needs a reason to cancel and records an outcome only from the day itself', () => {
    expect(decideReception({ ...base, action: 'cancel', reason: '  ' })).toEqual({
      ok: false,
      reason: 'reason_required',
    });
    expect(decideReception({ ...base, action: 'hold', today: '2025-03-12' })).toEqual({
      ok: false,
      reason: 'not_yet_held',
    });
    expect(decideReception({ ...base, action: 'hold' })).toEqual({ ok: true, to: 'held' });
  });

  it('checks dates and time ranges', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isTimeRange('08:00', '11:30')).toBe(true);
    expect(isTimeRange('14:00', '08:00')).toBe(false);
    expect(isTimeRange('8:00', '11:00')).toBe(false);
  });
});

describe('iCalendar', () => {
  it('escapes backslashes, semicolons, commas and line breaks', () => {
    expect(escapeIcsText('Phòng 1; tầng 2, số 3\\4\nghi chú')).toBe(
      'Phòng 1\\; tầng 2\\, số 3\\\\4\\nghi chú',
    );
  });

  it('folds long lines at 75 octets without splitting a Vietnamese letter', () => {
    const line = `LOCATION:${'Trụ sở Ủy ban nhân dân tỉnh, '.repeat(5)}`;
    const folded = foldIcsLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('writes one VEVENT per session with local times in Vietnam time', () => {
    const text = buildIcs({
      name: 'Lịch tiếp công dân',
      stamp: new Date('2025-03-01T00:00:00Z'),
      events: [
        {
          uid: 'reception-7@T1',
          date: '2025-03-13',
          start: '08:00',
          end: '11:30',
          summary: 'Tiếp công dân: Nguyễn Văn A, Giám đốc',
          location: 'Phòng tiếp dân; số 1',
          description: '',
          cancelled: false,
        },
      ],
    });
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh');
    expect(text).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20250313T080000\r\n');
    expect(text).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20250313T113000\r\n');
    expect(text).toContain('SUMMARY:Tiếp công dân: Nguyễn Văn A\\, Giám đốc\r\n');
    expect(text).toContain('LOCATION:Phòng tiếp dân\\; số 1\r\n');
    expect(text).toContain('DTSTAMP:20250301T000000Z');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // No revision given, none written; an edited event carries its revision.
    expect(text).not.toContain('SEQUENCE');
    const edited = buildIcs({
      name: 'Lịch',
      stamp: new Date('2025-03-01T00:00:00Z'),
      events: [
        {
          uid: 'reception-7@T1',
          date: '2025-03-13',
          start: '14:00',
          end: '16:30',
          summary: 'Tiếp công dân',
          location: 'Hội trường',
          description: '',
          cancelled: false,
          sequence: 2,
        },
      ],
    });
    expect(edited).toContain('DTSTAMP:20250301T000000Z\r\nSEQUENCE:2\r\n');
  });
});
