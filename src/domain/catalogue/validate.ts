import type { Issue } from './issues.js';
import {
  APPLICANT_KINDS,
  HANDLING_LEVELS,
  LIMIT_UNITS,
  LIMITS,
  ONLINE_LEVELS,
  type ProcedureContent,
  type ProcedureRecord,
  RESULT_TYPES,
  STEP_ROLES,
} from './procedure.types.js';
import { allotmentsMatch, templateTarget, templateTotal } from './template.js';

/** National procedure codes look like `1.001193` or `2.000748`; local codes may add letters. */
export const PROCEDURE_CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;
/** Component and step codes: `TP01`, `B2`, `2a`. */
const SHORT_CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface ValidateOptions {
  /**
   * Whether a unit with this code exists in the tenant (for the agency and step units). The
   * domain cannot look it up; when omitted, unit codes are not checked.
   */
  unitExists?: (code: string) => boolean;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const hasAtMostTwoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/**
 * Checks a procedure record against the catalogue rules and returns every problem found, each
 * naming its field (empty list = valid). Rules (DOMAIN §3, §5; Decree 42/2022):
 * - the promised limit never exceeds the legal limit (provinces cut, never lengthen);
 * - working and calendar day limits are whole numbers ≥ 1 (the legal clock counts whole days),
 *   hour limits positive, same-day limits 0;
 * - the template's allotments add up to the promised limit (1 day for same-day procedures);
 * - a fully online (toàn trình) procedure returns its result electronically or by post;
 * - publication (công khai) is not before announcement (công bố);
 * - codes of components and steps are unique within the procedure.
 * Never throws.
 */
export function validateProcedure(record: ProcedureRecord, options: ValidateOptions = {}): Issue[] {
  const issues: Issue[] = [];
  if (typeof record.code !== 'string' || record.code.trim() === '')
    issues.push({ path: 'code', code: 'required' });
  else if (record.code.length > LIMITS.code)
    issues.push({ path: 'code', code: 'too_long', params: { max: LIMITS.code } });
  else if (!PROCEDURE_CODE_PATTERN.test(record.code)) {
    issues.push({ path: 'code', code: 'invalid_format', params: { expected: '1.001193' } });
  }
  issues.push(...validateContent(record, options));
  return issues;
}

/** Same as `validateProcedure` for the versioned content alone (no code). */
export function validateContent(c: ProcedureContent, options: ValidateOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const push = (issue: Issue) => issues.push(issue);

  text(push, 'name', c.name, LIMITS.name, true);
  text(push, 'nameEn', c.nameEn, LIMITS.name, false);
  text(push, 'fieldCode', c.fieldCode, LIMITS.shortText, false);
  text(push, 'fieldName', c.fieldName, LIMITS.shortText, false);
  text(push, 'resultName', c.resultName, LIMITS.name, false);
  text(push, 'legalBasis', c.legalBasis, LIMITS.legalBasis, false);
  choice(push, 'level', c.level, HANDLING_LEVELS);
  choice(push, 'resultType', c.resultType, RESULT_TYPES);
  choice(push, 'onlineLevel', c.onlineLevel, ONLINE_LEVELS);
  const unitOk = choice(push, 'limitUnit', c.limitUnit, LIMIT_UNITS);

  if (c.agencyCode !== null) {
    if (
      text(push, 'agencyCode', c.agencyCode, LIMITS.code, true) &&
      options.unitExists &&
      !options.unitExists(c.agencyCode)
    ) {
      push({ path: 'agencyCode', code: 'unknown_unit', params: { value: c.agencyCode } });
    }
  }

  const legalOk = limit(push, 'legalLimit', c.legalLimit, c.limitUnit);
  const promisedOk = limit(push, 'promisedLimit', c.promisedLimit, c.limitUnit);
  if (legalOk && promisedOk && c.promisedLimit > c.legalLimit) {
    push({
      path: 'promisedLimit',
      code: 'promised_exceeds_legal',
      params: { promised: c.promisedLimit, legal: c.legalLimit },
    });
  }

  if (!Array.isArray(c.applicantKinds) || c.applicantKinds.length === 0)
    push({ path: 'applicantKinds', code: 'required' });
  else {
    c.applicantKinds.forEach((kind, i) => {
      choice(push, `applicantKinds[${i}]`, kind, APPLICANT_KINDS);
    });
    duplicates(push, 'applicantKinds', c.applicantKinds, (k) => k);
  }

  if (c.fees.length > LIMITS.fees)
    push({ path: 'fees', code: 'too_many', params: { max: LIMITS.fees } });
  c.fees.forEach((fee, i) => {
    text(push, `fees[${i}].name`, fee.name, LIMITS.shortText, true);
    integer(push, `fees[${i}].amount`, fee.amount, 0, LIMITS.maxFee);
  });

  if (c.components.length > LIMITS.components)
    push({ path: 'components', code: 'too_many', params: { max: LIMITS.components } });
  c.components.forEach((component, i) => {
    shortCode(push, `components[${i}].code`, component.code);
    text(push, `components[${i}].name`, component.name, LIMITS.name, true);
    integer(push, `components[${i}].copies`, component.copies, 1, 100);
  });
  duplicates(push, 'components', c.components, (x) => x.code, 'code');

  if (c.steps.length === 0) push({ path: 'steps', code: 'template_empty' });
  if (c.steps.length > LIMITS.steps)
    push({ path: 'steps', code: 'too_many', params: { max: LIMITS.steps } });
  let allotmentsOk = true;
  c.steps.forEach((step, i) => {
    shortCode(push, `steps[${i}].code`, step.code);
    text(push, `steps[${i}].name`, step.name, LIMITS.shortText, true);
    choice(push, `steps[${i}].role`, step.role, STEP_ROLES);
    if (
      text(push, `steps[${i}].unit`, step.unit, LIMITS.code, true) &&
      step.unit !== 'centre' &&
      step.unit !== 'agency'
    ) {
      if (options.unitExists && !options.unitExists(step.unit)) {
        push({ path: `steps[${i}].unit`, code: 'unknown_unit', params: { value: step.unit } });
      }
    }
    if (!number(push, `steps[${i}].allotment`, step.allotment, 0, LIMITS.maxLimit))
      allotmentsOk = false;
  });
  duplicates(push, 'steps', c.steps, (x) => x.code, 'code');
  if (
    c.steps.length > 0 &&
    allotmentsOk &&
    unitOk &&
    promisedOk &&
    !allotmentsMatch(c.steps, c.promisedLimit, c.limitUnit)
  ) {
    push({
      path: 'steps',
      code: 'allotments_mismatch',
      params: {
        total: templateTotal(c.steps),
        expected: templateTarget(c.promisedLimit, c.limitUnit),
      },
    });
  }

  const announcedOk = date(push, 'announcedOn', c.announcedOn);
  const publishedOk = date(push, 'publishedOn', c.publishedOn);
  date(push, 'legalEffectiveOn', c.legalEffectiveOn);
  if (
    announcedOk &&
    publishedOk &&
    c.announcedOn &&
    c.publishedOn &&
    c.publishedOn < c.announcedOn
  ) {
    push({ path: 'publishedOn', code: 'date_order', params: { after: c.announcedOn } });
  }

  if (
    c.onlineLevel === 'full' &&
    c.resultType !== 'electronic' &&
    c.resultType !== 'both' &&
    !c.postalOut
  ) {
    push({ path: 'onlineLevel', code: 'online_full_needs_remote_result' });
  }
  return issues;
}

type Push = (issue: Issue) => void;

function text(
  push: Push,
  path: string,
  value: string | null,
  max: number,
  required: boolean,
): boolean {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    if (required) {
      push({ path, code: 'required' });
      return false;
    }
    return true;
  }
  if (typeof value !== 'string') {
    push({ path, code: 'invalid_format' });
    return false;
  }
  if (value.length > max) {
    push({ path, code: 'too_long', params: { max } });
    return false;
  }
  return true;
}

