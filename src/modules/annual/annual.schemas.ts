import { type TSchema, Type } from 'typebox';
import { CYCLE_STATES, SCORING_METHODS } from '../../domain/annual/index.js';

/** Request and response schemas of the annual CCHC index routes (they also feed OpenAPI). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Free text: PostgreSQL text cannot hold NUL, so it is refused here rather than at the database. */
const Text = (maxLength: number, minLength = 0) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000]*$' });
const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD (Vietnam time)',
});
const Localized = Type.Object({ vi: Type.String(), en: Type.String() });

export const State = Type.Enum(CYCLE_STATES);

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const UnitParams = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  unitCode: Type.String({ minLength: 1, maxLength: 64 }),
});
export const EvidenceParams = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  unitCode: Type.String({ minLength: 1, maxLength: 64 }),
  fileId: Type.Integer({ minimum: 1 }),
});
export const ContestParams = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  id: Type.Integer({ minimum: 1 }),
});

export const FrameworkBody = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'The framework JSON: { name: {vi,en}, unitKinds: [...], bands?: [{band,min}], fields: [{ id, name, maxPoints, criteria: [{ id, name, maxPoints, subcriteria: [{ id, name, maxPoints, method, metric?, scoring? }] }] }] } (docs/annual-index.md)',
  },
);

export const AdvanceBody = Type.Object(
  {
    to: State,
    selfAssessmentDeadline: Type.Optional(Day),
    contestDeadline: Type.Optional(Day),
  },
  { additionalProperties: false },
);

export const SelfAssessmentBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          subcriterionId: Type.String({ minLength: 1, maxLength: 40 }),
          points: Nullable(Type.Number()),
          evidence: Type.Optional(Nullable(Text(5000))),
          fileIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const AppraisalBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          subcriterionId: Type.String({ minLength: 1, maxLength: 40 }),
          points: Type.Number(),
          reason: Type.Optional(Nullable(Text(2000))),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const SurveyBody = Type.Object(
  { csv: Text(2_000_000, 1) },
  { additionalProperties: false, description: 'CSV text: unit_code,subcriterion_id,points' },
);

export const ContestBody = Type.Object(
  { subcriterionId: Type.String({ minLength: 1, maxLength: 40 }), reason: Text(2000) },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('upheld'), Type.Literal('rejected')]),
    answer: Text(2000),
    points: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const PublicQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
});

const Participant = Type.Object({
  unitId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: Type.String(),
  peerGroup: Type.String(),
  submittedAt: Nullable(Type.String()),
  toAppraise: Type.Integer(),
  openContests: Type.Integer(),
});

export const CycleResponse = Type.Object({
  year: Type.Integer(),
  state: State,
  framework: Type.Any(),
  maxPoints: Type.Number(),
  selfAssessmentDeadline: Nullable(Type.String()),
  contestDeadline: Nullable(Type.String()),
  frameworkPublishedAt: Nullable(Type.String()),
  provisionalPublishedAt: Nullable(Type.String()),
  finalPublishedAt: Nullable(Type.String()),
  manages: Type.Boolean(),
  participants: Type.Array(Participant),
});

export const CycleList = Type.Object({
  cycles: Type.Array(Type.Object({ year: Type.Integer(), state: State })),
});

const Item = Type.Object({
  subcriterionId: Type.String(),
  fieldId: Type.String(),
  criterionId: Type.String(),
  name: Localized,
  maxPoints: Type.Number(),
  method: Type.Enum(SCORING_METHODS),
  selfPoints: Nullable(Type.Number()),
  evidence: Nullable(Type.String()),
  evidenceFileIds: Type.Array(Type.Integer()),
  evidenceFiles: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  appraisedPoints: Nullable(Type.Number()),
  appraisalReason: Nullable(Type.String()),
  surveyPoints: Nullable(Type.Number()),
  autoPoints: Nullable(Type.Number()),
  autoRate: Nullable(Type.Number()),
  contestPoints: Nullable(Type.Number()),
  points: Type.Number(),
});

