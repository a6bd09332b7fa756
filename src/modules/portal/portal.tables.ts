import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

declare module '../../platform/db/schema.js' {
  interface DB {
    dossier_ratings: {
      id: Generated<number>;
      tenant_id: number;
      dossier_id: number;
      user_id: number | null;
      access: number;
      procedure: number;
      staff: number;
      result: number;
      feedback: number | null;
      comment: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    notifications: {
      id: Generated<number>;
      tenant_id: number;
      user_id: number | null;
      dossier_id: number | null;
      event: string;
      title: string;
      body: string;
      channels: ColumnType<unknown, string | undefined, string>;
      dedupe_key: string;
      created_at: Generated<Date>;
      read_at: Timestamp | null;
    };
  }
}
