import { type TSchema, Type } from 'typebox';
import {
  FEEDBACK_ACTIONS,
  FEEDBACK_CHANNELS,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
} from '../../domain/feedback/index.js';

/** Request and response schemas of the feedback routes (they also feed OpenAPI). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Free text: PostgreSQL text cannot hold NUL, so it is refused here rather than at the database. */
const Text = (maxLength: number, minLength = 0) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000]*$' });

export const Kind = Type.Enum(FEEDBACK_KINDS);
export const Channel = Type.Enum(FEEDBACK_CHANNELS);
export const State = Type.Enum(FEEDBACK_STATES);
export const Action = Type.Enum(FEEDBACK_ACTIONS);

const Submitter = Type.Object(
  {
    name: Type.Optional(Nullable(Text(200))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20, pattern: '^[0-9+ .-]*$' }))),
    idNumber: Type.Optional(Nullable(Type.String({ maxLength: 12, pattern: '^[0-9]*$' }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200, pattern: '^[^\\s@]+@[^\\s@]+$' }))),
    address: Type.Optional(Nullable(Text(500))),
  },
  { additionalProperties: false },
);

const ItemFields = {
  kind: Kind,
  subject: Text(300, 1),
  content: Text(10_000, 1),
  relatedDossierCode: Type.Optional(Nullable(Text(64))),
  relatedProcedureCode: Type.Optional(Nullable(Text(64))),
  anonymous: Type.Optional(Type.Boolean()),
  submitter: Type.Optional(Nullable(Submitter)),
};

export const PublicSubmitBody = Type.Object(
  {
    ...ItemFields,
    unitCode: Type.Optional(Nullable(Text(64))),
  },
  { additionalProperties: false },
);

export const StaffSubmitBody = Type.Object(
  {
    ...ItemFields,
    channel: Channel,
    unitId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  },
  { additionalProperties: false },
);

/** PostgreSQL text cannot hold NUL: a code with one is refused here (it answered 500). */
export const CodeParams = Type.Object({ code: Text(40, 1) });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
export const ActionParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
  action: Action,
});

export const ActionBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
    note: Type.Optional(Nullable(Text(5000))),
    reply: Type.Optional(Nullable(Text(20_000))),
    toUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }))),
  },
  { additionalProperties: false },
);

export const RatingBody = Type.Object(
  { value: Type.Union([Type.Literal('like'), Type.Literal('dislike')]) },
  { additionalProperties: false },
);

export const InformationBody = Type.Object(
  { content: Text(5000, 1) },
  { additionalProperties: false },
);

export const ComplainBody = Type.Object(
  { content: Text(10_000, 1) },
  { additionalProperties: false },
);

const Page = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

const IsoDate = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });

export const ListQuery = Type.Object({
  unit: Type.Optional(Text(64)),
  state: Type.Optional(State),
  kind: Type.Optional(Kind),
  channel: Type.Optional(Channel),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text(200)),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  ...Page,
});

export const PublicListQuery = Type.Object({ q: Type.Optional(Text(200)), ...Page });

const Deadlines = Type.Object({
  rejectBy: Nullable(Type.String()),
  requestInfoBy: Nullable(Type.String()),
  answerBy: Nullable(Type.String()),
  publishBy: Nullable(Type.String()),
});
const Ratings = Type.Object({ likes: Type.Integer(), dislikes: Type.Integer() });
const UnitRef = Type.Object({ code: Type.String(), name: Type.String() });

export const Tracking = Type.Object({
  code: Type.String({ description: 'tracking code: keep it to follow, rate and complain again' }),
  kind: Kind,
  channel: Channel,
  state: State,
  subject: Type.String(),
  unit: Type.String(),
  receivedAt: Type.String(),
  dueAt: Nullable(Type.String({ description: 'the deadline the unit works against now' })),
  deadlines: Deadlines,
  reply: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
});

/** The answer to a staff take-in: the tracking code to read out, and the item's id to open it. */
export const StaffTracking = Type.Object({ id: Type.Integer(), ...Tracking.properties });

export const TrackingWithRatings = Type.Object({
  ...Tracking.properties,
  ratings: Ratings,
  rating: Type.Union([Type.Literal('like'), Type.Literal('dislike'), Type.Null()], {
    description: "the code holder's own like or dislike of the reply, null before rating",
  }),
  infoRequest: Nullable(
    Type.Object(
      {
        note: Nullable(Type.String({ description: 'what the unit asked for' })),
        requestedAt: Type.String(),
      },
      { description: 'while the item awaits information (state info_requested), else null' },
    ),
  ),
});

const ListItemFields = {
  id: Type.Integer(),
  code: Type.String(),
  kind: Kind,
  channel: Channel,
  state: State,
  subject: Type.String(),
  unit: UnitRef,
  receivedAt: Type.String(),
  dueAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
  anonymous: Type.Boolean(),
  submitterName: Nullable(Type.String()),
  reporterProtected: Type.Boolean({
    description: "a denunciation's reporter, hidden without feedback.reporter.read",
  }),
  ratings: Ratings,
  complainedAgain: Type.Boolean(),
  version: Type.Integer(),
};

export const ListResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(Type.Object(ListItemFields)),
});

export const Detail = Type.Object({
  ...ListItemFields,
  content: Type.String(),
  relatedDossierCode: Nullable(Type.String()),
  relatedProcedureCode: Nullable(Type.String()),
  followUpOf: Nullable(Type.Integer()),
  receivedUnit: Nullable(UnitRef),
  submitter: Nullable(
    Type.Object({
      name: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      idNumber: Nullable(Type.String()),
      email: Nullable(Type.String()),
      address: Nullable(Type.String()),
    }),
  ),
  reply: Nullable(Type.String()),
  deadlines: Deadlines,
  steps: Type.Object({
    infoRequestedAt: Nullable(Type.String()),
    infoSuppliedAt: Nullable(Type.String()),
    transferredAt: Nullable(Type.String()),
    rejectedAt: Nullable(Type.String()),
    answeredAt: Nullable(Type.String()),
    publishedAt: Nullable(Type.String()),
    finishedAt: Nullable(Type.String()),
    complainedAgainAt: Nullable(Type.String()),
  }),
  events: Type.Array(
    Type.Object({
      action: Type.String(),
      fromState: Nullable(Type.String()),
      toState: Type.String(),
      unit: Nullable(UnitRef),
      toUnit: Nullable(UnitRef),
      actorName: Nullable(Type.String()),
      note: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  allowedActions: Type.Array(Action),
});

export const PublicAnswers = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      subject: Type.String(),
      question: Type.String({ description: 'phone numbers, ID numbers and e-mails masked' }),
      answer: Type.String(),
      unit: Type.String(),
      relatedProcedureCode: Nullable(Type.String()),
      receivedAt: Type.String(),
      publishedAt: Nullable(Type.String()),
      ratings: Ratings,
    }),
  ),
});

export const RatingResponse = Type.Object({
  code: Type.String(),
  value: Type.Union([Type.Literal('like'), Type.Literal('dislike')]),
  ratings: Ratings,
});

export const ReporterGrantBody = Type.Object(
  {
    userId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
    unitId: Nullable(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
  },
  { additionalProperties: false },
);

export const ReporterGrant = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  permission: Type.Literal('feedback.reporter.read'),
  unitId: Nullable(Type.Integer()),
});
