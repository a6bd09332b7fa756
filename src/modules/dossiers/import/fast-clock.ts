import {
  type ClockUnit,
  dueAt,
  startClock,
  toEpochMs,
  type WorkingCalendar,
} from '../../../domain/calendar/index.js';
import { zoneOffsetMs as zoneOffset } from '../../../domain/calendar/instant.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** As the calendar's working-time functions: a calendar without working time is broken. */
const MAX_IDLE_DAYS = 3660;

/** The fitted clock of one imported row: the ledger's unit and budget and its due instant. */
export interface FittedClock {
  unit: ClockUnit;
  budget: number;
  dueMs: number;
}

/**
 * The legal clock of a million imported rows, the same figures as `fitLedger` + `dueAt`
 * (import-dossiers.ts, kept as the reference and compared in fast-clock.test.ts) without their
 * per-row cost. The calendar's functions find an instant's local day through the zone's offset,
 * looked up with Intl once per distinct minute: a legacy file has a new minute on nearly every
 * row, so that lookup (and the cache it thrashes) was most of the import's JavaScript time. Here
 * the offset is looked up once per UTC hour and reused inside the hour when it is the same at
 * both ends (zones change offset at most once an hour); the working-time walks below are the
 * calendar's own (working-time.ts) on those local days. A fresh ledger's due date for a
 * day-based limit depends only on (unit, budget, counting day), so it is taken from the domain's
 * own `dueAt` once per such triple.
 */
export class FastClock {
  private readonly offsets = new Map<number, number>();
  private readonly dayDue = new Map<string, number>();
  private readonly validLimit = new Map<string, string | null>();

  constructor(private readonly cal: WorkingCalendar) {}

  /** Local epoch day of instant `ms` in the calendar's zone. */
  localDay(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const zone = this.cal.timezone;
      const start = hour * HOUR_MS;
      const a = zoneOffset(zone, start);
      const b = zoneOffset(zone, start + HOUR_MS - 1);
      // NaN marks an hour with a transition inside: asked exactly every time.
      offset = a === b ? a : Number.NaN;
      this.offsets.set(hour, offset);
    }
    if (Number.isNaN(offset)) offset = zoneOffset(this.cal.timezone, ms);
    return Math.floor((ms + offset) / DAY_MS);
  }

  /** `workingInstantAtOrAfter`: `at` inside a working period, else the next period's start. */
  workingStart(at: number): number {
    let day = this.localDay(at);
    for (let gap = 0; gap <= MAX_IDLE_DAYS; gap++, day++) {
      const rules = this.cal.rules(day);
      if (!rules.working) continue;
      for (const [start, end] of rules.periods) if (at < end) return Math.max(start, at);
    }
    return noWorkingTime();
  }

  /** `addWorkingTime`: the instant `ms` of working time after `at`. */
  addWorking(at: number, ms: number): number {
    if (!(ms > 0)) return at;
    let left = ms;
    let day = this.localDay(at);
    for (let gap = 0; gap <= MAX_IDLE_DAYS; day++) {
      const rules = this.cal.rules(day);
      gap = rules.working ? 0 : gap + 1;
      if (!rules.working) continue;
      for (const [start, end] of rules.periods) {
        if (end <= at) continue;
        const from = Math.max(start, at);
        if (left <= end - from) return from + left;
        left -= end - from;
      }
    }
    return noWorkingTime();
  }

  /** `workingMsBetween`: working time between two instants (0 when b ≤ a). */
  workingBetween(a: number, b: number): number {
    if (b <= a) return 0;
    let total = 0;
    const lastDay = this.localDay(b);
    for (let day = this.localDay(a); day <= lastDay; day++) {
      const rules = this.cal.rules(day);
      if (!rules.working) continue;
      for (const [start, end] of rules.periods) {
        const overlap = Math.min(end, b) - Math.max(start, a);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  /** `countWorkingDays` over epoch days, both ends included. */
  countWorkingDays(first: number, last: number): number {
    let count = 0;
    for (let d = first; d <= last; d++) if (this.cal.rules(d).working) count++;
    return count;
  }

  /** `endOfWorkingHours` of a local epoch day. */
  endOfDay(day: number): number {
    const last = this.cal.rules(day).periods.at(-1);
    if (!last) throw new Error('workingHours: no working period');
    return last[1];
  }

  /**
   * Why `startClock` refuses this limit, or null when it takes it. It depends only on unit and
   * budget, so it is asked once per distinct limit.
   */
  limitProblem(unit: ClockUnit, budget: number): string | null {
    const key = `${unit}|${budget}`;
    let problem = this.validLimit.get(key);
    if (problem === undefined) {
      try {
        startClock({ receivedAt: '2000-01-01T00:00:00.000Z', unit, budget });
        problem = null;
      } catch (error) {
        problem = (error as Error).message;
      }
      this.validLimit.set(key, problem);
    }
    return problem;
  }

  /** Due instant of a fresh ledger (no pause, no extension) started at `receivedMs`. */
  due(unit: ClockUnit, budget: number, receivedMs: number, start: number): number {
    // The very expression of the ledger's baseDueMs, so rounding is the same.
    if (unit === 'working_hours') return this.addWorking(start, Math.round(budget * 60 * 60_000));
    const day = this.localDay(start);
    const key = `${unit}|${budget}|${day}`;
    let due = this.dayDue.get(key);
    if (due === undefined) {
      due = toEpochMs(
        dueAt(
          startClock({ receivedAt: new Date(receivedMs).toISOString(), unit, budget }),
          this.cal,
        ) as string,
      );
      this.dayDue.set(key, due);
    }
    return due;
  }

  /**
   * `fitLedger`: the procedure's limit when it gives `dueMs` (or no `dueMs`), else that many
   * working days, else the working hours up to it; always with its due instant.
   */
  fit(limit: { unit: ClockUnit; budget: number }, receivedMs: number, dueMs: number | null) {
    const start = this.workingStart(receivedMs);
    const base = limit.unit === 'same_day' ? 0 : limit.budget;
    const baseDue = this.due(limit.unit, base, receivedMs, start);
    if (dueMs === null || baseDue === dueMs)
      return { unit: limit.unit, budget: base, dueMs: baseDue };
    const startDay = this.localDay(start);
    const dueDay = this.localDay(dueMs);
    if (dueDay === startDay) {
      const d = this.due('same_day', 0, receivedMs, start);
      if (d === dueMs) return { unit: 'same_day' as const, budget: 0, dueMs: d };
    } else if (dueDay > startDay) {
      const n = this.countWorkingDays(startDay + 1, dueDay);
      if (n >= 1) {
        const d = this.due('working_days', n, receivedMs, start);
        if (d === dueMs) return { unit: 'working_days' as const, budget: n, dueMs: d };
      }
    }
    const hours = this.workingBetween(start, dueMs) / HOUR_MS;
    if (hours > 0) {
      const budget = Math.round(hours * 1_000_000) / 1_000_000;
      return {
        unit: 'working_hours' as const,
        budget,
        dueMs: this.due('working_hours', budget, receivedMs, start),
      };
    }
    return {
      unit: 'same_day' as const,
      budget: 0,
      dueMs: this.due('same_day', 0, receivedMs, start),
    };
  }
}

function noWorkingTime(): never {
  throw new Error(`no working time within ${MAX_IDLE_DAYS} days: the calendar has no working days`);
}
