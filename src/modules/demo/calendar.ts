import { defaultCalendarForYear, statutoryHolidays } from '../../domain/calendar/index.js';
import type { DemoWriter } from './writer.js';

/**
 * The tenant's working calendar for the demo years. Years the release ships an official table
 * for are stored as the tenant's official tables (what an administrator importing the annual
 * notice stores); other years are left to the shipped provisional rule, so a later official
 * table still applies to them. Dossier clocks are then computed with `loadTenantCalendar`, the
 * very calendar the application uses.
 */
export async function writeCalendarYears(
  writer: DemoWriter,
  tenantId: number,
  years: readonly number[],
  at: string,
): Promise<number[]> {
  const stored: number[] = [];
  for (const year of years) {
    const { spec, status } = defaultCalendarForYear(year);
    if (status !== 'official') continue;
    await writer.push(
      'calendar_years',
      ['tenant_id', 'year', 'status', 'spec', 'source', 'updated_at'],
      [tenantId, year, status, spec, spec.source ?? 'demo', at],
    );
    stored.push(year);
  }
  return stored;
}

/** Tết (lunar new year's day) of a Gregorian year, as an ISO date. */
export function tetDay(year: number): string {
  const first = statutoryHolidays(year).find((h) => h.name.startsWith('Tết Nguyên đán (1st'));
  if (!first) throw new Error(`no Tết in ${year}`);
  return first.date;
}
