import { describe, expect, it } from 'vitest';
import { IndicesError } from './errors.js';
import {
  DEFAULT_SERVICE_INDEX_FRAMEWORK,
  listIndicators,
  parseFramework,
  type ServiceIndexFramework,
  validateFramework,
} from './framework.js';

function copy(): ServiceIndexFramework {
  return structuredClone(DEFAULT_SERVICE_INDEX_FRAMEWORK);
}

describe('DEFAULT_SERVICE_INDEX_FRAMEWORK', () => {
  it('is valid', () => {
    expect(validateFramework(DEFAULT_SERVICE_INDEX_FRAMEWORK)).toEqual([]);
  });

  it('has the six groups of Decision 766 worth 18, 20, 12, 10, 22 and 18 points', () => {
    expect(DEFAULT_SERVICE_INDEX_FRAMEWORK.groups.map((g) => [g.id, g.maxPoints])).toEqual([
      ['1', 18],
      ['2', 20],
      ['3', 12],
      ['4', 10],
      ['5', 22],
      ['6', 18],
    ]);
    expect(DEFAULT_SERVICE_INDEX_FRAMEWORK.maxPoints).toBe(100);
  });

  it('gives every indicator its maximum and threshold from DOMAIN §6', () => {
    const table = Object.fromEntries(
      listIndicators(DEFAULT_SERVICE_INDEX_FRAMEWORK).map((i) => [
        i.id,
        [i.maxPoints, i.threshold, i.scored],
      ]),
    );
    expect(table).toEqual({
      '1.1': [6, 100, true],
      '1.2': [4, 100, true],
      '1.3': [2, 100, true],
      '1.4': [6, 100, true],
      '2.1': [20, 100, true],
      '3.1': [12, 50, true],
      '3.2': [0, 80, false],
      '3.3': [0, 100, false],
      '3.4': [0, 100, false],
      '4.1': [2, 80, true],
      '4.2': [2, 80, true],
      '4.3': [6, 100, true],
      '5.1': [6, 100, true],
      '5.2': [4, 80, true],
      '5.3': [2, 100, true],
      '5.4': [2, 80, true],
      '5.5': [4, 100, true],
      '5.6': [2, 100, true],
      '5.7': [2, 100, true],
      '6.1': [6, 100, true],
      '6.2': [6, 100, true],
      '6.3': [6, 90, true],
    });
  });

  it('uses each formula once', () => {
    const ids = listIndicators(DEFAULT_SERVICE_INDEX_FRAMEWORK).map((i) => i.formulaId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('survives a round trip through JSON', () => {
    const loaded = parseFramework(JSON.parse(JSON.stringify(DEFAULT_SERVICE_INDEX_FRAMEWORK)));
    expect(loaded).toEqual(DEFAULT_SERVICE_INDEX_FRAMEWORK);
  });
});

describe('validateFramework', () => {
  it('reports indicators that do not add up to their group', () => {
    const fw = copy();
    fw.groups[0]!.indicators[0]!.maxPoints = 5;
    const issues = validateFramework(fw);
    expect(issues.map((i) => i.path)).toContain('$.groups[0].maxPoints');
    expect(issues.map((i) => i.path)).not.toContain('$.maxPoints');
  });

  it('reports groups that do not add up to 100', () => {
    const fw = copy();
    fw.groups[1]!.maxPoints = 21;
    fw.groups[1]!.indicators[0]!.maxPoints = 21;
    expect(validateFramework(fw)).toEqual([
      { path: '$.maxPoints', message: 'groups add up to 101, framework max is 100' },
    ]);
  });

  it('reports duplicate indicator and group ids', () => {
    const fw = copy();
    fw.groups[0]!.indicators[1]!.id = '1.1';
    fw.groups[2]!.id = '2';
    const paths = validateFramework(fw).map((i) => i.path);
    expect(paths).toContain('$.groups[0].indicators[1].id');
    expect(paths).toContain('$.groups[2].id');
  });

  it('reports an unscored indicator that carries points', () => {
    const fw = copy();
    fw.groups[2]!.indicators[1]!.maxPoints = 1;
    expect(validateFramework(fw).map((i) => i.path)).toContain(
      '$.groups[2].indicators[1].maxPoints',
    );
  });

  it('reports thresholds outside (0, 100] and unknown formulas', () => {
    const fw = copy() as unknown as {
      groups: Array<{ indicators: Array<Record<string, unknown>> }>;
    };
    fw.groups[0]!.indicators[0]!['threshold'] = 0;
    fw.groups[0]!.indicators[1]!['formulaId'] = 'made_up';
    const paths = validateFramework(fw).map((i) => i.path);
    expect(paths).toEqual([
      '$.groups[0].indicators[0].threshold',
      '$.groups[0].indicators[1].formulaId',
    ]);
  });

  it('accepts decimal maxima that add up exactly', () => {
    const fw = copy();
    fw.groups[0]!.indicators[2]!.maxPoints = 1.7;
    fw.groups[0]!.indicators[3]!.maxPoints = 6.3;
    expect(validateFramework(fw)).toEqual([]);
  });

  it('reports a shape that is not a framework', () => {
    expect(validateFramework(null)).toEqual([
      { path: '$', message: 'framework must be an object' },
    ]);
    expect(validateFramework({ id: 'x' }).map((i) => i.path)).toEqual([
      '$.version',
      '$.name',
      '$.effectiveFrom',
      '$.maxPoints',
      '$.groups',
    ]);
  });
});

describe('parseFramework', () => {
  it('throws framework_invalid with the issues', () => {
    const fw = copy();
    fw.version = 0;
    try {
      parseFramework(fw);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IndicesError);
      expect((e as IndicesError).code).toBe('framework_invalid');
      expect((e as IndicesError).details).toEqual([
        { path: '$.version', message: 'version must be a positive integer' },
      ]);
    }
  });
});
