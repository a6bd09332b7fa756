import { Type } from 'typebox';
import { ACTIONS, STATES } from '../../domain/workflow/index.js';
import { QUEUES } from './dossier.queries.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableBool = Type.Union([Type.Boolean(), Type.Null()]);
const Label = Type.Object({ vi: Type.String(), en: Type.String() });
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const ActionParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  action: Type.Union(ACTIONS.map((a) => Type.Literal(a))),
});
export const DocumentParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  documentId: Type.Integer({ minimum: 1 }),
});
export const QueueParams = Type.Object({ queue: Type.Union(QUEUES.map((q) => Type.Literal(q))) });
export const BulkParams = Type.Object({ action: Type.Union(ACTIONS.map((a) => Type.Literal(a))) });

export const Applicant = Type.Object(
  {
    kind: Type.Union([Type.Literal('individual'), Type.Literal('organisation')]),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    idNumber: Type.Optional(
      Nullable(Type.String({ maxLength: 20, description: '12-digit citizen ID (căn cước)' })),
    ),
    taxCode: Type.Optional(
      Nullable(
        Type.String({ maxLength: 20, description: 'Tax code: 10 digits, 10-3 for a branch' }),
      ),
    ),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const ReceiveBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 50 }),
    receivingUnitId: Type.Integer({ minimum: 1 }),
    applicant: Applicant,
    components: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 50 }),
          fileIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
          reused: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    channel: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
    delivery: Type.Optional(
      Type.Object(
        {
          method: Type.Union([
            Type.Literal('counter'),
            Type.Literal('post'),
            Type.Literal('electronic'),
          ]),
          address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        },
        { additionalProperties: false },
      ),
    ),
    decision: Type.Union(
      [Type.Literal('complete'), Type.Literal('incomplete'), Type.Literal('refused')],
      {
        description:
          'complete → registered + Form 01; incomplete → Form 02 (no code); refused → Form 03 (no code)',
      },
    ),
    note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    missing: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100 })),
    populationDb: Type.Optional(Type.Boolean()),
    citizenStore: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ReceiveResponse = Type.Object({
  id: Type.Integer(),
  code: NullableString,
  status: Type.String(),
  version: Type.Integer(),
  missing: Type.Array(Type.String()),
  receivedAt: NullableString,
  dueAt: NullableString,
  forms: Type.Array(Type.String()),
  replayed: Type.Boolean(),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A retried request with the same key returns the first dossier',
    }),
  ),
});

export const ActionBody = Type.Object(
  {
    version: Type.Integer({
      minimum: 1,
      description: 'The version the client read (optimistic concurrency)',
    }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    override: Type.Optional(
      Type.Boolean({ description: "A leader's override of the one-supplement rule" }),
    ),
    dueAt: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 40,
          description: 'propose_extension: the new due date (ISO 8601 with offset)',
        }),
      ),
    ),
    outcome: Type.Optional(
      Type.Union([Type.Literal('approved'), Type.Literal('refused'), Type.Null()]),
    ),
    assigneeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    unitId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const TransitionResponse = Type.Object({
  id: Type.Integer(),
  code: NullableString,
  status: Type.String(),
  version: Type.Integer(),
  seq: Type.Integer(),
  forms: Type.Array(Type.String()),
});

export const BulkBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    assigneeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const BulkResponse = Type.Object({
  done: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ok: Type.Boolean(),
      version: Type.Optional(Type.Integer()),
      status: Type.Optional(Type.String()),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});

const Summary = Type.Object({
  id: Type.Integer(),
  code: NullableString,
  status: Type.String(),
  statusLabel: Label,
  version: Type.Integer(),
  channel: Type.Integer(),
  applicantName: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  receivingUnit: Ref,
  currentUnit: Ref,
  assignee: Type.Union([Ref, Type.Null()]),
  receivedAt: NullableString,
  dueAt: NullableString,
  originalDueAt: NullableString,
  pausedSince: NullableString,
  finishedAt: NullableString,
  extensionPending: Type.Boolean(),
  supplementCount: Type.Integer(),
  overdue: Type.Boolean(),
});

