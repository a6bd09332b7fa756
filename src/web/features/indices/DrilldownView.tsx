import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime, Money } from '../../components/DateTime.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import {
  type DrillDossier,
  type Drilldown,
  type DrillFeedback,
  type DrillProcedure,
  type DrillSide,
  indicesApi,
  type ScorecardIndicator,
} from './api.js';

const PAGE_SIZE = 50;

type T = (key: string, options?: Record<string, unknown>) => string;

function yesNo(t: T, value: boolean | null): string {
  return value === null ? '—' : value ? t('drill.yes') : t('drill.no');
}

/** The table columns for the dossier lists (drill-down and overdue list). */
export function dossierColumns(
  t: T,
  extra: { inNumerator?: boolean; deductions?: boolean } = {},
): Column<DrillDossier>[] {
  const columns: Column<DrillDossier>[] = [
    {
      key: 'code',
      header: t('dossierCode'),
      rowHeader: true,
      render: (r) => r.code ?? `#${r.id}`,
    },
    { key: 'receivingUnit', header: t('receivingUnit') },
    {
      key: 'receivedAt',
      header: t('receivedAt'),
      render: (r) => <DateTime value={r.receivedAt} />,
    },
    {
      key: 'originalDueAt',
      header: t('dueAt'),
      render: (r) => (r.originalDueAt ? <DateTime value={r.originalDueAt} /> : '—'),
    },
    {
      key: 'finishedAt',
      header: t('finishedAt'),
      render: (r) => (r.finishedAt ? <DateTime value={r.finishedAt} /> : '—'),
    },
    {
      key: 'periodClass',
      header: t('classHeader'),
      render: (r) => (r.periodClass ? t(`class.${r.periodClass}`) : '—'),
    },
  ];
  if (extra.deductions)
    columns.push({
      key: 'deductions',
      header: t('drill.deductions'),
      render: (r) => r.deductions.map((d) => t(`drill.deduction.${d}`)).join('; '),
    });
  if (extra.inNumerator)
    columns.push({
      key: 'inNumerator',
      header: t('drill.inNumerator'),
      render: (r) => yesNo(t, r.inNumerator),
    });
  return columns;
}

/** The facts that decide each procedure formula, so the table shows why a row counts. */
function procedureColumns(t: T, lang: 'vi' | 'en', formula: string): Column<DrillProcedure>[] {
  const date = (value: string | null): ReactNode =>
    value ? <DateTime value={value} dateOnly /> : '—';
  const count = (key: keyof DrillProcedure['dossiers']): Column<DrillProcedure> => ({
    key: `dossiers.${key}`,
    header: t(`drill.dossiers.${key}`),
    align: 'end',
    render: (r) => r.dossiers[key],
  });
  const facts = {
    announcedOn: {
      key: 'announcedOn',
      header: t('drill.announcedOn'),
      render: (r) => date(r.announcedOn),
    },
    publishBy: { key: 'publishBy', header: t('drill.publishBy'), render: (r) => date(r.publishBy) },
    publishedOn: {
      key: 'publishedOn',
      header: t('drill.publishedOn'),
      render: (r) => date(r.publishedOn),
    },
    legalEffectiveOn: {
      key: 'legalEffectiveOn',
      header: t('drill.legalEffectiveOn'),
      render: (r) => date(r.legalEffectiveOn),
    },
    complete: {
      key: 'complete',
      header: t('drill.complete'),
      render: (r) => yesNo(t, r.complete),
    },
    onlineLevel: {
      key: 'onlineLevel',
      header: t('drill.onlineLevel'),
      render: (r) => (r.onlineLevel ? t(`drill.online.${r.onlineLevel}`) : '—'),
    },
    feeAmount: {
      key: 'feeAmount',
      header: t('drill.feeAmount'),
      align: 'end',
      render: (r) => (r.feeAmount === null ? '—' : <Money amount={r.feeAmount} />),
    },
    forIndividuals: {
      key: 'forIndividuals',
      header: t('drill.forIndividuals'),
      render: (r) => yesNo(t, r.forIndividuals),
    },
    populationDb: {
      key: 'populationDb',
      header: t('drill.populationDb'),
      render: (r) => yesNo(t, r.populationDb),
    },
  } satisfies Record<string, Column<DrillProcedure>>;
  const byFormula: Record<string, Column<DrillProcedure>[]> = {
    procedures_announced_on_time: [facts.announcedOn, facts.publishBy, facts.legalEffectiveOn],
    procedures_published_on_time: [facts.announcedOn, facts.publishBy, facts.publishedOn],
    procedures_published_complete: [facts.publishedOn, facts.complete],
    procedures_offering_online: [facts.onlineLevel, count('received'), count('offeringOnline')],
    online_services_used: [count('offeringOnline'), count('online')],
    fee_procedures_offering_online_payment: [
      facts.feeAmount,
      count('withFee'),
      count('fullOnline'),
      count('paidOnline'),
    ],
    fee_procedures_paid_online: [facts.feeAmount, count('withFee'), count('paidOnline')],
    procedures_population_database: [facts.forIndividuals, facts.populationDb],
  };
  return [
    { key: 'code', header: t('drill.procedureCode'), rowHeader: true },
    {
      key: 'name',
      header: t('drill.procedureName'),
      render: (r) => (lang === 'en' && r.nameEn ? r.nameEn : (r.name ?? '—')),
    },
    { key: 'agencyUnit', header: t('drill.agency'), render: (r) => r.agencyUnit ?? '—' },
    ...(byFormula[formula] ?? []),
    { key: 'inNumerator', header: t('drill.inNumerator'), render: (r) => yesNo(t, r.inNumerator) },
  ];
}

