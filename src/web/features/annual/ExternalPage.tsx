import './annual.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { showPoints } from './api.js';
import { ExternalTrends } from './ExternalTrends.js';
import { type ExternalResult, externalApi } from './externalApi.js';
import { Problem } from './ManagePanel.js';

type Listing = Awaited<ReturnType<typeof externalApi.list>>;

/**
 * `/quan-tri/chi-so-cchc/ben-ngoai` — the province's results in national indices (PAR INDEX,
 * SIPAS, PAPI, PCI…). The reform office imports them from CSV (all or nothing, each bad row and
 * column listed) and removes a wrong one; other staff read what is recorded and the trends.
 */
export default function ExternalPage() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const toast = useToast();
  const [data, setData] = useState<Listing | null>(null);
  const [loadError, setLoadError] = useState('');
  const [csv, setCsv] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    externalApi
      .list()
      .then(setData, (e: unknown) => setLoadError(isApiError(e) ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      toast.show(await work(), 'success');
      load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="annual">
      <PageTitle title={t('external.title')} subtitle={t('external.subtitle')} />
      <p>
        <Link to="/quan-tri/chi-so-cchc">{t('external.back')}</Link>
      </p>
      {loadError ? <Alert tone="error">{loadError}</Alert> : null}
      {data === null && !loadError ? <Skeleton label={t('loading')} /> : null}
      {data?.manages ? (
        <section className="annual-section" aria-labelledby="external-import">
          <h2 id="external-import">{t('external.import')}</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const r = await externalApi.import(csv);
                setCsv('');
                return t('external.imported', {
                  count: r.imported,
                  created: r.created,
                  updated: r.updated,
                });
              });
            }}
          >
            <TextField
              label={t('external.csv')}
              hint={t('external.csvHint')}
              multiline={6}
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
              required
            />
            <Problem error={error} />
            <div className="annual-actions">
              <Button type="submit" busy={busy}>
                {t('external.importButton')}
              </Button>
            </div>
          </form>
        </section>
      ) : null}
      {data ? (
        <>
          <section className="annual-section" aria-labelledby="external-recorded">
            <h2 id="external-recorded">{t('external.recorded')}</h2>
            {data.results.length === 0 ? (
              <EmptyState title={t('external.none')} />
            ) : (
              <DataTable<ExternalResult>
                caption={t('external.recorded')}
                captionHidden
                rows={data.results}
                rowKey={(r) => `${r.index}-${r.year}`}
                columns={[
                  {
                    key: 'index',
                    header: t('external.index'),
                    rowHeader: true,
                    render: (r) => (
                      <>
                        {data.trends.find((x) => x.index === r.index)?.name[lang] ?? r.index}
                        {r.note ? <span className="annual-external-note">{r.note}</span> : null}
                        {data.manages ? (
                          <Button
                            variant="danger"
                            size="small"
                            className="annual-external-remove"
                            busy={busy}
                            onClick={() =>
                              void run(async () => {
                                await externalApi.remove(r.index, r.year);
                                return t('external.removed');
                              })
                            }
                          >
                            {t('external.remove')}
                            <span className="visually-hidden">
                              : {r.index} {r.year}
                            </span>
                          </Button>
                        ) : null}
                      </>
                    ),
                  },
                  { key: 'year', header: t('external.year') },
                  {
                    key: 'score',
                    header: t('external.score'),
                    align: 'end',
                    render: (r) => showPoints(r.score, lang),
                  },
                  {
                    key: 'rank',
                    header: t('external.rank'),
                    render: (r) =>
                      r.rank === null
                        ? '—'
                        : t('external.rankOf', { rank: r.rank, of: r.outOf ?? '?' }),
                  },
                ]}
              />
            )}
          </section>
          {data.trends.length > 0 ? (
            <section className="annual-section" aria-labelledby="external-trends">
              <h2 id="external-trends">{t('external.trends')}</h2>
              <ExternalTrends trends={data.trends} lang={lang} t={t} />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
