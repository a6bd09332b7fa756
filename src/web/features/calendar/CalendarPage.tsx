import './calendar.css';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { useAuth, userHasRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { FileDrop } from '../../components/FileDrop.js';
import { formatDate, formatDateTime } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { type CalendarYearView, calendarApi } from './api.js';
import { GRID_WEEKDAYS, nowInVietnam, toggleDay } from './calendarGrid.js';
import { DueCalculator } from './DueCalculator.js';
import { YearGrid } from './YearGrid.js';

interface Draft {
  timezone: string;
  workingHours: [string, string][];
  weekend: number[];
  daysOff: string[];
  extraWorkingDays: string[];
  source: string;
}

function draftOf(view: CalendarYearView): Draft {
  return {
    timezone: view.timezone,
    workingHours: view.workingHours.map(([a, b]) => [a, b] as [string, string]),
    weekend: [...view.weekend],
    daysOff: [...view.daysOff],
    extraWorkingDays: [...view.extraWorkingDays],
    source: view.source,
  };
}

const STATUS_TONE = { official: 'success', confirmed: 'info', provisional: 'warning' } as const;

/**
 * The tenant's working calendar for one year: twelve month grids with days off, swapped
 * working Saturdays and weekends marked in text and colour, editing by click or keyboard for
 * the administrator and the reform office, working hours and weekly days off, the provisional
 * banner with its Confirm button, import and export of the JSON file, and a due-date calculator.
 */
export default function CalendarPage() {
  const { t, i18n } = useTranslation('calendar');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { user } = useAuth();
  const toast = useToast();
  const canEdit = userHasRole(user, ['administrator', 'reform_office']);
  const canConfirm = userHasRole(user, ['administrator']);
  const today = nowInVietnam().slice(0, 10);
  const [year, setYear] = useState(() => Number(today.slice(0, 4)));
  const [view, setView] = useState<CalendarYearView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'confirm' | 'import' | null>(null);
  const [focused, setFocused] = useState(today);
  const [files, setFiles] = useState<File[]>([]);
  const [importError, setImportError] = useState<string | null>(null);
  const settingsId = useId();
  const listId = useId();
  const ioId = useId();

  const load = useCallback(
    async (y: number) => {
      setError(null);
      try {
        const v = await calendarApi.year(y);
        setView(v);
        setDraft(draftOf(v));
      } catch (e) {
        setView(null);
        setDraft(null);
        setError(isApiError(e) ? e.message : t('loadError'));
      }
    },
    [t],
  );

  useEffect(() => {
    void load(year);
    setFocused((f) => (f.startsWith(`${year}-`) ? f : `${year}-01-01`));
  }, [year, load]);

  const dirty = useMemo(
    () =>
      view !== null && draft !== null && JSON.stringify(draftOf(view)) !== JSON.stringify(draft),
    [view, draft],
  );
  const names = useMemo(() => new Map((view?.holidays ?? []).map((h) => [h.date, h.name])), [view]);

  const fail = (e: unknown) =>
    toast.show(isApiError(e) ? `${e.message}${reason(e.details)}` : String(e), 'error');

  const save = async () => {
    if (!draft) return;
    setBusy('save');
    try {
      const saved = await calendarApi.save(year, draft);
      setView(saved);
      setDraft(draftOf(saved));
      toast.show(t('saved', { year }), 'success');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const confirm = async () => {
    setBusy('confirm');
    try {
      const confirmed = await calendarApi.confirm(year);
      setView(confirmed);
      setDraft(draftOf(confirmed));
      toast.show(t('confirmed', { year }), 'success');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    try {
      const table = await calendarApi.export(year);
      const url = URL.createObjectURL(
        new Blob([`${JSON.stringify(table, null, 2)}\n`], { type: 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = `calendar-${year}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      fail(e);
    }
  };

  const importFile = async () => {
    const file = files[0];
    if (!file) return;
    setImportError(null);
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setImportError(t('importNotJson'));
      return;
    }
    setBusy('import');
    try {
      const imported = await calendarApi.import(year, json);
      setView(imported);
      setDraft(draftOf(imported));
      setFiles([]);
      toast.show(t('imported', { year }), 'success');
    } catch (e) {
      setImportError(isApiError(e) ? `${e.message}${reason(e.details)}` : String(e));
    } finally {
      setBusy(null);
    }
  };

  const weekdayLong = t('weekdayLong', { returnObjects: true }) as string[];
  const listed = draft
    ? [
        ...draft.daysOff.map((date) => ({ date, kind: 'off' as const })),
        ...draft.extraWorkingDays.map((date) => ({ date, kind: 'extra' as const })),
      ].sort((a, b) => a.date.localeCompare(b.date))
    : [];

  return (
    <>
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <div className="cal-toolbar">
        <Button onClick={() => setYear((y) => y - 1)}>
          ← {t('previousYear')} ({year - 1})
        </Button>
        <TextField
          label={t('year')}
          type="number"
          min={1200}
          max={2199}
          value={year}
          onChange={(e) => {
            const y = Number(e.target.value);
            if (Number.isInteger(y) && y >= 1200 && y <= 2199) setYear(y);
          }}
        />
        <Button onClick={() => setYear((y) => y + 1)}>
          {t('nextYear')} ({year + 1}) →
        </Button>
      </div>

      {error ? (
        <Alert tone="error" title={t('loadError')}>
          {error}
        </Alert>
      ) : null}
      {!view || !draft ? (
        error ? null : (
          <Skeleton lines={6} />
        )
      ) : (
        <>
          <div className="cal-meta">
            <StatusBadge tone={STATUS_TONE[view.status]}>{t(`status.${view.status}`)}</StatusBadge>
            {!view.stored ? <span>{t('storedShipped')}</span> : null}
            {view.updatedAt ? (
              <span>
                {view.updatedBy?.name
                  ? t('updated', {
                      when: formatDateTime(view.updatedAt, lang),
                      who: view.updatedBy.name,
                    })
                  : t('updatedNoUser', { when: formatDateTime(view.updatedAt, lang) })}
              </span>
            ) : null}
            <strong>{t('totalWorkingDays', { count: view.totalWorkingDays })}</strong>
          </div>
          {view.source ? (
            <p className="cal-source">
              {t('source')}: {view.source}
            </p>
          ) : null}

          {view.status === 'provisional' ? (
            <Alert tone="warning" title={t('provisionalTitle', { year })}>
              <p>{t('provisionalBody')}</p>
              {canConfirm ? (
                <Button
                  variant="primary"
                  onClick={confirm}
                  busy={busy === 'confirm'}
                  disabled={dirty}
                >
                  {t('confirm', { year })}
                </Button>
              ) : null}
            </Alert>
          ) : null}

          <section aria-label={t('legend')}>
            <h2 className="visually-hidden">{t('legend')}</h2>
            <ul className="cal-legend">
              <li>
                <span className="cal-day cal-working" aria-hidden="true">
                  <span className="cal-num">1</span>
                </span>
                {t('legendWorking')}
              </li>
              <li>
                <span className="cal-day cal-weekend" aria-hidden="true">
                  <span className="cal-num">1</span>
                  <span className="cal-mark">{t('markWeekend')}</span>
                </span>
                {t('legendWeekend')}
              </li>
              <li>
                <span className="cal-day cal-off" aria-hidden="true">
                  <span className="cal-num">1</span>
                  <span className="cal-mark">{t('markOff')}</span>
                </span>
                {t('legendOff')}
              </li>
              <li>
                <span className="cal-day cal-extra" aria-hidden="true">
                  <span className="cal-num">1</span>
                  <span className="cal-mark">{t('markExtra')}</span>
                </span>
                {t('legendExtra')}
              </li>
              <li>
                <span className="cal-day cal-working cal-today" aria-hidden="true">
                  <span className="cal-num">1</span>
                </span>
                {t('legendToday')}
              </li>
            </ul>
          </section>
          {canEdit ? (
            <p className="field-hint">{t('editHint')}</p>
          ) : (
            <p className="field-hint">{t('readOnly')}</p>
          )}

          <YearGrid
            year={year}
            spec={draft}
            names={names}
            today={today}
            focused={focused.startsWith(`${year}-`) ? focused : `${year}-01-01`}
            onFocusChange={setFocused}
            {...(canEdit
              ? { onToggle: (date: string) => setDraft((d) => (d ? toggleDay(d, date) : d)) }
              : {})}
          />

          {canEdit ? (
            <section aria-labelledby={settingsId} className="cal-settings">
              <h2 id={settingsId}>{t('settings')}</h2>
              <div className="cal-hours">
                {draft.workingHours.map(([from, to], i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: working periods have no identity but their order.
                  <fieldset key={`${i}-${draft.workingHours.length}`}>
                    <legend>{t('period', { n: i + 1 })}</legend>
                    <TextField
                      label={t('from')}
                      type="time"
                      value={from}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          workingHours: draft.workingHours.map((p, j) =>
                            j === i ? [e.target.value, p[1]] : p,
                          ),
                        })
                      }
                    />
                    <TextField
                      label={t('to')}
                      type="time"
                      value={to}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          workingHours: draft.workingHours.map((p, j) =>
                            j === i ? [p[0], e.target.value] : p,
                          ),
                        })
                      }
                    />
                    {draft.workingHours.length > 1 ? (
                      <Button
                        size="small"
                        variant="ghost"
                        onClick={() =>
                          setDraft({
                            ...draft,
                            workingHours: draft.workingHours.filter((_, j) => j !== i),
                          })
                        }
                      >
                        {t('removePeriod', { n: i + 1 })}
                      </Button>
                    ) : null}
                  </fieldset>
                ))}
                <Button
                  size="small"
                  onClick={() =>
                    setDraft({
                      ...draft,
                      workingHours: [...draft.workingHours, ['13:30', '17:00']],
                    })
                  }
                >
                  {t('addPeriod')}
                </Button>
              </div>
              <fieldset className="cal-weekend-days">
                <legend>{t('weekend')}</legend>
                {GRID_WEEKDAYS.map((d) => (
                  <label key={d} className="cal-check">
                    <input
                      type="checkbox"
                      checked={draft.weekend.includes(d)}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          weekend: e.target.checked
                            ? [...draft.weekend, d].sort()
                            : draft.weekend.filter((w) => w !== d),
                        })
                      }
                    />{' '}
                    {weekdayLong[d]}
                  </label>
                ))}
              </fieldset>
              <TextField
                label={t('timezone')}
                hint={t('timezoneHint')}
                value={draft.timezone}
                onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}
              />
              <TextField
                label={t('sourceField')}
                value={draft.source}
                multiline={2}
                onChange={(e) => setDraft({ ...draft, source: e.target.value })}
              />
            </section>
          ) : null}

          {canEdit && dirty ? (
            <section className="cal-savebar" aria-label={t('unsaved')}>
              <strong>{t('unsaved')}</strong>
              <Button variant="primary" onClick={save} busy={busy === 'save'}>
                {t('save')}
              </Button>
              <Button onClick={() => setDraft(draftOf(view))}>{t('discard')}</Button>
            </section>
          ) : null}

          <div className="cal-columns">
            <section aria-labelledby={listId}>
              <h2 id={listId}>{t('listTitle')}</h2>
              <DataTable
                caption={t('listTitle')}
                captionHidden
                rowKey={(row) => `${row.kind}-${row.date}`}
                rows={listed}
                empty={t('noDays')}
                columns={[
                  {
                    key: 'date',
                    header: t('listDate'),
                    rowHeader: true,
                    render: (row) => formatDate(row.date, lang),
                    sortValue: (row) => row.date,
                  },
                  {
                    key: 'kind',
                    header: t('listKind'),
                    render: (row) => (row.kind === 'off' ? t('dayOff') : t('dayExtra')),
                  },
                  {
                    key: 'name',
                    header: t('listName'),
                    render: (row) => names.get(row.date) ?? '—',
                  },
                ]}
              />
            </section>
            <DueCalculator key={`${view.updatedAt}`} />
          </div>

          <section aria-labelledby={ioId}>
            <h2 id={ioId}>{t('importExport')}</h2>
            <p>
              <Button onClick={download}>{t('export', { year })}</Button>
            </p>
            {canEdit ? (
              <>
                <FileDrop
                  label={t('importLabel')}
                  files={files}
                  onFilesChange={setFiles}
                  accept="application/json,.json"
                  maxBytes={1_000_000}
                  error={importError}
                />
                <Button
                  variant="primary"
                  onClick={importFile}
                  busy={busy === 'import'}
                  disabled={files.length === 0}
                >
                  {t('import')}
                </Button>
              </>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

/** The server's reason (e.g. "workingHours[0]: must end after it starts") after the message. */
function reason(details: unknown): string {
  const r = (details as { reason?: unknown } | null | undefined)?.reason;
  return typeof r === 'string' ? ` — ${r}` : '';
}
