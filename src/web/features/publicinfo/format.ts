import type { TFunction } from 'i18next';
import { formatDateTime } from '../../components/format.js';
import type { Deletion } from './api.js';

/**
 * A session's day as a citizen reads it, weekday first: "Thứ Năm, 13/3/2025" / "Thursday,
 * 3/13/2025". The date is a calendar date, so it is formatted in UTC to never shift a day.
 */
export function formatSessionDate(date: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** The month (YYYY-MM) of a local date, for the month filter's default. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The quarters a report period may be, in Roman numerals as Vietnamese reports write them. */
export const QUARTER_NUMERALS = ['I', 'II', 'III', 'IV'] as const;

/**
 * A statistics period in words, from the `stats.period` texts: "năm 2026" / "quý I năm 2026"
 * inside a sentence, "Năm 2026" / "Quý I năm 2026" (`capital`) to begin one.
 */
export function periodText(
  t: TFunction,
  period: { year: number; quarter?: number | null | undefined },
  capital = false,
): string {
  const { year, quarter } = period;
  if (!quarter) return t(capital ? 'stats.period.Year' : 'stats.period.year', { year });
  return t(capital ? 'stats.period.Quarter' : 'stats.period.quarter', {
    year,
    quarter,
    roman: QUARTER_NUMERALS[quarter - 1],
  });
}

/** The quarter choices of a period picker: the whole year ('') then Q1–Q4 with their months. */
export function quarterOptions(t: TFunction): Array<{ value: string; label: string }> {
  return [
    { value: '', label: t('stats.period.wholeYear') },
    ...QUARTER_NUMERALS.map((roman, i) => ({
      value: String(i + 1),
      label: t('stats.period.option', {
        roman,
        quarter: i + 1,
        first: i * 3 + 1,
        last: i * 3 + 3,
      }),
    })),
  ];
}

/** "Xóa lúc 23/11/2026 09:15 bởi Lê Văn A" — when and by whom, in Vietnam time. */
export function deletionText(t: TFunction, item: Deletion, language: string): string {
  const at = formatDateTime(item.deletedAt, language === 'en' ? 'en' : 'vi');
  return item.deletedBy
    ? t('deleted.whenBy', { at, by: item.deletedBy })
    : t('deleted.when', { at });
}

/** The deletion in a table cell under "Xóa lúc, người xóa": "23/11/2026 09:15, Lê Văn A". */
export function deletionCell(t: TFunction, item: Deletion, language: string): string {
  const at = formatDateTime(item.deletedAt, language === 'en' ? 'en' : 'vi');
  return t('deleted.atBy', { at, by: item.deletedBy ?? t('deleted.commandLine') });
}