export const ListQuery = Type.Object({
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const SearchQuery = Type.Object({
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  code: Type.Optional(Type.String({ maxLength: 60 })),
  applicant: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Name (diacritics ignored), 12-digit ID or tax code',
    }),
  ),
  procedureCode: Type.Optional(Type.String({ maxLength: 50 })),
  status: Type.Optional(
    Type.Array(Type.Union(STATES.filter((s) => s !== 'new').map((s) => Type.Literal(s)))),
  ),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});

export const ListResponse = Type.Object({
  queue: Type.Optional(Type.String()),
  total: Type.Integer(),
  items: Type.Array(Summary),
});

const Clock = Type.Object({
  receivedAt: NullableString,
  unit: Type.String(),
  budget: Type.Number(),
  dueAt: NullableString,
  originalDueAt: NullableString,
  extended: Type.Boolean(),
  extension: Type.Union([
    Type.Object({ dueAt: NullableString, reason: Type.String(), at: NullableString }),
    Type.Null(),
  ]),
  paused: Type.Boolean(),
  pauses: Type.Array(
    Type.Object({ from: NullableString, to: NullableString, reason: Type.String() }),
  ),
  supplementRequests: Type.Integer(),
  timeLeftMinutes: Type.Number({
    description: 'Working minutes to the current due date; negative when overdue',
  }),
  class: Type.String({
    description: 'early | on_time | late | in_progress_on_time | in_progress_overdue',
  }),
  stoppedAt: NullableString,
});

const DossierDetail = Type.Object({
  id: Type.Integer(),
  code: NullableString,
  status: Type.String(),
  statusLabel: Label,
  version: Type.Integer(),
  channel: Type.Integer(),
  procedure: Type.Object({
    id: Type.Integer(),
    versionId: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    limitUnit: Type.String(),
    promisedLimit: Type.Number(),
  }),
  receivingUnit: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  agencyUnit: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  currentUnit: Ref,
  step: Type.Object({
    index: NullableNumber,
    code: NullableString,
    role: NullableString,
    startedAt: NullableString,
    dueAt: NullableString,
  }),
  assignee: Type.Union([Ref, Type.Null()]),
  applicant: Type.Object({
    kind: Type.String(),
    name: Type.String(),
    idNumberMasked: NullableString,
    taxCode: NullableString,
    email: NullableString,
    address: NullableString,
    hasPhone: Type.Boolean(),
    userId: NullableNumber,
  }),
  delivery: Type.Object({ method: Type.String(), address: NullableString }),
  outcome: NullableString,
  proposedOutcome: NullableString,
  extensionRequest: Type.Union([
    Type.Object({
      dueAt: NullableString,
      reason: Type.String(),
      by: NullableNumber,
      at: Type.String(),
    }),
    Type.Null(),
  ]),
  receivedAt: NullableString,
  dueAt: NullableString,
  originalDueAt: NullableString,
  finishedAt: NullableString,
  returnedAt: NullableString,
  facts: Type.Object({
    feeAmount: Type.Number(),
    paidOnline: Type.Boolean(),
    digitised: Type.Boolean(),
    eResult: Type.Boolean(),
    reused: Type.Boolean(),
    synced: Type.Boolean(),
    rating: NullableNumber,
    complaint: Type.Boolean(),
    source: Type.String(),
  }),
});

