import { type TSchema, Type } from 'typebox';

/** Schemas of the external results routes (annual.external.routes.ts; they feed OpenAPI). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Localized = Type.Object({ vi: Type.String(), en: Type.String() });

export const ExternalParams = Type.Object({
  index: Type.String({
    pattern: '^[a-z][a-z0-9_]{1,31}$',
    description: 'par_index, sipas, papi, pci, dti, ict_index',
  }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});

export const ExternalBody = Type.Object(
  {
    score: Nullable(Type.Number({ description: '0..100, at most 2 decimals' })),
    rank: Nullable(Type.Integer()),
    outOf: Nullable(
      Type.Integer({ description: 'provinces ranked: 63 before 2025, 34 from 2025' }),
    ),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^[^\\u0000]*$' }))),
  },
  { additionalProperties: false },
);

export const ExternalImportBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 200_000, pattern: '^[^\\u0000]*$' }) },
  { additionalProperties: false, description: 'CSV text: index,year,score,rank,out_of,note' },
);

export const ExternalImportResponse = Type.Object({
  imported: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
});

const ResultFields = {
  index: Type.String(),
  year: Type.Integer(),
  score: Nullable(Type.Number()),
  rank: Nullable(Type.Integer()),
  outOf: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
};

export const ExternalRecordSchema = Type.Object({ ...ResultFields, updatedAt: Type.String() });

const TrendSchema = Type.Object({
  index: Type.String(),
  name: Localized,
  years: Type.Array(
    Type.Object({
      ...ResultFields,
      sinceYear: Nullable(Type.Integer()),
      scoreChange: Nullable(Type.Number()),
      placesChange: Nullable(Type.Integer()),
      outOfChanged: Type.Boolean(),
      change: Nullable(Localized),
    }),
  ),
});

export const ExternalTrendsResponse = Type.Object({ trends: Type.Array(TrendSchema) });

export const ExternalListResponse = Type.Object({
  /** Whether the caller records results (the reform office tenant-wide). */
  manages: Type.Boolean(),
  results: Type.Array(ExternalRecordSchema),
  trends: Type.Array(TrendSchema),
});
