import type { ClockUnit, WorkingCalendar } from '../../domain/calendar/index.js';
import { zoneOffsetMs } from '../../domain/calendar/instant.js';

const DAY = 86_400_000;

/** A pause of the legal clock in epoch ms; `to` null while open. */
export interface MsPause {
  from: number;
  to: number | null;
}

/**
 * The working time of one tenant calendar over a window of days, precomputed once so that the
 * nation-scale generator does its clock arithmetic by table look-up instead of asking the
 * calendar (and the time zone) for every dossier. Each function mirrors one of
 * `src/domain/calendar` (named beside it) and gives the same instant for the same input;
 * `nation.test.ts` checks that on generated dossiers against `dueAt`/`originalDueAt`.
 *
 * The zone's offset must be fixed over the window (Asia/Ho_Chi_Minh has had no daylight saving
 * since 1975); the constructor refuses a calendar whose offset changes.
 */
export class WorkTable {
  /** Local epoch day of `at`. */
  readonly offset: number;
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** Per day: index of its first period in the flat arrays, and the count. */
  private readonly dayFirst: Int32Array;
  private readonly dayCount: Int32Array;
  /** Working days up to and including each day (a running count). */
  private readonly workedDays: Int32Array;
  /** The working days in order (epoch days). */
  private readonly workingDays: number[] = [];
  /** Flat periods: start and end instants, and working ms before each period's start. */
  private readonly pStart: Float64Array;
  private readonly pEnd: Float64Array;
  private readonly pCumBefore: Float64Array;

  constructor(cal: WorkingCalendar, firstDay: number, lastDay: number) {
    const a = zoneOffsetMs(cal.timezone, (firstDay + 0.5) * DAY);
    const b = zoneOffsetMs(cal.timezone, (lastDay + 0.5) * DAY);
    if (a !== b)
      throw new Error(`nation demo: the zone ${cal.timezone} changes its offset in the window`);
    this.offset = a;
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    const days = lastDay - firstDay + 1;
    this.dayFirst = new Int32Array(days);
    this.dayCount = new Int32Array(days);
    this.workedDays = new Int32Array(days);
    const starts: number[] = [];
    const ends: number[] = [];
    let worked = 0;
    for (let d = firstDay; d <= lastDay; d++) {
      const rules = cal.rules(d);
      const i = d - firstDay;
      this.dayFirst[i] = starts.length;
      if (rules.working) {
        worked++;
        this.workingDays.push(d);
        for (const [s, e] of rules.periods) {
          starts.push(s);
          ends.push(e);
        }
        this.dayCount[i] = rules.periods.length;
      }
      this.workedDays[i] = worked;
    }
    this.pStart = Float64Array.from(starts);
    this.pEnd = Float64Array.from(ends);
    this.pCumBefore = new Float64Array(starts.length + 1);
    let cum = 0;
    for (let p = 0; p < starts.length; p++) {
      this.pCumBefore[p] = cum;
      cum += (ends[p] as number) - (starts[p] as number);
    }
    this.pCumBefore[starts.length] = cum;
  }

  localDay(at: number): number {
    return Math.floor((at + this.offset) / DAY);
  }

  dayStart(day: number): number {
    return day * DAY - this.offset;
  }

  private index(day: number): number {
    if (day < this.firstDay || day > this.lastDay)
      throw new Error(`nation demo: day ${day} outside the precomputed calendar window`);
    return day - this.firstDay;
  }

  isWorking(day: number): boolean {
    return (this.dayCount[this.index(day)] as number) > 0;
  }

  /** Working periods of a day as [start, end] instants (empty on a day off). */
  periods(day: number): [number, number][] {
    const i = this.index(day);
    const out: [number, number][] = [];
    const first = this.dayFirst[i] as number;
    for (let p = first; p < first + (this.dayCount[i] as number); p++)
      out.push([this.pStart[p] as number, this.pEnd[p] as number]);
    return out;
  }

