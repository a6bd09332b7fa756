import { type AnnualFramework, flattenSubcriteria } from './framework.js';
import { isValidPoints } from './scoring.js';

export const SURVEY_COLUMNS = ['unit_code', 'subcriterion_id', 'points'] as const;

export interface SurveyRow {
  unitCode: string;
  subcriterionId: string;
  points: number;
}

/** One bad cell: `row` counts the file's lines from 1 (the header is row 1). */
export interface SurveyProblem {
  row: number;
  column: string;
  message: string;
}

/**
 * Checks survey results read from CSV (`unit_code,subcriterion_id,points`, header first):
 * every unit takes part in the cycle, every sub-criterion is a survey one of the framework,
 * points lie within 0..max, and no pair appears twice. Lists every problem; the caller writes
 * nothing unless the list is empty.
 */
export function validateSurveyRows(
  records: readonly string[][],
  framework: AnnualFramework,
  participantCodes: ReadonlySet<string>,
): { ok: true; rows: SurveyRow[] } | { ok: false; problems: SurveyProblem[] } {
  const problems: SurveyProblem[] = [];
  const [header, ...body] = records;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  if (SURVEY_COLUMNS.some((c, i) => columns[i] !== c)) {
    return {
      ok: false,
      problems: [
        { row: 1, column: 'header', message: `the header must be ${SURVEY_COLUMNS.join(',')}` },
      ],
    };
  }
  if (body.every((r) => r.every((c) => c.trim() === '')))
    return { ok: false, problems: [{ row: 2, column: 'unit_code', message: 'no rows' }] };
  const subs = new Map(flattenSubcriteria(framework).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const rows: SurveyRow[] = [];
  body.forEach((record, i) => {
    const row = i + 2;
    // Blank lines (a spreadsheet's trailing ones) are skipped; rows keep the file's numbering.
    if (record.every((c) => c.trim() === '')) return;
    const [unitCode = '', subId = '', pointsText = ''] = record.map((v) => v.trim());
    let ok = true;
    const bad = (column: string, message: string) => {
      problems.push({ row, column, message });
      ok = false;
    };
    if (!participantCodes.has(unitCode))
      bad('unit_code', `${unitCode || '(empty)'} does not take part in this cycle`);
    const sub = subs.get(subId);
    if (!sub) bad('subcriterion_id', `${subId || '(empty)'} is not in the framework`);
    else if (sub.method !== 'survey')
      bad('subcriterion_id', `${subId} is scored ${sub.method}, not by survey`);
    const points = Number(pointsText.replace(',', '.'));
    if (pointsText === '' || !Number.isFinite(points)) bad('points', 'must be a number');
    else if (sub && !isValidPoints(points, sub.maxPoints))
      bad('points', `must be 0..${sub.maxPoints} with at most 2 decimals`);
    const key = `${unitCode}\u0000${subId}`;
    if (seen.has(key)) bad('subcriterion_id', 'this unit and sub-criterion appear twice');
    seen.add(key);
    if (ok) rows.push({ unitCode, subcriterionId: subId, points });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
