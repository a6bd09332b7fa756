import './annual.css';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { Tabs } from '../../components/Tabs.js';
import { annualApi, type Results } from './api.js';
import { PreviewRanking, PublishedRanking } from './Ranking.js';

const message = (e: unknown) => (isApiError(e) ? e.message : String(e));

/** When the server computed a preview (every preview carries it; a published stage does not). */
function computedTime(results: Results): Date {
  return new Date(results.computedAt ?? Date.now());
}

/** The reform office's preview, computed when shown (each time the view is opened). */
function LivePreview({ published }: { published: Results }) {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [preview, setPreview] = useState<Results | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    annualApi.results(published.year, { preview: true }).then(
      (results) => setPreview(results),
      (e: unknown) => setError(message(e)),
    );
  }, [published.year]);
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!preview) return <Skeleton label={t('ranking.computing')} />;
  return (
    <PreviewRanking
      preview={preview}
      published={published}
      computedAt={computedTime(preview)}
      lang={lang}
      t={t}
    />
  );
}

/**
 * `/quan-tri/chi-so-cchc/:year/xep-hang` — the cycle's ranking for staff: as published once
 * published (the stage's frozen snapshot). The reform office — only it, the API refuses others
 * — sees before publication a preview computed from the recorded points, and while results are
 * provisional may switch to "Xem trước": what the ranking would be now, each unit set against
 * what was published, under a banner saying it is not the published result. The view lives in
 * the address (`?xem=truoc`).
 */
export default function RankingPage() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const [params, setParams] = useSearchParams();
  const [results, setResults] = useState<Results | null>(null);
  const [manages, setManages] = useState(false);
  const [state, setState] = useState<'loading' | 'none' | 'error' | 'ready'>('loading');
  const [error, setError] = useState('');

  useEffect(() => {
    setState('loading');
    Promise.all([annualApi.cycle(year), annualApi.results(year)]).then(
      ([cycle, r]) => {
        setManages(cycle.manages);
        setResults(r);
        setState('ready');
      },
      (e: unknown) => {
        if (isApiError(e) && e.status === 404) setState('none');
        else {
          setError(message(e));
          setState('error');
        }
      },
    );
  }, [year]);

  const view = params.get('xem') === 'truoc' ? 'preview' : 'published';
  let body: ReactNode = null;
  if (state === 'ready' && results) {
    if (results.stage === 'preview')
      // Nothing published yet: the API answers the reform office with a preview.
      body = (
        <PreviewRanking
          preview={results}
          published={null}
          computedAt={computedTime(results)}
          lang={lang}
          t={t}
        />
      );
    else if (manages && results.stage === 'provisional')
      body = (
        <Tabs
          label={t('ranking.view')}
          selected={view}
          onSelect={(id) => setParams(id === 'preview' ? { xem: 'truoc' } : {}, { replace: true })}
          tabs={[
            {
              id: 'published',
              label: t('ranking.publishedView'),
              content: <PublishedRanking results={results} lang={lang} t={t} />,
            },
            {
              id: 'preview',
              label: t('ranking.previewView'),
              content: <LivePreview published={results} />,
            },
          ]}
        />
      );
    else body = <PublishedRanking results={results} lang={lang} t={t} />;
  }

  return (
    <div className="annual">
      <PageTitle title={t('ranking.title', { year })} subtitle={t('ranking.subtitle')} />
      <p>
        <Link to={`/quan-tri/chi-so-cchc?nam=${year}`}>{t('ranking.back')}</Link>
      </p>
      {state === 'loading' ? <Skeleton label={t('loading')} /> : null}
      {state === 'none' ? <EmptyState title={t('ranking.none')} /> : null}
      {state === 'error' ? <Alert tone="error">{error}</Alert> : null}
      {body}
    </div>
  );
}
