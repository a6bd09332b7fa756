import { type TSchema, Type } from 'typebox';
import {
  APPLICANT_KINDS,
  HANDLING_LEVELS,
  LIMIT_UNITS,
  LIMITS,
  ONLINE_LEVELS,
  RESULT_TYPES,
  STEP_ROLES,
} from '../../domain/catalogue/index.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Instant = Type.String({ description: 'ISO 8601 instant in +07:00' });

export const Level = Type.Enum(HANDLING_LEVELS, {
  description: 'Handling level; district only before 1/7/2025',
});
export const LimitUnit = Type.Enum(LIMIT_UNITS);
export const OnlineLevel = Type.Enum(ONLINE_LEVELS, {
  description: 'Decree 42/2022: full = toàn trình, partial = một phần',
});

const Component = Type.Object({
  code: Type.String({ maxLength: 20 }),
  name: Type.String({ maxLength: LIMITS.name }),
  copies: Type.Number(),
  required: Type.Boolean(),
  mustDigitise: Type.Boolean(),
});
const Fee = Type.Object({
  name: Type.String({ maxLength: LIMITS.shortText }),
  amount: Type.Number({ description: 'VND' }),
});
const Step = Type.Object({
  code: Type.String({ maxLength: 20 }),
  name: Type.String({ maxLength: LIMITS.shortText }),
  role: Type.Enum(STEP_ROLES),
  unit: Type.String({ maxLength: LIMITS.code, description: "'centre', 'agency' or a unit code" }),
  allotment: Type.Number({
    description: "In the procedure's limit unit (a same-day procedure shares out 1 day)",
  }),
  interAgency: Type.Boolean(),
});

/** The versioned content of a procedure, as the back-office form sends it. */
const contentFields = {
  name: Type.String({ maxLength: LIMITS.name }),
  nameEn: Nullable(Type.String({ maxLength: LIMITS.name })),
  fieldCode: Nullable(Type.String({ maxLength: LIMITS.shortText })),
  fieldName: Nullable(Type.String({ maxLength: LIMITS.shortText })),
  level: Level,
  agencyCode: Nullable(
    Type.String({ maxLength: LIMITS.code, description: 'Code of the processing agency unit' }),
  ),
  legalLimit: Type.Number(),
  promisedLimit: Type.Number(),
  limitUnit: LimitUnit,
  fees: Type.Array(Fee, { maxItems: LIMITS.fees }),
  components: Type.Array(Component, { maxItems: LIMITS.components }),
  resultType: Type.Enum(RESULT_TYPES),
  resultName: Nullable(Type.String({ maxLength: LIMITS.name })),
  onlineLevel: OnlineLevel,
  postalIn: Type.Boolean(),
  postalOut: Type.Boolean(),
  boundaryFree: Type.Boolean(),
  applicantKinds: Type.Array(Type.Enum(APPLICANT_KINDS), { maxItems: 2 }),
  certification: Type.Boolean(),
  populationDb: Type.Boolean(),
  legalBasis: Nullable(Type.String({ maxLength: LIMITS.legalBasis })),
  legalEffectiveOn: Nullable(IsoDate),
  announcedOn: Nullable(IsoDate),
  publishedOn: Nullable(IsoDate),
  steps: Type.Array(Step, {
    maxItems: LIMITS.steps,
    description: 'Empty: the default template is generated',
  }),
};

const versioning = {
  effectiveFrom: Type.Optional(
    Type.String({
      description:
        'When the version takes effect (date = midnight in Vietnam, or an instant); default now',
    }),
  ),
  note: Type.Optional(
    Nullable(
      Type.String({ maxLength: 1000, description: 'Why this version (shown in the history)' }),
    ),
  ),
};

export const CreateBody = Type.Object({
  code: Type.String({
    maxLength: LIMITS.code,
    description: 'National procedure code, e.g. 1.001193',
  }),
  ...contentFields,
  ...versioning,
});

export const UpdateBody = Type.Object({
  ...contentFields,
  ...versioning,
  expectedVersion: Type.Optional(
    Type.Integer({ minimum: 0, description: 'The latest version number the editor saw' }),
  ),
});

export const StatusBody = Type.Object({
  reason: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});

export const CodeParams = Type.Object({ code: Type.String({ maxLength: LIMITS.code }) });

