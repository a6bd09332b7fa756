import './feedback.css';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { ActionDialog } from './ActionDialog.js';
import { type Action, type Detail, feedbackApi } from './api.js';
import { DeadlineFacts, StateBadge } from './FeedbackBits.js';

/**
 * `/quan-tri/phan-anh/:id` — one item: what was asked, by whom (only what the API returns: a
 * denunciation's reporter stays hidden without the `feedback.reporter.read` grant), deadlines,
 * the reply, the history, and the actions this user may take now, each behind a dialog.
 */
export default function DetailPage() {
  const { t } = useTranslation('feedback');
  const id = Number(useParams().id);
  // Back to the list as it was filtered when the item was opened from it.
  const from = (useLocation().state as { listSearch?: string } | null)?.listSearch;
  const back = from ? `/quan-tri/phan-anh?${from}` : '/quan-tri/phan-anh';
  const ids = useId();
  const [item, setItem] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setItem(await feedbackApi.detail(id));
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const announce = (tone: 'success' | 'warning', text: string) => {
    setAction(null);
    setNotice({ tone, text });
  };

  // The button that opened the dialog may be gone with the new state: focus the message. An
  // effect, not a frame callback: the dialog (a child, whose effects run first) closes in the
  // same commit and the browser hands focus back to its opener on close.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  if (error && !item)
    return (
      <div className="fb">
        <PageTitle title={t('list.title')} />
        <Alert tone="error">{error}</Alert>
        <p>
          <Link to={back}>{t('detail.back')}</Link>
        </p>
      </div>
    );
  if (!item) return <Skeleton lines={6} label={t('detail.loading')} />;

  const s = item.submitter;
  return (
    <div className="fb fb-detail">
      <PageTitle title={t('detail.title', { code: item.code })} subtitle={item.subject} />
      <p>
        <Link to={back}>{t('detail.back')}</Link>
      </p>
      <div ref={noticeRef} tabIndex={-1} className="fb-notice">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      </div>

      <section className="fb-card" aria-labelledby={`${ids}-actions`}>
        <h2 id={`${ids}-actions`}>{t('detail.actions')}</h2>
        {item.allowedActions.length > 0 ? (
          <p className="actions">
            {item.allowedActions.map((a) => (
              <Button
                key={a}
                data-action={a}
                variant={
                  a === 'reject'
                    ? 'danger'
                    : a === 'answer' || a === 'publish'
                      ? 'primary'
                      : 'secondary'
                }
                onClick={() => setAction(a)}
              >
                {t(`action.${a}`)}
              </Button>
            ))}
          </p>
        ) : (
          <p>{t('detail.noActions')}</p>
        )}
      </section>

      <section className="fb-card" aria-labelledby={`${ids}-summary`}>
        <h2 id={`${ids}-summary`}>{t('detail.summary')}</h2>
        <dl className="facts">
          <dt>{t('detail.state')}</dt>
          <dd data-testid="feedback-state">
            <StateBadge state={item.state} />
            {item.complainedAgain ? (
              <>
                {' '}
                <StatusBadge tone="warning">{t('list.complainedAgain')}</StatusBadge>
              </>
            ) : null}
          </dd>
          <dt>{t('detail.kind')}</dt>
          <dd>{t(`kind.${item.kind}`)}</dd>
          <dt>{t('detail.channel')}</dt>
          <dd>{t(`channel.${item.channel}`)}</dd>
          <dt>{t('detail.unit')}</dt>
          <dd>{item.unit.name}</dd>
          {item.receivedUnit && item.receivedUnit.code !== item.unit.code ? (
            <>
              <dt>{t('detail.receivedUnit')}</dt>
              <dd>{item.receivedUnit.name}</dd>
            </>
          ) : null}
          <dt>{t('detail.received')}</dt>
          <dd>
            <DateTime value={item.receivedAt} />
          </dd>
          {item.relatedDossierCode ? (
            <>
              <dt>{t('detail.dossier')}</dt>
              <dd className="fb-text">{item.relatedDossierCode}</dd>
            </>
          ) : null}
          {item.relatedProcedureCode ? (
            <>
              <dt>{t('detail.procedure')}</dt>
              <dd>{item.relatedProcedureCode}</dd>
            </>
          ) : null}
          {item.followUpOf ? (
            <>
              <dt>{t('detail.followUpOf', { id: item.followUpOf })}</dt>
              <dd>
                <Link to={`/quan-tri/phan-anh/${item.followUpOf}`}>#{item.followUpOf}</Link>
              </dd>
            </>
          ) : null}
          <dt>{t('detail.ratings')}</dt>
          <dd>
            {t('track.likes', { count: item.ratings.likes })} ·{' '}
            {t('track.dislikes', { count: item.ratings.dislikes })}
          </dd>
        </dl>
      </section>

      <section className="fb-card" aria-labelledby={`${ids}-deadlines`}>
        <h2 id={`${ids}-deadlines`}>{t('deadline.title')}</h2>
        <DeadlineFacts deadlines={item.deadlines} dueAt={item.dueAt} overdue={item.overdue} />
      </section>

      <section className="fb-card" aria-labelledby={`${ids}-submitter`}>
        <h2 id={`${ids}-submitter`}>{t('detail.submitter')}</h2>
        {s ? (
          <dl className="facts" data-testid="feedback-submitter">
            {(['name', 'phone', 'email', 'idNumber', 'address'] as const)
              .filter((k) => s[k])
              .map((k) => (
                <div key={k} className="fb-fact">
                  <dt>{t(`form.${k}`)}</dt>
                  <dd className="fb-text">{s[k]}</dd>
                </div>
              ))}
          </dl>
        ) : item.reporterProtected ? (
          <Alert tone="info">{t('detail.protected')}</Alert>
        ) : item.anonymous ? (
          <p>{t('detail.anonymous')}</p>
        ) : (
          <p>{t('detail.protected')}</p>
        )}
      </section>

      <section className="fb-card" aria-labelledby={`${ids}-content`}>
        <h2 id={`${ids}-content`}>{t('detail.content')}</h2>
        <p className="fb-text">{item.content}</p>
        {item.reply ? (
          <>
            <h3>{item.state === 'rejected' ? t('track.rejection') : t('detail.reply')}</h3>
            <p
              className={`fb-text fb-answer${item.state === 'rejected' ? ' fb-answer-rejected' : ''}`}
              data-testid="feedback-reply"
            >
              {item.reply}
            </p>
          </>
        ) : null}
      </section>

      <section className="fb-card" aria-labelledby={`${ids}-history`}>
        <h2 id={`${ids}-history`}>{t('detail.history')}</h2>
        <ol className="fb-history">
          {item.events.map((e) => (
            <li key={`${e.at}-${e.action}-${e.toState}`}>
              <p className="fb-history-head">
                <strong>{t(`action.${e.action}`, { defaultValue: e.action })}</strong>{' '}
                <DateTime value={e.at} />
              </p>
              <p className="field-hint">
                {e.actorName ?? t('detail.system')}
                {e.unit ? ` · ${e.unit.name}` : ''}
                {e.toUnit ? ` · ${t('detail.to', { unit: e.toUnit.name })}` : ''}
                {' · '}
                {t(`state.${e.toState}`, { defaultValue: e.toState })}
              </p>
              {e.note ? <p className="fb-text">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <ActionDialog
        item={item}
        action={action}
        onClose={() => setAction(null)}
        onDone={(updated, done) => {
          setItem(updated);
          announce('success', t('detail.done', { action: t(`action.${done}`) }));
        }}
        onConflict={(message) => {
          void load().then(() => announce('warning', message));
        }}
      />
    </div>
  );
}
