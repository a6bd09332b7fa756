import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.js';
import type { OfficerScorecard, ScorecardFigures } from './api.js';
import { formatRate } from './scorecardFormat.js';

function useLanguage(): 'vi' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'vi';
}

/** A rate as shown: "66,7 %", or "—" (with its meaning for screen readers) when nothing counted. */
export function Rate({ value }: { value: number | null }) {
  const { t } = useTranslation('scorecards');
  const lang = useLanguage();
  if (value === null)
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('none')}</span>
      </>
    );
  return <>{formatRate(value, lang)}</>;
}

/**
 * The figures of one scorecard as labelled tiles: the total line of the staff page, an officer's
 * card on a phone, and "My results" on the office home page.
 */
export function FigureList({ figures }: { figures: ScorecardFigures }) {
  const { t } = useTranslation('scorecards');
  const f = figures;
  const tiles: Array<{ key: string; label: string; value: ReactNode; note?: string }> = [
    { key: 'received', label: t('col.received'), value: f.received },
    {
      key: 'steps',
      label: t('col.steps'),
      value: f.steps,
      note: f.steps > 0 ? t('mine.steps', { onTime: f.stepsOnTime, late: f.stepsLate }) : undefined,
    },
    { key: 'onTimeRate', label: t('col.onTimeRate'), value: <Rate value={f.onTimeRate} /> },
    { key: 'returned', label: t('col.returned'), value: f.returned },
    { key: 'supplementRequests', label: t('col.supplementRequests'), value: f.supplementRequests },
    { key: 'dossiers', label: t('col.dossiers'), value: f.dossiers },
    {
      key: 'satisfactionRate',
      label: t('col.satisfactionRate'),
      value: <Rate value={f.satisfactionRate} />,
      note:
        f.ratings > 0
          ? t('mine.ratings', { satisfied: f.ratingsSatisfied, ratings: f.ratings })
          : undefined,
    },
    {
      key: 'inHand',
      label: t('col.inHand'),
      value: f.inHand,
      note:
        f.inHandOverdue > 0
          ? t('mine.overdue', { count: f.inHandOverdue })
          : f.inHand > 0
            ? t('mine.noOverdue')
            : undefined,
    },
  ];
  return (
    <dl className="scorecard-figures">
      {tiles.map((tile) => (
        <div
          key={tile.key}
          className={
            tile.key === 'inHand' && f.inHandOverdue > 0
              ? 'scorecard-figure scorecard-figure-alert'
              : 'scorecard-figure'
          }
          data-figure={tile.key}
        >
          <dt>{tile.label}</dt>
          <dd>
            <span className="scorecard-figure-value">{tile.value}</span>
            {tile.note ? <span className="scorecard-figure-note">{tile.note}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What each figure counts, folded under a summary. */
export function AboutFigures({ summary }: { summary: string }) {
  const { t } = useTranslation('scorecards');
  const items: Array<[string, string]> = [
    [t('col.received'), t('about.received')],
    [t('col.steps'), t('about.steps')],
    [t('col.onTimeRate'), t('about.onTime')],
    [t('col.returned'), t('about.returned')],
    [t('col.supplementRequests'), t('about.supplement')],
    [t('col.dossiers'), t('about.dossiers')],
    [t('col.satisfactionRate'), t('about.satisfaction')],
    [t('col.inHand'), t('about.inHand')],
  ];
  return (
    <details className="scorecard-about">
      <summary>{summary}</summary>
      <dl className="facts">
        {items.map(([term, text]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{text}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="field-hint">{t('about.empty')}</p>
    </details>
  );
}

/** The officer's markers: overdue dossiers in hand (text and icon, not only colour), disabled. */
export function OfficerBadges({ officer }: { officer: OfficerScorecard }) {
  const { t } = useTranslation('scorecards');
  if (officer.inHandOverdue === 0 && !officer.disabled) return null;
  return (
    <span className="scorecard-badges">
      {officer.inHandOverdue > 0 ? (
        <StatusBadge tone="danger">
          <span aria-hidden="true">⚠ </span>
          {t('list.overdue', { count: officer.inHandOverdue })}
        </StatusBadge>
      ) : null}
      {officer.disabled ? <StatusBadge tone="neutral">{t('list.disabled')}</StatusBadge> : null}
    </span>
  );
}

/** "Chuyên viên xử lý — Sở Tư pháp", one line per grant. */
export function GrantLines({ officer }: { officer: OfficerScorecard }) {
  const { t } = useTranslation('scorecards');
  return (
    <ul className="scorecard-grants">
      {officer.grants.map((g) => (
        <li key={`${g.role}-${g.unitId}`}>
          {t(`roles:${g.role}`)} — {g.unitName ?? t('grants.tenant')}
        </li>
      ))}
    </ul>
  );
}
