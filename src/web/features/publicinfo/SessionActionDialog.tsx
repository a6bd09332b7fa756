import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { TextField } from '../../components/TextField.js';
import { publicInfoApi, type Session } from './api.js';
import { formatSessionDate } from './format.js';
import { type FieldProblem, fieldProblems, problemText } from './problems.js';

export type SessionDialogAction = 'hold' | 'cancel' | 'reschedule';

/**
 * The dialog of one action on a scheduled session: the outcome (citizens received, cases
 * noted), the reason of a cancellation (shown publicly) or the new date and times.
 */
export function SessionActionDialog({
  session,
  action,
  onClose,
  onDone,
}: {
  session: Session;
  action: SessionDialogAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('publicinfo');
  const [reason, setReason] = useState('');
  const [citizens, setCitizens] = useState('');
  const [cases, setCases] = useState('');
  const [notes, setNotes] = useState('');
  const [date, setDate] = useState('');
  const [start, setStart] = useState(session.start);
  const [end, setEnd] = useState(session.end);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);

  const body = (): Record<string, unknown> => {
    const base = { version: session.version };
    if (action === 'cancel') return { ...base, reason };
    if (action === 'hold')
      return {
        ...base,
        citizensReceived: citizens === '' ? undefined : Number(citizens),
        casesNoted: cases === '' ? undefined : Number(cases),
        outcomeNotes: notes || undefined,
      };
    return { ...base, date: date || undefined, start, end };
  };

  const confirm = async () => {
    setError(null);
    setProblems([]);
    if (action === 'cancel' && reason.trim() === '') {
      setError(t('problem.reason_required'));
      return;
    }
    setBusy(true);
    try {
      await publicInfoApi.act(session.id, action, body());
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
      title={`${t(`action.${action}`)} — ${formatSessionDate(session.date, i18n.language)}`}
      actions={
        <>
          <Button onClick={onClose}>{t('action.close')}</Button>
          <Button
            variant={action === 'cancel' ? 'danger' : 'primary'}
            busy={busy}
            onClick={confirm}
          >
            {t(`action.confirm_${action}`)}
          </Button>
        </>
      }
    >
      {action === 'cancel' ? (
        <TextField
          label={t('field.reason')}
          hint={t('action.reasonHint')}
          multiline={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
        />
      ) : null}
      {action === 'hold' ? (
        <>
          <TextField
            label={t('field.citizensReceived')}
            type="number"
            min={0}
            inputMode="numeric"
            value={citizens}
            onChange={(e) => setCitizens(e.target.value)}
          />
          <TextField
            label={t('field.casesNoted')}
            type="number"
            min={0}
            inputMode="numeric"
            value={cases}
            onChange={(e) => setCases(e.target.value)}
          />
          <TextField
            label={t('field.outcomeNotes')}
            multiline={3}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </>
      ) : null}
      {action === 'reschedule' ? (
        <>
          <TextField
            label={t('field.newDate')}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
          <TextField
            label={t('field.start')}
            type="time"
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
          <TextField
            label={t('field.end')}
            type="time"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
          />
        </>
      ) : null}
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
