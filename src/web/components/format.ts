/** Vietnam's time zone: every date and time on screen is shown in it, whatever the browser's. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type FormatLanguage = 'vi' | 'en';
const locale = (language: FormatLanguage = 'vi') => (language === 'en' ? 'en-GB' : 'vi-VN');

function toDate(value: string | number | Date): Date | null {
  // A bare 'YYYY-MM-DD' (a DATE column) is a calendar day in Vietnam, not UTC midnight.
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00+07:00`)
      : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "15/07/2025 14:30" (vi) or "15/07/2025, 14:30" (en), in Asia/Ho_Chi_Minh. */
export function formatDateTime(value: string | number | Date, language?: FormatLanguage): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

/** "15/07/2025" in Asia/Ho_Chi_Minh. */
export function formatDate(value: string | number | Date, language?: FormatLanguage): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

/** The instant as ISO 8601 with +07:00, for <time dateTime>. */
export function isoInVietnam(value: string | number | Date): string {
  const date = toDate(value);
  if (!date) return '';
  const shifted = new Date(date.getTime() + 7 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+07:00`;
}

/**
 * The year it is in Vietnam at that instant: from 17:00 UTC on 31 December Vietnam is already in
 * the next one, whatever the browser's own time zone says.
 */
export function yearInVietnam(value: string | number | Date): number {
  return Number(isoInVietnam(value).slice(0, 4));
}

/** "1.250.000 ₫" (vi) or "₫1,250,000" (en): VND has no minor unit. */
export function formatMoney(amount: number, language?: FormatLanguage): string {
  return new Intl.NumberFormat(locale(language), {
    style: 'currency',
    currency: 'VND',
    maximumFractionDigits: 0,
  }).format(amount);
}

/** "1.234,5" (vi) or "1,234.5" (en). */
export function formatNumber(
  value: number,
  maximumFractionDigits = 2,
  language?: FormatLanguage,
): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits }).format(value);
}
