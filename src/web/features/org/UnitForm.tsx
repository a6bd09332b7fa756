import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import { KNOWN_KINDS, KNOWN_LEVELS, type UnitInput, type UnitItem } from './api.js';

export interface UnitFormProps {
  initial: UnitInput;
  /** Units offered as parent (already without the unit's own subtree when editing). */
  parents: Pick<UnitItem, 'id' | 'code' | 'name'>[];
  submitLabel: string;
  onSubmit: (input: UnitInput) => Promise<void>;
  onCancel?: () => void;
  hint?: string;
}

/** The unit fields for create and edit; server errors show beside the field they name. */
export function UnitForm({
  initial,
  parents,
  submitLabel,
  onSubmit,
  onCancel,
  hint,
}: UnitFormProps) {
  const { t } = useTranslation('org');
  const [input, setInput] = useState<UnitInput>(initial);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<UnitInput>) => setInput((i) => ({ ...i, ...patch }));
  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        ...input,
        nameEn: input.nameEn || null,
        validFrom: input.validFrom || null,
        validTo: input.validTo || null,
      });
    } catch (e) {
      if (isApiError(e)) {
        const details = (e.details ?? {}) as {
          field?: string;
          reason?: string;
          issues?: { path: string }[];
        };
        const field = details.field ?? details.issues?.[0]?.path.replace(/^\//, '');
        setError({
          message: details.reason ? `${e.message} — ${details.reason}` : e.message,
          ...(field ? { field } : {}),
        });
      } else setError({ message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="unit-form">
      {hint ? <p className="field-hint">{hint}</p> : null}
      <Select
        label={t('fields.parent')}
        value={input.parentId === null ? '' : String(input.parentId)}
        onChange={(e) => set({ parentId: e.target.value === '' ? null : Number(e.target.value) })}
        options={[
          { value: '', label: t('fields.noParent') },
          ...parents.map((p) => ({ value: String(p.id), label: `${p.name} (${p.code})` })),
        ]}
        error={fieldError('parentId')}
      />
      <TextField
        label={t('fields.name')}
        value={input.name}
        onChange={(e) => set({ name: e.target.value })}
        required
        maxLength={200}
        error={fieldError('name')}
      />
      <TextField
        label={t('fields.nameEn')}
        value={input.nameEn ?? ''}
        onChange={(e) => set({ nameEn: e.target.value })}
        maxLength={200}
        error={fieldError('nameEn')}
      />
      <TextField
        label={t('fields.code')}
        hint={t('fields.codeHint')}
        value={input.code}
        onChange={(e) => set({ code: e.target.value })}
        required
        error={fieldError('code')}
      />
      <TextField
        label={t('fields.kind')}
        hint={t('fields.kindHint')}
        value={input.kind}
        onChange={(e) => set({ kind: e.target.value })}
        list="unit-kinds"
        required
        error={fieldError('kind')}
      />
      <datalist id="unit-kinds">
        {KNOWN_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`kinds.${k}`)}
          </option>
        ))}
      </datalist>
      <TextField
        label={t('fields.level')}
        hint={t('fields.levelHint')}
        value={input.level}
        onChange={(e) => set({ level: e.target.value })}
        list="unit-levels"
        required
        error={fieldError('level')}
      />
      <datalist id="unit-levels">
        {KNOWN_LEVELS.map((k) => (
          <option key={k} value={k}>
            {t(`levels.${k}`)}
          </option>
        ))}
      </datalist>
      <TextField
        label={t('fields.validFrom')}
        type="date"
        value={input.validFrom ?? ''}
        onChange={(e) => set({ validFrom: e.target.value })}
        error={fieldError('validFrom')}
      />
      <TextField
        label={t('fields.validTo')}
        type="date"
        value={input.validTo ?? ''}
        onChange={(e) => set({ validTo: e.target.value })}
        error={fieldError('validTo')}
      />
      {error && !error.field ? <Alert tone="error">{error.message}</Alert> : null}
      <div className="unit-form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel ? <Button onClick={onCancel}>{t('cancel')}</Button> : null}
      </div>
    </form>
  );
}
