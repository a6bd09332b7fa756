import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import type { Withdrawal } from './api.js';
import { day, errorText } from './Bits.js';
import { type FieldSpec, RegisterForm } from './RegisterForm.js';

/** The written reason a withdrawal or a restore asks for (required). */
export function reasonField(t: TFunction, action: 'withdraw' | 'restore'): FieldSpec {
  return {
    name: 'reason',
    label: t(`${action}.reason`),
    kind: 'textarea',
    required: true,
    hint: t(`${action}.reasonHint`),
  };
}

/**
 * "Rút khỏi sổ": the reform office withdraws a record entered by mistake. The written reason is
 * asked first (required, checked before anything is sent); a confirmation dialog then says what
 * leaves the lists and what goes with it, and only its button sends. A refusal (a stale page,
 * say) shows inside the dialog.
 */
export function WithdrawAction({
  label,
  what,
  along,
  onWithdraw,
}: {
  /** The disclosure's text (default «Rút khỏi sổ»). */
  label?: string | undefined;
  /** What is withdrawn, as a phrase: «sáng kiến "…"». */
  what: string;
  /** What is withdrawn with it (an inspection's recommendations, a plan's tasks), if anything. */
  along?: string | undefined;
  onWithdraw: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation('registers');
  const [reason, setReason] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (reason === null) return;
    setBusy(true);
    setError(null);
    try {
      await onWithdraw(reason);
      setReason(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="rg-withdraw">
      <summary>{label ?? t('withdraw.open')}</summary>
      <p className="field-hint">{t('withdraw.hint')}</p>
      <RegisterForm
        submitLabel={t('withdraw.submit')}
        fields={[reasonField(t, 'withdraw')]}
        onSubmit={async (v) => {
          setError(null);
          setReason((v.reason ?? '').trim());
        }}
      />
      <Dialog
        open={reason !== null}
        onClose={() => {
          if (!busy) setReason(null);
        }}
        title={t('withdraw.confirmTitle')}
        actions={
          <>
            <Button onClick={() => setReason(null)} disabled={busy}>
              {t('withdraw.cancel')}
            </Button>
            <Button variant="danger" busy={busy} onClick={confirm}>
              {t('withdraw.confirm')}
            </Button>
          </>
        }
      >
        <p>{t('withdraw.confirmText', { what })}</p>
        {along ? <p>{along}</p> : null}
        <p>
          <strong>{t('withdraw.reason')}:</strong> {reason}
        </p>
        {error ? <Alert tone="error">{error}</Alert> : null}
      </Dialog>
    </details>
  );
}

/**
 * "Khôi phục": the reform office puts a withdrawn record back in the register, with a written
 * reason (required, checked before anything is sent). What was withdrawn with it comes back
 * too (`along` says so); nothing is lost, so no confirmation is asked. A refusal shows in the
 * form.
 */
export function RestoreAction({
  label,
  what,
  along,
  hint,
  onRestore,
}: {
  /** The disclosure's text (default «Khôi phục vào sổ»). */
  label?: string | undefined;
  /** What coming back means, when not the lists, CSV and index figures (headcount rows). */
  hint?: string | undefined;
  /** What is restored, as a phrase: «kế hoạch "…"». */
  what: string;
  /** What comes back with it (the recommendations or tasks withdrawn with it), if anything. */
  along?: string | undefined;
  onRestore: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation('registers');
  return (
    <details className="rg-withdraw rg-restore">
      <summary>{label ?? t('restore.open')}</summary>
      <p className="field-hint">{hint ?? t('restore.hint', { what })}</p>
      {along ? <p className="field-hint">{along}</p> : null}
      <RegisterForm
        submitLabel={t('restore.submit')}
        fields={[reasonField(t, 'restore')]}
        onSubmit={async (v) => onRestore((v.reason ?? '').trim())}
      />
    </details>
  );
}

/** The banner on a withdrawn record's page: when, by whom, why. */
export function WithdrawnNotice({ withdrawn }: { withdrawn: Withdrawal | null }) {
  const { t } = useTranslation('registers');
  const line = useWithdrawnLine();
  if (!withdrawn) return null;
  return (
    <Alert tone="warning" title={t('withdraw.banner')}>
      <p>{line(withdrawn)}</p>
      <p className="rg-text">
        {t('withdraw.reason')}: {withdrawn.reason}
      </p>
    </Alert>
  );
}

/** A withdrawn recommendation or task in its item's list: a badge and the reason. */
export function WithdrawnMark({ withdrawn }: { withdrawn: Withdrawal | null }) {
  const { t } = useTranslation('registers');
  const line = useWithdrawnLine();
  if (!withdrawn) return null;
  return (
    <>
      <StatusBadge tone="warning">{t('state.withdrawn')}</StatusBadge>
      <span className="field-hint">
        {' '}
        {line(withdrawn)} — {withdrawn.reason}
      </span>
    </>
  );
}

/** "Withdrawn by … on …" for a withdrawal (Vietnam date and time as the server gives it). */
function useWithdrawnLine() {
  const { t } = useTranslation('registers');
  return (w: Withdrawal) => {
    const at = `${day(w.at)} ${w.at.slice(11, 16)}`;
    return w.by ? t('withdraw.byOn', { at, by: w.by }) : t('withdraw.on', { at });
  };
}

/**
 * A register list's heading («— đã rút khỏi sổ» on the records withdrawn from it) and the reform
 * office's switch between the two lists (`?withdrawn=true`, kept in the address with the other
 * filters).
 */
export function WithdrawnListHeading({
  title,
  showing,
  onToggle,
}: {
  title: string;
  showing: boolean;
  onToggle: (next: boolean) => void;
}) {
  const { t } = useTranslation('registers');
  const { hasRole } = useAuth();
  return (
    <>
      <h2>
        {title}
        {showing ? ` — ${t('withdraw.listTitle')}` : ''}
      </h2>
      {hasRole('reform_office') ? (
        <p className="actions">
          <Button variant="ghost" onClick={() => onToggle(!showing)}>
            {showing ? t('withdraw.backToList') : t('withdraw.showList')}
          </Button>
        </p>
      ) : null}
    </>
  );
}

/**
 * The outcome of an action on an item's page, announced and given the focus: the form or button
 * that was used may be gone (a withdrawn record offers no more forms).
 */
export function Notice({ text }: { text: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <div ref={ref} tabIndex={-1} className="rg-notice">
      <Alert tone="success">
        <span role="status">{text}</span>
      </Alert>
    </div>
  );
}
