import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { FileDrop } from '../../components/FileDrop.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import { registersApi } from './api.js';

export interface FieldSpec {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'date' | 'number' | 'select';
  options?: Array<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  min?: number;
  max?: number;
  step?: string;
}

export type Values = Record<string, string>;

/**
 * Which field a refusal from the server is about: the failing path of `validation_failed`, the
 * `field` of `register_unit_invalid`, the parts `inspection_conclusion_required` names.
 */
function fieldsOf(details: unknown): string[] {
  const d = (details ?? {}) as {
    issues?: Array<{ path?: string }>;
    field?: string;
    missing?: string[];
  };
  const out: string[] = [];
  for (const issue of d.issues ?? []) {
    const name = issue.path?.split('/')[1];
    if (name) out.push(name);
  }
  if (d.field) out.push(d.field);
  for (const m of d.missing ?? []) out.push(m);
  return out;
}

/**
 * A register form: labelled fields, required ones checked before sending, the server's refusal
 * mapped back to its fields, and the error summary above (focused after a refusal) whose lines
 * move focus to each field. `onSubmit` gets the values and returns when done.
 */
export function RegisterForm({
  fields,
  initial = {},
  submitLabel,
  onSubmit,
  reset = false,
  filesLabel,
  children,
}: {
  fields: FieldSpec[];
  initial?: Values;
  submitLabel: string;
  onSubmit: (values: Values, fileIds: number[]) => Promise<void>;
  /** Offer files to attach (uploaded first, then their ids go with the form): the zone's label. */
  filesLabel?: string;
  /** Empty the form after a successful submission (forms that add one item after another). */
  reset?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation('registers');
  const ids = useId();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const idOf = (name: string) => `${ids}-${name}`;

  const refuse = (next: Record<string, string>, text: string | null) => {
    setErrors(next);
    setMessage(text);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    for (const f of fields)
      if (f.required && !(values[f.name] ?? '').trim())
        missing[f.name] = t('form.required', { field: f.label });
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    setBusy(true);
    let fileIds: number[] = [];
    try {
      if (files.length > 0) fileIds = (await registersApi.upload(files)).files.map((f) => f.id);
    } catch (error) {
      setBusy(false);
      return refuse(
        { files: t('form.fileRefused') },
        isApiError(error) ? error.message : String(error),
      );
    }
    try {
      await onSubmit(values, fileIds);
      setFiles([]);
      if (reset) setValues(initial);
      setErrors({});
      setMessage(null);
    } catch (error) {
      if (!isApiError(error)) return refuse({}, String(error));
      const named: Record<string, string> = {};
      for (const name of fieldsOf(error.details))
        if (fields.some((f) => f.name === name))
          named[name] = t('form.invalid', { field: fields.find((f) => f.name === name)?.label });
      refuse(named, error.message);
    } finally {
      setBusy(false);
    }
  };

  const items = fields
    .filter((f) => errors[f.name])
    .map((f) => ({ target: idOf(f.name), text: errors[f.name] as string }));
  if (errors.files) items.push({ target: idOf('files'), text: errors.files });

  return (
    <form className="rg-form" onSubmit={submit} noValidate>
      <ErrorSummary
        items={items}
        title={t('form.problem')}
        message={message}
        summaryRef={summaryRef}
      />
      {fields.map((f) => {
        const common = {
          id: idOf(f.name),
          label: f.label,
          name: f.name,
          required: f.required,
          error: errors[f.name] ?? null,
          hint: f.hint,
          value: values[f.name] ?? '',
          onChange: (e: { target: { value: string } }) =>
            setValues((v) => ({ ...v, [f.name]: e.target.value })),
        };
        if (f.kind === 'select')
          return (
            <Select
              key={f.name}
              {...common}
              placeholder={t('form.choose')}
              options={f.options ?? []}
            />
          );
        return (
          <TextField
            key={f.name}
            {...common}
            multiline={f.kind === 'textarea' ? 4 : undefined}
            type={f.kind === 'date' ? 'date' : f.kind === 'number' ? 'number' : 'text'}
            {...(f.kind === 'number' ? { min: f.min, max: f.max, step: f.step } : {})}
          />
        );
      })}
      {filesLabel ? (
        <div id={idOf('files')} tabIndex={-1}>
          <FileDrop
            label={filesLabel}
            files={files}
            onFilesChange={setFiles}
            multiple
            accept="application/pdf,.pdf,.jpg,.jpeg,.png,.docx,.xlsx"
            error={errors.files ?? null}
          />
        </div>
      ) : null}
      {children}
      <p className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </p>
    </form>
  );
}

/**
 * A form folded under its summary (a correction, a report on an item). Given the `version` its
 * values come from, a saved change (a new version) folds it again and it opens on the new values.
 */
export function FoldedForm({
  summary,
  version,
  hint,
  ...form
}: Omit<Parameters<typeof RegisterForm>[0], 'children'> & {
  summary: string;
  /** Keys the fold; without it the form stays open after a change (one report after another). */
  version?: number | string;
  /** Said between the summary and the form. */
  hint?: ReactNode;
}) {
  return (
    <details key={version}>
      <summary>{summary}</summary>
      {hint}
      <RegisterForm key={version} {...form} />
    </details>
  );
}
