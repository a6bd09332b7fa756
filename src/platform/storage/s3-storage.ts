import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../errors.js';
import { toReadable } from './local-storage.js';
import { type SigV4Credentials, sha256Hex, signV4, uriEncode } from './sigv4.js';
import {
  type FileStorage,
  isStorageKey,
  type PutBody,
  type PutMeta,
  type StoredObject,
} from './storage.js';

export interface S3Options {
  /** e.g. https://s3.ap-southeast-1.amazonaws.com or http://127.0.0.1:9000 (MinIO). */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: SigV4Credentials;
  /** Object name prefix inside the bucket, e.g. `motcua/`. */
  prefix?: string;
  /** Path-style URLs (`endpoint/bucket/key`, default) or virtual-hosted (`bucket.endpoint/key`). */
  pathStyle?: boolean;
  /** For tests: a fetch and a clock. */
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * An S3-compatible object store, spoken to with plain `fetch` and Signature V4 (no SDK). A put
 * reads the body into memory first: S3 needs the length and the payload hash before the first
 * byte, and the upload pipeline has already capped the size (20 MB by default).
 */
export class S3FileStorage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly options: S3Options;
  private readonly fetch: typeof fetch;

  constructor(options: S3Options) {
    this.options = { ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
    this.fetch = options.fetch ?? fetch;
  }

  async put(body: PutBody, meta: PutMeta = {}): Promise<StoredObject> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of toReadable(body)) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      meta.inspect?.(buffer);
      chunks.push(buffer);
      size += buffer.length;
    }
    const data = Buffer.concat(chunks, size);
    const sha256 = sha256Hex(data);
    const key = randomBytes(16).toString('hex');
    const response = await this.send('PUT', key, {
      body: data,
      payloadHash: sha256,
      headers: {
        'content-type': meta.mime ?? 'application/octet-stream',
        'content-length': String(size),
      },
    });
    if (!response.ok) throw await this.failure('put', response);
    return { key, size, sha256 };
  }

  async get(key: string): Promise<Readable> {
    if (!isStorageKey(key)) throw new AppError('not_found');
    const response = await this.send('GET', key);
    if (response.status === 404) throw new AppError('not_found');
    if (!response.ok || !response.body) throw await this.failure('get', response);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    if (!isStorageKey(key)) return;
    const response = await this.send('DELETE', key);
    if (!response.ok && response.status !== 404) throw await this.failure('delete', response);
  }

  async exists(key: string): Promise<boolean> {
    if (!isStorageKey(key)) return false;
    const response = await this.send('HEAD', key);
    if (response.status === 404) return false;
    if (!response.ok) throw await this.failure('head', response);
    return true;
  }

  /** The URL of an object (exported for tests and operators' logs; never shown to users). */
  objectUrl(key: string): URL {
    const { endpoint, bucket, prefix = '', pathStyle = true } = this.options;
    const objectPath = `${prefix}${key}`.split('/').map(uriEncode).join('/');
    if (pathStyle) return new URL(`${endpoint}/${uriEncode(bucket)}/${objectPath}`);
    const base = new URL(endpoint);
    base.hostname = `${bucket}.${base.hostname}`;
    return new URL(`/${objectPath}`, base);
  }

  private async send(
    method: string,
    key: string,
    extra: { body?: Buffer; payloadHash?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = this.objectUrl(key);
    const payloadHash = extra.payloadHash ?? sha256Hex('');
    const signed = signV4({
      method,
      url,
      headers: { ...extra.headers, 'x-amz-content-sha256': payloadHash },
      payloadHash,
      region: this.options.region,
      service: 's3',
      credentials: this.options.credentials,
      date: (this.options.now ?? (() => new Date()))(),
    });
    // fetch sets Host itself from the URL; sending it explicitly is refused by undici.
    const { host: _host, ...headers } = signed.headers;
    try {
      return await this.fetch(url, {
        method,
        headers,
        body: extra.body
          ? new Uint8Array(
              extra.body.buffer as ArrayBuffer,
              extra.body.byteOffset,
              extra.body.byteLength,
            )
          : undefined,
      });
    } catch (error) {
      throw new AppError('storage_unavailable', {
        message: `S3 ${method} failed: ${(error as Error).message}`,
        cause: error,
      });
    }
  }

  private async failure(operation: string, response: Response): Promise<AppError> {
    const text = await response.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    return new AppError('storage_unavailable', {
      message: `S3 ${operation} answered ${response.status}${code ? ` ${code}` : ''}`,
    });
  }
}
