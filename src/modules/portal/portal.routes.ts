import { timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { GENERIC_PLAN_POOL_SIZE } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { enqueue, registerOutboxHandler } from '../../platform/outbox/index.js';
import { requireActor } from '../auth/index.js';
import { applicationRoutes } from './application.routes.js';
import { LookupBatcher } from './lookup.batch.js';
import { LookupCache } from './lookup.cache.js';
import {
  localIso,
  lookupBatchReader,
  lookupDossierJson,
  smsLookupReply,
} from './lookup.service.js';
import { applicantDossiers } from './portal.repository.js';
import { getRating, rateDossier } from './ratings.service.js';
import { statusEventBatchHandler, statusEventHandler } from './status-events.js';

/**
 * Codes per look-up statement at most: 16 codes a statement already answered 3.4× the look-ups
 * a second of one each, 32 only 1.1× more than 16 (docs/BENCHMARKS.md); a larger batch only
 * makes the first look-up of it wait for the last row.
 */
const LOOKUP_BATCH_CODES = 32;

const Label = Type.Object({ vi: Type.String(), en: Type.String(), ascii: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const PublicDossier = Type.Object({
  code: Type.String(),
  status: Type.String(),
  statusLabel: Label,
  applicant: Type.String({ description: 'masked name' }),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  unit: Type.String(),
  channel: Type.Integer(),
  receivedAt: Nullable(Type.String()),
  promisedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  returnedAt: Nullable(Type.String()),
  late: Type.Boolean(),
  extended: Type.Boolean(),
  timeline: Type.Array(Type.Object({ at: Type.String(), status: Type.String(), label: Label })),
});

const Level = Type.Integer({ minimum: 1, maximum: 5 });
const RatingBody = Type.Object(
  {
    access: Level,
    procedure: Level,
    staff: Level,
    result: Level,
    feedback: Type.Optional(Nullable(Level)),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export async function portalRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  registerOutboxHandler('dossier.status', statusEventHandler(ctx), statusEventBatchHandler(ctx));
  await applicationRoutes(fastify, ctx);

  // Off unless configured: the answers' staleness bound is the operator's choice (lookup.cache.ts).
  const lookupCache = new LookupCache(ctx.config.lookupCacheMs);
  const lookupBatcher = new LookupBatcher(lookupBatchReader(ctx), {
    maxBatch: LOOKUP_BATCH_CODES,
    maxRunning: GENERIC_PLAN_POOL_SIZE,
  });

  app.get(
    '/public/dossiers/:code',
    {
      // Tight enough that walking the code space is pointless, loose enough for a family.
      config: {
        rateLimit: {
          max: ctx.config.rateLimits.lookup,
          timeWindow: '1 minute',
        },
      },
      schema: {
        tags: ['portal'],
        summary:
          'Public look-up of a dossier by its code: progress and promised date, no personal data',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: PublicDossier },
      },
    },
    async (request, reply) => {
      // Sent as PostgreSQL wrote it (lookup.query.ts): the schema above documents it and the
      // serialiser is skipped, as Fastify does for a string with a JSON content type (hence
      // the cast: the type provider expects the object).
      const json = await lookupDossierJson({
        ctx,
        tenantId: request.tenantId,
        code: request.params.code,
        cache: lookupCache,
        batcher: lookupBatcher,
      });
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );

  app.post(
    '/public/sms/inbound',
    {
      config: { csrf: false, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: 'Inbound SMS webhook: "TRACUU <code>" is answered with a short status text',
        description:
          'Called by the SMS gateway with header x-sms-gateway-token (SMS_INBOUND_TOKEN). The reply is returned and also queued as an SMS to the sender.',
        body: Type.Object({
          from: Type.String({ pattern: '^\\+?[0-9]{9,15}$' }),
          text: Type.String({ maxLength: 480 }),
          id: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Object({ reply: Type.String() }) },
      },
    },
    async (request) => {
      checkGatewayToken(ctx, request.headers['x-sms-gateway-token']);
      const reply = await smsLookupReply({
        ctx,
        tenantId: request.tenantId,
        text: request.body.text,
      });
      await enqueue(ctx.db, {
        tenantId: request.tenantId,
        topic: 'sms',
        payload: { to: request.body.from, text: reply },
        ...(request.body.id ? { dedupeKey: `sms-reply-${request.body.id}` } : {}),
      });
      return { reply };
    },
  );

  app.get(
    '/portal/dossiers',
    {
      preValidation: requireActor,
      schema: {
        tags: ['portal'],
        summary: 'My dossiers (the signed-in applicant’s own)',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { rows, total } = await applicantDossiers(
        ctx.db,
        request.tenantId,
        request.actor!.userId,
        pageSize,
        (page - 1) * pageSize,
      );
      return {
        total,
        page,
        pageSize,
        items: rows.map((r) => ({
          id: r.id,
          code: r.code,
          status: r.status,
          procedureName: r.procedure_name,
          unitName: r.unit_name,
          channel: r.channel,
          feeAmount: Number(r.fee_amount),
          paidOnline: r.paid_online,
          receivedAt: localIso(r.received_at),
          dueAt: localIso(r.due_at),
          finishedAt: localIso(r.finished_at),
          createdAt: localIso(r.created_at),
          rated: r.rated,
        })),
      };
    },
  );

  app.get(
    '/portal/notifications',
    {
      preValidation: requireActor,
      schema: {
        tags: ['portal'],
        summary: 'Notifications sent to me (SMS, e-mail) about my dossiers',
      },
    },
    async (request) => {
      const rows = await ctx.db
        .selectFrom('notifications')
        .select(['id', 'dossier_id', 'event', 'title', 'body', 'channels', 'created_at', 'read_at'])
        .where('tenant_id', '=', request.tenantId)
        .where('user_id', '=', request.actor!.userId)
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          dossierId: r.dossier_id,
          event: r.event,
          title: r.title,
          body: r.body,
          channels: r.channels,
          createdAt: localIso(r.created_at),
          readAt: localIso(r.read_at),
        })),
      };
    },
  );

  app.get(
    '/portal/dossiers/:id/rating',
    {
      preValidation: requireActor,
      schema: {
        tags: ['portal'],
        summary: 'My rating of a dossier (null if not rated)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request) => ({
      rating: await getRating({ ctx, actor: request.actor!, dossierId: request.params.id }),
    }),
  );

  app.put(
    '/portal/dossiers/:id/rating',
    {
      preValidation: requireActor,
      schema: {
        tags: ['portal'],
        summary: 'Rate a finished dossier on the five SIPAS elements (once; editable for 7 days)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: RatingBody,
      },
    },
    async (request) =>
      rateDossier({
        ctx,
        actor: request.actor!,
        dossierId: request.params.id,
        rating: request.body,
      }),
  );
}

/**
 * The SMS gateway proves itself with a shared token. Without SMS_INBOUND_TOKEN the webhook is
 * open only outside production, so a developer can try it with curl.
 */
function checkGatewayToken(ctx: AppContext, given: unknown): void {
  const expected = process.env.SMS_INBOUND_TOKEN;
  if (!expected) {
    if (ctx.config.env === 'production')
      throw new AppError('forbidden', { message: 'SMS_INBOUND_TOKEN is not configured' });
    return;
  }
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new AppError('unauthenticated', { message: 'bad SMS gateway token' });
}
