import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { DateTime } from '../../components/DateTime.js';
import { Skeleton } from '../../components/Skeleton.js';
import {
  type DrillDossier,
  indicesApi,
  type Scorecard,
  type ScorecardIndicator,
  type TrendPoint,
} from './api.js';
import { IndexChart } from './IndexChart.js';

function num(value: number | null, lang: 'vi' | 'en', na: string): string {
  return value === null
    ? na
    : value.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 });
}

function trendRange(periodKey: string): { from: string; to: string } {
  const year = Number(periodKey.slice(0, 4));
  return { from: `${year}-01`, to: `${year}-12` };
}

/**
 * One unit's scorecard: total with the N/A rule, rank x/N, change and its explanation, the
 * group breakdown, every indicator's figures, the trend, the channel mix and the on-time
 * breakdown; `internal` adds the drill-down to dossiers and the overdue list (staff only).
 */
export function ScorecardView({
  code,
  period,
  internal,
}: {
  code: string;
  period: string;
  internal: boolean;
}) {
  const { t, i18n } = useTranslation('indices');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const na = t('na');
  const client = useMemo(() => indicesApi(!internal), [internal]);
  const [card, setCard] = useState<Scorecard | null>(null);
  const [trend, setTrend] = useState<TrendPoint[]>([]);
  const [overdue, setOverdue] = useState<DrillDossier[] | null>(null);
  const [drill, setDrill] = useState<{ title: string; rows: DrillDossier[]; total: number } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setCard(null);
    setError(null);
    const range = trendRange(period);
    Promise.all([
      client.scorecard(code, period),
      client.trend(code, range.from, range.to),
      internal ? client.overdue(code, period) : Promise.resolve(null),
    ])
      .then(([c, tr, od]) => {
        if (!live) return;
        setCard(c);
        setTrend(tr.points);
        setOverdue(od ? od.dossiers : null);
      })
      .catch((e: unknown) => live && setError(isApiError(e) ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [code, period, internal, client]);

  if (error) return <Alert tone="error">{error}</Alert>;
  if (!card) return <Skeleton lines={6} label={t('loading')} />;

  const indicators = card.groups.flatMap((g) => g.indicators);
  const openDrill = async (ind: ScorecardIndicator, side: 'numerator' | 'denominator') => {
    const res = await client.drill(code, ind.id, side, period);
    setDrill({
      title: `${ind.id} ${ind.shortName[lang]} — ${t(side)}`,
      rows: res.dossiers,
      total: res.total,
    });
  };
  const unitName = lang === 'en' && card.unit.nameEn ? card.unit.nameEn : card.unit.name;

  return (
    <section aria-labelledby="scorecard-title">
      <h2 id="scorecard-title">
        {unitName} — {card.period.label[lang]}
      </h2>
      <p>
        <span className="index-total">{num(card.total, lang, na)}</span> / 100 ·{' '}
        {card.ranked
          ? t('rankOf', { rank: card.rank, of: card.of })
          : t(`unranked.${card.unrankedReason ?? 'no_score'}`, { min: card.minSample })}
        {card.scoreChange !== null && (
          <> · {t('change', { value: num(card.scoreChange, lang, na) })}</>
        )}
        {card.rankChange !== null && card.rankChange !== 0 && (
          <> · {t(card.rankChange > 0 ? 'rankUp' : 'rankDown', { n: Math.abs(card.rankChange) })}</>
        )}
      </p>
      <p className="index-note">
        {t('judged', { day: card.judgedAt })} {card.note[lang]}
      </p>
      {card.explanation.length > 0 && (
        <details>
          <summary>
            {t('explanation', { previous: card.previousPeriod?.label[lang] ?? '' })}
          </summary>
          <ul>
            {card.explanation.map((e) => (
              <li key={e.id}>{e.text[lang]}</li>
            ))}
          </ul>
        </details>
      )}

      <div className="index-grid">
        <IndexChart
          kind="bar"
          title={t('charts.groups')}
          summary={t('charts.groupsSummary', {
            list: card.groups
              .map((g) => `${g.id} ${g.name[lang]}: ${num(g.score, lang, na)}/${g.max}`)
              .join('; '),
          })}
          categories={card.groups.map((g) => `${g.id}. ${g.name[lang]}`)}
          series={[
            { name: t('score'), values: card.groups.map((g) => g.score) },
            { name: t('max'), values: card.groups.map((g) => g.max) },
          ]}
        />
        <IndexChart
          kind="line"
          title={t('charts.trend')}
          summary={t('charts.trendSummary', {
            list: trend.map((p) => `${p.label[lang]}: ${num(p.total, lang, na)}`).join('; '),
          })}
          categories={trend.map((p) => p.period)}
          series={[
            { name: t('total'), values: trend.map((p) => p.total) },
            { name: t('onTimeRate'), values: trend.map((p) => p.onTimeRate) },
          ]}
        />
        <IndexChart
          kind="pie"
          title={t('charts.channels')}
          summary={t('charts.channelsSummary', {
            total: card.channelMix.total,
            inPerson: num(card.channelMix.inPerson, lang, na),
            online: num(card.channelMix.online, lang, na),
            post: num(card.channelMix.post, lang, na),
          })}
          unit="%"
          categories={[t('channel.1'), t('channel.2'), t('channel.3')]}
          series={[
            {
              name: t('share'),
              values: [card.channelMix.inPerson, card.channelMix.online, card.channelMix.post],
            },
          ]}
        />
        <IndexChart
          kind="bar"
          title={t('charts.onTime')}
          summary={t('charts.onTimeSummary', card.onTime)}
          categories={[
            t('class.early'),
            t('class.on_time'),
            t('class.late'),
            t('class.in_progress_on_time'),
            t('class.in_progress_overdue'),
          ]}
          series={[
            {
              name: t('dossiers'),
              values: [
                card.onTime.early,
                card.onTime.onTime,
                card.onTime.late,
                card.onTime.inProgressOnTime,
                card.onTime.inProgressOverdue,
              ],
            },
          ]}
        />
      </div>

      <DataTable
        caption={t('indicators')}
        columns={[
          { key: 'id', header: t('id'), rowHeader: true },
          {
            key: 'name',
            header: t('indicator'),
            render: (r: ScorecardIndicator) => (
              <>
                {r.name[lang]}
                {r.reason ? <div className="index-note">{r.reason[lang]}</div> : null}
              </>
            ),
          },
          {
            key: 'numerator',
            header: t('numerator'),
            align: 'end',
            render: (r: ScorecardIndicator) =>
              internal && r.status !== 'no_data' && r.numerator > 0 ? (
                <Button
                  variant="ghost"
                  size="small"
                  onClick={() => void openDrill(r, 'numerator')}
                  aria-label={t('drillLabel', { id: r.id, side: t('numerator') })}
                >
                  {r.numerator}
                </Button>
              ) : (
                r.numerator
              ),
          },
          {
            key: 'denominator',
            header: t('denominator'),
            align: 'end',
            render: (r: ScorecardIndicator) =>
              internal && r.status !== 'no_data' && r.denominator > 0 ? (
                <Button
                  variant="ghost"
                  size="small"
                  onClick={() => void openDrill(r, 'denominator')}
                  aria-label={t('drillLabel', { id: r.id, side: t('denominator') })}
                >
                  {r.denominator}
                </Button>
              ) : (
                r.denominator
              ),
          },
          {
            key: 'rate',
            header: t('rate'),
            align: 'end',
            render: (r: ScorecardIndicator) => (r.rate === null ? na : `${num(r.rate, lang, na)}%`),
          },
          {
            key: 'score',
            header: t('score'),
            align: 'end',
            render: (r: ScorecardIndicator) => (r.scored ? num(r.score, lang, na) : '—'),
          },
          { key: 'max', header: t('max'), align: 'end' },
        ]}
        rows={indicators}
        rowKey={(r) => r.id}
      />

      {drill && (
        <DataTable
          caption={`${drill.title} (${drill.total})`}
          columns={dossierColumns(t)}
          rows={drill.rows}
          rowKey={(r) => r.id}
        />
      )}
      {internal && overdue && (
        <DataTable
          caption={t('overdueList', { n: overdue.length })}
          columns={dossierColumns(t)}
          rows={overdue}
          rowKey={(r) => r.id}
          empty={t('noOverdue')}
        />
      )}
      <p>
        <a
          href={`${client.base}/units/${encodeURIComponent(code)}/export.xlsx?period=${period}&lang=${lang}`}
        >
          {t('exportXlsx')}
        </a>{' '}
        ·{' '}
        <a
          href={`${client.base}/units/${encodeURIComponent(code)}/export.pdf?period=${period}&lang=${lang}`}
        >
          {t('exportPdf')}
        </a>
      </p>
    </section>
  );
}

function dossierColumns(t: (key: string) => string) {
  return [
    {
      key: 'code',
      header: t('dossierCode'),
      rowHeader: true,
      render: (r: DrillDossier) => r.code ?? `#${r.id}`,
    },
    { key: 'receivingUnit', header: t('receivingUnit') },
    {
      key: 'receivedAt',
      header: t('receivedAt'),
      render: (r: DrillDossier) => <DateTime value={r.receivedAt} />,
    },
    {
      key: 'originalDueAt',
      header: t('dueAt'),
      render: (r: DrillDossier) => (r.originalDueAt ? <DateTime value={r.originalDueAt} /> : '—'),
    },
    {
      key: 'finishedAt',
      header: t('finishedAt'),
      render: (r: DrillDossier) => (r.finishedAt ? <DateTime value={r.finishedAt} /> : '—'),
    },
    {
      key: 'periodClass',
      header: t('classHeader'),
      render: (r: DrillDossier) => (r.periodClass ? t(`class.${r.periodClass}`) : '—'),
    },
  ];
}
