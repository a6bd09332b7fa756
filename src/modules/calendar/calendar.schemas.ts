import { Type } from 'typebox';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const WallTime = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM' });
const Status = Type.Union([
  Type.Literal('official'),
  Type.Literal('confirmed'),
  Type.Literal('provisional'),
]);

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 1200, maximum: 2199 }) });

/** The calendar JSON of docs/calendar.md: what `--calendar FILE` and the stored tables hold. */
export const CalendarFields = {
  timezone: Type.String({ description: 'IANA zone, Asia/Ho_Chi_Minh by default; one per tenant' }),
  workingHours: Type.Array(Type.Array(WallTime, { minItems: 2, maxItems: 2 }), {
    description: 'Sorted, non-overlapping periods of a working day',
  }),
  weekend: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
    description: 'Weekly days off, 0 = Sunday',
  }),
  daysOff: Type.Array(IsoDate, { description: 'Holidays, compensatory days and swapped weekdays' }),
  extraWorkingDays: Type.Array(IsoDate, { description: 'Saturdays worked to repay a swap' }),
};

export const CalendarYearTableSchema = Type.Object({
  year: Type.Integer(),
  status: Status,
  source: Type.String(),
  ...CalendarFields,
});

export const CalendarYearViewSchema = Type.Object({
  ...CalendarYearTableSchema.properties,
  stored: Type.Boolean({
    description:
      'False when this is the shipped table (official or provisional), not yet stored by the tenant',
  }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([
    Type.Object({ id: Type.Integer(), name: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  holidays: Type.Array(
    Type.Object({
      date: IsoDate,
      name: Type.String(),
      kind: Type.Union([Type.Literal('holiday'), Type.Literal('compensatory')]),
    }),
    {
      description:
        'Statutory holidays of the year with names (labels; the table decides what is off)',
    },
  ),
  months: Type.Array(
    Type.Object({ month: Type.Integer(), workingDays: Type.Array(IsoDate), count: Type.Integer() }),
  ),
  totalWorkingDays: Type.Integer(),
});

export const SaveYearBody = Type.Object(
  {
    timezone: Type.Optional(CalendarFields.timezone),
    workingHours: Type.Unknown({
      description: 'Sorted, non-overlapping ["HH:MM","HH:MM"] periods of a working day',
    }),
    weekend: Type.Unknown({ description: 'Weekly days off, 0 = Sunday' }),
    daysOff: Type.Unknown({
      description: 'Holidays, compensatory days and swapped weekdays (YYYY-MM-DD, in the year)',
    }),
    extraWorkingDays: Type.Unknown({
      description: 'Saturdays worked to repay a swap (YYYY-MM-DD, in the year)',
    }),
    source: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ImportYearBody = Type.Unknown({
  description: 'A year table as exported (docs/calendar.md); checked field by field',
});

export const DueQuery = Type.Object({
  from: Type.String({
    minLength: 10,
    maxLength: 40,
    description: 'Reception, ISO 8601; without offset = calendar local time',
  }),
  days: Type.Optional(Type.String({ description: 'Working days, 0 = same day' })),
  hours: Type.Optional(Type.String({ description: 'Working hours, fractional allowed' })),
});

export const DueSchema = Type.Object({
  due: Type.String(),
  from: Type.String(),
  start: Type.String(),
  unit: Type.Union([
    Type.Literal('working_days'),
    Type.Literal('working_hours'),
    Type.Literal('same_day'),
  ]),
  budget: Type.Number(),
  provisional: Type.Boolean(),
});
