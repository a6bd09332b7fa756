import './publicinfo.css';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { isoInVietnam } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { unitOptionLabel } from '../../unitScope.js';
import {
  managedUnits,
  type PlanPreview,
  publicInfoApi,
  type Session,
  type StaffUnit,
} from './api.js';
import { DeletedSessionsSection } from './DeletedSessionsSection.js';
import { formatSessionDate } from './format.js';
import { type FieldProblem, fieldProblems, problemText } from './problems.js';
import { ReceptionStatsSection } from './ReceptionStatsSection.js';
import { SessionActionDialog, type SessionDialogAction } from './SessionActionDialog.js';
import { SessionSummary } from './SessionCard.js';
import { SessionDeleteDialog } from './SessionDeleteDialog.js';
import { SessionEditDialog } from './SessionEditDialog.js';
import { SessionFields } from './SessionFields.js';

interface Draft {
  unitId: string;
  mode: 'rule' | 'single';
  rule: string;
  year: string;
  date: string;
  leaderName: string;
  leaderTitle: string;
  start: string;
  end: string;
  place: string;
  notes: string;
}

/** The Vietnam date `days` days before today (YYYY-MM-DD). */
function daysAgo(days: number): string {
  return isoInVietnam(Date.now() - days * 86_400_000).slice(0, 10);
}

/**
 * `/quan-tri/lich-tiep-cong-dan` — the citizen-reception schedule of the units the user
 * manages: plan a year by rule (with a preview of the dates, days off skipped) or add one
 * session, then cancel (with the reason the public reads), reschedule or record the outcome;
 * below, the statistics by year or quarter and the deleted sessions, which can be restored.
 */
