import './annual.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary.js';
import { FileDrop } from '../../components/FileDrop.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { type Assessment, type AssessmentItem, annualApi, readPoints, showPoints } from './api.js';

interface Draft {
  self: string;
  evidence: string;
  /** Evidence files already attached that stay attached. */
  kept: number[];
  /** Files chosen now, uploaded on save. */
  files: File[];
  appraised: string;
  reason: string;
}

const fieldId = (kind: string, id: string) => `annual-${kind}-${id.replace(/\W/g, '_')}`;

function draftOf(item: AssessmentItem, lang: 'vi' | 'en'): Draft {
  const text = (v: number | null) => (v === null ? '' : showPoints(v, lang));
  return {
    self: text(item.selfPoints),
    evidence: item.evidence ?? '',
    kept: item.evidenceFileIds,
    files: [],
    appraised: text(item.appraisedPoints ?? item.selfPoints),
    reason: item.appraisalReason ?? '',
  };
}

/**
 * `/quan-tri/chi-so-cchc/:year/:unitCode` — a unit's self-assessment form: per self-assessed
 * sub-criterion a score and evidence, saved as a draft (leaders and specialists of the unit) and
 * submitted by the leader before the deadline; the reform office appraises here during
 * appraisal (other points need a reason). Survey and automatic points show read-only.
 */
