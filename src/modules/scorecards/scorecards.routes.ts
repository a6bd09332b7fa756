import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { requireRoles, requireStaff } from '../auth/index.js';
import { periodFromQuery } from '../indices/index.js';
import {
  OwnScorecardQuery,
  StaffScorecardQuery,
  StaffScorecardResponse,
} from './scorecards.schemas.js';
import {
  listStaffScorecards,
  ownStaffScorecard,
  SCORECARD_READ_ROLES,
  type StaffScorecards,
  scorecardScope,
} from './scorecards.service.js';

const tags = ['scorecards'];

/** Staff scorecards: /api/scorecards/staff for leaders and the reform office, …/me for anyone. */
export async function scorecardsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/scorecards/staff',
    {
      preValidation: requireRoles(...SCORECARD_READ_ROLES),
      schema: {
        tags,
        summary: 'What each officer in your units did in a period',
        description:
          'Officers hold a counter, specialist or leader role over a unit in your scope. Steps closed and their on-time share, dossiers received and returned, satisfaction from the civil-servant element of the per-dossier ratings, and what each holds now.',
        querystring: StaffScorecardQuery,
        response: { 200: StaffScorecardResponse },
      },
    },
    async (request) =>
      present(
        await listStaffScorecards(ctx, {
          tenantId: request.tenantId,
          scope: scorecardScope(request.actor!),
          period: periodFromQuery(request.query, ctx.now()),
          unitCode: request.query.unit,
        }),
      ),
  );

  r.get(
    '/scorecards/staff/me',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Your own scorecard for a period',
        querystring: OwnScorecardQuery,
        response: { 200: StaffScorecardResponse },
      },
    },
    async (request) =>
      present(
        await ownStaffScorecard(ctx, {
          actor: request.actor!,
          period: periodFromQuery(request.query, ctx.now()),
        }),
      ),
  );
}

function present(s: StaffScorecards) {
  return { ...s, period: { key: s.period.key, from: s.period.from, to: s.period.to } };
}
