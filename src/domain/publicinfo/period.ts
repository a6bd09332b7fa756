/**
 * The report period of citizen-reception statistics: a calendar year, or one of its quarters
 * (provinces report their reception of citizens quarterly as well as yearly). Periods are
 * Vietnam calendar dates: a session's date is its local date in Asia/Ho_Chi_Minh, so one on the
 * evening of 31 March belongs to the first quarter wherever the server runs. Pure.
 */

export const QUARTERS = [1, 2, 3, 4] as const;
export type Quarter = (typeof QUARTERS)[number];

/** The years statistics can be asked for. */
export const STATS_FIRST_YEAR = 2000;
export const STATS_LAST_YEAR = 2100;

export interface ReportPeriod {
  year: number;
  /** null: the whole year. */
  quarter: Quarter | null;
  /** First and last day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

export type PeriodProblem =
  | { field: 'year'; problem: 'year_invalid' }
  | { field: 'quarter'; problem: 'quarter_invalid' };

const LAST_DAY = ['03-31', '06-30', '09-30', '12-31'] as const;

/** The first and last day of a year, or of one of its quarters. */
export function reportPeriod(year: number, quarter: Quarter | null = null): ReportPeriod {
  const y = String(year).padStart(4, '0');
  if (quarter === null) return { year, quarter, from: `${y}-01-01`, to: `${y}-12-31` };
  const firstMonth = String(quarter * 3 - 2).padStart(2, '0');
  return { year, quarter, from: `${y}-${firstMonth}-01`, to: `${y}-${LAST_DAY[quarter - 1]}` };
}

/** The quarter a Vietnam date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): Quarter {
  return Math.ceil(Number(date.slice(5, 7)) / 3) as Quarter;
}

/**
 * Reads a period as typed in a query or on the command line: a year `2000`–`2100` (absent:
 * `defaultYear`) and an optional quarter `1`–`4`, also written `Q1`–`Q4` or `I`–`IV` as
 * Vietnamese reports write it (Quý I). Answers every problem found, never a guess.
 */
export function readReportPeriod(
  input: { year?: string | number | undefined; quarter?: string | number | undefined },
  defaultYear: number,
): { ok: true; period: ReportPeriod } | { ok: false; problems: PeriodProblem[] } {
  const problems: PeriodProblem[] = [];
  let year = defaultYear;
  if (input.year !== undefined) {
    const raw = String(input.year).trim();
    year = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(year >= STATS_FIRST_YEAR && year <= STATS_LAST_YEAR))
      problems.push({ field: 'year', problem: 'year_invalid' });
  }
  let quarter: Quarter | null = null;
  if (input.quarter !== undefined) {
    const found = readQuarter(String(input.quarter));
    if (found === null) problems.push({ field: 'quarter', problem: 'quarter_invalid' });
    else quarter = found;
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, period: reportPeriod(year, quarter) };
}

const ROMAN: Record<string, Quarter> = { I: 1, II: 2, III: 3, IV: 4 };

function readQuarter(raw: string): Quarter | null {
  const text = raw.trim().toUpperCase();
  const digits = /^Q?([1-4])$/.exec(text);
  if (digits) return Number(digits[1]) as Quarter;
  return ROMAN[text] ?? null;
}

/**
 * The period as a report names it, in both languages: `2026`, or `Quý I/2026 (Q1 2026)`.
 * The year alone stays the bare year, as the yearly CSV always named it.
 */
export function periodName(period: Pick<ReportPeriod, 'year' | 'quarter'>): string {
  if (period.quarter === null) return String(period.year);
  const roman = ['I', 'II', 'III', 'IV'][period.quarter - 1];
  return `Quý ${roman}/${period.year} (Q${period.quarter} ${period.year})`;
}

/** The period in a file name: `2026`, `2026-Q1`. */
export function periodSlug(period: Pick<ReportPeriod, 'year' | 'quarter'>): string {
  return period.quarter === null ? String(period.year) : `${period.year}-Q${period.quarter}`;
}
