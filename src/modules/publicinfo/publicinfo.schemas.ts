import { type TSchema, Type } from 'typebox';
import { RECEPTION_ACTIONS, RECEPTION_STATES } from '../../domain/publicinfo/index.js';

/**
 * Request and response schemas of the public-information routes (they also feed OpenAPI).
 * Field rules that need a precise problem code (phone formats, date order) are checked by the
 * service, which names each bad field in `validation_failed`.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Free text: PostgreSQL text cannot hold NUL, so it is refused here. */
const Text = (maxLength: number, minLength = 0) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000]*$' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const WallTime = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM, Vietnam time' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const UnitCode = Type.String({ minLength: 1, maxLength: 64 });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const ActionParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  action: Type.Enum(RECEPTION_ACTIONS),
});
export const UnitCodeParams = Type.Object({ unitCode: UnitCode });

// Hotlines

export const HotlineBody = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1 }),
    purpose: Text(300),
    phone: Text(40),
    email: Type.Optional(Nullable(Text(300))),
    hours: Type.Optional(Nullable(Text(300))),
    person: Type.Optional(Nullable(Text(300))),
    validFrom: Type.Optional(Nullable(Text(10))),
    validTo: Type.Optional(Nullable(Text(10))),
  },
  { additionalProperties: false },
);
export const HotlineUpdateBody = Type.Object(
  { ...HotlineBody.properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() });

export const Hotline = Type.Object({
  id: Type.Integer(),
  unit: UnitRef,
  purpose: Type.String(),
  phone: Type.String({ description: 'national digits, e.g. 02438221111' }),
  phoneDisplay: Type.String({ description: 'grouped for reading, e.g. 024 3822 1111' }),
  telUri: Type.String(),
  email: Nullable(Type.String()),
  hours: Nullable(Type.String()),
  person: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  current: Type.Boolean({ description: 'published today' }),
  version: Type.Integer(),
});
export const HotlineList = Type.Object({ items: Type.Array(Hotline) });

export const HotlineQuery = Type.Object({
  unit: Type.Optional(UnitCode),
  q: Type.Optional(Type.String({ maxLength: 200 })),
});

export const PublicHotlines = Type.Object({
  total: Type.Integer(),
  units: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      hotlines: Type.Array(
        Type.Object({
          id: Type.Integer(),
          purpose: Type.String(),
          phone: Type.String(),
          phoneDisplay: Type.String(),
          telUri: Type.String(),
          email: Nullable(Type.String()),
          mailto: Nullable(Type.String()),
          hours: Nullable(Type.String()),
          validTo: Nullable(Type.String()),
        }),
      ),
    }),
  ),
});

export const CsvImportBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 2_000_000, description: 'the CSV text' }) },
  { additionalProperties: false },
);
export const CsvImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer() });

// Reception sessions

const SessionFieldsSchema = {
  leaderName: Text(300),
  leaderTitle: Text(300),
  start: WallTime,
  end: WallTime,
  place: Text(400),
  notes: Type.Optional(Nullable(Text(3000))),
};

export const SessionBody = Type.Object(
  { unitId: Type.Integer({ minimum: 1 }), date: IsoDate, ...SessionFieldsSchema },
  { additionalProperties: false },
);

export const PlanBody = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1 }),
    rule: Type.String({
      maxLength: 100,
      description: 'e.g. `monthly 2 THU`, `weekly T5` (docs/public-information.md)',
    }),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...SessionFieldsSchema,
  },
  { additionalProperties: false },
);
export const PreviewBody = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1 }),
    rule: Type.String({ maxLength: 100 }),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Text(1000)),
    citizensReceived: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    casesNoted: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    outcomeNotes: Type.Optional(Text(3000)),
    date: Type.Optional(IsoDate),
    start: Type.Optional(WallTime),
    end: Type.Optional(WallTime),
    place: Type.Optional(Text(400)),
    leaderName: Type.Optional(Text(300)),
    leaderTitle: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);

const PublicSessionFields = {
  id: Type.Integer(),
  leaderName: Type.String(),
  leaderTitle: Type.String(),
  date: Type.String(),
  start: Type.String(),
  end: Type.String(),
  place: Type.String(),
  notes: Nullable(Type.String()),
  state: Type.Enum(RECEPTION_STATES),
  cancelReason: Nullable(Type.String({ description: 'why a cancelled session was cancelled' })),
  movedToDate: Nullable(Type.String({ description: 'a rescheduled session: its new date' })),
  movedFromDate: Nullable(Type.String({ description: 'the date this session replaces' })),
};

