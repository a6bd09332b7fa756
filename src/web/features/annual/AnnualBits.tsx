import type { TFunction } from 'i18next';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type CycleState, type RankedUnit, showPoints } from './api.js';

/** "Sở, ban, ngành" for province:department, "Xã, phường, đặc khu" for commune:commune. */
export function groupLabel(peerGroup: string, t: TFunction): string {
  const kind = peerGroup.split(':')[1] ?? peerGroup;
  if (kind === 'department' || kind === 'commune') return t(`annual:group.${kind}`);
  return t('annual:group.other', { group: peerGroup });
}

const STATE_TONE: Record<CycleState, 'neutral' | 'info' | 'warning' | 'success'> = {
  draft: 'neutral',
  self_assessment: 'info',
  appraisal: 'info',
  provisional: 'warning',
  final: 'success',
};

export function StateBadge({ state, t }: { state: CycleState; t: TFunction }) {
  return <StatusBadge tone={STATE_TONE[state]}>{t(`annual:state.${state}`)}</StatusBadge>;
}

/** "+3,5" / "−2" with the sign spelled out (U+2212 for minus). */
export function signed(value: number, lang: 'vi' | 'en'): string {
  if (value > 0) return `+${showPoints(value, lang)}`;
  if (value < 0) return `\u2212${showPoints(-value, lang)}`;
  return showPoints(0, lang);
}

/** One unit's line in a ranking: rank, name, score, band and change. */
export function RankCard({ unit, lang, t }: { unit: RankedUnit; lang: 'vi' | 'en'; t: TFunction }) {
  const name = lang === 'en' && unit.nameEn ? unit.nameEn : unit.name;
  return (
    <li className="annual-rank-card">
      <span className="annual-rank">
        {t('annual:public.rank', { rank: unit.rank, of: unit.of })}
      </span>
      <span className="annual-unit-name">{name}</span>
      <span className="annual-score">
        {t('annual:public.score', { total: showPoints(unit.total, lang) })}
        {unit.band ? (
          <>
            {' · '}
            <span className="annual-band">{t('annual:public.band', { band: unit.band })}</span>
          </>
        ) : null}
      </span>
      <LastYearChange unit={unit} lang={lang} t={t} />
    </li>
  );
}

/** "So với năm trước: +3,5 điểm, tăng 2 bậc", or that last year has no result to compare. */
export function LastYearChange({
  unit,
  lang,
  t,
}: {
  unit: RankedUnit;
  lang: 'vi' | 'en';
  t: TFunction;
}) {
  return (
    <span className="annual-change field-hint">
      {unit.change
        ? t('annual:public.change', {
            score: signed(unit.change.score, lang),
            text: unit.change.text[lang],
          })
        : t('annual:public.noPrevious')}
    </span>
  );
}
