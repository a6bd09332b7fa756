import {
  type CalendarYearTable,
  DEFAULT_TIMEZONE,
  DEFAULT_WEEKEND,
  DEFAULT_WORKING_HOURS,
} from './calendar.types.js';

/**
 * Official civil-servant year tables copied from the government's annual holiday notices
 * (DOMAIN §5). Only days this project could establish are listed; each `source` says where a
 * day comes from and what could not be checked. A tenant can override a year with its own table.
 */
export const OFFICIAL_YEARS: readonly CalendarYearTable[] = [
  {
    year: 2025,
    status: 'official',
    source:
      'Tết: off Sat 25 Jan – Sun 2 Feb 2025 (9 days, weekdays 27–31 Jan = 28th of the 12th to 3rd ' +
      'of the 1st lunar month), per the Prime Minister’s decision conveyed by Government Office ' +
      'letter 8726/VPCP-KGVX of 26 Nov 2024 (DOMAIN §5). 30 April–1 May: off Wed 30 Apr – Sun 4 May ' +
      'with Fri 2 May swapped for Sat 26 Apr worked, per the MOLISA notice on 2025 holidays ' +
      '(reported as 6150/TB-LĐTBXH; the number was not re-checked). Hùng Kings: Mon 7 Apr ' +
      '(10/3 lunar). National Day: 1–2 Sept, as the government chose from 2025. 1 Jan: Wed 1 Jan only.',
    timezone: DEFAULT_TIMEZONE,
    workingHours: DEFAULT_WORKING_HOURS,
    weekend: DEFAULT_WEEKEND,
    daysOff: [
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ],
    extraWorkingDays: ['2025-04-26'],
  },
  {
    year: 2026,
    status: 'official',
    source:
      'Tết: off Sat 14 Feb – Sun 22 Feb 2026 (weekdays 16–20 Feb), as approved on the Ministry of ' +
      'Home Affairs’ proposal (DOMAIN §5). Hùng Kings: Sun 26 Apr, compensated Mon 27 Apr ' +
      '(DOMAIN §5). 30 April (Thu) and 1 May (Fri). 1 Jan (Thu) only: a proposed swap making ' +
      '1–4 Jan a 4-day break was NOT verified and is not included. National Day: 2 Sept (Wed) ' +
      'with 1 Sept as the adjacent day is an ASSUMPTION (reports mention a proposed 5-day break ' +
      'whose days were not verified); check the annual notice and override with a confirmed table.',
    timezone: DEFAULT_TIMEZONE,
    workingHours: DEFAULT_WORKING_HOURS,
    weekend: DEFAULT_WEEKEND,
    daysOff: [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ],
    extraWorkingDays: [],
  },
];