/**
 * The feedback items behind 6.1 (the steps' deadlines and the class at the judging day) or 6.2
 * (likes, dislikes and why an item is subtracted). The code opens the item's staff page (the
 * feedback module checks its own reading roles there).
 */
function feedbackColumns(t: T, indicator: string, side: DrillSide): Column<DrillFeedback>[] {
  const date = (value: string | null): ReactNode => (value ? <DateTime value={value} /> : '—');
  const columns: Column<DrillFeedback>[] = [
    {
      key: 'code',
      header: t('drill.feedbackCode'),
      rowHeader: true,
      render: (r) => <Link to={`/quan-tri/phan-anh/${r.id}`}>{r.code}</Link>,
    },
    { key: 'state', header: t('drill.feedbackState'), render: (r) => t(`drill.state.${r.state}`) },
    {
      key: 'unit',
      header: t('drill.feedbackUnit'),
      // The name first (what staff recognise), the code after it (what they search by).
      render: (r) => (r.unitName ? `${r.unitName} (${r.unit})` : r.unit),
    },
    { key: 'receivedAt', header: t('receivedAt'), render: (r) => date(r.receivedAt) },
  ];
  if (indicator === '6.2')
    columns.push(
      { key: 'likes', header: t('drill.likes'), align: 'end', render: (r) => r.likes },
      { key: 'dislikes', header: t('drill.dislikes'), align: 'end', render: (r) => r.dislikes },
      {
        key: 'dissatisfaction',
        header: t('drill.dissatisfactionHeader'),
        render: (r) =>
          r.dissatisfaction.length === 0
            ? '—'
            : r.dissatisfaction.map((d) => t(`drill.dissatisfaction.${d}`)).join('; '),
      },
    );
  else
    columns.push(
      { key: 'answerBy', header: t('drill.answerBy'), render: (r) => date(r.answerBy) },
      { key: 'publishBy', header: t('drill.feedbackPublishBy'), render: (r) => date(r.publishBy) },
      {
        key: 'finishedAt',
        header: t('drill.feedbackFinishedAt'),
        render: (r) => date(r.finishedAt),
      },
      {
        key: 'periodClass',
        header: t('classHeader'),
        render: (r) => (r.periodClass ? t(`class.${r.periodClass}`) : '—'),
      },
    );
  if (side === 'denominator')
    columns.push({
      key: 'inNumerator',
      header: t('drill.inNumerator'),
      render: (r) => yesNo(t, r.inNumerator),
    });
  return columns;
}

