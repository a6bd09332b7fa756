import './outbox.css';
import { type FormEvent, Fragment, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime } from '../../components/DateTime.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useToast } from '../../components/Toast.js';
import { type OutboxMessage, type OutboxTopic, outboxApi, type OutboxPage as Page } from './api.js';
import { type DialogMode, MessageDialog } from './MessageDialog.js';
import {
  canRetry,
  type Filters,
  filtersFrom,
  isStatus,
  PAGE_SIZES,
  paramsFrom,
  STATUSES,
  shorten,
  statusTone,
  summarize,
  TOPICS,
  topicKey,
} from './outboxFormat.js';

/**
 * `/quan-tri/hop-thu-di` — the outbox for administrators: every message the system sends out
 * (e-mail, SMS, dossier events, portal sync), newest first, filtered by status and topic, one
 * page at a time; each message readable in a dialog, and a dead one sent again after a
 * confirmation. The filters live in the address, so Back and a bookmark restore them.
 */
export default function OutboxPage() {
  const { t } = useTranslation('outbox');
  const ids = useId();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const applied = filtersFrom(params);
  const [filters, setFilters] = useState<Filters>(applied);
  const [list, setList] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<{ message: OutboxMessage; mode: DialogMode } | null>(null);
  const [busy, setBusy] = useState(false);
  const [retryError, setRetryError] = useState<{ message: string; hint: string | null } | null>(
    null,
  );
  const results = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);
  const shownKey = useRef<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [present, setPresent] = useState<OutboxTopic[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` refreshes the dead-letter counts.
  useEffect(() => {
    const controller = new AbortController();
    outboxApi.topics(controller.signal).then(
      (r) => setPresent(r.topics),
      // The filter still offers the known topics; the list shows any error.
      () => {},
    );
    return () => controller.abort();
  }, [tick]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` reloads the same page (Reload, after a retry).
  useEffect(() => {
    const controller = new AbortController();
    const f = filtersFrom(new URLSearchParams(key));
    setError(null);
    // Other filters (a link, Back): the form follows the address, and old rows would mislead
    // while loading. A reload keeps both the rows, until replaced, and any unapplied choice.
    if (shownKey.current !== key) {
      setFilters(f);
      setList(null);
    }
    shownKey.current = key;
    setLoading(true);
    outboxApi.list(f, controller.signal).then(
      (page) => {
        setList(page);
        setLoading(false);
        if (focusResults.current) {
          focusResults.current = false;
          results.current?.focus();
        }
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setList(null);
        setLoading(false);
        setError(isApiError(e) ? e.message : String(e));
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const apply = (next: Filters) => setParams(paramsFrom(next));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...filters, page: 1 });
  };

  const topicLabel = useCallback(
    (topic: string) => {
      const k = topicKey(topic);
      return k ? t(k) : topic;
    },
    [t],
  );

  const openMessage = (message: OutboxMessage, mode: DialogMode) => {
    setRetryError(null);
    setOpen({ message, mode });
  };

  const retry = async (message: OutboxMessage) => {
    setBusy(true);
    setRetryError(null);
    try {
      await outboxApi.retry(message.id);
      setOpen(null);
      toast.show(t('retry.done', { id: message.id }), 'success');
      // The pressed button goes with the refreshed row: the list's heading takes focus.
      focusResults.current = true;
      reload();
    } catch (e) {
      const code = isApiError(e) ? e.code : null;
      setRetryError({
        message: isApiError(e) ? e.message : String(e),
        hint: code === 'rule_violation' || code === 'not_found' ? t(`retry.why.${code}`) : null,
      });
      // The message changed meanwhile (sent, gone): show the list as it is now.
      if (code === 'rule_violation' || code === 'not_found') reload();
    } finally {
      setBusy(false);
    }
  };

  const dead = new Map(present.map((p) => [p.topic, p.counts.dead]));
  const topicOptions = [
    ...new Set<string>([
      ...TOPICS,
      ...present.map((p) => p.topic),
      ...(filters.topic ? [filters.topic] : []),
    ]),
  ].map((topic) => {
    const deadCount = dead.get(topic) ?? 0;
    const label = topicLabel(topic);
    return {
      value: topic,
      label: deadCount > 0 ? `${label} — ${t('filters.deadCount', { count: deadCount })}` : label,
    };
  });

  /** Recipient, subject or start of the text, and the last error: what a row says. */
  const content = (m: OutboxMessage) => {
    const s = summarize(m.topic, m.payload);
    return (
      <>
        {s.hidden ? <span className="outbox-line field-hint">{t('list.hidden')}</span> : null}
        {s.to ? (
          <span className="outbox-to outbox-break">
            {t('list.to')}: {s.to}
          </span>
        ) : null}
        {s.line ? <span className="outbox-line outbox-break">{s.line}</span> : null}
        {m.lastError ? (
          <span className="outbox-line outbox-error outbox-break">
            {t('list.lastError')}: {shorten(m.lastError, 160)}
          </span>
        ) : null}
      </>
    );
  };

  const times = (m: OutboxMessage) => (
    <ul className="outbox-times">
      <li>
        {t('list.created')} <DateTime value={m.createdAt} />
      </li>
      {m.sentAt ? (
        <li>
          {t(m.status === 'dry_run' ? 'list.kept' : 'list.sent')} <DateTime value={m.sentAt} />
        </li>
      ) : null}
      {m.status === 'pending' ? (
        <li>
          {t('list.next')} <DateTime value={m.nextAttemptAt} />
        </li>
      ) : null}
    </ul>
  );

  const badge = (m: OutboxMessage) => (
    <StatusBadge tone={statusTone(m.status)}>
      {isStatus(m.status) ? t(`status.${m.status}`) : m.status}
    </StatusBadge>
  );

  const actions = (m: OutboxMessage, size: 'normal' | 'small') => (
    <span className="actions outbox-actions">
      <Button
        size={size}
        aria-label={t('list.viewLabel', { id: m.id })}
        onClick={() => openMessage(m, 'view')}
      >
        {t('list.view')}
      </Button>
      {canRetry(m.status) ? (
        <Button
          size={size}
          variant="primary"
          aria-label={t('list.retryLabel', { id: m.id })}
          onClick={() => openMessage(m, 'confirm')}
        >
          {t('list.retry')}
        </Button>
      ) : null}
    </span>
  );

  const columns: Column<OutboxMessage>[] = [
    { key: 'id', header: t('list.id'), rowHeader: true, render: (m) => m.id, align: 'end' },
    {
      key: 'message',
      header: t('list.message'),
      render: (m) => (
        <>
          <span className="outbox-topic">{topicLabel(m.topic)}</span>
          {content(m)}
        </>
      ),
    },
    { key: 'status', header: t('list.status'), render: badge },
    { key: 'attempts', header: t('list.attempts'), render: (m) => m.attempts, align: 'end' },
    { key: 'times', header: t('list.times'), render: times },
    { key: 'actions', header: t('list.actions'), render: (m) => actions(m, 'small') },
  ];

  const filtered = applied.status !== '' || applied.topic !== '';

  return (
    <div className="outbox">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />

      <section className="outbox-card outbox-about" aria-labelledby={`${ids}-about`}>
        <h2 id={`${ids}-about`}>{t('about.title')}</h2>
        <p>{t('about.what')}</p>
        <p>{t('about.dryRun')}</p>
        <details>
          <summary>{t('about.statuses')}</summary>
          <dl className="facts">
            {STATUSES.map((status) => (
              <Fragment key={status}>
                <dt>
                  <StatusBadge tone={statusTone(status)}>{t(`status.${status}`)}</StatusBadge>
                </dt>
                <dd>{t(`statusHint.${status}`)}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      </section>

      <section className="outbox-card" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`}>{t('filters.title')}</h2>
        <form onSubmit={submit} aria-labelledby={`${ids}-filters`}>
          <div className="outbox-grid">
            <Select
              label={t('filters.status')}
              name="status"
              value={filters.status}
              placeholder={t('filters.any')}
              options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              onChange={(e) =>
                setFilters((f) => ({
                  ...f,
                  status: isStatus(e.target.value) ? e.target.value : '',
                }))
              }
            />
            <Select
              label={t('filters.topic')}
              name="topic"
              value={filters.topic}
              placeholder={t('filters.any')}
              options={topicOptions}
              onChange={(e) => setFilters((f) => ({ ...f, topic: e.target.value }))}
            />
            <Select
              label={t('filters.pageSize')}
              name="pageSize"
              value={String(filters.pageSize)}
              options={PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))}
              onChange={(e) => setFilters((f) => ({ ...f, pageSize: Number(e.target.value) }))}
            />
          </div>
          <p className="actions">
            <Button type="submit" variant="primary">
              {t('filters.apply')}
            </Button>
            {key ? (
              <Button variant="ghost" onClick={() => setParams(new URLSearchParams())}>
                {t('filters.clear')}
              </Button>
            ) : null}
            <Button onClick={reload}>{t('filters.refresh')}</Button>
          </p>
        </form>
      </section>

      <section
        className="outbox-results"
        aria-labelledby={`${ids}-results`}
        aria-busy={loading || undefined}
      >
        <h2 id={`${ids}-results`} ref={results} tabIndex={-1}>
          {t('list.title')}
        </h2>
        <p className="visually-hidden" aria-live="polite">
          {list ? t('list.count', { count: list.total }) : ''}
        </p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
        {list ? (
          <>
            <p data-testid="outbox-count">{t('list.count', { count: list.total })}</p>
            {list.items.length === 0 ? (
              <EmptyState
                title={t('list.empty')}
                action={
                  filtered ? (
                    <Button onClick={() => setParams(new URLSearchParams())}>
                      {t('filters.clear')}
                    </Button>
                  ) : undefined
                }
              >
                <p>{t(filtered ? 'list.emptyFiltered' : 'list.emptyAll')}</p>
              </EmptyState>
            ) : (
              <>
                <ul className="outbox-cards">
                  {list.items.map((m) => (
                    <li key={m.id} className="outbox-card outbox-item" data-outbox-id={m.id}>
                      <p className="outbox-item-head">
                        <span className="outbox-topic">
                          {t('list.id')} {m.id} · {topicLabel(m.topic)}
                        </span>{' '}
                        {badge(m)}
                      </p>
                      <p className="outbox-item-content">{content(m)}</p>
                      {times(m)}
                      <p className="field-hint">
                        {t('list.attempts')}: {m.attempts}
                      </p>
                      {actions(m, 'normal')}
                    </li>
                  ))}
                </ul>
                <DataTable
                  caption={t('list.caption')}
                  captionHidden
                  columns={columns}
                  rows={list.items}
                  rowKey={(m) => m.id}
                  empty={t('list.empty')}
                />
              </>
            )}
            {list.total > list.pageSize ? (
              <Pagination
                page={list.page}
                pageSize={list.pageSize}
                total={list.total}
                onPageChange={(page) => apply({ ...applied, page })}
              />
            ) : null}
          </>
        ) : null}
      </section>

      <MessageDialog
        message={open?.message ?? null}
        mode={open?.mode ?? 'view'}
        onModeChange={(mode) => setOpen((o) => (o ? { ...o, mode } : o))}
        onClose={() => setOpen(null)}
        onRetry={(m) => void retry(m)}
        busy={busy}
        error={retryError}
        topicLabel={topicLabel}
      />
    </div>
  );
}
