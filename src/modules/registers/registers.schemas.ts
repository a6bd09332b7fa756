import { type TSchema, Type } from 'typebox';
import {
  CONCLUSION_KINDS,
  INITIATIVE_STATES,
  INSPECTION_KINDS,
  INSPECTION_STATES,
  RECOMMENDATION_STATES,
  TASK_STATUSES,
} from '../../domain/registers/index.js';

/** Request and response schemas of /api/registers (they also feed OpenAPI). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Free text with something in it besides spaces; no NUL (PostgreSQL text cannot hold one). */
const Text = (maxLength: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: '^(?=[^\\u0000]*\\S)[^\\u0000]*$',
    ...(description ? { description } : {}),
  });
const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const UnitCode = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });
const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Version = Type.Optional(
  Type.Integer({ minimum: 1, description: 'the version read; a stale one is version_conflict' }),
);
/** Corrections always say which version they correct. */
const RequiredVersion = Type.Integer({
  minimum: 1,
  description: 'the version read; a stale one is version_conflict',
});
const FileIds = Type.Optional(
  Type.Array(Id, {
    maxItems: 20,
    description: 'your own uploads (POST /api/files) to attach; each can be attached once',
  }),
);

export const IdParams = Type.Object({ id: Id });
/** An item of a record: a plan's progress report, an initiative's replication. */
export const ReportParams = Type.Object({ id: Id, reportId: Id });
export const ReplicationParams = Type.Object({ id: Id, replicationId: Id });

const PageFields = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};
const ListFilterFields = {
  year: Type.Optional(Year),
  unit: Type.Optional(UnitCode("only this unit's subtree, by code")),
  withdrawn: Type.Optional(
    Type.Boolean({
      description:
        'true: only the records withdrawn from the register (reform office); default: those in force',
    }),
  ),
};

/** A record withdrawn from the register (entered by mistake): when, by whom, why; null in force. */
const Withdrawal = Nullable(
  Type.Object({
    at: Type.String(),
    by: Nullable(Type.String()),
    reason: Type.String(),
    along: Type.Boolean({
      description:
        'withdrawn with its inspection or plan (comes back when that is restored); false otherwise',
    }),
  }),
);

/** Withdraws a record entered by mistake: the reason is required (checked by the use case). */
export const WithdrawBody = Type.Object(
  {
    reason: Type.Optional(
      Type.String({
        maxLength: 2000,
        pattern: '^[^\\u0000]*$',
        description: 'why it is withdrawn; blank answers register_withdraw_reason_required',
      }),
    ),
    version: Version,
  },
  { additionalProperties: false },
);

/** Restores a withdrawn record: the reason is required (checked by the use case). */
export const RestoreBody = Type.Object(
  {
    reason: Type.Optional(
      Type.String({
        maxLength: 2000,
        pattern: '^[^\\u0000]*$',
        description: 'why it is restored; blank answers register_restore_reason_required',
      }),
    ),
    version: Version,
  },
  { additionalProperties: false },
);

export const UnitRef = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
});
const FileRef = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
});
const HistoryEntry = Type.Object({
  id: Type.Integer(),
  entity: Type.String(),
  entityId: Type.Integer(),
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  note: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  at: Type.String(),
});
const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    items: Type.Array(item),
  });

// Initiatives

export const InitiativeState = Type.Enum(INITIATIVE_STATES);

export const InitiativeBody = Type.Object(
  {
    unitCode: UnitCode('the filing unit'),
    year: Year,
    title: Text(300),
    summary: Text(10_000),
    authors: Text(1000, 'author or authors, as written on the application'),
    fileIds: FileIds,
  },
  { additionalProperties: false },
);

export const CorrectBody = Type.Object(
  {
    year: Year,
    title: Text(300),
    summary: Text(10_000),
    authors: Text(1000),
    version: Version,
  },
  { additionalProperties: false },
);

export const InitiativeListQuery = Type.Object({
  ...ListFilterFields,
  state: Type.Optional(InitiativeState),
  ...PageFields,
});

export const InitiativeExportQuery = Type.Object({
  ...ListFilterFields,
  state: Type.Optional(InitiativeState),
});

export const EvaluateBody = Type.Object(
  {
    score: Type.Number({ minimum: 0, maximum: 100, description: 'kept to two decimals' }),
    comment: Text(5000),
    version: Version,
  },
  { additionalProperties: false },
);

