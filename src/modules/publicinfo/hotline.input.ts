import { isEmail, isIsoDate, parsePhone } from '../../domain/publicinfo/index.js';
import { cleanText } from '../../domain/text/index.js';
import type { HotlineValues } from './hotline.repository.js';

/** The fields of a hotline as typed (a form, a JSON body or a CSV row), before checking. */
export interface HotlineFields {
  purpose?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  hours?: string | null | undefined;
  person?: string | null | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}

export type HotlineField = keyof HotlineFields;
export type FieldProblem =
  | 'required'
  | 'too_long'
  | 'phone_invalid'
  | 'email_invalid'
  | 'date_invalid'
  | 'before_valid_from';

export interface HotlineProblem {
  field: HotlineField;
  problem: FieldProblem;
}

const LIMITS: Partial<Record<HotlineField, number>> = {
  purpose: 200,
  hours: 200,
  person: 200,
  email: 254,
};

/**
 * Checks and normalises a hotline's fields (text NFC and trimmed, the phone to national
 * digits, an empty valid-from to `today`). Answers every problem at once, so a form or an
 * import report can show them all.
 */
export function readHotlineFields(
  fields: HotlineFields,
  today: string,
): { values: Omit<HotlineValues, 'unit_id'>; problems: HotlineProblem[] } {
  const problems: HotlineProblem[] = [];
  const text = (field: HotlineField): string | null => {
    const raw = fields[field];
    const value = raw === null || raw === undefined ? '' : cleanText(raw);
    const limit = LIMITS[field];
    if (limit !== undefined && value.length > limit) problems.push({ field, problem: 'too_long' });
    return value === '' ? null : value;
  };
  const purpose = text('purpose');
  if (purpose === null) problems.push({ field: 'purpose', problem: 'required' });
  const rawPhone = text('phone');
  const phone = rawPhone === null ? null : parsePhone(rawPhone);
  if (rawPhone === null) problems.push({ field: 'phone', problem: 'required' });
  else if (phone === null) problems.push({ field: 'phone', problem: 'phone_invalid' });
  const email = text('email');
  if (email !== null && !isEmail(email))
    problems.push({ field: 'email', problem: 'email_invalid' });
  const date = (field: 'validFrom' | 'validTo'): string | null => {
    const value = text(field);
    if (value !== null && !isIsoDate(value)) problems.push({ field, problem: 'date_invalid' });
    return value;
  };
  const validFrom = date('validFrom') ?? today;
  const validTo = date('validTo');
  if (validTo !== null && isIsoDate(validFrom) && isIsoDate(validTo) && validTo < validFrom)
    problems.push({ field: 'validTo', problem: 'before_valid_from' });
  return {
    values: {
      purpose: purpose ?? '',
      phone: phone?.normalised ?? '',
      email: email?.toLowerCase() ?? null,
      hours: text('hours'),
      person: text('person'),
      valid_from: validFrom,
      valid_to: validTo,
    },
    problems,
  };
}
