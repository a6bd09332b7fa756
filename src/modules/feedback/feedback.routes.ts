import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { requireRoles, requireStaff } from '../auth/index.js';
import {
  ActionBody,
  ActionParams,
  CodeParams,
  ComplainBody,
  Detail,
  IdParams,
  InformationBody,
  ListQuery,
  ListResponse,
  PublicAnswers,
  PublicListQuery,
  PublicSubmitBody,
  RatingBody,
  RatingResponse,
  ReporterGrant,
  ReporterGrantBody,
  StaffSubmitBody,
  StaffTracking,
  Tracking,
  TrackingWithRatings,
} from './feedback.schemas.js';
import {
  complainAgain,
  getFeedback,
  grantReporterAccess,
  listFeedback,
  listPublishedAnswers,
  performFeedbackAction,
  rateReply,
  submitFeedback,
  supplyInformation,
  trackFeedback,
} from './feedback.service.js';

const TAGS = ['feedback'];

/**
 * Feedback (PAKN), complaints and denunciations (DOMAIN §9): the public intake and look-up
 * under /api/public/feedback, staff handling under /api/feedback. docs/feedback.md.
 */
export async function feedbackRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  /** Public routes that write: tight, so the intake cannot be flooded (per client address). */
  const WRITE_LIMIT = {
    rateLimit: { max: ctx.config.rateLimits.feedbackWrite, timeWindow: '1 minute' },
  };
  /** Public look-ups by tracking code: as the dossier look-up, walking the codes is pointless. */
  const LOOKUP_LIMIT = {
    rateLimit: { max: ctx.config.rateLimits.lookup, timeWindow: '1 minute' },
  };
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/public/feedback',
    {
      config: WRITE_LIMIT,
      schema: {
        tags: TAGS,
        summary:
          'Submit feedback, a complaint or a denunciation (portal channel; anonymous allowed)',
        description:
          'Answers the tracking code. Without unitCode the item goes to the province (root unit), whose reform office transfers it. A signed-in citizen is linked to feedback and complaints, never to a denunciation.',
        body: PublicSubmitBody,
        response: { 201: Tracking },
      },
    },
    async (request, reply) => {
      const { unitCode, ...input } = request.body;
      const actor = request.actor?.kind === 'citizen' ? request.actor : null;
      const { id: _id, ...tracking } = await submitFeedback(ctx, {
        tenantId: request.tenantId,
        actor,
        channel: 'portal',
        unitCode: unitCode ?? null,
        input,
        requestId: String(request.id),
      });
      // The code is the holder's key; the internal id is for staff only.
      return reply.code(201).send(tracking);
    },
  );

  app.get(
    '/public/feedback',
    {
      schema: {
        tags: TAGS,
        summary: 'Published answers to feedback (never complaints or denunciations)',
        querystring: PublicListQuery,
        response: { 200: PublicAnswers },
      },
    },
    async (request) =>
      listPublishedAnswers(ctx, {
        tenantId: request.tenantId,
        page: request.query.page,
        pageSize: request.query.pageSize,
        q: request.query.q,
      }),
  );

  app.get(
    '/public/feedback/:code',
    {
      config: LOOKUP_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'Follow an item by its tracking code: state, deadlines, reply; no personal data',
        params: CodeParams,
        response: { 200: TrackingWithRatings },
      },
    },
    async (request) =>
      trackFeedback(ctx, { tenantId: request.tenantId, code: request.params.code }),
  );

  app.post(
    '/public/feedback/:code/rating',
    {
      config: LOOKUP_LIMIT,
      schema: {
        tags: TAGS,
        summary:
          'The applicant likes or dislikes the reply (by tracking code; replaces a previous rating)',
        params: CodeParams,
        body: RatingBody,
        response: { 200: RatingResponse },
      },
    },
    async (request) =>
      rateReply(ctx, {
        tenantId: request.tenantId,
        code: request.params.code,
        value: request.body.value,
        requestId: String(request.id),
      }),
  );

  app.post(
    '/public/feedback/:code/information',
    {
      config: WRITE_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'The code holder answers a request for more information (supply_info)',
        description:
          'Only while the item awaits information (else 409 transition_not_allowed); the answer clock restarts, pushed by the working time spent waiting, as when staff record it.',
        params: CodeParams,
        body: InformationBody,
        response: { 200: TrackingWithRatings },
      },
    },
    async (request) =>
      supplyInformation(ctx, {
        tenantId: request.tenantId,
        code: request.params.code,
        content: request.body.content,
        requestId: String(request.id),
      }),
  );

  app.post(
    '/public/feedback/:code/complaints',
    {
      config: WRITE_LIMIT,
      schema: {
        tags: TAGS,
        summary:
          'Complain again about the reply: opens a follow-up item with its own tracking code',
        params: CodeParams,
        body: ComplainBody,
        response: { 201: Tracking },
      },
    },
    async (request, reply) => {
      const result = await complainAgain(ctx, {
        tenantId: request.tenantId,
        code: request.params.code,
        content: request.body.content,
        requestId: String(request.id),
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/feedback',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'Feedback in my units (their subtrees), newest first, with an overdue flag',
        description:
          "A denunciation's reporter shows only with the feedback.reporter.read permission (reporterProtected otherwise).",
        querystring: ListQuery,
        response: { 200: ListResponse },
      },
    },
    async (request) => {
      const { unit, ...rest } = request.query;
      return listFeedback(ctx, {
        actor: request.actor!,
        filters: { ...rest, unitCode: unit },
      });
    },
  );

  app.post(
    '/feedback',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'Take in an item received by hotline, e-mail, social media or in person',
        body: StaffSubmitBody,
        response: { 201: StaffTracking },
      },
    },
    async (request, reply) => {
      const { channel, unitId, ...input } = request.body;
      const result = await submitFeedback(ctx, {
        tenantId: request.tenantId,
        actor: request.actor!,
        channel,
        unitId,
        input,
        requestId: String(request.id),
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/feedback/reporter-access',
    {
      preValidation: requireRoles('administrator'),
      schema: {
        tags: TAGS,
        summary:
          "Grant a staff member feedback.reporter.read (a denunciation's reporter) over a unit subtree",
        body: ReporterGrantBody,
        response: { 200: ReporterGrant },
      },
    },
    async (request) =>
      grantReporterAccess(ctx, {
        actor: request.actor!,
        userId: request.body.userId,
        unitId: request.body.unitId,
        requestId: String(request.id),
      }),
  );

  app.get(
    '/feedback/:id',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'One item with its history and the actions I may take',
        params: IdParams,
        response: { 200: Detail },
      },
    },
    async (request) =>
      getFeedback(ctx, {
        actor: request.actor!,
        id: request.params.id,
        requestId: String(request.id),
      }),
  );

  app.post(
    '/feedback/:id/actions/:action',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary:
          'Perform a transition: start, request_info, supply_info, transfer, reject, answer, publish',
        description:
          'A stale version answers 409 version_conflict; an action the state does not allow 409 transition_not_allowed; reject and answer need a reply, transfer a toUnitId.',
        params: ActionParams,
        body: ActionBody,
        response: { 200: Detail },
      },
    },
    async (request) => {
      const { version, note, reply, toUnitId } = request.body;
      return performFeedbackAction(ctx, {
        actor: request.actor!,
        id: request.params.id,
        action: request.params.action,
        input: { version, note, reply, toUnitId },
        requestId: String(request.id),
      });
    },
  );
}
