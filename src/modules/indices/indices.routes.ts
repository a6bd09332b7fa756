import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Period } from '../../domain/indices/index.js';
import { assertRoleOverUnit, scopeUnits } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { requestLanguage } from '../../platform/http/language.js';
import { requireRoles } from '../auth/index.js';
import {
  listIndicatorDossiers,
  listIndicatorFeedback,
  listIndicatorProcedures,
} from './indices.drilldown.js';
import { rankingPdf, rankingXlsx, scorecardPdf, scorecardXlsx } from './indices.export.js';
import { presentRanking, presentScorecard } from './indices.presenter.js';
import {
  DrilldownQuery,
  DrilldownResponse,
  ExportParams,
  FeedbackDrilldownResponse,
  IndicatorParams,
  PeriodQuery,
  ProcedureDrilldownResponse,
  ProcedureIndicatorParams,
  RankingQuery,
  RankingResponse,
  ScorecardResponse,
  TrendQuery,
  TrendResponse,
  UnitExportParams,
  UnitParams,
} from './indices.schemas.js';
import { computeServiceIndex, periodFromQuery, unitTrend } from './indices.service.js';

/** Who sees the internal index (scorecards, drill-down, overdue list): over their subtree. */
export const INDEX_ROLES: Role[] = ['leader', 'reform_office', 'administrator'];

async function unitIdByCode(ctx: AppContext, tenantId: number, code: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('units')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', { details: { unit: code } });
  return row.id;
}

function sendFile(reply: FastifyReply, body: Buffer, format: 'xlsx' | 'pdf', name: string) {
  const type =
    format === 'pdf'
      ? 'application/pdf'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(body);
}

/**
 * The real-time service index over HTTP: staff routes under /indices (leaders, reform office and
 * administrators, over their own subtree; drill-down and the overdue list are internal) and
 * public routes under /public/indices (ranking, scorecards and trends, no personal data).
 */
