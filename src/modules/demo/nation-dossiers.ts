import type { ClockUnit } from '../../domain/calendar/index.js';
import type { ProcedureContent } from '../../domain/catalogue/index.js';
import { foldVietnamese } from '../../domain/text/index.js';
import {
  type DossierAction,
  type DossierStatus,
  parseSteps,
  stepForState,
  type TemplateStep,
} from '../../domain/workflow/index.js';
import { protectField } from '../../platform/crypto/index.js';
import { UNIT_DAY_COUNTER_COLUMNS } from '../indices/index.js';
import type { DossierSummary } from './dossiers.js';
import { dayWeight } from './dossiers.js';
import { citizenId, organisationName, personName, phoneNumber, taxCode } from './names.js';
import type { MsPause, WorkTable } from './nation-calendar.js';
import type { Citizen, Staff, StaffMember } from './people.js';
import type { WrittenProcedure, WrittenVersion } from './procedures.js';
import { type Rng, WeightedPicker } from './rng.js';
import { COMMUNE_MERGER_DAY, type OrgPlan, type UnitIds, type UnitPlan } from './units.js';

/**
 * The dossiers of one province at national scale, written as COPY text (tab-separated, `\N` for
 * null) straight into buffers the loader streams to PostgreSQL. The province generator
 * (`dossiers.ts`) replays every transition through the workflow's `decide()` and the legal
 * clock; at 10 million dossiers that is hours, so this one plans the same life (channels,
 * reception, transfer, consultation, supplements with their pauses, late dossiers with an
 * apology and one extension, stop, withdrawal, refusal, approval, return, cut at `until`) with
 * the same rules, and computes every date by table look-up in the tenant calendar
 * ({@link WorkTable}), with no per-dossier calendar or time-zone call.
 *
 * What a row holds is what the application would hold after those transitions: the status, the
 * clock ledger (`clock`) and the columns derived from it, the template step, the flags the
 * service index counts, the applicant (encrypted as reception encrypts it). `nation.test.ts`
 * checks the derived columns against the legal clock's own `dueAt`/`originalDueAt`, and every
 * status against the workflow's transition table.
 *
 * History is abridged (docs/demo.md, "Nation scale"): each dossier keeps its reception
 * (`submit`, `receive`), its ending (`approve`, `return_result`, `stop`, `withdraw`,
 * `refuse_at_reception`) and the transition that put it in its current state, each with its
 * real sequence number (`seq` = the dossier version after it, as the application numbers
 * them), so gaps show what was left out. That keeps the look-up's timeline (reception, result,
 * return, current state) at about 2.8 rows per dossier instead of 5.5.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WORKING_DAY_MS = 7.5 * HOUR;
const NULL = '\\N';

export {
  DOSSIER_COLUMNS as NATION_DOSSIER_COLUMNS,
  EVENT_COLUMNS as NATION_EVENT_COLUMNS,
} from './columns.js';

const UNIT_DAY_COUNTERS = UNIT_DAY_COUNTER_COLUMNS.length;

/** Columns of index_unit_day in the order {@link NationDossierGenerator.takeAggregates} writes. */
export const NATION_UNIT_DAY_COLUMNS = [
  'tenant_id',
  'receiving_unit_id',
  'agency_unit_id',
  'day',
  ...UNIT_DAY_COUNTER_COLUMNS,
] as const;

export const NATION_PROCEDURE_MONTH_COLUMNS = [
  'tenant_id',
  'receiving_unit_id',
  'agency_unit_id',
  'procedure_id',
  'month',
  'received',
  'online',
  'paid_online',
  'offers_online',
  'full_online',
  'with_fee',
] as const;

export const NATION_COUNTER_COLUMNS = ['tenant_id', 'agency_code', 'day', 'last'] as const;

/** Transitions kept in the abridged history whatever comes after them. */
const KEPT: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'submit',
  'receive',
  'refuse_at_reception',
  'approve',
  'return_result',
  'stop',
  'withdraw',
]);

const OPEN_STATES: ReadonlySet<string> = new Set([
  'received',
  'in_appraisal',
  'in_consultation',
  'awaiting_supplement',
  'awaiting_approval',
  'result_ready',
]);

const NOTE_SUPPLEMENT = 'Đề nghị bổ sung giấy tờ chứng minh (Mẫu 02)';
const NOTE_EXTENSION = 'Xin lỗi và đề nghị gia hạn: hồ sơ cần xác minh thực địa (Mẫu 04)';
const NOTE_RECEPTION_SUPPLEMENT = 'Đề nghị bổ sung bản chụp giấy tờ còn thiếu (Mẫu 02)';
const NOTE_RECEPTION_REFUSED = 'Thủ tục không thuộc thẩm quyền giải quyết của cơ quan (Mẫu 03)';
const NOTE_CONSULT = 'Lấy ý kiến cơ quan thuế về nghĩa vụ tài chính';
const NOTE_WITHDRAW = 'Người nộp đề nghị rút hồ sơ';
const NOTE_STOP = 'Dừng xử lý: người nộp không bổ sung theo yêu cầu (Mẫu 05)';
const NOTE_REFUSE = 'Đề xuất từ chối: không đủ điều kiện';

/** One planned transition. */
interface Step {
  action: DossierAction;
  to: DossierStatus | 'same';
  at: number;
  actor: number | null;
  note: string | null;
  toUnit?: number;
  assignee?: number | null;
  data?: string;
  clock?: 'start' | 'pause' | 'resume' | 'extend' | 'stop';
  extendTo?: number;
}

