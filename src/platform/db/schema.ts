import type { ColumnType, Generated } from 'kysely';

/**
 * The Kysely table types. Each module declares its own tables by augmenting this interface
 * (`declare module '../../platform/db/schema.js' { interface DB { ... } }`), so a module's
 * tables are typed where the module lives.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by each module
export interface DB extends FoundationTables {}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = Generated<number>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface FoundationTables {
  tenants: {
    id: Id;
    code: string;
    name: string;
    name_en: string | null;
    settings: Json<Record<string, unknown>>;
    created_at: Generated<Date>;
  };
  units: {
    id: Id;
    tenant_id: number;
    parent_id: number | null;
    kind: string;
    level: string;
    code: string;
    name: string;
    name_en: string | null;
    valid_from: string | null;
    valid_to: string | null;
    created_at: Generated<Date>;
  };
  unit_closure: { tenant_id: number; ancestor_id: number; descendant_id: number; depth: number };
  unit_lineage: {
    id: Id;
    tenant_id: number;
    predecessor_id: number;
    successor_id: number;
    kind: 'merged' | 'split' | 'renamed' | 'transferred';
    effective_on: string;
    note: string | null;
  };
  users: {
    id: Id;
    tenant_id: number;
    kind: 'staff' | 'citizen' | 'system';
    username: string | null;
    full_name: string;
    email: string | null;
    phone_enc: string | null;
    phone_hash: string | null;
    id_number_enc: string | null;
    id_number_hash: string | null;
    password_hash: string | null;
    failed_logins: Generated<number>;
    locked_until: Timestamp | null;
    disabled_at: Timestamp | null;
    created_at: Generated<Date>;
  };
  role_grants: {
    id: Id;
    tenant_id: number;
    user_id: number;
    role: Role;
    unit_id: number | null;
    created_at: Generated<Date>;
  };
  /** Permissions granted apart from roles (src/platform/auth/permissions.ts; migration 0070). */
  permission_grants: {
    id: Id;
    tenant_id: number;
    user_id: number;
    permission: string;
    unit_id: number | null;
    granted_by: number | null;
    created_at: Generated<Date>;
  };
  sessions: {
    id: string;
    tenant_id: number;
    user_id: number;
    csrf_token: string;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Timestamp;
    ip: string | null;
    user_agent: string | null;
  };
  otp_codes: {
    id: Id;
    tenant_id: number;
    destination_hash: string;
    code_hash: string;
    attempts: Generated<number>;
    expires_at: Timestamp;
    consumed_at: Timestamp | null;
    created_at: Generated<Date>;
  };
  api_tokens: {
    id: Id;
    tenant_id: number;
    user_id: number;
    name: string;
    token_hash: string;
    created_at: Generated<Date>;
    last_used_at: Timestamp | null;
    revoked_at: Timestamp | null;
  };
  audit_log: {
    id: Id;
    tenant_id: number;
    stream: string;
    seq: number;
    at: Generated<Date>;
    actor_id: number | null;
    unit_id: number | null;
    action: string;
    request_id: string | null;
    data: Json<unknown>;
    prev_hash: string | null;
    hash: string;
  };
  outbox: {
    id: Id;
    tenant_id: number;
    topic: string;
    payload: Json<unknown>;
    dedupe_key: string | null;
    status: Generated<'pending' | 'sent' | 'dead' | 'dry_run'>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    last_error: string | null;
    created_at: Generated<Date>;
    sent_at: Timestamp | null;
  };
  idempotency_keys: {
    tenant_id: number;
    key: string;
    scope: string;
    response: Json<unknown> | null;
    created_at: Generated<Date>;
  };
  calendar_years: {
    tenant_id: number;
    year: number;
    status: 'official' | 'provisional' | 'confirmed';
    spec: Json<unknown>;
    source: string | null;
    updated_at: Generated<Date>;
    updated_by: number | null;
  };
}

export const ROLES = [
  'citizen',
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];
