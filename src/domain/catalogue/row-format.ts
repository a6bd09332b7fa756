import { foldVietnamese } from '../text/index.js';
import type { IssueCode } from './issues.js';
import { parseOnlineLevel } from './online-level.js';
import {
  APPLICANT_KINDS,
  type ApplicantKind,
  type DocumentComponent,
  type Fee,
  HANDLING_LEVELS,
  type HandlingLevel,
  LIMIT_UNITS,
  type LimitUnit,
  type ProcedureRecord,
  type ProcessingStep,
  RESULT_TYPES,
  type ResultType,
  STEP_ROLES,
  type StepRole,
} from './procedure.types.js';
import { defaultTemplate } from './template.js';
import { isIsoDate } from './validate.js';

/**
 * The import/export column layout of the catalogue (docs/catalogue.md): one row per procedure,
 * the header row names the columns by key (the Vietnamese or English label is accepted too),
 * lists inside a cell use `;` between items and `:` between an item's parts, with `\` escaping
 * `;`, `:` and `\` itself.
 */
export interface CatalogueColumn {
  key: string;
  vi: string;
  en: string;
  required: boolean;
  /** Where a validation issue of this field lands (the path's first segment). */
  field: string;
}

export const CATALOGUE_COLUMNS: readonly CatalogueColumn[] = [
  { key: 'code', vi: 'Mã thủ tục', en: 'Procedure code', required: true, field: 'code' },
  { key: 'name', vi: 'Tên thủ tục', en: 'Name', required: true, field: 'name' },
  { key: 'name_en', vi: 'Tên tiếng Anh', en: 'English name', required: false, field: 'nameEn' },
  { key: 'field_code', vi: 'Mã lĩnh vực', en: 'Field code', required: false, field: 'fieldCode' },
  { key: 'field_name', vi: 'Lĩnh vực', en: 'Field', required: false, field: 'fieldName' },
  { key: 'level', vi: 'Cấp thực hiện', en: 'Handling level', required: true, field: 'level' },
  {
    key: 'agency_code',
    vi: 'Mã cơ quan thực hiện',
    en: 'Agency unit code',
    required: false,
    field: 'agencyCode',
  },
  {
    key: 'legal_limit',
    vi: 'Thời hạn theo quy định',
    en: 'Legal limit',
    required: true,
    field: 'legalLimit',
  },
  {
    key: 'promised_limit',
    vi: 'Thời hạn cam kết',
    en: 'Promised limit',
    required: true,
    field: 'promisedLimit',
  },
  {
    key: 'limit_unit',
    vi: 'Đơn vị thời hạn',
    en: 'Limit unit',
    required: true,
    field: 'limitUnit',
  },
  { key: 'fees', vi: 'Phí, lệ phí', en: 'Fees', required: false, field: 'fees' },
  { key: 'fee_total', vi: 'Tổng phí, lệ phí', en: 'Fee total', required: false, field: 'feeTotal' },
  {
    key: 'components',
    vi: 'Thành phần hồ sơ',
    en: 'Document components',
    required: false,
    field: 'components',
  },
  {
    key: 'result_type',
    vi: 'Hình thức kết quả',
    en: 'Result type',
    required: false,
    field: 'resultType',
  },
  {
    key: 'result_name',
    vi: 'Tên kết quả',
    en: 'Result name',
    required: false,
    field: 'resultName',
  },
  {
    key: 'online_level',
    vi: 'Mức độ trực tuyến',
    en: 'Online level',
    required: false,
    field: 'onlineLevel',
  },
  {
    key: 'postal_in',
    vi: 'Nộp qua bưu chính',
    en: 'Postal submission',
    required: false,
    field: 'postalIn',
  },
  {
    key: 'postal_out',
    vi: 'Trả qua bưu chính',
    en: 'Postal return',
    required: false,
    field: 'postalOut',
  },
  {
    key: 'boundary_free',
    vi: 'Không phụ thuộc địa giới',
    en: 'Boundary-free',
    required: false,
    field: 'boundaryFree',
  },
  {
    key: 'applicant_kinds',
    vi: 'Đối tượng thực hiện',
    en: 'Applicants',
    required: false,
    field: 'applicantKinds',
  },
  {
    key: 'certification',
    vi: 'Có chứng thực',
    en: 'Certification',
    required: false,
    field: 'certification',
  },
  {
    key: 'population_db',
    vi: 'Khai thác CSDL dân cư',
    en: 'Population database',
    required: false,
    field: 'populationDb',
  },
  {
    key: 'legal_basis',
    vi: 'Căn cứ pháp lý',
    en: 'Legal basis',
    required: false,
    field: 'legalBasis',
  },
  {
    key: 'legal_effective_on',
    vi: 'Ngày hiệu lực văn bản',
    en: 'Legal effective date',
    required: false,
    field: 'legalEffectiveOn',
  },
  {
    key: 'announced_on',
    vi: 'Ngày công bố',
    en: 'Announcement date',
    required: false,
    field: 'announcedOn',
  },
  {
    key: 'published_on',
    vi: 'Ngày công khai',
    en: 'Publication date',
    required: false,
    field: 'publishedOn',
  },
  { key: 'steps', vi: 'Quy trình xử lý', en: 'Processing steps', required: false, field: 'steps' },
  { key: 'status', vi: 'Trạng thái', en: 'Status', required: false, field: 'status' },
];

