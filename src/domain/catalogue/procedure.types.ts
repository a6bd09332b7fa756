/**
 * The content of a procedure record (thủ tục hành chính, DOMAIN §3) and its processing
 * template. A procedure is identified by its national code; everything here is versioned
 * content that takes effect from a date.
 */

/** Level of government that handles the procedure; `district` only for records before 1/7/2025. */
export const HANDLING_LEVELS = ['province', 'commune', 'ministry', 'district'] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];

/**
 * How the time limit is counted (DOMAIN §5): working days (default), working hours, within the
 * day of reception, or calendar days. The same units as the legal clock (`ClockUnit`).
 */
export const LIMIT_UNITS = ['working_days', 'working_hours', 'same_day', 'calendar_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/** Online level under Decree 42/2022: toàn trình (full), một phần (partial), none. */
export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

/** Form of the result handed to the applicant. */
export const RESULT_TYPES = ['paper', 'electronic', 'both', 'none'] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

export const APPLICANT_KINDS = ['individual', 'organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Who performs a step of the processing template (DOMAIN §2). `clerk` = văn thư (registers, seals). */
export const STEP_ROLES = ['counter_officer', 'specialist', 'leader', 'clerk'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

/**
 * Where a step happens: `centre` = the one-stop counter that received the dossier, `agency` =
 * the procedure's processing agency, or the code of a specific unit (e.g. another department
 * consulted in an inter-agency step).
 */
export type StepUnit = 'centre' | 'agency' | (string & {});

/** A document the applicant submits (thành phần hồ sơ). */
export interface DocumentComponent {
  /** Short code unique within the procedure, e.g. `TP01`. */
  code: string;
  name: string;
  /** Number of copies to submit (≥ 1). */
  copies: number;
  required: boolean;
  /** Must be digitised at reception (Decree 45/2020, digitisation of dossiers). */
  mustDigitise: boolean;
}

/** One fee or charge (phí, lệ phí) in VND. */
export interface Fee {
  name: string;
  /** Whole VND, ≥ 0. */
  amount: number;
}

/** One step of the processing template (quy trình nội bộ). */
export interface ProcessingStep {
  /** Short code unique within the template, e.g. `B1`. */
  code: string;
  name: string;
  role: StepRole;
  unit: StepUnit;
  /** Time allotted, in the procedure's limit unit (a `same_day` procedure shares out 1 day). */
  allotment: number;
  /** A consultation with another agency (liên thông). */
  interAgency: boolean;
}

/** Everything about a procedure that changes by version (all but the code). */
export interface ProcedureContent {
  name: string;
  nameEn: string | null;
  fieldCode: string | null;
  fieldName: string | null;
  level: HandlingLevel;
  /** Code of the processing agency unit; null = the unit of the handling level that receives it. */
  agencyCode: string | null;
  /** Limit set by law. For `same_day` both limits are 0 (the clock ignores the budget). */
  legalLimit: number;
  /** Limit the province promises after cutting; never more than the legal limit. */
  promisedLimit: number;
  limitUnit: LimitUnit;
  fees: Fee[];
  components: DocumentComponent[];
  resultType: ResultType;
  /** Name of the result, e.g. "Giấy khai sinh". */
  resultName: string | null;
  onlineLevel: OnlineLevel;
  postalIn: boolean;
  postalOut: boolean;
  /** Any centre of the province accepts it (không phụ thuộc địa giới hành chính). */
  boundaryFree: boolean;
  applicantKinds: ApplicantKind[];
  /** The result or a component is certified (chứng thực). */
  certification: boolean;
  /** Uses the national population database instead of paper proof of residence. */
  populationDb: boolean;
  legalBasis: string | null;
  /** ISO dates `YYYY-MM-DD`. */
  legalEffectiveOn: string | null;
  announcedOn: string | null;
  publishedOn: string | null;
  steps: ProcessingStep[];
}

/** A procedure with its national code. */
export interface ProcedureRecord extends ProcedureContent {
  code: string;
}

/** Largest lengths accepted, so a stray paste cannot fill the database. */
export const LIMITS = {
  code: 50,
  name: 500,
  shortText: 200,
  legalBasis: 4000,
  components: 100,
  fees: 50,
  steps: 50,
  maxLimit: 3650,
  maxFee: 1_000_000_000_000,
} as const;
