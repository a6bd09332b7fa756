/**
 * Recurring citizen-reception rules (DOMAIN §9: heads of agencies receive citizens on a
 * published schedule). Offices publish a year at once from a rule such as "the 2nd Thursday of
 * each month"; the dates that fall on a public holiday or another day off are skipped, and the
 * preview names each skipped date with its reason. Pure: the working calendar comes in as a
 * predicate.
 *
 * Syntax (case-insensitive, words separated by spaces; docs/public-information.md):
 *
 *   weekly DAY              every DAY                         `weekly THU`, `weekly T5`
 *   monthly N DAY           the N-th DAY of each month (1–5)  `monthly 2 THU`
 *   monthly last DAY        the last DAY of each month        `monthly last FRI`
 *   monthly day D           day D of each month (1–31)        `monthly day 15`
 *
 * DAY is MON TUE WED THU FRI SAT SUN, or the Vietnamese T2 T3 T4 T5 T6 T7 CN (thứ Hai … Chủ
 * nhật). A month without that day (a 5th Thursday, a 31st) has no session that month.
 */
export type ReceptionRule =
  | { kind: 'weekly'; weekday: number }
  | { kind: 'monthly_nth'; nth: number; weekday: number }
  | { kind: 'monthly_last'; weekday: number }
  | { kind: 'monthly_day'; day: number };

export type RuleProblem =
  | 'empty'
  | 'unknown_frequency'
  | 'unknown_weekday'
  | 'ordinal_out_of_range'
  | 'day_out_of_range'
  | 'trailing_words';

export type ParsedRule = { ok: true; rule: ReceptionRule } | { ok: false; problem: RuleProblem };

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
const WEEKDAYS: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  cn: 0,
  t2: 1,
  t3: 2,
  t4: 3,
  t5: 4,
  t6: 5,
  t7: 6,
};

const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Reads a rule in the syntax above; answers the first problem found otherwise. */
export function parseReceptionRule(text: string): ParsedRule {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { ok: false, problem: 'empty' };
  const weekday = (word: string | undefined) =>
    word !== undefined && word in WEEKDAYS ? WEEKDAYS[word] : undefined;
  const done = (rule: ReceptionRule, used: number): ParsedRule =>
    words.length > used ? { ok: false, problem: 'trailing_words' } : { ok: true, rule };
  const [frequency, a, b] = words;
  if (frequency === 'weekly') {
    const w = weekday(a);
    return w === undefined
      ? { ok: false, problem: 'unknown_weekday' }
      : done({ kind: 'weekly', weekday: w }, 2);
  }
  if (frequency !== 'monthly') return { ok: false, problem: 'unknown_frequency' };
  if (a === 'day') {
    const day = Number(b);
    if (!/^\d{1,2}$/.test(b ?? '') || day < 1 || day > 31)
      return { ok: false, problem: 'day_out_of_range' };
    return done({ kind: 'monthly_day', day }, 3);
  }
  const w = weekday(b);
  if (a === 'last')
    return w === undefined
      ? { ok: false, problem: 'unknown_weekday' }
      : done({ kind: 'monthly_last', weekday: w }, 3);
  const nth = Number(a);
  if (!/^\d$/.test(a ?? '') || nth < 1 || nth > 5)
    return { ok: false, problem: 'ordinal_out_of_range' };
  if (w === undefined) return { ok: false, problem: 'unknown_weekday' };
  return done({ kind: 'monthly_nth', nth, weekday: w }, 3);
}

/** The rule written back in its canonical form (`monthly 2 THU`), as stored and shown. */
export function formatReceptionRule(rule: ReceptionRule): string {
  switch (rule.kind) {
    case 'weekly':
      return `weekly ${WEEKDAY_NAMES[rule.weekday]}`;
    case 'monthly_nth':
      return `monthly ${rule.nth} ${WEEKDAY_NAMES[rule.weekday]}`;
    case 'monthly_last':
      return `monthly last ${WEEKDAY_NAMES[rule.weekday]}`;
    case 'monthly_day':
      return `monthly day ${rule.day}`;
  }
}

export interface SkippedDate {
  date: string;
  reason: 'day_off';
}

export interface RuleDates {
  /** Dates to hold a session on (YYYY-MM-DD, ascending). */
  dates: string[];
  /** Dates the rule gave that are not working days (public holiday, weekend, other day off). */
  skipped: SkippedDate[];
}

/**
 * Every date from `from` to `to` (inclusive, YYYY-MM-DD) that the rule gives, split into the
 * working days (sessions) and the days off (skipped, never moved: an office that wants another
 * day adds it by hand).
 */
export function datesForRule(
  rule: ReceptionRule,
  range: { from: string; to: string },
  isWorkingDay: (date: string) => boolean,
): RuleDates {
  const result: RuleDates = { dates: [], skipped: [] };
  for (const date of candidates(rule, range.from, range.to)) {
    if (isWorkingDay(date)) result.dates.push(date);
    else result.skipped.push({ date, reason: 'day_off' });
  }
  return result;
}

function candidates(rule: ReceptionRule, from: string, to: string): string[] {
  const start = toDay(from);
  const end = toDay(to);
  const out: string[] = [];
  if (rule.kind === 'weekly') {
    const first = start + ((rule.weekday - weekdayOf(start) + 7) % 7);
    for (let d = first; d <= end; d += 7) out.push(fromDay(d));
    return out;
  }
  const s = new Date(start * DAY_MS);
  let y = s.getUTCFullYear();
  let m = s.getUTCMonth();
  while (Date.UTC(y, m, 1) / DAY_MS <= end) {
    const day = dayInMonth(rule, y, m);
    if (day !== null && day >= start && day <= end) out.push(fromDay(day));
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}

/** The epoch day the rule picks in month `m` (0-based) of `y`, or null when it has none. */
function dayInMonth(rule: ReceptionRule, y: number, m: number): number | null {
  const first = Date.UTC(y, m, 1) / DAY_MS;
  const length = Date.UTC(y, m + 1, 1) / DAY_MS - first;
  switch (rule.kind) {
    case 'monthly_day':
      return rule.day <= length ? first + rule.day - 1 : null;
    case 'monthly_nth': {
      const offset = ((rule.weekday - weekdayOf(first) + 7) % 7) + (rule.nth - 1) * 7;
      return offset < length ? first + offset : null;
    }
    case 'monthly_last': {
      const last = first + length - 1;
      return last - ((weekdayOf(last) - rule.weekday + 7) % 7);
    }
    case 'weekly':
      return null;
  }
}

const DAY_MS = 86_400_000;

function toDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}