function choice(push: Push, path: string, value: unknown, choices: readonly string[]): boolean {
  if (typeof value === 'string' && choices.includes(value)) return true;
  push(
    value === undefined || value === null || value === ''
      ? { path, code: 'required' }
      : { path, code: 'invalid_choice', params: { choices: choices.join(', ') } },
  );
  return false;
}

function number(push: Push, path: string, value: number, min: number, max: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    push({ path, code: 'required' });
    return false;
  }
  if (value < min || value > max) {
    push({ path, code: 'out_of_range', params: { min, max } });
    return false;
  }
  if (!hasAtMostTwoDecimals(value)) {
    push({ path, code: 'invalid_format', params: { expected: '0.25' } });
    return false;
  }
  return true;
}

function integer(push: Push, path: string, value: number, min: number, max: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    push({ path, code: 'required' });
    return false;
  }
  if (!Number.isInteger(value)) {
    push({ path, code: 'not_integer' });
    return false;
  }
  if (value < min || value > max) {
    push({ path, code: 'out_of_range', params: { min, max } });
    return false;
  }
  return true;
}

function limit(push: Push, path: string, value: number, unit: string): boolean {
  if (unit === 'same_day') {
    if (value !== 0) {
      push({ path, code: 'same_day_limit' });
      return false;
    }
    return true;
  }
  if (unit === 'working_days' || unit === 'calendar_days') {
    if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
      push({ path, code: 'not_integer' });
      return false;
    }
    return integer(push, path, value, 1, LIMITS.maxLimit);
  }
  if (!number(push, path, value, 0, LIMITS.maxLimit)) return false;
  if (value <= 0) {
    push({ path, code: 'out_of_range', params: { min: 0.01, max: LIMITS.maxLimit } });
    return false;
  }
  return true;
}

function shortCode(push: Push, path: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') push({ path, code: 'required' });
  else if (!SHORT_CODE_PATTERN.test(value))
    push({ path, code: 'invalid_format', params: { expected: 'TP01' } });
}

function date(push: Push, path: string, value: string | null): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string' || !isIsoDate(value)) {
    push({ path, code: 'invalid_format', params: { expected: 'YYYY-MM-DD' } });
    return false;
  }
  return true;
}

function duplicates<T>(
  push: Push,
  path: string,
  items: readonly T[],
  key: (item: T) => string,
  field?: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (typeof k !== 'string' || k === '') return;
    if (seen.has(k))
      push({
        path: field ? `${path}[${i}].${field}` : `${path}[${i}]`,
        code: 'duplicate',
        params: { value: k },
      });
    seen.add(k);
  });
}
