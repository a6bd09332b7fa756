import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type PlanListItem, registersApi } from './api.js';
import { BASE, day, RegistersNav, unitOptions, useUnits, yearOptions } from './Bits.js';
import { FilterForm } from './FilterForm.js';
import { PagedResults, usePagedList } from './PagedList.js';
import { useRestoreColumn } from './RestoreColumn.js';
import { useListParams } from './useListParams.js';
import { Notice, WithdrawnToggle } from './Withdraw.js';

const KEYS = ['year', 'unit', 'withdrawn'] as const;

/** `/quan-tri/so-theo-doi/ke-hoach` — remediation plans of the user's units with progress. */
export default function PlansPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, page, apply, key } = useListParams(KEYS);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const { list, error, reload } = usePagedList(key, KEYS, registersApi.plans);
  const showingWithdrawn = applied.withdrawn === 'true';
  const restore = useRestoreColumn<PlanListItem>({
    restore: (r, reason) => registersApi.restorePlan(r.id, { reason, version: r.version }),
    what: (r) => t('withdraw.whatPlan', { title: r.title }),
    along: (r) => (r.tasks > 0 ? t('restore.alongTasks', { count: r.tasks }) : undefined),
    reload,
  });

  const columns: Column<PlanListItem>[] = [
    {
      key: 'title',
      header: t('plan.title'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/ke-hoach/${r.id}`}>{r.title}</Link>,
    },
    { key: 'unit', header: t('common.unit'), render: (r) => r.unit.name },
    { key: 'indicator', header: t('plan.indicator'), render: (r) => r.indicator ?? '—' },
    { key: 'dueOn', header: t('common.due'), render: (r) => day(r.dueOn) },
    { key: 'percent', header: t('plan.progress'), align: 'end', render: (r) => `${r.percent}%` },
    {
      key: 'tasks',
      header: t('plan.tasks'),
      render: (r) => (
        <>
          {t('plan.tasksOpen', { open: r.tasksOpen, total: r.tasks })}{' '}
          {r.tasksOverdue > 0 ? (
            <StatusBadge tone="danger">
              {t('plan.tasksOverdue', { count: r.tasksOverdue })}
            </StatusBadge>
          ) : null}
        </>
      ),
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
        {t('nav.plans')}
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
          <Link className="btn btn-primary" to={`${BASE}/ke-hoach/moi`}>
            {t('plan.new')}
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
        ]}
      />
      <PagedResults
        list={list}
        error={error}
        caption={t('nav.plans')}
        columns={columns}
        csvPath="/api/registers/plans/export.csv"
        search={key}
        page={page}
        onPageChange={(p) => apply(applied, p)}
      />
    </div>
  );
}
