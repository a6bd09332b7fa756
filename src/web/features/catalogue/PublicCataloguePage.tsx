import './catalogue.css';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Money } from '../../components/DateTime.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { catalogueApi, type FieldItem, type Page, type PublicSummary } from './api.js';
import { CatalogueFilters, readListParams } from './Filters.js';
import { formatLimit, onlineTone } from './format.js';

const PAGE_SIZE = 20;

/**
 * The public catalogue: a search box that ignores diacritics, filters, and results showing the
 * online level, the promised time and the fee. State lives in the URL, so a search can be
 * bookmarked and the back button works.
 */
export default function PublicCataloguePage() {
  const { t, i18n } = useTranslation('catalogue');
  const [params, setParams] = useSearchParams();
  const list = readListParams(params);
  const [query, setQuery] = useState(list.q);
  const [fields, setFields] = useState<FieldItem[]>([]);
  const [page, setPage] = useState<Page<PublicSummary> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    catalogueApi.publicFields().then(
      (r) => setFields(r.items),
      () => setFields([]),
    );
  }, []);

  const key = params.toString();
  useEffect(() => {
    const controller = new AbortController();
    const p = readListParams(new URLSearchParams(key));
    setError(null);
    catalogueApi
      .publicList({
        q: p.q,
        field: p.field,
        level: p.level,
        onlineLevel: p.onlineLevel,
        sort: p.sort,
        page: p.page,
        pageSize: PAGE_SIZE,
      })
      .then(setPage, (e: unknown) => {
        if (!controller.signal.aborted) setError(isApiError(e) ? e.message : String(e));
      });
    return () => controller.abort();
  }, [key]);

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

  const name = (p: PublicSummary) => (i18n.language === 'en' && p.nameEn ? p.nameEn : p.name);

  return (
    <div className="catalogue">
      <PageTitle title={t('public.title')} subtitle={t('public.subtitle')} />
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
      <CatalogueFilters values={list} fields={fields} onChange={(n, v) => update({ [n]: v })} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {!page && !error ? <Skeleton lines={5} /> : null}
      {page ? (
        <section aria-labelledby="catalogue-results">
          <h2 id="catalogue-results" className="catalogue-count" aria-live="polite">
            {t('public.resultsCount', { count: page.total })}
          </h2>
          {page.items.length === 0 ? (
            <EmptyState title={t('public.noResults')}>{t('public.noResultsHint')}</EmptyState>
          ) : (
            <ul className="catalogue-results">
              {page.items.map((p) => (
                <li key={p.code} className="catalogue-card">
                  <h3>
                    <Link to={`/thu-tuc/${encodeURIComponent(p.code)}`}>{name(p)}</Link>
                  </h3>
                  <p className="catalogue-meta">
                    <span>{p.code}</span>
                    {p.field?.name ? <span>{p.field.name}</span> : null}
                    <span>{t(`levels.${p.level}`)}</span>
                    {p.agency ? (
                      <span>
                        {i18n.language === 'en' && p.agency.nameEn
                          ? p.agency.nameEn
                          : p.agency.name}
                      </span>
                    ) : null}
                  </p>
                  <dl className="catalogue-facts">
                    <div>
                      <dt>{t('public.promised')}</dt>
                      <dd>{formatLimit(t, p.promisedLimit, p.limitUnit, i18n.language)}</dd>
                    </div>
                    <div>
                      <dt>{t('public.fee')}</dt>
                      <dd>{p.feeTotal > 0 ? <Money amount={p.feeTotal} /> : t('public.free')}</dd>
                    </div>
                    <div>
                      <dt className="visually-hidden">{t('filters.onlineLevel')}</dt>
                      <dd>
                        <StatusBadge tone={onlineTone(p.onlineLevel)}>
                          {t(`online.${p.onlineLevel}`)}
                        </StatusBadge>
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )}
          <Pagination
            page={page.page}
            pageSize={page.pageSize}
            total={page.total}
            onPageChange={(n) => update({ page: String(n) })}
          />
        </section>
      ) : null}
    </div>
  );
}
