import { type LocalizedText, round2 } from '../indices/index.js';
import { describePlaces } from './results.js';

/**
 * External results (DOMAIN §7 last point): the province's own score and rank in national
 * indices, imported each year and shown as trends beside the internal annual index. Pure rules:
 * which indices exist, what a valid row is, and how a year compares with the previous one.
 */

/** The national indices a province is ranked in; the list grows here, not in the database. */
export const EXTERNAL_INDICES = ['par_index', 'sipas', 'papi', 'pci', 'dti', 'ict_index'] as const;
export type ExternalIndex = (typeof EXTERNAL_INDICES)[number];

export const EXTERNAL_INDEX_NAMES: Record<ExternalIndex, LocalizedText> = {
  par_index: { vi: 'Chỉ số CCHC (PAR INDEX)', en: 'PAR INDEX' },
  sipas: { vi: 'Chỉ số hài lòng (SIPAS)', en: 'Satisfaction index (SIPAS)' },
  papi: { vi: 'Chỉ số PAPI', en: 'PAPI' },
  pci: { vi: 'Chỉ số năng lực cạnh tranh (PCI)', en: 'Competitiveness index (PCI)' },
  dti: { vi: 'Chỉ số chuyển đổi số (DTI)', en: 'Digital transformation index (DTI)' },
  ict_index: { vi: 'Chỉ số ICT Index', en: 'ICT Index' },
};

export const isExternalIndex = (code: string): code is ExternalIndex =>
  (EXTERNAL_INDICES as readonly string[]).includes(code);

/** The CSV header of an import, in this order. */
export const EXTERNAL_COLUMNS = ['index', 'year', 'score', 'rank', 'out_of', 'note'] as const;
export type ExternalColumn = (typeof EXTERNAL_COLUMNS)[number];

export const EXTERNAL_FIRST_YEAR = 2000;
export const EXTERNAL_NOTE_MAX = 500;

export interface ExternalResult {
  index: ExternalIndex;
  year: number;
  /** 0..100, 2 decimals; null when only the rank was published. */
  score: number | null;
  rank: number | null;
  /** How many provinces were ranked: 63 before 2025, 34 from 2025. */
  outOf: number | null;
  note: string | null;
}

/** One bad value: the column it is in and why. */
export interface ExternalProblem {
  column: ExternalColumn;
  message: string;
}

/**
 * Checks one result: a known index, a year from 2000 to `lastYear` (results of a year not yet
 * over do not exist), a score 0..100 with at most 2 decimals, a rank and a count of provinces
 * that are positive whole numbers with rank ≤ out_of, a note of at most 500 characters.
 */
export function checkExternalResult(
  r: {
    index: string;
    year: number;
    score: number | null;
    rank: number | null;
    outOf: number | null;
    note: string | null;
  },
  lastYear: number,
): ExternalProblem[] {
  const problems: ExternalProblem[] = [];
  if (!isExternalIndex(r.index))
    problems.push({
      column: 'index',
      message: `${r.index || '(empty)'} is not one of ${EXTERNAL_INDICES.join(', ')}`,
    });
  if (!Number.isInteger(r.year) || r.year < EXTERNAL_FIRST_YEAR || r.year > lastYear)
    problems.push({
      column: 'year',
      message: `must be a year from ${EXTERNAL_FIRST_YEAR} to ${lastYear}`,
    });
  if (r.score !== null && !(r.score >= 0 && r.score <= 100 && round2(r.score) === r.score))
    problems.push({ column: 'score', message: 'must be 0..100 with at most 2 decimals' });
  const whole = (n: number | null) => n === null || (Number.isInteger(n) && n >= 1);
  if (!whole(r.rank)) problems.push({ column: 'rank', message: 'must be a whole number from 1' });
  if (!whole(r.outOf))
    problems.push({ column: 'out_of', message: 'must be a whole number from 1' });
  else if (whole(r.rank) && r.rank !== null && r.outOf !== null && r.rank > r.outOf)
    problems.push({ column: 'rank', message: `must not exceed out_of (${r.outOf})` });
  if (r.score === null && r.rank === null)
    problems.push({ column: 'score', message: 'a score or a rank is needed' });
  if (r.note !== null && r.note.length > EXTERNAL_NOTE_MAX)
    problems.push({ column: 'note', message: `at most ${EXTERNAL_NOTE_MAX} characters` });
  return problems;
}

/** A bad cell of an import: `row` counts the file's lines from 1 (the header is row 1). */
export interface ExternalRowProblem extends ExternalProblem {
  row: number;
}

/** "12,5" (a Vietnamese spreadsheet) reads as 12.5; empty is null; anything else NaN. */
function readNumber(text: string): number | null {
  if (text === '') return null;
  return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
}

/**
 * Reads an import (`index,year,score,rank,out_of,note`, header first): every row is checked
 * and every problem listed with its row and column; an (index, year) pair may appear once.
 * The caller writes nothing unless the list is empty.
 */