/** An applicant with the fields reception stores, ready for a COPY row. */
interface Applicant {
  userId: number | null;
  kind: 'individual' | 'organisation';
  name: string;
  search: string;
  idEnc: string;
  idHash: string;
  last4: string;
  phoneEnc: string;
  phoneHash: string;
  taxCode: string | null;
}

/** A version with what the generator reads, parsed once. */
interface VersionFacts {
  v: WrittenVersion;
  content: ProcedureContent;
  unit: ClockUnit;
  budget: number;
  tmpl: TemplateStep[];
  consult: TemplateStep | undefined;
  landish: boolean;
  feeText: string;
  electronicCapable: boolean;
}

export interface NationDossierInput {
  tenantId: number;
  rng: Rng;
  org: OrgPlan;
  units: UnitIds;
  procedures: WrittenProcedure[];
  staff: Staff;
  citizens: Citizen[];
  table: WorkTable;
  /** Calendar days of the data: the local days `firstDay`..`lastDay`. */
  from: number;
  until: number;
  count: number;
  secret: string;
  firstDossierId: number;
  dossierIdEnd: number;
  /** Lowest unit and procedure ids of the province (for compact aggregate keys). */
  firstUnitId: number;
  firstProcedureId: number;
  firstEventId: number;
  eventIdEnd: number;
  /** Tết days (epoch days) of the years in the window, for the rhythm. */
  tetDays: number[];
}

function text(value: string): string {
  // COPY text format: a tab, newline or backslash would need escaping; generated text has none.
  if (/[\t\n\r\\]/.test(value)) throw new Error(`nation demo: unexpected character in ${value}`);
  return value;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? NULL : new Date(ms).toISOString());
const idOrNull = (id: number | null | undefined) =>
  id === null || id === undefined ? NULL : String(id);
const bool = (b: boolean) => (b ? 't' : 'f');

/**
 * Generates one province's dossiers day by day. Call {@link nextDay} until it returns false;
 * take the buffered text with {@link takeDossiers}, {@link takeEvents}, {@link takeCounters}
 * whenever convenient (the loader streams them to COPY while the next days are generated).
 */
export class NationDossierGenerator {
  readonly summary: DossierSummary = {
    dossiers: 0,
    events: 0,
    byStatus: {},
    byChannel: {},
    late: 0,
    finished: 0,
  };
  private dossierText: string[] = [];
  private eventText: string[] = [];
  private counterText: string[] = [];
  /** Rows in the buffers not yet taken. */
  pendingDossiers = 0;
  private day: number;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly weights: number[] = [];
  private weightSum = 0;
  private nextDossierId: number;
  private nextEventId: number;
  /** Code counters by local day, then by agency identifier. */
  private readonly counters = new Map<number, Map<string, number>>();
  private readonly rng: Rng;
  private readonly t: WorkTable;
  private readonly versionFacts = new Map<number, VersionFacts>();
  private readonly procedurePicker: WeightedPicker<WrittenProcedure>;
  private readonly pickers: {
    old: WeightedPicker<UnitPlan> | null;
    fresh: WeightedPicker<UnitPlan> | null;
    district: WeightedPicker<UnitPlan> | null;
  };
  private readonly centre: UnitPlan;
  private readonly mergerDay: number;
  private readonly unitInfo = new Map<
    number,
    {
      plan: UnitPlan;
      code: string;
      address: string;
      late: number;
      team: Partial<Record<string, StaffMember[]>>;
    }
  >();
  /**
   * Index counter deltas (the 23 counters of index_unit_day) by a numeric key of receiving
   * unit, agency and day, offsets from the province's first ids (fewer than 1,024 units and
   * 4,096 procedures, checked): exact in a double, and no string per dossier.
   */
  private readonly unitDay = new Map<number, Int32Array>();
  /** Per-procedure counts by receiving unit, agency, procedure and month (same idea). */
  private readonly procedureMonth = new Map<
    number,
    { receiving: number; agency: number; procedure: number; month: string; counts: Int32Array }
  >();
  private readonly dayBase: number;
  private readonly individuals: Applicant[] = [];
  private readonly organisations: Applicant[] = [];
  private readonly citizenApplicants = new Map<number, Applicant>();

