import './annual.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { annualApi, type Results } from './api.js';
import { PublicExternalSection } from './ExternalTrends.js';
import { PublishedRanking } from './Ranking.js';

/**
 * `/chi-so-cchc` — the published annual PAR index (no sign-in): the final ranking of a year, or
 * the provisional one clearly marked, per group of peers with score, band and change against
 * last year, as published on the date shown (the results are frozen when published). The year
 * lives in the address (`?nam=2025`).
 */
export default function PublicResultsPage() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('nam')) || undefined;
  const [data, setData] = useState<(Results & { years: number[] }) | null>(null);
  const [state, setState] = useState<'loading' | 'none' | 'error' | 'ready'>('loading');
  const [error, setError] = useState('');

  useEffect(() => {
    setState('loading');
    annualApi.publicResults(year).then(
      (r) => {
        setData(r);
        setState('ready');
      },
      (e: unknown) => {
        if (isApiError(e) && e.status === 404) setState('none');
        else {
          setError(isApiError(e) ? e.message : String(e));
          setState('error');
        }
      },
    );
  }, [year]);

  return (
    <div className="annual">
      <PageTitle title={t('public.title')} subtitle={t('public.subtitle')} />
      {state === 'loading' ? <Skeleton label={t('loading')} /> : null}
      {state === 'none' ? <EmptyState title={t('public.none')} /> : null}
      {state === 'error' ? <Alert tone="error">{error}</Alert> : null}
      {state === 'ready' && data ? (
        <>
          {data.years.length > 1 ? (
            <Select
              label={t('year')}
              value={String(data.year)}
              options={data.years.map((y) => ({ value: String(y), label: String(y) }))}
              onChange={(e) => setParams({ nam: e.target.value })}
            />
          ) : null}
          <PublishedRanking results={data} lang={lang} t={t} />
        </>
      ) : null}
      {state !== 'loading' ? <PublicExternalSection /> : null}
    </div>
  );
}