export const DecideBody = Type.Object(
  {
    recognised: Type.Boolean(),
    note: Type.Optional(Type.String({ maxLength: 5000, pattern: '^[^\\u0000]*$' })),
    version: Version,
  },
  { additionalProperties: false },
);

export const ReplicateBody = Type.Object(
  {
    unitCodes: Type.Array(UnitCode('a unit that applied it'), { minItems: 1, maxItems: 200 }),
    replicatedOn: IsoDate('the date it was applied there'),
    note: Type.Optional(Type.String({ maxLength: 2000, pattern: '^[^\\u0000]*$' })),
  },
  { additionalProperties: false },
);

/** Corrects one replication of a recognised initiative: the unit and the date. */
export const ReplicationCorrectBody = Type.Object(
  {
    unitCode: UnitCode('the unit that applied it'),
    replicatedOn: IsoDate('the date it was applied there'),
    version: RequiredVersion,
  },
  { additionalProperties: false },
);

const InitiativeFields = {
  id: Type.Integer(),
  unit: UnitRef,
  year: Type.Integer(),
  title: Type.String(),
  authors: Type.String(),
  state: InitiativeState,
  score: Nullable(Type.Number()),
  version: Type.Integer(),
  filedAt: Type.String(),
  withdrawn: Withdrawal,
};
export const InitiativeItem = Type.Object(InitiativeFields);
export const InitiativeList = Page(InitiativeItem);
export const InitiativeDetail = Type.Object({
  ...InitiativeFields,
  summary: Type.String(),
  evaluationComment: Nullable(Type.String()),
  evaluatedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  replications: Type.Array(
    Type.Object({ id: Type.Integer(), unit: UnitRef, replicatedOn: Type.String() }),
  ),
  files: Type.Array(FileRef),
  history: Type.Array(HistoryEntry),
  actions: Type.Array(Type.String(), {
    description:
      'what you may do now: correct, evaluate, decide, replicate, withdraw; restore once withdrawn',
  }),
});

export const MissingQuery = Type.Object({
  year: Year,
  kinds: Type.Optional(
    Type.String({
      maxLength: 500,
      pattern: '^[a-z_]+(,[a-z_]+)*$',
      description:
        'unit kinds that should file, comma-separated (default: the tenant setting or departments, districts, communes, wards)',
    }),
  ),
  unit: ListFilterFields.unit,
});
export const MissingResponse = Type.Object({
  year: Type.Integer(),
  kinds: Type.Array(Type.String()),
  expected: Type.Integer({ description: 'units of those kinds that existed that year' }),
  units: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
    }),
  ),
});

// Inspections

export const InspectionState = Type.Enum(INSPECTION_STATES);
export const InspectionKind = Type.Enum(INSPECTION_KINDS);
export const ConclusionKind = Type.Enum(CONCLUSION_KINDS);

const InspectionFieldsIn = {
  inspectedUnitCode: UnitCode('the unit inspected'),
  inspectingUnitCode: Type.Optional(
    UnitCode("the inspecting unit, when it is one of the tenant's"),
  ),
  inspectingBody: Text(300, 'who inspects, e.g. Thanh tra tỉnh, Đoàn kiểm tra công vụ'),
  kind: InspectionKind,
  plannedOn: IsoDate('planned date'),
  scope: Text(5000),
};

export const InspectionBody = Type.Object(InspectionFieldsIn, { additionalProperties: false });

/** A correction: the same fields as planning (the inspected unit changes only while planned). */
export const InspectionCorrectBody = Type.Object(
  { ...InspectionFieldsIn, version: RequiredVersion },
  { additionalProperties: false },
);

export const InspectionListQuery = Type.Object({
  ...ListFilterFields,
  state: Type.Optional(InspectionState),
  ...PageFields,
});

export const InspectionExportQuery = Type.Object({
  ...ListFilterFields,
  state: Type.Optional(InspectionState),
});

export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });

/** Every part is checked by the use case, so a missing one answers inspection_conclusion_required. */
export const ConcludeBody = Type.Object(
  {
    kind: Type.Optional(ConclusionKind),
    number: Type.Optional(Type.String({ maxLength: 100, pattern: '^[^\\u0000]*$' })),
    date: Type.Optional(Type.String({ maxLength: 10 })),
    text: Type.Optional(Type.String({ maxLength: 20_000, pattern: '^[^\\u0000]*$' })),
    fileIds: FileIds,
    version: Version,
  },
  { additionalProperties: false },
);

const RecommendationFieldsIn = {
  content: Text(5000),
  responsibleUnitCode: UnitCode('the unit that must act'),
  dueOn: IsoDate('deadline (a calendar date)'),
};

