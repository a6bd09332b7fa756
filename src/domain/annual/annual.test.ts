import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AnnualFramework,
  bandOf,
  checkAdvance,
  computeAnnualResults,
  DEFAULT_ANNUAL_BANDS,
  DEFAULT_ANNUAL_FRAMEWORK,
  describePlaces,
  effectivePoints,
  explainAnnualChange,
  flattenSubcriteria,
  frameworkMax,
  isPastDeadline,
  parseAnnualFramework,
  rankWithTies,
  type ScoreEntry,
  scoreAutomatic,
  validateSurveyRows,
} from './index.js';

/** A small framework: two fields, one self-assessed, one survey and one automatic sub-criterion. */
function smallFramework(): AnnualFramework {
  const parsed = parseAnnualFramework({
    name: { vi: 'Thử', en: 'Test' },
    unitKinds: ['department'],
    fields: [
      {
        id: 'A',
        name: { vi: 'Lĩnh vực A' },
        maxPoints: 60,
        criteria: [
          {
            id: 'A.1',
            name: { vi: 'Tiêu chí A.1' },
            maxPoints: 60,
            subcriteria: [
              { id: 'A.1.1', name: { vi: 'Tự chấm' }, maxPoints: 40, method: 'self_assessed' },
              { id: 'A.1.2', name: { vi: 'Khảo sát' }, maxPoints: 20, method: 'survey' },
            ],
          },
        ],
      },
      {
        id: 'B',
        name: { vi: 'Lĩnh vực B' },
        maxPoints: 40,
        criteria: [
          {
            id: 'B.1',
            name: { vi: 'Tiêu chí B.1' },
            maxPoints: 40,
            subcriteria: [
              {
                id: 'B.1.1',
                name: { vi: 'Đúng hạn' },
                maxPoints: 40,
                method: 'automatic',
                metric: 'dossiers_on_time',
                scoring: { kind: 'linear', from: 50, to: 100 },
              },
            ],
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.framework;
}

describe('annual framework validation', () => {
  it('accepts the shipped default: 8 fields, 100 points, the same as the JSON file', () => {
    const parsed = parseAnnualFramework(DEFAULT_ANNUAL_FRAMEWORK);
    expect(parsed.ok).toBe(true);
    expect(DEFAULT_ANNUAL_FRAMEWORK.fields).toHaveLength(8);
    expect(frameworkMax(DEFAULT_ANNUAL_FRAMEWORK)).toBe(100);
    const file = JSON.parse(
      readFileSync(new URL('../../../docs/annual-framework-default.json', import.meta.url), 'utf8'),
    );
    expect(file).toEqual(DEFAULT_ANNUAL_FRAMEWORK);
  });

  it('scores an initiative filed from the registers in the default, 23 points automatic', () => {
    const subs = flattenSubcriteria(DEFAULT_ANNUAL_FRAMEWORK);
    const byId = new Map(subs.map((s) => [s.id, s]));
    expect(byId.get('1.3.3')).toMatchObject({ metric: 'initiatives_filed', maxPoints: 1 });
    // The point came from the self-assessed 1.3.2: field 1 keeps its 10 points.
    expect(byId.get('1.3.2')?.maxPoints).toBe(0.5);
    expect(DEFAULT_ANNUAL_FRAMEWORK.fields[0]?.maxPoints).toBe(10);
    // Inspection follow-up stays self-assessed: an uninspected unit must not lose a point.
    expect(byId.get('1.2.2')).toMatchObject({ method: 'self_assessed', maxPoints: 1.5 });
    expect(byId.has('1.2.3')).toBe(false);
    const automatic = subs.filter((s) => s.method === 'automatic');
    expect(automatic.reduce((sum, s) => sum + s.maxPoints, 0)).toBe(23);
    // A stepped 100 → full points: filing one initiative is all or nothing.
    const filed = byId.get('1.3.3')!;
    expect(scoreAutomatic(100, filed.maxPoints, filed.scoring!)).toBe(1);
    expect(scoreAutomatic(0, filed.maxPoints, filed.scoring!)).toBe(0);
  });

  it('accepts the register metrics in a loaded framework and refuses an unknown one', () => {
    const withMetric = (metric: string) =>
      parseAnnualFramework({
        name: { vi: 'K' },
        unitKinds: ['department'],
        fields: [
          {
            id: '1',
            name: { vi: 'L' },
            maxPoints: 2,
            criteria: [
              {
                id: '1.1',
                name: { vi: 'T' },
                maxPoints: 2,
                subcriteria: [
                  {
                    id: '1.1.1',
                    name: { vi: 'S' },
                    maxPoints: 2,
                    method: 'automatic',
                    metric,
                    scoring: { kind: 'linear', from: 0, to: 100 },
                  },
                ],
              },
            ],
          },
        ],
      }).ok;
    expect(withMetric('initiatives_filed')).toBe(true);
    expect(withMetric('inspection_recommendations_closed_on_time')).toBe(true);
    expect(withMetric('remediation_tasks_done_on_time')).toBe(true);
    expect(withMetric('initiatives_recognised')).toBe(false);
  });

  it('lists every problem with its path, not only the first', () => {
    const parsed = parseAnnualFramework({
      name: { en: 'no Vietnamese' },
      unitKinds: [],
      bands: [
        { band: 'A', min: 80 },
        { band: 'B', min: 90 },
      ],
      fields: [
        {
          id: 'X',
          name: { vi: 'X' },
          maxPoints: 10,
          criteria: [
            {
              id: 'X',
              name: { vi: 'X.1' },
              maxPoints: 10,
              subcriteria: [
                { id: 'X.1.1', name: { vi: 's' }, maxPoints: 4, method: 'guess' },
                {
                  id: 'X.1.2',
                  name: { vi: 's' },
                  maxPoints: 5,
                  method: 'automatic',
                  metric: 'weather',
                  scoring: {
                    kind: 'stepped',
                    steps: [
                      { atLeast: 50, points: 9 },
                      { atLeast: 40, points: 1 },
                    ],
                  },
                },
                { id: 'X.1.3', name: { vi: 's' }, maxPoints: -1, method: 'survey' },
              ],
            },
          ],
        },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/name/vi',
        '/unitKinds',
        '/bands/1/min',
        '/fields/0/criteria/0/id',
        '/fields/0/criteria/0/subcriteria/0/method',
        '/fields/0/criteria/0/subcriteria/1/metric',
        '/fields/0/criteria/0/subcriteria/1/scoring/steps/0/points',
        '/fields/0/criteria/0/subcriteria/1/scoring/steps/1/atLeast',
        '/fields/0/criteria/0/subcriteria/2/maxPoints',
        '/fields/0/criteria/0/maxPoints',
      ]),
    );
    expect(parsed.problems.find((p) => p.path === '/fields/0/criteria/0/id')?.message).toBe(
      'duplicate id X',
    );
  });

  it('refuses a linear scoring whose range is upside down and a method-less automatic one', () => {
    const parsed = parseAnnualFramework({
      name: { vi: 'x' },
      unitKinds: ['commune'],
      fields: [
        {
          id: 'F',
          name: { vi: 'F' },
          maxPoints: 2,
          criteria: [
            {
              id: 'C',
              name: { vi: 'C' },
              maxPoints: 2,
              subcriteria: [
                {
                  id: 'S1',
                  name: { vi: 'S' },
                  maxPoints: 1,
                  method: 'automatic',
                  metric: 'dossiers_on_time',
                  scoring: { kind: 'linear', from: 90, to: 60 },
                },
                {
                  id: 'S2',
                  name: { vi: 'S' },
                  maxPoints: 1,
                  method: 'automatic',
                  metric: 'dossiers_on_time',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual([
      '/fields/0/criteria/0/subcriteria/0/scoring/to',
      '/fields/0/criteria/0/subcriteria/1/scoring',
    ]);
  });
});

describe('annual cycle guards', () => {
  const base = { today: '2026-02-01', openContests: 0 };
  it('moves only one step forward', () => {
    expect(checkAdvance({ ...base, from: 'draft', to: 'appraisal' })).toEqual({
      code: 'wrong_state',
      expected: 'self_assessment',
    });
    expect(checkAdvance({ ...base, from: 'final', to: 'draft' })).toMatchObject({
      code: 'wrong_state',
    });
    expect(checkAdvance({ ...base, from: 'self_assessment', to: 'appraisal' })).toBeNull();
  });

  it('needs deadlines that are not past when publishing the framework and provisional results', () => {
    expect(checkAdvance({ ...base, from: 'draft', to: 'self_assessment' })).toEqual({
      code: 'deadline_required',
      field: 'selfAssessmentDeadline',
    });
    expect(
      checkAdvance({
        ...base,
        from: 'draft',
        to: 'self_assessment',
        selfAssessmentDeadline: '2026-01-31',
      }),
    ).toEqual({ code: 'deadline_in_past', field: 'selfAssessmentDeadline' });
    expect(
      checkAdvance({
        ...base,
        from: 'draft',
        to: 'self_assessment',
        selfAssessmentDeadline: '2026-02-01',
      }),
    ).toBeNull();
    expect(checkAdvance({ ...base, from: 'appraisal', to: 'provisional' })).toMatchObject({
      code: 'deadline_required',
      field: 'contestDeadline',
    });
  });

  it('keeps final results until every contest is answered', () => {
    expect(checkAdvance({ ...base, from: 'provisional', to: 'final', openContests: 2 })).toEqual({
      code: 'contests_pending',
      open: 2,
    });
  });

  it('accepts work on the deadline day itself, not the day after', () => {
    expect(isPastDeadline('2026-02-01', '2026-02-01')).toBe(false);
    expect(isPastDeadline('2026-02-01', '2026-02-02')).toBe(true);
    expect(isPastDeadline(null, '2030-01-01')).toBe(false);
  });
});

describe('annual scoring', () => {
  it('scores linearly between two rates, capped at both ends', () => {
    const linear = { kind: 'linear', from: 70, to: 100 } as const;
    expect(scoreAutomatic(65, 6, linear)).toBe(0);
    expect(scoreAutomatic(70, 6, linear)).toBe(0);
    expect(scoreAutomatic(85, 6, linear)).toBe(3);
    expect(scoreAutomatic(91, 6, linear)).toBe(4.2);
    expect(scoreAutomatic(100, 6, linear)).toBe(6);
    expect(scoreAutomatic(null, 6, linear)).toBe(0);
  });

  it('scores stepped by the highest threshold reached', () => {
    const stepped = {
      kind: 'stepped',
      steps: [
        { atLeast: 20, points: 1.5 },
        { atLeast: 40, points: 3 },
        { atLeast: 80, points: 6 },
      ],
    } as const;
    expect(scoreAutomatic(19.99, 6, stepped)).toBe(0);
    expect(scoreAutomatic(40, 6, stepped)).toBe(3);
    expect(scoreAutomatic(79.9, 6, stepped)).toBe(3);
    expect(scoreAutomatic(95, 6, stepped)).toBe(6);
  });

  const entry = (e: Partial<ScoreEntry>): ScoreEntry => ({
    selfPoints: null,
    submitted: false,
    appraisedPoints: null,
    surveyPoints: null,
    autoPoints: null,
    contestPoints: null,
    ...e,
  });
  it('counts appraised points, else a submitted self score, and an upheld contest over both', () => {
    const self = { method: 'self_assessed' } as const;
    expect(effectivePoints(self, entry({ selfPoints: 8 }))).toBe(0);
    expect(effectivePoints(self, entry({ selfPoints: 8, submitted: true }))).toBe(8);
    expect(
      effectivePoints(self, entry({ selfPoints: 8, submitted: true, appraisedPoints: 5 })),
    ).toBe(5);
    expect(
      effectivePoints(
        self,
        entry({ selfPoints: 8, submitted: true, appraisedPoints: 5, contestPoints: 7 }),
      ),
    ).toBe(7);
    expect(effectivePoints({ method: 'survey' }, entry({ surveyPoints: 3.5, selfPoints: 9 }))).toBe(
      3.5,
    );
    expect(effectivePoints({ method: 'automatic' }, entry({}))).toBe(0);
  });
});

describe('annual results', () => {
  const fw = smallFramework();
  const unit = (
    unitId: number,
    a: number,
    s: number,
    b: number,
    peerGroup = 'province:department',
  ) => ({
    unitId,
    peerGroup,
    points: { 'A.1.1': a, 'A.1.2': s, 'B.1.1': b },
  });

  it('ranks peers with shared ranks for ties and ranks each field', () => {
    const results = computeAnnualResults(fw, [
      unit(1, 30, 10, 40), // 80
      unit(2, 35, 15, 30), // 80
      unit(3, 40, 20, 35), // 95
      unit(4, 10, 5, 5), // 20
      unit(9, 1, 1, 1, 'commune:commune'), // alone among communes
    ]);
    const byId = new Map(results.map((r) => [r.unitId, r]));
    expect(
      [1, 2, 3, 4].map((id) => [byId.get(id)?.total, byId.get(id)?.rank, byId.get(id)?.of]),
    ).toEqual([
      [80, 2, 4],
      [80, 2, 4],
      [95, 1, 4],
      [20, 4, 4],
    ]);
    expect(byId.get(9)).toMatchObject({ rank: 1, of: 1 });
    // Field B: unit 1 leads with 40 points.
    expect(byId.get(1)?.fields.find((f) => f.fieldId === 'B')).toMatchObject({
      points: 40,
      rank: 1,
      max: 40,
    });
    expect(byId.get(2)?.fields.find((f) => f.fieldId === 'A')).toMatchObject({
      points: 50,
      rank: 2,
    });
    expect(byId.get(3)?.band).toBe('A');
    expect(byId.get(1)?.band).toBe('B');
    expect(byId.get(4)?.band).toBe('D');
  });

  it("compares with last year's final results and explains the change by sub-criterion", () => {
    const previous = new Map([
      [1, { total: 60, rank: 14, of: 20, points: { 'A.1.1': 20, 'A.1.2': 15, 'B.1.1': 25 } }],
    ]);
    const [r] = computeAnnualResults(fw, [unit(1, 30, 10, 40)], previous);
    expect(r?.change).toEqual({ score: 20, places: 13 });
    expect(describePlaces(r?.change?.places ?? 0)).toEqual({
      vi: 'tăng 13 bậc',
      en: 'up 13 places',
    });
    expect(r?.explanation.map((e) => [e.subcriterionId, e.delta])).toEqual([
      ['B.1.1', 15],
      ['A.1.1', 10],
      ['A.1.2', -5],
    ]);
  });

  it('leaves out of the explanation sub-criteria that did not exist last year or did not change', () => {
    expect(
      explainAnnualChange(fw, { 'A.1.1': 10, old: 4 }, { 'A.1.1': 10, 'A.1.2': 3, 'B.1.1': 1 }),
    ).toEqual([]);
    expect(describePlaces(-2)).toEqual({ vi: 'giảm 2 bậc', en: 'down 2 places' });
  });

  it('bands on the percentage of the maximum with configurable thresholds', () => {
    expect(bandOf(90, DEFAULT_ANNUAL_BANDS)).toBe('A');
    expect(bandOf(89.99, DEFAULT_ANNUAL_BANDS)).toBe('B');
    expect(bandOf(70, DEFAULT_ANNUAL_BANDS)).toBe('C');
    expect(bandOf(69.99, DEFAULT_ANNUAL_BANDS)).toBe('D');
    expect(bandOf(50, [{ band: 'Tốt', min: 60 }])).toBeNull();
  });

  it('never gives a total above the maximum when every point is within its sub-criterion', () => {
    for (let i = 0; i < 200; i++) {
      const u = unit(i, Math.random() * 40, Math.random() * 20, Math.random() * 40);
      const [r] = computeAnnualResults(fw, [u]);
      expect(r?.total).toBeLessThanOrEqual(100.01);
    }
    expect(rankWithTies([{ key: 'a', value: 1 }])).toEqual(new Map([['a', 1]]));
  });
});

describe('survey CSV rows', () => {
  const fw = smallFramework();
  const codes = new Set(['U1', 'U2']);
  it('reads valid rows', () => {
    expect(
      validateSurveyRows(
        [
          ['unit_code', 'subcriterion_id', 'points'],
          ['U1', 'A.1.2', '12,5'],
          ['U2', 'A.1.2', '20'],
        ],
        fw,
        codes,
      ),
    ).toEqual({
      ok: true,
      rows: [
        { unitCode: 'U1', subcriterionId: 'A.1.2', points: 12.5 },
        { unitCode: 'U2', subcriterionId: 'A.1.2', points: 20 },
      ],
    });
  });

  it('reports every bad cell with its row and column', () => {
    const result = validateSurveyRows(
      [
        ['unit_code', 'subcriterion_id', 'points'],
        ['U9', 'A.1.2', '1'],
        ['U1', 'A.1.1', '1'],
        ['U1', 'A.1.2', '21'],
        ['U2', 'A.1.2', 'x'],
        ['U2', 'A.1.2', '2'],
      ],
      fw,
      codes,
    );
    expect(result.ok ? [] : result.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'unit_code'],
      [3, 'subcriterion_id'],
      [4, 'points'],
      [5, 'points'],
      [6, 'subcriterion_id'],
    ]);
    expect(validateSurveyRows([['code', 'x']], fw, codes)).toMatchObject({
      ok: false,
      problems: [{ row: 1, column: 'header' }],
    });
  });
});
