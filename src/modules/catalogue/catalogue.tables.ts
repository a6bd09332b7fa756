import type { ColumnType, Generated } from 'kysely';
import type {
  ApplicantKind,
  DocumentComponent,
  Fee,
  HandlingLevel,
  LimitUnit,
  OnlineLevel,
  ProcessingStep,
  ResultType,
} from '../../domain/catalogue/index.js';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Catalogue tables (migrations 0010 and 0011). */
declare module '../../platform/db/schema.js' {
  interface DB {
    procedures: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      status: Generated<'active' | 'retired'>;
      retired_at: Timestamp | null;
      created_at: Generated<Date>;
    };
    procedure_versions: {
      id: Generated<number>;
      tenant_id: number;
      procedure_id: number;
      version: number;
      effective_from: Timestamp;
      name: string;
      name_en: string | null;
      search_text: string;
      field_code: string | null;
      field_name: string | null;
      level: HandlingLevel;
      agency_unit_id: number | null;
      legal_limit: number;
      promised_limit: number;
      limit_unit: LimitUnit;
      fee_amount: number;
      fees: Json<Fee[]>;
      components: Json<DocumentComponent[]>;
      result_type: ResultType;
      result_name: string | null;
      online_level: OnlineLevel;
      postal_in: boolean;
      postal_out: boolean;
      boundary_free: boolean;
      applicant_kinds: Json<ApplicantKind[]>;
      certification: boolean;
      population_db: boolean;
      legal_basis: string | null;
      legal_effective_on: string | null;
      announced_on: string | null;
      published_on: string | null;
      steps: Json<ProcessingStep[]>;
      change_note: string | null;
      created_at: Generated<Date>;
      created_by: number | null;
    };
  }
}
