import { formatInstant } from '../../domain/calendar/index.js';
import type { VersionRow } from './catalogue.records.js';
import type { ProcedureDetail } from './catalogue.service.js';

/** An instant as ISO 8601 in +07:00, the house presentation of times. */
function vnTime(value: Date | string): string {
  return formatInstant(
    'Asia/Ho_Chi_Minh',
    (value instanceof Date ? value : new Date(value)).getTime(),
  );
}

function summaryOf(row: VersionRow) {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    field: row.field_code ? { code: row.field_code, name: row.field_name } : null,
    level: row.level,
    agency: row.agency_code
      ? { code: row.agency_code, name: row.agency_name ?? '', nameEn: row.agency_name_en }
      : null,
    legalLimit: Number(row.legal_limit),
    promisedLimit: Number(row.promised_limit),
    limitUnit: row.limit_unit,
    feeTotal: Number(row.fee_amount),
    onlineLevel: row.online_level,
    postalIn: row.postal_in,
    postalOut: row.postal_out,
    boundaryFree: row.boundary_free,
  };
}

/** A list entry for the public: what an applicant needs to choose, nothing internal. */
export function presentPublicSummary(row: VersionRow) {
  return summaryOf(row);
}

/** The public detail page: content of the version in effect, no template or bookkeeping. */
export function presentPublicProcedure(row: VersionRow) {
  return {
    ...summaryOf(row),
    fees: row.fees,
    components: row.components,
    resultType: row.result_type,
    resultName: row.result_name,
    applicantKinds: row.applicant_kinds,
    certification: row.certification,
    populationDb: row.population_db,
    legalBasis: row.legal_basis,
    legalEffectiveOn: row.legal_effective_on,
    announcedOn: row.announced_on,
    publishedOn: row.published_on,
  };
}

/** A back-office list entry: the summary with status and the version shown. */
export function presentStaffSummary(row: VersionRow, now: Date) {
  return {
    ...summaryOf(row),
    status: row.status,
    version: row.version,
    effectiveFrom: vnTime(row.effective_from),
    upcoming: new Date(row.effective_from) > now,
  };
}

/** One version with its processing template and who made it. */
export function presentStaffVersion(row: VersionRow) {
  return {
    ...presentPublicProcedure(row),
    steps: row.steps,
    version: row.version,
    effectiveFrom: vnTime(row.effective_from),
    changeNote: row.change_note,
    createdAt: vnTime(row.created_at),
    createdBy: row.created_by,
  };
}

export function presentStaffDetail(detail: ProcedureDetail) {
  return {
    code: detail.procedure.code,
    status: detail.procedure.status,
    retiredAt: detail.procedure.retired_at ? vnTime(detail.procedure.retired_at) : null,
    createdAt: vnTime(detail.procedure.created_at),
    latestVersion: detail.versions[0]?.version ?? 0,
    current: detail.current ? presentStaffVersion(detail.current) : null,
    upcoming: detail.upcoming.map(presentStaffVersion),
    versions: detail.versions.map(presentStaffVersion),
  };
}