const listFields = {
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Words in the code or name; case and diacritics ignored',
    }),
  ),
  field: Type.Optional(Type.String({ maxLength: LIMITS.shortText, description: 'Field code' })),
  level: Type.Optional(Level),
  agency: Type.Optional(
    Type.String({ maxLength: LIMITS.code, description: 'Agency unit code (its sub-units count)' }),
  ),
  onlineLevel: Type.Optional(OnlineLevel),
  sort: Type.Optional(Type.Enum(['code', 'name', 'promisedLimit', 'fee', 'effectiveFrom'])),
  direction: Type.Optional(Type.Enum(['asc', 'desc'])),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  lang: Type.Optional(Type.Enum(['vi', 'en'])),
};

export const PublicListQuery = Type.Object(listFields);
export const StaffListQuery = Type.Object({
  ...listFields,
  status: Type.Optional(Type.Enum(['active', 'retired', 'all'])),
});

export const ExportQuery = Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'])) });

const Agency = Nullable(
  Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) }),
);
const Field = Nullable(Type.Object({ code: Type.String(), name: Nullable(Type.String()) }));

const summaryFields = {
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  field: Field,
  level: Level,
  agency: Agency,
  legalLimit: Type.Number(),
  promisedLimit: Type.Number(),
  limitUnit: LimitUnit,
  feeTotal: Type.Number({ description: 'VND' }),
  onlineLevel: OnlineLevel,
  postalIn: Type.Boolean(),
  postalOut: Type.Boolean(),
  boundaryFree: Type.Boolean(),
};

/** A procedure in the public list: nothing internal (no template, no version bookkeeping). */
export const PublicSummary = Type.Object(summaryFields);

const publicContent = {
  ...summaryFields,
  fees: Type.Array(Fee),
  components: Type.Array(Component),
  resultType: Type.Enum(RESULT_TYPES),
  resultName: Nullable(Type.String()),
  applicantKinds: Type.Array(Type.Enum(APPLICANT_KINDS)),
  certification: Type.Boolean(),
  populationDb: Type.Boolean(),
  legalBasis: Nullable(Type.String()),
  legalEffectiveOn: Nullable(IsoDate),
  announcedOn: Nullable(IsoDate),
  publishedOn: Nullable(IsoDate),
};

export const PublicProcedure = Type.Object(publicContent);

const versionMeta = {
  version: Type.Integer(),
  effectiveFrom: Instant,
  changeNote: Nullable(Type.String()),
  createdAt: Instant,
  createdBy: Nullable(Type.Integer()),
};

export const StaffSummary = Type.Object({
  ...summaryFields,
  status: Type.Enum(['active', 'retired']),
  version: Type.Integer(),
  effectiveFrom: Instant,
  upcoming: Type.Boolean({
    description: 'The version shown takes effect later (no version in effect yet)',
  }),
});

export const StaffVersion = Type.Object({
  ...publicContent,
  steps: Type.Array(Step),
  ...versionMeta,
});

export const StaffDetail = Type.Object({
  code: Type.String(),
  status: Type.Enum(['active', 'retired']),
  retiredAt: Nullable(Instant),
  createdAt: Instant,
  latestVersion: Type.Integer(),
  current: Nullable(StaffVersion),
  upcoming: Type.Array(StaffVersion),
  versions: Type.Array(StaffVersion, { description: 'Every version, newest first' }),
});

export const ChangeResult = Type.Object({ changed: Type.Boolean(), procedure: StaffDetail });

const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
export const PublicPage = Page(PublicSummary);
export const StaffPage = Page(StaffSummary);

export const FieldList = Type.Object({
  items: Type.Array(
    Type.Object({ code: Type.String(), name: Nullable(Type.String()), count: Type.Integer() }),
  ),
});

const ImportIssueSchema = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  path: Type.Optional(Type.String()),
  code: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  vi: Type.String(),
  en: Type.String(),
});

export const ImportReportSchema = Type.Object({
  format: Type.Enum(['csv', 'xlsx']),
  dryRun: Type.Boolean(),
  skipInvalid: Type.Boolean(),
  effectiveFrom: Type.String(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  invalidRows: Type.Integer(),
  created: Type.Integer(),
  versioned: Type.Integer(),
  statusChanged: Type.Integer(),
  unchanged: Type.Integer(),
  written: Type.Boolean(),
  issues: Type.Array(ImportIssueSchema),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      code: Type.String(),
      action: Type.Enum(['create', 'version', 'status', 'unchanged', 'invalid']),
      version: Type.Optional(Type.Integer()),
      status: Type.Optional(Type.Enum(['active', 'retired'])),
      defaultSteps: Type.Optional(Type.Boolean()),
    }),
  ),
});
