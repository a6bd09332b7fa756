import type { TFunction } from 'i18next';
import { INSPECTION_KINDS, type StaffUnit } from './api.js';
import { unitOptions } from './Bits.js';
import type { FieldSpec } from './RegisterForm.js';

/**
 * The fields of a register record, one list for the form that creates it and the one that
 * corrects it, so both ask the same. `t` is the registers' translation, `language` the
 * current one.
 */

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
