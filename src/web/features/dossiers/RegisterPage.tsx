import './dossiers.css';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { dossierApi, type RegisterRow, registerExportUrl } from './api.js';
import { monthToDate } from './dossierFormat.js';

/**
 * The dossier register (Form 07, Circular 03/2025): a unit among the user's and a reception
 * date range give the table, exported as .xlsx or PDF with the same rows.
 */
export default function RegisterPage() {
  const { t } = useTranslation('dossiers');
  const { user } = useAuth();
  const units = useMemo(() => {
    const seen = new Map<number, string>();
    for (const g of user?.roles ?? [])
      if (g.unitId !== null) seen.set(g.unitId, g.unitName ?? String(g.unitId));
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [user]);
  const initial = monthToDate(new Date());
  const [unitId, setUnitId] = useState<string>('');
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [rows, setRows] = useState<RegisterRow[] | null>(null);
  const [shown, setShown] = useState<{ unitId: number; from: string; to: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = Number(unitId || units[0]?.id || 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    if (from > to) {
      setError(t('register.badRange'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await dossierApi.register(chosen, from, to);
      setRows(result.rows);
      setShown({ unitId: chosen, from, to });
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<RegisterRow>[] = [
    { key: 'no', header: t('register.cols.no'), align: 'end' },
    {
      key: 'code',
      header: t('register.cols.code'),
      rowHeader: true,
      render: (r) => <Link to={`/quan-tri/ho-so/${r.id}`}>{r.code}</Link>,
    },
    { key: 'procedureName', header: t('register.cols.procedure') },
    { key: 'applicantName', header: t('register.cols.applicant') },
    { key: 'agencyName', header: t('register.cols.agency') },
    {
      key: 'receivedAt',
      header: t('register.cols.received'),
      render: (r) => <DateTime value={r.receivedAt} />,
    },
    {
      key: 'dueAt',
      header: t('register.cols.due'),
      render: (r) => (
        <>
          <DateTime value={r.dueAt} />
          {r.extendedDueAt ? (
            <span className="field-hint">
              {' '}
              {t('register.extended')} <DateTime value={r.extendedDueAt} />
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'finishedAt',
      header: t('register.cols.finished'),
      render: (r) => <DateTime value={r.finishedAt} />,
    },
    {
      key: 'returnedAt',
      header: t('register.cols.returned'),
      render: (r) => <DateTime value={r.returnedAt} />,
    },
    {
      key: 'class',
      header: t('register.cols.class'),
      render: (r) =>
        r.class ? (
          <StatusBadge
            tone={r.class === 'late' || r.class === 'in_progress_overdue' ? 'danger' : 'success'}
          >
            {t(`class.${r.class}`)}
          </StatusBadge>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle title={t('register.title')} subtitle={t('register.subtitle')} />
      <form className="dossier-card search-form" onSubmit={submit}>
        <div className="field-grid">
          <Select
            label={t('register.unit')}
            name="unitId"
            value={String(chosen)}
            options={units.map((u) => ({ value: String(u.id), label: u.name }))}
            onChange={(e) => setUnitId(e.target.value)}
          />
          <TextField
            label={t('register.from')}
            type="date"
            name="from"
            required
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <TextField
            label={t('register.to')}
            type="date"
            name="to"
            required
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <p className="actions">
          <Button type="submit" variant="primary" busy={busy}>
            {t('register.show')}
          </Button>
        </p>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="visually-hidden" aria-live="polite">
        {rows ? t('register.count', { count: rows.length }) : ''}
      </p>
      {rows && shown ? (
        <section aria-label={t('register.title')}>
          <p className="actions">
            <span>{t('register.count', { count: rows.length })}</span>
            <a
              className="btn btn-secondary"
              href={registerExportUrl(shown.unitId, shown.from, shown.to, 'xlsx')}
              download
            >
              {t('register.xlsx')}
            </a>
            <a
              className="btn btn-secondary"
              href={registerExportUrl(shown.unitId, shown.from, shown.to, 'pdf')}
              download
            >
              {t('register.pdf')}
            </a>
          </p>
          <DataTable
            caption={t('register.caption', { from: shown.from, to: shown.to })}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            empty={t('register.empty')}
          />
        </section>
      ) : null}
    </>
  );
}
