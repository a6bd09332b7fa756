import './portal.css';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { RequireRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Money } from '../../components/DateTime.js';
import { FileDrop, formatBytes } from '../../components/FileDrop.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import {
  ACCEPT,
  type ApplicantDetails,
  type ApplicationBody,
  type ApplicationForm,
  type CitizenDocument,
  type DeliveryMethod,
  type Issue,
  MAX_BYTES,
  portalApi,
  uploadFile,
} from './api.js';
import { applicantErrors, issueMessage } from './validation.js';

interface Upload {
  key: string;
  component: string;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'done' | 'error';
  fileId?: number;
  error?: string;
}

let uploadSeq = 0;

/** `/nop-ho-so/:procedureCode` — the online application form, for signed-in applicants. */
export default function ApplyPage() {
  return (
    <RequireRole signInPath="/dang-nhap/cong-dan">
      <ApplyForm />
    </RequireRole>
  );
}

function ApplyForm() {
  const { t, i18n } = useTranslation('portal');
  const { procedureCode = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const draftId = Number(params.get('ho-so')) || null;

  const [form, setForm] = useState<ApplicationForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [applicant, setApplicant] = useState<ApplicantDetails | null>(null);
  const [unitId, setUnitId] = useState<string>('');
  const [delivery, setDelivery] = useState<DeliveryMethod>('counter');
  const [deliveryAddress, setDeliveryAddress] = useState('');
  const [attached, setAttached] = useState<CitizenDocument[]>([]);
  const [removed, setRemoved] = useState<number[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [version, setVersion] = useState<number | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    Promise.all([portalApi.form(procedureCode), draftId ? portalApi.dossier(draftId) : null])
      .then(([loaded, draft]) => {
        if (!live) return;
        setForm(loaded);
        if (draft && draft.status === 'draft') {
          setApplicant({ ...draft.applicant });
          setUnitId(String(draft.receivingUnit.id));
          setDelivery(draft.delivery.method);
          setDeliveryAddress(draft.delivery.address ?? '');
          setAttached(draft.documents.filter((d) => d.kind === 'component'));
          setVersion(draft.version);
        } else {
          setApplicant({ ...loaded.applicant });
          setUnitId(loaded.receivingUnits.length === 1 ? String(loaded.receivingUnits[0]!.id) : '');
          setDelivery(loaded.deliveryMethods[0] ?? 'counter');
        }
      })
      .catch((caught: unknown) => {
        if (!live) return;
        if (isApiError(caught) && caught.code === 'not_found')
          setLoadError(t('apply.notFound', { code: procedureCode }));
        else if (isApiError(caught) && caught.code === 'rule_violation')
          setLoadError(t('apply.notOnline'));
        else setLoadError(isApiError(caught) ? caught.message : String(caught));
      });
    return () => {
      live = false;
    };
  }, [procedureCode, draftId, t]);

  const startUpload = useCallback(
    (component: string, files: File[]) => {
      for (const file of files) {
        uploadSeq += 1;
        const key = `u${uploadSeq}`;
        setUploads((list) => [
          ...list,
          { key, component, name: file.name, size: file.size, progress: 0, state: 'uploading' },
        ]);
        const patch = (change: Partial<Upload>) =>
          setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
        uploadFile(file, (progress) => patch({ progress }))
          .then((stored) => patch({ state: 'done', fileId: stored.id, progress: 100 }))
          .catch((caught: unknown) =>
            patch({
              state: 'error',
              error: t('apply.uploadFailed', {
                name: file.name,
                message: isApiError(caught) ? caught.message : String(caught),
              }),
            }),
          );
      }
    },
    [t],
  );

  if (loadError)
    return (
      <>
        <PageTitle title={t('apply.title')} />
        <Alert tone="error" title={loadError} />
        <p>
          <Link to={`/thu-tuc/${encodeURIComponent(procedureCode)}`}>{procedureCode}</Link>
        </p>
      </>
    );
  if (!form || !applicant) return <Skeleton lines={8} label={t('apply.loading')} />;

  const procedureName =
    i18n.language === 'en' && form.procedure.nameEn ? form.procedure.nameEn : form.procedure.name;
  const errorFor = (path: string) => {
    const issue = issues.find((i) => i.path === path);
    return issue ? issueMessage(t, issue, form.procedure.components) : null;
  };
  const filesOf = (code: string) => [
    ...attached.filter((d) => d.componentCode === code && !removed.includes(d.id)),
  ];
  const uploadsOf = (code: string) => uploads.filter((u) => u.component === code);

  const body = (): ApplicationBody => ({
    receivingUnitId: unitId ? Number(unitId) : null,
    applicant: {
      ...applicant,
      idNumber: applicant.idNumber?.trim() || null,
      taxCode: applicant.taxCode?.trim() || null,
      phone: applicant.phone?.replace(/[\s.-]/g, '') || null,
      email: applicant.email?.trim() || null,
      address: applicant.address?.trim() || null,
    },
    delivery: {
      method: delivery,
      address: delivery === 'post' ? deliveryAddress.trim() || null : null,
    },
    components: form.procedure.components
      .map((c) => ({
        code: c.code,
        fileIds: uploadsOf(c.code)
          .filter((u) => u.state === 'done' && u.fileId !== undefined)
          .map((u) => u.fileId!),
      }))
      .filter((c) => c.fileIds.length > 0),
    ...(removed.length > 0 ? { removeDocumentIds: removed } : {}),
  });

  const showIssues = (list: Issue[]) => {
    setIssues(list);
    setTimeout(() => summaryRef.current?.focus(), 0);
  };

  /** Saves (creates or updates) and returns the draft's id and version. */
  const save = async (): Promise<{ id: number; version: number }> => {
    const payload = body();
    const saved =
      draftId && version !== null
        ? await portalApi.update(draftId, version, payload)
        : await portalApi.create(form.procedure.code, payload);
    const fresh = await portalApi.dossier(saved.id);
    setAttached(fresh.documents.filter((d) => d.kind === 'component'));
    setRemoved([]);
    setUploads((list) => list.filter((u) => u.state === 'uploading'));
    setVersion(fresh.version);
    if (!draftId) setParams({ 'ho-so': String(saved.id) }, { replace: true });
    return { id: saved.id, version: fresh.version };
  };

  const run = async (kind: 'save' | 'submit') => {
    setError(null);
    setNotice(null);
    if (uploads.some((u) => u.state === 'uploading')) {
      setError(t('apply.waitUploads'));
      return;
    }
    const local =
      kind === 'submit'
        ? [
            ...applicantErrors(applicant),
            ...form.procedure.components
              .filter(
                (c) =>
                  c.required &&
                  filesOf(c.code).length === 0 &&
                  !uploadsOf(c.code).some((u) => u.state === 'done'),
              )
              .map((c) => ({ path: `/components/${c.code}`, message: 'missing' })),
            ...(delivery === 'post' && !deliveryAddress.trim()
              ? [{ path: '/delivery/address', message: 'required' }]
              : []),
            ...(!unitId ? [{ path: '/receivingUnitId', message: 'required' }] : []),
          ]
        : [];
    if (local.length > 0) {
      showIssues(local);
      return;
    }
    setIssues([]);
    setBusy(kind);
    try {
      const saved = await save();
      if (kind === 'save') {
        setNotice(t('apply.saved'));
        return;
      }
      await portalApi.submit(saved.id, saved.version);
      navigate(`/tai-khoan/ho-so/${saved.id}?da-nop=1`);
    } catch (caught) {
      const details = isApiError(caught)
        ? (caught.details as { issues?: Issue[] } | undefined)
        : undefined;
      if (isApiError(caught) && caught.code === 'validation_failed' && details?.issues?.length)
        showIssues(details.issues);
      else setError(isApiError(caught) ? caught.message : String(caught));
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run('submit');
  };

  const set = (field: keyof ApplicantDetails, value: string) =>
    setApplicant((a) => (a ? { ...a, [field]: value } : a));
  const organisation = applicant.kind === 'organisation';
  const unitOptions = form.receivingUnits.map((u) => ({
    value: String(u.id),
    label: i18n.language === 'en' && u.nameEn ? u.nameEn : u.name,
  }));

  return (
    <div className="portal apply">
      <PageTitle
        title={draftId ? t('apply.editTitle') : t('apply.title')}
        subtitle={procedureName}
      />
      <dl className="facts apply-facts">
        <dt>{t('apply.procedure')}</dt>
        <dd>
          <Link to={`/thu-tuc/${encodeURIComponent(form.procedure.code)}`}>
            {form.procedure.code}
          </Link>{' '}
          — {t(`apply.online.${form.procedure.onlineLevel}`, { defaultValue: '' })}
        </dd>
        <dt>{t('apply.fee')}</dt>
        <dd>
          {form.procedure.feeTotal > 0 ? (
            <Money amount={form.procedure.feeTotal} />
          ) : (
            t('apply.free')
          )}
        </dd>
      </dl>

      <div ref={summaryRef} tabIndex={-1} className="error-summary-anchor">
        {issues.length > 0 ? (
          <Alert tone="error" title={t('apply.fixErrors')}>
            <ul>
              {issues.map((issue) => (
                <li key={`${issue.path}-${issue.message}`}>
                  <a href={`#${fieldId(issue.path)}`}>
                    {issueMessage(t, issue, form.procedure.components)}
                  </a>
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {error ? <Alert tone="error" title={error} /> : null}
        {notice ? <Alert tone="success" title={notice} /> : null}
      </div>

      <form className="form apply-form" onSubmit={onSubmit} noValidate>
        <p className="field-hint">{t('apply.requiredNote')}</p>
        <fieldset className="apply-section">
          <legend>{t('apply.stepApplicant')}</legend>
          {form.procedure.applicantKinds.length > 1 ? (
            <fieldset className="choice-group">
              <legend>{t('apply.kind')}</legend>
              {form.procedure.applicantKinds.map((kind) => (
                <label key={kind} className="choice">
                  <input
                    type="radio"
                    name="applicant-kind"
                    value={kind}
                    checked={applicant.kind === kind}
                    onChange={() => set('kind', kind)}
                  />{' '}
                  {kind === 'individual' ? t('apply.kindIndividual') : t('apply.kindOrganisation')}
                </label>
              ))}
            </fieldset>
          ) : null}
          <TextField
            id={fieldId('/applicant/name')}
            name="name"
            label={organisation ? t('apply.orgName') : t('apply.name')}
            value={applicant.name}
            onChange={(e) => set('name', e.target.value)}
            autoComplete={organisation ? 'organization' : 'name'}
            error={errorFor('/applicant/name')}
            required
          />
          {organisation ? (
            <TextField
              id={fieldId('/applicant/taxCode')}
              name="taxCode"
              label={t('apply.taxCode')}
              value={applicant.taxCode ?? ''}
              onChange={(e) => set('taxCode', e.target.value)}
              inputMode="numeric"
              error={errorFor('/applicant/taxCode')}
              required
            />
          ) : null}
          <TextField
            id={fieldId('/applicant/idNumber')}
            name="idNumber"
            label={t('apply.idNumber')}
            hint={t('apply.idNumberHint')}
            value={applicant.idNumber ?? ''}
            onChange={(e) => set('idNumber', e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            error={errorFor('/applicant/idNumber')}
            required={!organisation}
          />
          <TextField
            id={fieldId('/applicant/phone')}
            name="phone"
            type="tel"
            label={t('apply.phone')}
            hint={t('apply.phoneHint')}
            value={applicant.phone ?? ''}
            onChange={(e) => set('phone', e.target.value)}
            autoComplete="tel"
            error={errorFor('/applicant/phone')}
          />
          <TextField
            id={fieldId('/applicant/email')}
            name="email"
            type="email"
            label={t('apply.email')}
            value={applicant.email ?? ''}
            onChange={(e) => set('email', e.target.value)}
            autoComplete="email"
            error={errorFor('/applicant/email')}
          />
          <TextField
            id={fieldId('/applicant/address')}
            name="address"
            label={t('apply.address')}
            value={applicant.address ?? ''}
            onChange={(e) => set('address', e.target.value)}
            autoComplete="street-address"
          />
        </fieldset>

        <fieldset className="apply-section">
          <legend>{t('apply.stepComponents')}</legend>
          <p className="field-hint">{t('apply.componentsHint')}</p>
          <ol className="component-list">
            {form.procedure.components.map((component) => (
              <li key={component.code} id={fieldId(`/components/${component.code}`)} tabIndex={-1}>
                <ComponentUpload
                  component={component}
                  attached={filesOf(component.code)}
                  uploads={uploadsOf(component.code)}
                  error={errorFor(`/components/${component.code}`)}
                  onFiles={(files) => startUpload(component.code, files)}
                  onRemoveAttached={(id) => setRemoved((list) => [...list, id])}
                  onRemoveUpload={(key) => setUploads((list) => list.filter((u) => u.key !== key))}
                />
              </li>
            ))}
          </ol>
        </fieldset>

        <fieldset className="apply-section">
          <legend>{t('apply.stepDelivery')}</legend>
          <Select
            id={fieldId('/receivingUnitId')}
            name="receivingUnitId"
            label={t('apply.receivingUnit')}
            options={unitOptions}
            placeholder={unitOptions.length > 1 ? t('apply.chooseUnit') : undefined}
            value={unitId}
            onChange={(e) => setUnitId(e.target.value)}
            error={errorFor('/receivingUnitId')}
            required
          />
          <fieldset className="choice-group" id={fieldId('/delivery/method')}>
            <legend>{t('apply.deliveryLegend')}</legend>
            {form.deliveryMethods.map((method) => (
              <label key={method} className="choice">
                <input
                  type="radio"
                  name="delivery"
                  value={method}
                  checked={delivery === method}
                  onChange={() => setDelivery(method)}
                />{' '}
                {t(`delivery.${method}`)}
              </label>
            ))}
          </fieldset>
          {delivery === 'post' ? (
            <TextField
              id={fieldId('/delivery/address')}
              name="deliveryAddress"
              label={t('apply.deliveryAddress')}
              value={deliveryAddress}
              onChange={(e) => setDeliveryAddress(e.target.value)}
              autoComplete="street-address"
              error={errorFor('/delivery/address')}
              required
            />
          ) : null}
        </fieldset>

        <div className="actions">
          <Button type="submit" variant="primary" busy={busy === 'submit'} disabled={busy !== null}>
            {t('apply.submit')}
          </Button>
          <Button
            variant="secondary"
            busy={busy === 'save'}
            disabled={busy !== null}
            onClick={() => void run('save')}
          >
            {t('apply.saveDraft')}
          </Button>
        </div>
      </form>
    </div>
  );
}

/** The element id a server issue path points at (the error summary links to it). */
function fieldId(path: string): string {
  return `f${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

function ComponentUpload({
  component,
  attached,
  uploads,
  error,
  onFiles,
  onRemoveAttached,
  onRemoveUpload,
}: {
  component: { code: string; name: string; required: boolean };
  attached: CitizenDocument[];
  uploads: Upload[];
  error: string | null;
  onFiles: (files: File[]) => void;
  onRemoveAttached: (id: number) => void;
  onRemoveUpload: (key: string) => void;
}) {
  const { t } = useTranslation('portal');
  const label = `${component.name}${component.required ? ' *' : ''}`;
  return (
    <div className="component-upload">
      <p className="component-status">
        <span className={component.required ? 'badge badge-warning' : 'badge badge-neutral'}>
          {component.required ? t('apply.componentRequired') : t('apply.componentOptional')}
        </span>
      </p>
      <FileDrop
        label={label}
        files={[]}
        onFilesChange={onFiles}
        accept={ACCEPT}
        maxBytes={MAX_BYTES}
        multiple
        error={error}
      />
      {attached.length + uploads.length > 0 ? (
        <ul
          className="file-list upload-list"
          aria-label={`${t('apply.attached')}: ${component.name}`}
        >
          {attached.map((doc) => (
            <li key={`d${doc.id}`}>
              <span>
                <a href={doc.url}>{doc.name}</a>{' '}
                <span className="field-hint">({formatBytes(doc.size)})</span>
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={t('apply.remove', { name: doc.name })}
                onClick={() => onRemoveAttached(doc.id)}
              >
                ×
              </button>
            </li>
          ))}
          {uploads.map((upload) => (
            <li key={upload.key} className={upload.state === 'error' ? 'upload-error' : undefined}>
              <span className="upload-name">
                {upload.name} <span className="field-hint">({formatBytes(upload.size)})</span>
                {upload.state === 'uploading' ? (
                  <progress
                    max={100}
                    value={upload.progress}
                    aria-label={t('apply.progress', { name: upload.name })}
                  />
                ) : null}
                <span className="visually-hidden" role="status">
                  {upload.state === 'uploading'
                    ? t('apply.uploading', { name: upload.name })
                    : upload.state === 'done'
                      ? t('apply.uploaded', { name: upload.name })
                      : ''}
                </span>
                {upload.state === 'error' ? (
                  <span className="field-error" role="alert">
                    {upload.error}
                  </span>
                ) : null}
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={t('apply.remove', { name: upload.name })}
                onClick={() => onRemoveUpload(upload.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