export function validateExternalRows(
  records: readonly string[][],
  lastYear: number,
): { ok: true; rows: ExternalResult[] } | { ok: false; problems: ExternalRowProblem[] } {
  const [header, ...body] = records;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  if (
    EXTERNAL_COLUMNS.some((c, i) => columns[i] !== c && !(c === 'note' && columns[i] === undefined))
  )
    return {
      ok: false,
      problems: [
        { row: 1, column: 'index', message: `the header must be ${EXTERNAL_COLUMNS.join(',')}` },
      ],
    };
  const problems: ExternalRowProblem[] = [];
  const rows: ExternalResult[] = [];
  const seen = new Set<string>();
  body.forEach((record, i) => {
    const row = i + 2;
    // Blank lines (a spreadsheet's trailing ones) are skipped; rows keep the file's numbering.
    if (record.every((c) => c.trim() === '')) return;
    const [index = '', yearText = '', scoreText = '', rankText = '', outOfText = '', note = ''] =
      record.map((v) => v.trim());
    const before = problems.length;
    const bad = (column: ExternalColumn, message: string) =>
      problems.push({ row, column, message });
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
    const score = readNumber(scoreText);
    const rank = readNumber(rankText);
    const outOf = readNumber(outOfText);
    if (Number.isNaN(score)) bad('score', 'must be a number');
    if (Number.isNaN(rank)) bad('rank', 'must be a whole number');
    if (Number.isNaN(outOf)) bad('out_of', 'must be a whole number');
    const candidate = {
      index: index.toLowerCase(),
      year,
      score: Number.isNaN(score) ? null : score,
      rank: Number.isNaN(rank) ? null : rank,
      outOf: Number.isNaN(outOf) ? null : outOf,
      note: note === '' ? null : note,
    };
    // An unquoted separator inside the note would cut it silently: refuse it instead.
    if (record.length > EXTERNAL_COLUMNS.length)
      bad('note', 'too many columns: put a note holding the separator in double quotes');
    for (const p of checkExternalResult(candidate, lastYear))
      if (!problems.some((q) => q.row === row && q.column === p.column)) bad(p.column, p.message);
    const key = `${candidate.index}\u0000${yearText}`;
    if (seen.has(key)) bad('year', 'this index and year appear twice');
    seen.add(key);
    if (problems.length === before) rows.push(candidate as ExternalResult);
  });
  if (rows.length === 0 && problems.length === 0)
    return { ok: false, problems: [{ row: 2, column: 'index', message: 'no rows' }] };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** One year of an index's trend, compared with the previous year present. */
export interface TrendYear extends ExternalResult {
  /** The year compared with (years may be missing); null for the first. */
  sinceYear: number | null;
  /** Score difference against `sinceYear`, when both have a score. */
  scoreChange: number | null;
  /** Places moved up (positive) or down; null when not comparable (no rank, or out_of changed). */
  placesChange: number | null;
  /** The number of provinces ranked changed (63 → 34): ranks are not compared place by place. */
  outOfChanged: boolean;
  /** The change in words ("tăng 13 bậc"), or why it is not counted in places; null if none. */
  change: LocalizedText | null;
}

export interface ExternalTrend {
  index: ExternalIndex;
  name: LocalizedText;
  years: TrendYear[];
}

/** "+3,1" in Vietnamese (decimal comma), "+3.1" in English. */
function signed(n: number, lang: 'vi' | 'en'): string {
  const digits = String(Math.abs(n));
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${lang === 'vi' ? digits.replace('.', ',') : digits}`;
}

/** The change of one year against the previous one present, in numbers and words. */
export function compareYears(previous: ExternalResult | null, current: ExternalResult): TrendYear {
  const base = { ...current, sinceYear: previous?.year ?? null };
  if (!previous)
    return { ...base, scoreChange: null, placesChange: null, outOfChanged: false, change: null };
  const scoreChange =
    previous.score !== null && current.score !== null
      ? round2(current.score - previous.score)
      : null;
  const ranked = previous.rank !== null && current.rank !== null;
  const outOfChanged =
    ranked && previous.outOf !== null && current.outOf !== null && previous.outOf !== current.outOf;
  const placesChange = ranked && !outOfChanged ? previous.rank! - current.rank! : null;
  const parts: LocalizedText[] = [];
  if (scoreChange !== null)
    parts.push({
      vi: `điểm ${signed(scoreChange, 'vi')}`,
      en: `score ${signed(scoreChange, 'en')}`,
    });
  if (placesChange !== null) parts.push(describePlaces(placesChange));
  else if (outOfChanged)
    parts.push({
      vi: `số tỉnh xếp hạng đổi từ ${previous.outOf} sang ${current.outOf}, không so sánh số bậc`,
      en: `provinces ranked changed from ${previous.outOf} to ${current.outOf}, places not compared`,
    });
  const change =
    parts.length === 0
      ? null
      : {
          vi: parts.map((p) => p.vi).join('; '),
          en: parts.map((p) => p.en).join('; '),
        };
  return { ...base, scoreChange, placesChange, outOfChanged, change };
}

/**
 * The trend of each index: its years in order, each compared with the previous year present.
 * Indices come in the order of EXTERNAL_INDICES; indices without results are left out.
 */
export function externalTrends(results: readonly ExternalResult[]): ExternalTrend[] {
  return EXTERNAL_INDICES.flatMap((index) => {
    const mine = results.filter((r) => r.index === index).sort((a, b) => a.year - b.year);
    if (mine.length === 0) return [];
    return [
      {
        index,
        name: EXTERNAL_INDEX_NAMES[index],
        years: mine.map((r, i) => compareYears(mine[i - 1] ?? null, r)),
      },
    ];
  });
}
