import { Type } from 'typebox';
import { LINEAGE_RELATIONS } from './org.service.js';

const LineageKindSchema = Type.Union([
  Type.Literal('merged'),
  Type.Literal('split'),
  Type.Literal('renamed'),
  Type.Literal('transferred'),
]);

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const NullableDate = Type.Union([IsoDate, Type.Null()]);
const Kind = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description:
    'Open list: people_committee, department, service_centre, commune, ward, special_zone, district…',
});
const Level = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'Open list: province, district, commune… (no fixed number of levels)',
});
const Code = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$',
  description: 'National agency identifier, e.g. 000.00.12.H40',
});

export const UnitIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const UnitSummarySchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});

export const UnitSchema = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  level: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  validFrom: NullableDate,
  validTo: NullableDate,
  former: Type.Boolean({ description: 'No longer (or not yet) valid on the reference date' }),
});

export const UnitTreeItemSchema = Type.Object({
  ...UnitSchema.properties,
  depth: Type.Integer({ description: '0 for a root' }),
  childCount: Type.Integer(),
});

export const UnitTreeSchema = Type.Object({
  asOf: IsoDate,
  units: Type.Array(UnitTreeItemSchema, {
    description: 'Depth-first (pre-order): each unit right after its parent, siblings by code',
  }),
});

export const UnitsQuery = Type.Object({
  asOf: Type.Optional(IsoDate),
  active: Type.Optional(Type.Boolean({ description: 'Only units valid on asOf' })),
});

const PathStep = Type.Object({
  predecessorId: Type.Integer(),
  successorId: Type.Integer(),
  kind: LineageKindSchema,
  effectiveOn: IsoDate,
});

const Reach = Type.Object({
  unit: UnitSummarySchema,
  partial: Type.Boolean({
    description:
      'Reached through a split, a transfer or a unit with several successors: data compare only approximately',
  }),
  path: Type.Array(PathStep),
});

export const LineageLinkSchema = Type.Object({
  id: Type.Integer(),
  direction: Type.Union([Type.Literal('predecessor'), Type.Literal('successor')], {
    description: 'What the other unit is to this one',
  }),
  kind: LineageKindSchema,
  effectiveOn: IsoDate,
  note: Type.Union([Type.String(), Type.Null()]),
  unit: UnitSummarySchema,
});

export const UnitDetailSchema = Type.Object({
  asOf: IsoDate,
  unit: UnitSchema,
  ancestors: Type.Array(UnitSchema, { description: 'Root first' }),
  children: Type.Array(UnitSchema),
  lineage: Type.Array(LineageLinkSchema, { description: 'Direct links, oldest first' }),
  successors: Type.Array(Reach, {
    description: 'Units valid on asOf that carry this one on (itself when still valid)',
  }),
  predecessors: Type.Array(Reach, { description: 'Former units that fed this one, nearest first' }),
});

export const CreateUnitBody = Type.Object(
  {
    parentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    kind: Kind,
    level: Level,
    code: Code,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
    validFrom: Type.Optional(NullableDate),
    validTo: Type.Optional(NullableDate),
  },
  { additionalProperties: false },
);

export const UpdateUnitBody = Type.Object(
  {
    parentId: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: 'Moves the unit with its subtree; null = a root',
      }),
    ),
    kind: Type.Optional(Kind),
    level: Type.Optional(Level),
    code: Type.Optional(Code),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    nameEn: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
    validFrom: Type.Optional(NullableDate),
    validTo: Type.Optional(NullableDate),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LineageBody = Type.Object(
  {
    relation: Type.Union(
      Object.keys(LINEAGE_RELATIONS).map((k) => Type.Literal(k)),
      {
        description:
          'Read from this unit: merged_into, merged_from, split_from, split_into, renamed_to, renamed_from, transferred_to, transferred_from',
      },
    ),
    otherUnitId: Type.Integer({ minimum: 1 }),
    effectiveOn: IsoDate,
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const CloseUnitBody = Type.Object({ validTo: IsoDate }, { additionalProperties: false });

export const PublicUnitSchema = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  level: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  depth: Type.Integer(),
});

export const PublicUnitsSchema = Type.Object({
  asOf: IsoDate,
  units: Type.Array(PublicUnitSchema),
});

export const TenantsSchema = Type.Object({
  tenants: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      current: Type.Boolean(),
    }),
  ),
});
