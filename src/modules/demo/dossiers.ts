import {
  addWorkingTime,
  dueAt,
  pauseClock,
  resumeClock,
  startClock,
  type WorkingCalendar,
  workingInstantAtOrAfter,
  workingMsBetween,
} from '../../domain/calendar/index.js';
import type { ProcessingStep } from '../../domain/catalogue/index.js';
import { foldVietnamese } from '../../domain/text/index.js';
import {
  applyClockOps,
  clockColumns,
  type DossierAction,
  type DossierFacts,
  type DossierStatus,
  decide,
  isFinishedState,
  parseSteps,
  stepDeadline,
  stepForState,
  type WorkflowRole,
} from '../../domain/workflow/index.js';
import { protectField } from '../../platform/crypto/index.js';
import { tetDay } from './calendar.js';
import { DOSSIER_COLUMNS, EVENT_COLUMNS } from './columns.js';
import { citizenId, organisationName, personName, phoneNumber, taxCode } from './names.js';
import type { Citizen, Staff, StaffMember } from './people.js';
import type { WrittenProcedure, WrittenVersion } from './procedures.js';
import { type Rng, WeightedPicker } from './rng.js';
import {
  COMMUNE_MERGER_DAY,
  type OrgPlan,
  type UnitIds,
  type UnitPlan,
  type UnitProfile,
} from './units.js';
import type { Cell, DemoWriter } from './writer.js';

/**
 * Two years (or `years`) of dossiers of a demo province, ending at the reference instant, each
 * with the history the workflow would have written and the legal clock ledger built with the
 * same operations a native dossier goes through (startClock, pauseClock, resumeClock,
 * extendClock, stopClock); the derived columns (due_at, original_due_at, paused_since,
 * supplement_count, extended, finished_at) come from `dueAt`/`originalDueAt` of that ledger
 * and the tenant's calendar. Dossiers whose life runs past the reference instant are cut
 * there, so every queue state has content and some are overdue.
 *
 * Shape: channels (in person, online, post) by procedure online level and unit habits, online
 * share growing over the period; weekly rhythm (Monday busiest, little at weekends); the Tết
 * rush before and the dip during and after Tết; supplements (a few with two, which count
 * late); late dossiers with apologies and one extension; payments online and at the counter;
 * digitisation; national-portal sync; ratings (more than 95% satisfied).
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ZONE_OFFSET = 7 * HOUR;
/** Working minutes in a standard day (07:30–11:30, 13:30–17:00). */
const WORKING_DAY_MS = 7.5 * HOUR;