const BY_FIELD = new Map(CATALOGUE_COLUMNS.map((c) => [c.field, c.key]));
const HEADER_NAMES = new Map<string, string>();
for (const c of CATALOGUE_COLUMNS) {
  for (const name of [c.key, c.vi, c.en])
    HEADER_NAMES.set(foldVietnamese(name).replace(/[\s_-]+/g, '_'), c.key);
}

/** The column a validation path belongs to: `components[1].copies` → `components`. */
export function columnOfPath(path: string): string {
  const field = path.split(/[.[]/)[0] ?? path;
  return BY_FIELD.get(field) ?? field;
}

export interface CellIssue {
  column: string;
  code: IssueCode;
  params?: Record<string, string | number>;
}

/**
 * Maps header cells to column keys (by key, Vietnamese or English label, ignoring case and
 * diacritics). Unknown and repeated headers and missing required columns are issues.
 */
export function resolveHeader(headers: string[]): {
  keys: Array<string | null>;
  issues: CellIssue[];
} {
  const issues: CellIssue[] = [];
  const seen = new Set<string>();
  const keys = headers.map((raw) => {
    const text = raw.trim();
    if (text === '') return null;
    const key = HEADER_NAMES.get(foldVietnamese(text).replace(/[\s_-]+/g, '_'));
    if (!key) {
      issues.push({ column: text, code: 'unknown_column', params: { value: text } });
      return null;
    }
    if (seen.has(key)) {
      issues.push({ column: key, code: 'duplicate', params: { value: key } });
      return null;
    }
    seen.add(key);
    return key;
  });
  for (const c of CATALOGUE_COLUMNS) {
    if (c.required && !seen.has(c.key))
      issues.push({ column: c.key, code: 'missing_column', params: { value: c.key } });
  }
  return { keys, issues };
}

/** Joins list items: parts with `:`, items with `; `, escaping the separators. */
export function encodeList(items: Array<Array<string | number | boolean>>): string {
  const escapePart = (v: string | number | boolean) => {
    const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    return s.replace(/[\\:;]/g, (c) => `\\${c}`);
  };
  return items.map((parts) => parts.map(escapePart).join(':')).join('; ');
}

/** Splits a list cell into items and their parts, honouring `\` escapes; blank items are dropped. */
export function decodeList(cell: string): string[][] {
  const items: string[][] = [];
  let parts: string[] = [];
  let current = '';
  const endItem = () => {
    parts.push(current.trim());
    if (parts.some((p) => p !== '')) items.push(parts);
    parts = [];
    current = '';
  };
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && i + 1 < cell.length) {
      current += cell[++i];
    } else if (c === ':') {
      parts.push(current.trim());
      current = '';
    } else if (c === ';' || c === '\n') {
      endItem();
    } else {
      current += c;
    }
  }
  endItem();
  return items;
}

