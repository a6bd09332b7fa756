import type { Readable } from 'node:stream';

/** What a storage backend returns for a stored object: its key, byte size and SHA-256 (hex). */
export interface StoredObject {
  /** Random id chosen by the storage (never derived from a user-supplied name). */
  key: string;
  size: number;
  sha256: string;
}

/** Optional facts about an object being stored; never used to build a path. */
export interface PutMeta {
  /** The media type to record with the object (S3 Content-Type). */
  mime?: string;
  /**
   * Called with each chunk as it streams, before it is written; throwing aborts the put and
   * leaves nothing behind. The upload pipeline uses it for size limits and content sniffing.
   */
  inspect?: (chunk: Buffer) => void;
}

/** A body to store: a stream, or bytes already in memory. */
export type PutBody = Readable | AsyncIterable<Uint8Array> | Buffer | Uint8Array;

/**
 * Where uploaded and generated files live. Keys are opaque random ids; callers keep the
 * display name, type and owner in the database (`stored_files`).
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Stores the body under a new random key. Nothing is left behind when it throws. */
  put(body: PutBody, meta?: PutMeta): Promise<StoredObject>;
  /** Streams a stored object; throws `not_found` for an unknown or malformed key. */
  get(key: string): Promise<Readable>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Keys are 32 lowercase hex characters (128 random bits). */
export const KEY_PATTERN = /^[0-9a-f]{32}$/;

export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}
