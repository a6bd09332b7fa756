import './registers.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { CONCLUSION_KINDS, type InspectionDetail, registersApi } from './api.js';
import {
  BASE,
  day,
  FileLinks,
  History,
  OverdueBadge,
  RegistersNav,
  StateBadge,
  useUnits,
} from './Bits.js';
import { inspectionFields, recommendationFields } from './fields.js';
import { RegisterForm } from './RegisterForm.js';
import {
  Notice,
  RestoreAction,
  WithdrawAction,
  WithdrawnMark,
  WithdrawnNotice,
} from './Withdraw.js';

/**
 * `/quan-tri/so-theo-doi/thanh-tra/:id` — one inspection: plan, the written record it ended in,
 * its recommendations followed to closure, its history, and the next step for the user; for the
 * reform office, the correction of the plan until the conclusion, of an open recommendation,
 * and the withdrawal of what was entered by mistake.
 */
export default function InspectionPage() {
  const { t, i18n } = useTranslation('registers');
  const { id = '' } = useParams();
  const location = useLocation();
  const [item, setItem] = useState<InspectionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice ?? null,
  );
  const [busy, setBusy] = useState(false);
  const { all, covered } = useUnits(['reform_office']);

  const load = useCallback(() => {
    registersApi
      .inspection(id)
      .then(setItem, (e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [id]);
  useEffect(load, [load]);

  const done = (next: InspectionDetail, text: string) => {
    setItem(next);
    setNotice(text);
  };

  if (error)
    return (
      <div className="rg">
        <PageTitle title={t('inspection.one')} />
        <Alert tone="error">{error}</Alert>
        <Link to={`${BASE}/thanh-tra`}>{t('common.back')}</Link>
      </div>
    );
  if (!item) return <Skeleton lines={6} label={t('list.loading')} />;
  const liveRecommendations = item.recommendations.filter((r) => !r.withdrawn).length;
  // Those withdrawn with the inspection come back with it.
  const alongRecommendations = item.withdrawn
    ? item.recommendations.filter((r) => r.withdrawn?.along).length
    : 0;

  return (
    <div className="rg">
      <PageTitle
        title={`${t(`kind.${item.kind}`)}: ${item.inspectedUnit.name}`}
        subtitle={t('inspection.one')}
      />
      <RegistersNav />
      <p>
        <Link to={`${BASE}/thanh-tra`}>{t('common.back')}</Link>
      </p>
      <Notice text={notice} />
      <WithdrawnNotice withdrawn={item.withdrawn} />
      <section className="rg-section" aria-labelledby="rg-facts">
        <h2 id="rg-facts">{t('common.facts')}</h2>
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
                  setNotice(null);
                  setError(isApiError(e) ? e.message : String(e));
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('inspection.start')}
            </Button>
          </p>
        ) : null}
      </section>

      {item.actions.includes('correct') ? (
        <section className="rg-section" aria-labelledby="rg-correct">
          <h2 id="rg-correct">{t('inspection.correct')}</h2>
          <details key={item.version}>
            <summary>{t('inspection.correctOpen')}</summary>
            {item.state === 'planned' ? null : (
              <p className="field-hint">
                {t('inspection.unitFixed', { unit: item.inspectedUnit.name })}
              </p>
            )}
            <RegisterForm
              key={item.version}
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
              onSubmit={async (v) =>
                done(
                  await registersApi.correctInspection(item.id, {
                    inspectedUnitCode: v.inspectedUnitCode,
                    inspectingUnitCode: v.inspectingUnitCode || undefined,
                    inspectingBody: v.inspectingBody,
                    kind: v.kind,
                    plannedOn: v.plannedOn,
                    scope: v.scope,
                    version: item.version,
                  }),
                  t('inspection.corrected'),
                )
              }
            />
          </details>
        </section>
      ) : null}

      {item.conclusion ? (
        <section className="rg-section" aria-labelledby="rg-conclusion">
          <h2 id="rg-conclusion">{t(`conclusion.${item.conclusion.kind}`)}</h2>
          <p>
            <strong>{item.conclusion.number}</strong> — {day(item.conclusion.date)}
          </p>
          <p className="rg-text">{item.conclusion.text}</p>
          <FileLinks files={item.conclusion.files} />
        </section>
      ) : null}

      {item.actions.includes('conclude') ? (
        <section className="rg-section" aria-labelledby="rg-conclude">
          <h2 id="rg-conclude">{t('inspection.conclude')}</h2>
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
            onSubmit={async (v, fileIds) =>
              done(
                await registersApi.conclude(item.id, {
                  fileIds,
                  kind: v.kind,
                  number: v.number,
                  date: v.date,
                  text: v.text,
                  version: item.version,
                }),
                t('inspection.concluded'),
              )
            }
          />
        </section>
      ) : null}

      {item.state === 'concluded' ? (
        <section className="rg-section" aria-labelledby="rg-recs">
          <h2 id="rg-recs">{t('recommendation.title')}</h2>
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
                  <details>
                    <summary>{t('recommendation.report')}</summary>
                    <RegisterForm
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
                      onSubmit={async (v, fileIds) =>
                        done(
                          await registersApi.complete(r.id, {
                            note: v.note,
                            fileIds,
                            version: r.version,
                          }),
                          t('recommendation.completed'),
                        )
                      }
                    />
                  </details>
                ) : null}
                {r.canCorrect ? (
                  <details key={r.version}>
                    <summary>{t('recommendation.correctOpen')}</summary>
                    <RegisterForm
                      key={r.version}
                      submitLabel={t('recommendation.correctSave')}
                      initial={{
                        content: r.content,
                        responsibleUnitCode: r.responsibleUnit.code,
                        dueOn: r.dueOn,
                      }}
                      fields={recommendationFields(t, i18n.language, all)}
                      onSubmit={async (v) =>
                        done(
                          await registersApi.correctRecommendation(r.id, {
                            content: v.content,
                            responsibleUnitCode: v.responsibleUnitCode,
                            dueOn: v.dueOn,
                            version: r.version,
                          }),
                          t('recommendation.corrected'),
                        )
                      }
                    />
                  </details>
                ) : null}
                {r.canWithdraw ? (
                  <WithdrawAction
                    label={t('withdraw.openRecommendation')}
                    what={t('withdraw.whatRecommendation', { content: r.content })}
                    onWithdraw={async (reason) =>
                      done(
                        await registersApi.withdrawRecommendation(r.id, {
                          reason,
                          version: r.version,
                        }),
                        t('withdraw.withdrawn'),
                      )
                    }
                  />
                ) : null}
                {r.canRestore ? (
                  <RestoreAction
                    label={t('restore.openRecommendation')}
                    what={t('withdraw.whatRecommendation', { content: r.content })}
                    onRestore={async (reason) =>
                      done(
                        await registersApi.restoreRecommendation(r.id, {
                          reason,
                          version: r.version,
                        }),
                        t('restore.restored'),
                      )
                    }
                  />
                ) : null}
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
                onSubmit={async (v) =>
                  done(
                    await registersApi.recommend(item.id, {
                      content: v.content,
                      responsibleUnitCode: v.responsibleUnitCode,
                      dueOn: v.dueOn,
                    }),
                    t('recommendation.added'),
                  )
                }
              />
            </>
          ) : null}
        </section>
      ) : null}

      {item.actions.includes('withdraw') ? (
        <section className="rg-section" aria-label={t('withdraw.open')}>
          <WithdrawAction
            what={t('withdraw.whatInspection', {
              kind: t(`kind.${item.kind}`).toLocaleLowerCase(i18n.language),
              unit: item.inspectedUnit.name,
            })}
            along={
              liveRecommendations > 0
                ? t('withdraw.alongRecommendations', { count: liveRecommendations })
                : undefined
            }
            onWithdraw={async (reason) =>
              done(
                await registersApi.withdrawInspection(item.id, { reason, version: item.version }),
                t('withdraw.withdrawn'),
              )
            }
          />
        </section>
      ) : null}

      {item.actions.includes('restore') ? (
        <section className="rg-section" aria-label={t('restore.open')}>
          <RestoreAction
            what={t('withdraw.whatInspection', {
              kind: t(`kind.${item.kind}`).toLocaleLowerCase(i18n.language),
              unit: item.inspectedUnit.name,
            })}
            along={
              alongRecommendations > 0
                ? t('restore.alongRecommendationsCount', { count: alongRecommendations })
                : undefined
            }
            onRestore={async (reason) =>
              done(
                await registersApi.restoreInspection(item.id, { reason, version: item.version }),
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