export const AssessmentResponse = Type.Object({
  year: Type.Integer(),
  state: State,
  unit: Type.Object({
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Nullable(Type.String()),
    kind: Type.String(),
  }),
  selfAssessmentDeadline: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  editable: Type.Boolean(),
  canSubmit: Type.Boolean(),
  canAppraise: Type.Boolean(),
  fields: Type.Array(Type.Object({ id: Type.String(), name: Localized, maxPoints: Type.Number() })),
  items: Type.Array(Item),
});

export const SurveyResponse = Type.Object({ imported: Type.Integer() });

export const AutomaticResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      subcriterionId: Type.String(),
      metric: Type.String(),
      rate: Nullable(Type.Number()),
      points: Type.Number(),
    }),
  ),
});

const RankedUnit = Type.Object({
  unitId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: Type.String(),
  peerGroup: Type.String(),
  total: Type.Number(),
  max: Type.Number(),
  percent: Type.Number(),
  band: Nullable(Type.String()),
  rank: Type.Integer({ description: 'rank among peers (same kind and level); ties share a rank' }),
  of: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      fieldId: Type.String(),
      name: Localized,
      points: Type.Number(),
      max: Type.Number(),
      rank: Type.Integer(),
      of: Type.Integer(),
    }),
  ),
  previous: Nullable(
    Type.Object({
      total: Type.Number(),
      rank: Nullable(Type.Integer()),
      of: Nullable(Type.Integer()),
      predecessors: Type.Optional(
        Type.Integer({
          description:
            "present when last year's result was carried through lineage: how many former units it stands for",
        }),
      ),
    }),
  ),
  change: Nullable(
    Type.Object({
      score: Type.Number(),
      places: Nullable(
        Type.Integer({ description: 'positive = moved up; null when carried through lineage' }),
      ),
      text: Localized,
    }),
  ),
  explanation: Type.Array(
    Type.Object({
      subcriterionId: Type.String(),
      name: Localized,
      previous: Type.Number(),
      current: Type.Number(),
      delta: Type.Number(),
    }),
  ),
});

const ResultsFields = {
  year: Type.Integer(),
  state: State,
  stage: Type.Union([Type.Literal('preview'), Type.Literal('provisional'), Type.Literal('final')], {
    description:
      'provisional or final: the ranking as published at that stage (frozen); preview: computed now, reform office only',
  }),
  contestDeadline: Nullable(Type.String()),
  publishedAt: Nullable(
    Type.String({ description: 'when the stage shown was published; null for a preview' }),
  ),
  computedAt: Nullable(
    Type.String({ description: 'when a preview was computed; null for a published stage' }),
  ),
  previousYear: Nullable(Type.Integer()),
  units: Type.Array(RankedUnit),
};

export const ResultsQuery = Type.Object({
  preview: Type.Optional(
    Type.Boolean({
      description:
        'reform office only: compute the ranking now from the recorded points instead of reading what was published (the final ranking in preparation while contests are answered)',
    }),
  ),
});
export const ResultsResponse = Type.Object(ResultsFields);
export const PublicResultsResponse = Type.Object({
  ...ResultsFields,
  years: Type.Array(Type.Integer(), { description: 'years with published results, newest first' }),
});
export const UnitResultResponse = Type.Object({
  ...RankedUnit.properties,
  year: Type.Integer(),
  stage: ResultsFields.stage,
  publishedAt: ResultsFields.publishedAt,
});

const Contest = Type.Object({
  id: Type.Integer(),
  unitCode: Type.String(),
  unitName: Type.String(),
  subcriterionId: Type.String(),
  reason: Type.String(),
  state: Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('rejected')]),
  answer: Nullable(Type.String()),
  newPoints: Nullable(Type.Number()),
  filedAt: Type.String(),
  answeredAt: Nullable(Type.String()),
});
export const ContestResponse = Contest;
export const ContestList = Type.Object({ contests: Type.Array(Contest) });
