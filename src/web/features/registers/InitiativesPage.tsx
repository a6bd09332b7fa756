import './registers.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { INITIATIVE_STATES, type Initiative, type Missing, registersApi } from './api.js';
import { BASE, RegistersNav, StateBadge, unitOptions, useUnits, yearOptions } from './Bits.js';
import { FilterForm } from './FilterForm.js';
import { PagedResults, usePagedList } from './PagedList.js';
import { useRestoreColumn } from './RestoreColumn.js';
import { useListParams } from './useListParams.js';
import { Notice, WithdrawnToggle } from './Withdraw.js';

const KEYS = ['year', 'unit', 'state', 'withdrawn'] as const;

/**
 * `/quan-tri/so-theo-doi` — reform initiatives (sáng kiến CCHC) of the user's units, filtered by
 * year, unit and state in the address; for a year, the units that filed none.
 */
export default function InitiativesPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, page, apply, key } = useListParams(KEYS);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const { list, error, reload } = usePagedList(key, KEYS, registersApi.initiatives);
  const showingWithdrawn = applied.withdrawn === 'true';
  const restore = useRestoreColumn<Initiative>({
    restore: (r, reason) => registersApi.restoreInitiative(r.id, { reason, version: r.version }),
    what: (r) => t('withdraw.whatInitiative', { title: r.title }),
    reload,
  });
  const [missing, setMissing] = useState<Missing | null>(null);

  // For a chosen year, the units that filed no initiative.
  useEffect(() => {
    let live = true;
    setMissing(null);
    const year = Number(new URLSearchParams(key).get('year'));
    if (year)
      registersApi.missing(year).then(
        (r) => live && setMissing(r),
        () => live && setMissing(null),
      );
    return () => {
      live = false;
    };
  }, [key]);

  const columns: Column<Initiative>[] = [
    {
      key: 'title',
      header: t('initiative.title'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/sang-kien/${r.id}`}>{r.title}</Link>,
    },
    { key: 'unit', header: t('common.unit'), render: (r) => r.unit.name },
    { key: 'year', header: t('common.year') },
    { key: 'state', header: t('common.state'), render: (r) => <StateBadge state={r.state} /> },
    {
      key: 'score',
      header: t('initiative.score'),
      align: 'end',
      render: (r) => (r.score === null ? '—' : String(r.score)),
    },
  ];
  // The reform office's list of withdrawn records says why each was withdrawn.
  if (showingWithdrawn)
    columns.push({
      key: 'withdrawn',
      header: t('withdraw.reason'),
      render: (r) => r.withdrawn?.reason ?? '',
    });
  // From that list the reform office puts a record back, with a reason.
  if (showingWithdrawn && hasRole('reform_office')) columns.push(restore.column);

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      <Notice text={restore.notice} />
      <h2>
        {t('nav.initiatives')}
        {showingWithdrawn ? ` — ${t('withdraw.listTitle')}` : ''}
      </h2>
      {hasRole('reform_office') ? (
        <WithdrawnToggle
          showing={showingWithdrawn}
          onToggle={(next) => apply({ ...applied, withdrawn: next ? 'true' : '' })}
        />
      ) : null}
      {hasRole('specialist', 'leader', 'reform_office') ? (
        <p className="actions">
          <Link className="btn btn-primary" to={`${BASE}/sang-kien/moi`}>
            {t('initiative.new')}
          </Link>
        </p>
      ) : null}
      <FilterForm
        applied={applied}
        onApply={apply}
        fields={[
          { name: 'year', label: t('common.year'), options: yearOptions() },
          {
            name: 'unit',
            label: t('common.unitSubtree'),
            options: unitOptions(covered, i18n.language),
          },
          {
            name: 'state',
            label: t('common.state'),
            options: INITIATIVE_STATES.map((s) => ({ value: s, label: t(`state.${s}`) })),
          },
        ]}
      />
      <PagedResults
        list={list}
        error={error}
        caption={t('nav.initiatives')}
        columns={columns}
        csvPath="/api/registers/initiatives/export.csv"
        search={key}
        page={page}
        onPageChange={(p) => apply(applied, p)}
      />
      {missing ? (
        <section className="rg-section" aria-labelledby="rg-missing">
          <h2 id="rg-missing">{t('missing.title', { year: missing.year })}</h2>
          <p>{t('missing.summary', { count: missing.units.length, expected: missing.expected })}</p>
          {missing.units.length > 0 ? (
            <ul>
              {missing.units.map((u) => (
                <li key={u.id}>
                  {u.name} ({u.code})
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : applied.year ? null : (
        <p className="field-hint">{t('missing.pickYear')}</p>
      )}
    </div>
  );
}
