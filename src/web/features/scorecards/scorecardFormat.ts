import { yearInVietnam } from '../../components/format.js';
import { unitsUnderGrants } from '../../unitScope.js';
import { periodOptions } from '../indices/PeriodPicker.js';
import type { UnitTreeItem } from '../org/api.js';
import type { OfficerScorecard, ScorecardFigures } from './api.js';

/**
 * Pure helpers of the scorecard screens: the period and sort read from the address, the order of
 * the officers, how a rate is shown, the CSV of the table, and the units a reader may filter by.
 */

/** Who reads other officers' scorecards (src/modules/scorecards SCORECARD_READ_ROLES). */
export const SCORECARD_READ_ROLES = ['leader', 'reform_office'] as const;

/** The period shown first: the current year in Vietnam, as on the service-index dashboard. */
export function defaultPeriod(now: Date): string {
  return String(yearInVietnam(now));
}

/**
 * The period in the address when the picker offers it (this year and last, by year, half,
 * quarter and month), else the default: a hand-typed key the picker cannot show would
 * otherwise sit behind a picker that names another period.
 */
export function periodFrom(value: string | null, now: Date): string {
  if (value && periodOptions(now, 'vi').some((o) => o.value === value)) return value;
  return defaultPeriod(now);
}

/** The columns the officers can be ordered by (the table's sortable columns). */
export const SORT_KEYS = [
  'name',
  'received',
  'steps',
  'stepsLate',
  'onTimeRate',
  'returned',
  'supplementRequests',
  'dossiers',
  'satisfactionRate',
  'inHand',
  'inHandOverdue',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface Sort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: Sort = { key: 'name', direction: 'asc' };

/** `?sort=onTimeRate&order=desc` → the order; anything else → by name. */
export function sortFrom(params: URLSearchParams): Sort {
  const key = params.get('sort');
  if (!key || !(SORT_KEYS as readonly string[]).includes(key)) return DEFAULT_SORT;
  return { key: key as SortKey, direction: params.get('order') === 'desc' ? 'desc' : 'asc' };
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/**
 * The officers in the chosen order. An empty rate ("—", nothing counted) goes last whichever the
 * direction, so "lowest on-time share first" starts with real figures; ties go by name.
 */
export function sortOfficers(rows: readonly OfficerScorecard[], sort: Sort): OfficerScorecard[] {
  const factor = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: OfficerScorecard, b: OfficerScorecard) =>
    collator.compare(a.name, b.name) || a.userId - b.userId;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return factor * byName(a, b);
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return factor * (x - y) || byName(a, b);
  });
}

/** "66,7 %" (vi) or "66.7%" (en); "—" when nothing was counted (never "0 %"). */
export function formatRate(rate: number | null, language: 'vi' | 'en' = 'vi'): string {
  if (rate === null) return '—';
  const n = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(rate);
  return language === 'en' ? `${n}%` : `${n} %`;
}

/** The figure columns of the CSV, in order. */
export const CSV_FIGURES = [
  'received',
  'steps',
  'stepsOnTime',
  'stepsLate',
  'onTimeRate',
  'returned',
  'supplementRequests',
  'dossiers',
  'ratings',
  'ratingsSatisfied',
  'satisfactionRate',
  'inHand',
  'inHandOverdue',
] as const satisfies ReadonlyArray<keyof ScorecardFigures>;

export interface CsvLabels {
  name: string;
  username: string;
  grants: string;
  total: string;
  figures: Record<(typeof CSV_FIGURES)[number], string>;
  /** "Chuyên viên xử lý — Sở Tư pháp" for one grant. */
  grant: (g: OfficerScorecard['grants'][number]) => string;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what would break a field; a leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The table as CSV (RFC 4180, CRLF), one line per officer in the order shown and the total last.
 * Rates are plain numbers with a dot, empty when nothing was counted. Starts with a byte-order
 * mark so spreadsheet programs read the Vietnamese as UTF-8.
 */
export function scorecardsCsv(
  rows: readonly OfficerScorecard[],
  total: ScorecardFigures,
  labels: CsvLabels,
): string {
  const head = [
    labels.name,
    labels.username,
    labels.grants,
    ...CSV_FIGURES.map((f) => labels.figures[f]),
  ];
  const lines = [head.map(cell).join(',')];
  for (const r of rows)
    lines.push(
      [
        r.name,
        r.username ?? '',
        r.grants.map(labels.grant).join('; '),
        ...CSV_FIGURES.map((f) => r[f]),
      ]
        .map(cell)
        .join(','),
    );
  lines.push([labels.total, '', '', ...CSV_FIGURES.map((f) => total[f])].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The units a reader may filter by: the subtrees of their leader and reform-office grants (a
 * grant without a unit covers the tenant), in the tree's order. The server checks again.
 */
export function scopeUnits(
  units: readonly UnitTreeItem[],
  grants: ReadonlyArray<{ role: string; unitId: number | null }>,
): UnitTreeItem[] {
  return unitsUnderGrants(units, grants, SCORECARD_READ_ROLES).units;
}
