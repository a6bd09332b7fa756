import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { DataTable } from '../../components/DataTable.js';
import { isoInVietnam } from '../../components/format.js';
import { Select } from '../../components/Select.js';
import { type PublicReceptionStats, publicInfoApi } from './api.js';

type Row = PublicReceptionStats['rows'][number] & { key: string; total: boolean };

/**
 * The published results of citizen reception for this year or last: per unit, the sessions
 * held and the citizens received (counts only; what citizens raised stays in the back office),
 * for the unit chosen above or every unit.
 */
export function PublishedReceptionStats({ unit }: { unit: string }) {
  const { t } = useTranslation('publicinfo');
  const thisYear = Number(isoInVietnam(Date.now()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [stats, setStats] = useState<PublicReceptionStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    publicInfoApi.publicStats(year, unit || undefined).then(
      (r) => live && setStats(r),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [year, unit]);

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
      <Select
        label={t('field.year')}
        name="statsYear"
        value={String(year)}
        onChange={(e) => setYear(Number(e.target.value))}
        options={[thisYear, thisYear - 1].map((y) => ({ value: String(y), label: String(y) }))}
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {stats ? (
        <>
          <p className="pi-summary" aria-live="polite">
            {t('stats.publicSummary', {
              year: stats.year,
              held: stats.total.held,
              citizens: stats.total.citizensReceived,
            })}
          </p>
          {stats.rows.length > 0 ? (
            <DataTable
              caption={t('stats.publicCaption', { year: stats.year })}
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
