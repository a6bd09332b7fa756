/**
 * Units that filed no reform initiative in a year (DOMAIN §1, §10: each agency should file at
 * least one a year). Which kinds of unit should file is configuration: by default departments
 * (sở, ban, ngành), districts until 2025 and communes/wards/special zones — not the people's
 * committee itself nor the service centre, which are not agencies of their own for this count.
 */
export const DEFAULT_FILING_UNIT_KINDS: readonly string[] = [
  'department',
  'district',
  'city',
  'commune',
  'ward',
  'special_zone',
];

export interface FilingUnit {
  id: number;
  kind: string;
  /** YYYY-MM-DD or null (always existed) */
  validFrom: string | null;
  /** YYYY-MM-DD or null (still exists) */
  validTo: string | null;
}

/** Whether the unit existed on at least one day of `year` (merged units count for their part). */
export function existedIn(unit: Pick<FilingUnit, 'validFrom' | 'validTo'>, year: number): boolean {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return (
    (unit.validFrom === null || unit.validFrom <= last) &&
    (unit.validTo === null || unit.validTo >= first)
  );
}

/**
 * The units of `kinds` that existed in `year` and filed no initiative that year (`filed` holds
 * the ids of units that filed), in the order given.
 */
export function unitsWithoutInitiative<U extends FilingUnit>(input: {
  units: readonly U[];
  filed: ReadonlySet<number>;
  year: number;
  kinds: readonly string[];
}): U[] {
  return input.units.filter(
    (u) => input.kinds.includes(u.kind) && existedIn(u, input.year) && !input.filed.has(u.id),
  );
}
