import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { Dialog } from '../../components/Dialog.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import type { OutboxMessage } from './api.js';
import { canRetry, isStatus, presentPayload, statusTone, summarize } from './outboxFormat.js';

export type DialogMode = 'view' | 'confirm';

/** Preformatted text in a frame that scrolls, named and reachable by keyboard (WCAG 2.1.1). */
function CodeBlock({
  label,
  testId,
  children,
}: {
  label: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="outbox-code" aria-label={label} tabIndex={0} data-testid={testId}>
      <pre>{children}</pre>
    </section>
  );
}

export interface MessageDialogProps {
  /** The message shown; null closes the dialog. */
  message: OutboxMessage | null;
  mode: DialogMode;
  onModeChange: (mode: DialogMode) => void;
  onClose: () => void;
  onRetry: (message: OutboxMessage) => void;
  busy: boolean;
  /** The API's refusal of a retry, in the user's language, with what it means here. */
  error: { message: string; hint: string | null } | null;
  topicLabel: (topic: string) => string;
}

/**
 * One message, readable: an e-mail's recipient, subject and body; an SMS's recipient and text;
 * any other payload as formatted JSON; a withheld (sensitive, production) payload says so. A
 * dead message offers "send again", which asks for confirmation in the same dialog.
 */
export function MessageDialog({
  message,
  mode,
  onModeChange,
  onClose,
  onRetry,
  busy,
  error,
  topicLabel,
}: MessageDialogProps) {
  const { t } = useTranslation('outbox');
  const body = useRef<HTMLDivElement>(null);
  const shownMode = useRef<DialogMode | null>(null);

  // A message can be long: on opening, focus its start (not the Close button at the bottom,
  // which would scroll the content away; WAI-ARIA APG dialog pattern). Moving from reading to
  // confirming replaces the pressed button: focus the new choices.
  useEffect(() => {
    if (!message) {
      shownMode.current = null;
      return;
    }
    if (shownMode.current === null && mode === 'view') {
      body.current?.focus({ preventScroll: true });
      const dialog = body.current?.closest('dialog');
      if (dialog) dialog.scrollTop = 0;
    } else if (shownMode.current !== null && shownMode.current !== mode)
      body.current
        ?.closest('dialog')
        ?.querySelector<HTMLElement>('.dialog-actions button')
        ?.focus();
    shownMode.current = mode;
  }, [message, mode]);

  if (!message) return <Dialog open={false} onClose={onClose} title="" />;

  const topic = topicLabel(message.topic);
  const retryable = canRetry(message.status);

  if (mode === 'confirm') {
    const { to } = summarize(message.topic, message.payload);
    return (
      <Dialog
        open
        onClose={onClose}
        title={t('retry.title', { id: message.id })}
        actions={
          <>
            <Button variant="ghost" onClick={onClose}>
              {t('retry.cancel')}
            </Button>
            <Button
              variant="primary"
              busy={busy}
              disabled={!retryable}
              onClick={() => onRetry(message)}
            >
              {t('retry.confirm')}
            </Button>
          </>
        }
      >
        <div ref={body} className="outbox-dialog">
          {error ? (
            <Alert tone="error" title={error.message}>
              {error.hint ? <p>{error.hint}</p> : null}
            </Alert>
          ) : null}
          <p>{t('retry.text', { topic })}</p>
          {to ? <p className="outbox-break">{t('retry.to', { to })}</p> : null}
          {message.lastError ? (
            <p className="field-hint outbox-break">
              {t('list.lastError')}: {message.lastError}
            </p>
          ) : null}
        </div>
      </Dialog>
    );
  }

  const view = presentPayload(message.topic, message.payload);
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('view.title', { id: message.id })}
      actions={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('view.close')}
          </Button>
          {retryable ? (
            <Button variant="primary" onClick={() => onModeChange('confirm')}>
              {t('view.retry')}
            </Button>
          ) : null}
        </>
      }
    >
      <div ref={body} className="outbox-dialog" tabIndex={-1}>
        <p className="outbox-dialog-head">
          <strong>{topic}</strong>{' '}
          <StatusBadge tone={statusTone(message.status)}>
            {isStatus(message.status) ? t(`status.${message.status}`) : message.status}
          </StatusBadge>
        </p>

        <h3>{t('view.content')}</h3>
        {view.kind === 'hidden' ? <Alert tone="info">{t('view.hidden')}</Alert> : null}
        {view.kind === 'email' || view.kind === 'sms' ? (
          <>
            {view.sensitive ? <Alert tone="warning">{t('view.sensitive')}</Alert> : null}
            <dl className="facts outbox-facts">
              <dt>{t('view.to')}</dt>
              <dd className="outbox-break" data-testid="outbox-to">
                {view.to}
              </dd>
              {view.kind === 'email' ? (
                <>
                  <dt>{t('view.subject')}</dt>
                  <dd className="outbox-break" data-testid="outbox-subject">
                    {view.subject}
                  </dd>
                </>
              ) : null}
            </dl>
            <h4>{t(view.kind === 'email' ? 'view.body' : 'view.smsText')}</h4>
            <div className="outbox-body" data-testid="outbox-body">
              {view.text}
            </div>
            {view.kind === 'email' && view.html ? (
              <details className="outbox-html">
                <summary>{t('view.html')}</summary>
                <CodeBlock label={t('view.html')}>{view.html}</CodeBlock>
              </details>
            ) : null}
          </>
        ) : null}
        {view.kind === 'json' ? (
          <>
            <h4>{t('view.json')}</h4>
            <CodeBlock label={t('view.json')} testId="outbox-json">
              {view.json}
            </CodeBlock>
          </>
        ) : null}

        <h3>{t('view.facts')}</h3>
        <dl className="facts outbox-facts">
          <dt>{t('view.topicCode')}</dt>
          <dd>
            <code>{message.topic}</code>
          </dd>
          <dt>{t('view.attempts')}</dt>
          <dd>{message.attempts}</dd>
          <dt>{t('list.created')}</dt>
          <dd>
            <DateTime value={message.createdAt} />
          </dd>
          {message.sentAt ? (
            <>
              <dt>{t(message.status === 'dry_run' ? 'list.kept' : 'list.sent')}</dt>
              <dd>
                <DateTime value={message.sentAt} />
              </dd>
            </>
          ) : null}
          {message.status === 'pending' ? (
            <>
              <dt>{t('list.next')}</dt>
              <dd>
                <DateTime value={message.nextAttemptAt} />
              </dd>
            </>
          ) : null}
          {message.dedupeKey ? (
            <>
              <dt>{t('view.dedupeKey')}</dt>
              <dd className="outbox-break">
                <code>{message.dedupeKey}</code>
              </dd>
            </>
          ) : null}
          <dt>{t('list.lastError')}</dt>
          <dd className="outbox-break" data-testid="outbox-error">
            {message.lastError ?? t('view.noError')}
          </dd>
        </dl>
      </div>
    </Dialog>
  );
}
