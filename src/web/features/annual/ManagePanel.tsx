import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { annualApi, type Contest, CYCLE_STATES, type Cycle, readPoints } from './api.js';

const message = (e: unknown) => (isApiError(e) ? e.message : String(e));

/** Details of a refused request worth showing: a framework's problems or a CSV's bad cells. */
function detailLines(e: unknown): string[] {
  if (!isApiError(e)) return [];
  const d = e.details as
    | {
        problems?: Array<{ path: string; message: string }>;
        issues?: Array<{ row?: number; column?: string; path?: string; message?: string }>;
      }
    | undefined;
  if (d?.problems) return d.problems.map((p) => `${p.path}: ${p.message}`);
  if (d?.issues)
    return d.issues.map((i) =>
      [i.row, i.column ?? i.path, i.message].filter((x) => x !== undefined).join(' · '),
    );
  return [];
}

export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const lines = detailLines(error);
  return (
    <Alert tone="error" title={message(error)}>
      {lines.length > 0 ? (
        <ul>
          {lines.slice(0, 30).map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

/** The reform office's controls: load the framework, move the cycle on, survey and automatic points. */
export function ManagePanel({
  cycle,
  year,
  onChanged,
}: {
  cycle: Cycle | null;
  year?: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation('annual');
  const { hasRole } = useAuth();
  const toast = useToast();
  const y = cycle?.year ?? year ?? new Date().getFullYear();
  const [json, setJson] = useState('');
  const [csv, setCsv] = useState('');
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!cycle && !hasRole('reform_office')) return null;
  const next = cycle ? CYCLE_STATES[CYCLE_STATES.indexOf(cycle.state) + 1] : undefined;
  const needsDeadline = next === 'self_assessment' || next === 'provisional';

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      toast.show(await work(), 'success');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const load = () =>
    run(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        throw new Error(t('cycle.badJson'));
      }
      await annualApi.importFramework(y, parsed);
      return t('cycle.loaded');
    });

  return (
    <section className="annual-section" aria-labelledby="annual-manage">
      <h2 id="annual-manage">{t('cycle.manage')}</h2>
      <Problem error={error} />
      {next && cycle ? (
        <form
          className="annual-form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await annualApi.advance(y, {
                to: next,
                ...(next === 'self_assessment' ? { selfAssessmentDeadline: deadline } : {}),
                ...(next === 'provisional' ? { contestDeadline: deadline } : {}),
              });
              setDeadline('');
              return t('cycle.advanced', { state: t(`state.${next}`) });
            });
          }}
        >
          <p>{t('cycle.next', { state: t(`state.${next}`) })}</p>
          {needsDeadline ? (
            <TextField
              label={t('cycle.deadlineField')}
              type="date"
              required
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
            />
          ) : null}
          <div className="annual-actions">
            <Button type="submit" variant="primary" busy={busy}>
              {t('cycle.advance')}
            </Button>
          </div>
        </form>
      ) : null}
      {!cycle || cycle.state === 'draft' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void load();
          }}
        >
          <h3>{t('cycle.importFramework')}</h3>
          <TextField
            label={t('cycle.frameworkJson')}
            hint={t('cycle.frameworkHint')}
            multiline={6}
            value={json}
            onChange={(e) => setJson(e.target.value)}
            required
          />
          <div className="annual-actions">
            <Button type="submit" busy={busy}>
              {t('cycle.load')}
            </Button>
          </div>
        </form>
      ) : null}
      {cycle?.state === 'appraisal' ? (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const r = await annualApi.survey(y, csv);
                setCsv('');
                return t('cycle.imported', { count: r.imported });
              });
            }}
          >
            <h3>{t('cycle.survey')}</h3>
            <TextField
              label={t('cycle.surveyCsv')}
              multiline={4}
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
              required
            />
            <div className="annual-actions">
              <Button type="submit" busy={busy}>
                {t('cycle.importSurvey')}
              </Button>
            </div>
          </form>
          <div className="annual-actions">
            <Button
              busy={busy}
              onClick={() =>
                void run(async () => {
                  await annualApi.automatic(y);
                  return t('cycle.computed');
                })
              }
            >
              {t('cycle.automatic')}
            </Button>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** Contests of the provisional results, each open one with an answer form. */
export function ContestAnswers({ year, onChanged }: { year: number; onChanged: () => void }) {
  const { t } = useTranslation('annual');
  const toast = useToast();
  const [contests, setContests] = useState<Contest[]>([]);
  const [drafts, setDrafts] = useState<
    Record<number, { decision: string; answer: string; points: string }>
  >({});
  const [error, setError] = useState<unknown>(null);
  const reload = () => annualApi.contests(year).then((r) => setContests(r.contests), setError);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload reads only `year`.
  useEffect(() => {
    void reload();
  }, [year]);
  if (contests.length === 0 && !error) return null;
  const draft = (id: number) => drafts[id] ?? { decision: 'upheld', answer: '', points: '' };
  const set = (id: number, change: Partial<ReturnType<typeof draft>>) =>
    setDrafts({ ...drafts, [id]: { ...draft(id), ...change } });
  return (
    <section className="annual-section" aria-labelledby="annual-contests">
      <h2 id="annual-contests">{t('cycle.contestList')}</h2>
      <Problem error={error} />
      <ul className="annual-units">
        {contests.map((c) => (
          <li key={c.id}>
            <strong>
              {c.unitName} — {c.subcriterionId}
            </strong>
            <span>{c.reason}</span>
            {c.state === 'open' ? (
              <form
                className="annual-form-grid"
                onSubmit={(e) => {
                  e.preventDefault();
                  const d = draft(c.id);
                  const points = readPoints(d.points);
                  annualApi
                    .answer(year, c.id, {
                      decision: d.decision as 'upheld' | 'rejected',
                      answer: d.answer,
                      ...(d.decision === 'upheld' && points !== null ? { points } : {}),
                    })
                    .then(() => {
                      toast.show(t('cycle.answered'), 'success');
                      void reload();
                      onChanged();
                    }, setError);
                }}
              >
                <Select
                  label={t('cycle.contestAnswer')}
                  value={draft(c.id).decision}
                  options={[
                    { value: 'upheld', label: t('cycle.upheld') },
                    { value: 'rejected', label: t('cycle.rejected') },
                  ]}
                  onChange={(e) => set(c.id, { decision: e.target.value })}
                />
                {draft(c.id).decision === 'upheld' ? (
                  <TextField
                    label={t('cycle.newPoints')}
                    inputMode="decimal"
                    value={draft(c.id).points}
                    onChange={(e) => set(c.id, { points: e.target.value })}
                  />
                ) : null}
                <TextField
                  label={t('cycle.answerText')}
                  value={draft(c.id).answer}
                  onChange={(e) => set(c.id, { answer: e.target.value })}
                  required
                />
                <div className="annual-actions">
                  <Button type="submit">{t('cycle.contestAnswer')}</Button>
                </div>
              </form>
            ) : (
              <span className="field-hint">
                {t(`cycle.${c.state}`)}: {c.answer}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
