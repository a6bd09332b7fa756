import './registers.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { type InitiativeDetail, registersApi } from './api.js';
import {
  BASE,
  day,
  FileLinks,
  History,
  RegistersNav,
  StateBadge,
  unitOptions,
  useUnits,
  yearOptions,
} from './Bits.js';
import { RegisterForm } from './RegisterForm.js';
import { Notice, RestoreAction, WithdrawAction, WithdrawnNotice } from './Withdraw.js';

/**
 * `/quan-tri/so-theo-doi/sang-kien/:id` — one initiative: what was filed, the evaluation and
 * decision, where it was replicated, its history, and the reform office's next step.
 */
export default function InitiativePage() {
  const { t, i18n } = useTranslation('registers');
  const { id = '' } = useParams();
  const location = useLocation();
  const [item, setItem] = useState<InitiativeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice ?? null,
  );
  const { all } = useUnits([]);

  const load = useCallback(() => {
    registersApi
      .initiative(id)
      .then(setItem, (e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [id]);
  useEffect(load, [load]);

  const done = (next: InitiativeDetail, text: string) => {
    setItem(next);
    setNotice(text);
  };

  if (error)
    return (
      <div className="rg">
        <PageTitle title={t('initiative.one')} />
        <Alert tone="error">{error}</Alert>
        <Link to={BASE}>{t('common.back')}</Link>
      </div>
    );
  if (!item) return <Skeleton lines={6} label={t('list.loading')} />;

  return (
    <div className="rg">
      <PageTitle title={item.title} subtitle={t('initiative.one')} />
      <RegistersNav />
      <p>
        <Link to={BASE}>{t('common.back')}</Link>
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
          <dt>{t('initiative.unit')}</dt>
          <dd>{item.unit.name}</dd>
          <dt>{t('common.year')}</dt>
          <dd>{item.year}</dd>
          <dt>{t('initiative.authors')}</dt>
          <dd>{item.authors}</dd>
          <dt>{t('initiative.score')}</dt>
          <dd>{item.score ?? '—'}</dd>
        </dl>
        <h3>{t('initiative.summary')}</h3>
        <p className="rg-text">{item.summary}</p>
        {item.evaluationComment ? (
          <>
            <h3>{t('initiative.comment')}</h3>
            <p className="rg-text">{item.evaluationComment}</p>
          </>
        ) : null}
        {item.files.length > 0 ? (
          <>
            <h3>{t('common.files')}</h3>
            <FileLinks files={item.files} />
          </>
        ) : null}
        {item.replications.length > 0 ? (
          <>
            <h3>{t('initiative.replications')}</h3>
            <ul>
              {item.replications.map((r) => (
                <li key={r.id}>
                  {r.unit.name} — {day(r.replicatedOn)}
                  {/* While replications may be recorded, the reform office corrects one. */}
                  {item.actions.includes('replicate') ? (
                    <details key={`${r.id}-${item.version}`}>
                      <summary>
                        {t('initiative.replicationCorrectOpen', { unit: r.unit.name })}
                      </summary>
                      <RegisterForm
                        submitLabel={t('initiative.replicationCorrectSave')}
                        initial={{ unitCode: r.unit.code, replicatedOn: r.replicatedOn }}
                        fields={[
                          {
                            name: 'unitCode',
                            label: t('initiative.replicatedIn'),
                            kind: 'select',
                            required: true,
                            options: unitOptions(
                              all.filter((u) => u.id !== item.unit.id),
                              i18n.language,
                            ),
                          },
                          {
                            name: 'replicatedOn',
                            label: t('initiative.replicatedOn'),
                            kind: 'date',
                            required: true,
                          },
                        ]}
                        onSubmit={async (v) =>
                          done(
                            await registersApi.correctReplication(item.id, r.id, {
                              unitCode: v.unitCode,
                              replicatedOn: v.replicatedOn,
                              version: item.version,
                            }),
                            t('initiative.replicationCorrected'),
                          )
                        }
                      />
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {item.actions.includes('correct') ? (
        <section className="rg-section" aria-labelledby="rg-correct">
          <h2 id="rg-correct">{t('initiative.correct')}</h2>
          {/* A new version (saved) closes the form again. */}
          <details key={item.version}>
            <summary>{t('initiative.correctOpen')}</summary>
            <RegisterForm
              key={item.version}
              submitLabel={t('initiative.correctSave')}
              initial={{
                year: String(item.year),
                title: item.title,
                summary: item.summary,
                authors: item.authors,
              }}
              fields={[
                {
                  name: 'year',
                  label: t('common.year'),
                  kind: 'select',
                  required: true,
                  options: yearOptions(),
                },
                { name: 'title', label: t('initiative.title'), required: true },
                {
                  name: 'summary',
                  label: t('initiative.summary'),
                  kind: 'textarea',
                  required: true,
                },
                { name: 'authors', label: t('initiative.authors'), required: true },
              ]}
              onSubmit={async (v) =>
                done(
                  await registersApi.correct(item.id, {
                    year: Number(v.year),
                    title: v.title,
                    summary: v.summary,
                    authors: v.authors,
                    version: item.version,
                  }),
                  t('initiative.corrected'),
                )
              }
            />
          </details>
        </section>
      ) : null}

      {item.actions.includes('evaluate') ? (
        <section className="rg-section" aria-labelledby="rg-evaluate">
          <h2 id="rg-evaluate">{t('initiative.evaluate')}</h2>
          <RegisterForm
            submitLabel={t('initiative.evaluate')}
            initial={{
              score: item.score === null ? '' : String(item.score),
              comment: item.evaluationComment ?? '',
            }}
            fields={[
              {
                name: 'score',
                label: t('initiative.score'),
                kind: 'number',
                required: true,
                min: 0,
                max: 100,
                step: '0.01',
                hint: t('initiative.scoreHint'),
              },
              { name: 'comment', label: t('initiative.comment'), kind: 'textarea', required: true },
            ]}
            onSubmit={async (v) =>
              done(
                await registersApi.evaluate(item.id, {
                  score: Number(v.score),
                  comment: v.comment,
                  version: item.version,
                }),
                t('initiative.evaluated'),
              )
            }
          />
        </section>
      ) : null}

      {item.actions.includes('decide') ? (
        <section className="rg-section" aria-labelledby="rg-decide">
          <h2 id="rg-decide">{t('initiative.decide')}</h2>
          <RegisterForm
            submitLabel={t('initiative.decide')}
            fields={[
              {
                name: 'recognised',
                label: t('initiative.decision'),
                kind: 'select',
                required: true,
                options: [
                  { value: 'yes', label: t('state.recognised') },
                  { value: 'no', label: t('state.not_recognised') },
                ],
              },
              {
                name: 'note',
                label: t('common.note'),
                kind: 'textarea',
                hint: t('initiative.noteHint'),
              },
            ]}
            onSubmit={async (v) =>
              done(
                await registersApi.decide(item.id, {
                  recognised: v.recognised === 'yes',
                  note: v.note || undefined,
                  version: item.version,
                }),
                t('initiative.decided'),
              )
            }
          />
        </section>
      ) : null}

      {item.actions.includes('replicate') ? (
        <section className="rg-section" aria-labelledby="rg-replicate">
          <h2 id="rg-replicate">{t('initiative.replicate')}</h2>
          <RegisterForm
            submitLabel={t('initiative.replicate')}
            reset
            fields={[
              {
                name: 'unitCodes',
                label: t('initiative.replicatedIn'),
                kind: 'select',
                required: true,
                options: unitOptions(
                  all.filter((u) => u.id !== item.unit.id),
                  i18n.language,
                ),
              },
              {
                name: 'replicatedOn',
                label: t('initiative.replicatedOn'),
                kind: 'date',
                required: true,
              },
            ]}
            onSubmit={async (v) =>
              done(
                await registersApi.replicate(item.id, {
                  unitCodes: [v.unitCodes],
                  replicatedOn: v.replicatedOn,
                }),
                t('initiative.replicated'),
              )
            }
          />
        </section>
      ) : null}

      {item.actions.includes('withdraw') ? (
        <section className="rg-section" aria-label={t('withdraw.open')}>
          <WithdrawAction
            what={t('withdraw.whatInitiative', { title: item.title })}
            onWithdraw={async (reason) =>
              done(
                await registersApi.withdrawInitiative(item.id, { reason, version: item.version }),
                t('withdraw.withdrawn'),
              )
            }
          />
        </section>
      ) : null}

      {item.actions.includes('restore') ? (
        <section className="rg-section" aria-label={t('restore.open')}>
          <RestoreAction
            what={t('withdraw.whatInitiative', { title: item.title })}
            onRestore={async (reason) =>
              done(
                await registersApi.restoreInitiative(item.id, { reason, version: item.version }),
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