  constructor(private readonly input: NationDossierInput) {
    const { org, units, table, rng } = input;
    this.rng = rng;
    this.t = table;
    this.firstDay = table.localDay(input.from);
    this.lastDay = table.localDay(input.until - 1);
    this.day = this.firstDay;
    this.dayBase = this.firstDay - 64;
    this.nextDossierId = input.firstDossierId;
    this.nextEventId = input.firstEventId;
    for (let d = this.firstDay; d <= this.lastDay; d++) {
      const w = dayWeight(
        d,
        table.isWorking(d),
        input.tetDays,
        (d - this.firstDay) / Math.max(1, this.lastDay - this.firstDay),
      );
      this.weights.push(w);
      this.weightSum += w;
    }
    const unitIds = [...units.values()];
    const procedureIds = input.procedures.map((p) => p.id);
    if (
      Math.min(...unitIds) < input.firstUnitId ||
      Math.max(...unitIds) - input.firstUnitId >= 1024 ||
      Math.min(...procedureIds) < input.firstProcedureId ||
      Math.max(...procedureIds) - input.firstProcedureId >= 4096
    )
      throw new Error('nation demo: a province has too many units or procedures for its keys');
    const byKey = new Map(org.units.map((u) => [u.key, u]));
    const centre = byKey.get('centre');
    if (!centre) throw new Error('nation demo: the province has no service centre');
    this.centre = centre;
    const centreTeam = input.staff.byTeam.get('centre') ?? {};
    for (const u of org.units) {
      const id = units.get(u.key) as number;
      const team = input.staff.byTeam.get(u.teamKey) ?? {};
      this.unitInfo.set(id, {
        plan: u,
        code: text(u.code),
        address: text(`${u.name.replace(' (cũ)', '')}, ${org.tenantName}`),
        late: u.profile.late,
        team: {
          counter_officer: team.counter_officer ?? centreTeam.counter_officer,
          specialist: team.specialist ?? centreTeam.specialist,
          leader: team.leader ?? centreTeam.leader,
        },
      });
    }
    const picker = (list: UnitPlan[]) =>
      list.length
        ? new WeightedPicker(
            list,
            list.map((u) => u.profile.volume),
          )
        : null;
    const communes = org.units.filter((u) => u.level === 'commune');
    this.pickers = {
      old: picker(communes.filter((u) => u.validTo !== null)),
      fresh: picker(communes.filter((u) => u.validFrom !== null)),
      district: picker(org.units.filter((u) => u.level === 'district')),
    };
    this.mergerDay = Math.floor(Date.parse(`${COMMUNE_MERGER_DAY}T00:00:00Z`) / DAY);
    this.procedurePicker = new WeightedPicker(
      input.procedures,
      input.procedures.map((p) => p.plan.demand),
    );
    for (const p of input.procedures)
      for (const v of p.versions) {
        const content = v.content;
        const tmpl = parseSteps(content.steps);
        this.versionFacts.set(v.id, {
          v,
          content,
          unit: content.limitUnit,
          budget: content.limitUnit === 'same_day' ? 0 : content.promisedLimit,
          tmpl,
          consult: tmpl.find((s) => s.interAgency),
          landish: content.fieldCode === 'DDX' || content.fieldCode === 'DD',
          feeText: String(v.feeAmount),
          electronicCapable: content.resultType === 'electronic' || content.resultType === 'both',
        });
      }
    // A pool of applicants who come to the counter: people come back, and encrypting each
    // dossier's ID and phone anew would cost more than generating the dossier.
    const poolRng = rng.fork('applicants');
    for (let i = 0; i < 1024; i++) {
      const person = personName(poolRng);
      this.individuals.push(
        this.applicant(
          null,
          'individual',
          person.name,
          citizenId(poolRng, person.female),
          phoneNumber(poolRng),
          null,
        ),
      );
    }
    for (let i = 0; i < 256; i++) {
      const person = personName(poolRng);
      this.organisations.push(
        this.applicant(
          null,
          'organisation',
          organisationName(poolRng),
          citizenId(poolRng, person.female),
          phoneNumber(poolRng),
          taxCode(poolRng),
        ),
      );
    }
  }

  private applicant(
    userId: number | null,
    kind: Applicant['kind'],
    name: string,
    idNumber: string,
    phone: string,
    tax: string | null,
  ): Applicant {
    // The same purposes as reception at the counter (applicantColumns in the dossier module).
    const id = protectField(this.input.secret, 'dossiers.applicant_id', idNumber);
    const ph = protectField(this.input.secret, 'dossiers.applicant_phone', phone);
    return {
      userId,
      kind,
      name: text(name),
      search: text(foldVietnamese(name)),
      idEnc: text(id.enc as string),
      idHash: text(id.hash as string),
      last4: idNumber.slice(-4),
      phoneEnc: text(ph.enc as string),
      phoneHash: text(ph.hash as string),
      taxCode: tax,
    };
  }

  private citizenApplicant(c: Citizen): Applicant {
    let a = this.citizenApplicants.get(c.id);
    if (!a) {
      a = this.applicant(c.id, 'individual', c.name, c.idNumber, c.phone, null);
      this.citizenApplicants.set(c.id, a);
    }
    return a;
  }

  /** Whether days are left; generates one local day's dossiers into the buffers. */
  nextDay(): boolean {
    if (this.day > this.lastDay) return false;
    const day = this.day++;
    const { rng, t } = this;
    const expected =
      (this.input.count * (this.weights[day - this.firstDay] as number)) / this.weightSum;
    const n = rng.poisson(expected);
    const working = t.isWorking(day);
    const periods = working ? t.periods(day) : [];
    const today: { at: number; unit: UnitPlan; v: VersionFacts; channel: 1 | 2 | 3 }[] = [];
    const progress = (day - this.firstDay) / Math.max(1, this.lastDay - this.firstDay);
    // Draw until the day has its n dossiers: a draw that cannot happen (a procedure version not
    // yet in force, a district-level procedure after the 2025 merger, a counter visit on a day
    // off) is drawn again rather than lost, so `--dossiers N` gives N on average (issue 9:
    // "10 million or more"; dropping them lost 1.3%).
    for (let made = 0, tries = 0; made < n && tries < n * 20; tries++) {
      const procedure = this.procedurePicker.pick(rng);
      let at: number;
      if (working && periods.length > 0 && rng.chance(0.93)) {
        // Mornings are busier than afternoons at the counter.
        const period = periods[rng.chance(0.62) ? 0 : periods.length - 1] as [number, number];
        at = period[0] + Math.floor(rng.next() * (period[1] - period[0] - 60_000));
      } else at = t.dayStart(day) + Math.floor((6 + rng.next() * 17) * HOUR);
      let version: WrittenVersion | undefined;
      for (const v of procedure.versions) if (v.effectiveFrom <= at) version = v;
      if (!version) continue;
      let unit: UnitPlan | null;
      if (version.level === 'province') unit = this.centre;
      else if (version.level === 'district')
        unit = day < this.mergerDay ? (this.pickers.district?.pick(rng) ?? null) : null;
      else
        unit =
          day < this.mergerDay
            ? (this.pickers.old?.pick(rng) ?? null)
            : (this.pickers.fresh?.pick(rng) ?? null);
      if (!unit) continue;
      const v = this.versionFacts.get(version.id) as VersionFacts;
      const content = v.content;
      const online =
        content.onlineLevel === 'none'
          ? 0
          : (content.onlineLevel === 'full' ? 0.45 : 0.22) * (0.6 + 0.8 * progress);
      let channel: 1 | 2 | 3 = rng.chance(Math.min(0.95, online * unit.profile.online)) ? 2 : 1;
      if (channel === 1 && content.postalIn && rng.chance(0.035 * Math.min(1, unit.profile.online)))
        channel = 3;
      // Counters are closed on days off: only online submissions arrive then.
      if (!working && channel !== 2) continue;
      today.push({ at, unit, v, channel });
      made++;
    }
    today.sort((a, b) => a.at - b.at);
    for (const planned of today) {
      if (this.nextDossierId >= this.input.dossierIdEnd) break;
      this.dossier(planned.at, planned.unit, planned.v, planned.channel);
    }
    // Code counters of days no dossier can be received on any more (online ones arrive days
    // after submission): written once, as the registration's `insert … on conflict` leaves them.
    const settled = day - 30;
    for (const [d, byCode] of this.counters) {
      if (d > settled && day < this.lastDay) continue;
      const date = iso(d * DAY).slice(0, 10);
      for (const [code, last] of byCode)
        this.counterText.push(`${this.input.tenantId}\t${code}\t${date}\t${last}\n`);
      this.counters.delete(d);
    }
    return true;
  }

