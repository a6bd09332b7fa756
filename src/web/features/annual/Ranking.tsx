import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Alert } from '../../components/Alert.js';
import { formatDate, formatDateTime } from '../../components/format.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { groupLabel, LastYearChange, RankCard, signed } from './AnnualBits.js';
import { type RankedUnit, type Results, showPoints } from './api.js';
import { comparePreview, type PreviewUnit } from './previewDiff.js';

type Lang = 'vi' | 'en';

/** Items grouped by peer group (the ranking is within a group), in the order given. */
function byGroup<T>(items: T[], groupOf: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(groupOf(item), [...(groups.get(groupOf(item)) ?? []), item]);
  return [...groups.entries()];
}

/** One section per peer group, each an ordered list of cards. */
function Groups<T>({
  items,
  groupOf,
  card,
  idPrefix,
  t,
}: {
  items: T[];
  groupOf: (item: T) => string;
  card: (item: T) => ReactNode;
  idPrefix: string;
  t: TFunction;
}) {
  return byGroup(items, groupOf).map(([group, members]) => (
    <section key={group} className="annual-section" aria-labelledby={`${idPrefix}-${group}`}>
      <h3 id={`${idPrefix}-${group}`}>{groupLabel(group, t)}</h3>
      <ol className="annual-ranking">{members.map(card)}</ol>
    </section>
  ));
}

/**
 * A ranking as published (the stage's frozen snapshot): the stage, its publication date, the
 * contest deadline while provisional, and the cards per peer group. The public page and the
 * staff ranking show it alike.
 */
export function PublishedRanking({
  results,
  lang,
  t,
}: {
  results: Results;
  lang: Lang;
  t: TFunction;
}) {
  return (
    <>
      <h2>
        {results.year} — {t(`annual:stage.${results.stage}`)}
      </h2>
      {results.publishedAt ? (
        <p className="field-hint">
          {t('annual:public.publishedOn', { date: formatDate(results.publishedAt, lang) })}
        </p>
      ) : null}
      {results.stage === 'provisional' ? (
        <Alert tone="warning">
          {t('annual:public.provisionalNote', {
            date: formatDate(results.contestDeadline ?? '', lang),
          })}
        </Alert>
      ) : null}
      <Groups
        items={results.units}
        groupOf={(u) => u.peerGroup}
        card={(u) => <RankCard key={u.unitId} unit={u} lang={lang} t={t} />}
        idPrefix="g"
        t={t}
      />
      <p className="field-hint">{t('annual:public.bands')}</p>
    </>
  );
}

const unitName = (u: RankedUnit, lang: Lang) => (lang === 'en' && u.nameEn ? u.nameEn : u.name);

/** What moved for one unit against the published ranking, in words (colour only repeats them). */
function Difference({ item, lang, t }: { item: PreviewUnit; lang: Lang; t: TFunction }) {
  const before = item.published;
  if (!before)
    return <span className="annual-diff annual-diff-new">{t('annual:ranking.notPublished')}</span>;
  if (!item.changed)
    return <span className="annual-diff field-hint">{t('annual:ranking.unchanged')}</span>;
  const moves: string[] = [];
  if (item.score !== 0)
    moves.push(t('annual:ranking.scoreMoved', { score: signed(item.score ?? 0, lang) }));
  if (item.otherGroup) moves.push(t('annual:ranking.otherGroup'));
  else if (item.places && item.places > 0)
    moves.push(t('annual:ranking.up', { count: item.places }));
  else if (item.places && item.places < 0)
    moves.push(t('annual:ranking.down', { count: -item.places }));
  else moves.push(t('annual:ranking.sameRank'));
  if (before.band !== item.unit.band)
    moves.push(
      t('annual:ranking.bandMoved', { from: before.band ?? '—', to: item.unit.band ?? '—' }),
    );
  // Places decide the arrow; without a rank to compare (same rank, another group), the points.
  const trend = item.places || (item.score ?? 0);
  const direction = trend > 0 ? 'up' : trend < 0 ? 'down' : 'same';
  return (
    <span className={`annual-diff annual-diff-${direction}`}>
      <span className="annual-diff-was">
        {t('annual:ranking.was', {
          rank: before.rank,
          of: before.of,
          total: showPoints(before.total, lang),
          band: before.band ?? '—',
        })}
      </span>
      <strong>
        <span aria-hidden="true">
          {direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}
        </span>
        {moves.join(' · ')}
      </strong>
    </span>
  );
}

/**
 * A unit's card in the preview, marked as such: with its difference from what was published
 * when `compared`, else (nothing published yet) its change against last year.
 */
function PreviewCard({
  item,
  compared,
  lang,
  t,
}: {
  item: PreviewUnit;
  compared: boolean;
  lang: Lang;
  t: TFunction;
}) {
  const u = item.unit;
  return (
    <li
      className={`annual-rank-card annual-preview-card${compared && item.changed ? ' annual-preview-changed' : ''}`}
    >
      <span className="annual-preview-top">
        <span className="annual-rank">{t('annual:public.rank', { rank: u.rank, of: u.of })}</span>
        <StatusBadge tone="warning">{t('annual:ranking.tag')}</StatusBadge>
      </span>
      <span className="annual-unit-name">{unitName(u, lang)}</span>
      <span className="annual-score">
        {t('annual:public.score', { total: showPoints(u.total, lang) })}
        {u.band ? ` · ${t('annual:public.band', { band: u.band })}` : ''}
      </span>
      {compared ? (
        <Difference item={item} lang={lang} t={t} />
      ) : (
        <LastYearChange unit={u} lang={lang} t={t} />
      )}
    </li>
  );
}

/**
 * The reform office's preview: the ranking computed now from the recorded points, under a
 * banner saying it is not the published result. With the published ranking given, each unit
 * shows what it was published with and what would change (points, places, band), and units the
 * preview no longer ranks are listed.
 */
export function PreviewRanking({
  preview,
  published,
  computedAt,
  lang,
  t,
}: {
  preview: Results;
  published: Results | null;
  computedAt: Date;
  lang: Lang;
  t: TFunction;
}) {
  const comparison = comparePreview(published?.units ?? [], preview.units);
  const time = formatDateTime(computedAt, lang);
  return (
    <div className="annual-preview">
      <Alert tone="warning" title={t('annual:ranking.bannerTitle')}>
        <p>
          {published?.publishedAt
            ? t('annual:ranking.bannerPublished', {
                time,
                date: formatDate(published.publishedAt, lang),
              })
            : t('annual:ranking.bannerUnpublished', { time })}
        </p>
        {published ? (
          <p>
            <strong>{t('annual:ranking.changedCount', { count: comparison.changedCount })}</strong>
          </p>
        ) : null}
      </Alert>
      <h2>
        {preview.year} — {t('annual:ranking.previewView')}
      </h2>
      <Groups
        items={comparison.units}
        groupOf={(item) => item.unit.peerGroup}
        card={(item) => (
          <PreviewCard
            key={item.unit.unitId}
            item={item}
            compared={published !== null}
            lang={lang}
            t={t}
          />
        )}
        idPrefix="preview"
        t={t}
      />
      {comparison.dropped.length > 0 ? (
        <section className="annual-section" aria-labelledby="preview-dropped">
          <h3 id="preview-dropped">{t('annual:ranking.dropped')}</h3>
          <ul>
            {comparison.dropped.map((u) => (
              <li key={u.unitId}>
                {t('annual:ranking.droppedLine', {
                  name: unitName(u, lang),
                  rank: u.rank,
                  of: u.of,
                  total: showPoints(u.total, lang),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