const yes = new Set(['1', 'x', 'true', 'yes', 'y', 'co', 'c']);
const no = new Set(['0', '', 'false', 'no', 'n', 'khong', 'k']);

function readBoolean(value: string): boolean | undefined {
  const folded = foldVietnamese(value);
  if (yes.has(folded)) return true;
  if (no.has(folded)) return false;
  return undefined;
}

/** A decimal written with `.` or `,` (0.5, 0,5). */
function readDecimal(value: string): number | undefined {
  const v = value.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(v)) return undefined;
  return Number(v);
}

/** Whole VND: 150000, 150.000, 150,000 or 150 000. */
function readAmount(value: string): number | undefined {
  const v = value.trim().replace(/\s*(đ|d|vnd|dong|đồng)$/i, '');
  if (/^\d+$/.test(v)) return Number(v);
  if (/^\d{1,3}([., \u00a0]\d{3})+$/.test(v)) return Number(v.replace(/[., \u00a0]/g, ''));
  return readDecimal(v);
}

/** `YYYY-MM-DD`, or `DD/MM/YYYY` as Vietnamese documents write dates. */
function readDate(value: string): string | undefined {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const parts = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : undefined;
  if (!parts) return undefined;
  const date = `${parts[0]}-${parts[1]!.padStart(2, '0')}-${parts[2]!.padStart(2, '0')}`;
  return isIsoDate(date) ? date : undefined;
}

const LEVEL_WORDS: Record<string, HandlingLevel> = {
  tinh: 'province',
  'cap tinh': 'province',
  xa: 'commune',
  'cap xa': 'commune',
  bo: 'ministry',
  'cap bo': 'ministry',
  'trung uong': 'ministry',
  huyen: 'district',
  'cap huyen': 'district',
};
const UNIT_WORDS: Record<string, LimitUnit> = {
  'ngay lam viec': 'working_days',
  'gio lam viec': 'working_hours',
  gio: 'working_hours',
  'trong ngay': 'same_day',
  'ngay lich': 'calendar_days',
  ngay: 'calendar_days',
};
const RESULT_WORDS: Record<string, ResultType> = {
  giay: 'paper',
  'ban giay': 'paper',
  'dien tu': 'electronic',
  'ban dien tu': 'electronic',
  'ca hai': 'both',
  khong: 'none',
};
const APPLICANT_WORDS: Record<string, ApplicantKind> = {
  'ca nhan': 'individual',
  'cong dan': 'individual',
  'to chuc': 'organisation',
  'doanh nghiep': 'organisation',
};

function readChoice<T extends string>(
  value: string,
  choices: readonly T[],
  words: Record<string, T>,
): T | undefined {
  const v = value.trim();
  if ((choices as readonly string[]).includes(v)) return v as T;
  return words[foldVietnamese(v)];
}

export interface ParsedRow {
  record: ProcedureRecord | undefined;
  /** Status asked by the row (`status` column), undefined when the column is blank or absent. */
  status: 'active' | 'retired' | undefined;
  /** The template was generated because the row had none. */
  defaultSteps: boolean;
  issues: CellIssue[];
}

/**
 * Reads one row (column key → cell text) into a procedure record. Syntax problems (a number
 * that is not one, an unknown choice, a malformed list item) are issues naming the column;
 * the rules of `validateProcedure` are checked afterwards by the caller, who knows the units.
 * An empty `steps` cell gets the default template; `fee_total`, when given, must equal the
 * sum of the fees. Missing optional columns take their defaults.
 */
