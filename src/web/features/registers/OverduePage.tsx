import './registers.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { registersApi } from './api.js';
import { BASE, CsvLink, day, ItemList, OverdueBadge, RegistersNav } from './Bits.js';

type Recs = Awaited<ReturnType<typeof registersApi.overdueRecommendations>>;
type Tasks = Awaited<ReturnType<typeof registersApi.overdueTasks>>;

/**
 * `/quan-tri/so-theo-doi/qua-han` — what is late: recommendations of inspections and tasks of
 * remediation plans past their deadline (calendar dates in Vietnam), in the user's units.
 */
export default function OverduePage() {
  const { t } = useTranslation('registers');
  const [recs, setRecs] = useState<Recs | null>(null);
  const [tasks, setTasks] = useState<Tasks | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const fail = (e: unknown) => setError(isApiError(e) ? e.message : String(e));
    registersApi.overdueRecommendations().then(setRecs, fail);
    registersApi.overdueTasks().then(setTasks, fail);
  }, []);

  const recColumns: Column<Recs['items'][number]>[] = [
    {
      key: 'content',
      header: t('recommendation.content'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/thanh-tra/${r.inspection.id}`}>{r.content}</Link>,
    },
    { key: 'unit', header: t('recommendation.unit'), render: (r) => r.responsibleUnit.name },
    { key: 'due', header: t('common.due'), render: (r) => day(r.dueOn) },
    {
      key: 'late',
      header: t('overdue.late'),
      render: (r) => <OverdueBadge days={r.daysOverdue} />,
    },
  ];
  const taskColumns: Column<Tasks['items'][number]>[] = [
    {
      key: 'title',
      header: t('plan.task'),
      rowHeader: true,
      render: (r) => <Link to={`${BASE}/ke-hoach/${r.plan.id}`}>{r.title}</Link>,
    },
    {
      key: 'who',
      header: t('plan.responsible'),
      render: (r) => `${r.responsibleUnit.name} · ${r.responsiblePerson}`,
    },
    { key: 'due', header: t('common.due'), render: (r) => day(r.dueOn) },
    {
      key: 'late',
      header: t('overdue.late'),
      render: (r) => <OverdueBadge days={r.daysOverdue} />,
    },
  ];

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="actions">
        <CsvLink path="/api/registers/overdue.csv" search="" />
      </p>
      <section className="rg-section" aria-labelledby="rg-late-recs">
        <h2 id="rg-late-recs">{t('overdue.recommendations')}</h2>
        {recs ? (
          <ItemList
            caption={t('overdue.recommendations')}
            columns={recColumns}
            rows={recs.items}
            rowKey={(r) => r.id}
            empty={t('overdue.none')}
          />
        ) : (
          <Skeleton lines={2} label={t('list.loading')} />
        )}
      </section>
      <section className="rg-section" aria-labelledby="rg-late-tasks">
        <h2 id="rg-late-tasks">{t('overdue.tasks')}</h2>
        {tasks ? (
          <ItemList
            caption={t('overdue.tasks')}
            columns={taskColumns}
            rows={tasks.items}
            rowKey={(r) => r.id}
            empty={t('overdue.none')}
          />
        ) : (
          <Skeleton lines={2} label={t('list.loading')} />
        )}
      </section>
    </div>
  );
}
