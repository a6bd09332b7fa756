import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { sendStoredFile } from '../../platform/storage/index.js';
import { requireActor } from '../auth/index.js';
import { type DossierForm, renderDossierForm } from '../dossiers/index.js';
import {
  answerSupplement,
  applicantMayDownloadForm,
  applicationForm,
  citizenDossier,
  createApplication,
  submitApplication,
  updateApplication,
  withdrawApplication,
} from './application.service.js';

const TAGS = ['portal'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Applicant = Type.Object(
  {
    kind: Type.Union([Type.Literal('individual'), Type.Literal('organisation')]),
    name: Type.String({ maxLength: 300 }),
    idNumber: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    taxCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
const ComponentFiles = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20 }),
    fileIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
const Delivery = Type.Object(
  {
    method: Type.Union([Type.Literal('counter'), Type.Literal('post'), Type.Literal('electronic')]),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
const applicationFields = {
  receivingUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  applicant: Applicant,
  delivery: Delivery,
  components: Type.Optional(Type.Array(ComponentFiles, { maxItems: 100 })),
};
const Created = Type.Object({ id: Type.Integer(), version: Type.Integer(), status: Type.String() });
const Transition = Type.Object({
  id: Type.Integer(),
  code: Nullable(Type.String()),
  status: Type.String(),
  version: Type.Integer(),
  seq: Type.Integer(),
  forms: Type.Array(Type.String()),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/**
 * The applicant's side of an online dossier (DOMAIN §4, channel 2): the application form's
 * data, drafts, submission, answering a supplement request, withdrawal, the applicant's view of
 * their dossier and the forms addressed to them. Every route needs a signed-in user and acts
 * only on that user's own dossiers (`not_found` for anyone else's).
 */
export async function applicationRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/portal/procedures/:code/application-form',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary:
          'What the online application form needs: components, receiving units, delivery choices, prefilled details',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 50 }) }),
      },
    },
    async (request) =>
      applicationForm({ ctx, actor: request.actor!, procedureCode: request.params.code }),
  );

  app.post(
    '/portal/applications',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary: 'Start an online application as a draft (files uploaded ahead by POST /api/files)',
        body: Type.Object(
          { procedureCode: Type.String({ minLength: 1, maxLength: 50 }), ...applicationFields },
          { additionalProperties: false },
        ),
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const { procedureCode, ...input } = request.body;
      const created = await createApplication({
        ctx,
        actor: request.actor!,
        procedureCode,
        input,
        requestId: String(request.id),
      });
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/portal/applications/:id',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary: 'Save a draft: details, receiving unit, delivery, files added or removed',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            ...applicationFields,
            removeDocumentIds: Type.Optional(
              Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Created },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return updateApplication({
        ctx,
        actor: request.actor!,
        dossierId: request.params.id,
        version,
        input,
        requestId: String(request.id),
      });
    },
  );

  app.post(
    '/portal/applications/:id/submit',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary: 'Submit a complete draft online (→ submitted, awaiting reception)',
        description:
          'An incomplete draft answers 400 validation_failed with details.issues (paths /applicant/…, /components/<code>, /delivery/…).',
        params: IdParams,
        body: VersionBody,
        response: { 200: Transition },
      },
    },
    async (request) =>
      submitApplication({
        ctx,
        actor: request.actor!,
        dossierId: request.params.id,
        version: request.body.version,
        requestId: String(request.id),
      }),
  );

  app.post(
    '/portal/dossiers/:id/supplement',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary:
          'Answer a request to supplement: attach the missing papers and send the dossier back',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            components: Type.Array(ComponentFiles, { minItems: 1, maxItems: 100 }),
            note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: Transition },
      },
    },
    async (request) =>
      answerSupplement({
        ctx,
        actor: request.actor!,
        dossierId: request.params.id,
        version: request.body.version,
        components: request.body.components,
        note: request.body.note ?? null,
        requestId: String(request.id),
      }),
  );

  app.post(
    '/portal/dossiers/:id/withdraw',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary: 'Withdraw my dossier (a written reason is required)',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Transition },
      },
    },
    async (request) =>
      withdrawApplication({
        ctx,
        actor: request.actor!,
        dossierId: request.params.id,
        version: request.body.version,
        reason: request.body.reason,
        requestId: String(request.id),
      }),
  );

  app.get(
    '/portal/dossiers/:id',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary:
          'My dossier: status, promised date, timeline, documents, supplement request, payments, notifications, forms',
        params: IdParams,
      },
    },
    async (request) => citizenDossier({ ctx, actor: request.actor!, dossierId: request.params.id }),
  );

  app.get(
    '/portal/dossiers/:id/forms/:form',
    {
      preValidation: requireActor,
      schema: {
        tags: TAGS,
        summary:
          'A form addressed to me (01 receipt, 02 supplement, 03 refusal, 04 apology, 05 stop) as PDF',
        params: Type.Object({
          id: Type.Integer({ minimum: 1 }),
          form: Type.Union(['01', '02', '03', '04', '05'].map((f) => Type.Literal(f))),
        }),
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const { id, form } = request.params;
      if (!(await applicantMayDownloadForm({ ctx, actor, dossierId: id, form })))
        throw new AppError('not_found');
      const { pdf, name } = await renderDossierForm(ctx, {
        actor,
        id,
        form: form as DossierForm,
        lookupUrl: `${ctx.config.publicUrl}/tra-cuu`,
      });
      return sendStoredFile(
        reply,
        Readable.from(pdf),
        { name, mime: 'application/pdf', size: pdf.length },
        { disposition: 'inline' },
      );
    },
  );
}
