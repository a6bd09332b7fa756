import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { PageTitle } from '../components/PageTitle.js';
import { TextField } from '../components/TextField.js';

/** Dossier code as printed on the receipt: `<agency identifier>-<YYMMDD>-<NNNN>`. */
const CODE_PATTERN = /^[A-Za-z0-9.]+-\d{6}-\d{4}$/;

/**
 * Public look-up of a dossier by the code on its receipt. The form validates the code's shape;
 * the answer (timeline, promised date, masked names) comes from the citizen-portal team's
 * public look-up endpoint and is shown by their component when it lands.
 */
export default function LookupPage() {
  const { t } = useTranslation('home');
  const [params, setParams] = useSearchParams();
  const [code, setCode] = useState(params.get('ma') ?? '');
  const [error, setError] = useState<string | null>(null);
  const submitted = params.get('ma');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim().toUpperCase();
    if (!CODE_PATTERN.test(value)) {
      setError(t('lookup.invalidCode'));
      return;
    }
    setError(null);
    setParams({ ma: value });
  };

  return (
    <>
      <PageTitle title={t('lookup.title')} subtitle={t('lookup.subtitle')} />
      <form className="form narrow" onSubmit={submit} noValidate>
        <TextField
          label={t('lookup.codeLabel')}
          hint={t('lookup.codeHint')}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={error}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="submit" variant="primary">
          {t('lookup.submit')}
        </Button>
      </form>
      {submitted && !error ? (
        <Alert tone="info">{t('lookup.pending', { code: submitted })}</Alert>
      ) : null}
    </>
  );
}
