import './annual.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { EmptyState } from '../../components/EmptyState.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StateBadge } from './AnnualBits.js';
import { annualApi, type Cycle, type CycleState } from './api.js';
import { ContestAnswers, ManagePanel } from './ManagePanel.js';

/**
 * `/quan-tri/chi-so-cchc` — the annual PAR index cycle. The reform office sees the state and
 * deadlines, moves the cycle on, loads the framework and survey points, computes the automatic
 * points, follows each unit's progress and answers contests; a unit's leaders and specialists
 * see their own units with links to the self-assessment form and the result.
 */
export default function CyclePage() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [params, setParams] = useSearchParams();
  const [years, setYears] = useState<Array<{ year: number; state: CycleState }> | null>(null);
  const [cycle, setCycle] = useState<Cycle | null>(null);
  const [error, setError] = useState('');
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('nam')) || years?.[0]?.year || thisYear;

  useEffect(() => {
    annualApi.cycles().then(
      (r) => setYears(r.cycles),
      (e: unknown) => setError(isApiError(e) ? e.message : String(e)),
    );
  }, []);

  const load = useCallback(() => {
    setError('');
    annualApi.cycle(year).then(setCycle, (e: unknown) => {
      setCycle(null);
      if (!(isApiError(e) && e.status === 404)) setError(isApiError(e) ? e.message : String(e));
    });
  }, [year]);
  useEffect(() => {
    if (years !== null) load();
  }, [years, load]);

  const yearOptions = [...new Set([...(years ?? []).map((y) => y.year), thisYear, thisYear - 1])]
    .sort((a, b) => b - a)
    .map((y) => ({ value: String(y), label: String(y) }));

  return (
    <div className="annual">
      <PageTitle title={t('cycle.title')} subtitle={t('cycle.subtitle')} />
      <Select
        label={t('year')}
        value={String(year)}
        options={yearOptions}
        onChange={(e) => setParams({ nam: e.target.value })}
      />
      <p>
        <Link to="/quan-tri/chi-so-cchc/ben-ngoai">{t('external.link')}</Link>
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {years === null ? <Skeleton label={t('loading')} /> : null}
      {cycle ? (
        <>
          <section className="annual-section" aria-labelledby="annual-state">
            <h2 id="annual-state">
              {t('cycle.state')}: <StateBadge state={cycle.state} t={t} />
            </h2>
            <dl className="annual-facts">
              <div>
                <dt>{t('cycle.framework')}</dt>
                <dd>
                  {cycle.framework.name[lang]} —{' '}
                  {t('cycle.frameworkSummary', {
                    fields: cycle.framework.fields.length,
                    max: cycle.maxPoints,
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('cycle.deadline')}</dt>
                <dd>
                  {cycle.selfAssessmentDeadline
                    ? formatDate(cycle.selfAssessmentDeadline, lang)
                    : '—'}
                </dd>
              </div>
              <div>
                <dt>{t('cycle.contestDeadline')}</dt>
                <dd>{cycle.contestDeadline ? formatDate(cycle.contestDeadline, lang) : '—'}</dd>
              </div>
            </dl>
            {(cycle.manages && cycle.state !== 'draft') ||
            cycle.state === 'provisional' ||
            cycle.state === 'final' ? (
              <p>
                <Link to={`/quan-tri/chi-so-cchc/${cycle.year}/xep-hang`}>
                  {t('ranking.link', { year: cycle.year })}
                </Link>
              </p>
            ) : null}
          </section>
          {cycle.manages ? <ManagePanel cycle={cycle} onChanged={load} /> : null}
          <section className="annual-section" aria-labelledby="annual-progress">
            <h2 id="annual-progress">
              {cycle.manages ? t('cycle.progress') : t('cycle.yourUnits')}
            </h2>
            <ul className="annual-units">
              {cycle.participants.map((p) => (
                <li key={p.unitId}>
                  <strong>{lang === 'en' && p.nameEn ? p.nameEn : p.name}</strong>
                  <span>
                    {p.submittedAt
                      ? `${t('cycle.submitted')}: ${formatDate(p.submittedAt, lang)}`
                      : t('cycle.notSubmitted')}
                    {p.toAppraise > 0 ? ` · ${t('cycle.toAppraise')}: ${p.toAppraise}` : ''}
                    {p.openContests > 0 ? ` · ${t('cycle.contests')}: ${p.openContests}` : ''}
                  </span>
                  <span className="annual-actions">
                    <Link to={`/quan-tri/chi-so-cchc/${cycle.year}/${encodeURIComponent(p.code)}`}>
                      {t('cycle.open')}
                      <span className="visually-hidden">: {p.name}</span>
                    </Link>
                    {cycle.manages || cycle.state === 'provisional' || cycle.state === 'final' ? (
                      <Link
                        to={`/quan-tri/chi-so-cchc/${cycle.year}/${encodeURIComponent(p.code)}/ket-qua`}
                      >
                        {t('cycle.result')}
                        <span className="visually-hidden">: {p.name}</span>
                      </Link>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          {cycle.manages && cycle.state === 'provisional' ? (
            <ContestAnswers year={cycle.year} onChanged={load} />
          ) : null}
        </>
      ) : years !== null && !error ? (
        <>
          <EmptyState title={t('cycle.noCycle')} />
          <ManagePanel cycle={null} year={year} onChanged={load} />
        </>
      ) : null}
    </div>
  );
}
