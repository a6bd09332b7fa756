import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { DataTable } from '../../components/DataTable.js';
import { isoInVietnam } from '../../components/format.js';
import { Select } from '../../components/Select.js';
import { type PublicReceptionStats, publicInfoApi } from './api.js';
import { periodText, quarterOptions } from './format.js';

type Row = PublicReceptionStats['rows'][number] & { key: string; total: boolean };

/**
 * The published results of citizen reception for this year or last, the whole year or one
 * quarter: per unit, the sessions held and the citizens received (counts only; what citizens
 * raised stays in the back office), for the unit chosen above or every unit.
 */
export function PublishedReceptionStats({ unit }: { unit: string }) {
  const { t } = useTranslation('publicinfo');
  const thisYear = Number(isoInVietnam(Date.now()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [quarter, setQuarter] = useState('');
  const [stats, setStats] = useState<PublicReceptionStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    publicInfoApi.publicStats(year, quarter ? Number(quarter) : undefined, unit || undefined).then(
      (r) => live && setStats(r),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [year, quarter, unit]);

  const rows: Row[] = stats
    ? [
        ...stats.rows.map((r) => ({ ...r, key: r.unit.code, total: false })),
        ...(stats.rows.length > 1
          ? [
              {
                ...stats.total,
                unit: { code: '', name: t('stats.total') },
                depth: 0,
                key: 'total',
                total: true,
              },
            ]
          : []),
      ]
    : [];

  return (
    <section aria-labelledby="pi-public-stats" className="pi-card pi-stats-public">
      <h2 id="pi-public-stats">{t('stats.publicTitle')}</h2>
      <div className="pi-filters">
        <Select
          label={t('field.year')}
          name="statsYear"
          value={String(year)}
          onChange={(e) => setYear(Number(e.target.value))}
          options={[thisYear, thisYear - 1].map((y) => ({ value: String(y), label: String(y) }))}
        />
        <Select
          label={t('stats.quarter')}
          name="statsQuarter"
          value={quarter}
          onChange={(e) => setQuarter(e.target.value)}
          options={quarterOptions(t)}
        />
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {stats ? (
        <>
          <p className="pi-summary" aria-live="polite">
            {t('stats.publicSummary', {
              period: periodText(t, stats, true),
              held: stats.total.held,
              citizens: stats.total.citizensReceived,
            })}
          </p>
          {stats.rows.length > 0 ? (
            <DataTable
              caption={t('stats.publicCaption', { period: periodText(t, stats) })}
              rows={rows}
              rowKey={(r) => r.key}
              columns={[
                {
                  key: 'unit',
                  header: t('common.unit'),
                  rowHeader: true,
                  render: (r) =>
                    r.total ? (
                      <strong>{r.unit.name}</strong>
                    ) : (
                      `${'\u00a0\u00a0\u00a0'.repeat(r.depth)}${r.unit.name}`
                    ),
                },
                {
                  key: 'held',
                  header: t('stats.held'),
                  align: 'end',
                  render: (r) => (r.total ? <strong>{r.held}</strong> : r.held),
                },
                {
                  key: 'citizensReceived',
                  header: t('stats.citizensReceived'),
                  align: 'end',
                  render: (r) =>
                    r.total ? <strong>{r.citizensReceived}</strong> : r.citizensReceived,
                },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
