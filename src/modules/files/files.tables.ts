import type { ColumnType, Generated } from 'kysely';

declare module '../../platform/db/schema.js' {
  interface DB {
    stored_files: {
      id: Generated<number>;
      tenant_id: number;
      storage_key: string;
      name: string;
      mime: string;
      size: number;
      sha256: string;
      source: Generated<'upload' | 'generated'>;
      uploaded_by: number | null;
      created_at: Generated<Date>;
      claimed_at: ColumnType<Date, Date | string | undefined, Date | string> | null;
      claimed_for: string | null;
    };
  }
}