  /** Index of the first period whose end is after `at` (the period containing it or the next). */
  private periodAfter(at: number): number {
    let lo = this.dayFirst[this.index(this.localDay(at))] as number;
    let hi = this.pEnd.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.pEnd[mid] as number) > at) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= this.pEnd.length) throw new Error('nation demo: instant past the calendar window');
    return lo;
  }

  /** Working ms from the window's start to `at`. */
  workedBefore(at: number): number {
    const p = this.periodAfter(at);
    const start = this.pStart[p] as number;
    return (this.pCumBefore[p] as number) + (at > start ? at - start : 0);
  }

  /** `workingInstantAtOrAfter`. */
  atOrAfter(at: number): number {
    const p = this.periodAfter(at);
    return Math.max(this.pStart[p] as number, at);
  }

  /** `workingMsBetween`. */
  between(a: number, b: number): number {
    return b <= a ? 0 : this.workedBefore(b) - this.workedBefore(a);
  }

  /** `addWorkingTime`: the first instant at which `ms` of working time have passed after `at`. */
  add(at: number, ms: number): number {
    if (!(ms > 0)) return at;
    const target = this.workedBefore(at) + ms;
    // The first period whose cumulative end reaches the target.
    let lo = this.periodAfter(at);
    let hi = this.pEnd.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.pCumBefore[mid + 1] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    if ((this.pCumBefore[lo + 1] as number) < target)
      throw new Error('nation demo: working time past the calendar window');
    return (this.pStart[lo] as number) + (target - (this.pCumBefore[lo] as number));
  }

  /** `endOfWorkingHoursOnDay`. */
  endOfDay(day: number): number {
    const i = this.index(day);
    const count = this.dayCount[i] as number;
    if (count === 0) throw new Error('nation demo: end of working hours on a day off');
    return this.pEnd[(this.dayFirst[i] as number) + count - 1] as number;
  }

  /** `nthWorkingDayAfter` (n ≥ 1). */
  nthWorkingDayAfter(day: number, n: number): number {
    const found = this.workingDays[(this.workedDays[this.index(day)] as number) + n - 1];
    if (found === undefined) throw new Error('nation demo: working day past the calendar window');
    return found;
  }

  /** Working days d with from < d ≤ to. */
  workingDaysAfterUpTo(from: number, to: number): number {
    return Math.max(
      0,
      (this.workedDays[this.index(to)] as number) - (this.workedDays[this.index(from)] as number),
    );
  }

  /** Working ms of the first working day at or after `at` (the unit of a day's allotment). */
  workingDayMs(at: number): number {
    const i = this.index(this.localDay(this.atOrAfter(at)));
    const first = this.dayFirst[i] as number;
    const count = this.dayCount[i] as number;
    // Periods of one day are consecutive: their working time is the cumulative difference.
    const total = (this.pCumBefore[first + count] as number) - (this.pCumBefore[first] as number);
    return total > 0 ? total : 450 * 60_000;
  }

  /** The due instant of the budget alone (`baseDueMs` of the legal clock). */
  baseDue(unit: ClockUnit, budget: number, receivedAt: number): number {
    const start = this.atOrAfter(receivedAt);
    const day = this.localDay(start);
    switch (unit) {
      case 'same_day':
        return this.endOfDay(day);
      case 'working_days':
        return this.endOfDay(this.nthWorkingDayAfter(day, budget));
      case 'working_hours':
        return this.add(start, Math.round(budget * 60 * 60_000));
      case 'calendar_days': {
        const target = day + Math.round(budget);
        return this.endOfDay(this.isWorking(target) ? target : this.nthWorkingDayAfter(target, 1));
      }
      default:
        throw new Error(`nation demo: unknown clock unit ${String(unit)}`);
    }
  }

  /**
   * `pushByPauses`: the due date moved by the working time of each pause begun before it (and
   * at or after `since`); null when an open pause matters (the date is unknown while paused).
   */
  pushByPauses(
    base: number,
    receivedAt: number,
    pauses: readonly MsPause[],
    since = Number.NEGATIVE_INFINITY,
  ): number | null {
    const start = this.atOrAfter(receivedAt);
    let due = base;
    for (const p of pauses) {
      const from = Math.max(p.from, start);
      if (p.from < since || from >= due) continue;
      if (p.to === null) return null;
      due = this.add(due, this.between(from, p.to));
    }
    return due;
  }

  /** `stepDeadline`: a step's allotment counted from its start. */
  stepDeadline(startedAt: number, unit: ClockUnit, allotment: number): number {
    const ms =
      unit === 'working_hours'
        ? allotment * 60 * 60_000
        : allotment * (this.workingDayMs(startedAt) / 60_000) * 60_000;
    return this.add(this.atOrAfter(startedAt), Math.round(ms));
  }
}
