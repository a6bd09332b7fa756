import './registers.css';
import { useTranslation } from 'react-i18next';
import { registersApi } from './api.js';
import { BASE, day, FileLinks, History, Section, StateBadge, useUnits } from './Bits.js';
import { initiativeBody, initiativeFields, replicationFields } from './fields.js';
import { RecordFrame, RecordUnavailable } from './RecordFrame.js';
import { FoldedForm, RegisterForm } from './RegisterForm.js';
import { useRegisterRecord } from './useRegisterRecord.js';
import { RecordWithdrawal } from './WithdrawOrRestore.js';

/**
 * `/quan-tri/so-theo-doi/sang-kien/:id` — one initiative: what was filed, the evaluation and
 * decision, where it was replicated, its history, and the reform office's next step.
 */
export default function InitiativePage() {
  const { t, i18n } = useTranslation('registers');
  const { item, error, notice, done, submit } = useRegisterRecord(registersApi.initiative);
  const { all } = useUnits([]);

  if (error || !item)
    return <RecordUnavailable error={error} title={t('initiative.one')} back={BASE} />;
  // An initiative is replicated in units other than its own.
  const others = all.filter((u) => u.id !== item.unit.id);

  return (
    <RecordFrame
      title={item.title}
      subtitle={t('initiative.one')}
      back={BASE}
      notice={notice}
      withdrawn={item.withdrawn}
    >
      <Section id="rg-facts" title={t('common.facts')}>
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
                    <FoldedForm
                      version={`${r.id}-${item.version}`}
                      summary={t('initiative.replicationCorrectOpen', { unit: r.unit.name })}
                      submitLabel={t('initiative.replicationCorrectSave')}
                      initial={{ unitCode: r.unit.code, replicatedOn: r.replicatedOn }}
                      fields={replicationFields(t, i18n.language, others, 'unitCode')}
                      onSubmit={submit(t('initiative.replicationCorrected'), (v) =>
                        registersApi.correctReplication(item.id, r.id, {
                          unitCode: v.unitCode,
                          replicatedOn: v.replicatedOn,
                          version: item.version,
                        }),
                      )}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      {item.actions.includes('correct') ? (
        <Section id="rg-correct" title={t('initiative.correct')}>
          <FoldedForm
            version={item.version}
            summary={t('initiative.correctOpen')}
            submitLabel={t('initiative.correctSave')}
            initial={{
              year: String(item.year),
              title: item.title,
              summary: item.summary,
              authors: item.authors,
            }}
            fields={initiativeFields(t)}
            onSubmit={submit(t('initiative.corrected'), (v) =>
              registersApi.correct(item.id, {
                ...initiativeBody(v),
                version: item.version,
              }),
            )}
          />
        </Section>
      ) : null}

      {item.actions.includes('evaluate') ? (
        <Section id="rg-evaluate" title={t('initiative.evaluate')}>
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
            onSubmit={submit(t('initiative.evaluated'), (v) =>
              registersApi.evaluate(item.id, {
                score: Number(v.score),
                comment: v.comment,
                version: item.version,
              }),
            )}
          />
        </Section>
      ) : null}

      {item.actions.includes('decide') ? (
        <Section id="rg-decide" title={t('initiative.decide')}>
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
            onSubmit={submit(t('initiative.decided'), (v) =>
              registersApi.decide(item.id, {
                recognised: v.recognised === 'yes',
                note: v.note || undefined,
                version: item.version,
              }),
            )}
          />
        </Section>
      ) : null}

      {item.actions.includes('replicate') ? (
        <Section id="rg-replicate" title={t('initiative.replicate')}>
          <RegisterForm
            submitLabel={t('initiative.replicate')}
            reset
            fields={replicationFields(t, i18n.language, others, 'unitCodes')}
            onSubmit={submit(t('initiative.replicated'), (v) =>
              registersApi.replicate(item.id, {
                unitCodes: [v.unitCodes],
                replicatedOn: v.replicatedOn,
              }),
            )}
          />
        </Section>
      ) : null}

      <RecordWithdrawal
        record={item}
        withdraw={registersApi.withdrawInitiative}
        restore={registersApi.restoreInitiative}
        what={t('withdraw.whatInitiative', { title: item.title })}
        onDone={done}
      />

      <History entries={item.history} />
    </RecordFrame>
  );
}
