/** Public surface of the catalogue domain: procedure content, validation and templates (pure). */
export {
  contentFingerprint,
  feeTotal,
  normalizeProcedure,
  type PublicContent,
  sameContent,
} from './content.js';
export { describeIssue, ISSUE_CODES, type Issue, type IssueCode } from './issues.js';
export { parseOnlineLevel } from './online-level.js';
export {
  APPLICANT_KINDS,
  type ApplicantKind,
  type DocumentComponent,
  type Fee,
  HANDLING_LEVELS,
  type HandlingLevel,
  LIMIT_UNITS,
  LIMITS,
  type LimitUnit,
  ONLINE_LEVELS,
  type OnlineLevel,
  type ProcedureContent,
  type ProcedureRecord,
  type ProcessingStep,
  RESULT_TYPES,
  type ResultType,
  STEP_ROLES,
  type StepRole,
  type StepUnit,
} from './procedure.types.js';
export {
  CATALOGUE_COLUMNS,
  type CatalogueColumn,
  type CellIssue,
  columnOfPath,
  decodeList,
  encodeList,
  type ParsedRow,
  parseRow,
  recordToRow,
  resolveHeader,
} from './row-format.js';
export { allotmentsMatch, defaultTemplate, templateTarget, templateTotal } from './template.js';
export {
  isIsoDate,
  PROCEDURE_CODE_PATTERN,
  type ValidateOptions,
  validateContent,
  validateProcedure,
} from './validate.js';