  takeDossiers(): string {
    const out = this.dossierText.join('');
    this.dossierText = [];
    this.pendingDossiers = 0;
    return out;
  }

  takeEvents(): string {
    const out = this.eventText.join('');
    this.eventText = [];
    return out;
  }

  takeCounters(): string {
    const out = this.counterText.join('');
    this.counterText = [];
    return out;
  }

  private delta(receiving: number, agency: number, day: number): Int32Array {
    const key =
      ((receiving - this.input.firstUnitId) * 1024 + (agency - this.input.firstUnitId)) * 65_536 +
      (day - this.dayBase);
    let row = this.unitDay.get(key);
    if (!row) {
      row = new Int32Array(UNIT_DAY_COUNTERS + 3);
      row[UNIT_DAY_COUNTERS] = receiving;
      row[UNIT_DAY_COUNTERS + 1] = agency;
      row[UNIT_DAY_COUNTERS + 2] = day;
      this.unitDay.set(key, row);
    }
    return row;
  }

  /**
   * Adds one dossier's contribution to the live index aggregates, as the row trigger of
   * migration 0051 (`index_dossier_contribution`) would: reception-day counters, finishing-day
   * counters with the 2.1 class, and the open/overdue deltas. The nation test checks the
   * result against the SQL function itself.
   */
  private aggregate(
    receiving: number,
    agency: number,
    v: VersionFacts,
    channel: number,
    receivedAt: number,
    finishedAt: number | null,
    f: {
      originalDue: number | null;
      secondRequestAt: number | null;
      supplementCount: number;
      synced: boolean;
      eResult: boolean;
      paidOnline: boolean;
      digitised: boolean;
      approved: boolean;
      eCertified: boolean;
      negative: boolean;
      reused: boolean;
      citizenStore: boolean;
      populationDb: boolean;
    },
  ) {
    const t = this.t;
    const c = v.content;
    const resultRequired = c.resultType !== 'none';
    const full = c.onlineLevel === 'full';
    const fee = v.v.feeAmount > 0;
    const rDay = t.localDay(receivedAt);
    const r = this.delta(receiving, agency, rDay);
    r[0]! += 1;
    if (channel === 2) r[1]! += 1;
    if (channel === 3) r[2]! += 1;
    if (f.synced) r[3]! += 1;
    if (full) r[4]! += 1;
    if (full && channel === 2 && (f.eResult || !resultRequired)) r[5]! += 1;
    if (fee) r[6]! += 1;
    if (fee && f.paidOnline) r[7]! += 1;
    if (f.reused) r[8]! += 1;
    if (f.citizenStore) r[9]! += 1;
    if (f.populationDb) r[10]! += 1;
    r[21]! += 1;
    // index_overdue_from: least(original due, second supplement request), nulls ignored.
    let overdueFrom: number | null = f.originalDue;
    if (f.secondRequestAt !== null)
      overdueFrom =
        overdueFrom === null ? f.secondRequestAt : Math.min(overdueFrom, f.secondRequestAt);
    const oDay = overdueFrom === null ? null : t.localDay(overdueFrom);
    const fDay = finishedAt === null ? null : t.localDay(finishedAt);
    if (finishedAt !== null && fDay !== null) {
      const d = this.delta(receiving, agency, fDay);
      d[11]! += 1;
      // index_finished_class
      const cls =
        f.supplementCount > 1
          ? 14
          : f.originalDue === null
            ? 13
            : finishedAt > f.originalDue
              ? 14
              : fDay < t.localDay(f.originalDue)
                ? 12
                : 13;
      d[cls]! += 1;
      if (resultRequired && f.approved) d[15]! += 1;
      if (resultRequired && f.approved && f.eResult) d[16]! += 1;
      if (c.certification && f.approved) d[17]! += 1;
      if (c.certification && f.approved && f.eCertified) d[18]! += 1;
      if (f.digitised && (f.eResult || !resultRequired || !f.approved)) d[19]! += 1;
      if (f.negative) d[20]! += 1;
      d[21]! -= 1;
      if (oDay !== null && oDay < fDay) d[22]! -= 1;
    }
    if (oDay !== null && (fDay === null || oDay < fDay))
      this.delta(receiving, agency, oDay)[22]! += 1;
    const date = new Date(rDay * DAY);
    const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth();
    const key =
      (((receiving - this.input.firstUnitId) * 1024 + (agency - this.input.firstUnitId)) * 4096 +
        (v.v.procedureId - this.input.firstProcedureId)) *
        1024 +
      (monthIndex % 1024);
    let entry = this.procedureMonth.get(key);
    if (!entry) {
      const ymd = date.toISOString();
      entry = {
        receiving,
        agency,
        procedure: v.v.procedureId,
        month: `${ymd.slice(0, 8)}01`,
        counts: new Int32Array(6),
      };
      this.procedureMonth.set(key, entry);
    }
    const m = entry.counts;
    m[0]! += 1;
    if (channel === 2) m[1]! += 1;
    if (fee && f.paidOnline) m[2]! += 1;
    if (c.onlineLevel !== 'none') m[3]! += 1;
    if (full) m[4]! += 1;
    if (fee) m[5]! += 1;
  }

