import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { STATES } from '../../domain/workflow/index.js';
import type { AppContext } from '../../platform/context.js';
import { fileStorageFor, sendStoredFile } from '../../platform/storage/index.js';
import { requireActor, requireStaff } from '../auth/index.js';
import { attachDocuments, findDocument } from './dossier.documents.js';
import {
  dossierRegister,
  getDossierPage,
  listQueue,
  processControlSlip,
  QUEUES,
  searchDossiers,
  statusLabel,
  workflowTable,
} from './dossier.queries.js';
import {
  ActionBody,
  ActionParams,
  AttachBody,
  AttachResponse,
  BulkBody,
  BulkParams,
  BulkResponse,
  DocumentParams,
  IdempotencyHeaders,
  IdParams,
  ListQuery,
  ListResponse,
  PageResponse,
  QueueParams,
  ReceiveBody,
  ReceiveResponse,
  RegisterQuery,
  RegisterResponse,
  SearchQuery,
  SlipResponse,
  TransitionResponse,
  WorkflowResponse,
} from './dossier.schemas.js';
import { bulkAction, performAction, receiveDossier } from './dossier.service.js';

const TAGS = ['dossiers'];

/**
 * The dossier API for the back-office screens (DOMAIN §4): reception at the counter, workflow
 * actions, work queues, search, the dossier page, bulk hand-over, documents, the process-control
 * slip (Form 06) and the register (Form 07). Each route: schema → authenticate → use case
 * (which authorises against the dossier's units) → presenter.
 */
export async function dossierRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/dossiers/workflow',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'The workflow table: states, actions, roles, forms, queues',
        response: { 200: WorkflowResponse },
      },
    },
    async () => ({
      states: STATES.filter((s) => s !== 'new').map((s) => ({ state: s, ...statusLabel(s) })),
      actions: workflowTable(),
      queues: [...QUEUES],
    }),
  );

  r.post(
    '/dossiers',
    {
      // An API token's actor may come from memory: the statement taking the code checks it.
      config: { actorCheckedByWrite: true },
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary:
          'Receive a dossier at the counter (complete → Form 01, incomplete → Form 02, refused → Form 03)',
        description:
          'Send an Idempotency-Key header: a retried request returns the first dossier and never creates a second one.',
        headers: IdempotencyHeaders,
        body: ReceiveBody,
        response: { 201: ReceiveResponse, 200: ReceiveResponse },
      },
    },
    async (request, reply) => {
      const result = await receiveDossier(ctx, {
        actor: request.actor!,
        input: request.body,
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        requestId: String(request.id),
      });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );

  r.post(
    '/dossiers/:id/actions/:action',
    {
      // An API token's actor may come from memory: performAction's write checks it (issue 7).
      config: { actorCheckedByWrite: true },
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary:
          'Perform a workflow action on a dossier (checked against the table, the grants and the version)',
        description:
          'A stale `version` answers 409 version_conflict; a refused guard answers 422 rule_violation with details.rule.',
        params: ActionParams,
        body: ActionBody,
        response: { 200: TransitionResponse },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return performAction(ctx, {
        actor: request.actor!,
        dossierId: request.params.id,
        action: request.params.action,
        version,
        input,
        requestId: String(request.id),
      });
    },
  );

  r.post(
    '/dossiers/bulk/:action',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'Bulk hand-over: one action on many dossiers, answered per dossier',
        params: BulkParams,
        body: BulkBody,
        response: { 200: BulkResponse },
      },
    },
    async (request) => {
      const { items, ...input } = request.body;
      return bulkAction(ctx, {
        actor: request.actor!,
        action: request.params.action,
        items,
        input,
        requestId: String(request.id),
      });
    },
  );

  r.get(
    '/dossiers/queues/:queue',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: "A work queue of the officer's units",
        params: QueueParams,
        querystring: ListQuery,
        response: { 200: ListResponse },
      },
    },
    async (request) =>
      listQueue(ctx, { actor: request.actor!, queue: request.params.queue, ...request.query }),
  );

  r.get(
    '/dossiers',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'Search dossiers by code, applicant, procedure, status and reception dates',
        querystring: SearchQuery,
        response: { 200: ListResponse },
      },
    },
    async (request) => searchDossiers(ctx, { actor: request.actor!, ...request.query }),
  );

  r.get(
    '/dossiers/register',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'The dossier register (Form 07) of a unit for a reception date range',
        querystring: RegisterQuery,
        response: { 200: RegisterResponse },
      },
    },
    async (request) => ({
      ...request.query,
      rows: await dossierRegister(ctx, { actor: request.actor!, ...request.query }),
    }),
  );

  r.get(
    '/dossiers/:id',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary:
          'The dossier page: dossier, clock, timeline, documents, allowed actions, sync state',
        params: IdParams,
        response: { 200: PageResponse },
      },
    },
    async (request) => getDossierPage(ctx, { actor: request.actor!, id: request.params.id }),
  );

  r.get(
    '/dossiers/:id/process-slip',
    {
      preValidation: requireStaff,
      schema: {
        tags: TAGS,
        summary: 'The process-control slip (Form 06) from the history',
        params: IdParams,
        response: { 200: SlipResponse },
      },
    },
    async (request) => processControlSlip(ctx, { actor: request.actor!, id: request.params.id }),
  );

  r.post(
    '/dossiers/:id/documents',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary: 'Attach uploaded files (POST /api/files) as components, supplements or results',
        params: IdParams,
        body: AttachBody,
        response: { 201: AttachResponse },
      },
    },
    async (request, reply) => {
      const documents = await attachDocuments(ctx, {
        actor: request.actor!,
        id: request.params.id,
        input: request.body,
        requestId: String(request.id),
      });
      return reply.status(201).send({ documents });
    },
  );

  r.get(
    '/dossiers/:id/documents/:documentId',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary: 'Download a document of a dossier the caller may read',
        params: DocumentParams,
      },
    },
    async (request, reply) => {
      const doc = await findDocument(ctx, {
        actor: request.actor!,
        id: request.params.id,
        documentId: request.params.documentId,
      });
      const stream = await fileStorageFor(ctx.config).get(doc.storage_key);
      return sendStoredFile(reply, stream, { name: doc.name, mime: doc.mime, size: doc.size });
    },
  );
}
