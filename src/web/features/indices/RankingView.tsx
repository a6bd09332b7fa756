import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import type { Ranking, RankingUnit } from './api.js';
import { IndexChart } from './IndexChart.js';

const CHART_TOP = 15;

/** The ranking table and a bar chart of totals and on-time rates, grouped by peer group. */
export function RankingView({
  ranking,
  onSelect,
  base,
}: {
  ranking: Ranking;
  onSelect: (code: string) => void;
  base: string;
}) {
  const { t, i18n } = useTranslation('indices');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const na = t('na');
  const fmt = (v: number | null) =>
    v === null
      ? na
      : v.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 });
  const nameOf = (u: RankingUnit) => (lang === 'en' && u.nameEn ? u.nameEn : u.name);
  const groups = [...new Set(ranking.units.map((u) => u.peerGroup))];
  return (
    <>
      <p className="index-note">
        {t('judged', { day: ranking.judgedAt })} {ranking.note[lang]}{' '}
        {t('minSample', { min: ranking.minSample })}
      </p>
      {groups.map((group) => {
        const units = ranking.units.filter((u) => u.peerGroup === group);
        const label = t(`peer.${group.split(':')[1] ?? 'other'}`, { defaultValue: group });
        return (
          <section key={group} aria-label={label}>
            {(() => {
              // A chart of a hundred bars says nothing: the best CHART_TOP scored units; the
              // table below lists every unit.
              const top = units
                .filter((u) => u.total !== null)
                .sort((a, b) => (b.total ?? 0) - (a.total ?? 0))
                .slice(0, CHART_TOP);
              if (top.length === 0) return null;
              return (
                <IndexChart
                  kind="bar"
                  title={t('charts.ranking', { group: label, n: top.length })}
                  summary={t('charts.rankingSummary', {
                    group: label,
                    n: top.length,
                    list: top.map((u) => `${nameOf(u)}: ${fmt(u.total)}`).join('; '),
                  })}
                  categories={top.map((u) => nameOf(u))}
                  series={[
                    { name: t('total'), values: top.map((u) => u.total) },
                    { name: t('onTimeRate'), values: top.map((u) => u.onTimeRate) },
                  ]}
                />
              );
            })()}
            <DataTable
              caption={label}
              columns={[
                {
                  key: 'rank',
                  header: t('rank'),
                  align: 'end',
                  render: (u: RankingUnit) =>
                    u.ranked
                      ? `${u.rank}/${u.of}`
                      : t(`unranked.${u.unrankedReason ?? 'no_score'}`, { min: ranking.minSample }),
                  sortValue: (u: RankingUnit) => u.rank ?? 1e9,
                },
                {
                  key: 'name',
                  header: t('unit'),
                  rowHeader: true,
                  render: (u: RankingUnit) => (
                    <Button variant="ghost" size="small" onClick={() => onSelect(u.unit)}>
                      {nameOf(u)}
                    </Button>
                  ),
                  sortValue: (u: RankingUnit) => nameOf(u),
                },
                {
                  key: 'total',
                  header: t('total'),
                  align: 'end',
                  render: (u: RankingUnit) => fmt(u.total),
                },
                {
                  key: 'onTimeRate',
                  header: t('onTimeRate'),
                  align: 'end',
                  render: (u: RankingUnit) =>
                    u.onTimeRate === null ? na : `${fmt(u.onTimeRate)}%`,
                },
                { key: 'sampleSize', header: t('dossiers'), align: 'end' },
                {
                  key: 'scoreChange',
                  header: t('scoreChange'),
                  align: 'end',
                  render: (u: RankingUnit) => (u.scoreChange === null ? '—' : fmt(u.scoreChange)),
                },
              ]}
              rows={units}
              rowKey={(u) => u.unit}
            />
          </section>
        );
      })}
      <p>
        <a href={`${base}/export.xlsx?period=${ranking.period.key}&lang=${lang}`}>
          {t('exportXlsx')}
        </a>{' '}
        ·{' '}
        <a href={`${base}/export.pdf?period=${ranking.period.key}&lang=${lang}`}>
          {t('exportPdf')}
        </a>
      </p>
    </>
  );
}