export const PageResponse = Type.Object({
  dossier: DossierDetail,
  clock: Type.Union([Clock, Type.Null()]),
  timeline: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      action: Type.String(),
      actionLabel: Label,
      from: NullableString,
      to: Type.String(),
      toLabel: Label,
      at: Type.String(),
      actor: Type.Union([Ref, Type.Null()]),
      fromUnit: Type.Union([Ref, Type.Null()]),
      toUnit: Type.Union([Ref, Type.Null()]),
      assignee: Type.Union([Ref, Type.Null()]),
      note: NullableString,
      stepCode: NullableString,
      stepDueAt: NullableString,
      onTime: NullableBool,
      data: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  documents: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      componentCode: NullableString,
      formCode: NullableString,
      name: Type.String(),
      mime: Type.String(),
      size: Type.Number(),
      sha256: Type.String(),
      digitised: Type.Boolean(),
      reused: Type.Boolean(),
      electronic: Type.Boolean(),
      signed: Type.Boolean(),
      createdAt: Type.String(),
    }),
  ),
  allowedActions: Type.Array(
    Type.Object({
      action: Type.String(),
      vi: Type.String(),
      en: Type.String(),
      noteRequired: Type.Boolean(),
      forms: Type.Array(Type.String()),
    }),
  ),
  sync: Type.Object({
    synced: Type.Boolean(),
    syncedAt: NullableString,
    state: Type.String({
      description: 'none | pending | sent | dead | dry_run (the last message)',
    }),
    messages: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        status: Type.String(),
        attempts: Type.Integer(),
        lastError: NullableString,
        sentAt: NullableString,
      }),
    ),
  }),
});

export const SlipResponse = Type.Object({
  dossier: Type.Object({
    id: Type.Integer(),
    code: NullableString,
    procedure: Type.String(),
    applicant: Type.String(),
    receivedAt: NullableString,
    dueAt: NullableString,
    originalDueAt: NullableString,
  }),
  handovers: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      action: Type.String(),
      actionLabel: Label,
      at: Type.String(),
      by: NullableString,
      fromUnit: NullableString,
      toUnit: NullableString,
      to: NullableString,
      stepCode: NullableString,
      stepDueAt: NullableString,
      onTime: NullableBool,
      note: NullableString,
    }),
  ),
});

export const RegisterQuery = Type.Object({
  unitId: Type.Integer({ minimum: 1 }),
  from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
});

export const RegisterResponse = Type.Object({
  unitId: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(
    Type.Object({
      no: Type.Integer(),
      id: Type.Integer(),
      code: NullableString,
      procedureCode: Type.String(),
      procedureName: Type.String(),
      applicantName: Type.String(),
      applicantAddress: NullableString,
      channel: Type.Integer(),
      agencyName: Type.String(),
      receivedAt: NullableString,
      dueAt: NullableString,
      extendedDueAt: NullableString,
      finishedAt: NullableString,
      returnedAt: NullableString,
      outcome: NullableString,
      status: Type.String(),
      class: NullableString,
    }),
  ),
});

export const AttachBody = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('component'),
      Type.Literal('supplement'),
      Type.Literal('result'),
      Type.Literal('other'),
    ]),
    fileIds: Type.Array(Type.Integer({ minimum: 1 }), {
      minItems: 1,
      maxItems: 50,
      description: 'Ids from POST /api/files',
    }),
    componentCode: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    electronic: Type.Optional(Type.Boolean()),
    reused: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AttachResponse = Type.Object({
  documents: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      mime: Type.String(),
      size: Type.Number(),
      sha256: Type.String(),
      electronic: Type.Boolean(),
      createdAt: Type.String(),
    }),
  ),
});

export const WorkflowResponse = Type.Object({
  states: Type.Array(Type.Object({ state: Type.String(), vi: Type.String(), en: Type.String() })),
  actions: Type.Array(
    Type.Object({
      action: Type.String(),
      from: Type.Array(Type.String()),
      to: Type.String(),
      roles: Type.Array(Type.String()),
      forms: Type.Array(Type.String()),
      noteRequired: Type.Boolean(),
      vi: Type.String(),
      en: Type.String(),
    }),
  ),
  queues: Type.Array(Type.String()),
});
