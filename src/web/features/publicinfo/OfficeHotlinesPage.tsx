import './publicinfo.css';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { unitOptionLabel } from '../../unitScope.js';
import { type Deletion, type Hotline, managedUnits, publicInfoApi, type StaffUnit } from './api.js';
import { deletionCell } from './format.js';
import { type FieldProblem, fieldProblems, problemText } from './problems.js';

interface Draft {
  unitId: string;
  purpose: string;
  phone: string;
  email: string;
  hours: string;
  person: string;
  validFrom: string;
  validTo: string;
}

const EMPTY: Draft = {
  unitId: '',
  purpose: '',
  phone: '',
  email: '',
  hours: '',
  person: '',
  validFrom: '',
  validTo: '',
};

/**
 * `/quan-tri/duong-day-nong` — the hotlines of the units the user manages (the reform office:
 * all): add, change, remove, and CSV import/export (all rows or none; each bad row and column
 * is listed); below, the deleted hotlines, which can be restored.
 */
export default function OfficeHotlinesPage() {
  const { t, i18n } = useTranslation('publicinfo');
  const { user } = useAuth();
  const toast = useToast();
  const [units, setUnits] = useState<StaffUnit[]>([]);
  const [items, setItems] = useState<Hotline[] | null>(null);
  const [deleted, setDeleted] = useState<Array<Hotline & Deletion> | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<Hotline | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [csv, setCsv] = useState('');
  const [importErrors, setImportErrors] = useState<
    Array<{ row: number; column: string | null; problem: string }>
  >([]);

  const load = useCallback(() => {
    publicInfoApi.hotlines().then(
      (r) => setItems(r.items),
      (e: unknown) => setError(isApiError(e) ? e.message : String(e)),
    );
    publicInfoApi.deletedHotlines().then(
      (r) => setDeleted(r.items),
      (e: unknown) => setError(isApiError(e) ? e.message : String(e)),
    );
  }, []);
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

  const set = (field: keyof Draft) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const errorOf = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? t(`problem.${p.problem}`) : undefined;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setProblems([]);
    setError(null);
    if (!draft.unitId) {
      setProblems([{ field: 'unitId', problem: 'required' }]);
      return;
    }
    const body = {
      unitId: Number(draft.unitId),
      purpose: draft.purpose,
      phone: draft.phone,
      email: draft.email || null,
      hours: draft.hours || null,
      person: draft.person || null,
      validFrom: draft.validFrom || null,
      validTo: draft.validTo || null,
    };
    setBusy(true);
    try {
      if (editing)
        await publicInfoApi.updateHotline(editing.id, { ...body, version: editing.version });
      else await publicInfoApi.createHotline(body);
      toast.show(t(editing ? 'office.updated' : 'office.created'), 'success');
      setDraft(EMPTY);
      setEditing(null);
      load();
    } catch (e) {
      const found = fieldProblems(e);
      if (found.length > 0) setProblems(found);
      else setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const edit = (h: Hotline) => {
    setEditing(h);
    setProblems([]);
    setDraft({
      unitId: String(h.unit.id),
      purpose: h.purpose,
      phone: h.phoneDisplay,
      email: h.email ?? '',
      hours: h.hours ?? '',
      person: h.person ?? '',
      validFrom: h.validFrom,
      validTo: h.validTo ?? '',
    });
    document.getElementById('pi-hotline-form')?.scrollIntoView();
    document.getElementById('pi-purpose')?.focus();
  };

  const remove = async (h: Hotline) => {
    if (!window.confirm(t('office.confirmDelete', { purpose: h.purpose }))) return;
    try {
      await publicInfoApi.deleteHotline(h.id);
      toast.show(t('office.deleted'), 'success');
      load();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  const restore = async (h: Hotline) => {
    setError(null);
    try {
      await publicInfoApi.restoreHotline(h.id, h.version);
      toast.show(t('deleted.restored_hotline'), 'success');
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
    load();
  };

  const importCsv = async (event: FormEvent) => {
    event.preventDefault();
    setImportErrors([]);
    setError(null);
    try {
      const result = await publicInfoApi.importHotlines(csv);
      toast.show(t('office.imported', result), 'success');
      setCsv('');
      load();
    } catch (e) {
      const details = isApiError(e) ? (e.details as { errors?: unknown } | undefined) : undefined;
      if (isApiError(e) && e.code === 'import_invalid' && Array.isArray(details?.errors))
        setImportErrors(details.errors as typeof importErrors);
      else setError(isApiError(e) ? e.message : String(e));
    }
  };

  const baseDepth = units.length > 0 ? Math.min(...units.map((u) => u.depth)) : 0;

  return (
    <div className="pi">
      <PageTitle title={t('office.hotlinesTitle')} subtitle={t('office.hotlinesSubtitle')} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="pi-links">
        <a href={publicInfoApi.exportUrl} download>
          {t('office.export')}
        </a>
        <a href="/duong-day-nong">{t('office.publicPage')}</a>
      </p>
      {items ? (
        <DataTable
          caption={t('office.hotlinesCaption')}
          rows={items}
          rowKey={(h) => String(h.id)}
          empty={t('office.noHotlines')}
          columns={[
            { key: 'unit', header: t('common.unit'), render: (h) => h.unit.name, rowHeader: true },
            { key: 'purpose', header: t('field.purpose'), render: (h) => h.purpose },
            {
              key: 'phone',
              header: t('field.phone'),
              render: (h) => (
                <a className="pi-nowrap" href={h.telUri}>
                  {h.phoneDisplay}
                </a>
              ),
            },
            { key: 'email', header: t('field.email'), render: (h) => h.email ?? '—' },
            {
              key: 'valid',
              header: t('office.validity'),
              render: (h) => (
                <>
                  {h.validFrom} – {h.validTo ?? '…'}{' '}
                  <StatusBadge tone={h.current ? 'success' : 'neutral'}>
                    {t(h.current ? 'office.current' : 'office.notCurrent')}
                  </StatusBadge>
                </>
              ),
            },
            {
              key: 'actions',
              header: t('office.actions'),
              render: (h) => (
                <span className="pi-actions">
                  {/* aria-label, not a visually hidden span: an absolutely placed span inside
                      the table's scrolling frame would widen the page on a phone. */}
                  <Button
                    size="small"
                    onClick={() => edit(h)}
                    aria-label={`${t('office.edit')} ${h.purpose}`}
                  >
                    {t('office.edit')}
                  </Button>
                  <Button
                    size="small"
                    variant="danger"
                    onClick={() => remove(h)}
                    aria-label={`${t('office.delete')} ${h.purpose}`}
                  >
                    {t('office.delete')}
                  </Button>
                </span>
              ),
            },
          ]}
        />
      ) : null}

      <form id="pi-hotline-form" className="pi-card" onSubmit={save} noValidate>
        <h2>{editing ? t('office.editHotline') : t('office.addHotline')}</h2>
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
          <TextField
            id="pi-purpose"
            label={t('field.purpose')}
            hint={t('office.purposeHint')}
            value={draft.purpose}
            onChange={(e) => set('purpose')(e.target.value)}
            error={errorOf('purpose')}
            maxLength={200}
            list="pi-purposes"
          />
          <datalist id="pi-purposes">
            {(['feedback', 'online'] as const).map((key) => (
              <option key={key} value={t(`office.purposes.${key}`)} />
            ))}
          </datalist>
          <TextField
            label={t('field.phone')}
            hint={t('office.phoneHint')}
            type="tel"
            value={draft.phone}
            onChange={(e) => set('phone')(e.target.value)}
            error={errorOf('phone')}
            maxLength={40}
          />
          <TextField
            label={t('field.email')}
            type="email"
            value={draft.email}
            onChange={(e) => set('email')(e.target.value)}
            error={errorOf('email')}
          />
          <TextField
            label={t('field.hours')}
            value={draft.hours}
            onChange={(e) => set('hours')(e.target.value)}
            error={errorOf('hours')}
          />
          <TextField
            label={t('field.person')}
            hint={t('office.personHint')}
            value={draft.person}
            onChange={(e) => set('person')(e.target.value)}
            error={errorOf('person')}
          />
          <TextField
            label={t('field.validFrom')}
            type="date"
            value={draft.validFrom}
            onChange={(e) => set('validFrom')(e.target.value)}
            error={errorOf('validFrom')}
          />
          <TextField
            label={t('field.validTo')}
            type="date"
            value={draft.validTo}
            onChange={(e) => set('validTo')(e.target.value)}
            error={errorOf('validTo')}
          />
        </div>
        <div className="pi-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {editing ? t('office.save') : t('office.add')}
          </Button>
          {editing ? (
            <Button
              onClick={() => {
                setEditing(null);
                setDraft(EMPTY);
                setProblems([]);
              }}
            >
              {t('office.cancelEdit')}
            </Button>
          ) : null}
        </div>
      </form>

      <form className="pi-card" onSubmit={importCsv}>
        <h2>{t('office.importTitle')}</h2>
        <p>{t('office.importHelp')}</p>
        <label className="field-label" htmlFor="pi-csv-file">
          {t('office.importFile')}
        </label>
        <input
          id="pi-csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setCsv(await file.text());
          }}
        />
        <TextField
          label={t('office.importText')}
          multiline={5}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
        />
        {importErrors.length > 0 ? (
          <Alert tone="error" title={t('office.importRefused')}>
            <ul>
              {importErrors.map((x) => (
                <li key={`${x.row}-${x.column}-${x.problem}`}>
                  {t('office.importRow', { row: x.row })}
                  {x.column ? `, ${t('office.importColumn', { column: x.column })}` : ''}:{' '}
                  {problemText(t, { problem: x.problem })}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <div className="pi-actions">
          <Button type="submit" variant="primary" disabled={csv.trim() === ''}>
            {t('office.import')}
          </Button>
        </div>
      </form>

      <section aria-labelledby="pi-deleted-hotlines" className="pi-deleted">
        <h2 id="pi-deleted-hotlines">{t('deleted.hotlinesTitle')}</h2>
        <p>{t('deleted.hotlinesIntro')}</p>
        {deleted ? (
          <DataTable
            caption={t('deleted.hotlinesCaption')}
            rows={deleted}
            rowKey={(h) => String(h.id)}
            empty={t('deleted.noHotlines')}
            columns={[
              {
                key: 'unit',
                header: t('common.unit'),
                render: (h) => h.unit.name,
                rowHeader: true,
              },
              { key: 'purpose', header: t('field.purpose'), render: (h) => h.purpose },
              {
                key: 'phone',
                header: t('field.phone'),
                render: (h) => <span className="pi-nowrap">{h.phoneDisplay}</span>,
              },
              {
                key: 'deleted',
                header: t('deleted.deletedAt'),
                render: (h) => deletionCell(t, h, i18n.language),
              },
              {
                key: 'actions',
                header: t('office.actions'),
                render: (h) => (
                  <Button
                    size="small"
                    onClick={() => restore(h)}
                    aria-label={`${t('deleted.restore')} ${h.purpose}`}
                  >
                    {t('deleted.restore')}
                  </Button>
                ),
              },
            ]}
          />
        ) : null}
      </section>
    </div>
  );
}
