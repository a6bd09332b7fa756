import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | T, string | T>;

declare module '../../platform/db/schema.js' {
  interface DB {
    index_frameworks: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      version: number;
      effective_from: string;
      definition: Json<unknown>;
      created_at: Generated<Date>;
      created_by: number | null;
    };
  }
}
