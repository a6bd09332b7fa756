import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { requireStaff } from '../auth/index.js';
import { signResultDocument } from './dossier.signing.js';

export async function dossierSigningRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/dossiers/:id/documents/:documentId/sign',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['dossiers'],
        summary:
          'Sign an electronic result (PDF) through the signing adapter (leaders of the dossier’s unit)',
        description:
          'The default adapter is a local test signer (RSA-SHA256, not legally valid); the record says so in `legallyValid`.',
        params: Type.Object({
          id: Type.Integer({ minimum: 1 }),
          documentId: Type.Integer({ minimum: 1 }),
        }),
        response: {
          200: Type.Object({
            documentId: Type.Integer(),
            sha256: Type.String(),
            size: Type.Number(),
            signature: Type.Object({
              provider: Type.String(),
              algorithm: Type.String(),
              certificateSubject: Type.String(),
              certificateFingerprint: Type.String(),
              signedAt: Type.String(),
              digest: Type.String(),
              legallyValid: Type.Boolean(),
            }),
          }),
        },
      },
    },
    async (request) =>
      signResultDocument(ctx, {
        actor: request.actor!,
        id: request.params.id,
        documentId: request.params.documentId,
        requestId: String(request.id),
      }),
  );
}