export function parseRow(cells: ReadonlyMap<string, string>): ParsedRow {
  const issues: CellIssue[] = [];
  const get = (key: string) => cells.get(key)?.trim() ?? '';
  const text = (key: string) => (get(key) === '' ? null : get(key));
  const bad = (column: string, code: IssueCode, params?: Record<string, string | number>) => {
    issues.push(params ? { column, code, params } : { column, code });
    return undefined;
  };

  const choice = <T extends string>(
    key: string,
    choices: readonly T[],
    words: Record<string, T>,
    fallback: T | undefined,
  ): T => {
    const raw = get(key);
    if (raw === '') {
      if (fallback === undefined) bad(key, 'required');
      return (fallback ?? choices[0]) as T;
    }
    return (
      readChoice(raw, choices, words) ??
      (bad(key, 'invalid_choice', { choices: choices.join(', ') }), choices[0] as T)
    );
  };
  const bool = (key: string): boolean => {
    const value = readBoolean(get(key));
    return value ?? (bad(key, 'invalid_choice', { choices: '1, 0' }), false);
  };
  const decimal = (key: string): number => {
    const raw = get(key);
    if (raw === '') return (bad(key, 'required'), Number.NaN);
    return readDecimal(raw) ?? (bad(key, 'invalid_format', { expected: '15 | 0.5' }), Number.NaN);
  };
  const dateCell = (key: string): string | null => {
    const raw = get(key);
    if (raw === '') return null;
    return readDate(raw) ?? (bad(key, 'invalid_format', { expected: 'YYYY-MM-DD' }), null);
  };

  const level = choice('level', HANDLING_LEVELS, LEVEL_WORDS, undefined);
  const limitUnit = choice('limit_unit', LIMIT_UNITS, UNIT_WORDS, 'working_days');
  const legalLimit = decimal('legal_limit');
  const promisedLimit = decimal('promised_limit');

  const fees: Fee[] = decodeList(get('fees')).map((parts) => {
    if (parts.length !== 2) bad('fees', 'invalid_format', { expected: 'name:amount' });
    const amount = readAmount(parts[1] ?? '');
    if (amount === undefined) bad('fees', 'invalid_format', { expected: 'name:amount' });
    return { name: parts[0] ?? '', amount: amount ?? Number.NaN };
  });
  const feeTotalCell = get('fee_total');
  if (feeTotalCell !== '') {
    const given = readAmount(feeTotalCell);
    const sum = fees.reduce((s, f) => s + f.amount, 0);
    if (given === undefined) bad('fee_total', 'invalid_format', { expected: '150000' });
    else if (Number.isFinite(sum) && given !== sum)
      bad('fee_total', 'fee_total_mismatch', { given, sum });
  }

  const components: DocumentComponent[] = decodeList(get('components')).map((parts) => {
    if (parts.length < 2 || parts.length > 5)
      bad('components', 'invalid_format', { expected: 'code:name:copies:required:digitise' });
    const copies = parts[2] === undefined || parts[2] === '' ? 1 : readDecimal(parts[2]);
    const required = parts[3] === undefined ? true : readBoolean(parts[3]);
    const mustDigitise = parts[4] === undefined ? false : readBoolean(parts[4]);
    if (copies === undefined || required === undefined || mustDigitise === undefined) {
      bad('components', 'invalid_format', { expected: 'code:name:copies:required:digitise' });
    }
    return {
      code: parts[0] ?? '',
      name: parts[1] ?? '',
      copies: copies ?? Number.NaN,
      required: required ?? true,
      mustDigitise: mustDigitise ?? false,
    };
  });

  let defaultSteps = false;
  const stepItems = decodeList(get('steps'));
  let steps: ProcessingStep[] = stepItems.map((parts) => {
    if (parts.length < 5 || parts.length > 6)
      bad('steps', 'invalid_format', { expected: 'code:name:role:unit:allotment:interAgency' });
    const role = readChoice(parts[2] ?? '', STEP_ROLES, {} as Record<string, StepRole>);
    if (role === undefined) bad('steps', 'invalid_choice', { choices: STEP_ROLES.join(', ') });
    const allotment = readDecimal(parts[4] ?? '');
    if (allotment === undefined)
      bad('steps', 'invalid_format', { expected: 'code:name:role:unit:allotment:interAgency' });
    const interAgency = parts[5] === undefined ? false : readBoolean(parts[5]);
    if (interAgency === undefined) bad('steps', 'invalid_choice', { choices: '1, 0' });
    return {
      code: parts[0] ?? '',
      name: parts[1] ?? '',
      role: role ?? 'specialist',
      unit: parts[3] ?? '',
      allotment: allotment ?? Number.NaN,
      interAgency: interAgency ?? false,
    };
  });
  if (stepItems.length === 0 && Number.isFinite(promisedLimit)) {
    steps = defaultTemplate(limitUnit === 'same_day' ? 0 : promisedLimit, limitUnit);
    defaultSteps = true;
  }

  const kindsCell = get('applicant_kinds');
  const applicantKinds: ApplicantKind[] =
    kindsCell === ''
      ? ['individual', 'organisation']
      : decodeList(kindsCell).map(
          (parts) =>
            readChoice(parts.join(':'), APPLICANT_KINDS, APPLICANT_WORDS) ??
            (bad('applicant_kinds', 'invalid_choice', { choices: APPLICANT_KINDS.join(', ') }),
            'individual'),
        );

  const onlineRaw = get('online_level');
  const onlineLevel =
    parseOnlineLevel(onlineRaw) ??
    (bad('online_level', 'invalid_choice', { choices: 'full, partial, none, 1–4' }), 'none');

  const statusRaw = foldVietnamese(get('status'));
  let status: ParsedRow['status'];
  if (statusRaw === 'active' || statusRaw === 'dang ap dung' || statusRaw === 'hieu luc')
    status = 'active';
  else if (statusRaw === 'retired' || statusRaw === 'bai bo' || statusRaw === 'het hieu luc')
    status = 'retired';
  else if (statusRaw !== '') bad('status', 'invalid_choice', { choices: 'active, retired' });

  const record: ProcedureRecord = {
    code: get('code'),
    name: get('name'),
    nameEn: text('name_en'),
    fieldCode: text('field_code'),
    fieldName: text('field_name'),
    level,
    agencyCode: text('agency_code'),
    legalLimit,
    promisedLimit,
    limitUnit,
    fees,
    components,
    resultType: choice('result_type', RESULT_TYPES, RESULT_WORDS, 'paper'),
    resultName: text('result_name'),
    onlineLevel,
    postalIn: bool('postal_in'),
    postalOut: bool('postal_out'),
    boundaryFree: bool('boundary_free'),
    applicantKinds,
    certification: bool('certification'),
    populationDb: bool('population_db'),
    legalBasis: cells.get('legal_basis')?.trim() || null,
    legalEffectiveOn: dateCell('legal_effective_on'),
    announcedOn: dateCell('announced_on'),
    publishedOn: dateCell('published_on'),
    steps,
  };
  return { record: issues.length === 0 ? record : undefined, status, defaultSteps, issues };
}