export async function indicesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const staff = { preValidation: requireRoles(...INDEX_ROLES) };

  const ranking = async (
    request: FastifyRequest,
    q: { period?: string; from?: string; to?: string; unit?: string; minSample?: number },
    scoped: boolean,
  ) => {
    const scope = scoped && request.actor ? scopeUnits(request.actor, INDEX_ROLES) : null;
    return computeServiceIndex({
      db: ctx.db,
      tenantId: request.tenantId,
      period: periodFromQuery(q, ctx.now()),
      unitCode: q.unit,
      scope,
      ...(q.minSample !== undefined ? { minSample: q.minSample } : {}),
      now: ctx.now(),
    });
  };
  const scorecard = async (
    request: FastifyRequest,
    code: string,
    q: { period?: string; from?: string; to?: string },
    scoped: boolean,
  ) => {
    if (scoped)
      await assertRoleOverUnit(
        ctx.db,
        request.actor,
        INDEX_ROLES,
        await unitIdByCode(ctx, request.tenantId, code),
      );
    const result = await computeServiceIndex({
      db: ctx.db,
      tenantId: request.tenantId,
      period: periodFromQuery(q, ctx.now()),
      unitCode: code,
      now: ctx.now(),
    });
    const unit = result.units[0];
    if (!unit) throw new AppError('not_found', { details: { unit: code } });
    return presentScorecard(result, unit);
  };

  for (const [prefix, scoped] of [
    ['/indices/service', true],
    ['/public/indices/service', false],
  ] as const) {
    const tags = [scoped ? 'indices' : 'public'];
    const guard = scoped ? staff : {};
    r.get(
      prefix,
      {
        ...guard,
        schema: {
          tags,
          summary: scoped
            ? 'Service index ranking of the units in your scope'
            : 'Public service index ranking',
          querystring: RankingQuery,
          response: { 200: RankingResponse },
        },
      },
      async (request) => presentRanking(await ranking(request, request.query, scoped)),
    );
    r.get(
      `${prefix}/export.:format`,
      {
        ...guard,
        schema: {
          tags,
          summary: 'The ranking as .xlsx or PDF',
          params: ExportParams,
          querystring: RankingQuery,
        },
      },
      async (request, reply) => {
        const lang = requestLanguage(request);
        const data = presentRanking(await ranking(request, request.query, scoped));
        const body =
          request.params.format === 'pdf'
            ? await rankingPdf(data, lang)
            : await rankingXlsx(data, lang);
        return sendFile(reply, body, request.params.format, `chi-so-phuc-vu-${data.period.key}`);
      },
    );
    r.get(
      `${prefix}/units/:code`,
      {
        ...guard,
        schema: {
          tags,
          summary:
            "A unit's scorecard: groups, indicators, total with the N/A rule, rank, change and explanation",
          params: UnitParams,
          querystring: PeriodQuery,
          response: { 200: ScorecardResponse },
        },
      },
      async (request) => scorecard(request, request.params.code, request.query, scoped),
    );
    r.get(
      `${prefix}/units/:code/export.:format`,
      {
        ...guard,
        schema: {
          tags,
          summary: "A unit's scorecard as .xlsx or PDF",
          params: UnitExportParams,
          querystring: PeriodQuery,
        },
      },
      async (request, reply) => {
        const lang = requestLanguage(request);
        const data = await scorecard(request, request.params.code, request.query, scoped);
        const body =
          request.params.format === 'pdf'
            ? await scorecardPdf(data, lang)
            : await scorecardXlsx(data, lang);
        return sendFile(
          reply,
          body,
          request.params.format,
          `bang-diem-${data.unit.code}-${data.period.key}`,
        );
      },
    );
    r.get(
      `${prefix}/units/:code/trend`,
      {
        ...guard,
        schema: {
          tags,
          summary: "A unit's total and on-time rate month by month",
          params: UnitParams,
          querystring: TrendQuery,
          response: { 200: TrendResponse },
        },
      },
      async (request) => {
        if (scoped)
          await assertRoleOverUnit(
            ctx.db,
            request.actor,
            INDEX_ROLES,
            await unitIdByCode(ctx, request.tenantId, request.params.code),
          );
        return unitTrend({
          db: ctx.db,
          tenantId: request.tenantId,
          unitCode: request.params.code,
          from: request.query.from,
          to: request.query.to,
          now: ctx.now(),
        });
      },
    );
  }

  // The drill-down: staff of the unit's subtree only, never public (it names dossiers).
  const drillInput = async (
    request: FastifyRequest,
    params: { code: string; id: string },
    q: {
      period?: string;
      from?: string;
      to?: string;
      side?: 'numerator' | 'denominator';
      limit?: number;
      offset?: number;
    },
  ) => {
    const unitId = await unitIdByCode(ctx, request.tenantId, params.code);
    await assertRoleOverUnit(ctx.db, request.actor, INDEX_ROLES, unitId);
    const period = periodFromQuery(q, ctx.now());
    const today = new Date(ctx.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    return {
      db: ctx.db,
      tenantId: request.tenantId,
      unitId,
      period,
      judge: period.to < today ? period.to : today,
      indicatorId: params.id,
      side: q.side ?? 'numerator',
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    };
  };

  r.get(
    '/indices/service/units/:code/indicators/:id/dossiers',
    {
      ...staff,
      schema: {
        tags: ['indices'],
        summary:
          'The dossiers behind the numerator or denominator of an indicator (or `overdue`: the overdue list)',
        description:
          'Staff only, for units in the caller’s subtree; pages in reception order. Dossier indicators only: a procedure or feedback indicator answers validation_failed (details.countedOver = procedures or feedback). For 6.3 the numerator lists the deducted dossiers (`listing: deductions`).',
        params: IndicatorParams,
        querystring: DrilldownQuery,
        response: { 200: DrilldownResponse },
      },
    },
    async (request) =>
      listIndicatorDossiers(await drillInput(request, request.params, request.query)),
  );

  r.get(
    '/indices/service/units/:code/indicators/:id/procedures',
    {
      ...staff,
      schema: {
        tags: ['indices'],
        summary:
          'The procedures behind the numerator or denominator of a procedure indicator (1.1–1.3, 3.2, 3.3, 4.1, 4.2, 5.6)',
        description:
          'Staff only, for units in the caller’s subtree; pages in code order. Each procedure comes with the facts that decide its inclusion and `inNumerator`. A dossier or feedback indicator answers validation_failed (details.countedOver).',
        params: ProcedureIndicatorParams,
        querystring: DrilldownQuery,
        response: { 200: ProcedureDrilldownResponse },
      },
    },
    async (request) =>
      listIndicatorProcedures(await drillInput(request, request.params, request.query)),
  );

  r.get(
    '/indices/service/units/:code/indicators/:id/feedback',
    {
      ...staff,
      schema: {
        tags: ['indices'],
        summary: 'The feedback items behind the numerator or denominator of 6.1 or 6.2',
        description:
          'Staff only, for units in the caller’s subtree; pages in reception order. Items of kind feedback only (complaints and denunciations are not in the index), with their class at the judging day, likes and dislikes and, for 6.2, why an item is subtracted. No submitter data. Another indicator answers validation_failed (details.countedOver).',
        params: IndicatorParams,
        querystring: DrilldownQuery,
        response: { 200: FeedbackDrilldownResponse },
      },
    },
    async (request) =>
      listIndicatorFeedback(await drillInput(request, request.params, request.query)),
  );
}
