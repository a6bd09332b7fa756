import './registers.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Column } from '../../components/DataTable.js';
import { INITIATIVE_STATES, type Initiative, type Missing, registersApi } from './api.js';
import { BASE, Section, StateBadge } from './Bits.js';
import { RegisterListPage } from './RegisterListPage.js';

/**
 * `/quan-tri/so-theo-doi` — reform initiatives (sáng kiến CCHC) of the user's units, filtered by
 * year, unit and state in the address; for a year, the units that filed none.
 */
export default function InitiativesPage() {
  const { t } = useTranslation('registers');
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

  return (
    <RegisterListPage
      heading={t('nav.initiatives')}
      states={INITIATIVE_STATES}
      load={registersApi.initiatives}
      columns={columns}
      csvPath="/api/registers/initiatives/export.csv"
      create={{
        to: `${BASE}/sang-kien/moi`,
        label: t('initiative.new'),
        roles: ['specialist', 'leader', 'reform_office'],
      }}
      restore={{
        restore: registersApi.restoreInitiative,
        what: (r) => t('withdraw.whatInitiative', { title: r.title }),
      }}
    >
      <MissingInitiatives />
    </RegisterListPage>
  );
}

/** For the year the list is filtered by, the units that filed no initiative. */
function MissingInitiatives() {
  const { t } = useTranslation('registers');
  const [params] = useSearchParams();
  const [missing, setMissing] = useState<Missing | null>(null);
  // Asked again whenever the filters change, as the list is.
  const key = params.toString();
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

  if (!missing)
    return params.get('year') ? null : <p className="field-hint">{t('missing.pickYear')}</p>;
  return (
    <Section id="rg-missing" title={t('missing.title', { year: missing.year })}>
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
    </Section>
  );
}