/** The cells of one export row, in column order (numbers stay numbers for spreadsheets). */
export function recordToRow(
  record: ProcedureRecord,
  status: 'active' | 'retired',
): Array<string | number> {
  const flag = (b: boolean) => (b ? 1 : 0);
  const values: Record<string, string | number> = {
    code: record.code,
    name: record.name,
    name_en: record.nameEn ?? '',
    field_code: record.fieldCode ?? '',
    field_name: record.fieldName ?? '',
    level: record.level,
    agency_code: record.agencyCode ?? '',
    legal_limit: record.legalLimit,
    promised_limit: record.promisedLimit,
    limit_unit: record.limitUnit,
    fees: encodeList(record.fees.map((f) => [f.name, f.amount])),
    fee_total: record.fees.reduce((s, f) => s + f.amount, 0),
    components: encodeList(
      record.components.map((c) => [c.code, c.name, c.copies, c.required, c.mustDigitise]),
    ),
    result_type: record.resultType,
    result_name: record.resultName ?? '',
    online_level: record.onlineLevel,
    postal_in: flag(record.postalIn),
    postal_out: flag(record.postalOut),
    boundary_free: flag(record.boundaryFree),
    applicant_kinds: record.applicantKinds.join('; '),
    certification: flag(record.certification),
    population_db: flag(record.populationDb),
    legal_basis: record.legalBasis ?? '',
    legal_effective_on: record.legalEffectiveOn ?? '',
    announced_on: record.announcedOn ?? '',
    published_on: record.publishedOn ?? '',
    steps: encodeList(
      record.steps.map((s) => [s.code, s.name, s.role, s.unit, s.allotment, s.interAgency]),
    ),
    status,
  };
  return CATALOGUE_COLUMNS.map((c) => values[c.key] ?? '');
}
