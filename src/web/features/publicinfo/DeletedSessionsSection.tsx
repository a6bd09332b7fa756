import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { useToast } from '../../components/Toast.js';
import { type Deletion, publicInfoApi, type Session } from './api.js';
import { deletionText, formatSessionDate } from './format.js';
import { SessionSummary } from './SessionCard.js';

/**
 * The deleted sessions of the units the user manages, the last deleted first, each with a
 * "Khôi phục" action that schedules it again (the server checks who may). `refresh` changes
 * when a session was deleted; `onRestored` lets the page reload its list and statistics.
 */
export function DeletedSessionsSection({
  refresh,
  onRestored,
}: {
  refresh: number;
  onRestored: () => void;
}) {
  const { t, i18n } = useTranslation('publicinfo');
  const toast = useToast();
  const [items, setItems] = useState<Array<Session & Deletion> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    // `refresh` and `reloads` are read so a deletion or a restore reloads the list.
    void refresh;
    void reloads;
    publicInfoApi.deletedSessions().then(
      (r) => live && setItems(r.items),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [refresh, reloads]);

  const restore = async (s: Session) => {
    setError(null);
    setBusy(s.id);
    try {
      await publicInfoApi.restoreSession(s.id, s.version);
      toast.show(t('deleted.restored_session'), 'success');
      setReloads((n) => n + 1);
      onRestored();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
      setReloads((n) => n + 1);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="pi-deleted-title" className="pi-deleted">
      <h2 id="pi-deleted-title">{t('deleted.sessionsTitle')}</h2>
      <p>{t('deleted.sessionsIntro')}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {items && items.length === 0 ? <p>{t('deleted.noSessions')}</p> : null}
      {items && items.length > 0 ? (
        // Not `.pi-list`: the schedule above is that list, and this one is apart from it.
        <ul className="pi-deleted-list">
          {items.map((s) => (
            <li key={s.id} className="pi-card">
              <SessionSummary session={s} level={3} deleted />
              <p className="pi-meta">{deletionText(t, s, i18n.language)}</p>
              <div className="pi-actions">
                <Button size="small" busy={busy === s.id} onClick={() => restore(s)}>
                  {t('deleted.restore')}
                  <span className="visually-hidden">
                    {' '}
                    {formatSessionDate(s.date, i18n.language)}
                  </span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
