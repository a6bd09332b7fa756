import type { ColumnType, Generated } from 'kysely';
import type { ClockLedger } from '../../domain/calendar/index.js';
import type { DossierStatus, ExtensionRequest } from '../../domain/workflow/index.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T> = ColumnType<T, string | T, string | T>;
type JsonDefault<T> = ColumnType<T, string | T | undefined, string | T>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** Dossier tables (migration 0020_dossiers.sql); see docs/dossiers.md for the meaning of each column. */
export interface DossierTables {
  dossiers: {
    id: Generated<number>;
    tenant_id: number;
    code: string | null;
    status: DossierStatus;
    version: Generated<number>;
    receiving_unit_id: number;
    agency_unit_id: number;
    current_unit_id: number;
    step_index: number | null;
    step_code: string | null;
    step_role: string | null;
    step_started_at: NullableTimestamp;
    step_due_at: NullableTimestamp;
    assignee_id: number | null;
    procedure_id: number;
    procedure_version_id: number;
    channel: Generated<number>;
    applicant_kind: 'individual' | 'organisation';
    applicant_name: string;
    applicant_search: Generated<string>;
    applicant_id_enc: string | null;
    applicant_id_hash: string | null;
    applicant_id_last4: string | null;
    applicant_tax_code: string | null;
    applicant_phone_enc: string | null;
    applicant_phone_hash: string | null;
    applicant_email: string | null;
    applicant_address: string | null;
    applicant_user_id: number | null;
    delivery: Generated<'counter' | 'post' | 'electronic'>;
    delivery_address: string | null;
    clock: Json<ClockLedger> | null;
    received_at: NullableTimestamp;
    due_at: NullableTimestamp;
    original_due_at: NullableTimestamp;
    paused_since: NullableTimestamp;
    supplement_count: Generated<number>;
    extended: Generated<boolean>;
    extension_request: Json<ExtensionRequest> | null;
    proposed_outcome: 'approved' | 'refused' | null;
    finished_at: NullableTimestamp;
    returned_at: NullableTimestamp;
    outcome: 'approved' | 'refused' | 'stopped' | 'withdrawn' | null;
    fee_amount: Generated<number>;
    online_level: Generated<'full' | 'partial' | 'none'>;
    result_required: Generated<boolean>;
    certification: Generated<boolean>;
    synced: Generated<boolean>;
    synced_at: NullableTimestamp;
    paid_online: Generated<boolean>;
    digitised: Generated<boolean>;
    e_result: Generated<boolean>;
    e_certified: Generated<boolean>;
    reused: Generated<boolean>;
    citizen_store: Generated<boolean>;
    population_db: Generated<boolean>;
    complaint: Generated<boolean>;
    rating: number | null;
    source: Generated<'native' | 'import'>;
    created_by: number | null;
    created_at: CreatedAt;
    updated_at: CreatedAt;
  };
  dossier_events: {
    id: Generated<number>;
    tenant_id: number;
    dossier_id: number;
    seq: number;
    action: string;
    from_status: string | null;
    to_status: string;
    step_code: string | null;
    from_unit_id: number | null;
    to_unit_id: number | null;
    assignee_id: number | null;
    actor_id: number | null;
    at: Timestamp;
    note: string | null;
    step_due_at: NullableTimestamp;
    on_time: boolean | null;
    outbox_id: number | null;
    data: JsonDefault<Record<string, unknown>>;
  };
  dossier_documents: {
    id: Generated<number>;
    tenant_id: number;
    dossier_id: number | null;
    kind: 'component' | 'supplement' | 'result' | 'form' | 'other';
    component_code: string | null;
    form_code: string | null;
    storage_key: string;
    name: string;
    mime: string;
    size: number;
    sha256: string;
    digitised: Generated<boolean>;
    reused: Generated<boolean>;
    electronic: Generated<boolean>;
    signed: Generated<boolean>;
    signature: Json<unknown> | null;
    uploaded_by: number | null;
    created_at: CreatedAt;
  };
  dossier_code_counters: {
    tenant_id: number;
    agency_code: string;
    day: string;
    last: number;
  };
}

declare module '../../platform/db/schema.js' {
  interface DB extends DossierTables {}
}