  /** The index aggregates as COPY text (call once, after the last day). */
  takeAggregates(): { unitDay: string; procedureMonth: string } {
    const tenant = this.input.tenantId;
    const unitDay: string[] = [];
    for (const counts of this.unitDay.values()) {
      const date = new Date((counts[UNIT_DAY_COUNTERS + 2] as number) * DAY)
        .toISOString()
        .slice(0, 10);
      unitDay.push(
        `${tenant}\t${counts[UNIT_DAY_COUNTERS]}\t${counts[UNIT_DAY_COUNTERS + 1]}\t${date}\t${counts.subarray(0, UNIT_DAY_COUNTERS).join('\t')}\n`,
      );
    }
    const months: string[] = [];
    for (const e of this.procedureMonth.values()) {
      months.push(
        `${tenant}\t${e.receiving}\t${e.agency}\t${e.procedure}\t${e.month}\t${e.counts.join('\t')}\n`,
      );
    }
    this.unitDay.clear();
    this.procedureMonth.clear();
    return { unitDay: unitDay.join(''), procedureMonth: months.join('') };
  }

  private member(unitId: number, role: 'counter_officer' | 'specialist' | 'leader') {
    const list = this.unitInfo.get(unitId)?.team[role];
    return list && list.length > 0 ? (this.rng.pick(list) as StaffMember).id : null;
  }

