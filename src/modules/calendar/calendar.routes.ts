import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { requireRoles } from '../auth/index.js';
import { storeShippedCalendarYearsForAllTenants } from './calendar.repository.js';
import {
  CalendarYearTableSchema,
  CalendarYearViewSchema,
  DueQuery,
  DueSchema,
  ImportYearBody,
  SaveYearBody,
  YearParams,
} from './calendar.schemas.js';
import {
  computeTenantDue,
  confirmCalendarYear,
  exportCalendarYear,
  getCalendarYear,
  importCalendarYear,
  saveCalendarYear,
} from './calendar.service.js';

/**
 * The tenant's working calendar: read a year (anyone: holiday tables and due dates are public),
 * edit, import and confirm (administrator or reform office over the whole tenant; confirming is
 * for administrators), export, and the due-date calculator the CLI also offers.
 */
export async function calendarRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Every tenant's stored table is the truth: backfill the shipped official years on start.
  app.addHook('onReady', async () => {
    try {
      const added = await storeShippedCalendarYearsForAllTenants(ctx.db, ctx.now());
      if (added > 0) app.log.info({ added }, 'stored the shipped official calendar years');
    } catch (error) {
      app.log.warn({ err: error }, 'could not store the shipped calendar years');
    }
  });
  const acting = (request: FastifyRequest) => ({
    db: ctx.db,
    tenantId: request.tenantId,
    actor: request.actor,
    now: ctx.now,
    requestId: request.id,
  });

  r.get(
    '/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary:
          "The tenant's calendar for a year: stored, else the shipped official or provisional table",
        params: YearParams,
        response: { 200: CalendarYearViewSchema },
      },
    },
    async (request) =>
      getCalendarYear({ db: ctx.db, tenantId: request.tenantId, year: request.params.year }),
  );

  r.put(
    '/calendar/years/:year',
    {
      preValidation: requireRoles('administrator', 'reform_office'),
      schema: {
        tags: ['calendar'],
        summary: 'Save days off, extra working days, working hours, weekend and zone of a year',
        description:
          'Validated field by field (`calendar_invalid` names the field). A provisional year stays provisional until confirmed; an edited official year becomes confirmed.',
        params: YearParams,
        body: SaveYearBody,
        response: { 200: CalendarYearViewSchema },
      },
    },
    async (request) => {
      const { source, timezone, ...rest } = request.body;
      return saveCalendarYear({
        ...acting(request),
        year: request.params.year,
        input: {
          ...rest,
          ...(source !== undefined ? { source } : {}),
          ...(timezone !== undefined ? { timezone } : {}),
        },
      });
    },
  );

  r.post(
    '/calendar/years/:year/confirm',
    {
      preValidation: requireRoles('administrator'),
      schema: {
        tags: ['calendar'],
        summary: 'Confirm a provisional year (administrator)',
        params: YearParams,
        response: { 200: CalendarYearViewSchema },
      },
    },
    async (request) => confirmCalendarYear({ ...acting(request), year: request.params.year }),
  );

  r.get(
    '/calendar/years/:year/export',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The year table as the calendar JSON file (docs/calendar.md)',
        params: YearParams,
        response: { 200: CalendarYearTableSchema },
      },
    },
    async (request, reply) => {
      const table = await exportCalendarYear({
        db: ctx.db,
        tenantId: request.tenantId,
        year: request.params.year,
      });
      reply.header('content-disposition', `attachment; filename="calendar-${table.year}.json"`);
      return table;
    },
  );

  r.post(
    '/calendar/years/:year/import',
    {
      preValidation: requireRoles('administrator', 'reform_office'),
      schema: {
        tags: ['calendar'],
        summary: 'Replace a year with a calendar JSON file (as exported)',
        params: YearParams,
        body: ImportYearBody,
        response: { 200: CalendarYearViewSchema },
      },
    },
    async (request) =>
      importCalendarYear({ ...acting(request), year: request.params.year, json: request.body }),
  );

  r.get(
    '/calendar/due',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Due date of a limit in working days or hours (same as `motcua calendar due`)',
        querystring: DueQuery,
        response: { 200: DueSchema },
      },
    },
    async (request) =>
      computeTenantDue({
        db: ctx.db,
        tenantId: request.tenantId,
        from: request.query.from,
        ...(request.query.days !== undefined ? { days: request.query.days } : {}),
        ...(request.query.hours !== undefined ? { hours: request.query.hours } : {}),
      }),
  );
}
