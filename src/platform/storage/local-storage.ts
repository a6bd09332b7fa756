import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import {
  type FileStorage,
  isStorageKey,
  type PutBody,
  type PutMeta,
  type StoredObject,
} from './storage.js';

/**
 * Files in a local directory: `<root>/objects/ab/cd/<key>`, two levels of shards so no folder
 * grows past a few thousand entries. A put streams into `<root>/tmp/` while hashing and only a
 * complete file is renamed into place (same file system, so the rename is atomic): a reader
 * never sees half a file and a failed put leaves nothing behind.
 */
export class LocalFileStorage implements FileStorage {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(body: PutBody, meta: PutMeta = {}): Promise<StoredObject> {
    const key = randomBytes(16).toString('hex');
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const temporary = path.join(tmpDir, `${key}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        try {
          meta.inspect?.(chunk);
        } catch (error) {
          callback(error as Error);
          return;
        }
        size += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const file = createWriteStream(temporary, { flags: 'wx', mode: 0o640 });
    try {
      await pipeline(toReadable(body), meter, file);
      const target = this.pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temporary, target);
    } catch (error) {
      // The file's open runs on libuv's thread pool and may complete after a refusal of the
      // first chunk; removing it before the stream has closed would race that open and leave
      // the file behind (seen once in CI under load).
      await closed(file);
      await rm(temporary, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    if (!isStorageKey(key)) throw new AppError('not_found');
    const file = this.pathOf(key);
    try {
      await stat(file);
    } catch {
      throw new AppError('not_found');
    }
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    if (!isStorageKey(key)) return;
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    if (!isStorageKey(key)) return false;
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    return path.join(this.root, 'objects', key.slice(0, 2), key.slice(2, 4), key);
  }
}

/** Any accepted body as a Node stream (buffers become a one-chunk stream). */
export function toReadable(body: PutBody): Readable {
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array)
    return Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  return Readable.from(body);
}

/** Resolves once a destroyed or finished file stream has released its descriptor. */
function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}
