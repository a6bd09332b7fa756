/**
 * Format checks for applicant identifiers (DOMAIN §4 reception). They check the shape, not
 * that the number exists: that would need the national population database.
 */

/**
 * A citizen identity number (căn cước / CCCD, Law on Identification 2023): 12 digits; the first
 * three are the province of birth registration (001–096), the fourth encodes century and sex
 * (0–9), the next two the year of birth.
 */
export function isCitizenId(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const province = Number(value.slice(0, 3));
  return province >= 1 && province <= 96;
}

/**
 * A tax code (mã số thuế, Circular 105/2020/TT-BTC): 10 digits for an organisation, 10 + "-" +
 * 3 digits for a dependent unit (the dash may be omitted), or since 1/7/2025 an individual's
 * 12-digit identity number.
 */
export function isTaxCode(value: string): boolean {
  return /^\d{10}(-?\d{3})?$/.test(value) || isCitizenId(value);
}

/** A Vietnamese phone number: 0 or +84 then 9 digits (10 for old 11-digit numbers). */
export function isPhone(value: string): boolean {
  return /^(0|\+84)\d{9,10}$/.test(value.replace(/[\s.-]/g, ''));
}

export function normalisePhone(value: string): string {
  const digits = value.replace(/[\s.-]/g, '');
  return digits.startsWith('+84') ? `0${digits.slice(3)}` : digits;
}
