import { Type } from 'typebox';
import { PeriodFields } from '../indices/index.js';

export const StaffScorecardQuery = Type.Object({
  period: PeriodFields.period,
  from: PeriodFields.from,
  to: PeriodFields.to,
  unit: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'only this unit’s subtree, by code' }),
  ),
});

export const OwnScorecardQuery = Type.Object({
  period: PeriodFields.period,
  from: PeriodFields.from,
  to: PeriodFields.to,
});

const Rate = Type.Union([Type.Number(), Type.Null()], {
  description: 'percent with one decimal; null when nothing was counted',
});

const Figures = {
  received: Type.Integer({ description: 'dossiers received at the counter' }),
  steps: Type.Integer({ description: 'processing steps closed (each with an on-time verdict)' }),
  stepsOnTime: Type.Integer(),
  stepsLate: Type.Integer(),
  onTimeRate: Rate,
  returned: Type.Integer({ description: 'results returned to applicants' }),
  supplementRequests: Type.Integer({ description: 'requests for more documents' }),
  dossiers: Type.Integer({ description: 'distinct dossiers acted on' }),
  ratings: Type.Integer({ description: 'ratings given in the period on dossiers acted on' }),
  ratingsSatisfied: Type.Integer({ description: 'of those, civil-servant element 4 or 5' }),
  satisfactionRate: Rate,
  inHand: Type.Integer({ description: 'dossiers assigned now' }),
  inHandOverdue: Type.Integer({ description: 'of those, past the step’s due time' }),
};

export const StaffScorecardResponse = Type.Object({
  period: Type.Object({ key: Type.String(), from: Type.String(), to: Type.String() }),
  total: Type.Object(Figures),
  officers: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      username: Type.Union([Type.String(), Type.Null()]),
      disabled: Type.Boolean(),
      grants: Type.Array(
        Type.Object({
          role: Type.String(),
          unitId: Type.Union([Type.Integer(), Type.Null()], {
            description: 'null: the whole tenant',
          }),
          unitName: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
      ...Figures,
    }),
  ),
});
