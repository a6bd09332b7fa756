import type { Selectable } from 'kysely';
import type { ProcedureRecord } from '../../domain/catalogue/index.js';
import { feeTotal } from '../../domain/catalogue/index.js';
import { foldVietnamese } from '../../domain/text/index.js';
import type { DB } from '../../platform/db/schema.js';

/** A version row joined with its procedure and agency unit, as the repository returns it. */
export type VersionRow = Selectable<DB['procedure_versions']> & {
  code: string;
  status: 'active' | 'retired';
  retired_at: Date | null;
  agency_code: string | null;
  agency_name: string | null;
  agency_name_en: string | null;
};

/** The folded text searched by the catalogue: code, Vietnamese and English names. */
export function searchTextOf(record: Pick<ProcedureRecord, 'code' | 'name' | 'nameEn'>): string {
  return foldVietnamese([record.name, record.nameEn ?? '', record.code].join(' '));
}

/** The record held by a version row (the agency as its unit code). */
export function recordFromRow(row: VersionRow): ProcedureRecord {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    fieldCode: row.field_code,
    fieldName: row.field_name,
    level: row.level,
    agencyCode: row.agency_code,
    legalLimit: Number(row.legal_limit),
    promisedLimit: Number(row.promised_limit),
    limitUnit: row.limit_unit,
    fees: row.fees,
    components: row.components,
    resultType: row.result_type,
    resultName: row.result_name,
    onlineLevel: row.online_level,
    postalIn: row.postal_in,
    postalOut: row.postal_out,
    boundaryFree: row.boundary_free,
    applicantKinds: row.applicant_kinds,
    certification: row.certification,
    populationDb: row.population_db,
    legalBasis: row.legal_basis,
    legalEffectiveOn: row.legal_effective_on,
    announcedOn: row.announced_on,
    publishedOn: row.published_on,
    steps: row.steps,
  };
}

export interface NewVersion {
  tenantId: number;
  procedureId: number;
  version: number;
  effectiveFrom: Date;
  agencyUnitId: number | null;
  createdBy: number | null;
  note: string | null;
  record: ProcedureRecord;
}

/** Column values of a new version row (the caller has validated and normalised the record). */
export function versionValues(v: NewVersion) {
  const r = v.record;
  return {
    tenant_id: v.tenantId,
    procedure_id: v.procedureId,
    version: v.version,
    effective_from: v.effectiveFrom,
    name: r.name,
    name_en: r.nameEn,
    search_text: searchTextOf(r),
    field_code: r.fieldCode,
    field_name: r.fieldName,
    level: r.level,
    agency_unit_id: v.agencyUnitId,
    legal_limit: r.legalLimit,
    promised_limit: r.promisedLimit,
    limit_unit: r.limitUnit,
    fee_amount: feeTotal(r),
    fees: JSON.stringify(r.fees),
    components: JSON.stringify(r.components),
    result_type: r.resultType,
    result_name: r.resultName,
    online_level: r.onlineLevel,
    postal_in: r.postalIn,
    postal_out: r.postalOut,
    boundary_free: r.boundaryFree,
    applicant_kinds: JSON.stringify(r.applicantKinds),
    certification: r.certification,
    population_db: r.populationDb,
    legal_basis: r.legalBasis,
    legal_effective_on: r.legalEffectiveOn,
    announced_on: r.announcedOn,
    published_on: r.publishedOn,
    steps: JSON.stringify(r.steps),
    change_note: v.note,
    created_by: v.createdBy,
  };
}
