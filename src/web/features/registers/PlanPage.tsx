import './registers.css';
import { useTranslation } from 'react-i18next';
import { registersApi, TASK_STATUSES } from './api.js';
import { BASE, day, History, OverdueBadge, Section, StateBadge, useUnits } from './Bits.js';
import { planBody, planFields, reportBody, reportFields, taskBody, taskFields } from './fields.js';
import { RecordFrame, RecordUnavailable } from './RecordFrame.js';
import { FoldedForm, RegisterForm } from './RegisterForm.js';
import { useRegisterRecord } from './useRegisterRecord.js';
import { WithdrawnMark } from './Withdraw.js';
import { RecordWithdrawal, WithdrawOrRestore } from './WithdrawOrRestore.js';

/**
 * `/quan-tri/so-theo-doi/ke-hoach/:id` — one remediation plan: its tasks with their responsible
 * unit and person and deadline, progress reports, history, and the user's next steps; for the
 * reform office, the correction of the plan (until its first report) and of tasks not done,
 * and the withdrawal of what was entered by mistake.
 */
export default function PlanPage() {
  const { t, i18n } = useTranslation('registers');
  const { item, error, notice, done, submit } = useRegisterRecord(registersApi.plan);
  const { all } = useUnits([]);

  if (error || !item)
    return <RecordUnavailable error={error} title={t('plan.one')} back={`${BASE}/ke-hoach`} />;
  const liveTasks = item.tasks.filter((task) => !task.withdrawn).length;
  // Those withdrawn with the plan come back with it.
  const alongTasks = item.withdrawn ? item.tasks.filter((task) => task.withdrawn?.along).length : 0;

  return (
    <RecordFrame
      title={item.title}
      subtitle={t('plan.one')}
      back={`${BASE}/ke-hoach`}
      notice={notice}
      withdrawn={item.withdrawn}
    >
      <Section id="rg-facts" title={t('common.facts')}>
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
          <FoldedForm
            version={item.version}
            summary={t('plan.correctOpen')}
            submitLabel={t('plan.correctSave')}
            initial={{ title: item.title, indicator: item.indicator ?? '', dueOn: item.dueOn }}
            fields={planFields(t)}
            onSubmit={submit(t('plan.corrected'), (v) =>
              registersApi.correctPlan(item.id, { ...planBody(v), version: item.version }),
            )}
          />
        ) : null}
      </Section>

      <Section id="rg-tasks" title={t('plan.tasks')}>
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
                <FoldedForm
                  summary={t('plan.openStatus')}
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
                  onSubmit={submit(t('plan.statusChanged'), (v) =>
                    registersApi.taskStatus(task.id, {
                      status: v.status,
                      note: v.note || undefined,
                      version: task.version,
                    }),
                  )}
                />
              ) : null}
              {task.canCorrect ? (
                <FoldedForm
                  version={task.version}
                  summary={t('plan.taskCorrectOpen')}
                  submitLabel={t('plan.taskCorrectSave')}
                  initial={{
                    title: task.title,
                    responsibleUnitCode: task.responsibleUnit.code,
                    responsiblePerson: task.responsiblePerson,
                    dueOn: task.dueOn,
                  }}
                  fields={taskFields(t, i18n.language, all)}
                  onSubmit={submit(t('plan.taskCorrected'), (v) =>
                    registersApi.correctTask(task.id, {
                      ...taskBody(v),
                      version: task.version,
                    }),
                  )}
                />
              ) : null}
              <WithdrawOrRestore
                target={task}
                canWithdraw={task.canWithdraw}
                canRestore={task.canRestore}
                withdraw={registersApi.withdrawTask}
                restore={registersApi.restoreTask}
                what={t('withdraw.whatTask', { title: task.title })}
                labels={{ withdraw: t('withdraw.openTask'), restore: t('restore.openTask') }}
                onDone={done}
              />
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
              onSubmit={submit(t('plan.taskAdded'), (v) =>
                registersApi.addTask(item.id, taskBody(v)),
              )}
            />
          </>
        ) : null}
      </Section>

      <Section id="rg-reports" title={t('plan.reports')}>
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
                <FoldedForm
                  version={`${r.id}-${item.version}`}
                  summary={t('plan.reportCorrectOpen')}
                  submitLabel={t('plan.reportCorrectSave')}
                  initial={{
                    text: r.text,
                    percent: String(r.percent),
                    reportedOn: r.reportedOn,
                  }}
                  fields={reportFields(t)}
                  onSubmit={submit(t('plan.reportCorrected'), (v) =>
                    registersApi.correctReport(item.id, r.id, {
                      ...reportBody(v),
                      version: item.version,
                    }),
                  )}
                />
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
              fields={reportFields(t)}
              onSubmit={submit(t('plan.reported'), (v) =>
                registersApi.report(item.id, reportBody(v)),
              )}
            />
          </>
        ) : null}
      </Section>

      <RecordWithdrawal
        record={item}
        withdraw={registersApi.withdrawPlan}
        restore={registersApi.restorePlan}
        what={t('withdraw.whatPlan', { title: item.title })}
        withdrawAlong={liveTasks > 0 ? t('withdraw.alongTasks', { count: liveTasks }) : undefined}
        restoreAlong={alongTasks > 0 ? t('restore.alongTasks', { count: alongTasks }) : undefined}
        onDone={done}
      />

      <History entries={item.history} />
    </RecordFrame>
  );
}
