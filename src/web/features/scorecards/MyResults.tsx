import './scorecards.css';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { formatDate } from '../../components/format.js';
import { Skeleton } from '../../components/Skeleton.js';
import { PeriodPicker } from '../indices/PeriodPicker.js';
import { type StaffScorecards, scorecardsApi } from './api.js';
import { AboutFigures, FigureList } from './ScorecardBits.js';
import { periodFrom, SCORECARD_READ_ROLES } from './scorecardFormat.js';

/** The roles that work dossiers and so have a scorecard (scorecards.repository OFFICER_ROLES). */
const OFFICER_ROLES = ['counter_officer', 'specialist', 'leader'];

/**
 * "Kết quả của tôi" on the office home page: the signed-in officer's own scorecard for a period
 * (kept in the address as `period`), with what each figure counts. Nothing for staff without a
 * counter, processing or approving role (administrators, the reform office).
 */
export function MyResults() {
  const { t, i18n } = useTranslation('scorecards');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const ids = useId();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const now = useMemo(() => new Date(), []);
  const period = periodFrom(params.get('period'), now);
  const officer = user?.roles.some((g) => OFFICER_ROLES.includes(g.role)) ?? false;
  const reader = user?.roles.some((g) =>
    (SCORECARD_READ_ROLES as readonly string[]).includes(g.role),
  );
  const [data, setData] = useState<StaffScorecards | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!officer) return;
    const controller = new AbortController();
    setData(null);
    setError(null);
    scorecardsApi.mine(period, controller.signal).then(setData, (e: unknown) => {
      if (controller.signal.aborted) return;
      setError(isApiError(e) ? e.message : String(e));
    });
    return () => controller.abort();
  }, [period, officer]);

  if (!officer) return null;
  const mine = data?.officers[0];
  return (
    <section className="scorecard-mine" aria-labelledby={`${ids}-mine`} aria-busy={!data && !error}>
      <h2 id={`${ids}-mine`}>{t('mine.title')}</h2>
      <p>{t('mine.intro')}</p>
      <div className="scorecard-filters">
        <PeriodPicker
          value={period}
          onChange={(p) => {
            // The address as it is now (see StaffScorecardsPage's update).
            const next = new URLSearchParams(window.location.search);
            next.set('period', p);
            setParams(next, { preventScrollReset: true });
          }}
        />
      </div>
      {data ? (
        <p className="field-hint">
          {t('filters.period', {
            from: formatDate(data.period.from, lang),
            to: formatDate(data.period.to, lang),
          })}
        </p>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {!data && !error ? <Skeleton lines={3} label={t('loading')} /> : null}
      {data && mine ? <FigureList figures={mine} /> : null}
      {data && !mine ? <p>{t('mine.none')}</p> : null}
      <AboutFigures summary={t('mine.how')} />
      {reader ? (
        <p>
          <Link to="/quan-tri/bang-diem-can-bo">{t('mine.all')}</Link>
        </p>
      ) : null}
    </section>
  );
}
