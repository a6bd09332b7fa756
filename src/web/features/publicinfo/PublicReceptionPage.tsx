import './publicinfo.css';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { unitOptionLabel } from '../../unitScope.js';
import { type PublicSession, type PublicUnit, publicInfoApi } from './api.js';
import { PublishedReceptionStats } from './PublishedReceptionStats.js';
import { SessionSummary } from './SessionCard.js';

/**
 * `/lich-tiep-cong-dan` — the leaders' upcoming citizen-reception sessions (DOMAIN §9),
 * filtered by unit and month; cancelled and moved sessions stay listed with why. With a unit
 * chosen, its schedule downloads as an iCalendar file for a phone's calendar. Below, the
 * year's results in numbers: sessions held and citizens received.
 */
export default function PublicReceptionPage() {
  const { t, i18n } = useTranslation('publicinfo');
  const [unit, setUnit] = useState('');
  const [month, setMonth] = useState('');
  const [filters, setFilters] = useState<{ unit: string; month: string }>({ unit: '', month: '' });
  const [units, setUnits] = useState<PublicUnit[]>([]);
  const [items, setItems] = useState<PublicSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    publicInfoApi.publicUnits().then(
      (r) => setUnits(r.units),
      () => setUnits([]),
    );
  }, []);
  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    publicInfoApi.publicSessions(filters.unit || undefined, filters.month || undefined).then(
      (r) => live && setItems(r.items),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [filters]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ unit, month: /^\d{4}-\d{2}$/.test(month) ? month : '' });
  };
  const baseDepth = Math.min(...units.map((u) => u.depth), 0);
  const chosen = units.find((u) => u.code === filters.unit);

  return (
    <div className="pi">
      <PageTitle title={t('reception.title')} subtitle={t('reception.subtitle')} />
      <p>
        <Link to="/duong-day-nong">{t('reception.toHotlines')}</Link>
      </p>
      <form className="pi-card pi-filters" onSubmit={submit}>
        <Select
          label={t('common.unit')}
          name="unit"
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
          options={[
            { value: '', label: t('common.allUnits') },
            ...units.map((u) => ({
              value: u.code,
              label: unitOptionLabel(u, baseDepth, i18n.language),
            })),
          ]}
        />
        <TextField
          label={t('reception.month')}
          hint={t('reception.monthHint')}
          name="month"
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
        />
        <Button type="submit" variant="primary">
          {t('common.filter')}
        </Button>
      </form>
      {chosen ? (
        <p>
          <a href={publicInfoApi.icsUrl(chosen.code)} download>
            {t('reception.ics', { unit: chosen.name })}
          </a>
        </p>
      ) : null}
      <p aria-live="polite">{items ? t('reception.count', { count: items.length }) : ''}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {items === null && !error ? <Skeleton lines={4} /> : null}
      {items && items.length === 0 ? <EmptyState title={t('reception.empty')} /> : null}
      {items && items.length > 0 ? (
        <ul className="pi-list">
          {items.map((s) => (
            <li key={s.id} className="pi-card">
              <SessionSummary session={s} />
            </li>
          ))}
        </ul>
      ) : null}
      <PublishedReceptionStats unit={filters.unit} />
    </div>
  );
}
