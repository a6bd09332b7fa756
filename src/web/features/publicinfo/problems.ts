import type { TFunction } from 'i18next';
import { isApiError } from '../../api.js';

/** One field problem the server named in `validation_failed` (details.problems). */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** The field problems of a refused request, or none when it failed otherwise. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!isApiError(error) || error.code !== 'validation_failed') return [];
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? (problems as FieldProblem[]) : [];
}

/** A problem in words: "Số điện thoại: không đúng định dạng số điện thoại Việt Nam". */
export function problemText(t: TFunction, p: { field?: string | null; problem: string }): string {
  const what = t(`problem.${p.problem}`, { defaultValue: p.problem });
  return p.field ? `${t(`field.${p.field}`, { defaultValue: p.field })}: ${what}` : what;
}
