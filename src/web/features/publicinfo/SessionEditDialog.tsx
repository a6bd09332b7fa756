import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { publicInfoApi, type Session } from './api.js';
import { formatSessionDate } from './format.js';
import { type FieldProblem, fieldProblems, problemText } from './problems.js';
import { SessionFields } from './SessionFields.js';

/**
 * Edits a scheduled session in place: the receiving leader, the times, the place and the
 * notes. The date stays (a new date is a reschedule, which the public sees as a move). The
 * server checks the fields and the version; its refusals show here in the user's language.
 */
export function SessionEditDialog({
  session,
  onClose,
  onDone,
}: {
  session: Session;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('publicinfo');
  const [draft, setDraft] = useState({
    leaderName: session.leaderName,
    leaderTitle: session.leaderTitle,
    start: session.start,
    end: session.end,
    place: session.place,
    notes: session.notes ?? '',
  });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof draft) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const errorOf = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? t(`problem.${p.problem}`) : undefined;
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblems([]);
    setError(null);
    setBusy(true);
    try {
      await publicInfoApi.updateSession(session.id, {
        version: session.version,
        ...draft,
        notes: draft.notes.trim() === '' ? null : draft.notes,
      });
      onDone();
    } catch (e) {
      const found = fieldProblems(e);
      if (found.length > 0) setProblems(found);
      else setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`${t('action.editTitle')} — ${formatSessionDate(session.date, i18n.language)}`}
      actions={
        <>
          <Button onClick={onClose}>{t('action.close')}</Button>
          <Button variant="primary" busy={busy} onClick={() => save()}>
            {t('action.confirm_edit')}
          </Button>
        </>
      }
    >
      <form id="pi-edit-form" onSubmit={save} noValidate>
        <p className="pi-meta">{t('action.editHint')}</p>
        <SessionFields values={draft} set={set} errorOf={errorOf} pairTimes />
      </form>
      {problems.length > 0 ? (
        <Alert tone="error">
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}-${p.problem}`}>{problemText(t, p)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </Dialog>
  );
}
