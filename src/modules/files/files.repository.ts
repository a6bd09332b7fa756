import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import './files.tables.js';

export type StoredFileRow = Selectable<DB['stored_files']>;

export interface NewStoredFile {
  tenantId: number;
  key: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  source: 'upload' | 'generated';
  uploadedBy: number | null;
}

export async function insertStoredFiles(
  db: Kysely<DB>,
  files: NewStoredFile[],
): Promise<StoredFileRow[]> {
  if (files.length === 0) return [];
  return db
    .insertInto('stored_files')
    .values(
      files.map((f) => ({
        tenant_id: f.tenantId,
        storage_key: f.key,
        name: f.name,
        mime: f.mime,
        size: f.size,
        sha256: f.sha256,
        source: f.source,
        uploaded_by: f.uploadedBy,
      })),
    )
    .returningAll()
    .execute();
}

export async function findStoredFile(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
): Promise<StoredFileRow | undefined> {
  return db
    .selectFrom('stored_files')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Locks and marks unclaimed uploads of one user as claimed; returns the rows it claimed. */
export async function claimRows(
  db: Kysely<DB>,
  options: { tenantId: number; uploadedBy: number; ids: number[]; claimedFor: string; at: Date },
): Promise<StoredFileRow[]> {
  if (options.ids.length === 0) return [];
  return db
    .updateTable('stored_files')
    .set({ claimed_at: options.at, claimed_for: options.claimedFor })
    .where('tenant_id', '=', options.tenantId)
    .where('uploaded_by', '=', options.uploadedBy)
    .where('id', 'in', options.ids)
    .where('claimed_at', 'is', null)
    .returningAll()
    .execute();
}

export async function deleteStoredFileRow(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
): Promise<void> {
  await db
    .deleteFrom('stored_files')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function unclaimedBefore(
  db: Kysely<DB>,
  before: Date,
  limit: number,
): Promise<StoredFileRow[]> {
  return db
    .selectFrom('stored_files')
    .selectAll()
    .where('claimed_at', 'is', null)
    .where('source', '=', 'upload')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
