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
import { INSPECTION_STATES, type Inspection, type Paged, registersApi } from './api.js';
import {
  BASE,
  CsvLink,
  day,
  ItemList,
  RegistersNav,
  StateBadge,
  unitOptions,
  useUnits,
  yearOptions,
} from './Bits.js';
import { FilterForm } from './FilterForm.js';
import { useListParams } from './useListParams.js';

const PAGE_SIZE = 20;
const KEYS = ['year', 'unit', 'state'] as const;

/** `/quan-tri/so-theo-doi/thanh-tra` — inspections of the user's units, filters in the address. */
export default function InspectionsPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, page, apply, key } = useListParams(KEYS);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const [list, setList] = useState<Paged<Inspection> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const p = new URLSearchParams(key);
    setList(null);
    setError(null);
    registersApi
      .inspections({
        year: p.get('year') ?? undefined,
        unit: p.get('unit') ?? undefined,
        state: p.get('state') ?? undefined,
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

  const columns: Column<Inspection>[] = [
    {
      key: 'unit',
      header: t('inspection.inspectedUnit'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/thanh-tra/${r.id}`}>{r.inspectedUnit.name}</Link>,
    },
    { key: 'kind', header: t('inspection.kind'), render: (r) => t(`kind.${r.kind}`) },
    { key: 'body', header: t('inspection.body'), render: (r) => r.inspectingBody },
    { key: 'plannedOn', header: t('inspection.plannedOn'), render: (r) => day(r.plannedOn) },
    { key: 'state', header: t('common.state'), render: (r) => <StateBadge state={r.state} /> },
    { key: 'record', header: t('inspection.record'), render: (r) => r.conclusionNumber ?? '—' },
  ];

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      <h2>{t('nav.inspections')}</h2>
      {hasRole('reform_office') ? (
        <p className="actions">
          <Link className="btn btn-primary" to={`${BASE}/thanh-tra/moi`}>
            {t('inspection.new')}
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
          {
            name: 'state',
            label: t('common.state'),
            options: INSPECTION_STATES.map((s) => ({ value: s, label: t(`state.${s}`) })),
          },
        ]}
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
      {list ? (
        <>
          <p aria-live="polite">{t('list.count', { count: list.total })}</p>
          <p className="actions">
            <CsvLink path="/api/registers/inspections/export.csv" search={key} />
          </p>
          <ItemList
            caption={t('nav.inspections')}
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
