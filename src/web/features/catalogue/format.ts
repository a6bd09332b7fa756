import type { LimitUnit, OnlineLevel } from '../../../domain/catalogue/index.js';

type T = (key: string, options?: Record<string, unknown>) => string;

/** "15 ngày làm việc", "4 giờ làm việc", "Trong ngày": a limit as people read it. */
export function formatLimit(t: T, value: number, unit: LimitUnit, language: string): string {
  if (unit === 'same_day') return t('catalogue:units.same_day');
  const number = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    maximumFractionDigits: 2,
  }).format(value);
  return t(`catalogue:units.${unit}`, { count: value, value: number });
}

/** The badge tone of an online level: full stands out, none is neutral. */
export function onlineTone(level: OnlineLevel): 'success' | 'info' | 'neutral' {
  return level === 'full' ? 'success' : level === 'partial' ? 'info' : 'neutral';
}

/** Share of the legal limit the province cut (32.6% on average in the seeds), rounded. */
export function cutPercent(legal: number, promised: number): number | null {
  if (!(legal > 0) || promised >= legal) return null;
  return Math.round(((legal - promised) / legal) * 100);
}

/** Issues of a form grouped by field path (`components[1].name` → its message). */
export function issuesByPath(
  issues: Array<{ path: string; vi: string; en: string }>,
  language: string,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const issue of issues) {
    const text = language === 'en' ? issue.en : issue.vi;
    map.set(issue.path, map.has(issue.path) ? `${map.get(issue.path)}; ${text}` : text);
  }
  return map;
}
