import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api.js';
import { STAFF_ROLES, useAuth, userHasRole } from '../auth.js';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { PageTitle } from '../components/PageTitle.js';
import { TextField } from '../components/TextField.js';

/** Only same-site paths are followed after sign-in (no open redirect through ?next=). */
export function safeNext(next: string | null, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

/** Staff sign-in with user name and password; the server's message is already translated. */
export default function StaffSignInPage() {
  const { t } = useTranslation('auth');
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const next = safeNext(params.get('next'), '/quan-tri');

  if (user && userHasRole(user, STAFF_ROLES) && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: typeof fieldErrors = {};
    if (!username.trim()) errors.username = t('usernameRequired');
    if (!password) errors.password = t('passwordRequired');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      setPassword('');
      setError(
        isApiError(caught)
          ? { code: caught.code, message: caught.message }
          : { code: 'internal', message: t('unexpected') },
      );
      usernameRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <PageTitle title={t('staffTitle')} subtitle={t('staffSubtitle')} />
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.code === 'account_locked' ? <p>{t('lockedHelp')}</p> : null}
        </Alert>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          ref={usernameRef}
          label={t('username')}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={fieldErrors.username}
          required
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          label={t('password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
          required
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('signIn')}
        </Button>
      </form>
      <p className="signin-alt">
        {t('areYouCitizen')} <Link to="/dang-nhap/cong-dan">{t('citizenSignIn')}</Link>
      </p>
    </div>
  );
}
