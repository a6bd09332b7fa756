import type { ColumnType, Generated } from 'kysely';
import type { ReceptionState } from '../../domain/publicinfo/index.js';

/** DATE columns: both engines answer 'YYYY-MM-DD' strings. */
type IsoDate = ColumnType<string, string, string>;
type OptionalIsoDate = ColumnType<string | null, string | null | undefined, string | null>;

declare module '../../platform/db/schema.js' {
  interface DB {
    hotlines: {
      id: Generated<number>;
      tenant_id: number;
      unit_id: number;
      purpose: string;
      phone: string;
      email: string | null;
      hours: string | null;
      person: string | null;
      valid_from: IsoDate;
      valid_to: OptionalIsoDate;
      version: Generated<number>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      /** Soft delete (migration 0082): set while deleted, cleared on restore. */
      deleted_at: Date | null;
      deleted_by: number | null;
    };
    reception_sessions: {
      id: Generated<number>;
      tenant_id: number;
      unit_id: number;
      leader_name: string;
      leader_title: string;
      date: IsoDate;
      start_time: string;
      end_time: string;
      place: string;
      notes: string | null;
      state: Generated<ReceptionState>;
      cancel_reason: string | null;
      citizens_received: number | null;
      cases_noted: number | null;
      outcome_notes: string | null;
      moved_to_id: number | null;
      moved_from_id: number | null;
      plan_rule: string | null;
      version: Generated<number>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      deleted_at: Date | null;
      deleted_by: number | null;
    };
  }
}
