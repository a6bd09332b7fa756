import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { periodSlug } from '../../domain/publicinfo/index.js';
import type { AppContext } from '../../platform/context.js';
import { requireRoles } from '../auth/index.js';
import { todayIn } from '../org/index.js';
import { exportHotlinesCsv, importHotlinesCsv } from './hotline.csv.js';
import {
  createHotline,
  deleteHotline,
  listDeletedHotlines,
  listManagedHotlines,
  listPublicHotlines,
  restoreHotline,
  updateHotline,
} from './hotline.service.js';
import { PUBLICINFO_MANAGE_ROLES } from './publicinfo.policy.js';
import {
  presentDeletedHotline,
  presentDeletedSession,
  presentHotline,
  presentPublicHotlines,
  presentPublicSession,
  presentReceptionStats,
  presentSession,
} from './publicinfo.presenter.js';
import {
  ActionBody,
  ActionParams,
  CsvImportBody,
  CsvImportResult,
  DeletedHotlineList,
  DeletedQuery,
  DeletedSessionList,
  Hotline,
  HotlineBody,
  HotlineList,
  HotlineQuery,
  HotlineUpdateBody,
  IdParams,
  PlanBody,
  PlanPreview,
  PlanResult,
  PreviewBody,
  PublicHotlines,
  PublicReceptionStats,
  PublicSessionQuery,
  PublicSessions,
  ReceptionStats,
  RestoreBody,
  Session,
  SessionBody,
  SessionList,
  SessionQuery,
  SessionUpdateBody,
  StatsQuery,
  UnitCodeParams,
  VersionQuery,
} from './publicinfo.schemas.js';
import {
  deleteSession,
  listDeletedSessions,
  restoreSession,
  updateSession,
} from './reception.edits.js';
import {
  actOnSession,
  createSession,
  listManagedSessions,
  listPublicSessions,
  planSessions,
  previewPlan,
  unitReceptionIcs,
} from './reception.service.js';
import {
  publicReceptionStats,
  receptionStats,
  receptionStatsCsv,
  statsPeriod,
} from './reception.stats.js';

const TAGS = ['public-info'];

/**
 * Public information (DOMAIN §1, §9): published hotlines and citizen-reception schedules.
 * Read-only public routes under /api/public/public-info; staff management under
 * /api/public-info for the reform office (whole tenant) and administrators and leaders (their
 * units' subtrees). docs/public-information.md.
 */
