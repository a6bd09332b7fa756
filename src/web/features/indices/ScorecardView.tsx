import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { Skeleton } from '../../components/Skeleton.js';
import {
  type DrillDossier,
  type DrillSide,
  indicesApi,
  type Scorecard,
  type ScorecardIndicator,
  type TrendPoint,
} from './api.js';
import { DrilldownView, dossierColumns } from './DrilldownView.js';
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

/** The drill button's accessible name: what the list it opens holds. */
const DRILL_LABEL = {
  dossiers: 'drillLabel',
  procedures: 'drillLabelProcedures',
  feedback: 'drillLabelFeedback',
} as const;

/**
 * One unit's scorecard: total with the N/A rule, rank x/N, change and its explanation, the
 * group breakdown, every indicator's figures, the trend, the channel mix and the on-time
 * breakdown; `internal` adds the drill-down of every figure to the dossiers or procedures it
 * counts, and the overdue list (staff only).
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
  const [drill, setDrill] = useState<{ indicator: ScorecardIndicator; side: DrillSide } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setCard(null);
    setError(null);
    setDrill(null);
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
  const drillButton = (r: ScorecardIndicator, side: DrillSide) =>
    internal && r.countedOver !== 'none' && r[side] > 0 ? (
      <Button
        variant="ghost"
        size="small"
        onClick={() => setDrill({ indicator: r, side })}
        aria-label={t(DRILL_LABEL[r.countedOver], {
          id: r.id,
          // The visible figure starts the name (WCAG 2.5.3, label in name).
          value: r[side],
          side: t(side).toLocaleLowerCase(lang),
        })}
      >
        {r[side]}
      </Button>
    ) : (
      r[side]
    );
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
            render: (r: ScorecardIndicator) => drillButton(r, 'numerator'),
          },
          {
            key: 'denominator',
            header: t('denominator'),
            align: 'end',
            render: (r: ScorecardIndicator) => drillButton(r, 'denominator'),
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

      {internal && drill && (
        <DrilldownView
          code={code}
          period={period}
          indicator={drill.indicator}
          side={drill.side}
          onClose={() => setDrill(null)}
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
