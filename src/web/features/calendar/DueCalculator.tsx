import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { formatDateTime } from '../../components/format.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import { calendarApi, type DueResult } from './api.js';
import { nowInVietnam } from './calendarGrid.js';

/** "Received at …, N working days or hours → due at …", computed by the server like the CLI. */
export function DueCalculator() {
  const { t, i18n } = useTranslation('calendar');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const headingId = useId();
  const [from, setFrom] = useState(() => nowInVietnam());
  const [mode, setMode] = useState<'days' | 'hours'>('days');
  const [amount, setAmount] = useState('5');
  const [result, setResult] = useState<DueResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await calendarApi.due({ from, [mode]: amount }));
    } catch (e) {
      setResult(null);
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="cal-due" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('due.title')}</h2>
      <form onSubmit={submit} className="cal-due-form">
        <TextField
          label={t('due.from')}
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          required
        />
        <Select
          label={t('due.mode')}
          value={mode}
          onChange={(e) => setMode(e.target.value as 'days' | 'hours')}
          options={[
            { value: 'days', label: t('due.days') },
            { value: 'hours', label: t('due.hours') },
          ]}
        />
        <TextField
          label={t('due.amount')}
          type="number"
          min={0}
          step={mode === 'hours' ? 0.25 : 1}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          hint={mode === 'days' ? t('due.amountHintDays') : undefined}
          required
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('due.compute')}
        </Button>
      </form>
      <div aria-live="polite">
        {result ? (
          <Alert
            tone={result.provisional ? 'warning' : 'success'}
            title={t('due.result', { due: formatDateTime(result.due, lang) })}
          >
            <p>{t('due.start', { start: formatDateTime(result.start, lang) })}</p>
            {result.provisional ? <p>{t('due.provisional')}</p> : null}
          </Alert>
        ) : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </section>
  );
}
