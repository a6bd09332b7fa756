import type { Kysely } from 'kysely';
import {
  formatInstantToSecond,
  type WorkingCalendar,
  workingDayAfter,
} from '../../domain/calendar/index.js';
import {
  type FormulaId,
  listIndicators,
  type Period,
  satisfactionWithDossiersCounts,
} from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { loadTenantCalendar } from '../calendar/calendar.repository.js';
import { frameworkInForce } from './framework.service.js';
import { readJudgedFeedback } from './indices.feedback.js';
import { NO_DATA_REASONS } from './indices.service.js';
import { sqlFile } from './sql-file.js';

/** Formulas counted over dossiers: their figures drill down to the dossiers behind them. */
export const DOSSIER_FORMULAS: ReadonlySet<FormulaId | 'dossiers_overdue'> = new Set([
  'dossiers_synced_to_portal',
  'dossiers_on_time',
  'dossiers_overdue',
  'dossiers_full_online',
  'channel_mix_online_share',
  'dossiers_paid_online',
  'dossiers_electronic_result',
  'dossiers_digitised',
  'electronic_certified_copies',
  'dossiers_reusing_data',
  'dossiers_citizen_data_store',
  'dossiers_population_data_or_vneid',
  'dossier_satisfaction',
]);

/** Formulas counted over procedures: their figures drill down to the procedures behind them. */
export const PROCEDURE_FORMULAS: ReadonlySet<FormulaId> = new Set([
  'procedures_announced_on_time',
  'procedures_published_on_time',
  'procedures_published_complete',
  'procedures_offering_online',
  'online_services_used',
  'fee_procedures_offering_online_payment',
  'fee_procedures_paid_online',
  'procedures_population_database',
]);

/** Formulas counted over feedback items (6.1, 6.2): they drill down to the items. */
export const FEEDBACK_FORMULAS: ReadonlySet<FormulaId> = new Set([
  'feedback_on_time',
  'feedback_satisfaction',
]);

/** What an indicator's figures count, so a screen knows which list its drill-down opens. */
export type CountedOver = 'dossiers' | 'procedures' | 'feedback' | 'none';

/** `none`: the system has no data for the formula (none in the default framework). */
export function countedOver(formula: FormulaId): CountedOver {
  if (DOSSIER_FORMULAS.has(formula)) return 'dossiers';
  if (PROCEDURE_FORMULAS.has(formula)) return 'procedures';
  if (FEEDBACK_FORMULAS.has(formula)) return 'feedback';
  return 'none';
}

export type DrilldownSide = 'numerator' | 'denominator';

/**
 * What a drill-down lists. `members`: exactly the items its figure counts (`total` = the
 * figure). `deductions`: the numerator of 6.3 is not a count of dossiers but the finished
 * dossiers minus the late ones minus those complained about or rated negatively, a dossier that
 * is both being subtracted twice (DOMAIN §6; `satisfactionWithDossiersCounts`); its drill-down
 * lists the deducted dossiers with their reasons, and the figure is `denominator − late −
 * negative` (floored at 0), which the listed reasons add up to.
 */
export type DrilldownListing = 'members' | 'deductions';

interface DrilldownHead {
  indicator: string;
  /** The indicator's formula (`overdue` list: `dossiers_overdue`), so a screen picks its columns. */
  formula: string;
  side: DrilldownSide;
  listing: DrilldownListing;
  /** The indicator's figures as the index computes them (the overdue list: its count twice). */
  numerator: number;
  denominator: number;
  /** Rows of this list; equals the side's figure for `members`. */
  total: number;
}

export interface DrilldownDossier {
  id: number;
  code: string | null;
  status: string;
  channel: number;
  receivingUnit: string;
  receivedAt: string;
  originalDueAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  outcome: string | null;
  supplementCount: number;
  /** The dossier's class for indicator 2.1 in this period (null when outside its population). */
  periodClass: string | null;
  /** Whether the dossier counts in the indicator's numerator (a denominator row may not). */
  inNumerator: boolean;
  /** For 6.3: why the dossier is subtracted (`late`, `negative`); empty otherwise. */
  deductions: Array<'late' | 'negative'>;
}

