import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable.js';
import { showPoints } from './api.js';
import { type ExternalTrend, externalApi, type TrendYear } from './externalApi.js';

/**
 * The trend of each national index the province is ranked in: per year its score, its rank
 * "x/N" and the change against the previous year present, in words — when the number of
 * provinces ranked changed (63 → 34 in 2025) the words say so instead of counting places.
 */
export function ExternalTrends({
  trends,
  lang,
  t,
  headingLevel = 3,
}: {
  trends: ExternalTrend[];
  lang: 'vi' | 'en';
  t: TFunction;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      {trends.map((trend) => (
        <div key={trend.index} className="annual-external">
          <Heading id={`external-${trend.index}`}>{trend.name[lang]}</Heading>
          <DataTable<TrendYear>
            caption={t('external.caption', { name: trend.name[lang] })}
            captionHidden
            rows={[...trend.years].reverse()}
            rowKey={(y) => y.year}
            columns={[
              { key: 'year', header: t('external.year'), rowHeader: true },
              {
                key: 'score',
                header: t('external.score'),
                align: 'end',
                render: (y) => showPoints(y.score, lang),
              },
              {
                key: 'rank',
                header: t('external.rank'),
                render: (y) =>
                  y.rank === null
                    ? '—'
                    : t('external.rankOf', { rank: y.rank, of: y.outOf ?? '?' }),
              },
              {
                key: 'change',
                header: t('external.change'),
                render: (y) =>
                  y.change
                    ? `${y.change[lang]} (${t('external.since', { year: y.sinceYear })})`
                    : '—',
              },
            ]}
          />
        </div>
      ))}
    </>
  );
}

/**
 * The public section "Kết quả các chỉ số bên ngoài" of `/chi-so-cchc`: shown whatever the state
 * of the internal cycle, left out while nothing is recorded (or the read fails: the ranking
 * above is what the page is for).
 */
export function PublicExternalSection() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [trends, setTrends] = useState<ExternalTrend[]>([]);
  useEffect(() => {
    externalApi.publicTrends().then(
      (r) => setTrends(r.trends),
      () => setTrends([]),
    );
  }, []);
  if (trends.length === 0) return null;
  return (
    <section className="annual-section" aria-labelledby="annual-external">
      <h2 id="annual-external">{t('external.title')}</h2>
      <p className="field-hint">{t('external.intro')}</p>
      <ExternalTrends trends={trends} lang={lang} t={t} />
    </section>
  );
}