  /** Plans one dossier's life and writes its row and abridged history. */
  private dossier(submittedAt: number, unit: UnitPlan, v: VersionFacts, channel: 1 | 2 | 3) {
    const { rng, t, input } = this;
    const content = v.content;
    const unitId = input.units.get(unit.key) as number;
    const agencyUnitId = v.v.agencyUnitId ?? unitId;
    const unitInfo = this.unitInfo.get(unitId);
    const agencyInfo = this.unitInfo.get(agencyUnitId) ?? unitInfo;
    if (!unitInfo || !agencyInfo) throw new Error('nation demo: unknown unit');
    const counter = this.member(unitId, 'counter_officer');
    const specialist = this.member(agencyUnitId, 'specialist');
    const leader = this.member(agencyUnitId, 'leader');
    const kinds = content.applicantKinds;
    const organisation =
      kinds.includes('organisation') && (!kinds.includes('individual') || rng.chance(0.15));
    const applicant =
      channel === 2 && !organisation && input.citizens.length > 0
        ? this.citizenApplicant(rng.pick(input.citizens))
        : rng.pick(organisation ? this.organisations : this.individuals);

    const steps: Step[] = [];
    let receivedAt: number | null = null;
    const pauses: MsPause[] = [];
    let extension: { dueAt: number; at: number } | null = null;
    // The life as planned; a refusal or an early ending returns before the rest.
    const planLife = (): void => {
      if (channel === 2) {
        steps.push({
          action: 'submit',
          to: 'submitted',
          at: submittedAt,
          actor: applicant.userId,
          note: null,
        });
        // The counter checks online submissions within a few working hours.
        let at = t.add(t.atOrAfter(submittedAt), rng.int(10, 240) * 60_000);
        if (rng.chance(0.03)) {
          steps.push({
            action: 'request_supplement_at_reception',
            to: 'reception_supplement',
            at,
            actor: counter,
            note: NOTE_RECEPTION_SUPPLEMENT,
          });
          const back = at + rng.int(1, 5) * DAY + rng.int(0, 8) * HOUR;
          steps.push({
            action: 'resubmit',
            to: 'submitted',
            at: back,
            actor: applicant.userId,
            note: null,
          });
          at = t.add(t.atOrAfter(back), rng.int(10, 240) * 60_000);
        }
        if (rng.chance(0.008)) {
          steps.push({
            action: 'refuse_at_reception',
            to: 'not_accepted',
            at,
            actor: counter,
            note: NOTE_RECEPTION_REFUSED,
          });
          return;
        }
        receivedAt = at;
      } else receivedAt = submittedAt;
      steps.push({
        action: 'receive',
        to: 'received',
        at: receivedAt,
        actor: counter,
        note: null,
        clock: 'start',
        toUnit: unitId,
      });
      const due0 = t.baseDue(v.unit, v.budget, receivedAt);
      const span = Math.max(30 * 60_000, t.between(receivedAt, due0));
      const pLate = Math.min(
        0.7,
        0.012 *
          agencyInfo.late *
          (agencyUnitId === unitId ? 1 : unitInfo.late ** 0.5) *
          (v.landish ? 2.5 : 1),
      );
      const late = rng.chance(pLate);
      let at = t.add(receivedAt, Math.min(span * 0.05, rng.int(5, 120) * 60_000));
      steps.push({
        action: 'transfer',
        to: 'in_appraisal',
        at,
        actor: counter,
        note: null,
        toUnit: agencyUnitId,
        assignee: specialist,
      });
      if (v.consult && rng.chance(0.8)) {
        const c1 = t.add(at, span * rng.next() * 0.15);
        const c2 = t.add(c1, span * (0.05 + rng.next() * 0.2));
        steps.push({
          action: 'consult',
          to: 'in_consultation',
          at: c1,
          actor: specialist,
          note: NOTE_CONSULT,
        });
        steps.push({
          action: 'consultation_reply',
          to: 'in_appraisal',
          at: c2,
          actor: specialist,
          note: null,
        });
        at = c2;
      }
      const supplements = rng.chance(0.07 * Math.min(3, agencyInfo.late ** 0.5))
        ? rng.chance(0.05)
          ? 2
          : 1
        : 0;
      for (let s = 0; s < supplements; s++) {
        const a = t.add(at, span * (0.1 + rng.next() * 0.25));
        const b = t.add(a, rng.int(1, 8) * WORKING_DAY_MS + rng.int(0, 6) * HOUR);
        steps.push({
          action: 'request_supplement',
          to: 'awaiting_supplement',
          at: a,
          actor: s === 0 ? specialist : leader,
          note: NOTE_SUPPLEMENT,
          clock: 'pause',
        });
        steps.push({
          action: 'record_supplement',
          to: 'in_appraisal',
          at: b,
          actor: channel === 2 ? applicant.userId : counter,
          note: null,
          clock: 'resume',
        });
        pauses.push({ from: a, to: b });
        at = b;
      }
      // The due date after the pauses: the budget does not run while paused.
      const due = t.pushByPauses(due0, receivedAt, pauses) as number;
      let finishAt: number;
      if (late || supplements > 1) {
        finishAt = t.add(
          due,
          rng.int(1, 12) *
            (v.unit === 'working_hours' ? HOUR : WORKING_DAY_MS) *
            (0.3 + rng.next()),
        );
        // Most late dossiers get an apology and one extension a working day before the due
        // date (Decree 118/2025: at least one working day before).
        if (late && rng.chance(0.55)) {
          const proposeAt = due - 2 * DAY - rng.int(0, 240) * 60_000;
          const approveAt = proposeAt + rng.int(10, 180) * 60_000;
          if (
            approveAt < due &&
            proposeAt > at &&
            t.workingDaysAfterUpTo(t.localDay(proposeAt), t.localDay(due)) >= 1
          ) {
            const newDue = t.add(finishAt, rng.int(0, 3) * WORKING_DAY_MS);
            const data = `{"dueAt": "${iso(newDue)}"}`;
            steps.push({
              action: 'propose_extension',
              to: 'same',
              at: proposeAt,
              actor: specialist,
              note: NOTE_EXTENSION,
              extendTo: newDue,
              data,
            });
            steps.push({
              action: 'approve_extension',
              to: 'same',
              at: approveAt,
              actor: leader,
              note: null,
              clock: 'extend',
              extendTo: newDue,
              data,
            });
            extension = { dueAt: newDue, at: approveAt };
            at = approveAt;
          }
        }
      } else {
        const remaining = Math.max(60_000, t.between(at, due));
        const share = rng.chance(0.3) ? 0.85 + rng.next() * 0.15 : 0.2 + rng.next() * 0.65;
        finishAt = t.add(at, remaining * share);
      }
      if (finishAt <= at) finishAt = at + 60_000;
      const proposeAt = Math.max(at + 60_000, finishAt - rng.int(30, 240) * 60_000);
      const ending = rng.next();
      if (ending < 0.009) {
        const withdraw = ending < 0.004;
        steps.push({
          action: withdraw ? 'withdraw' : 'stop',
          to: withdraw ? 'withdrawn' : 'stopped',
          at: proposeAt,
          actor: withdraw ? counter : leader,
          note: withdraw ? NOTE_WITHDRAW : NOTE_STOP,
          clock: 'stop',
        });
        return;
      }
      const refused = ending < 0.022;
      const outcome = refused ? '{"outcome": "refused"}' : '{"outcome": "approved"}';
      steps.push({
        action: 'propose_result',
        to: 'awaiting_approval',
        at: Math.min(proposeAt, finishAt - 1000),
        actor: specialist,
        note: refused ? NOTE_REFUSE : null,
        toUnit: agencyUnitId,
        assignee: leader,
        data: outcome,
      });
      steps.push({
        action: 'approve',
        to: 'result_ready',
        at: finishAt,
        actor: leader,
        note: null,
        clock: 'stop',
        toUnit: unitId,
        assignee: counter,
        data: outcome,
      });
      steps.push({
        action: 'return_result',
        to: 'returned',
        at: t.add(
          finishAt,
          rng.chance(0.5) ? rng.int(10, 240) * 60_000 : rng.int(1, 3) * WORKING_DAY_MS,
        ),
        actor: counter,
        note: null,
      });
    };
    planLife();
    this.emit(submittedAt, unitId, agencyUnitId, unitInfo, v, channel, applicant, steps, {
      receivedAt,
      pauses,
      extension,
    });
  }

