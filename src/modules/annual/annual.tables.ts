import type { ColumnType, Generated } from 'kysely';
import type { CycleState } from '../../domain/annual/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type OptionalTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** numeric(7,2): read as a number (src/platform/db/database.ts parsers). */
type Points = ColumnType<number | null, number | null | undefined, number | null>;
type Day = ColumnType<string | null, string | null | undefined, string | null>;

declare module '../../platform/db/schema.js' {
  interface DB {
    annual_cycles: {
      id: Generated<number>;
      tenant_id: number;
      year: number;
      state: Generated<CycleState>;
      framework: ColumnType<unknown, string, string>;
      self_assessment_deadline: Day;
      contest_deadline: Day;
      framework_published_at: OptionalTimestamp;
      provisional_published_at: OptionalTimestamp;
      final_published_at: OptionalTimestamp;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    annual_scores: {
      id: Generated<number>;
      tenant_id: number;
      cycle_id: number;
      unit_id: number;
      subcriterion_id: string;
      self_points: Points;
      evidence: string | null;
      evidence_file_ids: ColumnType<unknown, string | undefined, string>;
      self_updated_by: number | null;
      self_updated_at: OptionalTimestamp;
      appraised_points: Points;
      appraisal_reason: string | null;
      appraised_by: number | null;
      appraised_at: OptionalTimestamp;
      survey_points: Points;
      auto_points: Points;
      auto_rate: Points;
      contest_points: Points;
    };
    annual_submissions: {
      cycle_id: number;
      unit_id: number;
      tenant_id: number;
      submitted_by: number | null;
      submitted_at: Timestamp;
    };
    annual_contests: {
      id: Generated<number>;
      tenant_id: number;
      cycle_id: number;
      unit_id: number;
      subcriterion_id: string;
      reason: string;
      state: Generated<'open' | 'upheld' | 'rejected'>;
      answer: string | null;
      new_points: Points;
      filed_by: number | null;
      filed_at: Timestamp;
      answered_by: number | null;
      answered_at: OptionalTimestamp;
    };
    /** Published results frozen at each stage (migration 0080, annual.ranking.ts). */
    annual_result_snapshots: {
      id: Generated<number>;
      tenant_id: number;
      cycle_id: number;
      stage: 'provisional' | 'final';
      published_at: Timestamp;
      ranking: ColumnType<unknown, string, string>;
    };
  }
}
