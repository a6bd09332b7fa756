import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { FileStorage } from './storage.js';
import {
  type AcceptedFile,
  acceptUpload,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
} from './upload.js';

/** Limits on the non-file fields of a multipart request. */
const FIELD_LIMITS = { fields: 100, fieldSize: 100_000, fieldNameSize: 200, headerPairs: 200 };

/**
 * Registers @fastify/multipart on a Fastify scope (once; calling it again is harmless). Modules
 * are registered on one shared `/api` instance, so register it inside your own scope:
 * `await app.register(async (scope) => { await registerMultipart(scope); scope.post(...) })`.
 */
export async function registerMultipart(
  app: FastifyInstance,
  limits: Partial<UploadLimits> = {},
): Promise<void> {
  if (app.hasRequestDecorator('isMultipart')) return;
  const merged = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  await app.register(multipart, {
    // One byte over our own limit, so `acceptUpload` reports the overflow with our error code.
    limits: { ...FIELD_LIMITS, fileSize: merged.maxBytes + 1, files: merged.maxFiles },
    throwFileSizeLimit: true,
  });
}

export interface ReceivedMultipart {
  files: AcceptedFile[];
  /** Text fields (a repeated name gives an array). */
  fields: Record<string, string | string[]>;
}

/**
 * Reads a multipart/form-data request: every file part goes through `acceptUpload` (size
 * limit while streaming, content sniffing, sanitised name) into `storage`; text fields are
 * collected. All or nothing: when any part fails, the files already stored are deleted and the
 * error is thrown. An empty file input (no name, no bytes) is skipped, as browsers send one.
 *
 * Throws `validation_failed` (not multipart), `upload_too_large` (a file, or too many files),
 * `upload_empty`, `upload_type_rejected`.
 */
export async function receiveMultipart(
  request: FastifyRequest,
  storage: FileStorage,
  limits: Partial<UploadLimits> = {},
): Promise<ReceivedMultipart> {
  const merged = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
    throw new AppError('validation_failed', { message: 'multipart/form-data expected' });
  }
  const files: AcceptedFile[] = [];
  const fields: Record<string, string | string[]> = {};
  try {
    const parts = request.parts({
      limits: { ...FIELD_LIMITS, fileSize: merged.maxBytes + 1, files: merged.maxFiles },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.filename === '') {
          part.file.resume();
          continue;
        }
        const accepted = await acceptUpload({
          storage,
          filename: part.filename,
          declaredMime: part.mimetype,
          stream: part.file,
          limits: merged,
        });
        files.push({ ...accepted, field: part.fieldname });
      } else {
        const value = typeof part.value === 'string' ? part.value : String(part.value ?? '');
        const previous = fields[part.fieldname];
        fields[part.fieldname] =
          previous === undefined
            ? value
            : [...(Array.isArray(previous) ? previous : [previous]), value];
      }
    }
  } catch (error) {
    await Promise.all(files.map((f) => storage.delete(f.key).catch(() => {})));
    throw translateMultipartError(error, merged);
  }
  return { files, fields };
}

/** `receiveMultipart` for routes that take files only. */
export async function receiveUploads(
  request: FastifyRequest,
  storage: FileStorage,
  limits: Partial<UploadLimits> = {},
): Promise<AcceptedFile[]> {
  return (await receiveMultipart(request, storage, limits)).files;
}

function translateMultipartError(error: unknown, limits: UploadLimits): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') {
    return new AppError('upload_too_large', {
      message: 'too many files',
      details: { reason: 'too_many_files', maxFiles: limits.maxFiles },
    });
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('upload_too_large', { details: { maxBytes: limits.maxBytes } });
  }
  if (
    code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ||
    code === 'FST_PARTS_LIMIT' ||
    code === 'FST_FIELDS_LIMIT'
  ) {
    return new AppError('validation_failed', {
      message: (error as Error).message,
      details: { multipart: code },
    });
  }
  return error;
}

/**
 * `Content-Disposition` with an ASCII fallback name and the UTF-8 name in `filename*`
 * (RFC 6266 / RFC 5987), so "Giấy tiếp nhận.pdf" keeps its diacritics in every browser.
 */
export function contentDisposition(
  name: string,
  kind: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a stored file as a download: its recorded type, `Content-Disposition: attachment`,
 * `X-Content-Type-Options: nosniff` and a sandboxing CSP, so a file can never run as a page of
 * this site. Who may download what is the caller's decision, made before calling this.
 */
export function sendStoredFile(
  reply: FastifyReply,
  stream: Readable,
  file: { name: string; mime: string; size?: number },
  options: { disposition?: 'attachment' | 'inline' } = {},
): FastifyReply {
  reply
    .header('content-type', file.mime)
    .header(
      'content-disposition',
      contentDisposition(file.name, options.disposition ?? 'attachment'),
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store');
  if (file.size !== undefined) reply.header('content-length', String(file.size));
  return reply.send(stream);
}
