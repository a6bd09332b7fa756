import { Type } from 'typebox';

const StaffRole = Type.Union([
  Type.Literal('counter_officer'),
  Type.Literal('specialist'),
  Type.Literal('leader'),
  Type.Literal('reform_office'),
  Type.Literal('administrator'),
]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const UserSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen'), Type.Literal('system')]),
  username: Nullable(Type.String()),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'Masked: 091****678' })),
  disabled: Type.Boolean(),
  lockedUntil: Nullable(
    Type.String({
      format: 'date-time',
      description: 'Set while sign-in is locked after repeated failed attempts',
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  roles: Type.Array(
    Type.Object({
      id: Type.Integer(),
      role: Type.String(),
      unitId: Nullable(Type.Integer()),
      unitCode: Nullable(Type.String()),
      unitName: Nullable(Type.String()),
      unitNameEn: Nullable(
        Type.String({ description: 'the unit’s English name, when it has one' }),
      ),
    }),
  ),
});

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(
      Type.Union([Type.Literal('staff'), Type.Literal('system'), Type.Literal('citizen')]),
    ),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('locked'), Type.Literal('disabled')], {
        description: 'active: neither disabled nor locked after failed sign-ins',
      }),
    ),
    role: Type.Optional(StaffRole),
    unitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'holders of a role over this unit or a unit under it',
      }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const UserListSchema = Type.Object({
  items: Type.Array(UserSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 50 }),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    role: StaffRole,
    unitId: Nullable(Type.Integer({ minimum: 1 })),
    kind: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('system')])),
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    idNumber: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{12}$' }))),
  },
  { additionalProperties: false },
);

export const CreatedUserSchema = Type.Object({
  user: UserSchema,
  generatedPassword: Nullable(
    Type.String({ description: 'Shown once when no password was given.' }),
  ),
});

export const UserParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const GrantParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  grantId: Type.Integer({ minimum: 1 }),
});
export const GrantBody = Type.Object(
  { role: StaffRole, unitId: Nullable(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const OutboxQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('pending'),
        Type.Literal('sent'),
        Type.Literal('dead'),
        Type.Literal('dry_run'),
      ]),
    ),
    topic: Type.Optional(Type.String({ maxLength: 50 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const OutboxMessageSchema = Type.Object({
  id: Type.Integer(),
  topic: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  dedupeKey: Nullable(Type.String()),
  payload: Type.Unknown({
    description: 'Hidden in production for messages marked sensitive (one-time codes).',
  }),
  nextAttemptAt: Type.String({ format: 'date-time' }),
  lastError: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
});

export const OutboxTopicsSchema = Type.Object({
  topics: Type.Array(
    Type.Object({
      topic: Type.String(),
      counts: Type.Object({
        pending: Type.Integer(),
        sent: Type.Integer(),
        dead: Type.Integer(),
        dry_run: Type.Integer(),
      }),
    }),
  ),
});

export const OutboxListSchema = Type.Object({
  items: Type.Array(OutboxMessageSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
