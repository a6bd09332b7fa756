import { IndicesError } from './errors.js';
import type { LocalizedText } from './format.js';

/** The kinds of reporting period (DOMAIN §6: month, quarter, six months, year, any date range). */
export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'range';

/** A reporting period with inclusive calendar bounds (dates in Asia/Ho_Chi_Minh, no time). */
export interface Period {
  kind: PeriodKind;
  /** Canonical text that parses back to the same period: "2025", "2025-H1", "2025-Q1",
   * "2025-03", "2025-01-01..2025-03-31". */
  key: string;
  label: LocalizedText;
  /** YYYY-MM-DD, first day. */
  from: string;
  /** YYYY-MM-DD, last day, inclusive. */
  to: string;
}

/** What {@link parsePeriod} accepts. */
export type PeriodInput = string | { from: string; to: string };

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DAY_MS = 86_400_000;

function invalid(input: PeriodInput, why: string): IndicesError {
  const shown = typeof input === 'string' ? input : `${input.from}..${input.to}`;
  return new IndicesError('period_invalid', `invalid period "${shown}": ${why}`, { input });
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days since 1970-01-01 for a valid ISO date; UTC keeps the arithmetic clear of the server zone. */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

function checkYear(year: number, input: PeriodInput): number {
  if (year < 1900 || year > 9999) throw invalid(input, 'year must be between 1900 and 9999');
  return year;
}

function parseIsoDate(text: string, input: PeriodInput): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw invalid(input, `"${text}" is not a YYYY-MM-DD date`);
  const year = checkYear(Number(m[1]), input);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid(input, `"${text}" is not a calendar date`);
  }
  return text;
}

function yearPeriod(year: number): Period {
  return {
    kind: 'year',
    key: pad(year, 4),
    label: { vi: `Năm ${year}`, en: `${year}` },
    from: iso(year, 1, 1),
    to: iso(year, 12, 31),
  };
}

function halfPeriod(year: number, half: 1 | 2): Period {
  return {
    kind: 'half',
    key: `${pad(year, 4)}-H${half}`,
    label: {
      vi: half === 1 ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`,
      en: `H${half} ${year}`,
    },
    from: half === 1 ? iso(year, 1, 1) : iso(year, 7, 1),
    to: half === 1 ? iso(year, 6, 30) : iso(year, 12, 31),
  };
}

function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return {
    kind: 'quarter',
    key: `${pad(year, 4)}-Q${quarter}`,
    label: { vi: `Quý ${quarter}/${year}`, en: `Q${quarter} ${year}` },
    from: iso(year, first, 1),
    to: iso(year, first + 2, daysInMonth(year, first + 2)),
  };
}

function monthPeriod(year: number, month: number): Period {
  return {
    kind: 'month',
    key: `${pad(year, 4)}-${pad(month)}`,
    label: { vi: `Tháng ${month}/${year}`, en: `${MONTHS_EN[month - 1]} ${year}` },
    from: iso(year, month, 1),
    to: iso(year, month, daysInMonth(year, month)),
  };
}

function rangePeriod(from: string, to: string): Period {
  return {
    kind: 'range',
    key: `${from}..${to}`,
    label: { vi: `Từ ${viDate(from)} đến ${viDate(to)}`, en: `${from} to ${to}` },
    from,
    to,
  };
}

/**
 * Parses a reporting period (DOMAIN §6: month, quarter, six months, year, any date range):
 * "2025", "2025-H1", "2025-Q1", "2025-03", "2025-01-01..2025-03-31" or `{ from, to }` with
 * inclusive YYYY-MM-DD bounds. Letters may be lower case. Labels follow administrative usage
 * ("Quý 1/2025", "6 tháng đầu năm 2025"). Throws `IndicesError('period_invalid')` on anything
 * else, on a date that does not exist, or on a range that ends before it starts.
 */
export function parsePeriod(input: PeriodInput): Period {
  if (typeof input === 'object' && input !== null) {
    if (typeof input.from !== 'string' || typeof input.to !== 'string') {
      throw invalid(input, 'from and to must be YYYY-MM-DD strings');
    }
    const from = parseIsoDate(input.from, input);
    const to = parseIsoDate(input.to, input);
    if (to < from) throw invalid(input, 'the range ends before it starts');
    return rangePeriod(from, to);
  }
  if (typeof input !== 'string') throw invalid(String(input), 'expected a string or { from, to }');
  const text = input.trim().toUpperCase();
  let m = /^(\d{4})$/.exec(text);
  if (m) return yearPeriod(checkYear(Number(m[1]), input));
  m = /^(\d{4})-H([12])$/.exec(text);
  if (m) return halfPeriod(checkYear(Number(m[1]), input), Number(m[2]) as 1 | 2);
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) return quarterPeriod(checkYear(Number(m[1]), input), Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw invalid(input, 'month must be 01..12');
    return monthPeriod(checkYear(Number(m[1]), input), month);
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) return parsePeriod({ from: m[1] as string, to: m[2] as string });
  throw invalid(input, 'expected YYYY, YYYY-H1|H2, YYYY-Q1..Q4, YYYY-MM or a date range');
}

/**
 * The period of the same kind and length immediately before (for comparisons "against the same
 * period last time"): the previous year, half, quarter or month; for a date range, the same
 * number of days ending the day before it starts (this project's rule). Throws
 * `IndicesError('period_invalid')` if that would fall before the year 1900.
 */
export function previousPeriod(period: Period): Period {
  const year = Number(period.from.slice(0, 4));
  const month = Number(period.from.slice(5, 7));
  let prev: Period;
  switch (period.kind) {
    case 'year':
      prev = yearPeriod(year - 1);
      break;
    case 'half':
      prev = month === 1 ? halfPeriod(year - 1, 2) : halfPeriod(year, 1);
      break;
    case 'quarter': {
      const q = (month - 1) / 3 + 1;
      prev = q === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, q - 1);
      break;
    }
    case 'month':
      prev = month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
      break;
    case 'range': {
      const start = dayNumber(period.from);
      const length = dayNumber(period.to) - start + 1;
      prev = rangePeriod(fromDayNumber(start - length), fromDayNumber(start - 1));
      break;
    }
    default: {
      const never: never = period.kind;
      throw new TypeError(`unknown period kind ${String(never)}`);
    }
  }
  if (prev.from < '1900-01-01') throw invalid(period.key, 'the previous period is before 1900');
  return prev;
}

/** Number of calendar days in a period, both bounds included. */
export function periodDays(period: Pick<Period, 'from' | 'to'>): number {
  return dayNumber(period.to) - dayNumber(period.from) + 1;
}

/**
 * Whether something valid from `validFrom` to `validTo` (YYYY-MM-DD, inclusive; null = open) existed
 * on at least one day of the period. Units dissolved in the July 2025 reorganisation keep their
 * history but have no place in a 2026 ranking.
 */
export function overlapsPeriod(
  validity: { validFrom: string | null; validTo: string | null },
  period: Pick<Period, 'from' | 'to'>,
): boolean {
  return (
    (validity.validTo === null || validity.validTo >= period.from) &&
    (validity.validFrom === null || validity.validFrom <= period.to)
  );
}
