import './catalogue.css';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  APPLICANT_KINDS,
  type ApplicantKind,
  defaultTemplate,
  describeIssue,
  HANDLING_LEVELS,
  LIMIT_UNITS,
  ONLINE_LEVELS,
  type ProcedureContent,
  RESULT_TYPES,
  STEP_ROLES,
  templateTarget,
  templateTotal,
  validateProcedure,
} from '../../../domain/catalogue/index.js';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime, Money } from '../../components/DateTime.js';
import { Dialog } from '../../components/Dialog.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Tabs } from '../../components/Tabs.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { catalogueApi, contentOf, type FieldIssue, type StaffDetail } from './api.js';
import { formatLimit, issuesByPath } from './format.js';
import { ProcedureFacts } from './ProcedureFacts.js';

const EMPTY: ProcedureContent = {
  name: '',
  nameEn: null,
  fieldCode: null,
  fieldName: null,
  level: 'commune',
  agencyCode: null,
  legalLimit: 1,
  promisedLimit: 1,
  limitUnit: 'working_days',
  fees: [],
  components: [{ code: 'TP01', name: '', copies: 1, required: true, mustDigitise: true }],
  resultType: 'paper',
  resultName: null,
  onlineLevel: 'none',
  postalIn: false,
  postalOut: false,
  boundaryFree: false,
  applicantKinds: ['individual', 'organisation'],
  certification: false,
  populationDb: false,
  legalBasis: null,
  legalEffectiveOn: null,
  announcedOn: null,
  publishedOn: null,
  steps: defaultTemplate(1, 'working_days'),
};

const orNull = (value: string) => (value.trim() === '' ? null : value);
const num = (value: string) => (value.trim() === '' ? Number.NaN : Number(value.replace(',', '.')));

/**
 * Create (`/quan-tri/thu-tuc/moi`) or view and edit (`/quan-tri/thu-tuc/:code`) a procedure.
 * Editors get the form (components, fees and steps editable as rows; each field shows its own
 * message, checked here with the same rules as the server, then by the server), the version
 * history and repeal; other staff get a read-only view with the template and history.
 */
