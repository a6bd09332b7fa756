import './registers.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { type PlanDetail, registersApi, TASK_STATUSES } from './api.js';
import { BASE, day, History, OverdueBadge, RegistersNav, StateBadge, useUnits } from './Bits.js';
import { taskFields } from './fields.js';
import { type FieldSpec, RegisterForm } from './RegisterForm.js';
import {
  Notice,
  RestoreAction,
  WithdrawAction,
  WithdrawnMark,
  WithdrawnNotice,
} from './Withdraw.js';

/**
 * `/quan-tri/so-theo-doi/ke-hoach/:id` — one remediation plan: its tasks with their responsible
 * unit and person and deadline, progress reports, history, and the user's next steps; for the
 * reform office, the correction of the plan (until its first report) and of tasks not done,
 * and the withdrawal of what was entered by mistake.
 */
export default function PlanPage() {
  const { t, i18n } = useTranslation('registers');
  const { id = '' } = useParams();
  const location = useLocation();
  const [item, setItem] = useState<PlanDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice ?? null,
  );
  const { all } = useUnits([]);

  const load = useCallback(() => {
    registersApi
      .plan(id)
      .then(setItem, (e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [id]);
  useEffect(load, [load]);

  const done = (next: PlanDetail, text: string) => {
    setItem(next);
    setNotice(text);
  };

  if (error)
    return (
      <div className="rg">
        <PageTitle title={t('plan.one')} />
        <Alert tone="error">{error}</Alert>
        <Link to={`${BASE}/ke-hoach`}>{t('common.back')}</Link>
      </div>
    );
  if (!item) return <Skeleton lines={6} label={t('list.loading')} />;
  const liveTasks = item.tasks.filter((task) => !task.withdrawn).length;
  const reportFields: FieldSpec[] = [
    { name: 'text', label: t('plan.reportText'), kind: 'textarea', required: true },
    {
      name: 'percent',
      label: t('plan.percent'),
      kind: 'number',
      required: true,
      min: 0,
      max: 100,
      step: '1',
    },
    {
      name: 'reportedOn',
      label: t('plan.reportedOn'),
      kind: 'date',
      hint: t('plan.reportedOnHint'),
    },
  ];
  // Those withdrawn with the plan come back with it.
  const alongTasks = item.withdrawn ? item.tasks.filter((task) => task.withdrawn?.along).length : 0;

  return (
    <div className="rg">
      <PageTitle title={item.title} subtitle={t('plan.one')} />
      <RegistersNav />
      <p>
        <Link to={`${BASE}/ke-hoach`}>{t('common.back')}</Link>
      </p>
      <Notice text={notice} />
      <WithdrawnNotice withdrawn={item.withdrawn} />
      <section className="rg-section" aria-labelledby="rg-facts">
        <h2 id="rg-facts">{t('common.facts')}</h2>
        <dl className="facts">
          <dt>{t('common.unit')}</dt>
          <dd>{item.unit.name}</dd>
          <dt>{t('plan.indicator')}</dt>
          <dd>{item.indicator ?? '—'}</dd>
          <dt>{t('common.due')}</dt>
          <dd>{day(item.dueOn)}</dd>
          <dt>{t('plan.progress')}</dt>
          <dd>
            <progress max={100} value={item.percent} aria-label={t('plan.progress')} />{' '}
            {item.percent}%
          </dd>
        </dl>
        {item.actions.includes('correct') ? (
          <details key={item.version}>
            <summary>{t('plan.correctOpen')}</summary>
            <RegisterForm
              key={item.version}
              submitLabel={t('plan.correctSave')}
              initial={{ title: item.title, indicator: item.indicator ?? '', dueOn: item.dueOn }}
              fields={[
                { name: 'title', label: t('plan.title'), required: true },
                { name: 'indicator', label: t('plan.indicator'), hint: t('plan.indicatorHint') },
                { name: 'dueOn', label: t('common.due'), kind: 'date', hint: t('plan.dueHint') },
              ]}
              onSubmit={async (v) =>
                done(
                  await registersApi.correctPlan(item.id, {
                    title: v.title,
                    indicator: v.indicator?.trim() || undefined,
                    dueOn: v.dueOn || undefined,
                    version: item.version,
                  }),
                  t('plan.corrected'),
                )
              }
            />
          </details>
        ) : null}
      </section>

      <section className="rg-section" aria-labelledby="rg-tasks">
        <h2 id="rg-tasks">{t('plan.tasks')}</h2>
        {item.tasks.length === 0 ? <p>{t('plan.noTasks')}</p> : null}
        <ul className="rg-list">
          {item.tasks.map((task) => (
            <li key={task.id}>
              <p className="rg-text">
                <strong>{task.title}</strong>
              </p>
              <p>
                <StateBadge state={task.status} /> <OverdueBadge days={task.daysOverdue} />{' '}
                <WithdrawnMark withdrawn={task.withdrawn} />
              </p>
              <p className="field-hint">
                {task.responsibleUnit.name} · {task.responsiblePerson} · {t('common.due')}{' '}
                {day(task.dueOn)}
              </p>
              {task.canUpdate ? (
                <details>
                  <summary>{t('plan.openStatus')}</summary>
                  <RegisterForm
                    submitLabel={t('plan.changeStatus')}
                    fields={[
                      {
                        name: 'status',
                        label: t('common.state'),
                        kind: 'select',
                        required: true,
                        options: TASK_STATUSES.filter((s) => s !== task.status).map((s) => ({
                          value: s,
                          label: t(`state.${s}`),
                        })),
                      },
                      { name: 'note', label: t('common.note') },
                    ]}
                    onSubmit={async (v) =>
                      done(
                        await registersApi.taskStatus(task.id, {
                          status: v.status,
                          note: v.note || undefined,
                          version: task.version,
                        }),
                        t('plan.statusChanged'),
                      )
                    }
                  />
                </details>
              ) : null}
              {task.canCorrect ? (
                <details key={task.version}>
                  <summary>{t('plan.taskCorrectOpen')}</summary>
                  <RegisterForm
                    key={task.version}
                    submitLabel={t('plan.taskCorrectSave')}
                    initial={{
                      title: task.title,
                      responsibleUnitCode: task.responsibleUnit.code,
                      responsiblePerson: task.responsiblePerson,
                      dueOn: task.dueOn,
                    }}
                    fields={taskFields(t, i18n.language, all)}
                    onSubmit={async (v) =>
                      done(
                        await registersApi.correctTask(task.id, {
                          title: v.title,
                          responsibleUnitCode: v.responsibleUnitCode,
                          responsiblePerson: v.responsiblePerson,
                          dueOn: v.dueOn,
                          version: task.version,
                        }),
                        t('plan.taskCorrected'),
                      )
                    }
                  />
                </details>
              ) : null}
              {task.canWithdraw ? (
                <WithdrawAction
                  label={t('withdraw.openTask')}
                  what={t('withdraw.whatTask', { title: task.title })}
                  onWithdraw={async (reason) =>
                    done(
                      await registersApi.withdrawTask(task.id, { reason, version: task.version }),
                      t('withdraw.withdrawn'),
                    )
                  }
                />
              ) : null}
              {task.canRestore ? (
                <RestoreAction
                  label={t('restore.openTask')}
                  what={t('withdraw.whatTask', { title: task.title })}
                  onRestore={async (reason) =>
                    done(
                      await registersApi.restoreTask(task.id, { reason, version: task.version }),
                      t('restore.restored'),
                    )
                  }
                />
              ) : null}
            </li>
          ))}
        </ul>
        {item.actions.includes('add_task') ? (
          <>
            <h3>{t('plan.addTask')}</h3>
            <RegisterForm
              submitLabel={t('plan.addTask')}
              reset
              fields={taskFields(t, i18n.language, all)}
              onSubmit={async (v) =>
                done(
                  await registersApi.addTask(item.id, {
                    title: v.title,
                    responsibleUnitCode: v.responsibleUnitCode,
                    responsiblePerson: v.responsiblePerson,
                    dueOn: v.dueOn,
                  }),
                  t('plan.taskAdded'),
                )
              }
            />
          </>
        ) : null}
      </section>

      <section className="rg-section" aria-labelledby="rg-reports">
        <h2 id="rg-reports">{t('plan.reports')}</h2>
        {item.reports.length === 0 ? <p>{t('plan.noReports')}</p> : null}
        <ul className="rg-list">
          {item.reports.map((r) => (
            <li key={r.id}>
              <p>
                <strong>{day(r.reportedOn)}</strong> — {r.percent}%{r.by ? ` · ${r.by}` : ''}
              </p>
              <p className="rg-text">{r.text}</p>
              {/* Whoever may report on the plan corrects a report while the plan is in force. */}
              {item.actions.includes('report') ? (
                <details key={`${r.id}-${item.version}`}>
                  <summary>{t('plan.reportCorrectOpen')}</summary>
                  <RegisterForm
                    submitLabel={t('plan.reportCorrectSave')}
                    initial={{
                      text: r.text,
                      percent: String(r.percent),
                      reportedOn: r.reportedOn,
                    }}
                    fields={reportFields}
                    onSubmit={async (v) =>
                      done(
                        await registersApi.correctReport(item.id, r.id, {
                          text: v.text,
                          percent: Number(v.percent),
                          reportedOn: v.reportedOn || undefined,
                          version: item.version,
                        }),
                        t('plan.reportCorrected'),
                      )
                    }
                  />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        {item.actions.includes('report') ? (
          <>
            <h3>{t('plan.report')}</h3>
            <RegisterForm
              submitLabel={t('plan.report')}
              reset
              fields={reportFields}
              onSubmit={async (v) =>
                done(
                  await registersApi.report(item.id, {
                    text: v.text,
                    percent: Number(v.percent),
                    reportedOn: v.reportedOn || undefined,
                  }),
                  t('plan.reported'),
                )
              }
            />
          </>
        ) : null}
      </section>

      {item.actions.includes('withdraw') ? (
        <section className="rg-section" aria-label={t('withdraw.open')}>
          <WithdrawAction
            what={t('withdraw.whatPlan', { title: item.title })}
            along={liveTasks > 0 ? t('withdraw.alongTasks', { count: liveTasks }) : undefined}
            onWithdraw={async (reason) =>
              done(
                await registersApi.withdrawPlan(item.id, { reason, version: item.version }),
                t('withdraw.withdrawn'),
              )
            }
          />
        </section>
      ) : null}

      {item.actions.includes('restore') ? (
        <section className="rg-section" aria-label={t('restore.open')}>
          <RestoreAction
            what={t('withdraw.whatPlan', { title: item.title })}
            along={alongTasks > 0 ? t('restore.alongTasks', { count: alongTasks }) : undefined}
            onRestore={async (reason) =>
              done(
                await registersApi.restorePlan(item.id, { reason, version: item.version }),
                t('restore.restored'),
              )
            }
          />
        </section>
      ) : null}

      <section className="rg-section" aria-labelledby="rg-history">
        <h2 id="rg-history">{t('common.history')}</h2>
        <History entries={item.history} />
      </section>
    </div>
  );
}