export interface DossierGenerationOptions {
  tenantId: number;
  rng: Rng;
  org: OrgPlan;
  units: UnitIds;
  procedures: WrittenProcedure[];
  staff: Staff;
  citizens: Citizen[];
  calendar: WorkingCalendar;
  /** The window [from, until) in epoch ms. */
  from: number;
  until: number;
  /** Target number of dossiers received in the window. */
  count: number;
  secret: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DossierSummary {
  dossiers: number;
  events: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  late: number;
  finished: number;
}

const COUNTER_COLUMNS = ['tenant_id', 'agency_code', 'day', 'last'] as const;

/** One planned transition; the clock operation it implies is applied when it happens. */
interface Step {
  action: DossierAction;
  to: DossierStatus | 'same';
  at: number;
  actor: number | null;
  note: string | null;
  clock?: 'start' | 'pause' | 'resume' | 'extend' | 'stop';
  extendTo?: number;
  toUnit?: number;
  assignee?: number | null;
  stepCode?: string | null;
  /** A second supplement request needs the leader's override (DOMAIN §4 step 4). */
  override?: boolean;
  data?: Record<string, unknown>;
}

interface Planned {
  receivedAt: number | null;
  receivingUnit: UnitPlan;
  receivingUnitId: number;
  agencyUnitId: number;
  agencyProfile: UnitProfile;
  procedure: WrittenProcedure;
  version: WrittenVersion;
  channel: 1 | 2 | 3;
}

/** Local epoch day of an instant (Asia/Ho_Chi_Minh has no daylight saving). */
const localDay = (ms: number) => Math.floor((ms + ZONE_OFFSET) / DAY);
const dayStart = (day: number) => day * DAY - ZONE_OFFSET;
const iso = (ms: number) => new Date(ms).toISOString();

function yymmdd(day: number): string {
  const d = new Date(day * DAY);
  return `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * Relative volume of a local day: the weekly rhythm, the Tết rush (two weeks before), the Tết
 * dip (the days off and the slow week after), a summer lull, and growth over the period.
 */
export function dayWeight(
  day: number,
  working: boolean,
  tetDays: readonly number[],
  progress: number,
): number {
  const weekday = new Date(day * DAY).getUTCDay();
  let w = working ? ([0.05, 1.2, 1.05, 1.0, 1.0, 0.9, 0.08][weekday] as number) : 0.04;
  for (const tet of tetDays) {
    const delta = day - tet;
    if (delta >= -16 && delta < -2) w *= 1.3;
    else if (delta >= -2 && delta <= 5) w *= 0.15;
    else if (delta > 5 && delta <= 14) w *= 0.55;
  }
  const month = new Date(day * DAY).getUTCMonth();
  if (month === 6 || month === 7) w *= 0.9;
  return w * (0.85 + 0.3 * progress);
}

/**
 * Generates and writes the dossiers, their events and code counters. The caller holds the
 * writer in bulk mode (`enterBulkMode`) with the dossier triggers suspended, and adds the
 * index contributions after leaving it (`resumeDossierTriggers`).
 */
export async function writeDossiers(
  writer: DemoWriter,
  options: DossierGenerationOptions,
): Promise<DossierSummary> {
  const {
    rng,
    org,
    units,
    procedures,
    staff,
    calendar: cal,
    from,
    until,
    tenantId,
    secret,
  } = options;
  const unitByKey = new Map(org.units.map((u) => [u.key, u]));
  const firstDay = localDay(from);
  const lastDay = localDay(until - 1);
  const tetDays: number[] = [];
  for (let y = new Date(from).getUTCFullYear(); y <= new Date(until).getUTCFullYear() + 1; y++)
    tetDays.push(Math.floor(Date.parse(`${tetDay(y)}T00:00:00Z`) / DAY));

  // Receiving desks by level, valid on a day.
  const communes = org.units.filter((u) => u.level === 'commune');
  const districts = org.units.filter((u) => u.level === 'district');
  const oldCommunes = communes.filter((u) => u.validTo !== null);
  const newCommunes = communes.filter((u) => u.validFrom !== null);
  const mergerDay = Math.floor(Date.parse(`${COMMUNE_MERGER_DAY}T00:00:00Z`) / DAY);
  const picker = (list: UnitPlan[]) =>
    list.length
      ? new WeightedPicker(
          list,
          list.map((u) => u.profile.volume),
        )
      : null;
  const oldCommunePicker = picker(oldCommunes);
  const newCommunePicker = picker(newCommunes);
  const districtPicker = picker(districts);
  const centre = unitByKey.get('centre') as UnitPlan;
  const procedurePicker = new WeightedPicker(
    procedures,
    procedures.map((p) => p.plan.demand),
  );

  const weights: number[] = [];
  let weightSum = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const w = dayWeight(
      day,
      cal.rules(day).working,
      tetDays,
      (day - firstDay) / Math.max(1, lastDay - firstDay),
    );
    weights.push(w);
    weightSum += w;
  }

  const profileOf = (unitId: number): UnitProfile =>
    profileById.get(unitId) ?? (centre.profile as UnitProfile);
  const profileById = new Map<number, UnitProfile>();
  const keyById = new Map<number, string>();
  for (const u of org.units) {
    profileById.set(units.get(u.key) as number, u.profile);
    keyById.set(units.get(u.key) as number, u.key);
  }

  const summary: DossierSummary = {
    dossiers: 0,
    events: 0,
    byStatus: {},
    byChannel: {},
    late: 0,
    finished: 0,
  };
  const counters = new Map<string, number>();
  const total = options.count;
  const maxPending = total + 1000;
  let nextDossierId = await writer.reserveIds('dossiers', Math.ceil(maxPending * 1.2));
  await writer.flush();
  const reservedEnd = nextDossierId + Math.ceil(maxPending * 1.2);
  // Events are numbered after generation: reserve generously, give back nothing (ids may gap).
  let nextEventId = await writer.reserveIds('dossier_events', Math.ceil(maxPending * 1.2) * 14);
  const eventsEnd = nextEventId + Math.ceil(maxPending * 1.2) * 14;

  const team = (unitId: number) =>
    staff.byTeam.get(unitByKey.get(keyById.get(unitId) ?? '')?.teamKey ?? '') ?? {};
  const member = (
    unitId: number,
    role: 'counter_officer' | 'specialist' | 'leader',
  ): StaffMember | undefined => {
    const list = team(unitId)[role] ?? team(units.get('centre') as number)[role];
    return list ? rng.pick(list) : undefined;
  };

  for (let day = firstDay; day <= lastDay; day++) {
    const expected = (total * (weights[day - firstDay] as number)) / weightSum;
    const n = rng.poisson(expected);
    const working = cal.rules(day).working;
    const plannedToday: { planned: Planned; submittedAt: number }[] = [];
    for (let i = 0; i < n; i++) {
      const procedure = procedurePicker.pick(rng);
      const submittedAt = randomInstantOfDay(rng, cal, day, working);
      const version = versionAt(procedure, submittedAt);
      if (!version) continue;
      let unit: UnitPlan | null;
      if (version.level === 'province') unit = centre;
      else if (version.level === 'district')
        unit = day < mergerDay ? (districtPicker?.pick(rng) ?? null) : null;
      else
        unit =
          day < mergerDay
            ? (oldCommunePicker?.pick(rng) ?? null)
            : (newCommunePicker?.pick(rng) ?? null);
      if (!unit) continue;
      const receivingUnitId = units.get(unit.key) as number;
      const agencyUnitId = version.agencyUnitId ?? receivingUnitId;
      const content = version.content;
      const online =
        content.onlineLevel === 'none'
          ? 0
          : (content.onlineLevel === 'full' ? 0.45 : 0.22) *
            (0.6 + 0.8 * ((day - firstDay) / Math.max(1, lastDay - firstDay)));
      let channel: 1 | 2 | 3 = rng.chance(Math.min(0.95, online * unit.profile.online)) ? 2 : 1;
      if (channel === 1 && content.postalIn && rng.chance(0.035 * Math.min(1, unit.profile.online)))
        channel = 3;
      // Counters are closed on days off: only online submissions arrive then.
      if (!working && channel !== 2) continue;
      plannedToday.push({
        planned: {
          receivedAt: null,
          receivingUnit: unit,
          receivingUnitId,
          agencyUnitId,
          agencyProfile: profileOf(agencyUnitId),
          procedure,
          version,
          channel,
        },
        submittedAt,
      });
    }
    plannedToday.sort((a, b) => a.submittedAt - b.submittedAt);
    for (const { planned, submittedAt } of plannedToday) {
      if (nextDossierId >= reservedEnd) break;
      const dossierId = nextDossierId++;
      const built = simulate(planned, submittedAt);
      if (nextEventId + built.steps.length >= eventsEnd)
        throw new Error('demo: event id block exhausted');
      await emit(dossierId, planned, built);
    }
    options.onProgress?.(summary.dossiers, total);
  }
  for (const [key, last] of counters) {
    const [code, day] = key.split('|') as [string, string];
    await writer.push('dossier_code_counters', COUNTER_COLUMNS, [tenantId, code, day, last]);
  }
  await writer.flush();
  return summary;

  function simulate(p: Planned, submittedAt: number) {
    const content = p.version.content;
    const steps: Step[] = [];
    const unitId = p.receivingUnitId;
    const counter = member(unitId, 'counter_officer');
    const specialist = member(p.agencyUnitId, 'specialist');
    const leader = member(p.agencyUnitId, 'leader');
    const applicant = applicantFor(p);
    let receivedAt: number;
    if (p.channel === 2) {
      steps.push({
        action: 'submit',
        to: 'submitted',
        at: submittedAt,
        actor: applicant.userId,
        note: null,
      });
      // The counter checks online submissions within a few working hours.
      let at = addWorkingTime(
        cal,
        workingInstantAtOrAfter(cal, submittedAt),
        rng.int(10, 240) * 60_000,
      );
      if (rng.chance(0.03)) {
        steps.push({
          action: 'request_supplement_at_reception',
          to: 'reception_supplement',
          at,
          actor: counter?.id ?? null,
          note: 'Đề nghị bổ sung bản chụp giấy tờ còn thiếu (Mẫu 02)',
        });
        const back = at + rng.int(1, 5) * DAY + rng.int(0, 8) * HOUR;
        steps.push({
          action: 'resubmit',
          to: 'submitted',
          at: back,
          actor: applicant.userId,
          note: null,
        });
        at = addWorkingTime(cal, workingInstantAtOrAfter(cal, back), rng.int(10, 240) * 60_000);
      }
      if (rng.chance(0.008)) {
        steps.push({
          action: 'refuse_at_reception',
          to: 'not_accepted',
          at,
          actor: counter?.id ?? null,
          note: 'Thủ tục không thuộc thẩm quyền giải quyết của cơ quan (Mẫu 03)',
        });
        return { steps, applicant, receivedAt: null as number | null, late: false };
      }
      receivedAt = at;
    } else {
      receivedAt = submittedAt;
      if (rng.chance(0.006)) {
        steps.push({
          action: 'refuse_at_reception',
          to: 'not_accepted',
          at: receivedAt,
          actor: counter?.id ?? null,
          note: 'Hồ sơ không đủ điều kiện tiếp nhận (Mẫu 03)',
        });
        return { steps, applicant, receivedAt: null as number | null, late: false };
      }
    }
    steps.push({
      action: 'receive',
      to: 'received',
      at: receivedAt,
      actor: counter?.id ?? null,
      note: null,
      clock: 'start',
      stepCode: 'B1',
    });
    const tmpl = content.steps as ProcessingStep[];
    const dayMs = content.limitUnit === 'working_hours' ? HOUR : WORKING_DAY_MS;
    const budget = content.limitUnit === 'same_day' ? 0 : content.promisedLimit;
    let ledger = startClock({ receivedAt: iso(receivedAt), unit: content.limitUnit, budget });
    const due0 = Date.parse(dueAt(ledger, cal) as string);
    const span = Math.max(30 * 60_000, workingMsBetween(cal, receivedAt, due0));
    // Lateness: the agency's and desk's habits, land dossiers more often, a little noise.
    const landish = content.fieldCode === 'DDX' || content.fieldCode === 'DD';
    const pLate = Math.min(
      0.7,
      0.012 *
        p.agencyProfile.late *
        (p.agencyUnitId === unitId ? 1 : profileOf(unitId).late ** 0.5) *
        (landish ? 2.5 : 1),
    );
    const late = rng.chance(pLate);
    let t = receivedAt;
    const transferAt = addWorkingTime(cal, t, Math.min(span * 0.05, rng.int(5, 120) * 60_000));
    steps.push({
      action: 'transfer',
      to: 'in_appraisal',
      at: transferAt,
      actor: counter?.id ?? null,
      note: null,
      toUnit: p.agencyUnitId,
      assignee: specialist?.id ?? null,
      stepCode: 'B2',
    });
    t = transferAt;
    const consult = tmpl.find((s) => s.interAgency);
    if (consult && rng.chance(0.8)) {
      const c1 = addWorkingTime(cal, t, span * rng.next() * 0.15);
      const c2 = addWorkingTime(cal, c1, span * (0.05 + rng.next() * 0.2));
      steps.push({
        action: 'consult',
        to: 'in_consultation',
        at: c1,
        actor: specialist?.id ?? null,
        note: 'Lấy ý kiến cơ quan thuế về nghĩa vụ tài chính',
        stepCode: consult.code,
      });
      steps.push({
        action: 'consultation_reply',
        to: 'in_appraisal',
        at: c2,
        actor: specialist?.id ?? null,
        note: null,
        stepCode: 'B2',
      });
      t = c2;
    }
    const supplements = rng.chance(0.07 * Math.min(3, p.agencyProfile.late ** 0.5))
      ? rng.chance(0.05)
        ? 2
        : 1
      : 0;
    for (let s = 0; s < supplements; s++) {
      const a = addWorkingTime(cal, t, span * (0.1 + rng.next() * 0.25));
      const b = addWorkingTime(cal, a, rng.int(1, 8) * WORKING_DAY_MS + rng.int(0, 6) * HOUR);
      steps.push({
        action: 'request_supplement',
        to: 'awaiting_supplement',
        at: a,
        actor: s === 0 ? (specialist?.id ?? null) : (leader?.id ?? null),
        note: 'Đề nghị bổ sung giấy tờ chứng minh (Mẫu 02)',
        clock: 'pause',
        stepCode: 'B2',
        override: s > 0,
      });
      steps.push({
        action: 'record_supplement',
        to: 'in_appraisal',
        at: b,
        actor: p.channel === 2 ? applicant.userId : (counter?.id ?? null),
        note: null,
        clock: 'resume',
        stepCode: 'B2',
      });
      ledger = resumeClock(pauseClock(ledger, { at: iso(a), reason: 'supplement' }), {
        at: iso(b),
      });
      t = b;
    }
    // The due date after the pauses, from the ledger itself: the budget does not run while paused.
    const due = Date.parse(dueAt(ledger, cal) as string);
    let finishAt: number;
    if (late || supplements > 1) {
      finishAt = addWorkingTime(cal, due, rng.int(1, 12) * dayMs * (0.3 + rng.next()));
      // Most late dossiers get an apology and one extension a working day before the due date.
      if (late && rng.chance(0.55)) {
        // Decree 118/2025: the apology comes at least one working day before the due date.
        const proposeAt = due - 2 * DAY - rng.int(0, 240) * 60_000;
        const approveAt = proposeAt + rng.int(10, 180) * 60_000;
        if (approveAt < due && proposeAt > t) {
          const newDue = addWorkingTime(cal, finishAt, rng.int(0, 3) * WORKING_DAY_MS);
          steps.push({
            action: 'propose_extension',
            to: 'same',
            at: proposeAt,
            actor: specialist?.id ?? null,
            note: 'Xin lỗi và đề nghị gia hạn: hồ sơ cần xác minh thực địa (Mẫu 04)',
            data: { dueAt: iso(newDue) },
          });
          steps.push({
            action: 'approve_extension',
            to: 'same',
            at: approveAt,
            actor: leader?.id ?? null,
            note: null,
            clock: 'extend',
            extendTo: newDue,
            data: { dueAt: iso(newDue) },
          });
          t = approveAt;
        }
      }
    } else {
      const remaining = Math.max(60_000, workingMsBetween(cal, t, due));
      const share = rng.chance(0.3) ? 0.85 + rng.next() * 0.15 : 0.2 + rng.next() * 0.65;
      finishAt = addWorkingTime(cal, t, remaining * share);
    }
    if (finishAt <= t) finishAt = t + 60_000;
    const proposeAt = Math.max(t + 60_000, finishAt - rng.int(30, 240) * 60_000);
    const ending = rng.next();
    if (ending < 0.004) {
      steps.push({
        action: 'withdraw',
        to: 'withdrawn',
        at: proposeAt,
        actor: counter?.id ?? null,
        note: 'Người nộp đề nghị rút hồ sơ',
        clock: 'stop',
      });
      return { steps, applicant, receivedAt, late };
    }
    if (ending < 0.009) {
      steps.push({
        action: 'stop',
        to: 'stopped',
        at: proposeAt,
        actor: leader?.id ?? null,
        note: 'Dừng xử lý: người nộp không bổ sung theo yêu cầu (Mẫu 05)',
        clock: 'stop',
      });
      return { steps, applicant, receivedAt, late };
    }
    const refused = ending < 0.022;
    steps.push({
      action: 'propose_result',
      to: 'awaiting_approval',
      at: Math.min(proposeAt, finishAt - 1000),
      actor: specialist?.id ?? null,
      note: refused ? 'Đề xuất từ chối: không đủ điều kiện' : null,
      toUnit: p.agencyUnitId,
      assignee: leader?.id ?? null,
      stepCode: 'B3',
      data: { outcome: refused ? 'refused' : 'approved' },
    });
    steps.push({
      action: 'approve',
      to: 'result_ready',
      at: finishAt,
      actor: leader?.id ?? null,
      note: null,
      clock: 'stop',
      toUnit: unitId,
      assignee: counter?.id ?? null,
      stepCode: 'B4',
      data: { outcome: refused ? 'refused' : 'approved' },
    });
    const returnAt = addWorkingTime(
      cal,
      finishAt,
      rng.chance(0.5) ? rng.int(10, 240) * 60_000 : rng.int(1, 3) * WORKING_DAY_MS,
    );
    steps.push({
      action: 'return_result',
      to: 'returned',
      at: returnAt,
      actor: counter?.id ?? null,
      note: null,
    });
    return { steps, applicant, receivedAt, late };
  }

  function applicantFor(p: Planned) {
    const kinds = p.version.content.applicantKinds;
    const organisation =
      kinds.includes('organisation') && (!kinds.includes('individual') || rng.chance(0.15));
    if (p.channel === 2 && !organisation && options.citizens.length > 0) {
      const c = rng.pick(options.citizens);
      return {
        userId: c.id as number | null,
        kind: 'individual' as const,
        name: c.name,
        idNumber: c.idNumber,
        phone: c.phone,
        taxCode: null as string | null,
      };
    }
    const person = personName(rng);
    return {
      userId: null as number | null,
      kind: organisation ? ('organisation' as const) : ('individual' as const),
      name: organisation ? organisationName(rng) : person.name,
      idNumber: citizenId(rng, person.female),
      phone: phoneNumber(rng),
      taxCode: organisation ? taxCode(rng) : null,
    };
  }

  async function emit(dossierId: number, p: Planned, built: ReturnType<typeof simulate>) {
    const content = p.version.content;
    const tmpl = parseSteps(content.steps);
    const limit = {
      unit: content.limitUnit,
      budget: content.limitUnit === 'same_day' ? 0 : content.promisedLimit,
    };
    let facts: DossierFacts = {
      state: 'new',
      ledger: null,
      extensionRequest: null,
      proposedOutcome: null,
    };
    let currentUnit = p.receivingUnitId;
    let assignee: number | null = null;
    let stepIndex: number | null = null;
    let stepStarted: string | null = null;
    let lastAt = 0;
    let seq = 0;
    let outcome: string | null = null;
    let finishedAt: string | null = null;
    let returnedAt: string | null = null;
    let createdAt: number | null = null;
    const events: Cell[][] = [];
    for (const step of built.steps) {
      if (step.at >= until) break;
      const at = iso(step.at);
      const role = roleFor(step);
      const input = {
        note: step.note,
        ...(step.action === 'request_supplement' &&
        facts.ledger &&
        facts.ledger.supplementRequests >= 1
          ? { override: true }
          : {}),
        ...(step.action === 'propose_extension' ? { dueAt: String(step.data?.dueAt) } : {}),
        ...(step.action === 'propose_result'
          ? { outcome: (step.data?.outcome ?? 'approved') as 'approved' | 'refused' }
          : {}),
      };
      const decision = decide(facts, step.action, { roles: [role], now: at, cal, input });
      // The workflow refuses what the application would refuse: the dossier's story ends there.
      if (!decision.ok) break;
      const ledger = applyClockOps(facts.ledger, decision.clockOps, { at, cal, limit });
      const from = facts.state;
      const fromUnit = currentUnit;
      const endedStep = stepIndex === null ? null : tmpl[stepIndex];
      const endedDue =
        endedStep && stepStarted
          ? stepDeadline(cal, stepStarted, content.limitUnit, endedStep.allotment)
          : null;
      if (step.toUnit !== undefined) currentUnit = step.toUnit;
      if (step.assignee !== undefined) assignee = step.assignee;
      const nextIndex = stepForState(tmpl, decision.next, stepIndex);
      if (nextIndex !== stepIndex) {
        stepIndex = nextIndex;
        stepStarted = at;
      }
      const patch = decision.patch;
      if (patch.outcome) outcome = patch.outcome;
      if (patch.finished) finishedAt = at;
      if (patch.returned) returnedAt = at;
      facts = {
        state: decision.next,
        ledger,
        extensionRequest:
          patch.extensionRequest === undefined ? facts.extensionRequest : patch.extensionRequest,
        proposedOutcome:
          patch.proposedOutcome === undefined ? facts.proposedOutcome : patch.proposedOutcome,
      };
      createdAt ??= step.at;
      seq++;
      events.push([
        0,
        tenantId,
        dossierId,
        seq,
        step.action,
        from === 'new' ? null : from,
        decision.next,
        endedStep?.code ?? null,
        fromUnit,
        currentUnit,
        assignee,
        step.actor,
        at,
        step.note,
        endedDue,
        endedDue === null ? null : step.at <= Date.parse(endedDue),
        null,
        step.data ?? {},
      ]);
      lastAt = step.at;
    }
    const status = facts.state;
    if (status === 'new' || createdAt === null) return;
    const ledger = facts.ledger;
    const clock = clockColumns(ledger, cal);
    const finished = isFinishedState(status);
    const receivedAt = clock.received_at === null ? null : Date.parse(clock.received_at);
    let code: string | null = null;
    if (receivedAt !== null) {
      const unitCode = p.receivingUnit.code;
      const key = `${unitCode}|${isoDay(localDay(receivedAt))}`;
      const next = (counters.get(key) ?? 0) + 1;
      counters.set(key, next);
      code = `${unitCode}-${yymmdd(localDay(receivedAt))}-${String(next).padStart(4, '0')}`;
    }
    const profile = p.receivingUnit.profile;
    const approved = outcome === 'approved';
    const resultRequired = content.resultType !== 'none';
    const electronicCapable = content.resultType === 'electronic' || content.resultType === 'both';
    const eResult =
      approved &&
      electronicCapable &&
      (p.channel === 2 ? rng.chance(0.92) : rng.chance(0.45 * Math.min(1, profile.digitise)));
    const fee = p.version.feeAmount;
    const paidOnline =
      fee > 0 && receivedAt !== null && (p.channel === 2 ? rng.chance(0.75) : rng.chance(0.06));
    const digitised = receivedAt !== null && (p.channel === 2 || rng.chance(profile.digitise));
    const synced = receivedAt !== null && rng.chance(profile.sync);
    const stoppedAt = ledger?.stoppedAt ?? null;
    const lateFinish =
      stoppedAt !== null &&
      ((ledger?.supplementRequests ?? 0) > 1 ||
        (clock.original_due_at !== null &&
          Date.parse(stoppedAt) > Date.parse(clock.original_due_at)));
    if (lateFinish) summary.late++;
    let rating: number | null = null;
    if (status === 'returned' && rng.chance(p.channel === 2 ? 0.7 : 0.45)) {
      const bad = lateFinish ? 0.2 : 0.012;
      const x = rng.next();
      rating = x < bad * 0.4 ? 1 : x < bad ? 2 : x < bad + 0.03 ? 3 : x < 0.3 ? 4 : 5;
    }
    const complaint = status === 'returned' && rng.chance(lateFinish ? 0.04 : 0.001);
    const delivery =
      p.channel === 3 || (content.postalOut && rng.chance(0.06))
        ? 'post'
        : p.channel === 2 && electronicCapable && rng.chance(0.7)
          ? 'electronic'
          : 'counter';
    // The same purposes as reception at the counter (applicantColumns in the dossier module),
    // so look-ups by ID or phone and notifications treat generated dossiers like native ones.
    const idField = protectField(secret, 'dossiers.applicant_id', built.applicant.idNumber);
    const phoneField = protectField(secret, 'dossiers.applicant_phone', built.applicant.phone);
    const onStep =
      stepIndex !== null && !['returned', 'stopped', 'withdrawn', 'not_accepted'].includes(status);
    const step = onStep && stepIndex !== null ? tmpl[stepIndex] : undefined;
    const stepDue =
      step && stepStarted
        ? stepDeadline(cal, stepStarted, content.limitUnit, step.allotment)
        : null;
    const address = `${p.receivingUnit.name.replace(' (cũ)', '')}, ${org.tenantName}`;
    await writer.push('dossiers', DOSSIER_COLUMNS, [
      dossierId,
      tenantId,
      code,
      status,
      seq,
      p.receivingUnitId,
      p.agencyUnitId,
      currentUnit,
      step ? stepIndex : null,
      step ? step.code : null,
      step ? step.role : null,
      step ? stepStarted : null,
      stepDue,
      step ? assignee : null,
      p.procedure.id,
      p.version.id,
      p.channel,
      built.applicant.kind,
      built.applicant.name,
      foldVietnamese(built.applicant.name),
      idField.enc,
      idField.hash,
      built.applicant.idNumber.slice(-4),
      built.applicant.taxCode,
      phoneField.enc,
      phoneField.hash,
      null,
      address,
      built.applicant.userId,
      delivery,
      delivery === 'post' ? address : null,
      ledger,
      clock.received_at,
      clock.due_at,
      clock.original_due_at,
      clock.paused_since,
      clock.supplement_count,
      clock.extended,
      facts.extensionRequest,
      facts.proposedOutcome,
      finishedAt,
      returnedAt,
      outcome,
      fee,
      content.onlineLevel,
      resultRequired,
      content.certification,
      synced,
      synced && receivedAt !== null ? iso(receivedAt + rng.int(1, 30) * 60_000) : null,
      paidOnline,
      digitised,
      eResult,
      content.certification && approved && rng.chance(0.3),
      receivedAt !== null && rng.chance(p.channel === 2 ? 0.45 : 0.2),
      receivedAt !== null && rng.chance(0.15),
      receivedAt !== null && content.populationDb && rng.chance(0.85),
      complaint,
      rating,
      'native',
      built.applicant.userId ?? (events[0]?.[11] as number | null) ?? null,
      iso(createdAt),
      iso(lastAt),
    ]);
    for (const event of events) {
      event[0] = nextEventId++;
      await writer.push('dossier_events', EVENT_COLUMNS, event);
    }
    summary.dossiers++;
    summary.events += events.length;
    summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    summary.byChannel[String(p.channel)] = (summary.byChannel[String(p.channel)] ?? 0) + 1;
    if (finished) summary.finished++;
  }

  /** The workflow role the actor of a planned step holds. */
  function roleFor(step: Step): WorkflowRole {
    switch (step.action) {
      case 'submit':
      case 'resubmit':
        return 'applicant';
      case 'record_supplement':
        return step.actor !== null && options.citizens.some((c) => c.id === step.actor)
          ? 'applicant'
          : 'counter_officer';
      case 'approve_extension':
      case 'approve':
      case 'stop':
        return 'leader';
      case 'request_supplement':
        return step.override ? 'leader' : 'specialist';
      case 'propose_extension':
      case 'consult':
      case 'consultation_reply':
      case 'propose_result':
        return 'specialist';
      default:
        return 'counter_officer';
    }
  }
}
/** The version in force at `at` (the latest effective at or before it). */
function versionAt(procedure: WrittenProcedure, at: number): WrittenVersion | undefined {
  let found: WrittenVersion | undefined;
  for (const v of procedure.versions) if (v.effectiveFrom <= at) found = v;
  return found;
}

/** A random instant of a local day: within working hours on working days, any hour otherwise. */
function randomInstantOfDay(rng: Rng, cal: WorkingCalendar, day: number, working: boolean): number {
  const rules = cal.rules(day);
  if (working && rules.periods.length > 0 && rng.chance(0.93)) {
    // Mornings are busier than afternoons at the counter.
    const period = rules.periods[rng.chance(0.62) ? 0 : rules.periods.length - 1] as readonly [
      number,
      number,
    ];
    return period[0] + Math.floor(rng.next() * (period[1] - period[0] - 60_000));
  }
  return dayStart(day) + Math.floor((6 + rng.next() * 17) * HOUR);
}