export const RecommendationBody = Type.Object(RecommendationFieldsIn, {
  additionalProperties: false,
});

export const RecommendationCorrectBody = Type.Object(
  { ...RecommendationFieldsIn, version: RequiredVersion },
  { additionalProperties: false },
);

export const CompleteBody = Type.Object(
  {
    note: Text(5000, 'what was done'),
    fileIds: FileIds,
    version: Version,
  },
  { additionalProperties: false },
);

const InspectionFields = {
  id: Type.Integer(),
  inspectedUnit: UnitRef,
  inspectingUnit: Nullable(UnitRef),
  inspectingBody: Type.String(),
  kind: InspectionKind,
  plannedOn: Type.String(),
  state: InspectionState,
  conclusionNumber: Nullable(Type.String()),
  version: Type.Integer(),
  withdrawn: Withdrawal,
};
export const InspectionItem = Type.Object(InspectionFields);
export const InspectionList = Page(InspectionItem);

const RecommendationFields = {
  id: Type.Integer(),
  inspectionId: Type.Integer(),
  responsibleUnit: UnitRef,
  content: Type.String(),
  dueOn: Type.String(),
  state: Type.Enum(RECOMMENDATION_STATES),
  overdue: Type.Boolean(),
  daysOverdue: Type.Integer(),
  version: Type.Integer(),
  withdrawn: Withdrawal,
};

export const InspectionDetail = Type.Object({
  ...InspectionFields,
  scope: Type.String(),
  startedAt: Nullable(Type.String()),
  concludedAt: Nullable(Type.String()),
  conclusion: Nullable(
    Type.Object({
      kind: ConclusionKind,
      number: Type.String(),
      date: Type.String(),
      text: Type.String(),
      files: Type.Array(FileRef),
    }),
  ),
  recommendations: Type.Array(
    Type.Object({
      ...RecommendationFields,
      doneNote: Nullable(Type.String()),
      doneAt: Nullable(Type.String()),
      files: Type.Array(FileRef),
      canComplete: Type.Boolean(),
      canCorrect: Type.Boolean(),
      canWithdraw: Type.Boolean(),
      canRestore: Type.Boolean({
        description: 'withdrawn on its own, and you may restore it (its parent is in force)',
      }),
    }),
  ),
  history: Type.Array(HistoryEntry),
  actions: Type.Array(Type.String(), {
    description:
      'what you may do now: start, conclude, recommend, correct, withdraw; restore once withdrawn',
  }),
});

export const OverdueQuery = Type.Object({ unit: ListFilterFields.unit });
export const OverdueRecommendations = Type.Object({
  today: Type.String(),
  items: Type.Array(
    Type.Object({
      ...RecommendationFields,
      inspection: Type.Object({
        id: Type.Integer(),
        inspectedUnit: UnitRef,
        inspectingBody: Type.String(),
        conclusionNumber: Nullable(Type.String()),
      }),
    }),
  ),
});

// Remediation plans

export const TaskStatus = Type.Enum(TASK_STATUSES);

const IndicatorCode = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: '^[0-9A-Za-z._-]+$',
  description: 'the weak indicator, a free code such as 2.1',
});

export const PlanBody = Type.Object(
  {
    unitCode: UnitCode('the unit that must remedy'),
    year: Year,
    title: Text(300),
    indicator: Type.Optional(IndicatorCode),
    dueOn: Type.Optional(IsoDate('due date (default 31 July of the year)')),
  },
  { additionalProperties: false },
);

/** A correction of a plan before its first progress report: its unit and year stay. */
export const PlanCorrectBody = Type.Object(
  {
    title: Text(300),
    indicator: Type.Optional(IndicatorCode),
    dueOn: Type.Optional(IsoDate('due date (default 31 July of the year)')),
    version: RequiredVersion,
  },
  { additionalProperties: false },
);

export const PlanListQuery = Type.Object({
  ...ListFilterFields,
  indicator: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  ...PageFields,
});

export const PlanExportQuery = Type.Object({
  ...ListFilterFields,
  indicator: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
});

const TaskFieldsIn = {
  title: Text(1000),
  responsibleUnitCode: UnitCode('the responsible unit'),
  responsiblePerson: Text(200, 'the responsible person'),
  dueOn: IsoDate('deadline (a calendar date)'),
};

export const TaskBody = Type.Object(TaskFieldsIn, { additionalProperties: false });

