import type { ColumnType, Generated } from 'kysely';
import type {
  ConclusionKind,
  InitiativeState,
  InspectionKind,
  InspectionState,
  RecommendationState,
  TaskStatus,
} from '../../domain/registers/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Withdrawn from the register by the reform office (migration 0079): when, by whom, why. */
export interface WithdrawalColumns {
  withdrawn_at: Date | null;
  withdrawn_by: number | null;
  withdrawn_reason: string | null;
}

type OptionalTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** numeric comes back as a string from both engines. */
type Numeric = ColumnType<string | null, number | null | undefined, number | null>;

export type RegisterEntity =
  | 'initiative'
  | 'inspection'
  | 'recommendation'
  | 'plan'
  | 'task'
  | 'headcount';

declare module '../../platform/db/schema.js' {
  interface DB {
    register_initiatives: {
      id: Generated<number>;
      tenant_id: number;
      unit_id: number;
      year: number;
      title: string;
      summary: string;
      authors: string;
      state: Generated<InitiativeState>;
      score: Numeric;
      evaluation_comment: string | null;
      evaluated_at: OptionalTimestamp;
      decided_at: OptionalTimestamp;
      created_by: number | null;
      version: Generated<number>;
      created_at: Timestamp;
      updated_at: Timestamp;
      withdrawn_at: OptionalTimestamp;
      withdrawn_by: number | null;
      withdrawn_reason: string | null;
    };
    register_replications: {
      id: Generated<number>;
      tenant_id: number;
      initiative_id: number;
      unit_id: number;
      replicated_on: string;
      created_at: Timestamp;
    };
    register_inspections: {
      id: Generated<number>;
      tenant_id: number;
      inspected_unit_id: number;
      inspecting_unit_id: number | null;
      inspecting_body: string;
      kind: InspectionKind;
      planned_on: string;
      scope: string;
      state: Generated<InspectionState>;
      started_at: OptionalTimestamp;
      concluded_at: OptionalTimestamp;
      conclusion_kind: ConclusionKind | null;
      conclusion_number: string | null;
      conclusion_date: string | null;
      conclusion_text: string | null;
      created_by: number | null;
      version: Generated<number>;
      created_at: Timestamp;
      updated_at: Timestamp;
      withdrawn_at: OptionalTimestamp;
      withdrawn_by: number | null;
      withdrawn_reason: string | null;
    };
    register_recommendations: {
      id: Generated<number>;
      tenant_id: number;
      inspection_id: number;
      responsible_unit_id: number;
      content: string;
      due_on: string;
      state: Generated<RecommendationState>;
      done_note: string | null;
      done_at: OptionalTimestamp;
      version: Generated<number>;
      created_at: Timestamp;
      updated_at: Timestamp;
      withdrawn_at: OptionalTimestamp;
      withdrawn_by: number | null;
      withdrawn_reason: string | null;
      /** Withdrawn by its inspection's or plan's withdrawal (migration 0081): restored with it. */
      withdrawn_along: Generated<boolean>;
    };
    register_plans: {
      id: Generated<number>;
      tenant_id: number;
      unit_id: number;
      year: number;
      title: string;
      indicator: string | null;
      due_on: string;
      created_by: number | null;
      version: Generated<number>;
      created_at: Timestamp;
      updated_at: Timestamp;
      withdrawn_at: OptionalTimestamp;
      withdrawn_by: number | null;
      withdrawn_reason: string | null;
    };
    register_plan_tasks: {
      id: Generated<number>;
      tenant_id: number;
      plan_id: number;
      title: string;
      responsible_unit_id: number;
      responsible_person: string;
      due_on: string;
      status: Generated<TaskStatus>;
      done_at: OptionalTimestamp;
      version: Generated<number>;
      created_at: Timestamp;
      updated_at: Timestamp;
      withdrawn_at: OptionalTimestamp;
      withdrawn_by: number | null;
      withdrawn_reason: string | null;
      /** Withdrawn by its inspection's or plan's withdrawal (migration 0081): restored with it. */
      withdrawn_along: Generated<boolean>;
    };
    register_plan_reports: {
      id: Generated<number>;
      tenant_id: number;
      plan_id: number;
      reported_on: string;
      text: string;
      percent: number;
      actor_id: number | null;
      created_at: Timestamp;
    };
    register_headcounts: {
      id: Generated<number>;
      tenant_id: number;
      unit_id: number;
      year: number;
      assigned: number;
      in_post: number | null;
      reduction_target: number;
      reduced: number;
      note: string | null;
      version: Generated<number>;
      created_at: Timestamp;
      updated_at: Timestamp;
      withdrawn_at: OptionalTimestamp;
      withdrawn_by: number | null;
      withdrawn_reason: string | null;
    };
    register_files: {
      tenant_id: number;
      entity: 'initiative' | 'inspection' | 'recommendation';
      entity_id: number;
      file_id: number;
    };
    register_events: {
      id: Generated<number>;
      tenant_id: number;
      entity: RegisterEntity;
      entity_id: number;
      action: string;
      from_state: string | null;
      to_state: string | null;
      actor_id: number | null;
      note: string | null;
      at: Timestamp;
    };
  }
}
