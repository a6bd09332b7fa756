/**
 * iCalendar (RFC 5545) text for a unit's citizen-reception sessions, so a citizen or a
 * newsroom can subscribe to the schedule. Times are local wall times with TZID
 * Asia/Ho_Chi_Minh and a VTIMEZONE for it (UTC+7 all year, no daylight saving). Pure.
 */
export interface IcsEvent {
  uid: string;
  /** YYYY-MM-DD and HH:MM, local (Vietnam) time. */
  date: string;
  start: string;
  end: string;
  summary: string;
  location: string;
  description: string;
  cancelled: boolean;
  /** The revision (RFC 5545 §3.8.7.4): raised on every change, so a calendar takes the edit. */
  sequence?: number | undefined;
}

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space.
 * Counts UTF-8 bytes and never splits a character, since Vietnamese letters take 2–3 bytes.
 */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const TZID = 'Asia/Ho_Chi_Minh';

/** `20250313T080000` from a date and an HH:MM wall time. */
function localStamp(date: string, time: string): string {
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

/** A whole VCALENDAR with one VEVENT per session; `stamp` is DTSTAMP (UTC, e.g. now). */
export function buildIcs(options: { name: string; stamp: Date; events: IcsEvent[] }): string {
  const dtstamp = `${options.stamp.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Mot Cua//Public information//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(options.name)}`,
    `X-WR-TIMEZONE:${TZID}`,
    'BEGIN:VTIMEZONE',
    `TZID:${TZID}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0700',
    'TZOFFSETTO:+0700',
    'TZNAME:ICT',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  for (const e of options.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${dtstamp}`,
      ...(e.sequence === undefined ? [] : [`SEQUENCE:${e.sequence}`]),
      `DTSTART;TZID=${TZID}:${localStamp(e.date, e.start)}`,
      `DTEND;TZID=${TZID}:${localStamp(e.date, e.end)}`,
      `SUMMARY:${escapeIcsText(e.summary)}`,
      `LOCATION:${escapeIcsText(e.location)}`,
      `DESCRIPTION:${escapeIcsText(e.description)}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
