import path from 'node:path';
import type { Config } from '../config.js';
import { LocalFileStorage } from './local-storage.js';
import { S3FileStorage } from './s3-storage.js';
import type { FileStorage } from './storage.js';

export { fileExtension, MAX_FILE_NAME_LENGTH, sanitiseFileName } from './filename.js';
export { LocalFileStorage } from './local-storage.js';
export {
  contentDisposition,
  type ReceivedMultipart,
  receiveMultipart,
  receiveUploads,
  registerMultipart,
  sendStoredFile,
} from './multipart.js';
export { S3FileStorage, type S3Options } from './s3-storage.js';
export { signV4 } from './sigv4.js';
export {
  ALL_FILE_TYPES,
  FILE_TYPES,
  type FileType,
  sniffHead,
  sniffZipDirectory,
} from './sniff.js';
export type { FileStorage, PutBody, PutMeta, StoredObject } from './storage.js';
export {
  type AcceptedFile,
  type AcceptUploadInput,
  acceptUpload,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
  uploadLimitsFromEnv,
} from './upload.js';

/**
 * The configured file store: S3-compatible when S3_BUCKET is set (with S3_ENDPOINT,
 * S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, optional S3_PREFIX, S3_SESSION_TOKEN and
 * S3_PATH_STYLE=0 for virtual-hosted URLs), else the local directory `config.storageDir`.
 * Throws when S3 is half configured, so a deployment never silently writes to local disk.
 */
export function createFileStorage(
  config: Pick<Config, 'storageDir'>,
  env: NodeJS.ProcessEnv = process.env,
): FileStorage {
  if (env.S3_BUCKET) {
    const missing = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter(
      (name) => !env[name],
    );
    if (missing.length > 0) throw new Error(`S3 storage needs ${missing.join(', ')}`);
    return new S3FileStorage({
      endpoint: env.S3_ENDPOINT!,
      bucket: env.S3_BUCKET,
      region: env.S3_REGION || 'us-east-1',
      prefix: env.S3_PREFIX || '',
      pathStyle: env.S3_PATH_STYLE !== '0',
      credentials: {
        accessKeyId: env.S3_ACCESS_KEY_ID!,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
        ...(env.S3_SESSION_TOKEN ? { sessionToken: env.S3_SESSION_TOKEN } : {}),
      },
    });
  }
  return new LocalFileStorage(path.resolve(config.storageDir));
}

const cache = new WeakMap<object, FileStorage>();

/** One storage instance per configuration object (what route modules call). */
export function fileStorageFor(config: Config): FileStorage {
  let storage = cache.get(config);
  if (!storage) {
    storage = createFileStorage(config);
    cache.set(config, storage);
  }
  return storage;
}