  private emit(
    submittedAt: number,
    unitId: number,
    agencyUnitId: number,
    unitInfo: { plan: UnitPlan; code: string; address: string },
    v: VersionFacts,
    channel: 1 | 2 | 3,
    applicant: Applicant,
    steps: Step[],
    life: {
      receivedAt: number | null;
      pauses: MsPause[];
      extension: { dueAt: number; at: number } | null;
    },
  ) {
    const { rng, t, input } = this;
    const until = input.until;
    // The story is cut at `until`: only what happened before it is recorded.
    let applied = 0;
    while (applied < steps.length && (steps[applied] as Step).at < until) applied++;
    if (applied === 0) return;
    const dossierId = this.nextDossierId++;
    const tenantId = input.tenantId;
    const content = v.content;
    let status: DossierStatus | 'new' = 'new';
    let currentUnit = unitId;
    let assignee: number | null = null;
    let stepIndex: number | null = null;
    let stepStarted = 0;
    let outcome: string | null = null;
    let proposedOutcome: string | null = null;
    let finishedAt: number | null = null;
    let returnedAt: number | null = null;
    let stoppedAt: number | null = null;
    let extensionRequest: string | null = null;
    let events = 0;
    for (let i = 0; i < applied; i++) {
      const step = steps[i] as Step;
      const from = status;
      const fromUnit = currentUnit;
      const endedIndex = stepIndex;
      const endedStarted = stepStarted;
      if (step.to !== 'same') status = step.to;
      if (step.toUnit !== undefined) currentUnit = step.toUnit;
      if (step.assignee !== undefined) assignee = step.assignee;
      const nextIndex = stepForState(v.tmpl, status, stepIndex);
      if (nextIndex !== stepIndex) {
        stepIndex = nextIndex;
        stepStarted = step.at;
      }
      switch (step.action) {
        case 'propose_result':
          proposedOutcome = step.note === NOTE_REFUSE ? 'refused' : 'approved';
          break;
        case 'approve':
          outcome = proposedOutcome;
          finishedAt = step.at;
          extensionRequest = null;
          break;
        case 'return_result':
          returnedAt = step.at;
          break;
        case 'stop':
        case 'withdraw':
          outcome = step.action === 'stop' ? 'stopped' : 'withdrawn';
          finishedAt = step.at;
          extensionRequest = null;
          break;
        case 'propose_extension':
          extensionRequest = `{"at": "${iso(step.at)}", "by": null, "dueAt": "${iso(step.extendTo as number)}", "reason": "${NOTE_EXTENSION}"}`;
          break;
        case 'approve_extension':
          extensionRequest = null;
          break;
      }
      if (step.clock === 'stop') stoppedAt = step.at;
      if (!KEPT.has(step.action) && i !== applied - 1) continue;
      // The step this transition ends, and whether it ended within its allotment (Form 06).
      const ended = endedIndex === null ? undefined : v.tmpl[endedIndex];
      const endedDue = ended ? t.stepDeadline(endedStarted, v.unit, ended.allotment) : null;
      this.eventText.push(
        `${this.nextEventId++}\t${tenantId}\t${dossierId}\t${i + 1}\t${step.action}\t${from === 'new' ? NULL : from}\t${status}\t${ended ? ended.code : NULL}\t${fromUnit}\t${currentUnit}\t${idOrNull(assignee)}\t${idOrNull(step.actor)}\t${iso(step.at)}\t${step.note ?? NULL}\t${isoOrNull(endedDue)}\t${endedDue === null ? NULL : bool(step.at <= endedDue)}\t${NULL}\t${step.data ?? '{}'}\n`,
      );
      events++;
    }
    if (this.nextEventId >= input.eventIdEnd) throw new Error('nation demo: event ids exhausted');
    const last = steps[applied - 1] as Step;
    const receivedAt = life.receivedAt !== null && life.receivedAt < until ? life.receivedAt : null;

    // The ledger as the clock operations applied before the cut left it.
    let clock = NULL;
    let dueText = NULL;
    let originalText = NULL;
    let pausedSince = NULL;
    let supplementCount = 0;
    let extended = false;
    let lateFinish = false;
    let originalDue: number | null = null;
    let secondRequestAt: number | null = null;
    if (receivedAt !== null) {
      const pauses: MsPause[] = [];
      for (const p of life.pauses) {
        if (p.from >= until) break;
        pauses.push({ from: p.from, to: p.to !== null && p.to < until ? p.to : null });
      }
      // An open pause is closed by the stop (stopClock).
      const lastPause = pauses.at(-1);
      if (lastPause && lastPause.to === null && stoppedAt !== null) lastPause.to = stoppedAt;
      supplementCount = pauses.length;
      const ext = life.extension && life.extension.at < until ? life.extension : null;
      extended = ext !== null;
      const base = t.baseDue(v.unit, v.budget, receivedAt);
      const original = t.pushByPauses(base, receivedAt, pauses);
      originalDue = original;
      if (pauses.length > 1) secondRequestAt = (pauses[1] as MsPause).from;
      const current = ext ? t.pushByPauses(ext.dueAt, receivedAt, pauses, ext.at) : original;
      dueText = isoOrNull(current);
      originalText = isoOrNull(original);
      const open = pauses.at(-1);
      if (open && open.to === null) pausedSince = iso(open.from);
      let pauseJson = '';
      for (const p of pauses) {
        if (pauseJson) pauseJson += ', ';
        pauseJson += `{"to": ${p.to === null ? 'null' : `"${iso(p.to)}"`}, "from": "${iso(p.from)}", "reason": "${NOTE_SUPPLEMENT}"}`;
      }
      clock = `{"unit": "${v.unit}", "budget": ${v.budget}, "pauses": [${pauseJson}], "extension": ${ext ? `{"at": "${iso(ext.at)}", "dueAt": "${iso(ext.dueAt)}", "reason": "${NOTE_EXTENSION}"}` : 'null'}, "startedAt": "${iso(receivedAt)}", "stoppedAt": ${stoppedAt === null ? 'null' : `"${iso(stoppedAt)}"`}, "supplementRequests": ${supplementCount}}`;
      lateFinish =
        stoppedAt !== null && (supplementCount > 1 || (original !== null && stoppedAt > original));
    }
    if (lateFinish) this.summary.late++;

    let code = NULL;
    if (receivedAt !== null) {
      const rDay = t.localDay(receivedAt);
      let byCode = this.counters.get(rDay);
      if (!byCode) {
        byCode = new Map();
        this.counters.set(rDay, byCode);
      }
      const next = (byCode.get(unitInfo.code) ?? 0) + 1;
      byCode.set(unitInfo.code, next);
      const ymd = iso(rDay * DAY);
      code = `${unitInfo.code}-${ymd.slice(2, 4)}${ymd.slice(5, 7)}${ymd.slice(8, 10)}-${String(next).padStart(4, '0')}`;
    }
    const profile = unitInfo.plan.profile;
    const approved = outcome === 'approved';
    const eResult =
      approved &&
      v.electronicCapable &&
      (channel === 2 ? rng.chance(0.92) : rng.chance(0.45 * Math.min(1, profile.digitise)));
    const fee = v.v.feeAmount;
    const paidOnline =
      fee > 0 && receivedAt !== null && (channel === 2 ? rng.chance(0.75) : rng.chance(0.06));
    const digitised = receivedAt !== null && (channel === 2 || rng.chance(profile.digitise));
    const synced = receivedAt !== null && rng.chance(profile.sync);
    let rating = NULL;
    if (status === 'returned' && rng.chance(channel === 2 ? 0.7 : 0.45)) {
      const bad = lateFinish ? 0.2 : 0.012;
      const x = rng.next();
      rating = x < bad * 0.4 ? '1' : x < bad ? '2' : x < bad + 0.03 ? '3' : x < 0.3 ? '4' : '5';
    }
    const complaint = status === 'returned' && rng.chance(lateFinish ? 0.04 : 0.001);
    const delivery =
      channel === 3 || (content.postalOut && rng.chance(0.06))
        ? 'post'
        : channel === 2 && v.electronicCapable && rng.chance(0.7)
          ? 'electronic'
          : 'counter';
    const onStep = stepIndex !== null && OPEN_STATES.has(status);
    const step = onStep ? v.tmpl[stepIndex as number] : undefined;
    const stepDue = step ? t.stepDeadline(stepStarted, v.unit, step.allotment) : null;
    const firstActor = steps[0]?.actor ?? null;
    const eCertified = content.certification && approved && rng.chance(0.3);
    const flags = [
      receivedAt !== null && rng.chance(channel === 2 ? 0.45 : 0.2),
      receivedAt !== null && rng.chance(0.15),
      receivedAt !== null && content.populationDb && rng.chance(0.85),
    ];
    if (receivedAt !== null)
      this.aggregate(unitId, agencyUnitId, v, channel, receivedAt, finishedAt, {
        originalDue,
        secondRequestAt,
        supplementCount,
        synced,
        eResult,
        paidOnline,
        digitised,
        approved,
        eCertified,
        negative: complaint || rating === '1' || rating === '2',
        reused: flags[0] as boolean,
        citizenStore: flags[1] as boolean,
        populationDb: flags[2] as boolean,
      });
    this.dossierText.push(
      `${dossierId}\t${tenantId}\t${code}\t${status}\t${applied}\t${unitId}\t${agencyUnitId}\t${currentUnit}\t${step ? stepIndex : NULL}\t${step ? step.code : NULL}\t${step ? step.role : NULL}\t${step ? iso(stepStarted) : NULL}\t${isoOrNull(stepDue)}\t${step ? idOrNull(assignee) : NULL}\t${v.v.procedureId}\t${v.v.id}\t${channel}\t${applicant.kind}\t${applicant.name}\t${applicant.search}\t${applicant.idEnc}\t${applicant.idHash}\t${applicant.last4}\t${applicant.taxCode ?? NULL}\t${applicant.phoneEnc}\t${applicant.phoneHash}\t${NULL}\t${unitInfo.address}\t${idOrNull(applicant.userId)}\t${delivery}\t${delivery === 'post' ? unitInfo.address : NULL}\t${clock}\t${isoOrNull(receivedAt)}\t${dueText}\t${originalText}\t${pausedSince}\t${supplementCount}\t${bool(extended)}\t${extensionRequest ?? NULL}\t${proposedOutcome ?? NULL}\t${isoOrNull(finishedAt)}\t${isoOrNull(returnedAt)}\t${outcome ?? NULL}\t${v.feeText}\t${content.onlineLevel}\t${bool(content.resultType !== 'none')}\t${bool(content.certification)}\t${bool(synced)}\t${synced && receivedAt !== null ? iso(receivedAt + rng.int(1, 30) * 60_000) : NULL}\t${bool(paidOnline)}\t${bool(digitised)}\t${bool(eResult)}\t${bool(eCertified)}\t${bool(flags[0] as boolean)}\t${bool(flags[1] as boolean)}\t${bool(flags[2] as boolean)}\t${bool(complaint)}\t${rating}\t${'native'}\t${idOrNull(applicant.userId ?? firstActor)}\t${iso(steps[0]?.at ?? submittedAt)}\t${iso(last.at)}\n`,
    );
    this.pendingDossiers++;
    const s = this.summary;
    s.dossiers++;
    s.events += events;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    s.byChannel[String(channel)] = (s.byChannel[String(channel)] ?? 0) + 1;
    if (finishedAt !== null) s.finished++;
  }
}
