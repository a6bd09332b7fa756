/**
 * Vietnamese presentation of dates, times and money on the forms. Times are shown in
 * Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving since 1975) whatever the host's zone.
 */

/** An instant: a Date or an ISO 8601 string (without an offset it is read as +07:00). */
export type Instant = Date | string;

const VN_OFFSET_MS = 7 * 3600 * 1000;

export function toDate(value: Instant): Date {
  if (value instanceof Date) return value;
  const text = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? `${value}+07:00`
    : /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${value}T00:00:00+07:00`
      : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${value}`);
  return date;
}

/** The wall-clock parts in Vietnam. */
export function vnParts(value: Instant): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
} {
  const shifted = new Date(toDate(value).getTime() + VN_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "ngày 24 tháng 01 năm 2025" */
export function longDate(value: Instant): string {
  const p = vnParts(value);
  return `ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`;
}

/** "Lai Châu, ngày 24 tháng 01 năm 2025" — the place and date line of an administrative document. */
export function placeDate(place: string, value: Instant): string {
  return `${place}, ${longDate(value)}`;
}

/** "10 giờ 15 phút, ngày 24 tháng 01 năm 2025" */
export function longDateTime(value: Instant): string {
  const p = vnParts(value);
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ${longDate(value)}`;
}

/** "24/01/2025" */
export function shortDate(value: Instant): string {
  const p = vnParts(value);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** "10:15 24/01/2025" */
export function shortDateTime(value: Instant): string {
  const p = vnParts(value);
  return `${two(p.hour)}:${two(p.minute)} ${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** The calendar day in Vietnam, "2025-01-24" (for comparing days). */
export function vnDay(value: Instant): string {
  const p = vnParts(value);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/** "1.250.000 đồng" (Vietnamese digit grouping). */
export function vnd(amount: number): string {
  const rounded = Math.round(amount);
  const grouped = Math.abs(rounded)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${rounded < 0 ? '-' : ''}${grouped} đồng`;
}

/** "01", "12": counts on forms are written with two digits. */
export function count2(n: number): string {
  return two(n);
}
