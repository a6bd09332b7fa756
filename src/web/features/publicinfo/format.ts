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