export default function AssessmentPage() {
  const { t, i18n } = useTranslation('annual');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { year: yearParam = '', unitCode = '' } = useParams();
  const year = Number(yearParam);
  const toast = useToast();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<Assessment | null>(null);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = useCallback(
    (a: Assessment) => {
      setData(a);
      setDrafts(Object.fromEntries(a.items.map((i) => [i.subcriterionId, draftOf(i, lang)])));
    },
    [lang],
  );
  useEffect(() => {
    annualApi
      .assessment(year, unitCode)
      .then(show, (e: unknown) => setServerError(isApiError(e) ? e.message : String(e)));
  }, [year, unitCode, show]);

  if (!data)
    return serverError ? (
      <Alert tone="error">{serverError}</Alert>
    ) : (
      <Skeleton label={t('loading')} />
    );
  const unitName = lang === 'en' && data.unit.nameEn ? data.unit.nameEn : data.unit.name;
  const selfItems = data.items.filter((i) => i.method === 'self_assessed');
  const set = (id: string, change: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [id]: { ...(d[id] as Draft), ...change } }));

  const refuse = (items: SummaryItem[], message: string | null) => {
    setProblems(items);
    setServerError(message);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };
  const send = async (work: () => Promise<Assessment>, done: string) => {
    setBusy(true);
    try {
      show(await work());
      setProblems([]);
      setServerError(null);
      toast.show(done, 'success');
    } catch (e) {
      refuse([], isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const saveSelf = (then?: () => Promise<Assessment>) => {
    const bad: SummaryItem[] = [];
    const rows = selfItems.map((i) => {
      const d = drafts[i.subcriterionId] as Draft;
      const points = readPoints(d.self);
      if (points !== null && (Number.isNaN(points) || points > i.maxPoints))
        bad.push({
          target: fieldId('self', i.subcriterionId),
          text: t('form.badPoints', { id: i.subcriterionId, max: i.maxPoints }),
        });
      return { item: i, d, points };
    });
    if (bad.length > 0) return refuse(bad, null);
    void send(
      async () => {
        // New evidence files go up first, in one request; their ids join the kept ones.
        const chosen = rows.flatMap((r) =>
          r.d.files.map((file) => ({ id: r.item.subcriterionId, file })),
        );
        const uploaded =
          chosen.length > 0 ? (await annualApi.upload(chosen.map((c) => c.file))).files : [];
        const entries = rows.map((r) => ({
          subcriterionId: r.item.subcriterionId,
          points: r.points,
          evidence: r.d.evidence.trim() || null,
          fileIds: [
            ...r.d.kept,
            ...uploaded.filter((_, k) => chosen[k]?.id === r.item.subcriterionId).map((f) => f.id),
          ],
        }));
        const saved = await annualApi.saveSelf(year, unitCode, entries);
        return then ? then() : saved;
      },
      then ? t('form.submitted') : t('form.saved'),
    );
  };

  const saveAppraisal = () => {
    const bad: SummaryItem[] = [];
    const entries = selfItems.flatMap((i) => {
      const d = drafts[i.subcriterionId] as Draft;
      const points = readPoints(d.appraised);
      if (points === null) return [];
      if (Number.isNaN(points) || points > i.maxPoints)
        bad.push({
          target: fieldId('appraised', i.subcriterionId),
          text: t('form.badPoints', { id: i.subcriterionId, max: i.maxPoints }),
        });
      else if (points !== i.selfPoints && !d.reason.trim())
        bad.push({
          target: fieldId('reason', i.subcriterionId),
          text: t('form.needReason', { id: i.subcriterionId }),
        });
      return [{ subcriterionId: i.subcriterionId, points, reason: d.reason.trim() || null }];
    });
    if (bad.length > 0) return refuse(bad, null);
    if (entries.length === 0) return;
    void send(() => annualApi.appraise(year, unitCode, entries), t('form.appraisedOk'));
  };

  return (
    <div className="annual">
      <PageTitle
        title={t('form.title', { unit: unitName })}
        subtitle={t('form.subtitle', { year: data.year, state: t(`state.${data.state}`) })}
      />
      <ErrorSummary
        items={problems}
        title={t('form.errors')}
        message={serverError}
        summaryRef={summaryRef}
      />
      {data.selfAssessmentDeadline && data.state === 'self_assessment' ? (
        <p>{t('form.deadline', { date: formatDate(data.selfAssessmentDeadline, lang) })}</p>
      ) : null}
      {data.submittedAt ? <Alert tone="info">{t('form.submittedAt')}</Alert> : null}
      {!data.editable && !data.canAppraise && !data.submittedAt ? (
        <Alert tone="info">{t('form.readOnly')}</Alert>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (data.canAppraise) saveAppraisal();
          else if (data.editable) saveSelf();
        }}
      >
        {data.fields.map((f) => (
          <section key={f.id} className="annual-section" aria-labelledby={`annual-field-${f.id}`}>
            <h2 id={`annual-field-${f.id}`}>{t('form.field', { id: f.id, name: f.name[lang] })}</h2>
            {data.items
              .filter((i) => i.fieldId === f.id)
              .map((i) => {
                const d = drafts[i.subcriterionId] as Draft;
                return (
                  <div key={i.subcriterionId} className="annual-item">
                    <h3>
                      {i.subcriterionId} {i.name[lang]}{' '}
                      <span className="field-hint">
                        ({t(`method.${i.method}`)} ·{' '}
                        {t('points', {
                          points: showPoints(i.points, lang),
                          max: showPoints(i.maxPoints, lang),
                        })}
                        )
                      </span>
                    </h3>
                    {i.method === 'self_assessed' ? (
                      <div className="annual-form-grid">
                        <TextField
                          id={fieldId('self', i.subcriterionId)}
                          label={t('form.self', { max: showPoints(i.maxPoints, lang) })}
                          inputMode="decimal"
                          value={d.self}
                          readOnly={!data.editable}
                          onChange={(e) => set(i.subcriterionId, { self: e.target.value })}
                        />
                        <TextField
                          id={fieldId('evidence', i.subcriterionId)}
                          label={t('form.evidence')}
                          hint={data.editable ? t('form.evidenceHint') : undefined}
                          multiline={2}
                          value={d.evidence}
                          readOnly={!data.editable}
                          onChange={(e) => set(i.subcriterionId, { evidence: e.target.value })}
                        />
                        <div>
                          {i.evidenceFiles.length > 0 ? (
                            <ul className="annual-files">
                              {i.evidenceFiles
                                .filter((f) => d.kept.includes(f.id))
                                .map((f) => (
                                  <li key={f.id}>
                                    <a href={annualApi.evidenceUrl(data.year, unitCode, f.id)}>
                                      {f.name}
                                    </a>
                                    {data.editable ? (
                                      <Button
                                        size="small"
                                        variant="ghost"
                                        onClick={() =>
                                          set(i.subcriterionId, {
                                            kept: d.kept.filter((k) => k !== f.id),
                                          })
                                        }
                                      >
                                        {t('form.removeFile')}
                                        <span className="visually-hidden">: {f.name}</span>
                                      </Button>
                                    ) : null}
                                  </li>
                                ))}
                            </ul>
                          ) : null}
                          {data.editable ? (
                            <FileDrop
                              label={t('form.files', { id: i.subcriterionId })}
                              files={d.files}
                              onFilesChange={(files) => set(i.subcriterionId, { files })}
                              multiple
                              accept="application/pdf,.pdf,.jpg,.jpeg,.png,.docx,.xlsx"
                            />
                          ) : null}
                        </div>
                        {data.canAppraise ? (
                          <>
                            <TextField
                              id={fieldId('appraised', i.subcriterionId)}
                              label={t('form.appraised')}
                              inputMode="decimal"
                              value={d.appraised}
                              onChange={(e) => set(i.subcriterionId, { appraised: e.target.value })}
                            />
                            <TextField
                              id={fieldId('reason', i.subcriterionId)}
                              label={t('form.reason')}
                              hint={t('form.reasonHint')}
                              value={d.reason}
                              onChange={(e) => set(i.subcriterionId, { reason: e.target.value })}
                            />
                          </>
                        ) : i.appraisedPoints !== null ? (
                          <p>
                            {t('form.appraised')}: {showPoints(i.appraisedPoints, lang)}
                            {i.appraisalReason ? ` — ${i.appraisalReason}` : ''}
                          </p>
                        ) : null}
                      </div>
                    ) : i.method === 'survey' ? (
                      <p>{t('form.survey', { points: showPoints(i.surveyPoints, lang) })}</p>
                    ) : (
                      <p>
                        {t('form.auto', {
                          points: showPoints(i.autoPoints, lang),
                          rate:
                            i.autoRate === null
                              ? t('form.noRate')
                              : `${showPoints(i.autoRate, lang)}%`,
                        })}
                      </p>
                    )}
                  </div>
                );
              })}
          </section>
        ))}
        <div className="annual-actions">
          {data.editable ? (
            <Button type="submit" busy={busy}>
              {t('form.save')}
            </Button>
          ) : null}
          {data.canSubmit ? (
            <Button
              variant="primary"
              busy={busy}
              onClick={() => saveSelf(() => annualApi.submit(year, unitCode))}
            >
              {t('form.submit')}
            </Button>
          ) : null}
          {data.canAppraise ? (
            <Button type="submit" variant="primary" busy={busy}>
              {t('form.appraise')}
            </Button>
          ) : null}
          {data.state === 'provisional' || data.state === 'final' ? (
            <Link to={`/quan-tri/chi-so-cchc/${data.year}/${encodeURIComponent(unitCode)}/ket-qua`}>
              {t('form.viewResult')}
            </Link>
          ) : null}
        </div>
      </form>
    </div>
  );
}