export interface DossierDrilldown extends DrilldownHead {
  countedOver: 'dossiers';
  /** For 6.3 only: the parts its numerator is computed from. */
  deducted: { late: number; negative: number } | null;
  dossiers: DrilldownDossier[];
}

export interface DrilldownProcedure {
  id: number;
  code: string;
  /** Null when no version of the procedure was in force at the period's end. */
  name: string | null;
  nameEn: string | null;
  agencyUnit: string | null;
  onlineLevel: string | null;
  feeAmount: number | null;
  announcedOn: string | null;
  /** The 5th working day after the announcement: the publication deadline (1.2). */
  publishBy: string | null;
  publishedOn: string | null;
  legalEffectiveOn: string | null;
  complete: boolean | null;
  forIndividuals: boolean | null;
  populationDb: boolean | null;
  /** Dossiers of the unit's subtree received in the period for this procedure. */
  dossiers: {
    received: number;
    online: number;
    offeringOnline: number;
    fullOnline: number;
    withFee: number;
    paidOnline: number;
  };
  inNumerator: boolean;
}

export interface ProcedureDrilldown extends DrilldownHead {
  countedOver: 'procedures';
  procedures: DrilldownProcedure[];
}

function iso7(value: Date | string | null): string | null {
  if (value === null) return null;
  return formatInstantToSecond('Asia/Ho_Chi_Minh', new Date(value).getTime());
}

interface DrilldownInput {
  db: Kysely<DB>;
  tenantId: number;
  unitId: number;
  period: Period;
  judge: string;
  indicatorId: string;
  side: DrilldownSide;
  limit?: number;
  offset?: number;
}

/**
 * The formula of an indicator of the framework in force at the period's start, or the overdue
 * list's own. Throws `not_found` for an indicator the framework does not have and
 * `indicator_no_data` (with the scorecard's reason) for one the system has no data for.
 */
async function formulaOf(input: DrilldownInput): Promise<FormulaId | 'dossiers_overdue'> {
  if (input.indicatorId === 'overdue') return 'dossiers_overdue';
  const framework = await frameworkInForce(input.db, input.tenantId, input.period.from);
  const indicator = listIndicators(framework).find((i) => i.id === input.indicatorId);
  if (!indicator) throw new AppError('not_found', { message: `no indicator ${input.indicatorId}` });
  if (countedOver(indicator.formulaId) === 'none') {
    throw new AppError('indicator_no_data', {
      details: {
        indicator: input.indicatorId,
        noDataReason: NO_DATA_REASONS[indicator.formulaId] ?? null,
      },
    });
  }
  return indicator.formulaId;
}

function wrongList(indicatorId: string, over: CountedOver): AppError {
  return new AppError('validation_failed', {
    message: `indicator ${indicatorId} counts ${over}: ask for its ${over}`,
    details: { indicator: indicatorId, countedOver: over },
  });
}

/**
 * Lists the dossiers behind the numerator or denominator of one dossier-level indicator of a
 * unit (its whole subtree) in a period, or the overdue list (`indicatorId: 'overdue'`), one page
 * in reception order, with the indicator's figures. Staff only: callers check the actor's scope
 * first. Throws `not_found` for an indicator the framework does not have, `indicator_no_data`
 * for one the system has no data for and `validation_failed` for an indicator counted over
 * procedures or feedback.
 */
