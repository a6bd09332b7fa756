import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  fileStorageFor,
  receiveUploads,
  registerMultipart,
  sendStoredFile,
  uploadLimitsFromEnv,
} from '../../platform/storage/index.js';
import { requireActor } from '../auth/index.js';
import { presentStoredFile } from './files.presenter.js';
import { FileIdParams, UploadResultSchema } from './files.schemas.js';
import { deleteOwnUpload, openStoredFile, saveUploads } from './files.service.js';

/**
 * Uploads ahead of use: a signed-in citizen or officer posts files (multipart, field names
 * free) and gets ids that a later request attaches (a dossier's components). The uploader can
 * download or delete their own file until something claims it; claimed files are served by
 * the owning module, which decides who may see them.
 */
export async function filesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const limits = uploadLimitsFromEnv();
  // Resolved at start: a half-configured S3 store stops the server here, not at the first upload.
  const storage = fileStorageFor(ctx.config);
  await app.register(async (scope) => {
    await registerMultipart(scope, limits);
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();

    r.post(
      '/files',
      {
        preValidation: requireActor,
        schema: {
          tags: ['files'],
          summary: 'Upload files (multipart/form-data) to attach later; returns their ids',
          description: `Each file at most ${limits.maxBytes} bytes, at most ${limits.maxFiles} files; PDF, JPEG, PNG, DOCX, XLSX or XML, decided from the content.`,
          consumes: ['multipart/form-data'],
          response: { 201: UploadResultSchema },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        const accepted = await receiveUploads(request, storage, limits);
        if (accepted.length === 0)
          throw new AppError('validation_failed', { message: 'no file in the request' });
        const rows = await saveUploads({
          db: ctx.db,
          storage,
          tenantId: actor.tenantId,
          uploadedBy: actor.userId,
          files: accepted,
        });
        return reply
          .status(201)
          .send({ files: rows.map((row, i) => presentStoredFile(row, accepted[i]!.field)) });
      },
    );

    r.get(
      '/files/:id',
      {
        preValidation: requireActor,
        schema: {
          tags: ['files'],
          summary: 'Download one of your own uploads not yet attached',
          params: FileIdParams,
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        const { file, stream } = await openOwn(request.params.id);
        return sendStoredFile(reply, stream, {
          name: file.name,
          mime: file.mime,
          size: Number(file.size),
        });

        async function openOwn(id: number) {
          const opened = await openStoredFile({
            db: ctx.db,
            storage,
            tenantId: actor.tenantId,
            id,
          });
          if (opened.file.uploaded_by !== actor.userId || opened.file.claimed_at !== null) {
            opened.stream.destroy();
            throw new AppError('not_found');
          }
          return opened;
        }
      },
    );

    r.delete(
      '/files/:id',
      {
        preValidation: requireActor,
        schema: {
          tags: ['files'],
          summary: 'Delete one of your own uploads not yet attached',
          params: FileIdParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        await deleteOwnUpload({
          db: ctx.db,
          storage,
          tenantId: actor.tenantId,
          userId: actor.userId,
          id: request.params.id,
        });
        return reply.status(204).send(null);
      },
    );
  });
}
