import './indices.css';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { yearInVietnam } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { indicesApi, type Ranking } from './api.js';
import { PeriodPicker } from './PeriodPicker.js';
import { RankingView } from './RankingView.js';
import { ScorecardView } from './ScorecardView.js';

/** The index screen in either area: the leader dashboard (internal) or the public transparency page. */
export function IndexPage({ internal }: { internal: boolean }) {
  const { t } = useTranslation('indices');
  const client = useMemo(() => indicesApi(!internal), [internal]);
  const [period, setPeriod] = useState(() => String(yearInVietnam(new Date())));
  const [ranking, setRanking] = useState<Ranking | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setRanking(null);
    setError(null);
    client
      .ranking(period)
      .then((r) => live && setRanking(r))
      .catch((e: unknown) => live && setError(isApiError(e) ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [period, client]);

  return (
    <>
      <PageTitle
        title={internal ? t('dashboardTitle') : t('publicTitle')}
        subtitle={internal ? t('dashboardSubtitle') : t('publicSubtitle')}
      />
      <div className="index-toolbar">
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {!ranking && !error && <Skeleton lines={8} label={t('loading')} />}
      {unit && <ScorecardView code={unit} period={period} internal={internal} />}
      {ranking && (
        <RankingView
          ranking={ranking}
          onSelect={(code) => {
            setUnit(code);
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
          base={client.base}
        />
      )}
    </>
  );
}