export async function listIndicatorDossiers(input: DrilldownInput): Promise<DossierDrilldown> {
  const formula = await formulaOf(input);
  if (formula !== 'dossiers_overdue' && !DOSSIER_FORMULAS.has(formula))
    throw wrongList(input.indicatorId, countedOver(formula));
  const side = formula === 'dossiers_overdue' ? 'numerator' : input.side;
  const listing: DrilldownListing =
    formula === 'dossier_satisfaction' && side === 'numerator' ? 'deductions' : 'members';
  const result = await sqlFile<Record<string, unknown>>('drilldown.sql', {
    tenant_id: input.tenantId,
    unit_id: input.unitId,
    from: input.period.from,
    to: input.period.to,
    judge: input.judge,
    formula,
    listing: listing === 'deductions' ? 'deductions' : side,
    limit: input.limit ?? 100,
    offset: input.offset ?? 0,
  }).execute(input.db);
  const head = result.rows[0] ?? {};
  const den = Number(head.den_count ?? 0);
  const late = Number(head.late_count ?? 0);
  const negative = Number(head.negative_count ?? 0);
  const satisfaction = formula === 'dossier_satisfaction';
  const numerator = satisfaction
    ? satisfactionWithDossiersCounts({ dossiers: den, late, complainedOrNegative: negative })
        .numerator
    : Number(head.num_count ?? 0);
  return {
    indicator: input.indicatorId,
    formula,
    side,
    listing,
    countedOver: 'dossiers',
    numerator,
    denominator: formula === 'dossiers_overdue' ? numerator : den,
    total: Number(head.total_count ?? 0),
    deducted: satisfaction ? { late, negative } : null,
    dossiers: result.rows
      .filter((r) => r.id !== null && r.id !== undefined)
      .map((r) => ({
        id: Number(r.id),
        code: (r.code as string | null) ?? null,
        status: String(r.status),
        channel: Number(r.channel),
        receivingUnit: String(r.receiving_unit_code),
        receivedAt: iso7(r.received_at as Date) as string,
        originalDueAt: iso7(r.original_due_at as Date | null),
        dueAt: iso7(r.due_at as Date | null),
        finishedAt: iso7(r.finished_at as Date | null),
        outcome: (r.outcome as string | null) ?? null,
        supplementCount: Number(r.supplement_count),
        periodClass: (r.period_class as string | null) ?? null,
        inNumerator: r.in_num === true,
        deductions: satisfaction
          ? [
              ...(r.class === 'late' ? (['late'] as const) : []),
              ...(r.negative === true ? (['negative'] as const) : []),
            ]
          : [],
      })),
  };
}

interface ProcedureRow {
  id: number;
  code: string;
  has_version: boolean;
  name: string | null;
  name_en: string | null;
  agency_code: string | null;
  online_level: string | null;
  fee_amount: number | string | null;
  announced_on: string | null;
  published_on: string | null;
  legal_effective_on: string | null;
  complete: boolean | null;
  for_individuals: boolean | null;
  population_db: boolean | null;
  handled: boolean;
  received: number | string;
  online: number | string;
  paid_online: number | string;
  offers_online: number | string;
  full_online: number | string;
  with_fee: number | string;
}

/**
 * Whether a procedure of the unit is in the denominator and in the numerator of a formula: the
 * rules of the scorer (`factsForSubtree` in indices.service.ts, docs/service-index-computation.md
 * §2), one procedure at a time. Handled = at least one dossier received in the period; the
 * catalogue facts are the version in force at the period's end.
 */
