import type { ColumnType, Generated } from 'kysely';

/** numeric(7,2): read as a number (src/platform/db/database.ts parsers). */
type Score = ColumnType<number | null, number | null | undefined, number | null>;

declare module '../../platform/db/schema.js' {
  interface DB {
    /** Migration 0077: the province's results in national indices, per index and year. */
    annual_external_results: {
      id: Generated<number>;
      tenant_id: number;
      index_code: string;
      year: number;
      score: Score;
      rank: number | null;
      out_of: number | null;
      note: string | null;
      updated_by: number | null;
      updated_at: Generated<Date>;
    };
  }
}
