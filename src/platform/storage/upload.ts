import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import { fileExtension, sanitiseFileName } from './filename.js';
import {
  ALL_FILE_TYPES,
  FILE_TYPES,
  type FileType,
  SNIFF_HEAD_BYTES,
  sniffHead,
  sniffZipDirectory,
  typeOfMime,
} from './sniff.js';
import type { FileStorage, PutBody } from './storage.js';

export interface UploadLimits {
  /** Largest accepted file in bytes (default 20 MiB). */
  maxBytes: number;
  /** Most files in one request (multipart helper). */
  maxFiles: number;
  /** The content types accepted (default: all of the allow-list). */
  allowedTypes: readonly FileType[];
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxFiles: 20,
  allowedTypes: ALL_FILE_TYPES,
};

/** Limits from MOTCUA_UPLOAD_MAX_BYTES and MOTCUA_UPLOAD_MAX_FILES, else the defaults. */
export function uploadLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): UploadLimits {
  const positive = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    ...DEFAULT_UPLOAD_LIMITS,
    maxBytes: positive(env.MOTCUA_UPLOAD_MAX_BYTES, DEFAULT_UPLOAD_LIMITS.maxBytes),
    maxFiles: positive(env.MOTCUA_UPLOAD_MAX_FILES, DEFAULT_UPLOAD_LIMITS.maxFiles),
  };
}

/** A file that passed the limits and sniffing and is now in storage. */
export interface AcceptedFile {
  /** Storage key (random). */
  key: string;
  size: number;
  sha256: string;
  /** Sanitised display name. */
  name: string;
  /** The media type of the detected content (not the one the client declared). */
  mime: string;
  type: FileType;
  /** The multipart field it came in (set by the multipart helper). */
  field?: string;
}

export interface AcceptUploadInput {
  storage: FileStorage;
  /** The client's file name: sanitised for display, never used as a path. */
  filename: string;
  /** The client's Content-Type for the file, checked against the content. */
  declaredMime?: string;
  stream: Readable | Buffer | PutBody;
  limits?: Partial<UploadLimits>;
}

/**
 * Declared types that say nothing about the content: browsers send octet-stream for unknown
 * files, and a multipart part without a Content-Type reads as text/plain (RFC 7578 §4.4).
 */
const GENERIC_MIMES = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
  'text/plain',
]);
/** Enough of the end of a ZIP to hold an office document's central directory. */
const ZIP_TAIL_BYTES = 256 * 1024;

/**
 * Streams one uploaded file into storage while enforcing the size limit, then decides its type
 * from its bytes: the content must be on the allow-list, and the declared type and the name's
 * extension, when given, must agree with it (an `.exe` renamed `.pdf`, or a PDF sent as
 * `image/png`, is refused). The put is aborted as soon as the limit is passed or the first
 * bytes are unknown, and a stored file that fails a later check is deleted: nothing is left
 * behind on any error.
 *
 * Throws `upload_too_large`, `upload_empty`, `upload_type_rejected` (details.reason says why).
 */
export async function acceptUpload(input: AcceptUploadInput): Promise<AcceptedFile> {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...input.limits };
  const name = sanitiseFileName(input.filename);
  const declared = (input.declaredMime ?? '').split(';')[0]!.trim().toLowerCase();
  const declaredType = GENERIC_MIMES.has(declared) ? undefined : (typeOfMime(declared) ?? 'other');

  let size = 0;
  let head = Buffer.alloc(0);
  let headType: ReturnType<typeof sniffHead> | undefined;
  // The last chunks, at least ZIP_TAIL_BYTES of them, for the ZIP central directory.
  const tailChunks: Buffer[] = [];
  let tailBytes = 0;
  const check = (type: FileType | 'zip' | null) => {
    const problem = mismatch(type, name, declaredType, limits.allowedTypes);
    if (problem)
      throw rejected(problem, {
        name,
        declared: declared || undefined,
        detected: type ?? undefined,
      });
  };
  const inspect = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limits.maxBytes) {
      throw new AppError('upload_too_large', { details: { name, maxBytes: limits.maxBytes } });
    }
    if (headType === undefined) {
      head = Buffer.concat([head, chunk.subarray(0, SNIFF_HEAD_BYTES - head.length)]);
      if (head.length >= SNIFF_HEAD_BYTES) {
        headType = sniffHead(head);
        check(headType);
      }
    }
    tailChunks.push(chunk);
    tailBytes += chunk.length;
    while (tailChunks.length > 1 && tailBytes - tailChunks[0]!.length >= ZIP_TAIL_BYTES) {
      tailBytes -= tailChunks.shift()!.length;
    }
  };

  const stored = await input.storage.put(input.stream as PutBody, { inspect });
  try {
    if (stored.size === 0) throw new AppError('upload_empty', { details: { name } });
    if (headType === undefined) {
      // A file shorter than the sniffing window: decide now, with all of it.
      headType = sniffHead(head);
      check(headType);
    }
    const tail = Buffer.concat(tailChunks, tailBytes);
    let type: FileType | null =
      headType === 'zip' ? sniffZipDirectory(tail, stored.size - tail.length) : headType;
    if (type === null)
      throw rejected('unknown_content', { name, declared: declared || undefined, detected: 'zip' });
    check(type);
    type = type as FileType;
    return {
      key: stored.key,
      size: stored.size,
      sha256: stored.sha256,
      name,
      mime: FILE_TYPES[type].mime,
      type,
    };
  } catch (error) {
    await input.storage.delete(stored.key);
    throw error;
  }
}

type Reason =
  | 'unknown_content'
  | 'type_not_allowed'
  | 'extension_mismatch'
  | 'declared_type_mismatch';

function mismatch(
  type: FileType | 'zip' | null,
  name: string,
  declaredType: FileType | 'other' | undefined,
  allowed: readonly FileType[],
): Reason | null {
  if (type === null) return 'unknown_content';
  const extension = fileExtension(name);
  if (type === 'zip') {
    // Only an office document may be a ZIP; which one is known at the end.
    const candidates: FileType[] = ['docx', 'xlsx'];
    if (!candidates.some((t) => allowed.includes(t))) return 'type_not_allowed';
    if (extension && !candidates.some((t) => FILE_TYPES[t].extensions.includes(extension)))
      return 'extension_mismatch';
    if (declaredType && !candidates.includes(declaredType as FileType))
      return 'declared_type_mismatch';
    return null;
  }
  if (!allowed.includes(type)) return 'type_not_allowed';
  if (extension && !FILE_TYPES[type].extensions.includes(extension)) return 'extension_mismatch';
  if (declaredType && declaredType !== type) return 'declared_type_mismatch';
  return null;
}

function rejected(reason: Reason, details: Record<string, unknown>): AppError {
  return new AppError('upload_type_rejected', { details: { reason, ...details } });
}
