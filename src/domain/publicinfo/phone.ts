/**
 * Vietnamese telephone numbers as agencies publish them on hotline boards: mobile numbers
 * (10 digits, 03x/05x/07x/08x/09x since the 2018 renumbering), fixed lines (11 digits: 02 + area
 * code + subscriber; Hà Nội 024 and TP. Hồ Chí Minh 028 have 3-digit prefixes, the other
 * provinces 4-digit ones such as 0236, since the 2017 renumbering), free and paid service
 * numbers (1800/1900 + 4 or 6 digits) and short public numbers (3 or 4 digits starting with 1,
 * such as 111 or 1022). Pure: no I/O.
 */
export type PhoneKind = 'mobile' | 'landline' | 'service' | 'short';

export interface Phone {
  kind: PhoneKind;
  /** National digits only, as stored: `0912345678`, `02438221111`, `18001096`, `1022`. */
  normalised: string;
}

const SEPARATORS = /[\s.\-()/\u00a0]/g;

/**
 * Reads a number as typed (`+84 912 345 678`, `(024) 3822.1111`, `1800-1096`) and answers its
 * national form, or null when it is no Vietnamese number. The country code 84 (with or without
 * +, or 0084) becomes the leading 0.
 */
export function parsePhone(input: string): Phone | null {
  let digits = input.trim().replace(SEPARATORS, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0084')) digits = `0${digits.slice(4)}`;
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`;
  if (!/^\d+$/.test(digits)) return null;
  if (/^0[35789]\d{8}$/.test(digits)) return { kind: 'mobile', normalised: digits };
  if (/^02\d{9}$/.test(digits)) return { kind: 'landline', normalised: digits };
  if (/^1[89]00(\d{4}|\d{6})$/.test(digits)) return { kind: 'service', normalised: digits };
  if (/^1\d{2,3}$/.test(digits)) return { kind: 'short', normalised: digits };
  return null;
}

/** Hà Nội and TP. Hồ Chí Minh keep 3-digit fixed-line prefixes; the other provinces use 4. */
const THREE_DIGIT_AREAS = new Set(['024', '028']);

/**
 * A stored number grouped for reading aloud, as printed on hotline boards: `0912 345 678`,
 * `024 3822 1111`, `0236 382 2111`, `1800 1096`, `1900 123 456`, `1022`.
 */
export function formatPhone(normalised: string): string {
  const phone = parsePhone(normalised);
  if (!phone) return normalised;
  const d = phone.normalised;
  switch (phone.kind) {
    case 'mobile':
      return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
    case 'landline':
      return THREE_DIGIT_AREAS.has(d.slice(0, 3))
        ? `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`
        : `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
    case 'service':
      return d.length === 8
        ? `${d.slice(0, 4)} ${d.slice(4)}`
        : `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
    case 'short':
      return d;
  }
}

/**
 * The `tel:` link of a stored number: mobile and fixed lines in international form
 * (`tel:+84912345678`, callable from abroad), service and short numbers as dialled at home.
 */
export function telUri(normalised: string): string {
  const phone = parsePhone(normalised);
  if (phone && (phone.kind === 'mobile' || phone.kind === 'landline'))
    return `tel:+84${phone.normalised.slice(1)}`;
  return `tel:${phone?.normalised ?? normalised.replace(/[^\d+]/g, '')}`;
}

/** A plain e-mail address check (one @, a dot in the domain, no spaces); not RFC 5322. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254;
}