function procedureSides(
  formula: FormulaId,
  row: ProcedureRow,
  period: Period,
  publishBy: string | null,
): { den: boolean; num: boolean } {
  const handled = row.handled && Number(row.received) > 0;
  const offers = handled && Number(row.offers_online) > 0;
  const fee = handled && Number(row.with_fee) > 0;
  const paid = Number(row.paid_online) > 0;
  const v = row.has_version;
  const announced =
    v &&
    row.announced_on !== null &&
    row.announced_on >= period.from &&
    row.announced_on <= period.to;
  switch (formula) {
    case 'procedures_announced_on_time':
      return {
        den: announced,
        num:
          announced &&
          publishBy !== null &&
          row.legal_effective_on !== null &&
          publishBy <= row.legal_effective_on,
      };
    case 'procedures_published_on_time':
      return {
        den: announced,
        num:
          announced &&
          publishBy !== null &&
          row.published_on !== null &&
          row.published_on <= publishBy,
      };
    case 'procedures_published_complete': {
      const published = v && row.published_on !== null && row.published_on <= period.to;
      return { den: published, num: published && row.complete === true };
    }
    case 'procedures_offering_online':
      return { den: handled, num: offers };
    case 'online_services_used':
      return { den: offers, num: offers && Number(row.online) > 0 };
    case 'fee_procedures_offering_online_payment':
      // Decree 42/2022: a fully online (toàn trình) service includes paying online.
      return { den: fee, num: fee && (Number(row.full_online) > 0 || paid) };
    case 'fee_procedures_paid_online':
      return { den: fee, num: fee && paid };
    case 'procedures_population_database': {
      const individuals = v && row.for_individuals === true;
      return { den: individuals, num: individuals && row.population_db === true };
    }
    default:
      throw new RangeError(`formula ${formula} is not counted over procedures`);
  }
}

/**
 * Lists the procedures behind the numerator or denominator of one procedure-level indicator
 * (1.1, 1.2, 1.3, 3.2, 3.3, 4.1, 4.2, 5.6 of the default framework) of a unit's subtree in a
 * period, one page in code order, each with the facts that decide its inclusion and whether it
 * counts in the numerator, and the indicator's figures. Staff only: callers check the actor's
 * scope first. Throws `not_found` for an indicator the framework does not have,
 * `indicator_no_data` for one the system has no data for and `validation_failed` for an
 * indicator counted over dossiers or feedback.
 */
export async function listIndicatorProcedures(
  input: DrilldownInput & { calendar?: WorkingCalendar },
): Promise<ProcedureDrilldown> {
  const formula = await formulaOf(input);
  if (formula === 'dossiers_overdue' || !PROCEDURE_FORMULAS.has(formula))
    throw wrongList(
      input.indicatorId,
      formula === 'dossiers_overdue' ? 'dossiers' : countedOver(formula),
    );
  const cal = input.calendar ?? (await loadTenantCalendar(input.db, input.tenantId));
  const result = await sqlFile<ProcedureRow>('drilldown_procedures.sql', {
    tenant_id: input.tenantId,
    unit_id: input.unitId,
    from: input.period.from,
    to: input.period.to,
  }).execute(input.db);
  const judged = result.rows.map((row) => {
    const publishBy =
      row.has_version && row.announced_on !== null
        ? workingDayAfter(cal, row.announced_on, 5)
        : null;
    return { row, publishBy, ...procedureSides(formula, row, input.period, publishBy) };
  });
  const listed = judged.filter((j) => (input.side === 'numerator' ? j.num : j.den));
  const offset = input.offset ?? 0;
  const page = listed.slice(offset, offset + (input.limit ?? 100));
  return {
    indicator: input.indicatorId,
    formula,
    side: input.side,
    listing: 'members',
    countedOver: 'procedures',
    numerator: judged.filter((j) => j.num).length,
    denominator: judged.filter((j) => j.den).length,
    total: listed.length,
    procedures: page.map(({ row, publishBy, num }) => ({
      id: Number(row.id),
      code: row.code,
      name: row.name,
      nameEn: row.name_en,
      agencyUnit: row.agency_code,
      onlineLevel: row.online_level,
      feeAmount: row.fee_amount === null ? null : Number(row.fee_amount),
      announcedOn: row.announced_on,
      publishBy,
      publishedOn: row.published_on,
      legalEffectiveOn: row.legal_effective_on,
      complete: row.complete,
      forIndividuals: row.for_individuals,
      populationDb: row.population_db,
      dossiers: {
        received: Number(row.received),
        online: Number(row.online),
        offeringOnline: Number(row.offers_online),
        fullOnline: Number(row.full_online),
        withFee: Number(row.with_fee),
        paidOnline: Number(row.paid_online),
      },
      inNumerator: num,
    })),
  };
}

