import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { isoInVietnam } from '../../components/format.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { unitOptionLabel } from '../../unitScope.js';
import { publicInfoApi, type ReceptionCounts, type ReceptionStats, type StaffUnit } from './api.js';
import { periodText, quarterOptions } from './format.js';

type Row = ReceptionCounts & { key: string; label: string; depth: number; total: boolean };

const COUNT_COLUMNS = [
  'planned',
  'held',
  'cancelled',
  'rescheduled',
  'scheduled',
  'citizensReceived',
  'casesNoted',
] as const;

/** The years offered: next year (already planned) back to four years ago. */
export function statsYears(current: number): number[] {
  return Array.from({ length: 6 }, (_, i) => current + 1 - i);
}

/**
 * The statistics of citizen reception for a year or one of its quarters (Law on Citizen
 * Reception: units report them quarterly and yearly): per unit of the chosen subtree, the
 * sessions planned, held, cancelled, moved and still scheduled, citizens received and cases
 * noted, with a total row and a CSV download. `refresh` changes when a session changed, so the
 * counts follow.
 */
export function ReceptionStatsSection({ units, refresh }: { units: StaffUnit[]; refresh: number }) {
  const { t, i18n } = useTranslation('publicinfo');
  const thisYear = Number(isoInVietnam(Date.now()).slice(0, 4));
  const [draft, setDraft] = useState({ year: String(thisYear), quarter: '', unit: '' });
  const [query, setQuery] = useState(draft);
  const [stats, setStats] = useState<ReceptionStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setStats(null);
    setError(null);
    // `refresh` is read so a changed session reloads the counts.
    void refresh;
    const quarter = query.quarter ? Number(query.quarter) : undefined;
    publicInfoApi.stats(Number(query.year), quarter, query.unit || undefined).then(
      (r) => live && setStats(r),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [query, refresh]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
  };
  const baseDepth = units.length > 0 ? Math.min(...units.map((u) => u.depth)) : 0;
  const rows: Row[] = stats
    ? [
        ...stats.rows.map((r) => ({
          ...r,
          key: r.unit.code,
          label: r.unit.name,
          depth: r.depth,
          total: false,
        })),
        ...(stats.rows.length > 0
          ? [{ ...stats.total, key: 'total', label: t('stats.total'), depth: 0, total: true }]
          : []),
      ]
    : [];

  return (
    <section aria-labelledby="pi-stats-title" className="pi-stats">
      <h2 id="pi-stats-title">{t('stats.title')}</h2>
      <p>{t('stats.intro')}</p>
      <form className="pi-card pi-filters" onSubmit={submit}>
        <Select
          label={t('field.year')}
          name="statsYear"
          value={draft.year}
          onChange={(e) => setDraft((d) => ({ ...d, year: e.target.value }))}
          options={statsYears(thisYear).map((y) => ({ value: String(y), label: String(y) }))}
        />
        <Select
          label={t('stats.quarter')}
          name="statsQuarter"
          value={draft.quarter}
          onChange={(e) => setDraft((d) => ({ ...d, quarter: e.target.value }))}
          options={quarterOptions(t)}
        />
        <Select
          label={t('common.unit')}
          name="statsUnit"
          value={draft.unit}
          onChange={(e) => setDraft((d) => ({ ...d, unit: e.target.value }))}
          options={[
            { value: '', label: t('office.allMyUnits') },
            ...units.map((u) => ({
              value: u.code,
              label: unitOptionLabel(u, baseDepth, i18n.language),
            })),
          ]}
        />
        <Button type="submit">{t('stats.show')}</Button>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {stats === null && !error ? <Skeleton lines={3} /> : null}
      {stats ? (
        <>
          <DataTable
            caption={t('stats.caption', {
              period: periodText(t, stats),
              unit: stats.unit?.name ?? t('office.allMyUnits'),
            })}
            rows={rows}
            rowKey={(r) => r.key}
            empty={t('stats.empty')}
            columns={[
              {
                key: 'unit',
                header: t('common.unit'),
                rowHeader: true,
                // Indented under its parent unit, as in the unit pickers.
                render: (r) =>
                  r.total ? (
                    <strong>{r.label}</strong>
                  ) : (
                    `${'\u00a0\u00a0\u00a0'.repeat(r.depth)}${r.label}`
                  ),
              },
              ...COUNT_COLUMNS.map((key) => ({
                key,
                header: t(`stats.column.${key}`),
                align: 'end' as const,
                render: (r: Row) => (r.total ? <strong>{r[key]}</strong> : r[key]),
              })),
            ]}
          />
          <p className="pi-links">
            <a
              href={publicInfoApi.statsCsvUrl(stats.year, stats.quarter, stats.unit?.code)}
              download
            >
              {t('stats.export', { period: periodText(t, stats) })}
            </a>
          </p>
        </>
      ) : null}
    </section>
  );
}
