import type { ProcedureRecord } from './procedure.types.js';
import { defaultTemplate } from './template.js';

/**
 * A valid procedure record for tests (birth registration at commune level), with overrides.
 * Steps follow the promised limit unless given.
 */
export function buildProcedure(overrides: Partial<ProcedureRecord> = {}): ProcedureRecord {
  const base: ProcedureRecord = {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    nameEn: 'Birth registration',
    fieldCode: 'HT',
    fieldName: 'Hộ tịch',
    level: 'commune',
    agencyCode: null,
    legalLimit: 1,
    promisedLimit: 1,
    limitUnit: 'working_days',
    fees: [],
    components: [
      {
        code: 'TP01',
        name: 'Tờ khai đăng ký khai sinh',
        copies: 1,
        required: true,
        mustDigitise: true,
      },
      { code: 'TP02', name: 'Giấy chứng sinh', copies: 1, required: true, mustDigitise: true },
    ],
    resultType: 'both',
    resultName: 'Giấy khai sinh',
    onlineLevel: 'full',
    postalIn: true,
    postalOut: true,
    boundaryFree: false,
    applicantKinds: ['individual'],
    certification: false,
    populationDb: true,
    legalBasis: 'Luật Hộ tịch số 60/2014/QH13',
    legalEffectiveOn: '2016-01-01',
    announcedOn: '2024-03-01',
    publishedOn: '2024-03-05',
    steps: [],
  };
  const merged = { ...base, ...overrides };
  if (!('steps' in overrides))
    merged.steps = defaultTemplate(merged.promisedLimit, merged.limitUnit);
  return merged;
}