/**
 * The staff drill-down of one figure of a scorecard: the dossiers or the procedures its
 * numerator or denominator counts, a page at a time (server order: reception for dossiers and
 * feedback, code for procedures), with the figures it adds up to. For 6.3 the numerator is a subtraction, so the
 * list shows the deducted dossiers and the sum that gives the figure.
 */
export function DrilldownView({
  code,
  period,
  indicator,
  side,
  onClose,
}: {
  code: string;
  period: string;
  indicator: ScorecardIndicator;
  side: DrillSide;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('indices');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const client = useMemo(() => indicesApi(false), []);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Drilldown | null>(null);
  const [error, setError] = useState<string | null>(null);

  const heading = useRef<HTMLHeadingElement>(null);

  // A new figure starts at its first page, and focus moves to the list it opened (below the
  // indicators table, possibly off screen), so keyboard and screen-reader users land on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reset is keyed on the figure.
  useEffect(() => {
    setPage(1);
    heading.current?.focus();
  }, [code, period, indicator.id, side]);

  useEffect(() => {
    if (indicator.countedOver === 'none') return;
    let live = true;
    setError(null);
    client
      .drill(code, { id: indicator.id, countedOver: indicator.countedOver }, side, period, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      })
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(isApiError(e) ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client, code, period, indicator.id, indicator.countedOver, side, page]);

  const title = `${indicator.id} ${indicator.shortName[lang]} — ${t(side)}`;
  let body: ReactNode;
  if (indicator.countedOver === 'none') {
    body = <Alert tone="info">{indicator.reason?.[lang] ?? t('na')}</Alert>;
  } else if (error) {
    body = <Alert tone="error">{error}</Alert>;
  } else if (!data || data.indicator !== indicator.id || data.side !== side) {
    body = <Skeleton lines={4} label={t('loading')} />;
  } else {
    const kind = data.countedOver;
    const summary =
      data.countedOver === 'dossiers' && data.listing === 'deductions' && data.deducted
        ? t('drill.deductionSummary', {
            finished: data.denominator,
            late: data.deducted.late,
            negative: data.deducted.negative,
            numerator: data.numerator,
            total: data.total,
          })
        : t(`drill.summary.${kind}`, {
            total: data.total,
            side: t(side).toLocaleLowerCase(lang === 'en' ? 'en' : 'vi'),
            numerator: data.numerator,
            denominator: data.denominator,
          });
    const caption = t(`drill.caption.${kind}`, { title, total: data.total });
    body = (
      <>
        <p className="index-note">{summary}</p>
        {data.countedOver === 'feedback' ? (
          <DataTable
            caption={caption}
            columns={feedbackColumns(t, data.indicator, side)}
            rows={data.feedback}
            rowKey={(r) => r.id}
            empty={t('drill.emptyFeedback')}
          />
        ) : data.countedOver === 'procedures' ? (
          <DataTable
            caption={caption}
            columns={procedureColumns(t, lang, data.formula)}
            rows={data.procedures}
            rowKey={(r) => r.id}
            empty={t('drill.emptyProcedures')}
          />
        ) : (
          <DataTable
            caption={caption}
            columns={dossierColumns(t, {
              inNumerator: side === 'denominator',
              deductions: data.deducted !== null,
            })}
            rows={data.dossiers}
            rowKey={(r) => r.id}
            empty={t('drill.emptyDossiers')}
          />
        )}
        {data.total > PAGE_SIZE && (
          <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPageChange={setPage} />
        )}
      </>
    );
  }

  return (
    <section className="index-drill" aria-labelledby="index-drill-title">
      <div className="index-drill__head">
        <h3 id="index-drill-title" ref={heading} tabIndex={-1}>
          {title}
        </h3>
        <Button size="small" onClick={onClose}>
          {t('drill.close')}
        </Button>
      </div>
      {body}
    </section>
  );
}
