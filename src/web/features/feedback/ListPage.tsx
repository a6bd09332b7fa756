import './feedback.css';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import {
  CHANNELS,
  type Channel,
  feedbackApi,
  KINDS,
  type Kind,
  type ListItem,
  type Paged,
  STATES,
  type StaffUnit,
  type State,
} from './api.js';
import { OverdueBadge, StateBadge } from './FeedbackBits.js';
import { coveredUnits } from './units.js';

const PAGE_SIZE = 20;

interface Filters {
  unit: string;
  state: string;
  kind: string;
  channel: string;
  overdue: boolean;
  q: string;
}

function filtersFrom(params: URLSearchParams): Filters {
  return {
    unit: params.get('unit') ?? '',
    state: params.get('state') ?? '',
    kind: params.get('kind') ?? '',
    channel: params.get('channel') ?? '',
    overdue: params.get('overdue') === 'true',
    q: params.get('q') ?? '',
  };
}

/**
 * `/quan-tri/phan-anh` — feedback, complaints and denunciations in the units the user covers,
 * newest first, filtered by state, kind, channel, overdue and code or subject. The filters live
 * in the address, so a filtered list can be bookmarked and Back restores it.
 */
export default function ListPage() {
  const { t, i18n } = useTranslation('feedback');
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const applied = filtersFrom(params);
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [filters, setFilters] = useState<Filters>(applied);
  const [list, setList] = useState<Paged<ListItem> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = params.toString();
  const { user } = useAuth();
  const [units, setUnits] = useState<StaffUnit[]>([]);

  useEffect(() => {
    feedbackApi.staffUnits().then(
      (r) => setUnits(coveredUnits(r.units, user?.roles ?? [])),
      () => setUnits([]),
    );
  }, [user]);

  useEffect(() => {
    let live = true;
    const f = filtersFrom(new URLSearchParams(key));
    setFilters(f);
    setList(null);
    setError(null);
    feedbackApi
      .list({
        unit: f.unit,
        state: f.state as State | '',
        kind: f.kind as Kind | '',
        channel: f.channel as Channel | '',
        overdue: f.overdue,
        q: f.q,
        page: Math.max(1, Number(new URLSearchParams(key).get('page') ?? 1) || 1),
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

  const apply = (next: Filters, nextPage = 1) => {
    const p = new URLSearchParams();
    if (next.unit) p.set('unit', next.unit);
    if (next.state) p.set('state', next.state);
    if (next.kind) p.set('kind', next.kind);
    if (next.channel) p.set('channel', next.channel);
    if (next.overdue) p.set('overdue', 'true');
    if (next.q.trim()) p.set('q', next.q.trim());
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(filters);
  };

  const set =
    (k: 'unit' | 'state' | 'kind' | 'channel' | 'q') => (e: { target: { value: string } }) =>
      setFilters((f) => ({ ...f, [k]: e.target.value }));

  const submitter = (r: ListItem) =>
    r.reporterProtected ? (
      <StatusBadge tone="neutral">{t('list.protected')}</StatusBadge>
    ) : r.anonymous ? (
      <span className="field-hint">{t('list.anonymous')}</span>
    ) : (
      (r.submitterName ?? '')
    );

  const columns: Column<ListItem>[] = [
    {
      key: 'code',
      header: t('list.code'),
      rowHeader: true,
      render: (r) => (
        <Link
          to={`/quan-tri/phan-anh/${r.id}`}
          state={{ listSearch: key }}
          className="fb-code-link"
        >
          {r.code}
        </Link>
      ),
    },
    {
      key: 'subject',
      header: t('list.subject'),
      render: (r) => (
        <>
          <span className="fb-text">{r.subject}</span>
          <br />
          <span className="field-hint">
            {t(`kind.${r.kind}`)} · {t(`channel.${r.channel}`)} · {t('list.received')}{' '}
            <DateTime value={r.receivedAt} dateOnly />
          </span>
        </>
      ),
    },
    { key: 'submitter', header: t('list.submitter'), render: submitter },
    { key: 'unit', header: t('list.unit'), render: (r) => r.unit.name },
    {
      key: 'dueAt',
      header: t('list.due'),
      render: (r) => (
        <>
          <DateTime value={r.dueAt} /> <OverdueBadge overdue={r.overdue} />
        </>
      ),
    },
    {
      key: 'state',
      header: t('list.state'),
      render: (r) => (
        <>
          <StateBadge state={r.state} />
          {r.complainedAgain ? (
            <>
              {' '}
              <StatusBadge tone="warning">{t('list.complainedAgain')}</StatusBadge>
            </>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <div className="fb">
      <PageTitle title={t('list.title')} subtitle={t('list.subtitle')} />
      <p className="actions">
        <Link className="btn btn-primary" to="/quan-tri/phan-anh/tiep-nhan">
          {t('list.intake')}
        </Link>
      </p>
      <section className="fb-card" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`}>{t('list.filters')}</h2>
        <form onSubmit={submit} aria-labelledby={`${ids}-filters`}>
          <div className="fb-grid">
            <TextField label={t('list.q')} name="q" value={filters.q} onChange={set('q')} />
            {units.length > 1 ? (
              <Select
                label={t('list.unit')}
                name="unit"
                value={filters.unit}
                placeholder={t('list.any')}
                options={units.map((u) => ({
                  value: u.code,
                  label: i18n.language === 'en' && u.nameEn ? u.nameEn : u.name,
                }))}
                onChange={set('unit')}
              />
            ) : null}
            <Select
              label={t('list.state')}
              name="state"
              value={filters.state}
              placeholder={t('list.any')}
              options={STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
              onChange={set('state')}
            />
            <Select
              label={t('list.kind')}
              name="kind"
              value={filters.kind}
              placeholder={t('list.any')}
              options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              onChange={set('kind')}
            />
            <Select
              label={t('list.channel')}
              name="channel"
              value={filters.channel}
              placeholder={t('list.any')}
              options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              onChange={set('channel')}
            />
          </div>
          <div className="fb-check">
            <label>
              <input
                type="checkbox"
                name="overdue"
                checked={filters.overdue}
                onChange={(e) => setFilters((f) => ({ ...f, overdue: e.target.checked }))}
              />
              <span>{t('list.overdue')}</span>
            </label>
          </div>
          <p className="actions">
            <Button type="submit" variant="primary">
              {t('list.apply')}
            </Button>
            {key ? (
              <Button variant="ghost" onClick={() => setParams(new URLSearchParams())}>
                {t('list.clear')}
              </Button>
            ) : null}
          </p>
        </form>
      </section>

      <div className="fb-results">
        <p className="visually-hidden" aria-live="polite">
          {list ? t('list.count', { count: list.total }) : ''}
        </p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
        {list ? (
          <>
            <p>{t('list.count', { count: list.total })}</p>
            <ul className="fb-cards">
              {list.items.map((r) => (
                <li key={r.id} className="fb-card">
                  <p className="fb-card-head">
                    <Link
                      to={`/quan-tri/phan-anh/${r.id}`}
                      state={{ listSearch: key }}
                      className="fb-code-link"
                    >
                      {r.code}
                    </Link>
                  </p>
                  <p>
                    <StateBadge state={r.state} /> <OverdueBadge overdue={r.overdue} />
                  </p>
                  <p className="fb-text">{r.subject}</p>
                  <p className="field-hint">
                    {t(`kind.${r.kind}`)} · {t(`channel.${r.channel}`)} · {r.unit.name}
                  </p>
                  <p>
                    {t('list.submitter')}: {submitter(r)}
                  </p>
                  {r.dueAt ? (
                    <p className="field-hint">
                      {t('list.due')}: <DateTime value={r.dueAt} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
            <DataTable
              caption={t('list.caption')}
              captionHidden
              columns={columns}
              rows={list.items}
              rowKey={(r) => r.id}
              empty={t('list.empty')}
            />
            {list.items.length === 0 ? <p className="fb-cards">{t('list.empty')}</p> : null}
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
    </div>
  );
}
