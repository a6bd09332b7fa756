import type { LocalizedText } from '../indices/index.js';
import { round2 } from '../indices/index.js';

/**
 * The annual CCHC index framework (DOMAIN §7, PAR INDEX style): fields → criteria →
 * sub-criteria, each with maximum points; a sub-criterion is scored by the unit itself
 * (appraised by the reform office), by a survey, or automatically from a metric the system
 * computes. Everything here is data a province issues each year, so it is validated, not coded.
 */

export const SCORING_METHODS = ['self_assessed', 'survey', 'automatic'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

/**
 * Metrics read from the governance registers (src/domain/registers/annual-metrics.ts): reform
 * initiatives filed, inspection recommendations and remediation tasks done by their deadline.
 */
export const REGISTER_METRICS = [
  'initiatives_filed',
  'inspection_recommendations_closed_on_time',
  'remediation_tasks_done_on_time',
] as const;
export type RegisterMetric = (typeof REGISTER_METRICS)[number];

/**
 * Metrics the system computes per unit for a year, each a rate in percent: the service-index
 * formulas they are named after (src/domain/indices), then the register metrics.
 */
export const AUTOMATIC_METRICS = [
  'dossiers_on_time',
  'channel_mix_online_share',
  'dossiers_full_online',
  'dossiers_paid_online',
  'dossiers_electronic_result',
  'dossiers_synced_to_portal',
  'feedback_on_time',
  ...REGISTER_METRICS,
] as const;
export type AutomaticMetric = (typeof AUTOMATIC_METRICS)[number];

/** Whether a metric comes from the governance registers rather than the service index. */
export function isRegisterMetric(metric: AutomaticMetric): metric is RegisterMetric {
  return (REGISTER_METRICS as readonly string[]).includes(metric);
}

/** `linear`: 0 points at a rate ≤ `from`, the maximum at ≥ `to`, proportional between. */
export interface LinearScoring {
  kind: 'linear';
  from: number;
  to: number;
}

/** `stepped`: the points of the highest threshold the rate reaches; 0 below every threshold. */
export interface SteppedScoring {
  kind: 'stepped';
  steps: ReadonlyArray<{ atLeast: number; points: number }>;
}

export type AutomaticScoring = LinearScoring | SteppedScoring;

export interface SubCriterion {
  id: string;
  name: LocalizedText;
  maxPoints: number;
  method: ScoringMethod;
  /** Automatic sub-criteria only. */
  metric?: AutomaticMetric;
  scoring?: AutomaticScoring;
}

export interface Criterion {
  id: string;
  name: LocalizedText;
  maxPoints: number;
  subcriteria: SubCriterion[];
}

export interface Field {
  id: string;
  name: LocalizedText;
  maxPoints: number;
  criteria: Criterion[];
}

/** A band: a score (as a percentage of the framework's maximum) at or above `min` earns it. */
export interface BandThreshold {
  band: string;
  min: number;
}

export interface AnnualFramework {
  name: LocalizedText;
  /** The unit kinds that take part (e.g. department, commune, ward). */
  unitKinds: string[];
  /** Highest first; the last one usually has min 0. Default A ≥ 90, B ≥ 80, C ≥ 70, D. */
  bands: BandThreshold[];
  fields: Field[];
}

/** National bands (DOMAIN §7: A ≥ 90, B 80–<90, C 70–<80), D below: a configurable default. */
export const DEFAULT_ANNUAL_BANDS: BandThreshold[] = [
  { band: 'A', min: 90 },
  { band: 'B', min: 80 },
  { band: 'C', min: 70 },
  { band: 'D', min: 0 },
];

export interface FrameworkProblem {
  /** JSON pointer of the offending value, e.g. /fields/2/criteria/0/maxPoints. */
  path: string;
  message: string;
}

export type FrameworkParse =
  | { ok: true; framework: AnnualFramework }
  | { ok: false; problems: FrameworkProblem[] };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads a framework from JSON and lists every problem found (not only the first), so a
 * reform office fixes the file in one go: names in both languages, unique ids, positive maxima,
 * each level's maximum equal to the sum of its children, a known method, and for automatic
 * sub-criteria a known metric with a linear or stepped scoring that never exceeds the maximum.
 */
export function parseAnnualFramework(input: unknown): FrameworkParse {
  const problems: FrameworkProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input))
    return { ok: false, problems: [{ path: '', message: 'must be an object' }] };

  const name = readName(input.name, '/name', add);
  const unitKinds: string[] = [];
  if (!Array.isArray(input.unitKinds) || input.unitKinds.length === 0) {
    add('/unitKinds', 'must list at least one unit kind');
  } else {
    input.unitKinds.forEach((k, i) => {
      if (typeof k !== 'string' || !/^[a-z_]+$/.test(k))
        add(`/unitKinds/${i}`, 'must be a unit kind such as department or commune');
      else unitKinds.push(k);
    });
  }
  const bands = input.bands === undefined ? DEFAULT_ANNUAL_BANDS : readBands(input.bands, add);

  const ids = new Set<string>();
  const uniqueId = (value: unknown, path: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      add(path, 'must be a non-empty text');
      return '';
    }
    if (ids.has(value)) add(path, `duplicate id ${value}`);
    ids.add(value);
    return value;
  };

  const fields: Field[] = [];
  if (!Array.isArray(input.fields) || input.fields.length === 0) {
    add('/fields', 'must list at least one field');
  } else {
    input.fields.forEach((f, fi) => {
      const fp = `/fields/${fi}`;
      if (!isObject(f)) {
        add(fp, 'must be an object');
        return;
      }
      const fieldId = uniqueId(f.id, `${fp}/id`);
      const criteria: Criterion[] = [];
      if (!Array.isArray(f.criteria) || f.criteria.length === 0)
        add(`${fp}/criteria`, 'must list at least one criterion');
      else
        f.criteria.forEach((c, ci) => {
          const cp = `${fp}/criteria/${ci}`;
          if (!isObject(c)) {
            add(cp, 'must be an object');
            return;
          }
          const criterionId = uniqueId(c.id, `${cp}/id`);
          const subcriteria: SubCriterion[] = [];
          if (!Array.isArray(c.subcriteria) || c.subcriteria.length === 0)
            add(`${cp}/subcriteria`, 'must list at least one sub-criterion');
          else
            c.subcriteria.forEach((s, si) => {
              const sp = `${cp}/subcriteria/${si}`;
              if (!isObject(s)) {
                add(sp, 'must be an object');
                return;
              }
              const sub = readSubCriterion(s, sp, uniqueId, add);
              if (sub) subcriteria.push(sub);
            });
          const criterion: Criterion = {
            id: criterionId,
            name: readName(c.name, `${cp}/name`, add),
            maxPoints: readMax(c.maxPoints, `${cp}/maxPoints`, add),
            subcriteria,
          };
          checkSum(criterion.maxPoints, subcriteria, `${cp}/maxPoints`, 'sub-criteria', add);
          criteria.push(criterion);
        });
      const field: Field = {
        id: fieldId,
        name: readName(f.name, `${fp}/name`, add),
        maxPoints: readMax(f.maxPoints, `${fp}/maxPoints`, add),
        criteria,
      };
      checkSum(field.maxPoints, criteria, `${fp}/maxPoints`, 'criteria', add);
      fields.push(field);
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, framework: { name, unitKinds, bands, fields } };
}

function readName(
  value: unknown,
  path: string,
  add: (p: string, m: string) => void,
): LocalizedText {
  if (!isObject(value) || typeof value.vi !== 'string' || value.vi.trim() === '') {
    add(`${path}/vi`, 'a Vietnamese name is required');
    return { vi: '', en: '' };
  }
  const en = typeof value.en === 'string' && value.en.trim() !== '' ? value.en : value.vi;
  return { vi: value.vi, en };
}

function readMax(value: unknown, path: string, add: (p: string, m: string) => void): number {
  if (!isNumber(value) || value <= 0) {
    add(path, 'must be a number above 0');
    return 0;
  }
  if (round2(value) !== value) add(path, 'at most 2 decimals');
  return value;
}

function checkSum(
  max: number,
  children: Array<{ maxPoints: number }>,
  path: string,
  what: string,
  add: (p: string, m: string) => void,
): void {
  if (max <= 0 || children.length === 0) return;
  const sum = round2(children.reduce((s, c) => s + c.maxPoints, 0));
  if (sum !== round2(max)) add(path, `${max} differs from the sum of its ${what} (${sum})`);
}

function readBands(value: unknown, add: (p: string, m: string) => void): BandThreshold[] {
  if (!Array.isArray(value) || value.length === 0) {
    add('/bands', 'must list at least one band');
    return [];
  }
  const bands: BandThreshold[] = [];
  value.forEach((b, i) => {
    if (
      !isObject(b) ||
      typeof b.band !== 'string' ||
      b.band.trim() === '' ||
      !isNumber(b.min) ||
      b.min < 0 ||
      b.min > 100
    ) {
      add(`/bands/${i}`, 'must be { band: text, min: 0..100 }');
      return;
    }
    const previous = bands[bands.length - 1];
    if (previous && b.min >= previous.min)
      add(`/bands/${i}/min`, 'bands must go from the highest minimum down');
    bands.push({ band: b.band, min: b.min });
  });
  return bands;
}

function readSubCriterion(
  s: Json,
  path: string,
  uniqueId: (v: unknown, p: string) => string,
  add: (p: string, m: string) => void,
): SubCriterion | null {
  const sub: SubCriterion = {
    id: uniqueId(s.id, `${path}/id`),
    name: readName(s.name, `${path}/name`, add),
    maxPoints: readMax(s.maxPoints, `${path}/maxPoints`, add),
    method: 'self_assessed',
  };
  if (!SCORING_METHODS.includes(s.method as ScoringMethod)) {
    add(`${path}/method`, `must be one of ${SCORING_METHODS.join(', ')}`);
    return sub;
  }
  sub.method = s.method as ScoringMethod;
  if (sub.method !== 'automatic') {
    if (s.metric !== undefined || s.scoring !== undefined)
      add(`${path}/scoring`, 'only automatic sub-criteria have a metric and a scoring');
    return sub;
  }
  if (!AUTOMATIC_METRICS.includes(s.metric as AutomaticMetric))
    add(`${path}/metric`, `must be one of ${AUTOMATIC_METRICS.join(', ')}`);
  else sub.metric = s.metric as AutomaticMetric;
  const scoring = readScoring(s.scoring, sub.maxPoints, `${path}/scoring`, add);
  if (scoring) sub.scoring = scoring;
  return sub;
}

function readScoring(
  value: unknown,
  max: number,
  path: string,
  add: (p: string, m: string) => void,
): AutomaticScoring | null {
  if (!isObject(value)) {
    add(path, 'an automatic sub-criterion needs a linear or stepped scoring');
    return null;
  }
  const rate = (v: unknown) => isNumber(v) && v >= 0 && v <= 100;
  if (value.kind === 'linear') {
    if (!rate(value.from)) add(`${path}/from`, 'must be a rate 0..100');
    if (!rate(value.to)) add(`${path}/to`, 'must be a rate 0..100');
    if (rate(value.from) && rate(value.to) && (value.from as number) >= (value.to as number))
      add(`${path}/to`, 'must be above from');
    return { kind: 'linear', from: value.from as number, to: value.to as number };
  }
  if (value.kind === 'stepped') {
    if (!Array.isArray(value.steps) || value.steps.length === 0) {
      add(`${path}/steps`, 'must list at least one threshold');
      return null;
    }
    const steps: Array<{ atLeast: number; points: number }> = [];
    value.steps.forEach((st, i) => {
      const p = `${path}/steps/${i}`;
      if (!isObject(st) || !rate(st.atLeast) || !isNumber(st.points) || st.points < 0) {
        add(p, 'must be { atLeast: rate 0..100, points ≥ 0 }');
        return;
      }
      if (st.points > max) add(`${p}/points`, `exceeds the sub-criterion's maximum ${max}`);
      const previous = steps[steps.length - 1];
      if (previous && (st.atLeast as number) <= previous.atLeast)
        add(`${p}/atLeast`, 'thresholds must rise');
      steps.push({ atLeast: st.atLeast as number, points: st.points });
    });
    return { kind: 'stepped', steps };
  }
  add(`${path}/kind`, 'must be linear or stepped');
  return null;
}

/** Every sub-criterion with the field and criterion it belongs to, in framework order. */
export function flattenSubcriteria(
  framework: AnnualFramework,
): Array<SubCriterion & { fieldId: string; criterionId: string }> {
  return framework.fields.flatMap((f) =>
    f.criteria.flatMap((c) =>
      c.subcriteria.map((s) => ({ ...s, fieldId: f.id, criterionId: c.id })),
    ),
  );
}

/** The framework's maximum: the sum of its fields' maxima. */
export function frameworkMax(framework: AnnualFramework): number {
  return round2(framework.fields.reduce((s, f) => s + f.maxPoints, 0));
}
