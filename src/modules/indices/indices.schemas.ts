import { Type } from 'typebox';

export const PeriodFields = {
  period: Type.Optional(
    Type.String({
      description:
        '2025, 2025-H1, 2025-Q1, 2025-03 or 2025-01-01..2025-03-31; default: the current year',
    }),
  ),
  from: Type.Optional(
    Type.String({ format: 'date', description: 'first day of a date range (with `to`)' }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date', description: 'last day of a date range (with `from`)' }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
};

export const RankingQuery = Type.Object({
  ...PeriodFields,
  unit: Type.Optional(Type.String({ description: 'one unit by code' })),
  minSample: Type.Optional(
    Type.Integer({ minimum: 0, description: 'minimum dossiers to be ranked (default 30)' }),
  ),
});

export const PeriodQuery = Type.Object(PeriodFields);

export const UnitParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });

export const IndicatorParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  id: Type.String({
    pattern: '^(\\d+\\.\\d+|overdue)$',
    description: 'indicator id (2.1) or `overdue`',
  }),
});

export const ProcedureIndicatorParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  id: Type.String({ pattern: '^\\d+\\.\\d+$', description: 'indicator id (1.1)' }),
});

export const DrilldownQuery = Type.Object({
  ...PeriodFields,
  side: Type.Optional(
    Type.Union([Type.Literal('numerator'), Type.Literal('denominator')], { default: 'numerator' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const TrendQuery = Type.Object({
  granularity: Type.Optional(Type.Literal('month', { default: 'month' })),
  from: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'first month (YYYY-MM)' }),
  to: Type.String({
    pattern: '^\\d{4}-\\d{2}$',
    description: 'last month (YYYY-MM), at most 36 months after `from`',
  }),
});

export const ExportParams = Type.Object({
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]),
});
export const UnitExportParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]),
});

const Localized = Type.Object({ vi: Type.String(), en: Type.String() });

const PeriodOut = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  from: Type.String(),
  to: Type.String(),
  label: Localized,
});

export const RankingResponse = Type.Object(
  {
    period: PeriodOut,
    judgedAt: Type.String({ description: 'unfinished dossiers are judged at the end of this day' }),
    note: Localized,
    units: Type.Array(
      Type.Object(
        {
          unit: Type.String(),
          name: Type.String(),
          total: Type.Union([Type.Number(), Type.Null()]),
          rank: Type.Union([Type.Integer(), Type.Null()]),
          ranked: Type.Boolean(),
          of: Type.Integer(),
          onTimeRate: Type.Union([Type.Number(), Type.Null()]),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export const ScorecardResponse = Type.Object(
  {
    period: PeriodOut,
    unit: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: true }),
    total: Type.Union([Type.Number(), Type.Null()]),
    note: Localized,
    rank: Type.Union([Type.Integer(), Type.Null()]),
    of: Type.Integer(),
    groups: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          indicators: Type.Array(
            Type.Object({ id: Type.String() }, { additionalProperties: true }),
          ),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export const TrendResponse = Type.Object({
  unit: Type.String(),
  points: Type.Array(
    Type.Object({
      period: Type.String(),
      label: Localized,
      total: Type.Union([Type.Number(), Type.Null()]),
      onTimeRate: Type.Union([Type.Number(), Type.Null()]),
      received: Type.Integer(),
      groups: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
    }),
  ),
});

const DrilldownHead = {
  indicator: Type.String(),
  formula: Type.String({
    description: "the indicator's formula id (overdue list: dossiers_overdue)",
  }),
  side: Type.Union([Type.Literal('numerator'), Type.Literal('denominator')]),
  listing: Type.Union([Type.Literal('members'), Type.Literal('deductions')], {
    description:
      '`members`: the items the figure counts (total = figure); `deductions` (6.3 numerator): the dossiers subtracted from the finished ones',
  }),
  numerator: Type.Integer({ description: "the indicator's numerator, as the index computes it" }),
  denominator: Type.Integer({ description: "the indicator's denominator" }),
  total: Type.Integer({ description: 'rows of this list (all pages)' }),
};

export const DrilldownResponse = Type.Object({
  ...DrilldownHead,
  countedOver: Type.Literal('dossiers'),
  deducted: Type.Union([
    Type.Object({ late: Type.Integer(), negative: Type.Integer() }),
    Type.Null(),
  ]),
  dossiers: Type.Array(Type.Object({}, { additionalProperties: true })),
});

export const ProcedureDrilldownResponse = Type.Object({
  ...DrilldownHead,
  countedOver: Type.Literal('procedures'),
  procedures: Type.Array(
    Type.Object(
      {
        id: Type.Integer(),
        code: Type.String(),
        name: Type.Union([Type.String(), Type.Null()]),
        inNumerator: Type.Boolean(),
      },
      { additionalProperties: true },
    ),
  ),
});

export const FeedbackDrilldownResponse = Type.Object({
  ...DrilldownHead,
  countedOver: Type.Literal('feedback'),
  feedback: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      state: Type.String(),
      unit: Type.String({ description: 'code of the unit handling it' }),
      unitName: Type.String({ description: 'name of the unit handling it' }),
      receivedUnit: Type.String({ description: 'code of the unit that first received it' }),
      receivedUnitName: Type.String({ description: 'name of the unit that first received it' }),
      receivedAt: Type.String(),
      answerBy: Type.Union([Type.String(), Type.Null()]),
      publishBy: Type.Union([Type.String(), Type.Null()]),
      finishedAt: Type.Union([Type.String(), Type.Null()]),
      periodClass: Type.Union([Type.String(), Type.Null()], {
        description:
          'on_time, late, in_progress_on_time, in_progress_overdue (6.1 at the judging day)',
      }),
      likes: Type.Integer(),
      dislikes: Type.Integer(),
      dissatisfaction: Type.Array(Type.String(), {
        description: '6.2: disliked, overdue, complained_again',
      }),
      inNumerator: Type.Boolean(),
    }),
  ),
});
