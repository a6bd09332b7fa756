/**
 * Pure helpers of the dossier screens: the applicant format checks (the same rules as
 * src/modules/dossiers/dossier.validation.ts, so the counter sees a mistake before sending),
 * the legal clock's time left in working days and hours, the due state of a queue row, and
 * the server's per-field errors.
 */

/** A 12-digit citizen ID whose first three digits are a province code 001–096. */
export function isCitizenId(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const province = Number(value.slice(0, 3));
  return province >= 1 && province <= 96;
}

/** A tax code: 10 digits, 10-3 digits for a branch (dash optional), or a 12-digit personal ID. */
export function isTaxCode(value: string): boolean {
  return /^\d{10}(-?\d{3})?$/.test(value) || isCitizenId(value);
}

/** A Vietnamese phone number: 0 or +84 then 9 or 10 digits (spaces, dots and dashes ignored). */
export function isPhone(value: string): boolean {
  return /^(0|\+84)\d{9,10}$/.test(value.replace(/[\s.-]/g, ''));
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Default working day 07:30–11:30 + 13:30–17:00 (DOMAIN §5): 7.5 hours. */
export const WORKING_MINUTES_PER_DAY = 450;

export interface TimeLeft {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/**
 * Splits working minutes (negative when overdue) into whole working days, hours and minutes
 * of a working day of `perDay` minutes.
 */
export function splitWorkingMinutes(total: number, perDay = WORKING_MINUTES_PER_DAY): TimeLeft {
  const overdue = total < 0;
  let rest = Math.round(Math.abs(total));
  const days = Math.floor(rest / perDay);
  rest -= days * perDay;
  const hours = Math.floor(rest / 60);
  return { overdue, days, hours, minutes: rest - hours * 60 };
}

export type DueState = 'finished' | 'paused' | 'overdue' | 'today' | 'soon' | 'ok' | 'none';

/** The local (Asia/Ho_Chi_Minh) calendar day of an instant, YYYY-MM-DD. */
export function vietnamDay(value: string | number | Date): string {
  const ms = new Date(value).getTime() + 7 * 3600_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The due state of a dossier in a list: finished, paused (waiting for a supplement), overdue
 * (derived by the server), due today, due within three calendar days, or later.
 */
export function dueState(
  row: {
    dueAt: string | null;
    finishedAt: string | null;
    pausedSince: string | null;
    overdue: boolean;
  },
  now: Date,
): DueState {
  if (row.finishedAt) return 'finished';
  if (row.overdue) return 'overdue';
  if (row.pausedSince) return 'paused';
  if (!row.dueAt) return 'none';
  const due = new Date(row.dueAt).getTime();
  if (due < now.getTime()) return 'overdue';
  if (vietnamDay(due) === vietnamDay(now)) return 'today';
  if (due - now.getTime() <= 3 * 86_400_000) return 'soon';
  return 'ok';
}

/** Whole calendar days from now to the due date (0 on the day itself). */
export function daysUntil(dueAt: string, now: Date): number {
  const a = Date.parse(`${vietnamDay(now)}T00:00:00Z`);
  const b = Date.parse(`${vietnamDay(dueAt)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/**
 * The server's `validation_failed` issues (`details.issues[{path, message}]`) as a map from
 * the JSON pointer (`/applicant/idNumber`) to the message.
 */
export function fieldErrors(details: unknown): Record<string, string> {
  const issues = (details as { issues?: unknown } | null | undefined)?.issues;
  const out: Record<string, string> = {};
  if (!Array.isArray(issues)) return out;
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof path === 'string' && typeof message === 'string' && !(path in out))
      out[path] = message;
  }
  return out;
}

/** A fresh Idempotency-Key for one submission attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Splits a textarea into its non-empty lines (one missing item or reason per line). */
export function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `YYYY-MM-DD` of today in Vietnam and of the first day of its month. */
export function monthToDate(now: Date): { from: string; to: string } {
  const to = vietnamDay(now);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** A `datetime-local` value (Vietnam wall time) as ISO 8601 with +07:00. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  return `${value}:00+07:00`;
}
