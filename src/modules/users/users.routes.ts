import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import {
  getOutboxMessage,
  listOutbox,
  outboxTopics,
  retryOutboxMessage,
} from '../../platform/outbox/index.js';
import { requireRoles } from '../auth/index.js';
import { vnTime } from './users.presenter.js';
import {
  CreatedUserSchema,
  CreateUserBody,
  GrantBody,
  GrantParams,
  OutboxListSchema,
  OutboxMessageSchema,
  OutboxQuery,
  OutboxTopicsSchema,
  UserListQuery,
  UserListSchema,
  UserParams,
  UserSchema,
} from './users.schemas.js';
import {
  createStaffUser,
  disableUser,
  enableUser,
  getUser,
  grantRole,
  listUsers,
  revokeRole,
} from './users.service.js';

const admin = requireRoles('administrator');
const tags = ['admin'];

/** Administration of accounts and role grants, and the outbox view, for administrators. */
export async function usersRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // Outside production the payload is shown in full, so one-time codes can be read in development.
  const presentMessage = (m: Awaited<ReturnType<typeof getOutboxMessage>>) => {
    const payload = (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload) as Record<
      string,
      unknown
    >;
    return {
      id: m.id,
      topic: m.topic,
      status: m.status,
      attempts: m.attempts,
      dedupeKey: m.dedupe_key,
      payload: ctx.config.env === 'production' && payload?.sensitive ? { hidden: true } : payload,
      nextAttemptAt: vnTime(m.next_attempt_at),
      lastError: m.last_error,
      createdAt: vnTime(m.created_at),
      sentAt: vnTime(m.sent_at),
    };
  };

  r.get(
    '/admin/users',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Users with roles inside the administrator’s units',
        querystring: UserListQuery,
        response: { 200: UserListSchema },
      },
    },
    async (request) =>
      listUsers(ctx, { tenantId: request.tenantId, actor: request.actor!, ...request.query }),
  );

  r.post(
    '/admin/users',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Create a staff or system account with one role over a unit',
        body: CreateUserBody,
        response: { 201: CreatedUserSchema },
      },
    },
    async (request, reply) => {
      const created = await createStaffUser(ctx, {
        tenantId: request.tenantId,
        actor: request.actor,
        requestId: request.id,
        ...request.body,
      });
      const user = await getUser(ctx, {
        tenantId: request.tenantId,
        actor: null,
        userId: created.id,
      });
      return reply.status(201).send({ user, generatedPassword: created.generatedPassword });
    },
  );

  r.get(
    '/admin/users/:id',
    {
      preValidation: admin,
      schema: { tags, summary: 'One user', params: UserParams, response: { 200: UserSchema } },
    },
    async (request) =>
      getUser(ctx, { tenantId: request.tenantId, actor: request.actor, userId: request.params.id }),
  );

  r.post(
    '/admin/users/:id/roles',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Grant a role over a unit and its subtree',
        params: UserParams,
        body: GrantBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      await grantRole(ctx, {
        tenantId: request.tenantId,
        actor: request.actor,
        userId: request.params.id,
        role: request.body.role,
        unitId: request.body.unitId,
        requestId: request.id,
      });
      return getUser(ctx, { tenantId: request.tenantId, actor: null, userId: request.params.id });
    },
  );

  r.delete(
    '/admin/users/:id/roles/:grantId',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Revoke one role grant',
        params: GrantParams,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      await revokeRole(ctx, {
        tenantId: request.tenantId,
        actor: request.actor,
        userId: request.params.id,
        grantId: request.params.grantId,
        requestId: request.id,
      });
      return getUser(ctx, { tenantId: request.tenantId, actor: null, userId: request.params.id });
    },
  );

  r.post(
    '/admin/users/:id/disable',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Disable an account: sessions ended, API tokens revoked',
        params: UserParams,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      await disableUser(ctx, {
        tenantId: request.tenantId,
        actor: request.actor,
        userId: request.params.id,
        requestId: request.id,
      });
      return getUser(ctx, { tenantId: request.tenantId, actor: null, userId: request.params.id });
    },
  );

  r.post(
    '/admin/users/:id/enable',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Let an account sign in again: enable it, or lift a lockout after failed attempts',
        params: UserParams,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      await enableUser(ctx, {
        tenantId: request.tenantId,
        actor: request.actor,
        userId: request.params.id,
        requestId: request.id,
      });
      return getUser(ctx, { tenantId: request.tenantId, actor: null, userId: request.params.id });
    },
  );

  r.get(
    '/admin/outbox',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'Outbox messages (e-mail, SMS, portal sync), newest first',
        description:
          'Outside production the payload is shown in full, so one-time codes can be read in development.',
        querystring: OutboxQuery,
        response: { 200: OutboxListSchema },
      },
    },
    async (request) => {
      const page = await listOutbox(ctx.db, { tenantId: request.tenantId, ...request.query });
      return { ...page, items: page.items.map(presentMessage) };
    },
  );

  r.get(
    '/admin/outbox/topics',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'The topics in the outbox, each with its messages by status',
        response: { 200: OutboxTopicsSchema },
      },
    },
    async (request) => ({ topics: await outboxTopics(ctx.db, { tenantId: request.tenantId }) }),
  );

  r.get(
    '/admin/outbox/:id',
    {
      preValidation: admin,
      schema: {
        tags,
        summary: 'One outbox message',
        params: UserParams,
        response: { 200: OutboxMessageSchema },
      },
    },
    async (request) =>
      presentMessage(
        await getOutboxMessage(ctx.db, { id: request.params.id, tenantId: request.tenantId }),
      ),
  );

  r.post(
    '/admin/outbox/:id/retry',
    {
      preValidation: admin,
      schema: { tags, summary: 'Queue a dead message again (attempts reset)', params: UserParams },
    },
    async (request) => {
      await retryOutboxMessage(ctx.db, {
        id: request.params.id,
        tenantId: request.tenantId,
        now: ctx.now(),
      });
      return { ok: true };
    },
  );
}
