/** The two languages every user-facing text of the index carries. */
export type Lang = 'vi' | 'en';

/** A text in Vietnamese and English; the caller picks by the reader's language. */
export interface LocalizedText {
  vi: string;
  en: string;
}

/** The minus sign used in sentences: U+2212 reads better than a hyphen beside a number. */
export const MINUS = '\u2212';

/**
 * Formats a number for reading: Vietnamese uses a comma for decimals and a dot for thousands
 * (82,00; 1.234,50), English the reverse (TCVN / common Vietnamese administrative usage).
 * With `signed`, positive values get "+" and negative values "−" (U+2212), zero gets none.
 */
export function formatNumber(
  value: number,
  lang: Lang,
  options: { decimals?: number; signed?: boolean } = {},
): string {
  const decimals = options.decimals ?? 2;
  const fixed = Math.abs(value).toFixed(decimals);
  const [intPart = '0', fracPart] = fixed.split('.');
  const thousands = lang === 'vi' ? '.' : ',';
  const decimal = lang === 'vi' ? ',' : '.';
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const body = fracPart === undefined ? grouped : `${grouped}${decimal}${fracPart}`;
  const isZero = Number(fixed) === 0;
  let sign = '';
  if (value < 0 && !isZero) sign = MINUS;
  else if (options.signed && value > 0 && !isZero) sign = '+';
  return sign + body;
}

/** Formats a percentage rate ("82,00%" in Vietnamese, "82.00%" in English). */
export function formatPercent(value: number, lang: Lang): string {
  return `${formatNumber(value, lang)}%`;
}
