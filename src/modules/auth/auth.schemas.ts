import { Type } from 'typebox';
export const RoleSchema = Type.Union([
  Type.Literal('citizen'),
  Type.Literal('counter_officer'),
  Type.Literal('specialist'),
  Type.Literal('leader'),
  Type.Literal('reform_office'),
  Type.Literal('administrator'),
]);

export const SessionUserSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen'), Type.Literal('system')]),
  roles: Type.Array(
    Type.Object({
      role: RoleSchema,
      unitId: Type.Union([Type.Integer(), Type.Null()]),
      unitName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const SignedInSchema = Type.Object({
  user: SessionUserSchema,
  csrfToken: Type.String({
    description: 'Send back in the x-csrf-token header on every POST/PUT/PATCH/DELETE.',
  }),
});

export const MeSchema = Type.Object({
  user: SessionUserSchema,
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'Null when authenticated by an API token.',
  }),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const OtpRequestBody = Type.Object(
  {
    destination: Type.String({
      minLength: 3,
      maxLength: 254,
      description: 'Phone 0xxxxxxxxx / +84xxxxxxxxx, or an e-mail address.',
    }),
  },
  { additionalProperties: false },
);

export const OtpRequestedSchema = Type.Object({
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
  destination: Type.String({ description: 'Masked destination the code was sent to.' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const OtpVerifyBody = Type.Object(
  {
    destination: Type.String({ minLength: 3, maxLength: 254 }),
    code: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  { additionalProperties: false },
);

export const LoggedOutSchema = Type.Object({
  ok: Type.Literal(true),
  sessionsEnded: Type.Optional(Type.Integer()),
});
