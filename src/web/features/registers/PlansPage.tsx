import './registers.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Column } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type PlanListItem, registersApi } from './api.js';
import { BASE, day } from './Bits.js';
import { RegisterListPage } from './RegisterListPage.js';

/** `/quan-tri/so-theo-doi/ke-hoach` — remediation plans of the user's units with progress. */
export default function PlansPage() {
  const { t } = useTranslation('registers');
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

  return (
    <RegisterListPage
      heading={t('nav.plans')}
      load={registersApi.plans}
      columns={columns}
      csvPath="/api/registers/plans/export.csv"
      create={{ to: `${BASE}/ke-hoach/moi`, label: t('plan.new'), roles: ['reform_office'] }}
      restore={{
        restore: registersApi.restorePlan,
        what: (r) => t('withdraw.whatPlan', { title: r.title }),
        along: (r) => (r.tasks > 0 ? t('restore.alongTasks', { count: r.tasks }) : undefined),
      }}
    />
  );
}