export const PublicSession = Type.Object({
  ...PublicSessionFields,
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
});
export const PublicSessions = Type.Object({ items: Type.Array(PublicSession) });
export const PublicSessionQuery = Type.Object({
  unit: Type.Optional(UnitCode),
  month: Type.Optional(Month),
});

export const Session = Type.Object({
  ...PublicSessionFields,
  unit: UnitRef,
  citizensReceived: Nullable(Type.Integer()),
  casesNoted: Nullable(Type.Integer()),
  outcomeNotes: Nullable(Type.String()),
  movedToId: Nullable(Type.Integer()),
  movedFromId: Nullable(Type.Integer()),
  planRule: Nullable(Type.String()),
  version: Type.Integer(),
});
export const SessionList = Type.Object({ items: Type.Array(Session) });
export const SessionQuery = Type.Object({
  unit: Type.Optional(UnitCode),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  state: Type.Optional(Type.Enum(RECEPTION_STATES)),
});

export const PlanPreview = Type.Object({
  rule: Type.String({ description: 'the rule in its canonical form' }),
  from: Type.String(),
  to: Type.String(),
  dates: Type.Array(Type.String()),
  skipped: Type.Array(Type.Object({ date: Type.String(), reason: Type.Literal('day_off') })),
  existing: Type.Array(Type.String()),
});
export const PlanResult = Type.Object({
  ...PlanPreview.properties,
  sessions: Type.Array(Session),
});

// Editing and deleting a scheduled session

export const SessionUpdateBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...SessionFieldsSchema },
  {
    additionalProperties: false,
    description: 'Every published field but the date (a new date is a reschedule)',
  },
);
export const VersionQuery = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'the version the caller saw' }),
});

// Deleted items and restoring them

const Deletion = {
  deletedAt: Type.String({ description: 'when it was deleted (ISO 8601)' }),
  deletedBy: Nullable(Type.String({ description: 'who deleted it; null: the command line' })),
};
export const DeletedHotlineList = Type.Object({
  items: Type.Array(Type.Object({ ...Hotline.properties, ...Deletion })),
});
export const DeletedSessionList = Type.Object({
  items: Type.Array(Type.Object({ ...Session.properties, ...Deletion })),
});
export const DeletedQuery = Type.Object({ unit: Type.Optional(UnitCode) });
export const RestoreBody = Type.Object(
  { version: Type.Integer({ minimum: 1, description: 'the version the deleted list showed' }) },
  { additionalProperties: false },
);

// Statistics of a year or a quarter

/**
 * The period is read by the service (`readReportPeriod`), so that every bad year or quarter
 * answers one code, `reception_stats_period_invalid`, naming the bad part.
 */
export const StatsQuery = Type.Object({
  year: Type.Optional(
    Type.String({ maxLength: 16, description: 'YYYY, 2000–2100; default: this year in Vietnam' }),
  ),
  quarter: Type.Optional(
    Type.String({
      maxLength: 16,
      description:
        '1–4 (also Q1–Q4, I–IV): only that quarter of the year, by the session’s Vietnam date; default: the whole year',
    }),
  ),
  unit: Type.Optional(UnitCode),
});

/** With a quarter, the answer names it and its first and last day; a year's answer has only `year`. */
const PeriodFields = {
  year: Type.Integer(),
  quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  from: Type.Optional(Type.String({ description: 'the quarter’s first day, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ description: 'the quarter’s last day, YYYY-MM-DD' })),
};

const Counts = {
  planned: Type.Integer({ description: 'every session dated in the period, as it stands' }),
  scheduled: Type.Integer(),
  held: Type.Integer(),
  cancelled: Type.Integer(),
  rescheduled: Type.Integer({ description: 'moved (its new session counts on its own date)' }),
  citizensReceived: Type.Integer({ description: 'summed over held sessions' }),
  casesNoted: Type.Integer({ description: 'summed over held sessions' }),
};

export const ReceptionStats = Type.Object({
  ...PeriodFields,
  unit: Nullable(UnitRef),
  rows: Type.Array(
    Type.Object({
      unit: UnitRef,
      depth: Type.Integer({ description: 'levels below the shallowest unit shown' }),
      ...Counts,
    }),
  ),
  total: Type.Object(Counts),
});

const PublishedCounts = { held: Counts.held, citizensReceived: Counts.citizensReceived };
const PublicUnitRef = Type.Object({ code: Type.String(), name: Type.String() });

export const PublicReceptionStats = Type.Object({
  ...PeriodFields,
  unit: Nullable(PublicUnitRef),
  rows: Type.Array(Type.Object({ unit: PublicUnitRef, depth: Type.Integer(), ...PublishedCounts })),
  total: Type.Object(PublishedCounts),
});
