import { formatNumber, formatPercent, type Lang, type LocalizedText } from './format.js';
import { round2 } from './rounding.js';
import type { UnitScore } from './scoring.js';

/** One indicator or group whose points changed between two periods. */
export interface ScoreChange {
  kind: 'indicator' | 'group';
  id: string;
  /** The indicator's short name, or the group's name. */
  name: LocalizedText;
  max: number;
  previousScore: number | null;
  currentScore: number | null;
  /** current − previous, 2 decimals; null when one side is not applicable. */
  delta: number | null;
  /** Indicators only; null for groups and for N/A. */
  previousRate: number | null;
  currentRate: number | null;
  /** One sentence for the reader: "2.1 Hồ sơ đúng hạn: −3,50 điểm (tỷ lệ 82,00% → 64,50%)". */
  text: LocalizedText;
}

const NA: LocalizedText = { vi: 'không áp dụng', en: 'N/A' };
const POINTS: LocalizedText = { vi: 'điểm', en: 'points' };
const RATE: LocalizedText = { vi: 'tỷ lệ', en: 'rate' };
const GROUP: LocalizedText = { vi: 'Nhóm', en: 'Group' };

function rate(value: number | null, lang: Lang): string {
  return value === null ? NA[lang] : formatPercent(value, lang);
}

function points(value: number | null, lang: Lang): string {
  return value === null ? NA[lang] : formatNumber(value, lang);
}

function of(max: number, lang: Lang): string {
  return lang === 'vi' ? `/${formatNumber(max, lang)}` : ` of ${formatNumber(max, lang)}`;
}

function sentence(c: Omit<ScoreChange, 'text'>, lang: Lang): string {
  const head =
    c.kind === 'group' ? `${GROUP[lang]} ${c.id} ${c.name[lang]}` : `${c.id} ${c.name[lang]}`;
  const change =
    c.delta === null
      ? `${points(c.previousScore, lang)} → ${points(c.currentScore, lang)}${of(c.max, lang)} ${POINTS[lang]}`
      : `${formatNumber(c.delta, lang, { signed: true })} ${POINTS[lang]}`;
  const detail =
    c.kind === 'indicator'
      ? `${RATE[lang]} ${rate(c.previousRate, lang)} → ${rate(c.currentRate, lang)}`
      : `${points(c.previousScore, lang)} → ${points(c.currentScore, lang)}${of(c.max, lang)}`;
  return c.kind === 'group' && c.delta === null
    ? `${head}: ${change}`
    : `${head}: ${change} (${detail})`;
}

function change(base: Omit<ScoreChange, 'text' | 'delta'>): ScoreChange | null {
  const { previousScore: p, currentScore: c } = base;
  if (p === null && c === null) return null;
  const delta = p === null || c === null ? null : round2(c - p);
  if (delta === 0) return null;
  const withDelta = { ...base, delta };
  return { ...withDelta, text: { vi: sentence(withDelta, 'vi'), en: sentence(withDelta, 'en') } };
}

/**
 * Explains a change of score between two periods (DOMAIN §7: "which sub-criteria gained or lost
 * how many points"): every scored indicator and every group whose points changed, or that became
 * applicable or not applicable, with a sentence in Vietnamese (comma decimals) and English.
 * Sorted by absolute change, largest first; items without a numeric change (N/A on one side)
 * come last; equal changes follow ids, a group just before its indicators. Unscored indicators (0 points)
 * are left out. Indicators present in only one of the two framework versions count as N/A on
 * the other side.
 */
export function explainChange(previous: UnitScore, current: UnitScore): ScoreChange[] {
  const out: ScoreChange[] = [];
  const groupIds = [...new Set([...Object.keys(current.groups), ...Object.keys(previous.groups)])];
  for (const id of groupIds) {
    const p = previous.groups[id];
    const c = current.groups[id];
    const ref = c ?? p;
    if (ref === undefined) continue;
    const item = change({
      kind: 'group',
      id,
      name: ref.name,
      max: ref.max,
      previousScore: p?.score ?? null,
      currentScore: c?.score ?? null,
      previousRate: null,
      currentRate: null,
    });
    if (item) out.push(item);
  }
  const indicatorIds = [
    ...new Set([...Object.keys(current.indicators), ...Object.keys(previous.indicators)]),
  ];
  for (const id of indicatorIds) {
    const p = previous.indicators[id];
    const c = current.indicators[id];
    const ref = c ?? p;
    if (ref === undefined || !ref.scored) continue;
    const item = change({
      kind: 'indicator',
      id,
      name: ref.shortName,
      max: ref.max,
      previousScore: p?.score ?? null,
      currentScore: c?.score ?? null,
      previousRate: p?.rate ?? null,
      currentRate: c?.rate ?? null,
    });
    if (item) out.push(item);
  }
  const order = (x: ScoreChange) => (x.delta === null ? -1 : Math.abs(x.delta));
  // On equal change, id order puts a group ("2") just before its indicators ("2.1").
  return out.sort(
    (a, b) => order(b) - order(a) || a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
}

/**
 * Describes a rank change as people say it (DOMAIN §1: Lai Châu "up 13 places"): positive means
 * up. Null (not ranked in one of the periods) reads "not comparable".
 */
export function describeRankChange(rankChange: number | null): LocalizedText {
  if (rankChange === null) return { vi: 'không so sánh được', en: 'not comparable' };
  if (rankChange === 0) return { vi: 'giữ nguyên thứ hạng', en: 'same place' };
  const n = Math.abs(rankChange);
  return rankChange > 0
    ? { vi: `tăng ${n} bậc`, en: `up ${n} ${n === 1 ? 'place' : 'places'}` }
    : { vi: `giảm ${n} bậc`, en: `down ${n} ${n === 1 ? 'place' : 'places'}` };
}
