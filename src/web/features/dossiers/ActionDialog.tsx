import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { FileDrop } from '../../components/FileDrop.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import {
  type ActionInput,
  type AllowedAction,
  type DossierPage,
  dossierApi,
  type TransitionResult,
  type UnitOption,
} from './api.js';
import { useLabel } from './DossierBits.js';
import { fieldErrors, localInputToIso } from './dossierFormat.js';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.xml';

/** Actions whose dialog can attach files first: the supplement, the result documents. */
const ATTACH: Record<string, 'supplement' | 'result'> = {
  record_supplement: 'supplement',
  return_result: 'result',
  approve: 'result',
};

export interface ActionDialogProps {
  page: DossierPage;
  action: AllowedAction | null;
  onClose: () => void;
  onDone: (result: TransitionResult, action: AllowedAction) => void;
  /** The dossier changed since it was read (409 version_conflict): the page reloads. */
  onConflict: (message: string) => void;
}

/**
 * The small form an action needs (a note or reasons, the proposed outcome, the new date and
 * reason of an extension, the consulted unit, the assignee, files), sending the dossier's
 * version; a version conflict closes it and reloads the page with a message.
 */
export function ActionDialog({ page, action, onClose, onDone, onConflict }: ActionDialogProps) {
  const { t } = useTranslation('dossiers');
  const label = useLabel();
  const ids = useId();
  const name = action?.action ?? '';
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<'approved' | 'refused'>('approved');
  const [dueAt, setDueAt] = useState('');
  const [unitId, setUnitId] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [override, setOverride] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [electronic, setElectronic] = useState(false);
  const [units, setUnits] = useState<UnitOption[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setNote('');
    setOutcome('approved');
    setDueAt('');
    setUnitId('');
    setAssigneeId('');
    setOverride(false);
    setFiles([]);
    setElectronic(false);
    setErrors({});
    setError(null);
    if (name === 'consult')
      dossierApi
        .units()
        .then((r) =>
          setUnits(r.units.filter((u) => !u.former && u.id !== page.dossier.currentUnit.id)),
        )
        .catch(() => setUnits([]));
  }, [name, page.dossier.currentUnit.id]);

  // People who already worked on the dossier: the leader picks the assignee among them.
  const people = new Map<number, string>();
  for (const e of page.timeline) if (e.actor) people.set(e.actor.id, e.actor.name);
  if (page.dossier.assignee) people.set(page.dossier.assignee.id, page.dossier.assignee.name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action) return;
    const found: Record<string, string> = {};
    if (action.noteRequired && !note.trim()) found['/note'] = t('actions.errors.note');
    if (name === 'propose_extension' && !localInputToIso(dueAt))
      found['/dueAt'] = t('actions.errors.dueAt');
    if (name === 'consult' && !unitId) found['/unitId'] = t('actions.errors.unit');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const kind = ATTACH[name];
      if (kind && files.length > 0) {
        const up = await dossierApi.upload(files.map((file, i) => ({ field: `f${i}`, file })));
        await dossierApi.attach(page.dossier.id, {
          kind,
          fileIds: up.files.map((f) => f.id),
          ...(kind === 'result' ? { electronic } : {}),
        });
      }
      const input: ActionInput = {
        version: page.dossier.version,
        note: note.trim() || null,
        ...(name === 'propose_result' ? { outcome } : {}),
        ...(name === 'propose_extension' ? { dueAt: localInputToIso(dueAt) } : {}),
        ...(name === 'consult' ? { unitId: Number(unitId) } : {}),
        ...(name === 'assign' ? { assigneeId: assigneeId ? Number(assigneeId) : null } : {}),
        ...(name === 'request_supplement' && override ? { override: true } : {}),
      };
      const result = await dossierApi.act(page.dossier.id, name, input);
      onDone(result, action);
    } catch (e) {
      if (isApiError(e) && e.code === 'version_conflict') {
        onConflict(t('actions.conflict'));
        return;
      }
      if (isApiError(e)) {
        const fields = fieldErrors(e.details);
        if ((e.details as { rule?: string } | undefined)?.rule === 'note_required')
          fields['/note'] = e.message;
        setErrors(fields);
        setError(e.message);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };

  const noteLabel = t(
    name === 'request_supplement'
      ? 'actions.fields.supplementNote'
      : name === 'propose_extension'
        ? 'actions.fields.extensionReason'
        : action?.noteRequired
          ? 'actions.fields.reason'
          : 'actions.fields.note',
  );

  return (
    <Dialog
      open={action !== null}
      onClose={onClose}
      title={action ? label(action) : ''}
      actions={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" form={`${ids}-form`} variant="primary" busy={busy}>
            {t('actions.confirm')}
          </Button>
        </>
      }
    >
      <form id={`${ids}-form`} className="action-form" onSubmit={submit} noValidate>
        <p className="field-hint">
          {t('actions.about', { code: page.dossier.code ?? page.dossier.id })}
        </p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {name === 'propose_result' ? (
          <fieldset className="choice-row">
            <legend>{t('actions.fields.outcome')}</legend>
            {(['approved', 'refused'] as const).map((o) => (
              <label key={o} className="choice">
                <input
                  type="radio"
                  name="outcome"
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                />
                {t(`outcome.${o}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
        {name === 'propose_extension' ? (
          <TextField
            label={t('actions.fields.newDue')}
            hint={t('actions.fields.newDueHint')}
            type="datetime-local"
            required
            name="dueAt"
            value={dueAt}
            onChange={(e) => setDueAt(e.target.value)}
            error={errors['/dueAt'] ?? null}
          />
        ) : null}
        {name === 'consult' ? (
          <Select
            label={t('actions.fields.unit')}
            required
            name="unitId"
            value={unitId}
            placeholder={t('actions.fields.choose')}
            options={units.map((u) => ({ value: String(u.id), label: `${u.name} (${u.code})` }))}
            onChange={(e) => setUnitId(e.target.value)}
            error={errors['/unitId'] ?? null}
          />
        ) : null}
        {name === 'assign' ? (
          <Select
            label={t('actions.fields.assignee')}
            name="assigneeId"
            value={assigneeId}
            placeholder={t('actions.fields.unassigned')}
            options={[...people].map(([id, n]) => ({ value: String(id), label: n }))}
            onChange={(e) => setAssigneeId(e.target.value)}
          />
        ) : null}
        {name === 'request_supplement' && (page.clock?.supplementRequests ?? 0) >= 1 ? (
          <label className="choice">
            <input
              type="checkbox"
              checked={override}
              onChange={(e) => setOverride(e.target.checked)}
            />
            {t('actions.fields.override')}
          </label>
        ) : null}
        <TextField
          label={noteLabel}
          multiline={4}
          required={action?.noteRequired ?? false}
          name="note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={errors['/note'] ?? null}
        />
        {ATTACH[name] ? (
          <>
            <FileDrop
              label={t(`actions.fields.files.${ATTACH[name]}`)}
              files={files}
              onFilesChange={setFiles}
              accept={ACCEPT}
              maxBytes={20 * 1024 * 1024}
              multiple
            />
            {ATTACH[name] === 'result' ? (
              <label className="choice">
                <input
                  type="checkbox"
                  checked={electronic}
                  onChange={(e) => setElectronic(e.target.checked)}
                />
                {t('actions.fields.electronic')}
              </label>
            ) : null}
          </>
        ) : null}
        {action && action.forms.length > 0 ? (
          <p className="field-hint">
            {t('actions.issuesForms', { forms: action.forms.join(', ') })}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
