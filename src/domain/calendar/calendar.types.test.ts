import { describe, expect, it } from 'vitest';
import { CalendarError } from './calendar.errors.js';
import { parseCalendarSpec } from './calendar.types.js';
import { buildSpec } from './test-support.js';

function codeAndField(fn: () => unknown): [string, unknown] {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalendarError) return [error.code, error.details.field];
    throw error;
  }
  throw new Error('expected a CalendarError');
}

describe('parseCalendarSpec', () => {
  it('accepts the CLI contract example', () => {
    const spec = parseCalendarSpec({
      timezone: 'Asia/Ho_Chi_Minh',
      workingHours: [
        ['07:30', '11:30'],
        ['13:30', '17:00'],
      ],
      weekend: [0, 6],
      daysOff: ['2025-01-27'],
      extraWorkingDays: ['2025-04-26'],
    });
    expect(spec.daysOff).toEqual(['2025-01-27']);
    expect(spec.extraWorkingDays).toEqual(['2025-04-26']);
  });

  it('keeps stored year tables readable by ignoring their metadata', () => {
    expect(parseCalendarSpec({ ...buildSpec(), year: 2025, status: 'official' }).timezone).toBe(
      'Asia/Ho_Chi_Minh',
    );
  });

  it.each([
    ['not an object', [], 'calendar'],
    ['an unknown zone', { ...buildSpec(), timezone: 'Mars/Olympus' }, 'timezone'],
    ['no working hours', { ...buildSpec(), workingHours: [] }, 'workingHours'],
    [
      'a period ending before it starts',
      { ...buildSpec(), workingHours: [['17:00', '07:30']] },
      'workingHours[0]',
    ],
    [
      'overlapping periods',
      {
        ...buildSpec(),
        workingHours: [
          ['07:30', '12:00'],
          ['11:00', '17:00'],
        ],
      },
      'workingHours[1]',
    ],
    ['a bad time', { ...buildSpec(), workingHours: [['7:30', '11:30']] }, 'workingHours[0]'],
    ['a weekday 7', { ...buildSpec(), weekend: [7] }, 'weekend[0]'],
    ['a bad day off', { ...buildSpec(), daysOff: ['2025-02-30'] }, 'daysOff[0]'],
    ['daysOff not an array', { ...buildSpec(), daysOff: '2025-01-01' }, 'daysOff'],
    [
      'a day both off and worked',
      { ...buildSpec(), daysOff: ['2025-04-26'], extraWorkingDays: ['2025-04-26'] },
      'extraWorkingDays',
    ],
  ])('refuses %s and names the field', (_label, json, field) => {
    expect(codeAndField(() => parseCalendarSpec(json))).toEqual(['calendar_invalid', field]);
  });
});