export async function publicInfoRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manage = requireRoles(...PUBLICINFO_MANAGE_ROLES);
  const today = () => todayIn(ctx.now());

  app.get(
    '/public/public-info/hotlines',
    {
      schema: {
        tags: [...TAGS, 'public'],
        summary: 'Current hotlines by unit, searchable without diacritics',
        querystring: HotlineQuery,
        response: { 200: PublicHotlines },
      },
    },
    async (request) =>
      presentPublicHotlines(
        await listPublicHotlines(ctx, {
          tenantId: request.tenantId,
          unitCode: request.query.unit,
          q: request.query.q,
        }),
      ),
  );

  app.get(
    '/public/public-info/reception',
    {
      schema: {
        tags: [...TAGS, 'public'],
        summary: 'Upcoming citizen-reception sessions (cancelled and moved ones with why)',
        querystring: PublicSessionQuery,
        response: { 200: PublicSessions },
      },
    },
    async (request) => ({
      items: (
        await listPublicSessions(ctx, {
          tenantId: request.tenantId,
          unitCode: request.query.unit,
          month: request.query.month,
        })
      ).map(presentPublicSession),
    }),
  );

  app.get(
    '/public/public-info/reception/stats',
    {
      schema: {
        tags: [...TAGS, 'public'],
        summary:
          'Sessions held and citizens received in a year or a quarter, per unit (counts only)',
        description:
          'Aggregates only: never notes, cases or outcomes of single sessions. An unknown unit answers no rows; a bad year or quarter answers 400 reception_stats_period_invalid.',
        querystring: StatsQuery,
        response: { 200: PublicReceptionStats },
      },
    },
    async (request) =>
      publicReceptionStats(ctx, {
        tenantId: request.tenantId,
        period: statsPeriod(ctx, request.query),
        unitCode: request.query.unit,
      }),
  );

  app.get(
    '/public/public-info/reception/:unitCode/calendar.ics',
    {
      schema: {
        tags: [...TAGS, 'public'],
        summary: "A unit's upcoming reception sessions as iCalendar (text/calendar)",
        params: UnitCodeParams,
      },
    },
    async (request, reply) => {
      const text = await unitReceptionIcs(ctx, {
        tenantId: request.tenantId,
        unitCode: request.params.unitCode,
      });
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="lich-tiep-cong-dan.ics"')
        .send(text);
    },
  );

  // Staff: hotlines

  app.get(
    '/public-info/hotlines',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Hotlines of the units I manage, current or not',
        querystring: HotlineQuery,
        response: { 200: HotlineList },
      },
    },
    async (request) => {
      const rows = await listManagedHotlines(ctx, {
        actor: request.actor!,
        unitCode: request.query.unit,
        q: request.query.q,
      });
      return { items: rows.map((r) => presentHotline(r, today())) };
    },
  );

  app.post(
    '/public-info/hotlines',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Publish a hotline for a unit I manage',
        body: HotlineBody,
        response: { 201: Hotline },
      },
    },
    async (request, reply) => {
      const row = await createHotline(ctx, {
        actor: request.actor!,
        input: request.body,
        requestId: String(request.id),
      });
      return reply.code(201).send(presentHotline(row, today()));
    },
  );

  app.put(
    '/public-info/hotlines/:id',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Change a hotline (a stale version answers version_conflict)',
        params: IdParams,
        body: HotlineUpdateBody,
        response: { 200: Hotline },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      const row = await updateHotline(ctx, {
        actor: request.actor!,
        id: request.params.id,
        version,
        input,
        requestId: String(request.id),
      });
      return presentHotline(row, today());
    },
  );

  app.delete(
    '/public-info/hotlines/:id',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Delete a hotline (204); it stays in the deleted list and can be restored',
        params: IdParams,
      },
    },
    async (request, reply) => {
      await deleteHotline(ctx, {
        actor: request.actor!,
        id: request.params.id,
        requestId: String(request.id),
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/public-info/hotlines/deleted',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Deleted hotlines of the units I manage, the last deleted first',
        querystring: DeletedQuery,
        response: { 200: DeletedHotlineList },
      },
    },
    async (request) => {
      const rows = await listDeletedHotlines(ctx, {
        actor: request.actor!,
        unitCode: request.query.unit,
      });
      return { items: rows.map((r) => presentDeletedHotline(r, today())) };
    },
  );

  app.post(
    '/public-info/hotlines/:id/restore',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Restore a deleted hotline (published again if its dates say so)',
        description:
          'With the version the deleted list showed; a live hotline answers 409 publicinfo_not_deleted.',
        params: IdParams,
        body: RestoreBody,
        response: { 200: Hotline },
      },
    },
    async (request) => {
      const row = await restoreHotline(ctx, {
        actor: request.actor!,
        id: request.params.id,
        version: request.body.version,
        requestId: String(request.id),
      });
      return presentHotline(row, today());
    },
  );

  app.get(
    '/public-info/hotlines/export.csv',
    {
      preValidation: manage,
      schema: { tags: TAGS, summary: 'The hotlines of the units I manage as CSV' },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="duong-day-nong.csv"')
        .send(await exportHotlinesCsv(ctx, request.actor!)),
  );

  app.post(
    '/public-info/hotlines/import',
    {
      preValidation: manage,
      bodyLimit: 2_500_000,
      schema: {
        tags: TAGS,
        summary: 'Import hotlines from CSV: all rows or none (import_invalid lists row and column)',
        body: CsvImportBody,
        response: { 200: CsvImportResult },
      },
    },
    async (request) =>
      importHotlinesCsv(ctx, {
        actor: request.actor!,
        csv: request.body.csv,
        requestId: String(request.id),
      }),
  );

  // Staff: reception sessions

  app.get(
    '/public-info/reception',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Reception sessions of the units I manage',
        querystring: SessionQuery,
        response: { 200: SessionList },
      },
    },
    async (request) => {
      const { unit, ...rest } = request.query;
      const rows = await listManagedSessions(ctx, {
        actor: request.actor!,
        filters: { ...rest, unitCode: unit },
      });
      return { items: rows.map(presentSession) };
    },
  );

  app.post(
    '/public-info/reception',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Schedule one reception session',
        body: SessionBody,
        response: { 201: Session },
      },
    },
    async (request, reply) => {
      const { unitId, date, ...fields } = request.body;
      const row = await createSession(ctx, {
        actor: request.actor!,
        unitId,
        date,
        fields,
        requestId: String(request.id),
      });
      return reply.code(201).send(presentSession(row));
    },
  );

  app.post(
    '/public-info/reception/plan/preview',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'The dates a recurrence rule gives (days off skipped), without writing',
        body: PreviewBody,
        response: { 200: PlanPreview },
      },
    },
    async (request) => previewPlan(ctx, { actor: request.actor!, ...request.body }),
  );

  app.post(
    '/public-info/reception/plan',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Schedule a session on every date of a recurrence rule (days off skipped)',
        body: PlanBody,
        response: { 201: PlanResult },
      },
    },
    async (request, reply) => {
      const { unitId, rule, year, from, to, ...fields } = request.body;
      const result = await planSessions(ctx, {
        actor: request.actor!,
        unitId,
        rule,
        year,
        from,
        to,
        fields,
        requestId: String(request.id),
      });
      return reply.code(201).send({ ...result, sessions: result.sessions.map(presentSession) });
    },
  );

  app.post(
    '/public-info/reception/:id/actions/:action',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'hold (record the outcome), cancel (reason required) or reschedule a session',
        description:
          'Only a scheduled session changes (else 409 reception_state_invalid); hold needs citizensReceived and casesNoted and the session day reached; cancel a reason; reschedule a new date (times, place and leader optional).',
        params: ActionParams,
        body: ActionBody,
        response: { 200: Session },
      },
    },
    async (request) => {
      const { start, end, place, leaderName, leaderTitle, ...input } = request.body;
      const row = await actOnSession(ctx, {
        actor: request.actor!,
        id: request.params.id,
        action: request.params.action,
        input: { ...input, fields: { start, end, place, leaderName, leaderTitle } },
        requestId: String(request.id),
      });
      return presentSession(row);
    },
  );

  app.put(
    '/public-info/reception/:id',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Edit a scheduled session: leader, times, place, notes (not the date)',
        description:
          'Only a scheduled session (else 409 reception_state_invalid); a stale version answers version_conflict; a new date is a reschedule.',
        params: IdParams,
        body: SessionUpdateBody,
        response: { 200: Session },
      },
    },
    async (request) => {
      const { version, ...fields } = request.body;
      const row = await updateSession(ctx, {
        actor: request.actor!,
        id: request.params.id,
        version,
        fields,
        requestId: String(request.id),
      });
      return presentSession(row);
    },
  );

  app.delete(
    '/public-info/reception/:id',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Delete a scheduled session entered by mistake (204); it can be restored',
        description:
          'Held, cancelled and moved sessions are history and stay (409 reception_state_invalid), as does a session that replaces a moved one; the session goes to the deleted list and the audit row keeps what was deleted.',
        params: IdParams,
        querystring: VersionQuery,
      },
    },
    async (request, reply) => {
      await deleteSession(ctx, {
        actor: request.actor!,
        id: request.params.id,
        version: request.query.version,
        requestId: String(request.id),
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/public-info/reception/deleted',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Deleted reception sessions of the units I manage, the last deleted first',
        querystring: DeletedQuery,
        response: { 200: DeletedSessionList },
      },
    },
    async (request) => {
      const rows = await listDeletedSessions(ctx, {
        actor: request.actor!,
        unitCode: request.query.unit,
      });
      return { items: rows.map(presentDeletedSession) };
    },
  );

  app.post(
    '/public-info/reception/:id/restore',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'Restore a deleted session: scheduled again, in the schedules and statistics',
        description:
          'With the version the deleted list showed; a live session answers 409 publicinfo_not_deleted.',
        params: IdParams,
        body: RestoreBody,
        response: { 200: Session },
      },
    },
    async (request) =>
      presentSession(
        await restoreSession(ctx, {
          actor: request.actor!,
          id: request.params.id,
          version: request.body.version,
          requestId: String(request.id),
        }),
      ),
  );

  app.get(
    '/public-info/reception/stats',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary:
          'Citizen-reception statistics of my units for a year or a quarter (a unit rolls up its subtree)',
        description: 'A bad year or quarter answers 400 reception_stats_period_invalid.',
        querystring: StatsQuery,
        response: { 200: ReceptionStats },
      },
    },
    async (request) =>
      presentReceptionStats(
        await receptionStats(ctx, {
          actor: request.actor!,
          period: statsPeriod(ctx, request.query),
          unitCode: request.query.unit,
        }),
      ),
  );

  app.get(
    '/public-info/reception/stats/export.csv',
    {
      preValidation: manage,
      schema: {
        tags: TAGS,
        summary: 'The statistics of a year or a quarter as CSV, with a total row naming the period',
        querystring: StatsQuery,
      },
    },
    async (request, reply) => {
      const period = statsPeriod(ctx, request.query);
      const stats = await receptionStats(ctx, {
        actor: request.actor!,
        period,
        unitCode: request.query.unit,
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="thong-ke-tiep-cong-dan-${periodSlug(period)}.csv"`,
        )
        .send(receptionStatsCsv(stats));
    },
  );
}
