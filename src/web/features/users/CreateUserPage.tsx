import './users.css';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import { type CreatedUser, GRANTABLE_ROLES, type StaffRole, usersApi } from './api.js';
import {
  type DraftField,
  type DraftIssue,
  draftIssues,
  draftToInput,
  EMPTY_USER_DRAFT,
  serverIssue,
  type UserDraft,
} from './rules.js';
import { useGrantWords, useUnitChoices } from './UserBits.js';

/**
 * `/quan-tri/nguoi-dung/moi` — creates a staff or system account with its first role over a
 * unit the administrator covers. Every problem shows at once in a summary (focused) and beside
 * its field; the server's refusals land there too, in the user's language. When the server made
 * the password, it is shown here once, with a warning that it cannot be seen again.
 */
export default function CreateUserPage() {
  const { t } = useTranslation('users');
  const ids = useId();
  const fieldId = (field: DraftField) => `${ids}-${field}`;
  const units = useUnitChoices();
  const words = useGrantWords();
  const [draft, setDraft] = useState<UserDraft>(EMPTY_USER_DRAFT);
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const [copyNote, setCopyNote] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (created) doneRef.current?.focus();
  }, [created]);

  const set =
    <K extends keyof UserDraft>(k: K) =>
    (e: { target: { value: string } }) =>
      setDraft((d) => ({ ...d, [k]: e.target.value as UserDraft[K] }));
  const issueOf = (field: DraftField) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? t(`errors.${issue.key}`) : null;
  };

  const refuse = (found: DraftIssue[], text: string | null) => {
    setIssues(found);
    setMessage(text);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftIssues(draft);
    if (found.length > 0) return refuse(found, null);
    setBusy(true);
    try {
      const result = await usersApi.create(draftToInput(draft));
      setIssues([]);
      setMessage(null);
      setCopyNote('');
      setCreated(result);
    } catch (e) {
      if (!isApiError(e)) return refuse([], String(e));
      const issue = serverIssue(e);
      refuse(issue ? [issue] : [], e.message);
    } finally {
      setBusy(false);
    }
  };

  const copy = async (password: string) => {
    try {
      await navigator.clipboard.writeText(password);
      setCopyNote(t('create.copied'));
    } catch {
      setCopyNote(t('create.copyFailed'));
    }
  };

  const again = () => {
    setCreated(null);
    setDraft(EMPTY_USER_DRAFT);
  };

  if (created) {
    const grant = created.user.roles[0];
    return (
      <div className="users">
        <PageTitle title={t('create.title')} />
        <p>
          <Link to="/quan-tri/nguoi-dung">{t('create.back')}</Link>
        </p>
        <section className="users-card users-done" aria-labelledby={`${ids}-done`}>
          <h2 id={`${ids}-done`} ref={doneRef} tabIndex={-1}>
            {t('create.doneTitle', { username: created.user.username })}
          </h2>
          {grant ? (
            <p>
              {t('create.doneText', {
                name: created.user.name,
                role: words.role(grant.role),
                unit: words.unit(grant),
              })}
            </p>
          ) : null}
          {created.generatedPassword ? (
            <div className="users-password">
              <h3>{t('create.generatedTitle')}</h3>
              <p>
                <code className="users-secret" data-testid="generated-password">
                  {created.generatedPassword}
                </code>
              </p>
              <Alert tone="warning">{t('create.generatedNote')}</Alert>
              <p className="actions">
                <Button onClick={() => void copy(created.generatedPassword ?? '')}>
                  {t('create.copy')}
                </Button>
                <span role="status" className="field-hint">
                  {copyNote}
                </span>
              </p>
            </div>
          ) : (
            <p>{t('create.ownPasswordNote')}</p>
          )}
          <p className="actions">
            <Link className="btn btn-primary" to={`/quan-tri/nguoi-dung/${created.user.id}`}>
              {t('create.open')}
            </Link>
            <Button variant="ghost" onClick={again}>
              {t('create.another')}
            </Button>
          </p>
        </section>
      </div>
    );
  }

  const lines = issues.map((i) => ({ target: fieldId(i.field), text: t(`errors.${i.key}`) }));
  return (
    <div className="users">
      <PageTitle title={t('create.title')} subtitle={t('create.subtitle')} />
      <p>
        <Link to="/quan-tri/nguoi-dung">{t('create.back')}</Link>
      </p>
      <form className="users-form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary
          items={lines}
          title={t('create.summary')}
          message={message}
          summaryRef={summaryRef}
        />
        {units.error ? <Alert tone="error">{units.error}</Alert> : null}
        <section className="users-card" aria-labelledby={`${ids}-account`}>
          <h2 id={`${ids}-account`}>{t('create.account')}</h2>
          <TextField
            id={fieldId('name')}
            label={t('create.name')}
            name="name"
            autoComplete="off"
            required
            maxLength={200}
            value={draft.name}
            onChange={set('name')}
            error={issueOf('name')}
          />
          <TextField
            id={fieldId('username')}
            label={t('create.username')}
            hint={t('create.usernameHint')}
            name="username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={50}
            value={draft.username}
            onChange={set('username')}
            error={issueOf('username')}
          />
          <Select
            label={t('create.kind')}
            hint={t('create.kindHint')}
            name="kind"
            value={draft.kind}
            options={(['staff', 'system'] as const).map((k) => ({
              value: k,
              label: t(`kind.${k}`),
            }))}
            onChange={set('kind')}
          />
        </section>

        <section className="users-card" aria-labelledby={`${ids}-access`}>
          <h2 id={`${ids}-access`}>{t('create.access')}</h2>
          <p className="field-hint">{t('create.accessHint')}</p>
          <Select
            id={fieldId('role')}
            label={t('create.role')}
            name="role"
            required
            value={draft.role}
            placeholder={t('create.choose')}
            options={GRANTABLE_ROLES.map((r: StaffRole) => ({ value: r, label: words.role(r) }))}
            onChange={set('role')}
            error={issueOf('role')}
          />
          <Select
            id={fieldId('unit')}
            label={t('create.unit')}
            name="unit"
            required
            value={draft.unit}
            placeholder={t('create.choose')}
            options={units.options}
            onChange={set('unit')}
            error={issueOf('unit')}
          />
        </section>

        <section className="users-card" aria-labelledby={`${ids}-password`}>
          <h2 id={`${ids}-password`}>{t('create.password')}</h2>
          <fieldset className="users-choice">
            <legend className="visually-hidden">{t('create.password')}</legend>
            {(['generate', 'own'] as const).map((mode) => (
              <label key={mode}>
                <input
                  type="radio"
                  name="passwordMode"
                  value={mode}
                  checked={draft.passwordMode === mode}
                  onChange={() => setDraft((d) => ({ ...d, passwordMode: mode }))}
                />
                <span>
                  {t(mode === 'generate' ? 'create.passwordGenerate' : 'create.passwordOwn')}
                </span>
              </label>
            ))}
          </fieldset>
          {draft.passwordMode === 'own' ? (
            <TextField
              id={fieldId('password')}
              label={t('create.passwordField')}
              hint={t('create.passwordHint')}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              maxLength={200}
              value={draft.password}
              onChange={set('password')}
              error={issueOf('password')}
            />
          ) : null}
        </section>

        <section className="users-card" aria-labelledby={`${ids}-contact`}>
          <h2 id={`${ids}-contact`}>{t('create.contact')}</h2>
          <TextField
            id={fieldId('email')}
            label={t('create.email')}
            name="email"
            type="email"
            autoComplete="off"
            maxLength={254}
            value={draft.email}
            onChange={set('email')}
            error={issueOf('email')}
          />
          <TextField
            id={fieldId('phone')}
            label={t('create.phone')}
            hint={t('create.phoneHint')}
            name="phone"
            type="tel"
            autoComplete="off"
            maxLength={20}
            value={draft.phone}
            onChange={set('phone')}
            error={issueOf('phone')}
          />
          <TextField
            id={fieldId('idNumber')}
            label={t('create.idNumber')}
            hint={t('create.idNumberHint')}
            name="idNumber"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={draft.idNumber}
            onChange={set('idNumber')}
            error={issueOf('idNumber')}
          />
        </section>

        <p className="actions">
          <Button type="submit" variant="primary" busy={busy}>
            {t('create.submit')}
          </Button>
          <Link className="btn btn-ghost" to="/quan-tri/nguoi-dung">
            {t('create.cancel')}
          </Link>
        </p>
      </form>
    </div>
  );
}
