import './dossiers.css';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Query } from '../../api.js';
import { isApiError } from '../../api.js';
import { useAuth, userHasRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { Tabs } from '../../components/Tabs.js';
import { TextField } from '../../components/TextField.js';
import {
  type BulkResult,
  type DossierSummary,
  dossierApi,
  type ListResult,
  QUEUES,
  type QueueName,
} from './api.js';
import { DossierStatus, DueBadge } from './DossierBits.js';

const PAGE_SIZE = 25;
const SEARCH_STATUSES = [
  'received',
  'in_appraisal',
  'in_consultation',
  'awaiting_supplement',
  'awaiting_approval',
  'result_ready',
  'returned',
  'reception_supplement',
  'not_accepted',
  'stopped',
  'withdrawn',
] as const;

interface Filters {
  code: string;
  applicant: string;
  procedureCode: string;
  from: string;
  to: string;
  status: string;
}
const EMPTY: Filters = { code: '', applicant: '', procedureCode: '', from: '', to: '', status: '' };

/**
 * The work queues (due today, overdue, due soon, waiting for a supplement, to approve, results
 * to return, mine, the unit's) with counts, a search by code, applicant, procedure, dates and
 * status, and bulk hand-over (transfer) of the selected dossiers.
 */
export default function QueuePage() {
  const { t } = useTranslation('dossiers');
  const { user } = useAuth();
  const isCounter = userHasRole(user, ['counter_officer']);
  const [queue, setQueue] = useState<QueueName>('unit');
  const [counts, setCounts] = useState<Partial<Record<QueueName, number>>>({});
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [search, setSearch] = useState<Filters | null>(null);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<ListResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Map<number, number>>(new Map());
  const [bulk, setBulk] = useState<BulkResult | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const ids = useId();

  const load = useCallback(async () => {
    setError(null);
    setList(null);
    const paging = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
    try {
      if (search) {
        const query: Query = {
          ...paging,
          code: search.code.trim(),
          applicant: search.applicant.trim(),
          procedureCode: search.procedureCode.trim(),
          from: search.from,
          to: search.to,
          status: search.status ? [search.status] : undefined,
        };
        setList(await dossierApi.search(query));
      } else setList(await dossierApi.queue(queue, paging));
      setNow(new Date());
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }, [queue, page, search]);

  const loadCounts = useCallback(async () => {
    const entries = await Promise.all(
      QUEUES.map(async (q) => {
        try {
          return [q, (await dossierApi.queue(q, { limit: 1 })).total] as const;
        } catch {
          return [q, undefined] as const;
        }
      }),
    );
    setCounts(Object.fromEntries(entries));
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void loadCounts();
  }, [loadCounts]);

  const toggle = (row: DossierSummary, on: boolean) =>
    setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(row.id, row.version);
      else next.delete(row.id);
      return next;
    });

  const transferable = useMemo(
    () => (list?.items ?? []).filter((r) => r.status === 'received'),
    [list],
  );
  const allSelected = transferable.length > 0 && transferable.every((r) => selected.has(r.id));

  const handOver = async () => {
    setBulkBusy(true);
    setBulk(null);
    try {
      const result = await dossierApi.bulk(
        'transfer',
        [...selected].map(([id, version]) => ({ id, version })),
      );
      setBulk(result);
      setSelected(new Map());
      await Promise.all([load(), loadCounts()]);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBulkBusy(false);
    }
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setPage(1);
    setSelected(new Map());
    const any = Object.values(filters).some((v) => v.trim() !== '');
    setSearch(any ? { ...filters } : null);
  };

  const columns: Column<DossierSummary>[] = [
    ...(isCounter
      ? [
          {
            key: 'select',
            header: (
              <input
                type="checkbox"
                aria-label={t('queue.table.selectAll')}
                checked={allSelected}
                disabled={transferable.length === 0}
                onChange={(e) => {
                  for (const r of transferable) toggle(r, e.target.checked);
                }}
              />
            ),
            render: (row: DossierSummary) =>
              row.status === 'received' ? (
                <input
                  type="checkbox"
                  aria-label={t('queue.table.select', { code: row.code ?? row.id })}
                  checked={selected.has(row.id)}
                  onChange={(e) => toggle(row, e.target.checked)}
                />
              ) : null,
          } satisfies Column<DossierSummary>,
        ]
      : []),
    {
      key: 'code',
      header: t('queue.table.code'),
      rowHeader: true,
      sortable: true,
      sortValue: (r) => r.code ?? '',
      render: (r) => (
        <Link to={`/quan-tri/ho-so/${r.id}`} className="dossier-code-link">
          {r.code ?? t('page.noCode', { id: r.id })}
        </Link>
      ),
    },
    { key: 'applicantName', header: t('queue.table.applicant'), sortable: true },
    {
      key: 'procedure',
      header: t('queue.table.procedure'),
      sortable: true,
      sortValue: (r) => r.procedure.name,
      render: (r) => (
        <span className="procedure-cell">
          <span className="procedure-code">{r.procedure.code}</span> {r.procedure.name}
        </span>
      ),
    },
    {
      key: 'receivedAt',
      header: t('queue.table.received'),
      sortable: true,
      render: (r) => <DateTime value={r.receivedAt} dateOnly />,
    },
    {
      key: 'dueAt',
      header: t('queue.table.due'),
      sortable: true,
      render: (r) => (
        <span className="due-cell">
          <DateTime value={r.dueAt} /> <DueBadge row={r} now={now} />
        </span>
      ),
    },
    {
      key: 'status',
      header: t('queue.table.status'),
      sortable: true,
      sortValue: (r) => r.status,
      render: (r) => <DossierStatus status={r.status} label={r.statusLabel} />,
    },
  ];

  const table = (
    <div className="queue-results">
      <p className="visually-hidden" aria-live="polite">
        {list ? t('queue.count', { count: list.total }) : ''}
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? (
        <Skeleton lines={4} label={t('queue.loading')} />
      ) : list ? (
        <>
          <p className="queue-count">{t('queue.count', { count: list.total })}</p>
          {list.items.length === 0 ? <p className="dossier-cards">{t('queue.empty')}</p> : null}
          <ul className="dossier-cards">
            {list.items.map((r) => (
              <li key={r.id} className="dossier-card">
                <p className="card-head">
                  {isCounter && r.status === 'received' ? (
                    <input
                      type="checkbox"
                      aria-label={t('queue.table.select', { code: r.code ?? r.id })}
                      checked={selected.has(r.id)}
                      onChange={(e) => toggle(r, e.target.checked)}
                    />
                  ) : null}
                  <Link to={`/quan-tri/ho-so/${r.id}`} className="dossier-code-link">
                    {r.code ?? t('page.noCode', { id: r.id })}
                  </Link>
                </p>
                <p>
                  <DossierStatus status={r.status} label={r.statusLabel} />{' '}
                  <DueBadge row={r} now={now} />
                </p>
                <p>{r.applicantName}</p>
                <p className="field-hint">
                  {r.procedure.code} {r.procedure.name}
                </p>
                <p className="field-hint">
                  {t('queue.table.due')}: <DateTime value={r.dueAt} />
                </p>
              </li>
            ))}
          </ul>
          <DataTable
            caption={search ? t('search.results') : t(`queue.tabs.${queue}`)}
            captionHidden
            columns={columns}
            rows={list.items}
            rowKey={(r) => r.id}
            empty={t('queue.empty')}
          />
          {list.total > PAGE_SIZE ? (
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={list.total}
              onPageChange={setPage}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );

  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value }));

  return (
    <>
      <PageTitle title={t('queue.title')} subtitle={t('queue.subtitle')} />
      <p className="actions">
        {isCounter ? (
          <Link className="btn btn-primary" to="/quan-tri/ho-so/tiep-nhan">
            {t('queue.newReception')}
          </Link>
        ) : null}
        <Link className="btn btn-secondary" to="/quan-tri/ho-so/so-theo-doi">
          {t('queue.register')}
        </Link>
      </p>

      <details className="dossier-card search-form" open={search !== null}>
        <summary>
          <h2 id={`${ids}-search`}>{t('search.title')}</h2>
        </summary>
        <form onSubmit={onSearch} aria-labelledby={`${ids}-search`}>
          <div className="field-grid">
            <TextField
              label={t('search.code')}
              name="code"
              value={filters.code}
              onChange={set('code')}
            />
            <TextField
              label={t('search.applicant')}
              hint={t('search.applicantHint')}
              name="applicant"
              value={filters.applicant}
              onChange={set('applicant')}
            />
            <TextField
              label={t('search.procedure')}
              name="procedureCode"
              value={filters.procedureCode}
              onChange={set('procedureCode')}
            />
            <Select
              label={t('search.status')}
              name="status"
              value={filters.status}
              placeholder={t('search.anyStatus')}
              options={SEARCH_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              onChange={set('status')}
            />
            <TextField
              label={t('search.from')}
              type="date"
              name="from"
              value={filters.from}
              onChange={set('from')}
            />
            <TextField
              label={t('search.to')}
              type="date"
              name="to"
              value={filters.to}
              onChange={set('to')}
            />
          </div>
          <p className="actions">
            <Button type="submit" variant="primary">
              {t('search.submit')}
            </Button>
            {search ? (
              <Button
                variant="ghost"
                onClick={() => {
                  setFilters(EMPTY);
                  setSearch(null);
                  setPage(1);
                }}
              >
                {t('search.clear')}
              </Button>
            ) : null}
          </p>
        </form>
      </details>

      {bulk ? (
        <Alert
          tone={bulk.failed > 0 ? 'warning' : 'success'}
          title={t('bulk.done', { done: bulk.done, failed: bulk.failed })}
        >
          {bulk.failed > 0 ? (
            <ul>
              {bulk.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id}>
                    #{r.id}: {r.error?.message}
                  </li>
                ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}

      {isCounter && selected.size > 0 ? (
        <section className="bulk-bar" aria-label={t('bulk.label')}>
          <p>{t('bulk.selected', { count: selected.size })}</p>
          <Button variant="primary" busy={bulkBusy} onClick={() => void handOver()}>
            {t('bulk.transfer')}
          </Button>
        </section>
      ) : null}

      {search ? (
        <section aria-labelledby={`${ids}-results`}>
          <h2 id={`${ids}-results`}>{t('search.results')}</h2>
          {table}
        </section>
      ) : (
        <Tabs
          label={t('queue.tabsLabel')}
          selected={queue}
          onSelect={(id) => {
            setQueue(id as QueueName);
            setPage(1);
            setSelected(new Map());
          }}
          tabs={QUEUES.map((q) => ({
            id: q,
            label: (
              <>
                {t(`queue.tabs.${q}`)}
                {counts[q] !== undefined ? <span className="tab-count"> ({counts[q]})</span> : null}
              </>
            ),
            content: q === queue ? table : null,
          }))}
        />
      )}
    </>
  );
}
