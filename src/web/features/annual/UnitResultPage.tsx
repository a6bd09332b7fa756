import './annual.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { groupLabel, signed } from './AnnualBits.js';
import { type Assessment, annualApi, type Contest, type RankedUnit, showPoints } from './api.js';

type Result = RankedUnit & {
  year: number;
  stage: 'preview' | 'provisional' | 'final';
  publishedAt: string | null;
};
type FieldRow = RankedUnit['fields'][number];

/**
 * `/quan-tri/chi-so-cchc/:year/:unitCode/ket-qua` — a unit's result: total, rank among peers,
 * band, change against last year and the sub-criteria behind it, points and rank per field;
 * during provisional results the unit's leader may contest a sub-criterion here.
 */
export default function UnitResultPage() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { year: yearParam = '', unitCode = '' } = useParams();
  const year = Number(yearParam);
  const { hasRole } = useAuth();
  const toast = useToast();
  const [result, setResult] = useState<Result | null>(null);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [contestDeadline, setContestDeadline] = useState<string | null>(null);
  const [contests, setContests] = useState<Contest[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sub, setSub] = useState('');
  const [reason, setReason] = useState('');

  useEffect(() => {
    const fail = (e: unknown) => setError(isApiError(e) ? e.message : String(e));
    annualApi.unitResult(year, unitCode).then(setResult, fail);
    annualApi.assessment(year, unitCode).then(setAssessment, () => undefined);
    annualApi.contests(year).then(
      (r) => setContests(r.contests.filter((c) => c.unitCode === unitCode)),
      () => undefined,
    );
    annualApi.results(year).then(
      (r) => setContestDeadline(r.contestDeadline),
      () => undefined,
    );
  }, [year, unitCode]);

  if (!result)
    return error ? <Alert tone="error">{error}</Alert> : <Skeleton label={t('loading')} />;
  const name = lang === 'en' && result.nameEn ? result.nameEn : result.name;
  const columns: Column<FieldRow>[] = [
    {
      key: 'field',
      header: t('result.field'),
      rowHeader: true,
      render: (f) => `${f.fieldId}. ${f.name[lang]}`,
    },
    {
      key: 'points',
      header: t('result.fieldPoints'),
      align: 'end',
      render: (f) => `${showPoints(f.points, lang)}/${showPoints(f.max, lang)}`,
    },
    {
      key: 'rank',
      header: t('result.fieldRank'),
      align: 'end',
      render: (f) => `${f.rank}/${f.of}`,
    },
  ];
  const canContest = result.stage === 'provisional' && hasRole('leader') && assessment !== null;

  return (
    <div className="annual">
      <PageTitle
        title={t('result.title', { unit: name })}
        subtitle={`${result.year} — ${t(`stage.${result.stage}`)}`}
      />
      {result.publishedAt ? (
        <p className="field-hint">
          {t('public.publishedOn', { date: formatDate(result.publishedAt, lang) })}
        </p>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <section className="annual-section" aria-labelledby="annual-summary">
        <h2 id="annual-summary">{groupLabel(result.peerGroup, t)}</h2>
        <dl className="annual-facts">
          <div>
            <dt>{t('result.total')}</dt>
            <dd>
              {t('points', {
                points: showPoints(result.total, lang),
                max: showPoints(result.max, lang),
              })}
            </dd>
          </div>
          <div>
            <dt>{t('result.rank')}</dt>
            <dd>
              {result.rank}/{result.of}
            </dd>
          </div>
          <div>
            <dt>{t('result.band')}</dt>
            <dd>{result.band ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('result.change')}</dt>
            <dd>
              {result.change
                ? t('public.change', {
                    score: signed(result.change.score, lang),
                    text: result.change.text[lang],
                  })
                : t('public.noPrevious')}
            </dd>
          </div>
        </dl>
      </section>
      {result.change ? (
        <section className="annual-section" aria-labelledby="annual-why">
          <h2 id="annual-why">{t('result.explanation')}</h2>
          {result.explanation.length === 0 ? (
            <p>{t('result.explanationNone')}</p>
          ) : (
            <ul>
              {result.explanation.map((e) => (
                <li key={e.subcriterionId}>
                  {t('result.explanationLine', {
                    id: e.subcriterionId,
                    name: e.name[lang],
                    previous: showPoints(e.previous, lang),
                    current: showPoints(e.current, lang),
                    delta: signed(e.delta, lang),
                  })}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section className="annual-section" aria-labelledby="annual-fields">
        <h2 id="annual-fields">{t('result.fields')}</h2>
        <DataTable
          caption={t('result.fields')}
          captionHidden
          columns={columns}
          rows={result.fields}
          rowKey={(f) => f.fieldId}
        />
      </section>
      {contests.length > 0 ? (
        <section className="annual-section" aria-labelledby="annual-contests">
          <h2 id="annual-contests">{t('result.contests')}</h2>
          <ul>
            {contests.map((c) => (
              <li key={c.id}>
                {c.subcriterionId}: {c.reason} —{' '}
                {c.state === 'open'
                  ? t('result.contestOpen')
                  : `${t(`cycle.${c.state}`)}${c.newPoints !== null ? ` (${showPoints(c.newPoints, lang)})` : ''}: ${c.answer ?? ''}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canContest && assessment ? (
        <section className="annual-section" aria-labelledby="annual-contest">
          <h2 id="annual-contest">{t('result.contest')}</h2>
          {contestDeadline ? (
            <p>{t('result.contestHint', { date: formatDate(contestDeadline, lang) })}</p>
          ) : null}
          <form
            className="annual-form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              annualApi.contest(year, unitCode, { subcriterionId: sub, reason }).then(
                (sent) => {
                  setContests((list) => [...list, sent]);
                  toast.show(t('result.sent'), 'success');
                  setReason('');
                  setError(null);
                },
                (err: unknown) => setError(isApiError(err) ? err.message : String(err)),
              );
            }}
          >
            <Select
              label={t('result.subcriterion')}
              required
              placeholder="—"
              value={sub}
              options={assessment.items.map((i) => ({
                value: i.subcriterionId,
                label: `${i.subcriterionId} ${i.name[lang]}`,
              }))}
              onChange={(e) => setSub(e.target.value)}
            />
            <TextField
              label={t('result.reason')}
              required
              multiline={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <div className="annual-actions">
              <Button type="submit" variant="primary">
                {t('result.send')}
              </Button>
            </div>
          </form>
        </section>
      ) : null}
    </div>
  );
}