export default function OfficeReceptionPage() {
  const { t, i18n } = useTranslation('publicinfo');
  const { user } = useAuth();
  const toast = useToast();
  const [units, setUnits] = useState<StaffUnit[]>([]);
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<{
    session: Session;
    action: SessionDialogAction | 'edit' | 'delete';
  } | null>(null);
  // Bumped on every change of a session, so the statistics follow.
  const [changes, setChanges] = useState(0);
  const [draft, setDraft] = useState<Draft>({
    unitId: '',
    mode: 'rule',
    rule: 'monthly 2 THU',
    year: isoInVietnam(Date.now()).slice(0, 4),
    date: '',
    leaderName: '',
    leaderTitle: '',
    start: '08:00',
    end: '11:30',
    place: '',
    notes: '',
  });

  // Sessions from a month back by default, so one held last week can still get its outcome.
  const [listFilter, setListFilter] = useState({ unit: '', from: daysAgo(31), to: '' });
  const [listDraft, setListDraft] = useState(listFilter);
  const load = useCallback(() => {
    setItems(null);
    publicInfoApi
      .sessions({
        unit: listFilter.unit || undefined,
        from: listFilter.from || undefined,
        to: listFilter.to || undefined,
      })
      .then(
        (r) => setItems(r.items),
        (e: unknown) => setError(isApiError(e) ? e.message : String(e)),
      );
  }, [listFilter]);
  useEffect(() => {
    load();
    publicInfoApi.staffUnits().then(
      (r) =>
        setUnits(
          managedUnits(
            r.units.filter((u) => !u.former),
            user?.roles ?? [],
          ),
        ),
      () => setUnits([]),
    );
  }, [load, user]);

  const set = (field: keyof Draft) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (field === 'rule' || field === 'year' || field === 'unitId') setPreview(null);
  };
  const errorOf = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? t(`problem.${p.problem}`) : undefined;
  };

  /** Runs a request of the form, turning refusals into field messages or an alert. */
  const attempt = async (work: () => Promise<void>) => {
    setProblems([]);
    setError(null);
    if (!draft.unitId) {
      setProblems([{ field: 'unitId', problem: 'required' }]);
      return;
    }
    setBusy(true);
    try {
      await work();
    } catch (e) {
      const found = fieldProblems(e);
      if (found.length > 0) setProblems(found);
      else if (isApiError(e) && e.code === 'reception_rule_invalid')
        setProblems([{ field: 'rule', problem: 'rule_invalid' }]);
      else setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const fields = () => ({
    leaderName: draft.leaderName,
    leaderTitle: draft.leaderTitle,
    start: draft.start,
    end: draft.end,
    place: draft.place,
    notes: draft.notes || null,
  });

  const showPreview = () =>
    attempt(async () => {
      setPreview(
        await publicInfoApi.preview({
          unitId: Number(draft.unitId),
          rule: draft.rule,
          year: Number(draft.year),
        }),
      );
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      if (draft.mode === 'single') {
        await publicInfoApi.createSession({
          unitId: Number(draft.unitId),
          date: draft.date,
          ...fields(),
        });
        toast.show(t('office.sessionCreated'), 'success');
      } else {
        const result = await publicInfoApi.plan({
          unitId: Number(draft.unitId),
          rule: draft.rule,
          year: Number(draft.year),
          ...fields(),
        });
        toast.show(t('office.planned', { count: result.sessions.length }), 'success');
        setPreview(null);
      }
      setChanges((n) => n + 1);
      load();
    });
  };

  const baseDepth = units.length > 0 ? Math.min(...units.map((u) => u.depth)) : 0;

  const done = () => {
    if (dialog) toast.show(t(`action.done_${dialog.action}`), 'success');
    setDialog(null);
    setChanges((n) => n + 1);
    load();
  };

  /** The dialog of the action chosen on a session, if any. */
  const openDialog = () => {
    if (!dialog) return null;
    const { session, action } = dialog;
    const close = () => setDialog(null);
    if (action === 'edit')
      return <SessionEditDialog session={session} onClose={close} onDone={done} />;
    if (action === 'delete')
      return <SessionDeleteDialog session={session} onClose={close} onDone={done} />;
    return <SessionActionDialog session={session} action={action} onClose={close} onDone={done} />;
  };

  return (
    <div className="pi">
      <PageTitle title={t('office.receptionTitle')} subtitle={t('office.receptionSubtitle')} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="pi-links">
        <a href="/lich-tiep-cong-dan">{t('office.publicPage')}</a>
      </p>

      <form id="pi-plan-form" className="pi-card" onSubmit={submit} noValidate>
        <h2>{t('office.planTitle')}</h2>
        <fieldset className="pi-modes">
          <legend>{t('office.mode')}</legend>
          {(['rule', 'single'] as const).map((mode) => (
            <label key={mode} className="pi-choice">
              <input
                type="radio"
                name="mode"
                value={mode}
                checked={draft.mode === mode}
                onChange={() => set('mode')(mode)}
              />{' '}
              {t(`office.mode_${mode}`)}
            </label>
          ))}
        </fieldset>
        <div className="pi-form">
          <Select
            label={t('common.unit')}
            name="unitId"
            value={draft.unitId}
            onChange={(e) => set('unitId')(e.target.value)}
            error={errorOf('unitId')}
            placeholder={t('office.chooseUnit')}
            options={units.map((u) => ({
              value: String(u.id),
              label: unitOptionLabel(u, baseDepth, i18n.language),
            }))}
          />
          {draft.mode === 'rule' ? (
            <>
              <TextField
                label={t('field.rule')}
                hint={t('office.ruleHint')}
                value={draft.rule}
                onChange={(e) => set('rule')(e.target.value)}
                error={errorOf('rule')}
                maxLength={100}
              />
              <TextField
                label={t('field.year')}
                inputMode="numeric"
                value={draft.year}
                onChange={(e) => set('year')(e.target.value.replace(/\D/g, '').slice(0, 4))}
              />
            </>
          ) : (
            <TextField
              label={t('field.date')}
              type="date"
              value={draft.date}
              onChange={(e) => set('date')(e.target.value)}
              error={errorOf('date')}
            />
          )}
          <SessionFields values={draft} set={set} errorOf={errorOf} />
        </div>
        {draft.mode === 'rule' && preview ? (
          <section aria-labelledby="pi-preview" className="pi-preview" aria-live="polite">
            <h3 id="pi-preview">
              {t('office.previewTitle', { count: preview.dates.length, rule: preview.rule })}
            </h3>
            <ul className="pi-dates">
              {preview.dates.map((d) => (
                <li key={d}>{formatSessionDate(d, i18n.language)}</li>
              ))}
            </ul>
            {preview.skipped.length > 0 ? (
              <p>
                {t('office.skipped')}:{' '}
                {preview.skipped.map((s) => formatSessionDate(s.date, i18n.language)).join('; ')}
              </p>
            ) : null}
            {preview.existing.length > 0 ? (
              <p>
                {t('office.existing')}:{' '}
                {preview.existing.map((d) => formatSessionDate(d, i18n.language)).join('; ')}
              </p>
            ) : null}
          </section>
        ) : null}
        {problems.length > 0 ? (
          <Alert tone="error">
            <ul>
              {problems.map((p) => (
                <li key={`${p.field}-${p.problem}`}>{problemText(t, p)}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <div className="pi-actions">
          {draft.mode === 'rule' ? (
            <>
              <Button onClick={showPreview} busy={busy}>
                {t('office.preview')}
              </Button>
              <Button type="submit" variant="primary" busy={busy} disabled={!preview}>
                {t('office.plan')}
              </Button>
            </>
          ) : (
            <Button type="submit" variant="primary" busy={busy}>
              {t('office.addSession')}
            </Button>
          )}
        </div>
      </form>

      <h2>{t('office.sessionsTitle')}</h2>
      <form
        className="pi-card pi-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setListFilter(listDraft);
        }}
      >
        <Select
          label={t('common.unit')}
          name="listUnit"
          value={listDraft.unit}
          onChange={(e) => setListDraft((f) => ({ ...f, unit: e.target.value }))}
          options={[
            { value: '', label: t('office.allMyUnits') },
            ...units.map((u) => ({
              value: u.code,
              label: unitOptionLabel(u, baseDepth, i18n.language),
            })),
          ]}
        />
        <TextField
          label={t('office.listFrom')}
          type="date"
          value={listDraft.from}
          onChange={(e) => setListDraft((f) => ({ ...f, from: e.target.value }))}
        />
        <TextField
          label={t('office.listTo')}
          type="date"
          value={listDraft.to}
          onChange={(e) => setListDraft((f) => ({ ...f, to: e.target.value }))}
        />
        <Button type="submit">{t('common.filter')}</Button>
      </form>
      {items === null && !error ? <Skeleton lines={4} /> : null}
      {items && items.length === 0 ? <p>{t('office.noSessions')}</p> : null}
      {items && items.length > 0 ? (
        <ul className="pi-list">
          {items.map((s) => (
            <li key={s.id} className="pi-card">
              <SessionSummary session={s} level={3} />
              {s.state === 'held' ? (
                <p className="pi-meta">
                  {t('office.outcome', {
                    citizens: s.citizensReceived ?? 0,
                    cases: s.casesNoted ?? 0,
                  })}
                </p>
              ) : null}
              {s.state === 'scheduled' ? (
                <div className="pi-actions">
                  {(
                    [
                      'edit',
                      'hold',
                      'reschedule',
                      'cancel',
                      // A session that replaces a moved one stays (the moved one points at it).
                      ...(s.movedFromId === null ? (['delete'] as const) : []),
                    ] as const
                  ).map((action) => (
                    <Button
                      key={action}
                      size="small"
                      variant={action === 'cancel' || action === 'delete' ? 'danger' : 'secondary'}
                      onClick={() => setDialog({ session: s, action })}
                    >
                      {t(`action.${action}`)}
                      <span className="visually-hidden">
                        {' '}
                        {formatSessionDate(s.date, i18n.language)}
                      </span>
                    </Button>
                  ))}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ReceptionStatsSection units={units} refresh={changes} />
      <DeletedSessionsSection
        refresh={changes}
        onRestored={() => {
          setChanges((n) => n + 1);
          load();
        }}
      />
      {openDialog()}
    </div>
  );
}
