import {
  addWorkingTime,
  type ClockUnit,
  endOfWorkingHours,
  localDate,
  toEpochMs,
  type WorkingCalendar,
  workingDayAfter,
  workingInstantAtOrAfter,
  zoneOffsetMs,
} from '../calendar/index.js';
import type { DossierState } from './table.js';

/** One step of a procedure's processing template (src/domain/catalogue ProcessingStep). */
export interface TemplateStep {
  code: string;
  name: string;
  role: 'counter_officer' | 'specialist' | 'leader' | 'clerk';
  /** `centre`, `agency` or a unit code. */
  unit: string;
  /** In the procedure's limit unit (`same_day` procedures share out 1 day). */
  allotment: number;
  interAgency: boolean;
}

/** Reads a template from the jsonb column, dropping entries that are not steps. */
export function parseSteps(value: unknown): TemplateStep[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(list)) return [];
  return list
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
    .map((s, i) => ({
      code: typeof s.code === 'string' ? s.code : `B${i + 1}`,
      name: typeof s.name === 'string' ? s.name : '',
      role: (['counter_officer', 'specialist', 'leader', 'clerk'].includes(String(s.role))
        ? s.role
        : 'specialist') as TemplateStep['role'],
      unit: typeof s.unit === 'string' ? s.unit : 'agency',
      allotment: typeof s.allotment === 'number' && s.allotment >= 0 ? s.allotment : 0,
      interAgency: s.interAgency === true,
    }));
}

/** The role whose step a state is on. */
const STATE_ROLE: Partial<Record<DossierState, TemplateStep['role']>> = {
  received: 'counter_officer',
  in_appraisal: 'specialist',
  in_consultation: 'specialist',
  awaiting_approval: 'leader',
  result_ready: 'counter_officer',
};

/**
 * The template step a dossier is on after entering `state`: the first step at or after the
 * current one whose role matches the state (an inter-agency step for `in_consultation`; the
 * last counter step for `result_ready`). Keeps the current step when none matches (a template
 * may leave a role out), and returns null for an empty template.
 */
export function stepForState(
  steps: readonly TemplateStep[],
  state: DossierState,
  current: number | null,
): number | null {
  if (steps.length === 0) return null;
  const role = STATE_ROLE[state];
  if (!role) return current;
  if (state === 'result_ready') {
    for (let i = steps.length - 1; i >= 0; i--)
      if (steps[i]?.role === role && steps[i]?.unit === 'centre') return i;
    return current;
  }
  const from = state === 'received' ? 0 : (current ?? 0);
  for (let i = from; i < steps.length; i++) {
    const step = steps[i] as TemplateStep;
    if (state === 'in_consultation' && !step.interAgency) continue;
    if (state === 'received' && step.unit !== 'centre') continue;
    if (step.role === role) return i;
  }
  if (state === 'in_appraisal' && current !== null) {
    // Back from consultation or rework: the specialist step before the current one.
    for (let i = Math.min(current, steps.length - 1); i >= 0; i--)
      if (steps[i]?.role === 'specialist' && !steps[i]?.interAgency) return i;
  }
  return current;
}

/** Minutes of working time in the first working day at or after `at` (7.5 h by default). */
function workingDayMinutes(cal: WorkingCalendar, at: number): number {
  const day = localDate(cal, workingInstantAtOrAfter(cal, at));
  let total = 0;
  for (const [a, b] of cal.rules(epochDay(day)).periods) total += b - a;
  return total > 0 ? total / 60_000 : 450;
}

function epochDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/**
 * Deadline of a step begun at `startedAt` with its allotment in the procedure's unit: a share
 * of working days is counted as that many working days' worth of working time (so 0.5 day =
 * half a working day), hours as working hours, `same_day` shares as a share of one day. The
 * Form 06 slip compares each hand-over with this instant.
 */
export function stepDeadline(
  cal: WorkingCalendar,
  startedAt: string,
  unit: ClockUnit,
  allotment: number,
): string {
  const start = toEpochMs(startedAt);
  const minutes =
    unit === 'working_hours' ? allotment * 60 : allotment * workingDayMinutes(cal, start);
  const due = addWorkingTime(
    cal,
    workingInstantAtOrAfter(cal, start),
    Math.round(minutes * 60_000),
  );
  return new Date(due).toISOString();
}

/**
 * When a dossier received at `receivedAt` must reach the processing agency (DOMAIN §4 step 3):
 * electronic dossiers the same working day; paper ones the same working day when received
 * before the cut-off (default 15:00, per tenant), otherwise by the end of the first working
 * period of the next working day (project reading of "at the start of the next working day").
 */
export function transferDeadline(
  cal: WorkingCalendar,
  receivedAt: string,
  options: { paper: boolean; cutoff: string },
): string {
  const at = workingInstantAtOrAfter(cal, toEpochMs(receivedAt));
  const day = localDate(cal, at);
  const received = toEpochMs(receivedAt);
  const sameDay = localDate(cal, received) === day;
  const [h, m] = options.cutoff.split(':').map(Number);
  const cutoffMinutes = (h ?? 15) * 60 + (m ?? 0);
  const localMinutes = minutesOfLocalDay(cal, received);
  if (!options.paper || !sameDay || localMinutes < cutoffMinutes) {
    return new Date(endOfWorkingHours(cal, day)).toISOString();
  }
  const next = workingDayAfter(cal, day, 1);
  const first = cal.rules(epochDay(next)).periods[0];
  return new Date(first ? first[1] : endOfWorkingHours(cal, next)).toISOString();
}

function minutesOfLocalDay(cal: WorkingCalendar, at: number): number {
  // The cached zone offset, not a new Intl formatter per call (≈ 2% of a server's time under
  // the transitions benchmark).
  const local = at + zoneOffsetMs(cal.timezone, at);
  return Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
}

const MS_PER_DAY = 86_400_000;
