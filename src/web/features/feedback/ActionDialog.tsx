import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import { type Action, type Detail, feedbackApi, type StaffUnit } from './api.js';

export interface ActionDialogProps {
  item: Detail;
  action: Action | null;
  onClose: () => void;
  onDone: (updated: Detail, action: Action) => void;
  /** Someone changed the item since it was read (409 version_conflict): the page reloads. */
  onConflict: (message: string) => void;
}

/** What each action asks for: the reply (to the submitter), a note, a unit. */
const NEEDS: Record<Action, { reply?: 'reply' | 'reason'; note: string; noteRequired?: boolean }> =
  {
    start: { note: 'note' },
    request_info: { note: 'infoNeeded', noteRequired: true },
    supply_info: { note: 'supplied' },
    transfer: { note: 'note' },
    reject: { reply: 'reason', note: 'note' },
    answer: { reply: 'reply', note: 'note' },
    publish: { note: 'note' },
  };

/**
 * The small form an action needs, sending the item's version: the answer or the reason for a
 * rejection (both read by the submitter), what information is needed, the unit to transfer to.
 * Errors show beside their field and in the dialog's alert; a conflict hands over to the page.
 */
export function ActionDialog({ item, action, onClose, onDone, onConflict }: ActionDialogProps) {
  const { t, i18n } = useTranslation('feedback');
  const ids = useId();
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [unitId, setUnitId] = useState('');
  const [units, setUnits] = useState<StaffUnit[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setReply('');
    setNote('');
    setUnitId('');
    setErrors({});
    setError(null);
    if (action === 'transfer')
      feedbackApi.staffUnits().then(
        (r) => setUnits(r.units.filter((u) => !u.former && u.code !== item.unit.code)),
        () => setUnits([]),
      );
  }, [action, item.unit.code]);

  const needs = action ? NEEDS[action] : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action || !needs) return;
    const found: Record<string, string> = {};
    if (needs.reply && !reply.trim())
      found.reply = t(needs.reply === 'reason' ? 'dialog.errors.reason' : 'dialog.errors.reply');
    if (needs.noteRequired && !note.trim()) found.note = t('dialog.errors.note');
    if (action === 'transfer' && !unitId) found.unit = t('dialog.errors.unit');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      document.getElementById(`${ids}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await feedbackApi.act(item.id, action, {
        version: item.version,
        note: note.trim() || null,
        ...(needs.reply ? { reply: reply.trim() } : {}),
        ...(action === 'transfer' ? { toUnitId: Number(unitId) } : {}),
      });
      onDone(updated, action);
    } catch (e) {
      if (isApiError(e) && e.code === 'version_conflict') {
        onConflict(t('detail.conflict'));
        return;
      }
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const english = i18n.language === 'en';
  return (
    <Dialog
      open={action !== null}
      onClose={onClose}
      title={action ? t(`action.${action}`) : ''}
      actions={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('dialog.cancel')}
          </Button>
          <Button type="submit" form={`${ids}-form`} variant="primary" busy={busy}>
            {t('dialog.confirm')}
          </Button>
        </>
      }
    >
      <form id={`${ids}-form`} className="fb-form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="field-hint">{t('dialog.about', { code: item.code })}</p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {action === 'start' ? <p>{t('dialog.startText')}</p> : null}
        {action === 'publish' ? <p>{t('dialog.publishText')}</p> : null}
        {action === 'transfer' ? (
          <Select
            id={`${ids}-unit`}
            label={t('dialog.unit')}
            required
            name="toUnitId"
            value={unitId}
            placeholder={t('dialog.choose')}
            options={units.map((u) => ({
              value: String(u.id),
              label: english && u.nameEn ? u.nameEn : u.name,
            }))}
            onChange={(e) => setUnitId(e.target.value)}
            error={errors.unit ?? null}
          />
        ) : null}
        {needs?.reply ? (
          <TextField
            id={`${ids}-reply`}
            label={t(needs.reply === 'reason' ? 'dialog.reason' : 'dialog.reply')}
            hint={t(needs.reply === 'reason' ? 'dialog.reasonHint' : 'dialog.replyHint')}
            multiline={6}
            required
            maxLength={20000}
            name="reply"
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            error={errors.reply ?? null}
          />
        ) : null}
        {needs ? (
          <TextField
            id={`${ids}-note`}
            label={t(`dialog.${needs.note}`)}
            // What is asked is shown to the code holder, who answers it online.
            {...(action === 'request_info' ? { hint: t('dialog.infoNeededHint') } : {})}
            multiline={3}
            required={needs.noteRequired ?? false}
            maxLength={5000}
            name="note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={errors.note ?? null}
          />
        ) : null}
      </form>
    </Dialog>
  );
}
