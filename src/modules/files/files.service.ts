import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  type AcceptedFile,
  type FileStorage,
  sanitiseFileName,
} from '../../platform/storage/index.js';
import {
  claimRows,
  deleteStoredFileRow,
  findStoredFile,
  insertStoredFiles,
  type StoredFileRow,
  unclaimedBefore,
} from './files.repository.js';

/**
 * Records files that `receiveUploads` has put into storage as the actor's unclaimed uploads. If
 * the rows cannot be written, the stored bytes are deleted, so no orphan is left behind.
 */
export async function saveUploads(options: {
  db: Kysely<DB>;
  storage: FileStorage;
  tenantId: number;
  uploadedBy: number | null;
  files: AcceptedFile[];
}): Promise<StoredFileRow[]> {
  try {
    return await insertStoredFiles(
      options.db,
      options.files.map((f) => ({
        tenantId: options.tenantId,
        key: f.key,
        name: f.name,
        mime: f.mime,
        size: f.size,
        sha256: f.sha256,
        source: 'upload',
        uploadedBy: options.uploadedBy,
      })),
    );
  } catch (error) {
    await Promise.all(options.files.map((f) => options.storage.delete(f.key).catch(() => {})));
    throw error;
  }
}

/**
 * Stores a file the system produced (a form PDF, a register export, a signature) and records
 * it as already claimed by `claimedFor` (e.g. `dossier:42`). Deletes the bytes again when the
 * row cannot be written (for instance when the caller's transaction is rolled back later, the
 * caller should call `deleteStoredFile`).
 */
export async function storeGeneratedFile(options: {
  db: Kysely<DB>;
  storage: FileStorage;
  tenantId: number;
  createdBy: number | null;
  name: string;
  mime: string;
  content: Buffer;
  claimedFor: string;
  now: Date;
}): Promise<StoredFileRow> {
  const stored = await options.storage.put(options.content, { mime: options.mime });
  try {
    const [row] = await insertStoredFiles(options.db, [
      {
        tenantId: options.tenantId,
        key: stored.key,
        name: sanitiseFileName(options.name),
        mime: options.mime,
        size: stored.size,
        sha256: stored.sha256,
        source: 'generated',
        uploadedBy: options.createdBy,
      },
    ]);
    const [claimed] = await claimRows(options.db, {
      tenantId: options.tenantId,
      uploadedBy: options.createdBy ?? -1,
      ids: [row!.id],
      claimedFor: options.claimedFor,
      at: options.now,
    });
    return claimed ?? row!;
  } catch (error) {
    await options.storage.delete(stored.key).catch(() => {});
    throw error;
  }
}

/**
 * Takes over a user's own unclaimed uploads for an owner (`claimedFor`, e.g. `dossier:42`), in
 * the caller's transaction: all or nothing. The dossier module calls it when it attaches the
 * files the applicant or officer uploaded. Throws `not_found` when any id is unknown, belongs to
 * someone else, or was already claimed (the same answer for each, so ids cannot be probed).
 */
export async function claimUploadedFiles(options: {
  db: Kysely<DB>;
  tenantId: number;
  userId: number;
  ids: number[];
  claimedFor: string;
  now: Date;
}): Promise<StoredFileRow[]> {
  const ids = [...new Set(options.ids)];
  const rows = await claimRows(options.db, {
    tenantId: options.tenantId,
    uploadedBy: options.userId,
    ids,
    claimedFor: options.claimedFor,
    at: options.now,
  });
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    throw new AppError('not_found', {
      message: 'file not found or already attached',
      details: { fileIds: ids.filter((id) => !found.has(id)) },
    });
  }
  return rows;
}

/** A stored file's record and a stream of its bytes; who may read it is the caller's decision. */
export async function openStoredFile(options: {
  db: Kysely<DB>;
  storage: FileStorage;
  tenantId: number;
  id: number;
}): Promise<{ file: StoredFileRow; stream: Readable }> {
  const file = await findStoredFile(options.db, options.tenantId, options.id);
  if (!file) throw new AppError('not_found');
  return { file, stream: await options.storage.get(file.storage_key) };
}

/** The record of a stored file in the tenant, or `not_found`. */
export async function getStoredFile(options: {
  db: Kysely<DB>;
  tenantId: number;
  id: number;
}): Promise<StoredFileRow> {
  const file = await findStoredFile(options.db, options.tenantId, options.id);
  if (!file) throw new AppError('not_found');
  return file;
}

/**
 * Deletes one of the user's own uploads that nothing has claimed yet (a citizen removing a
 * wrong scan from a draft). Others' files and claimed files answer `not_found`.
 */
export async function deleteOwnUpload(options: {
  db: Kysely<DB>;
  storage: FileStorage;
  tenantId: number;
  userId: number;
  id: number;
}): Promise<void> {
  const file = await findStoredFile(options.db, options.tenantId, options.id);
  if (!file || file.uploaded_by !== options.userId || file.claimed_at !== null)
    throw new AppError('not_found');
  await deleteStoredFileRow(options.db, options.tenantId, options.id);
  await options.storage.delete(file.storage_key);
}

/**
 * Removes uploads nobody claimed within the grace period (default one day): abandoned drafts
 * and failed registrations must not keep people's identity documents forever. Returns how many
 * files it removed.
 */
export async function purgeUnclaimedUploads(options: {
  db: Kysely<DB>;
  storage: FileStorage;
  now: Date;
  graceMs?: number;
  batch?: number;
}): Promise<number> {
  const before = new Date(options.now.getTime() - (options.graceMs ?? 24 * 3600 * 1000));
  let removed = 0;
  for (;;) {
    const rows = await unclaimedBefore(options.db, before, options.batch ?? 500);
    if (rows.length === 0) return removed;
    for (const row of rows) {
      await deleteStoredFileRow(options.db, row.tenant_id, row.id);
      await options.storage.delete(row.storage_key);
      removed += 1;
    }
  }
}
