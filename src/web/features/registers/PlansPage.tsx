import './registers.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type Paged, type PlanListItem, registersApi } from './api.js';
import {
  BASE,
  CsvLink,
  day,
  ItemList,
  RegistersNav,
  unitOptions,
  useUnits,
  yearOptions,
} from './Bits.js';
import { FilterForm } from './FilterForm.js';
import { useListParams } from './useListParams.js';

const PAGE_SIZE = 20;
const KEYS = ['year', 'unit'] as const;

/** `/quan-tri/so-theo-doi/ke-hoach` — remediation plans of the user's units with progress. */
export default function PlansPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, page, apply, key } = useListParams(KEYS);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const [list, setList] = useState<Paged<PlanListItem> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const p = new URLSearchParams(key);
    setList(null);
    setError(null);
    registersApi
      .plans({
        year: p.get('year') ?? undefined,
        unit: p.get('unit') ?? undefined,
        page: p.get('page') ?? undefined,
        pageSize: PAGE_SIZE,
      })
      .then(
        (r) => live && setList(r),
        (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
  }, [key]);

  const columns: Column<PlanListItem>[] = [
    {
      key: 'title',
      header: t('plan.title'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/ke-hoach/${r.id}`}>{r.title}</Link>,
    },
    { key: 'unit', header: t('common.unit'), render: (r) => r.unit.name },
    { key: 'indicator', header: t('plan.indicator'), render: (r) => r.indicator ?? '—' },
    { key: 'dueOn', header: t('common.due'), render: (r) => day(r.dueOn) },
    { key: 'percent', header: t('plan.progress'), align: 'end', render: (r) => `${r.percent}%` },
    {
      key: 'tasks',
      header: t('plan.tasks'),
      render: (r) => (
        <>
          {t('plan.tasksOpen', { open: r.tasksOpen, total: r.tasks })}{' '}
          {r.tasksOverdue > 0 ? (
            <StatusBadge tone="danger">
              {t('plan.tasksOverdue', { count: r.tasksOverdue })}
            </StatusBadge>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      <h2>{t('nav.plans')}</h2>
      {hasRole('reform_office') ? (
        <p className="actions">
          <Link className="btn btn-primary" to={`${BASE}/ke-hoach/moi`}>
            {t('plan.new')}
          </Link>
        </p>
      ) : null}
      <FilterForm
        applied={applied}
        onApply={apply}
        fields={[
          { name: 'year', label: t('common.year'), options: yearOptions() },
          {
            name: 'unit',
            label: t('common.unitSubtree'),
            options: unitOptions(covered, i18n.language),
          },
        ]}
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
      {list ? (
        <>
          <p aria-live="polite">{t('list.count', { count: list.total })}</p>
          <p className="actions">
            <CsvLink path="/api/registers/plans/export.csv" search={key} />
          </p>
          <ItemList
            caption={t('nav.plans')}
            columns={columns}
            rows={list.items}
            rowKey={(r) => r.id}
            empty={t('list.empty')}
          />
          {list.total > PAGE_SIZE ? (
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={list.total}
              onPageChange={(p) => apply(applied, p)}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