export const TaskCorrectBody = Type.Object(
  { ...TaskFieldsIn, version: RequiredVersion },
  { additionalProperties: false },
);

export const TaskStatusBody = Type.Object(
  {
    status: TaskStatus,
    note: Type.Optional(Type.String({ maxLength: 2000, pattern: '^[^\\u0000]*$' })),
    version: Version,
  },
  { additionalProperties: false },
);

export const ReportBody = Type.Object(
  {
    reportedOn: Type.Optional(IsoDate('date of the report (default today; not after today)')),
    text: Text(10_000),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);

/** Corrects one progress report of a plan in force; the version is the plan's. */
export const ReportCorrectBody = Type.Object(
  {
    reportedOn: Type.Optional(IsoDate('date of the report (default: as it was; not after today)')),
    text: Text(10_000),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
    version: RequiredVersion,
  },
  { additionalProperties: false },
);

const PlanFields = {
  id: Type.Integer(),
  unit: UnitRef,
  year: Type.Integer(),
  title: Type.String(),
  indicator: Nullable(Type.String()),
  dueOn: Type.String(),
  percent: Type.Integer({ description: 'progress of the latest report' }),
  version: Type.Integer(),
  withdrawn: Withdrawal,
};
export const PlanList = Page(
  Type.Object({
    ...PlanFields,
    tasks: Type.Integer(),
    tasksOpen: Type.Integer(),
    tasksOverdue: Type.Integer(),
  }),
);

const TaskFields = {
  id: Type.Integer(),
  planId: Type.Integer(),
  title: Type.String(),
  responsibleUnit: UnitRef,
  responsiblePerson: Type.String(),
  dueOn: Type.String(),
  status: TaskStatus,
  overdue: Type.Boolean(),
  daysOverdue: Type.Integer(),
  version: Type.Integer(),
  withdrawn: Withdrawal,
};

export const PlanDetail = Type.Object({
  ...PlanFields,
  tasks: Type.Array(
    Type.Object({
      ...TaskFields,
      canUpdate: Type.Boolean(),
      canCorrect: Type.Boolean(),
      canWithdraw: Type.Boolean(),
      canRestore: Type.Boolean({
        description: 'withdrawn on its own, and you may restore it (its parent is in force)',
      }),
    }),
  ),
  reports: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reportedOn: Type.String(),
      text: Type.String(),
      percent: Type.Integer(),
      by: Nullable(Type.String()),
    }),
  ),
  history: Type.Array(HistoryEntry),
  actions: Type.Array(Type.String(), {
    description: 'what you may do now: add_task, report, correct, withdraw; restore once withdrawn',
  }),
});

export const OverdueTasks = Type.Object({
  today: Type.String(),
  items: Type.Array(
    Type.Object({
      ...TaskFields,
      plan: Type.Object({
        id: Type.Integer(),
        title: Type.String(),
        unit: UnitRef,
        indicator: Nullable(Type.String()),
      }),
    }),
  ),
});

// Organisation and headcount

const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const HeadcountQuery = Type.Object({
  year: Year,
  unit: ListFilterFields.unit,
  withdrawn: ListFilterFields.withdrawn,
});

export const HeadcountBody = Type.Object(
  {
    unitCode: UnitCode('the unit'),
    year: Year,
    assigned: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'headcount assigned (biên chế được giao)',
    }),
    // Null first: the validator coerces types, and would read null as 0 for an integer.
    inPost: Type.Optional(
      Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: 1_000_000 })], {
        description: 'staff in post (null: not known)',
      }),
    ),
    reductionTarget: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: "the year's reduction target (posts)",
    }),
    reduced: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'posts cut this year' }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000, pattern: '^[^\\u0000]*$' }))),
    version: Version,
  },
  { additionalProperties: false },
);

const HeadcountFields = {
  assigned: Count,
  inPost: Nullable(Count),
  reductionTarget: Count,
  reduced: Count,
  shortfall: Count,
  targetMet: Type.Boolean(),
  overAssigned: Type.Boolean(),
  reducedRate: Nullable(Type.Number()),
};

export const HeadcountRow = Type.Object({
  id: Type.Integer(),
  unit: UnitRef,
  year: Type.Integer(),
  ...HeadcountFields,
  note: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String(),
  withdrawn: Withdrawal,
  history: Type.Array(HistoryEntry),
});

export const HeadcountList = Type.Object({
  year: Type.Integer(),
  total: Type.Object(HeadcountFields),
  rows: Type.Array(HeadcountRow),
});