export default function ProcedureEditPage() {
  const { code: routeCode } = useParams();
  const creating = routeCode === undefined || routeCode === 'moi';
  const { t, i18n } = useTranslation('catalogue');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const navigate = useNavigate();
  const toast = useToast();
  const { hasRole } = useAuth();
  const canEdit = hasRole('reform_office', 'administrator');
  const [detail, setDetail] = useState<StaffDetail | null>(null);
  const [code, setCode] = useState('');
  const [form, setForm] = useState<ProcedureContent>(EMPTY);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    if (creating) return;
    try {
      const d = await catalogueApi.get(routeCode!);
      setDetail(d);
      setCode(d.code);
      const shown = d.upcoming[d.upcoming.length - 1] ?? d.current ?? d.versions[0];
      if (shown) setForm(contentOf(shown));
      setConflict(false);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }, [creating, routeCode]);
  useEffect(() => {
    void load();
  }, [load]);

  const errors = useMemo(() => issuesByPath(issues, lang), [issues, lang]);
  const err = (path: string) => errors.get(path) ?? null;
  const set = <K extends keyof ProcedureContent>(key: K, value: ProcedureContent[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setRow = <K extends 'components' | 'fees' | 'steps'>(
    key: K,
    index: number,
    patch: Partial<ProcedureContent[K][number]>,
  ) =>
    setForm((f) => ({
      ...f,
      [key]: f[key].map((row, i) => (i === index ? { ...row, ...patch } : row)),
    }));
  const removeRow = (key: 'components' | 'fees' | 'steps', index: number) =>
    setForm((f) => ({ ...f, [key]: f[key].filter((_, i) => i !== index) }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateProcedure({
      ...form,
      code: creating ? code : (detail?.code ?? code),
    }).map((i) => ({
      ...i,
      vi: describeIssue(i, 'vi'),
      en: describeIssue(i, 'en'),
    }));
    setIssues(local);
    setError(null);
    if (local.length > 0) {
      setError(t('form.invalid'));
      return;
    }
    setBusy(true);
    try {
      const body = { ...form, ...(effectiveFrom ? { effectiveFrom } : {}), note: orNull(note) };
      if (creating) {
        await catalogueApi.create({ ...body, code });
        toast.show(t('form.created', { code }), 'success');
        navigate(`/quan-tri/thu-tuc/${encodeURIComponent(code)}`);
      } else {
        const result = await catalogueApi.update(detail!.code, {
          ...body,
          expectedVersion: detail!.latestVersion,
        });
        setDetail(result.procedure);
        setNote('');
        toast.show(
          result.changed
            ? t('form.saved', { version: result.procedure.latestVersion })
            : t('form.unchanged'),
          result.changed ? 'success' : 'info',
        );
      }
    } catch (e) {
      if (isApiError(e) && e.code === 'version_conflict') setConflict(true);
      else if (
        isApiError(e) &&
        e.details &&
        typeof e.details === 'object' &&
        'issues' in e.details
      ) {
        setIssues((e.details as { issues: FieldIssue[] }).issues);
        setError(t('form.invalid'));
      } else setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const changeStatus = async (active: boolean) => {
    if (!detail) return;
    setBusy(true);
    try {
      const result = active
        ? await catalogueApi.reactivate(detail.code)
        : await catalogueApi.retire(detail.code, orNull(reason));
      setDetail(result.procedure);
      setRetiring(false);
      toast.show(active ? t('status.reactivated') : t('status.retired'), 'success');
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (!creating && !detail && !error) return <Skeleton lines={10} label={t('office.title')} />;
  const title = creating
    ? t('form.createTitle')
    : t('form.editTitle', { code: detail?.code ?? routeCode });
  const target = templateTarget(form.promisedLimit, form.limitUnit);
  const total = templateTotal(form.steps);

  const history = detail ? (
    <table className="catalogue-table">
      <caption>{t('history.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('history.version')}</th>
          <th scope="col">{t('history.effectiveFrom')}</th>
          <th scope="col">{t('history.promised')}</th>
          <th scope="col" className="num">
            {t('history.fee')}
          </th>
          <th scope="col">{t('history.note')}</th>
          <th scope="col">{t('history.createdAt')}</th>
        </tr>
      </thead>
      <tbody>
        {detail.versions.map((v) => (
          <tr key={v.version}>
            <th scope="row">
              v{v.version}{' '}
              {detail.current?.version === v.version ? (
                <StatusBadge tone="success">{t('history.current')}</StatusBadge>
              ) : null}
              {detail.upcoming.some((u) => u.version === v.version) ? (
                <StatusBadge tone="warning">{t('history.upcoming')}</StatusBadge>
              ) : null}
            </th>
            <td>
              <DateTime value={v.effectiveFrom} />
            </td>
            <td>{formatLimit(t, v.promisedLimit, v.limitUnit, i18n.language)}</td>
            <td className="num">
              <Money amount={v.feeTotal} />
            </td>
            <td>{v.changeNote ?? '—'}</td>
            <td>
              <DateTime value={v.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  ) : null;

  const stepsTable = (editable: boolean) => (
    <div className="catalogue-scroll">
      <table className="catalogue-rows">
        <caption className="visually-hidden">{t('form.steps')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('form.stepCode')}</th>
            <th scope="col">{t('form.stepName')}</th>
            <th scope="col">{t('form.stepRole')}</th>
            <th scope="col">{t('form.stepUnit')}</th>
            <th scope="col">{t('form.allotment')}</th>
            <th scope="col">{t('form.interAgency')}</th>
            {editable ? <th scope="col">{t('form.remove')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {form.steps.map((s, i) =>
            editable ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; codes may be blank or repeated while typing
              <tr key={i}>
                <td>
                  <input
                    type="text"
                    aria-label={`${t('form.stepCode')}, ${t('form.row', { index: i + 1 })}`}
                    value={s.code}
                    onChange={(e) => setRow('steps', i, { code: e.target.value })}
                    aria-invalid={err(`steps[${i}].code`) ? true : undefined}
                  />
                  {err(`steps[${i}].code`) ? (
                    <span className="field-error">{err(`steps[${i}].code`)}</span>
                  ) : null}
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={`${t('form.stepName')}, ${t('form.row', { index: i + 1 })}`}
                    value={s.name}
                    onChange={(e) => setRow('steps', i, { name: e.target.value })}
                    aria-invalid={err(`steps[${i}].name`) ? true : undefined}
                  />
                  {err(`steps[${i}].name`) ? (
                    <span className="field-error">{err(`steps[${i}].name`)}</span>
                  ) : null}
                </td>
                <td>
                  <select
                    aria-label={`${t('form.stepRole')}, ${t('form.row', { index: i + 1 })}`}
                    value={s.role}
                    onChange={(e) =>
                      setRow('steps', i, { role: e.target.value as (typeof STEP_ROLES)[number] })
                    }
                  >
                    {STEP_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={`${t('form.stepUnit')} (${t('form.stepUnitHint')}), ${t('form.row', { index: i + 1 })}`}
                    value={s.unit}
                    onChange={(e) => setRow('steps', i, { unit: e.target.value })}
                    aria-invalid={err(`steps[${i}].unit`) ? true : undefined}
                  />
                  {err(`steps[${i}].unit`) ? (
                    <span className="field-error">{err(`steps[${i}].unit`)}</span>
                  ) : null}
                </td>
                <td>
                  <input
                    type="number"
                    step="0.25"
                    min="0"
                    aria-label={`${t('form.allotment')}, ${t('form.row', { index: i + 1 })}`}
                    value={Number.isNaN(s.allotment) ? '' : s.allotment}
                    onChange={(e) => setRow('steps', i, { allotment: num(e.target.value) })}
                    aria-invalid={err(`steps[${i}].allotment`) ? true : undefined}
                  />
                  {err(`steps[${i}].allotment`) ? (
                    <span className="field-error">{err(`steps[${i}].allotment`)}</span>
                  ) : null}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('form.interAgency')}, ${t('form.row', { index: i + 1 })}`}
                    checked={s.interAgency}
                    onChange={(e) => setRow('steps', i, { interAgency: e.target.checked })}
                  />
                </td>
                <td>
                  <Button
                    size="small"
                    variant="ghost"
                    onClick={() => removeRow('steps', i)}
                    aria-label={t('form.removeRow', { index: i + 1 })}
                  >
                    {t('form.remove')}
                  </Button>
                </td>
              </tr>
            ) : (
              <tr key={s.code}>
                <td>{s.code}</td>
                <td>{s.name}</td>
                <td>{t(`roles.${s.role}`)}</td>
                <td>
                  {s.unit === 'centre' || s.unit === 'agency' ? t(`stepUnits.${s.unit}`) : s.unit}
                </td>
                <td>{s.allotment}</td>
                <td>{s.interAgency ? t('detail.yes') : t('detail.no')}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <p
        className="catalogue-total"
        data-ok={Math.round(total * 100) === Math.round(target * 100)}
        aria-live="polite"
      >
        {t('form.allotmentTotal', { total, target })} ({t(`unitNames.${form.limitUnit}`)})
      </p>
    </div>
  );

  if (!canEdit) {
    const shown = detail?.current ?? detail?.versions[0];
    return (
      <div className="catalogue">
        <p>
          <Link to="/quan-tri/thu-tuc">← {t('office.title')}</Link>
        </p>
        <PageTitle title={title} subtitle={shown?.name} />
        {error ? <Alert tone="error">{error}</Alert> : null}
        {shown ? (
          <Tabs
            label={title}
            tabs={[
              {
                id: 'content',
                label: t('form.general'),
                content: <ProcedureFacts procedure={shown} />,
              },
              { id: 'steps', label: t('form.steps'), content: stepsTable(false) },
              { id: 'history', label: t('history.title'), content: history },
            ]}
          />
        ) : null}
      </div>
    );
  }

  const formContent = (
    <form className="catalogue-form" onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>{t('form.general')}</legend>
        <div className="catalogue-grid">
          <TextField
            label={t('form.code')}
            hint={t('form.codeHint')}
            required
            value={creating ? code : (detail?.code ?? '')}
            readOnly={!creating}
            onChange={(e) => setCode(e.target.value)}
            error={err('code')}
          />
          <TextField
            label={t('form.name')}
            required
            value={form.name}
            onChange={(e) => set('name', e.target.value)}
            error={err('name')}
          />
          <TextField
            label={t('form.nameEn')}
            value={form.nameEn ?? ''}
            onChange={(e) => set('nameEn', orNull(e.target.value))}
            error={err('nameEn')}
          />
          <TextField
            label={t('form.fieldCode')}
            value={form.fieldCode ?? ''}
            onChange={(e) => set('fieldCode', orNull(e.target.value))}
            error={err('fieldCode')}
          />
          <TextField
            label={t('form.fieldName')}
            value={form.fieldName ?? ''}
            onChange={(e) => set('fieldName', orNull(e.target.value))}
            error={err('fieldName')}
          />
          <Select
            label={t('filters.level')}
            value={form.level}
            options={HANDLING_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
            onChange={(e) => set('level', e.target.value as ProcedureContent['level'])}
            error={err('level')}
          />
          <TextField
            label={t('form.agencyCode')}
            hint={t('form.agencyHint')}
            value={form.agencyCode ?? ''}
            onChange={(e) => set('agencyCode', orNull(e.target.value))}
            error={err('agencyCode')}
          />
        </div>
        <fieldset>
          <legend>{t('form.applicants')}</legend>
          <div className="catalogue-checks">
            {APPLICANT_KINDS.map((k) => (
              <label key={k} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.applicantKinds.includes(k)}
                  onChange={(e) =>
                    set(
                      'applicantKinds',
                      e.target.checked
                        ? [...form.applicantKinds, k]
                        : form.applicantKinds.filter((x): x is ApplicantKind => x !== k),
                    )
                  }
                />{' '}
                {t(`applicants.${k}`)}
              </label>
            ))}
          </div>
          {err('applicantKinds') ? (
            <span className="field-error">{err('applicantKinds')}</span>
          ) : null}
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('form.time')}</legend>
        <div className="catalogue-grid">
          <Select
            label={t('form.limitUnit')}
            hint={form.limitUnit === 'same_day' ? t('form.sameDayHint') : undefined}
            value={form.limitUnit}
            options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`unitNames.${u}`) }))}
            onChange={(e) => set('limitUnit', e.target.value as ProcedureContent['limitUnit'])}
            error={err('limitUnit')}
          />
          <TextField
            label={t('form.legalLimit')}
            type="number"
            step="0.25"
            min="0"
            value={Number.isNaN(form.legalLimit) ? '' : form.legalLimit}
            onChange={(e) => set('legalLimit', num(e.target.value))}
            error={err('legalLimit')}
          />
          <TextField
            label={t('form.promisedLimit')}
            type="number"
            step="0.25"
            min="0"
            value={Number.isNaN(form.promisedLimit) ? '' : form.promisedLimit}
            onChange={(e) => set('promisedLimit', num(e.target.value))}
            error={err('promisedLimit')}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('form.components')}</legend>
        <div className="catalogue-scroll">
          <table className="catalogue-rows">
            <caption className="visually-hidden">{t('form.components')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('form.componentCode')}</th>
                <th scope="col">{t('detail.componentName')}</th>
                <th scope="col">{t('detail.copies')}</th>
                <th scope="col">{t('detail.requiredColumn')}</th>
                <th scope="col">{t('detail.mustDigitise')}</th>
                <th scope="col">{t('form.remove')}</th>
              </tr>
            </thead>
            <tbody>
              {form.components.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
                <tr key={i}>
                  <td>
                    <input
                      type="text"
                      aria-label={`${t('form.componentCode')}, ${t('form.row', { index: i + 1 })}`}
                      value={c.code}
                      onChange={(e) => setRow('components', i, { code: e.target.value })}
                      aria-invalid={err(`components[${i}].code`) ? true : undefined}
                    />
                    {err(`components[${i}].code`) ? (
                      <span className="field-error">{err(`components[${i}].code`)}</span>
                    ) : null}
                  </td>
                  <td>
                    <input
                      type="text"
                      aria-label={`${t('detail.componentName')}, ${t('form.row', { index: i + 1 })}`}
                      value={c.name}
                      onChange={(e) => setRow('components', i, { name: e.target.value })}
                      aria-invalid={err(`components[${i}].name`) ? true : undefined}
                    />
                    {err(`components[${i}].name`) ? (
                      <span className="field-error">{err(`components[${i}].name`)}</span>
                    ) : null}
                  </td>
                  <td>
                    <input
                      type="number"
                      min="1"
                      aria-label={`${t('detail.copies')}, ${t('form.row', { index: i + 1 })}`}
                      value={Number.isNaN(c.copies) ? '' : c.copies}
                      onChange={(e) => setRow('components', i, { copies: num(e.target.value) })}
                      aria-invalid={err(`components[${i}].copies`) ? true : undefined}
                    />
                    {err(`components[${i}].copies`) ? (
                      <span className="field-error">{err(`components[${i}].copies`)}</span>
                    ) : null}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('detail.requiredColumn')}, ${t('form.row', { index: i + 1 })}`}
                      checked={c.required}
                      onChange={(e) => setRow('components', i, { required: e.target.checked })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('detail.mustDigitise')}, ${t('form.row', { index: i + 1 })}`}
                      checked={c.mustDigitise}
                      onChange={(e) => setRow('components', i, { mustDigitise: e.target.checked })}
                    />
                  </td>
                  <td>
                    <Button
                      size="small"
                      variant="ghost"
                      onClick={() => removeRow('components', i)}
                      aria-label={t('form.removeRow', { index: i + 1 })}
                    >
                      {t('form.remove')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={() =>
            set('components', [
              ...form.components,
              {
                code: `TP${String(form.components.length + 1).padStart(2, '0')}`,
                name: '',
                copies: 1,
                required: true,
                mustDigitise: true,
              },
            ])
          }
        >
          {t('form.addComponent')}
        </Button>
      </fieldset>

      <fieldset>
        <legend>{t('form.fees')}</legend>
        {form.fees.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <div key={i} className="catalogue-grid">
            <TextField
              label={`${t('form.feeName')} ${i + 1}`}
              value={f.name}
              onChange={(e) => setRow('fees', i, { name: e.target.value })}
              error={err(`fees[${i}].name`)}
            />
            <TextField
              label={`${t('form.feeAmount')} ${i + 1}`}
              type="number"
              min="0"
              step="1000"
              value={Number.isNaN(f.amount) ? '' : f.amount}
              onChange={(e) => setRow('fees', i, { amount: num(e.target.value) })}
              error={err(`fees[${i}].amount`)}
            />
            <div>
              <Button
                size="small"
                variant="ghost"
                onClick={() => removeRow('fees', i)}
                aria-label={t('form.removeRow', { index: i + 1 })}
              >
                {t('form.remove')}
              </Button>
            </div>
          </div>
        ))}
        <Button
          size="small"
          variant="secondary"
          onClick={() => set('fees', [...form.fees, { name: '', amount: 0 }])}
        >
          {t('form.addFee')}
        </Button>
      </fieldset>

      <fieldset>
        <legend>{t('form.steps')}</legend>
        <p className="hint">{t('form.stepsHint')}</p>
        {err('steps') ? <Alert tone="error">{err('steps')}</Alert> : null}
        {stepsTable(true)}
        <div className="catalogue-toolbar">
          <Button
            size="small"
            variant="secondary"
            onClick={() =>
              set('steps', [
                ...form.steps,
                {
                  code: `B${form.steps.length + 1}`,
                  name: '',
                  role: 'specialist',
                  unit: 'agency',
                  allotment: 0,
                  interAgency: false,
                },
              ])
            }
          >
            {t('form.addStep')}
          </Button>
          <Button
            size="small"
            variant="ghost"
            onClick={() =>
              set(
                'steps',
                defaultTemplate(
                  Number.isFinite(form.promisedLimit) ? form.promisedLimit : 0,
                  form.limitUnit,
                ),
              )
            }
          >
            {t('form.defaultSteps')}
          </Button>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('form.channels')}</legend>
        <div className="catalogue-grid">
          <Select
            label={t('form.onlineLevel')}
            value={form.onlineLevel}
            options={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`online.${l}`) }))}
            onChange={(e) => set('onlineLevel', e.target.value as ProcedureContent['onlineLevel'])}
            error={err('onlineLevel')}
          />
          <Select
            label={t('form.resultType')}
            value={form.resultType}
            options={RESULT_TYPES.map((r) => ({ value: r, label: t(`resultTypes.${r}`) }))}
            onChange={(e) => set('resultType', e.target.value as ProcedureContent['resultType'])}
            error={err('resultType')}
          />
          <TextField
            label={t('form.resultName')}
            value={form.resultName ?? ''}
            onChange={(e) => set('resultName', orNull(e.target.value))}
            error={err('resultName')}
          />
        </div>
        <fieldset>
          <legend>{t('form.flags')}</legend>
          <div className="catalogue-checks">
            {(
              [
                ['postalIn', 'detail.postIn'],
                ['postalOut', 'detail.postOut'],
                ['boundaryFree', 'detail.boundaryFree'],
                ['certification', 'detail.certification'],
                ['populationDb', 'detail.populationDb'],
              ] as const
            ).map(([key, label]) => (
              <label key={key} className="checkbox">
                <input
                  type="checkbox"
                  checked={form[key]}
                  onChange={(e) => set(key, e.target.checked)}
                />{' '}
                {t(label)}
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('form.legal')}</legend>
        <TextField
          label={t('form.legalBasis')}
          hint={t('form.legalBasisHint')}
          multiline={4}
          value={form.legalBasis ?? ''}
          onChange={(e) => set('legalBasis', orNull(e.target.value))}
          error={err('legalBasis')}
        />
        <div className="catalogue-grid">
          <TextField
            label={t('detail.legalEffectiveOn')}
            type="date"
            value={form.legalEffectiveOn ?? ''}
            onChange={(e) => set('legalEffectiveOn', orNull(e.target.value))}
            error={err('legalEffectiveOn')}
          />
          <TextField
            label={t('detail.announcedOn')}
            type="date"
            value={form.announcedOn ?? ''}
            onChange={(e) => set('announcedOn', orNull(e.target.value))}
            error={err('announcedOn')}
          />
          <TextField
            label={t('detail.publishedOn')}
            type="date"
            value={form.publishedOn ?? ''}
            onChange={(e) => set('publishedOn', orNull(e.target.value))}
            error={err('publishedOn')}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('form.effectiveFrom')}</legend>
        <div className="catalogue-grid">
          <TextField
            label={t('form.effectiveFrom')}
            hint={t('form.effectiveHint')}
            type="date"
            value={effectiveFrom}
            onChange={(e) => setEffectiveFrom(e.target.value)}
          />
          <TextField
            label={t('form.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </fieldset>

      {error ? <Alert tone="error">{error}</Alert> : null}
      {conflict ? (
        <Alert tone="warning">
          {t('form.conflict')}{' '}
          <Button size="small" variant="secondary" onClick={() => void load()}>
            {t('form.reload')}
          </Button>
        </Alert>
      ) : null}
      <div className="catalogue-toolbar">
        <Button type="submit" variant="primary" busy={busy}>
          {creating ? t('form.save') : t('form.saveVersion')}
        </Button>
        <Link className="btn btn-secondary" to="/quan-tri/thu-tuc">
          {t('form.cancel')}
        </Link>
      </div>
    </form>
  );

  return (
    <div className="catalogue">
      <p>
        <Link to="/quan-tri/thu-tuc">← {t('office.title')}</Link>
      </p>
      <PageTitle title={title} subtitle={detail?.current?.name ?? detail?.versions[0]?.name} />
      {detail ? (
        <div className="catalogue-toolbar">
          {detail.status === 'retired' ? (
            <StatusBadge tone="danger">{t('office.status.retired')}</StatusBadge>
          ) : null}
          {detail.status === 'active' ? (
            <Button variant="danger" onClick={() => setRetiring(true)}>
              {t('status.retire')}
            </Button>
          ) : (
            <Button variant="secondary" busy={busy} onClick={() => void changeStatus(true)}>
              {t('status.reactivate')}
            </Button>
          )}
        </div>
      ) : null}
      {creating ? (
        formContent
      ) : (
        <Tabs
          label={title}
          tabs={[
            { id: 'edit', label: t('office.edit'), content: formContent },
            { id: 'history', label: t('history.title'), content: history },
          ]}
        />
      )}
      <Dialog
        open={retiring}
        onClose={() => setRetiring(false)}
        title={t('status.retireTitle', { code: detail?.code ?? '' })}
        actions={
          <>
            <Button variant="secondary" onClick={() => setRetiring(false)}>
              {t('form.cancel')}
            </Button>
            <Button variant="danger" busy={busy} onClick={() => void changeStatus(false)}>
              {t('status.retire')}
            </Button>
          </>
        }
      >
        <p>{t('status.retireText')}</p>
        <TextField
          label={t('status.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Dialog>
    </div>
  );
}
