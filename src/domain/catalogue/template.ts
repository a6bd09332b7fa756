import type { LimitUnit, ProcessingStep } from './procedure.types.js';

/** Allotments and limits are kept to hundredths (0.25 day, 1.5 hours). */
const SCALE = 100;
const toHundredths = (n: number): number => Math.round(n * SCALE);

/**
 * What the steps' allotments must add up to: the promised limit, or 1 (the day) for a
 * `same_day` procedure, whose limits are 0 because the clock ignores the budget.
 */
export function templateTarget(promisedLimit: number, unit: LimitUnit): number {
  return unit === 'same_day' ? 1 : promisedLimit;
}

/** Sum of the allotments, exact to hundredths (no floating-point drift: 0.1 + 0.2 = 0.3). */
export function templateTotal(steps: readonly Pick<ProcessingStep, 'allotment'>[]): number {
  return steps.reduce((sum, step) => sum + toHundredths(step.allotment), 0) / SCALE;
}

/** True when the allotments add up to the target, compared in hundredths. */
export function allotmentsMatch(
  steps: readonly Pick<ProcessingStep, 'allotment'>[],
  promisedLimit: number,
  unit: LimitUnit,
): boolean {
  const total = steps.reduce((sum, step) => sum + toHundredths(step.allotment), 0);
  return total === toHundredths(templateTarget(promisedLimit, unit));
}

/**
 * The default processing template for a procedure that came without one (imports from the
 * national database usually do): reception and transfer at the centre → appraisal by a
 * specialist of the agency → approval by its leader → return at the centre on the appointment
 * date (Decree 61/2018 art. 18–20, now Decree 118/2025: the one-stop sequence).
 *
 * Shares: reception about 5% and approval about 15% of the promised limit, rounded down to a
 * half day (a quarter for short limits and for hours) but never less than that quantum;
 * appraisal gets the rest; return takes no time of its own. Allotments add up to the
 * promised limit exactly.
 */
export function defaultTemplate(promisedLimit: number, unit: LimitUnit): ProcessingStep[] {
  const total = toHundredths(templateTarget(promisedLimit, unit));
  const quantum =
    (unit === 'working_days' || unit === 'calendar_days') && total >= 4 * SCALE ? 50 : 25;
  const share = (fraction: number) =>
    Math.max(quantum, Math.floor((total * fraction) / quantum) * quantum);
  let reception = share(0.05);
  let approval = share(0.15);
  if (total - reception - approval <= 0) {
    // Too short for whole quanta (e.g. half an hour): share it out in hundredths instead.
    reception = Math.floor(total * 0.2);
    approval = Math.floor(total * 0.2);
  }
  const appraisal = total - reception - approval;
  return [
    {
      code: 'B1',
      name: 'Tiếp nhận, kiểm tra và chuyển hồ sơ',
      role: 'counter_officer',
      unit: 'centre',
      allotment: reception / SCALE,
      interAgency: false,
    },
    {
      code: 'B2',
      name: 'Thẩm định hồ sơ',
      role: 'specialist',
      unit: 'agency',
      allotment: appraisal / SCALE,
      interAgency: false,
    },
    {
      code: 'B3',
      name: 'Phê duyệt, ký kết quả',
      role: 'leader',
      unit: 'agency',
      allotment: approval / SCALE,
      interAgency: false,
    },
    {
      code: 'B4',
      name: 'Trả kết quả',
      role: 'counter_officer',
      unit: 'centre',
      allotment: 0,
      interAgency: false,
    },
  ];
}
