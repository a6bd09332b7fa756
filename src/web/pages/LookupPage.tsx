import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../api.js';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { DateTime } from '../components/DateTime.js';
import { PageTitle } from '../components/PageTitle.js';
import { Skeleton } from '../components/Skeleton.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { TextField } from '../components/TextField.js';

/** Dossier code as printed on the receipt: `<agency identifier>-<YYMMDD>-<NNNN>`. */
const CODE_PATTERN = /^[A-Za-z0-9.]+-\d{6}-\d{4}$/;

interface Label {
  vi: string;
  en: string;
}

/** The answer of GET /api/public/dossiers/:code (src/modules/portal): no personal data. */
interface PublicDossier {
  code: string;
  status: string;
  statusLabel: Label;
  applicant: string;
  procedure: { code: string; name: string };
  unit: string;
  channel: number;
  receivedAt: string | null;
  promisedAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  late: boolean;
  extended: boolean;
  timeline: Array<{ at: string; status: string; label: Label }>;
}

type Lookup =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'found'; dossier: PublicDossier }
  | { state: 'error'; message: string; notFound: boolean };

/**
 * Public look-up of a dossier by the code on its receipt: status, promised date and progress,
 * with the applicant's name masked by the server. Unknown and forbidden codes get the same
 * answer, and the server limits how often one client may ask.
 */
export default function LookupPage() {
  const { t, i18n } = useTranslation('home');
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const [params, setParams] = useSearchParams();
  const submitted = params.get('ma');
  const [code, setCode] = useState(submitted ?? '');
  const [error, setError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!submitted || !CODE_PATTERN.test(submitted)) {
      setLookup({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setLookup({ state: 'loading' });
    api
      .get<PublicDossier>(`/api/public/dossiers/${encodeURIComponent(submitted)}`, {
        signal: controller.signal,
      })
      .then((dossier) => {
        setLookup({ state: 'found', dossier });
        setTimeout(() => resultRef.current?.focus(), 0);
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        const notFound = isApiError(caught) && caught.code === 'not_found';
        setLookup({
          state: 'error',
          notFound,
          message: notFound
            ? t('lookup.notFound', { code: submitted })
            : isApiError(caught)
              ? caught.message
              : String(caught),
        });
      });
    return () => controller.abort();
  }, [submitted, t]);

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
          name="code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={error}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="submit" variant="primary" busy={lookup.state === 'loading'}>
          {t('lookup.submit')}
        </Button>
      </form>
      <div className="lookup-result">
        {lookup.state === 'loading' ? <Skeleton lines={4} /> : null}
        {lookup.state === 'error' ? (
          <Alert tone={lookup.notFound ? 'warning' : 'error'} title={lookup.message} />
        ) : null}
        {lookup.state === 'found' ? (
          <DossierStatus dossier={lookup.dossier} language={language} headingRef={resultRef} />
        ) : null}
      </div>
    </>
  );
}

function DossierStatus({
  dossier,
  language,
  headingRef,
}: {
  dossier: PublicDossier;
  language: 'vi' | 'en';
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useTranslation('home');
  const done = dossier.returnedAt !== null || dossier.finishedAt !== null;
  return (
    <section className="card" aria-labelledby="lookup-result-title">
      <h2 id="lookup-result-title" ref={headingRef} tabIndex={-1}>
        {t('lookup.resultTitle', { code: dossier.code })}
      </h2>
      <p>
        <StatusBadge tone={dossier.late ? 'danger' : done ? 'success' : 'info'}>
          {dossier.statusLabel[language]}
        </StatusBadge>{' '}
        {dossier.late ? <StatusBadge tone="danger">{t('lookup.late')}</StatusBadge> : null}{' '}
        {dossier.extended ? <StatusBadge tone="warning">{t('lookup.extended')}</StatusBadge> : null}
      </p>
      <dl className="facts">
        <dt>{t('lookup.procedure')}</dt>
        <dd>{dossier.procedure.name}</dd>
        <dt>{t('lookup.applicant')}</dt>
        <dd>{dossier.applicant}</dd>
        <dt>{t('lookup.unit')}</dt>
        <dd>{dossier.unit}</dd>
        <dt>{t('lookup.receivedAt')}</dt>
        <dd>{dossier.receivedAt ? <DateTime value={dossier.receivedAt} /> : '—'}</dd>
        <dt>{t('lookup.promisedAt')}</dt>
        <dd>{dossier.promisedAt ? <DateTime value={dossier.promisedAt} /> : '—'}</dd>
        {dossier.finishedAt ? (
          <>
            <dt>{t('lookup.finishedAt')}</dt>
            <dd>
              <DateTime value={dossier.finishedAt} />
            </dd>
          </>
        ) : null}
        {dossier.returnedAt ? (
          <>
            <dt>{t('lookup.returnedAt')}</dt>
            <dd>
              <DateTime value={dossier.returnedAt} />
            </dd>
          </>
        ) : null}
      </dl>
      {dossier.timeline.length > 0 ? (
        <>
          <h3>{t('lookup.timeline')}</h3>
          <ol className="timeline">
            {dossier.timeline.map((step) => (
              <li key={`${step.at}-${step.status}`}>
                <DateTime value={step.at} /> — {step.label[language]}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
