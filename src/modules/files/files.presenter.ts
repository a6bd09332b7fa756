import { formatInstantToSecond } from '../../domain/calendar/index.js';
import type { StoredFileRow } from './files.repository.js';

/** Row → JSON: no storage key, no uploader id (the caller knows who they are). */
export function presentStoredFile(row: StoredFileRow, field?: string) {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: Number(row.size),
    sha256: row.sha256,
    ...(field === undefined ? {} : { field }),
    createdAt: formatVietnamTime(row.created_at),
  };
}

/** An instant as ISO 8601 in +07:00, the house presentation of times. */
export function formatVietnamTime(value: Date | string): string {
  return formatInstantToSecond('Asia/Ho_Chi_Minh', new Date(value).getTime());
}
