import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { importExternal } from '../annual/index.js';

/**
 * The demo province's results in national indices (DOMAIN §1 seeds: PAR INDEX 58/63 in 2018,
 * 51/63 in 2019, 38/63 in 2020; later years and the other indices are plausible illustrations,
 * not published figures). From 2025 the country ranks 34 provinces.
 */
const ROWS: ReadonlyArray<[string, number, number, number, number]> = [
  ['par_index', 2018, 76.52, 58, 63],
  ['par_index', 2019, 79.85, 51, 63],
  ['par_index', 2020, 84.1, 38, 63],
  ['par_index', 2021, 85.02, 33, 63],
  ['par_index', 2022, 83.47, 40, 63],
  ['par_index', 2023, 86.12, 28, 63],
  ['par_index', 2024, 87.3, 24, 63],
  ['par_index', 2025, 88.05, 14, 34],
  ['sipas', 2021, 82.9, 40, 63],
  ['sipas', 2022, 80.1, 50, 63],
  ['sipas', 2023, 83.6, 35, 63],
  ['sipas', 2024, 84.4, 31, 63],
  ['sipas', 2025, 85.2, 15, 34],
  ['papi', 2022, 41.85, 35, 63],
  ['papi', 2023, 42.3, 30, 63],
  ['papi', 2024, 43.1, 26, 63],
  ['pci', 2022, 62.8, 50, 63],
  ['pci', 2023, 64.1, 45, 63],
  ['pci', 2024, 65.3, 41, 63],
];

/**
 * Records the results published before the demo's last day (a year's results come out the
 * following year), through the annual module's own import, as the demo's reform office.
 */
export async function seedExternalResults(
  base: AppContext,
  input: { tenantId: number; actor: Actor; until: number },
): Promise<number> {
  const lastYear = new Date(input.until).getUTCFullYear() - 1;
  const rows = ROWS.filter(([, year]) => year <= lastYear);
  if (rows.length === 0) return 0;
  const note = (index: string) =>
    index === 'papi'
      ? 'Số liệu minh hoạ (demo); PAPI chấm trên thang 80'
      : 'Số liệu minh hoạ (demo)';
  const csv = [
    'index,year,score,rank,out_of,note',
    ...rows.map((r) => `${r.join(',')},${note(r[0])}`),
  ].join('\n');
  const ctx: AppContext = { ...base, now: () => new Date(input.until) };
  const { imported } = await importExternal({
    ctx,
    tenantId: input.tenantId,
    actor: input.actor,
    csv,
  });
  return imported;
}
