import type { Kysely } from 'kysely';
import {
  type ClockUnit,
  createCalendar,
  DEFAULT_TIMEZONE,
  defaultCalendarForYear,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import type { ClockLimit, WorkflowSettings } from '../../domain/workflow/index.js';
import { DEFAULT_WORKFLOW_SETTINGS } from '../../domain/workflow/index.js';
import type { DB } from '../../platform/db/schema.js';
import { tenantSettings } from './dossier.repository.js';

/** Per-tenant dossier settings (tenants.settings.workflow), defaults from DOMAIN §4. */
export interface DossierSettings extends WorkflowSettings {
  /**
   * Whose national identifier prefixes a dossier code: the processing `agency` (default, as in
   * the example `000.00.12.H40-250124-0001`) or the `receiving` one-stop unit.
   */
  codeAgency: 'agency' | 'receiving';
}

export interface TenantRules {
  cal: WorkingCalendar;
  settings: DossierSettings;
}

const TTL_MS = 60_000;
const caches = new WeakMap<object, Map<number, { at: number; rules: Promise<TenantRules> }>>();

function readSettings(raw: Record<string, unknown>): DossierSettings {
  const w = (
    typeof raw.workflow === 'object' && raw.workflow !== null ? raw.workflow : {}
  ) as Record<string, unknown>;
  const num = (v: unknown, d: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d;
  const cutoff =
    typeof w.transferCutoff === 'string' && /^\d{2}:\d{2}$/.test(w.transferCutoff)
      ? w.transferCutoff
      : DEFAULT_WORKFLOW_SETTINGS.transferCutoff;
  return {
    extensionLeadDays: num(w.extensionLeadDays, DEFAULT_WORKFLOW_SETTINGS.extensionLeadDays),
    supplementsWithoutOverride: num(
      w.supplementsWithoutOverride,
      DEFAULT_WORKFLOW_SETTINGS.supplementsWithoutOverride,
    ),
    transferCutoff: cutoff,
    codeAgency: w.codeAgency === 'receiving' ? 'receiving' : 'agency',
  };
}

async function load(db: Kysely<DB>, tenantId: number): Promise<TenantRules> {
  const [rows, raw] = await Promise.all([
    db
      .selectFrom('calendar_years')
      .select(['year', 'status', 'spec'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    tenantSettings(db, tenantId),
  ]);
  const stored = new Map(
    rows.map((r) => [
      r.year,
      { ...(typeof r.spec === 'string' ? JSON.parse(r.spec) : r.spec), status: r.status },
    ]),
  );
  const timezone =
    ([...stored.values()][0] as { timezone?: string } | undefined)?.timezone ?? DEFAULT_TIMEZONE;
  const cal = createCalendar({
    timezone,
    yearSource: (year) => stored.get(year) ?? defaultCalendarForYear(year).spec,
  });
  return { cal, settings: readSettings(raw) };
}

/**
 * The tenant's working calendar (stored year tables, else shipped official/provisional ones)
 * and workflow settings, cached for a minute per database handle: a transition must not pay a
 * calendar load, and an edited calendar is picked up within the minute.
 */
export function tenantRules(
  db: Kysely<DB>,
  tenantId: number,
  now = Date.now(),
): Promise<TenantRules> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(tenantId);
  if (hit && now - hit.at < TTL_MS) return hit.rules;
  const rules = load(db, tenantId);
  cache.set(tenantId, { at: now, rules });
  rules.catch(() => cache?.delete(tenantId));
  return rules;
}

/** Forget cached rules (after a calendar or settings edit, and in tests). */
export function forgetTenantRules(db: Kysely<DB>, tenantId?: number): void {
  const cache = caches.get(db);
  if (!cache) return;
  if (tenantId === undefined) cache.clear();
  else cache.delete(tenantId);
}

/**
 * The clock limit of a procedure version: its promised limit in its unit. A fractional number
 * of working days (e.g. 0.5) is counted as that share of the working day's hours, since the
 * legal clock counts whole working days.
 */
export function clockLimit(
  unit: string,
  promised: number,
  cal: WorkingCalendar,
  at: string,
): ClockLimit {
  const u = unit as ClockUnit;
  if ((u === 'working_days' || u === 'calendar_days') && !Number.isInteger(promised)) {
    const day = at.slice(0, 10);
    const rules = cal.rules(Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000));
    const minutes = rules.periods.reduce((sum, [a, b]) => sum + (b - a) / 60_000, 0) || 450;
    return { unit: 'working_hours', budget: (promised * minutes) / 60 };
  }
  if (u === 'same_day') return { unit: 'same_day', budget: 0 };
  if ((u === 'working_days' || u === 'calendar_days' || u === 'working_hours') && promised <= 0)
    return { unit: 'same_day', budget: 0 };
  return { unit: u, budget: promised };
}
