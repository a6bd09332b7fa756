import './scorecards.css';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { unitOptionLabel } from '../../unitScope.js';
import { PeriodPicker } from '../indices/PeriodPicker.js';
import type { UnitTreeItem } from '../org/api.js';
import { type OfficerScorecard, type StaffScorecards, scorecardsApi } from './api.js';
import { AboutFigures, FigureList, GrantLines, OfficerBadges, Rate } from './ScorecardBits.js';
import {
  CSV_FIGURES,
  periodFrom,
  SORT_KEYS,
  type SortKey,
  scopeUnits,
  scorecardsCsv,
  sortFrom,
  sortOfficers,
} from './scorecardFormat.js';

/**
 * `/quan-tri/bang-diem-can-bo` — leaders (over their units' subtrees) and the reform office see
 * what each officer did in a period: steps closed and their on-time share, dossiers received and
 * returned, requests for documents, satisfaction from the ratings' civil-servant element, and the
 * dossiers each holds now, with a total. Period, unit and order live in the address; a phone
 * reads a card per officer, a wider screen the table; the table downloads as CSV.
 */
export default function StaffScorecardsPage() {
  const { t, i18n } = useTranslation('scorecards');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const ids = useId();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const period = periodFrom(params.get('period'), now);
  const unit = params.get('unit') ?? '';
  const sort = sortFrom(params);
  const [data, setData] = useState<StaffScorecards | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [units, setUnits] = useState<UnitTreeItem[]>([]);

  const grants = user?.roles;
  useEffect(() => {
    let live = true;
    scorecardsApi.units().then(
      (r) => live && setUnits(scopeUnits(r.units, grants ?? [])),
      // Without the tree the page still works over the whole scope; the filter just stays empty.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [grants]);

  useEffect(() => {
    const controller = new AbortController();
    setData(null);
    setError(null);
    scorecardsApi.staff(period, unit, controller.signal).then(setData, (e: unknown) => {
      if (controller.signal.aborted) return;
      setError(isApiError(e) ? e.message : String(e));
    });
    return () => controller.abort();
  }, [period, unit]);

  /** Changes some of the address's parameters (a new history entry: Back restores the view). */
  const update = (changes: Record<string, string | null>) => {
    // From the address as it is now, not as last rendered: the router renders a navigation in
    // a transition, so a second quick change would otherwise undo the first.
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const setSort = (key: SortKey, direction: 'asc' | 'desc') =>
    update(
      key === 'name' && direction === 'asc'
        ? { sort: null, order: null }
        : { sort: key, order: direction },
    );

  const rows = useMemo(() => (data ? sortOfficers(data.officers, sort) : []), [data, sort]);
  const baseDepth = units.reduce((min, u) => Math.min(min, u.depth), Number.POSITIVE_INFINITY);
  const unitOptions = units.map((u) => ({
    value: u.code,
    label: unitOptionLabel(u, baseDepth, lang),
  }));
  if (unit && !units.some((u) => u.code === unit)) unitOptions.push({ value: unit, label: unit });

  const sortLabel = (key: SortKey, direction: 'asc' | 'desc') =>
    key === 'name'
      ? t(direction === 'asc' ? 'sort.nameAsc' : 'sort.nameDesc')
      : t(`sort.${direction}`, { col: t(`col.${key}`) });
  const sortOptions = SORT_KEYS.flatMap((key) =>
    (key === 'name' ? (['asc', 'desc'] as const) : (['desc', 'asc'] as const)).map((d) => ({
      value: `${key}-${d}`,
      label: sortLabel(key, d),
    })),
  );

  const download = () => {
    if (!data) return;
    const csv = scorecardsCsv(rows, data.total, {
      name: t('col.name'),
      username: t('col.username'),
      grants: t('col.grants'),
      total: t('total.title'),
      figures: Object.fromEntries(CSV_FIGURES.map((f) => [f, t(`col.${f}`)])) as Record<
        (typeof CSV_FIGURES)[number],
        string
      >,
      grant: (g) => `${t(`roles:${g.role}`)} — ${g.unitName ?? t('grants.tenant')}`,
    });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `bang-diem-can-bo-${data.period.key}${unit ? `-${unit}` : ''}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const count = (n: number) => (n === 0 ? <span className="scorecard-zero">0</span> : n);
  const columns: Column<OfficerScorecard>[] = [
    {
      key: 'name',
      header: t('col.name'),
      rowHeader: true,
      sortable: true,
      render: (o) => (
        <>
          <span className="scorecard-name">{o.name}</span>
          {o.username ? <span className="scorecard-username field-hint">{o.username}</span> : null}
          <GrantLines officer={o} />
          <OfficerBadges officer={o} />
        </>
      ),
    },
    {
      key: 'received',
      header: t('col.received'),
      align: 'end',
      sortable: true,
      render: (o) => count(o.received),
    },
    {
      key: 'steps',
      header: t('col.steps'),
      align: 'end',
      sortable: true,
      render: (o) => (
        <>
          {count(o.steps)}
          {o.stepsLate > 0 ? (
            <span className="scorecard-sub">{t('cell.late', { count: o.stepsLate })}</span>
          ) : null}
        </>
      ),
    },
    {
      key: 'onTimeRate',
      header: t('col.onTimeRate'),
      align: 'end',
      sortable: true,
      render: (o) => (
        <>
          <span className="scorecard-rate">
            <Rate value={o.onTimeRate} />
          </span>
          {o.steps > 0 ? (
            <span className="scorecard-sub">
              {t('cell.ofSteps', { onTime: o.stepsOnTime, steps: o.steps })}
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'returned',
      header: t('col.returned'),
      align: 'end',
      sortable: true,
      render: (o) => count(o.returned),
    },
    {
      key: 'supplementRequests',
      header: t('col.supplementRequests'),
      align: 'end',
      sortable: true,
      render: (o) => count(o.supplementRequests),
    },
    {
      key: 'dossiers',
      header: t('col.dossiers'),
      align: 'end',
      sortable: true,
      render: (o) => count(o.dossiers),
    },
    {
      key: 'satisfactionRate',
      header: t('col.satisfactionRate'),
      align: 'end',
      sortable: true,
      render: (o) => (
        <>
          <span className="scorecard-rate">
            <Rate value={o.satisfactionRate} />
          </span>
          {o.ratings > 0 ? (
            <span className="scorecard-sub">
              {t('cell.ofRatings', { satisfied: o.ratingsSatisfied, ratings: o.ratings })}
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'inHand',
      header: t('col.inHand'),
      align: 'end',
      sortable: true,
      render: (o) => (
        <>
          {count(o.inHand)}
          {o.inHandOverdue > 0 ? (
            <strong className="scorecard-sub scorecard-overdue">
              <span aria-hidden="true">⚠ </span>
              {t('mine.overdue', { count: o.inHandOverdue })}
            </strong>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <div className="scorecards">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />

      <section className="scorecard-card" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`}>{t('filters.title')}</h2>
        <div className="scorecard-filters">
          <PeriodPicker value={period} onChange={(p) => update({ period: p })} />
          <Select
            label={t('filters.unit')}
            name="unit"
            value={unit}
            placeholder={t('filters.allUnits')}
            options={unitOptions}
            onChange={(e) => update({ unit: e.target.value || null })}
          />
        </div>
        {data ? (
          <p className="field-hint" data-testid="scorecard-range">
            {t('filters.period', {
              from: formatDate(data.period.from, lang),
              to: formatDate(data.period.to, lang),
            })}
          </p>
        ) : null}
        <AboutFigures summary={t('about.title')} />
      </section>

      <div aria-busy={data === null && !error}>
        <p className="visually-hidden" aria-live="polite">
          {data ? t('list.count', { count: data.officers.length }) : ''}
        </p>
        {error ? (
          <Alert tone="error">
            {error}
            {unit ? (
              <p className="actions">
                <Button onClick={() => update({ unit: null })}>{t('filters.allUnits')}</Button>
              </p>
            ) : null}
          </Alert>
        ) : null}
        {data === null && !error ? <Skeleton lines={6} label={t('loading')} /> : null}
        {data ? (
          <>
            <section className="scorecard-card scorecard-total" aria-labelledby={`${ids}-total`}>
              <h2 id={`${ids}-total`}>
                {t('total.title')}{' '}
                <span className="scorecard-total-count">
                  · {t('total.officers', { count: data.officers.length })}
                </span>
              </h2>
              <FigureList figures={data.total} />
            </section>

            <section className="scorecard-results" aria-labelledby={`${ids}-list`}>
              <h2 id={`${ids}-list`}>{t('list.title')}</h2>
              {data.officers.length === 0 ? (
                <EmptyState title={t('list.empty')} />
              ) : (
                <>
                  <div className="scorecard-toolbar">
                    <Select
                      label={t('list.sort')}
                      name="sort"
                      value={`${sort.key}-${sort.direction}`}
                      options={sortOptions}
                      onChange={(e) => {
                        const [key, direction] = e.target.value.split('-') as [
                          SortKey,
                          'asc' | 'desc',
                        ];
                        setSort(key, direction);
                      }}
                    />
                    <Button onClick={download}>{t('list.csv')}</Button>
                  </div>
                  {data.officers.some((o) => o.inHandOverdue > 0) ? (
                    <p className="field-hint">{t('list.overdueNote')}</p>
                  ) : null}
                  <ul className="scorecard-cards">
                    {rows.map((o) => (
                      <li
                        key={o.userId}
                        className={
                          o.inHandOverdue > 0
                            ? 'scorecard-card scorecard-card-alert'
                            : 'scorecard-card'
                        }
                      >
                        <h3 className="scorecard-card-head">
                          <span className="scorecard-name">{o.name}</span>{' '}
                        </h3>
                        <OfficerBadges officer={o} />
                        <GrantLines officer={o} />
                        <FigureList figures={o} />
                      </li>
                    ))}
                  </ul>
                  <DataTable
                    caption={t('list.caption')}
                    captionHidden
                    columns={columns}
                    rows={rows}
                    rowKey={(o) => o.userId}
                    sort={sort}
                    onSortChange={(s) => setSort(s.key as SortKey, s.direction)}
                    empty={t('list.empty')}
                  />
                </>
              )}
            </section>
          </>
        ) : null}
      </div>
    </div>
  );
}