export interface DrilldownFeedback {
  id: number;
  code: string;
  state: string;
  unit: string;
  /** Name of the unit handling it (Vietnamese, as the units register holds it). */
  unitName: string;
  receivedUnit: string;
  receivedUnitName: string;
  receivedAt: string;
  answerBy: string | null;
  publishBy: string | null;
  finishedAt: string | null;
  /** The item's class for 6.1 at the judging day. */
  periodClass: string | null;
  likes: number;
  dislikes: number;
  /** For 6.2: why the item is subtracted (`disliked`, `overdue`, `complained_again`). */
  dissatisfaction: string[];
  inNumerator: boolean;
}

export interface FeedbackDrilldown extends DrilldownHead {
  countedOver: 'feedback';
  feedback: DrilldownFeedback[];
}

/**
 * Lists the feedback items behind the numerator or denominator of 6.1 or 6.2 of a unit (its
 * whole subtree) in a period, one page in reception order, each judged by the same rule as the
 * scorecard (indices.feedback.ts, `feedbackRoles` of src/domain/feedback). Only items of kind
 * `feedback`, and no submitter data: complaints and denunciations are not in the index. Staff
 * only: callers check the actor's scope first. Throws `not_found` for an indicator the
 * framework does not have and `validation_failed` for one counted over dossiers or procedures.
 */
export async function listIndicatorFeedback(input: DrilldownInput): Promise<FeedbackDrilldown> {
  const formula = await formulaOf(input);
  if (formula === 'dossiers_overdue' || !FEEDBACK_FORMULAS.has(formula))
    throw wrongList(
      input.indicatorId,
      formula === 'dossiers_overdue' ? 'dossiers' : countedOver(formula),
    );
  const subtree = await input.db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('tenant_id', '=', input.tenantId)
    .where('ancestor_id', '=', input.unitId)
    .execute();
  const items = await readJudgedFeedback(input.db, {
    tenantId: input.tenantId,
    period: input.period,
    judge: input.judge,
    units: new Set(subtree.map((r) => r.descendant_id)),
  });
  const onTime = formula === 'feedback_on_time';
  const judged = items.map((item) => {
    const r = item.roles;
    const den = onTime ? r.handled : r.received;
    const num = onTime ? r.handledOnTime : r.received && r.dissatisfaction.length === 0;
    return { item, den, num };
  });
  const listed = judged.filter((j) => (input.side === 'numerator' ? j.num : j.den));
  const offset = input.offset ?? 0;
  const page = listed.slice(offset, offset + (input.limit ?? 100));
  const unitIds = [...new Set(page.flatMap((j) => [j.item.unitId, j.item.receivedUnitId]))];
  const units =
    unitIds.length === 0
      ? []
      : await input.db
          .selectFrom('units')
          .select(['id', 'code', 'name'])
          .where('id', 'in', unitIds)
          .execute();
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const at = (value: number | null) => (value === null ? null : iso7(new Date(value)));
  return {
    indicator: input.indicatorId,
    formula,
    side: input.side,
    listing: 'members',
    countedOver: 'feedback',
    numerator: judged.filter((j) => j.num).length,
    denominator: judged.filter((j) => j.den).length,
    total: listed.length,
    feedback: page.map(({ item, num }) => ({
      id: item.id,
      code: item.code,
      state: item.state,
      unit: unitOf.get(item.unitId)?.code ?? '',
      unitName: unitOf.get(item.unitId)?.name ?? '',
      receivedUnit: unitOf.get(item.receivedUnitId)?.code ?? '',
      receivedUnitName: unitOf.get(item.receivedUnitId)?.name ?? '',
      receivedAt: at(item.facts.receivedAt) as string,
      answerBy: at(item.facts.answerDueAt),
      publishBy: at(item.facts.publishDueAt),
      finishedAt: at(item.facts.finishedAt),
      periodClass: item.roles.cls,
      likes: item.facts.likes,
      dislikes: item.facts.dislikes,
      dissatisfaction: item.roles.dissatisfaction,
      inNumerator: num,
    })),
  };
}
