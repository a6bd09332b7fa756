import { describe, expect, it } from 'vitest';
import { describeIssue, type Issue, validateProcedure } from './index.js';
import { buildProcedure } from './test-support.js';

const paths = (issues: Issue[]) => issues.map((i) => `${i.path}:${i.code}`);

describe('validateProcedure', () => {
  it('accepts a complete birth registration record', () => {
    expect(validateProcedure(buildProcedure())).toEqual([]);
  });

  it('refuses a promised limit longer than the legal one', () => {
    const issues = validateProcedure(
      buildProcedure({ legalLimit: 10, promisedLimit: 12, steps: [] }),
    );
    expect(paths(issues)).toContain('promisedLimit:promised_exceeds_legal');
  });

  it('requires whole working days and a positive hour limit', () => {
    expect(
      paths(validateProcedure(buildProcedure({ legalLimit: 2.5, promisedLimit: 2 }))),
    ).toContain('legalLimit:not_integer');
    expect(
      paths(
        validateProcedure(
          buildProcedure({ limitUnit: 'working_hours', legalLimit: 0, promisedLimit: 0 }),
        ),
      ),
    ).toContain('legalLimit:out_of_range');
    expect(
      validateProcedure(
        buildProcedure({ limitUnit: 'working_hours', legalLimit: 8, promisedLimit: 4.5 }),
      ),
    ).toEqual([]);
  });

  it('requires limits of 0 for a same-day procedure and a template sharing out one day', () => {
    expect(
      validateProcedure(buildProcedure({ limitUnit: 'same_day', legalLimit: 0, promisedLimit: 0 })),
    ).toEqual([]);
    expect(
      paths(
        validateProcedure(
          buildProcedure({ limitUnit: 'same_day', legalLimit: 1, promisedLimit: 0 }),
        ),
      ),
    ).toContain('legalLimit:same_day_limit');
  });

  it('names the step list when allotments do not add up to the promised limit', () => {
    const record = buildProcedure({ legalLimit: 15, promisedLimit: 10 });
    record.steps = record.steps.map((s) =>
      s.code === 'B2' ? { ...s, allotment: s.allotment + 1 } : s,
    );
    const issue = validateProcedure(record).find((i) => i.code === 'allotments_mismatch');
    expect(issue).toMatchObject({ path: 'steps', params: { total: 11, expected: 10 } });
    expect(describeIssue(issue!, 'vi')).toContain('Tổng thời gian các bước (11)');
    expect(describeIssue(issue!, 'en')).toContain('add up to 11');
  });

  it('compares allotments exactly in hundredths (0.1 + 0.2 steps make 0.3 hours)', () => {
    const record = buildProcedure({
      limitUnit: 'working_hours',
      legalLimit: 0.3,
      promisedLimit: 0.3,
      steps: [
        {
          code: 'B1',
          name: 'Tiếp nhận',
          role: 'counter_officer',
          unit: 'centre',
          allotment: 0.1,
          interAgency: false,
        },
        {
          code: 'B2',
          name: 'Xử lý',
          role: 'specialist',
          unit: 'agency',
          allotment: 0.2,
          interAgency: false,
        },
      ],
    });
    expect(validateProcedure(record)).toEqual([]);
  });

  it('requires at least one step', () => {
    expect(paths(validateProcedure(buildProcedure({ steps: [] })))).toContain(
      'steps:template_empty',
    );
  });

  it('points at the exact component field that is wrong', () => {
    const record = buildProcedure({
      components: [
        { code: 'TP01', name: 'Tờ khai', copies: 1, required: true, mustDigitise: true },
        { code: 'TP01', name: '', copies: 0, required: false, mustDigitise: false },
      ],
    });
    expect(paths(validateProcedure(record))).toEqual([
      'components[1].name:required',
      'components[1].copies:out_of_range',
      'components[1].code:duplicate',
    ]);
  });

  it('refuses fees that are negative or not whole VND', () => {
    const issues = validateProcedure(
      buildProcedure({
        fees: [
          { name: 'Lệ phí', amount: -1 },
          { name: 'Phí', amount: 10.5 },
        ],
      }),
    );
    expect(paths(issues)).toEqual(['fees[0].amount:out_of_range', 'fees[1].amount:not_integer']);
  });

  it('checks unit codes of the agency and of the steps when a lookup is given', () => {
    const record = buildProcedure({ agencyCode: '000.00.99.H40' });
    record.steps = record.steps.map((s) =>
      s.code === 'B2' ? { ...s, unit: 'NOPE', interAgency: true } : s,
    );
    const known = new Set(['000.00.12.H40']);
    expect(paths(validateProcedure(record, { unitExists: (c) => known.has(c) }))).toEqual([
      'agencyCode:unknown_unit',
      'steps[1].unit:unknown_unit',
    ]);
    expect(validateProcedure(record)).toEqual([]);
  });

  it('requires a fully online procedure to return its result electronically or by post', () => {
    const issues = validateProcedure(
      buildProcedure({ onlineLevel: 'full', resultType: 'paper', postalOut: false }),
    );
    expect(paths(issues)).toEqual(['onlineLevel:online_full_needs_remote_result']);
    expect(
      validateProcedure(
        buildProcedure({ onlineLevel: 'full', resultType: 'paper', postalOut: true }),
      ),
    ).toEqual([]);
  });

  it('refuses a publication date before the announcement and impossible dates', () => {
    expect(
      paths(
        validateProcedure(buildProcedure({ announcedOn: '2024-03-05', publishedOn: '2024-03-01' })),
      ),
    ).toEqual(['publishedOn:date_order']);
    expect(paths(validateProcedure(buildProcedure({ legalEffectiveOn: '2024-02-30' })))).toEqual([
      'legalEffectiveOn:invalid_format',
    ]);
  });

  it('refuses unknown choices and bad codes', () => {
    const record = buildProcedure({ code: 'có dấu', level: 'hamlet' as never, applicantKinds: [] });
    expect(paths(validateProcedure(record))).toEqual([
      'code:invalid_format',
      'level:invalid_choice',
      'applicantKinds:required',
    ]);
  });
});
