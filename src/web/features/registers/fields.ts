import type { TFunction } from 'i18next';
import { INSPECTION_KINDS, type StaffUnit } from './api.js';
import { unitOptions, yearOptions } from './Bits.js';
import type { FieldSpec, Values } from './RegisterForm.js';

/**
 * The fields of a register record, one list for the form that creates it and the one that
 * corrects it, so both ask the same, and the body their values make. `t` is the registers'
 * translation, `language` the current one.
 */

/** The unit a new record belongs to, among `units` (those the user's roles cover). */
export function unitField(label: string, units: StaffUnit[], language: string): FieldSpec {
  return {
    name: 'unitCode',
    label,
    kind: 'select',
    required: true,
    options: unitOptions(units, language),
  };
}

/** The year a record counts for. */
export function yearField(t: TFunction): FieldSpec {
  return {
    name: 'year',
    label: t('common.year'),
    kind: 'select',
    required: true,
    options: yearOptions(),
  };
}

/** An initiative as filed; `authorsHint` explains the authors when it is first filed. */
export function initiativeFields(t: TFunction, authorsHint?: string): FieldSpec[] {
  return [
    yearField(t),
    { name: 'title', label: t('initiative.title'), required: true },
    { name: 'summary', label: t('initiative.summary'), kind: 'textarea', required: true },
    { name: 'authors', label: t('initiative.authors'), required: true, hint: authorsHint },
  ];
}

export function initiativeBody(v: Values) {
  return { year: Number(v.year), title: v.title, summary: v.summary, authors: v.authors };
}

/**
 * Where an initiative was replicated: a unit other than its own (`units`), and when. The unit is
 * `unitCodes` when recording (the server takes a list, and names it so in a refusal) and
 * `unitCode` when correcting one.
 */
export function replicationFields(
  t: TFunction,
  language: string,
  units: StaffUnit[],
  unitName: 'unitCode' | 'unitCodes',
): FieldSpec[] {
  return [
    {
      name: unitName,
      label: t('initiative.replicatedIn'),
      kind: 'select',
      required: true,
      options: unitOptions(units, language),
    },
    { name: 'replicatedOn', label: t('initiative.replicatedOn'), kind: 'date', required: true },
  ];
}

/** An inspection's plan; `inspected` lists the units it may inspect, null to leave it out. */
export function inspectionFields(
  t: TFunction,
  language: string,
  inspected: StaffUnit[] | null,
  all: StaffUnit[],
): FieldSpec[] {
  return [
    ...(inspected
      ? [
          {
            name: 'inspectedUnitCode',
            label: t('inspection.inspectedUnit'),
            kind: 'select' as const,
            required: true,
            options: unitOptions(inspected, language),
          },
        ]
      : []),
    {
      name: 'inspectingBody',
      label: t('inspection.body'),
      required: true,
      hint: t('inspection.bodyHint'),
    },
    {
      name: 'inspectingUnitCode',
      label: t('inspection.inspectingUnit'),
      kind: 'select',
      options: unitOptions(all, language),
    },
    {
      name: 'kind',
      label: t('inspection.kind'),
      kind: 'select',
      required: true,
      options: INSPECTION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
    },
    { name: 'plannedOn', label: t('inspection.plannedOn'), kind: 'date', required: true },
    { name: 'scope', label: t('inspection.scope'), kind: 'textarea', required: true },
  ];
}

export function inspectionBody(v: Values) {
  return {
    inspectedUnitCode: v.inspectedUnitCode,
    inspectingUnitCode: v.inspectingUnitCode || undefined,
    inspectingBody: v.inspectingBody,
    kind: v.kind,
    plannedOn: v.plannedOn,
    scope: v.scope,
  };
}

/** A recommendation of a concluded inspection. */
export function recommendationFields(
  t: TFunction,
  language: string,
  all: StaffUnit[],
): FieldSpec[] {
  return [
    { name: 'content', label: t('recommendation.content'), kind: 'textarea', required: true },
    {
      name: 'responsibleUnitCode',
      label: t('recommendation.unit'),
      kind: 'select',
      required: true,
      options: unitOptions(all, language),
    },
    { name: 'dueOn', label: t('common.due'), kind: 'date', required: true },
  ];
}

export function recommendationBody(v: Values) {
  return { content: v.content, responsibleUnitCode: v.responsibleUnitCode, dueOn: v.dueOn };
}

/** A remediation plan (after its unit and year, which are not corrected). */
export function planFields(t: TFunction): FieldSpec[] {
  return [
    { name: 'title', label: t('plan.title'), required: true },
    { name: 'indicator', label: t('plan.indicator'), hint: t('plan.indicatorHint') },
    { name: 'dueOn', label: t('common.due'), kind: 'date', hint: t('plan.dueHint') },
  ];
}

export function planBody(v: Values) {
  return {
    title: v.title,
    indicator: v.indicator?.trim() || undefined,
    dueOn: v.dueOn || undefined,
  };
}

/** A task of a remediation plan. */
export function taskFields(t: TFunction, language: string, all: StaffUnit[]): FieldSpec[] {
  return [
    { name: 'title', label: t('plan.task'), required: true },
    {
      name: 'responsibleUnitCode',
      label: t('plan.responsibleUnit'),
      kind: 'select',
      required: true,
      options: unitOptions(all, language),
    },
    { name: 'responsiblePerson', label: t('plan.responsiblePerson'), required: true },
    { name: 'dueOn', label: t('common.due'), kind: 'date', required: true },
  ];
}

export function taskBody(v: Values) {
  return {
    title: v.title,
    responsibleUnitCode: v.responsibleUnitCode,
    responsiblePerson: v.responsiblePerson,
    dueOn: v.dueOn,
  };
}

/** A progress report on a plan; without a date it is today's. */
export function reportFields(t: TFunction): FieldSpec[] {
  return [
    { name: 'text', label: t('plan.reportText'), kind: 'textarea', required: true },
    {
      name: 'percent',
      label: t('plan.percent'),
      kind: 'number',
      required: true,
      min: 0,
      max: 100,
      step: '1',
    },
    {
      name: 'reportedOn',
      label: t('plan.reportedOn'),
      kind: 'date',
      hint: t('plan.reportedOnHint'),
    },
  ];
}

export function reportBody(v: Values) {
  return { text: v.text, percent: Number(v.percent), reportedOn: v.reportedOn || undefined };
}
