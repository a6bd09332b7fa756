import './registers.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.js';
import { CONCLUSION_KINDS, registersApi } from './api.js';
import {
  BASE,
  day,
  FileLinks,
  History,
  OverdueBadge,
  Section,
  StateBadge,
  useUnits,
} from './Bits.js';
import {
  inspectionBody,
  inspectionFields,
  recommendationBody,
  recommendationFields,
} from './fields.js';
import { RecordFrame, RecordUnavailable } from './RecordFrame.js';
import { FoldedForm, RegisterForm } from './RegisterForm.js';
import { useRegisterRecord } from './useRegisterRecord.js';
import { WithdrawnMark } from './Withdraw.js';
import { RecordWithdrawal, WithdrawOrRestore } from './WithdrawOrRestore.js';

/**
 * `/quan-tri/so-theo-doi/thanh-tra/:id` — one inspection: plan, the written record it ended in,
 * its recommendations followed to closure, its history, and the next step for the user; for the
 * reform office, the correction of the plan until the conclusion, of an open recommendation,
 * and the withdrawal of what was entered by mistake.
 */
export default function InspectionPage() {
  const { t, i18n } = useTranslation('registers');
  const { item, error, notice, done, fail, submit } = useRegisterRecord(registersApi.inspection);
  const [busy, setBusy] = useState(false);
  const { all, covered } = useUnits(['reform_office']);

  if (error || !item)
    return (
      <RecordUnavailable error={error} title={t('inspection.one')} back={`${BASE}/thanh-tra`} />
    );
  const liveRecommendations = item.recommendations.filter((r) => !r.withdrawn).length;
  // Those withdrawn with the inspection come back with it.
  const alongRecommendations = item.withdrawn
    ? item.recommendations.filter((r) => r.withdrawn?.along).length
    : 0;

  return (
    <RecordFrame
      title={`${t(`kind.${item.kind}`)}: ${item.inspectedUnit.name}`}
      subtitle={t('inspection.one')}
      back={`${BASE}/thanh-tra`}
      notice={notice}
      withdrawn={item.withdrawn}
    >
      <Section id="rg-facts" title={t('common.facts')}>
        <dl className="facts">
          <dt>{t('common.state')}</dt>
          <dd>
            <StateBadge state={item.state} />
          </dd>
          <dt>{t('inspection.body')}</dt>
          <dd>
            {item.inspectingBody}
            {item.inspectingUnit ? ` (${item.inspectingUnit.name})` : ''}
          </dd>
          <dt>{t('inspection.plannedOn')}</dt>
          <dd>{day(item.plannedOn)}</dd>
        </dl>
        <h3>{t('inspection.scope')}</h3>
        <p className="rg-text">{item.scope}</p>
        {item.actions.includes('start') ? (
          <p className="actions">
            <Button
              busy={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  done(await registersApi.start(item.id, item.version), t('inspection.started'));
                } catch (e) {
                  fail(e);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('inspection.start')}
            </Button>
          </p>
        ) : null}
      </Section>

      {item.actions.includes('correct') ? (
        <Section id="rg-correct" title={t('inspection.correct')}>
          <FoldedForm
            version={item.version}
            summary={t('inspection.correctOpen')}
            hint={
              item.state === 'planned' ? null : (
                <p className="field-hint">
                  {t('inspection.unitFixed', { unit: item.inspectedUnit.name })}
                </p>
              )
            }
            submitLabel={t('inspection.correctSave')}
            initial={{
              inspectedUnitCode: item.inspectedUnit.code,
              inspectingBody: item.inspectingBody,
              inspectingUnitCode: item.inspectingUnit?.code ?? '',
              kind: item.kind,
              plannedOn: item.plannedOn,
              scope: item.scope,
            }}
            fields={inspectionFields(
              t,
              i18n.language,
              item.state === 'planned' ? covered : null,
              all,
            )}
            onSubmit={submit(t('inspection.corrected'), (v) =>
              registersApi.correctInspection(item.id, {
                ...inspectionBody(v),
                version: item.version,
              }),
            )}
          />
        </Section>
      ) : null}

      {item.conclusion ? (
        <Section id="rg-conclusion" title={t(`conclusion.${item.conclusion.kind}`)}>
          <p>
            <strong>{item.conclusion.number}</strong> — {day(item.conclusion.date)}
          </p>
          <p className="rg-text">{item.conclusion.text}</p>
          <FileLinks files={item.conclusion.files} />
        </Section>
      ) : null}

      {item.actions.includes('conclude') ? (
        <Section id="rg-conclude" title={t('inspection.conclude')}>
          <p className="field-hint">{t('inspection.concludeHint')}</p>
          <RegisterForm
            submitLabel={t('inspection.conclude')}
            filesLabel={t('common.attach')}
            fields={[
              {
                name: 'kind',
                label: t('inspection.recordKind'),
                kind: 'select',
                required: true,
                options: CONCLUSION_KINDS.map((k) => ({ value: k, label: t(`conclusion.${k}`) })),
              },
              { name: 'number', label: t('inspection.recordNumber'), required: true },
              { name: 'date', label: t('inspection.recordDate'), kind: 'date', required: true },
              { name: 'text', label: t('inspection.recordText'), kind: 'textarea', required: true },
            ]}
            onSubmit={submit(t('inspection.concluded'), (v, fileIds) =>
              registersApi.conclude(item.id, {
                fileIds,
                kind: v.kind,
                number: v.number,
                date: v.date,
                text: v.text,
                version: item.version,
              }),
            )}
          />
        </Section>
      ) : null}

      {item.state === 'concluded' ? (
        <Section id="rg-recs" title={t('recommendation.title')}>
          {item.recommendations.length === 0 ? <p>{t('recommendation.none')}</p> : null}
          <ul className="rg-list">
            {item.recommendations.map((r) => (
              <li key={r.id}>
                <p className="rg-text">{r.content}</p>
                <p>
                  <StateBadge state={r.state} /> <OverdueBadge days={r.daysOverdue} />{' '}
                  <WithdrawnMark withdrawn={r.withdrawn} />
                </p>
                <p className="field-hint">
                  {r.responsibleUnit.name} · {t('common.due')} {day(r.dueOn)}
                </p>
                {r.doneNote ? <p className="rg-text">{r.doneNote}</p> : null}
                <FileLinks files={r.files} />
                {r.canComplete ? (
                  <FoldedForm
                    summary={t('recommendation.report')}
                    submitLabel={t('recommendation.complete')}
                    filesLabel={t('recommendation.evidence')}
                    fields={[
                      {
                        name: 'note',
                        label: t('recommendation.note'),
                        kind: 'textarea',
                        required: true,
                      },
                    ]}
                    onSubmit={submit(t('recommendation.completed'), (v, fileIds) =>
                      registersApi.complete(r.id, {
                        note: v.note,
                        fileIds,
                        version: r.version,
                      }),
                    )}
                  />
                ) : null}
                {r.canCorrect ? (
                  <FoldedForm
                    version={r.version}
                    summary={t('recommendation.correctOpen')}
                    submitLabel={t('recommendation.correctSave')}
                    initial={{
                      content: r.content,
                      responsibleUnitCode: r.responsibleUnit.code,
                      dueOn: r.dueOn,
                    }}
                    fields={recommendationFields(t, i18n.language, all)}
                    onSubmit={submit(t('recommendation.corrected'), (v) =>
                      registersApi.correctRecommendation(r.id, {
                        ...recommendationBody(v),
                        version: r.version,
                      }),
                    )}
                  />
                ) : null}
                <WithdrawOrRestore
                  target={r}
                  canWithdraw={r.canWithdraw}
                  canRestore={r.canRestore}
                  withdraw={registersApi.withdrawRecommendation}
                  restore={registersApi.restoreRecommendation}
                  what={t('withdraw.whatRecommendation', { content: r.content })}
                  labels={{
                    withdraw: t('withdraw.openRecommendation'),
                    restore: t('restore.openRecommendation'),
                  }}
                  onDone={done}
                />
              </li>
            ))}
          </ul>
          {item.actions.includes('recommend') ? (
            <>
              <h3>{t('recommendation.add')}</h3>
              <RegisterForm
                submitLabel={t('recommendation.add')}
                reset
                fields={recommendationFields(t, i18n.language, all)}
                onSubmit={submit(t('recommendation.added'), (v) =>
                  registersApi.recommend(item.id, recommendationBody(v)),
                )}
              />
            </>
          ) : null}
        </Section>
      ) : null}

      <RecordWithdrawal
        record={item}
        withdraw={registersApi.withdrawInspection}
        restore={registersApi.restoreInspection}
        what={t('withdraw.whatInspection', {
          kind: t(`kind.${item.kind}`).toLocaleLowerCase(i18n.language),
          unit: item.inspectedUnit.name,
        })}
        withdrawAlong={
          liveRecommendations > 0
            ? t('withdraw.alongRecommendations', { count: liveRecommendations })
            : undefined
        }
        restoreAlong={
          alongRecommendations > 0
            ? t('restore.alongRecommendationsCount', { count: alongRecommendations })
            : undefined
        }
        onDone={done}
      />

      <History entries={item.history} />
    </RecordFrame>
  );
}
