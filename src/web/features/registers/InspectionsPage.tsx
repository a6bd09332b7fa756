import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { INSPECTION_STATES, type Inspection, registersApi } from './api.js';
import { BASE, day, RegistersNav, StateBadge, unitOptions, useUnits, yearOptions } from './Bits.js';
import { FilterForm } from './FilterForm.js';
import { PagedResults, usePagedList } from './PagedList.js';
import { useRestoreColumn } from './RestoreColumn.js';
import { useListParams } from './useListParams.js';
import { Notice, WithdrawnToggle } from './Withdraw.js';

const KEYS = ['year', 'unit', 'state', 'withdrawn'] as const;

/** `/quan-tri/so-theo-doi/thanh-tra` — inspections of the user's units, filters in the address. */
export default function InspectionsPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, page, apply, key } = useListParams(KEYS);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const { list, error, reload } = usePagedList(key, KEYS, registersApi.inspections);
  const showingWithdrawn = applied.withdrawn === 'true';
  const restore = useRestoreColumn<Inspection>({
    restore: (r, reason) => registersApi.restoreInspection(r.id, { reason, version: r.version }),
    what: (r) =>
      t('withdraw.whatInspection', {
        kind: t(`kind.${r.kind}`).toLocaleLowerCase(i18n.language),
        unit: r.inspectedUnit.name,
      }),
    along: () => t('restore.alongRecommendations'),
    reload,
  });

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
        {t('nav.inspections')}
        {showingWithdrawn ? ` — ${t('withdraw.listTitle')}` : ''}
      </h2>
      {hasRole('reform_office') ? (
        <WithdrawnToggle
          showing={showingWithdrawn}
          onToggle={(next) => apply({ ...applied, withdrawn: next ? 'true' : '' })}
        />
      ) : null}
      {hasRole('reform_office') ? (
        <p className="actions">
          <Link className="btn btn-primary" to={`${BASE}/thanh-tra/moi`}>
            {t('inspection.new')}
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
            options: INSPECTION_STATES.map((s) => ({ value: s, label: t(`state.${s}`) })),
          },
        ]}
      />
      <PagedResults
        list={list}
        error={error}
        caption={t('nav.inspections')}
        columns={columns}
        csvPath="/api/registers/inspections/export.csv"
        search={key}
        page={page}
        onPageChange={(p) => apply(applied, p)}
      />
    </div>
  );
}
