import './dossiers.css';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { formatBytes } from '../../components/FileDrop.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { ActionDialog } from './ActionDialog.js';
import {
  type AllowedAction,
  documentUrl,
  dossierApi,
  type FormLink,
  type DossierPage as Page,
  type TransitionResult,
} from './api.js';
import { DossierStatus, useLabel, WorkingTime } from './DossierBits.js';

const CLASS_TONES: Record<string, 'success' | 'warning' | 'danger' | 'info'> = {
  early: 'success',
  on_time: 'success',
  late: 'danger',
  in_progress_on_time: 'info',
  in_progress_overdue: 'danger',
};

/**
 * One dossier: header (code, status, procedure, applicant), the legal clock (due date, working
 * time left, pauses, class), the actions THIS user may take (each a small dialog sending the
 * dossier's version), the forms (PDF), documents, the timeline and the national-portal sync.
 */
export default function DossierPage() {
  const { t } = useTranslation('dossiers');
  const label = useLabel();
  const id = Number(useParams().id);
  const [page, setPage] = useState<Page | null>(null);
  const [forms, setForms] = useState<FormLink[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const [action, setAction] = useState<AllowedAction | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const ids = useId();

  const load = useCallback(async () => {
    try {
      const [p, f] = await Promise.all([dossierApi.page(id), dossierApi.forms(id)]);
      setPage(p);
      setForms(f.forms);
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const announce = async (tone: 'success' | 'warning', text: string) => {
    setAction(null);
    await load();
    setNotice({ tone, text });
    // After the reload the button that opened the dialog may be gone: focus the message.
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const onDone = (_result: TransitionResult, done: AllowedAction) => {
    void announce('success', t('actions.done', { action: label(done) }));
  };

  if (error && !page)
    return (
      <>
        <PageTitle title={t('page.title')} />
        <Alert tone="error">{error}</Alert>
        <p>
          <Link to="/quan-tri/ho-so">{t('page.back')}</Link>
        </p>
      </>
    );
  if (!page) return <Skeleton lines={6} label={t('page.loading')} />;

  const d = page.dossier;
  const clock = page.clock;
  return (
    <div className="dossier-screen">
      <PageTitle
        title={d.code ? t('page.titleCode', { code: d.code }) : t('page.noCode', { id: d.id })}
        subtitle={`${d.procedure.code} — ${d.procedure.name}`}
      />
      <p>
        <Link to="/quan-tri/ho-so">{t('page.back')}</Link>
      </p>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite" className="notice-slot">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      </div>

      <div className="dossier-grid">
        <section className="dossier-card" aria-labelledby={`${ids}-summary`}>
          <h2 id={`${ids}-summary`}>{t('page.summary')}</h2>
          <dl className="facts">
            <dt>{t('page.status')}</dt>
            <dd data-testid="dossier-status">
              <DossierStatus status={d.status} label={d.statusLabel} />
            </dd>
            <dt>{t('page.applicant')}</dt>
            <dd>
              {d.applicant.name}
              {d.applicant.idNumberMasked ? ` · ${d.applicant.idNumberMasked}` : ''}
              {d.applicant.taxCode ? ` · ${t('page.taxCode')} ${d.applicant.taxCode}` : ''}
              {d.applicant.address ? (
                <span className="field-hint"> — {d.applicant.address}</span>
              ) : null}
            </dd>
            <dt>{t('page.receivingUnit')}</dt>
            <dd>{d.receivingUnit.name}</dd>
            <dt>{t('page.agency')}</dt>
            <dd>{d.agencyUnit.name}</dd>
            <dt>{t('page.currentUnit')}</dt>
            <dd>
              {d.currentUnit.name}
              {d.assignee ? ` · ${t('page.assignee', { name: d.assignee.name })}` : ''}
            </dd>
            <dt>{t('page.channel')}</dt>
            <dd>{t(`channel.${d.channel}`)}</dd>
            <dt>{t('page.delivery')}</dt>
            <dd>
              {t(`delivery.${d.delivery.method}`)}
              {d.delivery.address ? ` — ${d.delivery.address}` : ''}
            </dd>
            {d.proposedOutcome ? (
              <>
                <dt>{t('page.proposed')}</dt>
                <dd>{t(`outcome.${d.proposedOutcome}`)}</dd>
              </>
            ) : null}
            {d.outcome ? (
              <>
                <dt>{t('page.outcome')}</dt>
                <dd>{t(`outcome.${d.outcome}`)}</dd>
              </>
            ) : null}
          </dl>
        </section>

        <section className="dossier-card" aria-labelledby={`${ids}-clock`}>
          <h2 id={`${ids}-clock`}>{t('clock.title')}</h2>
          {clock ? (
            <>
              <dl className="facts">
                <dt>{t('clock.received')}</dt>
                <dd>
                  <DateTime value={clock.receivedAt} />
                </dd>
                <dt>{t('clock.due')}</dt>
                <dd>
                  <strong>
                    <DateTime value={clock.dueAt} />
                  </strong>
                  {clock.extended ? (
                    <span className="field-hint">
                      {' '}
                      ({t('clock.originalDue')} <DateTime value={clock.originalDueAt} />)
                    </span>
                  ) : null}
                </dd>
                <dt>{d.finishedAt ? t('clock.leftAtFinish') : t('clock.left')}</dt>
                <dd data-testid="time-left">
                  <WorkingTime minutes={clock.timeLeftMinutes} />{' '}
                  {clock.paused ? (
                    <StatusBadge tone="warning">{t('clock.paused')}</StatusBadge>
                  ) : null}
                </dd>
                <dt>{t('clock.class')}</dt>
                <dd>
                  <StatusBadge tone={CLASS_TONES[clock.class] ?? 'info'}>
                    {t(`class.${clock.class}`)}
                  </StatusBadge>
                </dd>
                <dt>{t('clock.budget')}</dt>
                <dd>
                  {t(`limit.${clock.unit}`, { count: clock.budget })} ·{' '}
                  {t('clock.supplements', { count: clock.supplementRequests })}
                </dd>
                {clock.extension ? (
                  <>
                    <dt>{t('clock.extension')}</dt>
                    <dd>
                      <DateTime value={clock.extension.dueAt} /> — {clock.extension.reason}
                    </dd>
                  </>
                ) : null}
                {d.extensionRequest ? (
                  <>
                    <dt>{t('clock.extensionRequest')}</dt>
                    <dd>
                      <DateTime value={d.extensionRequest.dueAt} /> — {d.extensionRequest.reason}
                    </dd>
                  </>
                ) : null}
              </dl>
              {clock.pauses.length > 0 ? (
                <>
                  <h3>{t('clock.pauses')}</h3>
                  <ul className="pause-list">
                    {clock.pauses.map((p, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: pauses have no id and never reorder.
                      <li key={i}>
                        <DateTime value={p.from} /> →{' '}
                        {p.to ? <DateTime value={p.to} /> : t('clock.ongoing')}
                        {p.reason ? <span className="field-hint"> — {p.reason}</span> : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          ) : (
            <p>{t('clock.none')}</p>
          )}
        </section>
      </div>

      <section className="dossier-card wide" aria-labelledby={`${ids}-actions`}>
        <h2 id={`${ids}-actions`}>{t('actions.title')}</h2>
        {page.allowedActions.length === 0 ? (
          <p>{t('actions.none')}</p>
        ) : (
          <p className="actions">
            {page.allowedActions.map((a) => (
              <Button
                key={a.action}
                variant={a.action === 'stop' || a.action === 'withdraw' ? 'danger' : 'primary'}
                onClick={() => setAction(a)}
                data-action={a.action}
              >
                {label(a)}
              </Button>
            ))}
          </p>
        )}
      </section>

      <section className="dossier-card wide" aria-labelledby={`${ids}-forms`}>
        <h2 id={`${ids}-forms`}>{t('forms.title')}</h2>
        {forms.length === 0 ? (
          <p>{t('forms.none')}</p>
        ) : (
          <ul className="form-links">
            {forms.map((f) => (
              <li key={f.form}>
                <a href={f.url} target="_blank" rel="noopener" data-form={f.form}>
                  {t('forms.link', { form: f.form, title: label(f) })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="dossier-card wide" aria-labelledby={`${ids}-docs`}>
        <h2 id={`${ids}-docs`}>{t('documents.title')}</h2>
        {page.documents.length === 0 ? (
          <p>{t('documents.none')}</p>
        ) : (
          <ul className="document-list">
            {page.documents.map((doc) => (
              <li key={doc.id}>
                <a href={documentUrl(d.id, doc.id)} download={doc.name}>
                  {doc.name}
                </a>{' '}
                <span className="field-hint">
                  {t(`documents.kinds.${doc.kind}`)}
                  {doc.componentCode ? ` · ${doc.componentCode}` : ''} · {formatBytes(doc.size)} ·{' '}
                  <DateTime value={doc.createdAt} />
                  {doc.electronic ? ` · ${t('documents.electronic')}` : ''}
                  {doc.signed ? ` · ${t('documents.signed')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="dossier-card wide" aria-labelledby={`${ids}-timeline`}>
        <h2 id={`${ids}-timeline`}>{t('timeline.title')}</h2>
        <ol className="dossier-timeline">
          {page.timeline.map((e) => (
            <li key={e.seq}>
              <p className="timeline-head">
                <strong>{label(e.actionLabel)}</strong> → {label(e.toLabel)}{' '}
                {e.onTime === true ? (
                  <StatusBadge tone="success">{t('timeline.onTime')}</StatusBadge>
                ) : e.onTime === false ? (
                  <StatusBadge tone="danger">{t('timeline.late')}</StatusBadge>
                ) : null}
              </p>
              <p className="field-hint">
                <DateTime value={e.at} />
                {e.actor ? ` · ${e.actor.name}` : ''}
                {e.fromUnit && e.toUnit && e.fromUnit.id !== e.toUnit.id
                  ? ` · ${e.fromUnit.name} → ${e.toUnit.name}`
                  : e.toUnit
                    ? ` · ${e.toUnit.name}`
                    : ''}
                {e.stepCode ? ` · ${t('timeline.step', { step: e.stepCode })}` : ''}
                {e.stepDueAt ? (
                  <>
                    {' · '}
                    {t('timeline.stepDue')} <DateTime value={e.stepDueAt} />
                  </>
                ) : null}
              </p>
              {e.note ? <p className="timeline-note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="dossier-card wide" aria-labelledby={`${ids}-sync`}>
        <h2 id={`${ids}-sync`}>{t('sync.title')}</h2>
        <p>
          <StatusBadge
            tone={
              page.sync.state === 'sent'
                ? 'success'
                : page.sync.state === 'dead'
                  ? 'danger'
                  : page.sync.state === 'pending'
                    ? 'warning'
                    : 'neutral'
            }
          >
            {t(`sync.states.${page.sync.state}`, { defaultValue: page.sync.state })}
          </StatusBadge>{' '}
          {page.sync.syncedAt ? (
            <>
              {t('sync.syncedAt')} <DateTime value={page.sync.syncedAt} />
            </>
          ) : null}
        </p>
        {page.sync.messages.length > 0 ? (
          <p className="field-hint">
            {t('sync.messages', {
              count: page.sync.messages.length,
              sent: page.sync.messages.filter((m) => m.status === 'sent').length,
            })}
            {page.sync.messages.at(-1)?.lastError
              ? ` — ${page.sync.messages.at(-1)?.lastError}`
              : ''}
          </p>
        ) : null}
      </section>

      <ActionDialog
        page={page}
        action={action}
        onClose={() => setAction(null)}
        onDone={onDone}
        onConflict={(message) => void announce('warning', message)}
      />
    </div>
  );
}
