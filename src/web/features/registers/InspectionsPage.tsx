import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Column } from '../../components/DataTable.js';
import { INSPECTION_STATES, type Inspection, registersApi } from './api.js';
import { BASE, day, StateBadge } from './Bits.js';
import { RegisterListPage } from './RegisterListPage.js';

/** `/quan-tri/so-theo-doi/thanh-tra` — inspections of the user's units, filters in the address. */
export default function InspectionsPage() {
  const { t, i18n } = useTranslation('registers');
  const columns: Column<Inspection>[] = [
    {
      key: 'unit',
      header: t('inspection.inspectedUnit'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/thanh-tra/${r.id}`}>{r.inspectedUnit.name}</Link>,
    },
    { key: 'kind', header: t('inspection.kind'), render: (r) => t(`kind.${r.kind}`) },
    { key: 'body', header: t('inspection.body'), render: (r) => r.inspectingBody },
    { key: 'plannedOn', header: t('inspection.plannedOn'), render: (r) => day(r.plannedOn) },
    { key: 'state', header: t('common.state'), render: (r) => <StateBadge state={r.state} /> },
    { key: 'record', header: t('inspection.record'), render: (r) => r.conclusionNumber ?? '—' },
  ];

  return (
    <RegisterListPage
      heading={t('nav.inspections')}
      states={INSPECTION_STATES}
      load={registersApi.inspections}
      columns={columns}
      csvPath="/api/registers/inspections/export.csv"
      create={{ to: `${BASE}/thanh-tra/moi`, label: t('inspection.new'), roles: ['reform_office'] }}
      restore={{
        restore: registersApi.restoreInspection,
        what: (r) =>
          t('withdraw.whatInspection', {
            kind: t(`kind.${r.kind}`).toLocaleLowerCase(i18n.language),
            unit: r.inspectedUnit.name,
          }),
        along: () => t('restore.alongRecommendations'),
      }}
    />
  );
}
