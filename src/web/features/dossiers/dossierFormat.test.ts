import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  dueState,
  fieldErrors,
  isCitizenId,
  isPhone,
  isTaxCode,
  localInputToIso,
  monthToDate,
  nonEmptyLines,
  splitWorkingMinutes,
} from './dossierFormat.js';

describe('applicant format checks on the reception screen', () => {
  it('accepts a 12-digit citizen ID with a province code and refuses other shapes', () => {
    expect(isCitizenId('001090012345')).toBe(true);
    expect(isCitizenId('000090012345')).toBe(false);
    expect(isCitizenId('097090012345')).toBe(false);
    expect(isCitizenId('00109001234')).toBe(false);
    expect(isCitizenId('00109001234a')).toBe(false);
  });

  it('accepts 10-digit, branch (10-3) and personal-ID tax codes', () => {
    expect(isTaxCode('0101234567')).toBe(true);
    expect(isTaxCode('0101234567-001')).toBe(true);
    expect(isTaxCode('0101234567001')).toBe(true);
    expect(isTaxCode('001090012345')).toBe(true);
    expect(isTaxCode('010123456')).toBe(false);
  });

  it('accepts Vietnamese phone numbers with spaces or +84', () => {
    expect(isPhone('0912 345 678')).toBe(true);
    expect(isPhone('+84912345678')).toBe(true);
    expect(isPhone('912345678')).toBe(false);
  });
});

describe('the legal clock on screen', () => {
  it('splits working minutes into 7.5-hour working days, hours and minutes', () => {
    expect(splitWorkingMinutes(450 * 3 + 125)).toEqual({
      overdue: false,
      days: 3,
      hours: 2,
      minutes: 5,
    });
    expect(splitWorkingMinutes(-90)).toEqual({ overdue: true, days: 0, hours: 1, minutes: 30 });
  });

  it('marks a row overdue, due today, paused or finished from its dates', () => {
    const now = new Date('2025-03-03T03:00:00Z'); // 10:00 in Vietnam
    const row = { finishedAt: null, pausedSince: null, overdue: false };
    expect(dueState({ ...row, dueAt: '2025-03-03T17:00:00+07:00' }, now)).toBe('today');
    expect(dueState({ ...row, dueAt: '2025-03-03T08:00:00+07:00' }, now)).toBe('overdue');
    expect(dueState({ ...row, dueAt: '2025-03-05T17:00:00+07:00' }, now)).toBe('soon');
    expect(dueState({ ...row, dueAt: '2025-03-20T17:00:00+07:00' }, now)).toBe('ok');
    expect(dueState({ ...row, dueAt: null, overdue: true }, now)).toBe('overdue');
    expect(
      dueState({ ...row, dueAt: '2025-03-20T17:00:00+07:00', pausedSince: '2025-03-01' }, now),
    ).toBe('paused');
    expect(
      dueState({ ...row, dueAt: '2025-03-01T17:00:00+07:00', finishedAt: '2025-03-01' }, now),
    ).toBe('finished');
    expect(daysUntil('2025-03-05T17:00:00+07:00', now)).toBe(2);
  });
});

describe('form plumbing', () => {
  it("maps the server's issues to fields, first message wins", () => {
    expect(
      fieldErrors({
        issues: [
          { path: '/applicant/idNumber', message: 'a' },
          { path: '/applicant/idNumber', message: 'b' },
          { path: '/delivery/address', message: 'c' },
        ],
      }),
    ).toEqual({ '/applicant/idNumber': 'a', '/delivery/address': 'c' });
    expect(fieldErrors(undefined)).toEqual({});
  });

  it('reads lines, month ranges and local date-times in Vietnam time', () => {
    expect(nonEmptyLines(' a \n\n b\r\n')).toEqual(['a', 'b']);
    expect(monthToDate(new Date('2025-03-31T18:00:00Z'))).toEqual({
      from: '2025-04-01',
      to: '2025-04-01',
    });
    expect(localInputToIso('2025-03-10T17:00')).toBe('2025-03-10T17:00:00+07:00');
    expect(localInputToIso('bad')).toBeNull();
  });
});
