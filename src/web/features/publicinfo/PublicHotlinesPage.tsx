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
import { type PublicHotlineUnits, type PublicUnit, publicInfoApi } from './api.js';

/**
 * `/duong-day-nong` — the hotlines every unit publishes today, grouped by unit, searchable
 * without diacritics; each number is a `tel:` link and each address a `mailto:` link, so a
 * citizen on a phone calls with one tap.
 */
export default function PublicHotlinesPage() {
  const { t, i18n } = useTranslation('publicinfo');
  const [q, setQ] = useState('');
  const [unit, setUnit] = useState('');
  const [search, setSearch] = useState<{ q: string; unit: string }>({ q: '', unit: '' });
  const [units, setUnits] = useState<PublicUnit[]>([]);
  const [list, setList] = useState<PublicHotlineUnits | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    publicInfoApi.publicUnits().then(
      (r) => setUnits(r.units),
      () => setUnits([]),
    );
  }, []);
  useEffect(() => {
    let live = true;
    setList(null);
    setError(null);
    publicInfoApi.publicHotlines(search.q || undefined, search.unit || undefined).then(
      (r) => live && setList(r),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ q: q.trim(), unit });
  };
  const baseDepth = Math.min(...units.map((u) => u.depth), 0);

  return (
    <div className="pi">
      <PageTitle title={t('hotlines.title')} subtitle={t('hotlines.subtitle')} />
      <p>
        <Link to="/lich-tiep-cong-dan">{t('hotlines.toReception')}</Link>
      </p>
      <form className="pi-card pi-filters" onSubmit={submit}>
        <TextField
          label={t('hotlines.search')}
          hint={t('hotlines.searchHint')}
          name="q"
          type="search"
          maxLength={200}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
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
        <Button type="submit" variant="primary">
          {t('common.searchSubmit')}
        </Button>
      </form>
      <p aria-live="polite">{list ? t('hotlines.count', { count: list.total }) : ''}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} /> : null}
      {list && list.total === 0 ? <EmptyState title={t('hotlines.empty')} /> : null}
      {list?.units.map((u) => (
        <section key={u.code} aria-labelledby={`unit-${u.code}`}>
          <h2 id={`unit-${u.code}`} className="pi-unit">
            {u.name}
          </h2>
          <ul className="pi-list">
            {u.hotlines.map((h) => (
              <li key={h.id} className="pi-card">
                <h3>{h.purpose}</h3>
                <p className="pi-meta">
                  <a className="pi-phone" href={h.telUri}>
                    <span className="visually-hidden">{t('hotlines.call')} </span>
                    {h.phoneDisplay}
                  </a>
                </p>
                {h.email && h.mailto ? (
                  <p className="pi-meta">
                    {t('hotlines.email')}: <a href={h.mailto}>{h.email}</a>
                  </p>
                ) : null}
                {h.hours ? (
                  <p className="pi-meta">
                    {t('hotlines.hours')}: {h.hours}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
