import { cleanText } from '../text/index.js';
import type { ProcedureContent, ProcedureRecord } from './procedure.types.js';

/** Total of the fees and charges in VND (the figure shown to applicants). */
export function feeTotal(content: Pick<ProcedureContent, 'fees'>): number {
  return content.fees.reduce((sum, fee) => sum + fee.amount, 0);
}

const optional = (value: string | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const cleaned = cleanText(value);
  return cleaned === '' ? null : cleaned;
};

/**
 * The stored form of a record: text in NFC with whitespace collapsed (legal basis keeps its
 * line breaks), empty optional text as null, the two flags `required`, `mustDigitise` and
 * `interAgency` as booleans. Two records that mean the same thing normalise to the same value,
 * which is what lets an unchanged import row be recognised.
 */
export function normalizeProcedure<T extends ProcedureContent>(record: T): T {
  return {
    ...record,
    ...('code' in record
      ? { code: cleanText(String((record as unknown as ProcedureRecord).code)) }
      : {}),
    name: cleanText(record.name ?? ''),
    nameEn: optional(record.nameEn),
    fieldCode: optional(record.fieldCode),
    fieldName: optional(record.fieldName),
    agencyCode: optional(record.agencyCode),
    resultName: optional(record.resultName),
    legalBasis:
      record.legalBasis === null || record.legalBasis === undefined
        ? null
        : record.legalBasis
            .normalize('NFC')
            .split(/\r?\n/)
            .map((line) => cleanText(line))
            .filter((line) => line !== '')
            .join('\n') || null,
    legalEffectiveOn: optional(record.legalEffectiveOn),
    announcedOn: optional(record.announcedOn),
    publishedOn: optional(record.publishedOn),
    fees: record.fees.map((fee) => ({ name: cleanText(fee.name), amount: fee.amount })),
    components: record.components.map((c) => ({
      code: cleanText(c.code),
      name: cleanText(c.name),
      copies: c.copies,
      required: Boolean(c.required),
      mustDigitise: Boolean(c.mustDigitise),
    })),
    steps: record.steps.map((s) => ({
      code: cleanText(s.code),
      name: cleanText(s.name),
      role: s.role,
      unit: cleanText(s.unit),
      allotment: s.allotment,
      interAgency: Boolean(s.interAgency),
    })),
  };
}

/**
 * A canonical string of the versioned content (fixed key order, code excluded). Equal strings
 * mean an edit or import changes nothing, so no new version is made.
 */
export function contentFingerprint(content: ProcedureContent): string {
  const c = normalizeProcedure(content);
  return JSON.stringify([
    c.name,
    c.nameEn,
    c.fieldCode,
    c.fieldName,
    c.level,
    c.agencyCode,
    c.legalLimit,
    c.promisedLimit,
    c.limitUnit,
    c.fees.map((f) => [f.name, f.amount]),
    c.components.map((x) => [x.code, x.name, x.copies, x.required, x.mustDigitise]),
    c.resultType,
    c.resultName,
    c.onlineLevel,
    c.postalIn,
    c.postalOut,
    c.boundaryFree,
    [...c.applicantKinds].sort(),
    c.certification,
    c.populationDb,
    c.legalBasis,
    c.legalEffectiveOn,
    c.announcedOn,
    c.publishedOn,
    c.steps.map((s) => [s.code, s.name, s.role, s.unit, s.allotment, s.interAgency]),
  ]);
}

/** True when two contents mean the same (see `contentFingerprint`). */
export function sameContent(a: ProcedureContent, b: ProcedureContent): boolean {
  return contentFingerprint(a) === contentFingerprint(b);
}

/** Content fields the public may see; the processing template stays internal. */
export type PublicContent = Omit<ProcedureContent, 'steps'>;
