import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { publicInfoApi, type Session } from './api.js';
import { formatSessionDate } from './format.js';

/**
 * Asks before deleting a scheduled session entered by mistake. Held, cancelled and moved
 * sessions are history and the server keeps them; its refusal shows here.
 */
export function SessionDeleteDialog({
  session,
  onClose,
  onDone,
}: {
  session: Session;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('publicinfo');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const date = formatSessionDate(session.date, i18n.language);

  const confirm = async () => {
    setError(null);
    setBusy(true);
    try {
      await publicInfoApi.deleteSession(session.id, session.version);
      onDone();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`${t('action.deleteTitle')} — ${date}`}
      actions={
        <>
          <Button onClick={onClose}>{t('action.close')}</Button>
          <Button variant="danger" busy={busy} onClick={confirm}>
            {t('action.confirm_delete')}
          </Button>
        </>
      }
    >
      <p>
        {t('action.deleteQuestion', {
          date,
          start: session.start,
          leader: session.leaderName,
        })}
      </p>
      <p className="pi-meta">{t('action.deleteHint')}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </Dialog>
  );
}
