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
import {
  INITIATIVE_STATES,
  type Initiative,
  type Missing,
  type Paged,
  registersApi,
} from './api.js';
import {
  BASE,
  CsvLink,
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

/**
 * `/quan-tri/so-theo-doi` — reform initiatives (sáng kiến CCHC) of the user's units, filtered by
 * year, unit and state in the address; for a year, the units that filed none.
 */
export default function InitiativesPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, page, apply, key } = useListParams(KEYS);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const [list, setList] = useState<Paged<Initiative> | null>(null);
  const [missing, setMissing] = useState<Missing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const p = new URLSearchParams(key);
    setList(null);
    setMissing(null);
    setError(null);
    registersApi
      .initiatives({
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
    const year = Number(p.get('year'));
    if (year)
      registersApi.missing(year).then(
        (r) => live && setMissing(r),
        () => live && setMissing(null),
      );
    return () => {
      live = false;
    };
  }, [key]);

  const columns: Column<Initiative>[] = [
    {
      key: 'title',
      header: t('initiative.title'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/sang-kien/${r.id}`}>{r.title}</Link>,
    },
    { key: 'unit', header: t('common.unit'), render: (r) => r.unit.name },
    { key: 'year', header: t('common.year') },
    { key: 'state', header: t('common.state'), render: (r) => <StateBadge state={r.state} /> },
    {
      key: 'score',
      header: t('initiative.score'),
      align: 'end',
      render: (r) => (r.score === null ? '—' : String(r.score)),
    },
  ];

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      <h2>{t('nav.initiatives')}</h2>
      {hasRole('specialist', 'leader', 'reform_office') ? (
        <p className="actions">
          <Link className="btn btn-primary" to={`${BASE}/sang-kien/moi`}>
            {t('initiative.new')}
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
            options: INITIATIVE_STATES.map((s) => ({ value: s, label: t(`state.${s}`) })),
          },
        ]}
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
      {list ? (
        <>
          <p aria-live="polite">{t('list.count', { count: list.total })}</p>
          <p className="actions">
            <CsvLink path="/api/registers/initiatives/export.csv" search={key} />
          </p>
          <ItemList
            caption={t('nav.initiatives')}
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
      {missing ? (
        <section className="rg-section" aria-labelledby="rg-missing">
          <h2 id="rg-missing">{t('missing.title', { year: missing.year })}</h2>
          <p>{t('missing.summary', { count: missing.units.length, expected: missing.expected })}</p>
          {missing.units.length > 0 ? (
            <ul>
              {missing.units.map((u) => (
                <li key={u.id}>
                  {u.name} ({u.code})
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : applied.year ? null : (
        <p className="field-hint">{t('missing.pickYear')}</p>
      )}
    </div>
  );
}
