import { formatPhone, telUri } from '../../domain/publicinfo/index.js';
import type { HotlineRow } from './hotline.repository.js';
import type { SessionRow } from './reception.repository.js';
import { periodFields, type ReceptionPeriodStats } from './reception.stats.js';

/** A hotline for staff: every field, with the phone grouped and its link. */
export function presentHotline(row: HotlineRow, today: string) {
  return {
    id: row.id,
    unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
    purpose: row.purpose,
    phone: row.phone,
    phoneDisplay: formatPhone(row.phone),
    telUri: telUri(row.phone),
    email: row.email,
    hours: row.hours,
    person: row.person,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    current: row.valid_from <= today && (row.valid_to === null || row.valid_to >= today),
    version: row.version,
  };
}

/**
 * The public hotline list, grouped by unit in the tree's code order. The person responsible
 * is not published: only official contact points leave the back office.
 */
export function presentPublicHotlines(rows: HotlineRow[]) {
  const units = new Map<
    number,
    { code: string; name: string; hotlines: ReturnType<typeof publicHotline>[] }
  >();
  for (const row of rows) {
    const unit = units.get(row.unit_id) ?? {
      code: row.unit_code,
      name: row.unit_name,
      hotlines: [],
    };
    unit.hotlines.push(publicHotline(row));
    units.set(row.unit_id, unit);
  }
  return { total: rows.length, units: [...units.values()] };
}

function publicHotline(row: HotlineRow) {
  return {
    id: row.id,
    purpose: row.purpose,
    phone: row.phone,
    phoneDisplay: formatPhone(row.phone),
    telUri: telUri(row.phone),
    email: row.email,
    mailto: row.email ? `mailto:${row.email}` : null,
    hours: row.hours,
    validTo: row.valid_to,
  };
}

/** A session as the public reads it: leader's name and title, time, place, state and why. */
export function presentPublicSession(row: SessionRow) {
  return {
    id: row.id,
    unit: { code: row.unit_code, name: row.unit_name },
    leaderName: row.leader_name,
    leaderTitle: row.leader_title,
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    place: row.place,
    notes: row.notes,
    state: row.state,
    cancelReason: row.state === 'cancelled' ? row.cancel_reason : null,
    movedToDate: row.moved_to_date,
    movedFromDate: row.moved_from_date,
  };
}

/** A session for staff: the public view plus the outcome, the rule and the version. */
export function presentSession(row: SessionRow) {
  return {
    ...presentPublicSession(row),
    unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
    citizensReceived: row.citizens_received,
    casesNoted: row.cases_noted,
    outcomeNotes: row.outcome_notes,
    movedToId: row.moved_to_id,
    movedFromId: row.moved_from_id,
    planRule: row.plan_rule,
    version: row.version,
  };
}

/**
 * A year's or a quarter's statistics for staff: the period, each unit's counts beside it,
 * then the total.
 */
export function presentReceptionStats(stats: ReceptionPeriodStats) {
  return {
    ...periodFields(stats.period),
    unit: stats.unit,
    rows: stats.rows.map((r) => ({ unit: r.unit, depth: r.depth, ...r.counts })),
    total: stats.total,
  };
}

/** When and by whom an item was deleted (null: the command line's operator). */
function deletion(row: { deleted_at: Date | null; deleted_by_name: string | null }) {
  return {
    deletedAt: row.deleted_at ? new Date(row.deleted_at).toISOString() : '',
    deletedBy: row.deleted_by_name,
  };
}

/** A deleted hotline in the deleted list: the hotline as it was, and when and by whom. */
export function presentDeletedHotline(row: HotlineRow, today: string) {
  return { ...presentHotline(row, today), ...deletion(row) };
}

/** A deleted session in the deleted list: the session as it was, and when and by whom. */
export function presentDeletedSession(row: SessionRow) {
  return { ...presentSession(row), ...deletion(row) };
}
