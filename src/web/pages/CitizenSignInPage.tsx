import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { PageTitle } from '../components/PageTitle.js';
import { TextField } from '../components/TextField.js';
import { safeNext } from './StaffSignInPage.js';

const PHONE = /^(?:\+84|0)\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalises what a citizen typed: spaces and dots out of phone numbers, e-mail lower-cased. */
export function normaliseDestination(value: string): string | null {
  const text = value.trim();
  if (text.includes('@')) return EMAIL.test(text) ? text.toLowerCase() : null;
  const digits = text.replace(/[\s.-]/g, '');
  return PHONE.test(digits) ? digits : null;
}

/** Citizen sign-in: phone or e-mail → one-time code → signed in. */
export default function CitizenSignInPage() {
  const { t } = useTranslation('auth');
  const { requestCode, verifyCode } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<'destination' | 'code'>('destination');
  const [destination, setDestination] = useState('');
  const [sentTo, setSentTo] = useState('');
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const next = safeNext(params.get('next'), '/');

  const fail = (caught: unknown) => setError(isApiError(caught) ? caught.message : t('unexpected'));

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const normalised = normaliseDestination(destination);
    if (!normalised) {
      setFieldError(t('destinationInvalid'));
      return;
    }
    setFieldError(null);
    setError(null);
    setBusy(true);
    try {
      await requestCode(normalised);
      setSentTo(normalised);
      setStep('code');
      setTimeout(() => codeRef.current?.focus(), 0);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4,8}$/.test(code.trim())) {
      setFieldError(t('codeInvalid'));
      return;
    }
    setFieldError(null);
    setError(null);
    setBusy(true);
    try {
      await verifyCode(sentTo, code.trim());
      navigate(next, { replace: true });
    } catch (caught) {
      setCode('');
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <PageTitle title={t('citizenTitle')} subtitle={t('citizenSubtitle')} />
      {error ? <Alert tone="error" title={error} /> : null}
      {step === 'destination' ? (
        <form className="form" onSubmit={send} noValidate>
          <TextField
            label={t('destination')}
            hint={t('destinationHint')}
            name="destination"
            autoComplete="username"
            inputMode="email"
            value={destination}
            onChange={(event) => setDestination(event.target.value)}
            error={fieldError}
            required
          />
          <Button type="submit" variant="primary" busy={busy}>
            {t('sendCode')}
          </Button>
        </form>
      ) : (
        <form className="form" onSubmit={verify} noValidate>
          <Alert tone="success">{t('codeSent', { destination: sentTo })}</Alert>
          <TextField
            ref={codeRef}
            label={t('code')}
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={fieldError}
            required
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy}>
              {t('verify')}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setStep('destination');
                setCode('');
                setError(null);
                setFieldError(null);
              }}
            >
              {t('changeDestination')}
            </Button>
          </div>
        </form>
      )}
      <p className="signin-alt">
        {t('areYouStaff')} <Link to="/dang-nhap">{t('staffSignIn')}</Link>
      </p>
    </div>
  );
}
