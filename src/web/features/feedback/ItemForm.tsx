import { type FormEvent, type ReactNode, type RefObject, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.js';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary.js';
import { TextField } from '../../components/TextField.js';
import { KINDS } from './api.js';
import type { DraftIssue, ItemDraft } from './validation.js';

export type { SummaryItem };

export interface ItemFormProps {
  draft: ItemDraft;
  onChange: (draft: ItemDraft) => void;
  /** Problems to show beside their fields (set after a submission attempt). */
  issues: DraftIssue[];
  /** Fields of the caller's own (the staff form's channel and unit), shown after the kind. */
  extra?: ReactNode;
  /** Lines of the caller's own for the error summary (e.g. a missing unit). */
  extraSummary?: SummaryItem[];
  /** The server's message when it refused the submission. */
  error?: string | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  summaryRef: RefObject<HTMLDivElement | null>;
}

/**
 * The intake form of a feedback item, a complaint or a denunciation: kind (each explained),
 * subject, content, related dossier, anonymity and the contact. Field ids are stable
 * (`<prefix>-subject`…) so the error summary links to them.
 */
export function ItemForm({
  draft,
  onChange,
  issues,
  extra,
  extraSummary = [],
  error,
  busy,
  submitLabel,
  onSubmit,
  summaryRef,
}: ItemFormProps) {
  const { t } = useTranslation('feedback');
  const prefix = useId().replace(/:/g, '');
  const id = (field: string) => `${prefix}-${field}`;
  const errorOf = (field: DraftIssue['field']) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? t(`form.errors.${issue.key}`) : null;
  };
  const set =
    <K extends keyof ItemDraft>(key: K) =>
    (event: { target: { value: string } }) =>
      onChange({ ...draft, [key]: event.target.value });

  // In the order of the form: the caller's fields come right after the kind.
  const summary: SummaryItem[] = [
    ...extraSummary,
    ...issues.map((i) => ({ target: id(i.field), text: t(`form.errors.${i.key}`) })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <form className="fb-form" onSubmit={submit} noValidate>
      <ErrorSummary
        items={summary}
        title={t('form.errorSummary')}
        message={error}
        summaryRef={summaryRef}
      />
      <fieldset className="fb-kinds">
        <legend>
          {t('form.kind')}
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        </legend>
        {KINDS.map((kind) => (
          <label key={kind} className="fb-kind">
            <input
              type="radio"
              name="kind"
              value={kind}
              checked={draft.kind === kind}
              aria-describedby={`${id('kind')}-${kind}`}
              onChange={() => onChange({ ...draft, kind })}
            />
            <span>
              <span className="fb-kind-name">{t(`kind.${kind}`)}</span>
              <span className="field-hint" id={`${id('kind')}-${kind}`}>
                {t(`kindHint.${kind}`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {extra}
      <TextField
        id={id('subject')}
        name="subject"
        label={t('form.subject')}
        hint={t('form.subjectHint')}
        required
        maxLength={300}
        value={draft.subject}
        onChange={set('subject')}
        error={errorOf('subject')}
      />
      <TextField
        id={id('content')}
        name="content"
        label={t('form.content')}
        hint={t('form.contentHint')}
        required
        multiline={6}
        maxLength={10000}
        value={draft.content}
        onChange={set('content')}
        error={errorOf('content')}
      />
      <TextField
        id={id('dossier')}
        name="relatedDossierCode"
        label={t('form.dossierCode')}
        hint={t('form.dossierCodeHint')}
        maxLength={64}
        autoComplete="off"
        value={draft.relatedDossierCode}
        onChange={set('relatedDossierCode')}
      />
      <div className="fb-check">
        <label>
          <input
            type="checkbox"
            name="anonymous"
            checked={draft.anonymous}
            aria-describedby={id('anonymous-hint')}
            onChange={(e) => onChange({ ...draft, anonymous: e.target.checked })}
          />
          <span>{t('form.anonymous')}</span>
        </label>
        <p className="field-hint" id={id('anonymous-hint')}>
          {t('form.anonymousHint')}
        </p>
      </div>
      {draft.anonymous ? null : (
        <fieldset className="fb-contact">
          <legend>{t('form.contact')}</legend>
          <p className="field-hint">{t('form.contactHint')}</p>
          {draft.kind === 'denunciation' ? (
            <p className="field-hint">{t('form.protectedHint')}</p>
          ) : null}
          <div className="fb-grid">
            <TextField
              id={id('name')}
              name="name"
              label={t('form.name')}
              required
              autoComplete="name"
              maxLength={200}
              value={draft.name}
              onChange={set('name')}
              error={errorOf('name')}
            />
            <TextField
              id={id('phone')}
              name="phone"
              type="tel"
              label={t('form.phone')}
              autoComplete="tel"
              inputMode="tel"
              maxLength={20}
              value={draft.phone}
              onChange={set('phone')}
              error={errorOf('phone')}
            />
            <TextField
              id={id('email')}
              name="email"
              type="email"
              label={t('form.email')}
              autoComplete="email"
              maxLength={200}
              value={draft.email}
              onChange={set('email')}
              error={errorOf('email')}
            />
            <TextField
              id={id('idNumber')}
              name="idNumber"
              label={t('form.idNumber')}
              inputMode="numeric"
              maxLength={12}
              value={draft.idNumber}
              onChange={set('idNumber')}
              error={errorOf('idNumber')}
            />
          </div>
          <TextField
            id={id('address')}
            name="address"
            label={t('form.address')}
            autoComplete="street-address"
            maxLength={500}
            value={draft.address}
            onChange={set('address')}
          />
        </fieldset>
      )}
      <p className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </p>
    </form>
  );
}
