import './catalogue.css';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime, Money } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { catalogueApi, type FieldItem, type Page, type StaffSummary } from './api.js';
import { CatalogueFilters, readListParams } from './Filters.js';
import { formatLimit, onlineTone } from './format.js';
import { ImportDialog } from './ImportDialog.js';

const PAGE_SIZE = 25;

/**
 * The back-office catalogue: search and filters (retired procedures included on request), the
 * version in force of each, and for the reform office and administrators: create, import and
 * export. Everyone on staff can read it (counter officers look procedures up at the counter).
 */
export default function OfficeCataloguePage() {
  const { t, i18n } = useTranslation('catalogue');
  const { hasRole } = useAuth();
  const canEdit = hasRole('reform_office', 'administrator');
  const [params, setParams] = useSearchParams();
  const list = readListParams(params);
  const [query, setQuery] = useState(list.q);
  const [fields, setFields] = useState<FieldItem[]>([]);
  const [page, setPage] = useState<Page<StaffSummary> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);

  const key = params.toString();
  const load = useCallback(() => {
    const p = readListParams(new URLSearchParams(key));
    setError(null);
    catalogueApi
      .list({
        q: p.q,
        field: p.field,
        level: p.level,
        onlineLevel: p.onlineLevel,
        status: p.status,
        sort: p.sort,
        page: p.page,
        pageSize: PAGE_SIZE,
      })
      .then(setPage, (e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [key]);
  useEffect(load, [load]);
  useEffect(() => {
    catalogueApi.fields().then(
      (r) => setFields(r.items),
      () => setFields([]),
    );
  }, []);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    update({ q: query.trim() });
  };

  const columns: Column<StaffSummary>[] = [
    { key: 'code', header: t('detail.code') },
    {
      key: 'name',
      header: t('form.name'),
      rowHeader: true,
      render: (p) => (
        <Link to={`/quan-tri/thu-tuc/${encodeURIComponent(p.code)}`}>
          {i18n.language === 'en' && p.nameEn ? p.nameEn : p.name}
        </Link>
      ),
    },
    { key: 'level', header: t('filters.level'), render: (p) => t(`levels.${p.level}`) },
    {
      key: 'promised',
      header: t('public.promised'),
      render: (p) => formatLimit(t, p.promisedLimit, p.limitUnit, i18n.language),
    },
    {
      key: 'fee',
      header: t('public.fee'),
      align: 'end',
      render: (p) => <Money amount={p.feeTotal} />,
    },
    {
      key: 'online',
      header: t('filters.onlineLevel'),
      render: (p) => (
        <StatusBadge tone={onlineTone(p.onlineLevel)}>{t(`online.${p.onlineLevel}`)}</StatusBadge>
      ),
    },
    {
      key: 'status',
      header: t('filters.status'),
      render: (p) =>
        p.status === 'retired' ? (
          <StatusBadge tone="danger">{t('office.status.retired')}</StatusBadge>
        ) : p.upcoming ? (
          <StatusBadge tone="warning">{t('office.upcoming')}</StatusBadge>
        ) : (
          <StatusBadge tone="success">{t('office.status.active')}</StatusBadge>
        ),
    },
    {
      key: 'version',
      header: t('office.effectiveFrom'),
      render: (p) => (
        <>
          v{p.version} · <DateTime value={p.effectiveFrom} dateOnly />
        </>
      ),
    },
  ];

  return (
    <div className="catalogue">
      <PageTitle title={t('office.title')} subtitle={t('office.subtitle')} />
      <div className="catalogue-toolbar">
        {canEdit ? (
          <>
            <Link className="btn btn-primary" to="/quan-tri/thu-tuc/moi">
              {t('office.create')}
            </Link>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              {t('office.import')}
            </Button>
          </>
        ) : null}
        <a className="btn btn-secondary" href={catalogueApi.exportUrl('xlsx')} download>
          {t('office.exportXlsx')}
        </a>
        <a className="btn btn-secondary" href={catalogueApi.exportUrl('csv')} download>
          {t('office.exportCsv')}
        </a>
      </div>
      <search>
        <form className="catalogue-search" onSubmit={onSubmit}>
          <TextField
            label={t('public.searchLabel')}
            hint={t('public.searchHint')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button type="submit" variant="primary">
            {t('public.searchButton')}
          </Button>
        </form>
      </search>
      <CatalogueFilters
        values={list}
        fields={fields}
        withStatus
        onChange={(n, v) => update({ [n]: v })}
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {!page && !error ? <Skeleton lines={6} /> : null}
      {page ? (
        <>
          <p aria-live="polite">{t('public.resultsCount', { count: page.total })}</p>
          <DataTable
            caption={t('office.caption')}
            columns={columns}
            rows={page.items}
            rowKey={(p) => p.code}
            empty={t('public.noResults')}
          />
          <Pagination
            page={page.page}
            pageSize={page.pageSize}
            total={page.total}
            onPageChange={(n) => update({ page: String(n) })}
          />
        </>
      ) : null}
      {canEdit ? (
        <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={load} />
      ) : null}
    </div>
  );
}
