import './portal.css';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { RequireRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime, Money } from '../../components/DateTime.js';
import { Dialog } from '../../components/Dialog.js';
import { FileDrop, formatBytes } from '../../components/FileDrop.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import {
  ACCEPT,
  type CitizenDossier,
  MAX_BYTES,
  portalApi,
  statusTone,
  uploadFile,
} from './api.js';
import { type FeeState, feeState } from './fees.js';

/** `/tai-khoan/ho-so/:id` — one of my dossiers: progress, papers, fee, messages, next steps. */
export default function MyDossierPage() {
  return (
    <RequireRole signInPath="/dang-nhap/cong-dan">
      <MyDossier />
    </RequireRole>
  );
}

function MyDossier() {
  const { t, i18n } = useTranslation('portal');
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const [dossier, setDossier] = useState<CitizenDossier | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const [withdrawOpen, setWithdrawOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      setDossier(await portalApi.dossier(Number(id)));
    } catch (caught) {
      setError(
        isApiError(caught) && caught.code === 'not_found'
          ? t('dossier.notFound')
          : isApiError(caught)
            ? caught.message
            : String(caught),
      );
    }
  }, [id, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error)
    return (
      <>
        <PageTitle title={t('dossier.notFound')} />
        <Alert tone="error" title={error} />
        <p>
          <Link to="/tai-khoan/ho-so">← {t('dossier.back')}</Link>
        </p>
      </>
    );
  if (!dossier) return <Skeleton lines={8} label={t('dossier.loading')} />;

  const pay = async () => {
    setPayError(null);
    setPaying(true);
    try {
      const started = await portalApi.pay(dossier.id);
      window.location.assign(started.redirectUrl);
    } catch (caught) {
      setPayError(isApiError(caught) ? caught.message : String(caught));
      setPaying(false);
    }
  };

  const componentName = (code: string | null) =>
    dossier.components.find((c) => c.code === code)?.name ?? code ?? '';
  const deliveryText = t(`delivery.${dossier.delivery.method}`);

  return (
    <div className="portal dossier-page">
      <p>
        <Link to="/tai-khoan/ho-so">← {t('dossier.back')}</Link>
      </p>
      <PageTitle
        title={dossier.procedure.name}
        subtitle={dossier.code ? `${t('dossier.code')}: ${dossier.code}` : t('mine.noCode')}
      />
      <p className="dossier-status" aria-live="polite">
        <StatusBadge tone={statusTone(dossier.status)}>{dossier.statusLabel[language]}</StatusBadge>{' '}
        {dossier.late ? <StatusBadge tone="danger">{t('dossier.late')}</StatusBadge> : null}{' '}
        {dossier.paused ? <StatusBadge tone="warning">{t('dossier.paused')}</StatusBadge> : null}
      </p>

      {params.get('da-nop') === '1' && dossier.status === 'submitted' ? (
        <Alert tone="success" title={dossier.statusLabel[language]}>
          {t('dossier.justSubmitted')}
        </Alert>
      ) : null}
      {dossier.status === 'draft' ? (
        <Alert tone="info" title={t('dossier.draftNotice')}>
          <Link
            className="btn btn-primary"
            to={`/nop-ho-so/${encodeURIComponent(dossier.procedure.code)}?ho-so=${dossier.id}`}
          >
            {t('dossier.continue')}
          </Link>
        </Alert>
      ) : null}
      {dossier.result.ready ? (
        <Alert tone="success" title={t('dossier.resultReady')}>
          <p>{t('dossier.resultReadyText', { delivery: deliveryText })}</p>
          {dossier.result.electronic.length > 0 ? (
            <ul className="plain-list">
              {dossier.result.electronic.map((file) => (
                <li key={file.id}>
                  <a className="btn btn-primary" href={file.url} download={file.name}>
                    {t('dossier.downloadResult', { name: file.name })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {dossier.status === 'not_accepted' ? (
        <Alert tone="error" title={t('dossier.notAccepted')}>
          {dossier.timeline.at(-1)?.note ? <p>{dossier.timeline.at(-1)?.note}</p> : null}
        </Alert>
      ) : null}
      {dossier.supplementRequest && dossier.can.supplement ? (
        <SupplementForm dossier={dossier} onDone={load} />
      ) : null}

      <div className="dossier-grid">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t('dossier.status')}</h2>
          <dl className="facts">
            <dt>{t('dossier.code')}</dt>
            <dd>{dossier.code ?? t('mine.noCode')}</dd>
            <dt>{t('dossier.receivingUnit')}</dt>
            <dd>{dossier.receivingUnit.name}</dd>
            <dt>{t('dossier.agency')}</dt>
            <dd>{dossier.agencyUnit.name}</dd>
            <dt>{t('dossier.createdAt')}</dt>
            <dd>
              <DateTime value={dossier.createdAt} />
            </dd>
            {dossier.receivedAt ? (
              <>
                <dt>{t('dossier.receivedAt')}</dt>
                <dd>
                  <DateTime value={dossier.receivedAt} />
                </dd>
              </>
            ) : null}
            {dossier.dueAt ? (
              <>
                <dt>{t('dossier.dueAt')}</dt>
                <dd>
                  <strong>
                    <DateTime value={dossier.dueAt} />
                  </strong>
                </dd>
              </>
            ) : null}
            {dossier.originalDueAt && dossier.originalDueAt !== dossier.dueAt ? (
              <>
                <dt>{t('dossier.originalDueAt')}</dt>
                <dd>
                  <DateTime value={dossier.originalDueAt} />
                </dd>
              </>
            ) : null}
            {dossier.finishedAt ? (
              <>
                <dt>{t('dossier.finishedAt')}</dt>
                <dd>
                  <DateTime value={dossier.finishedAt} />
                </dd>
              </>
            ) : null}
            {dossier.returnedAt ? (
              <>
                <dt>{t('dossier.returnedAt')}</dt>
                <dd>
                  <DateTime value={dossier.returnedAt} />
                </dd>
              </>
            ) : null}
            <dt>{t('dossier.delivery')}</dt>
            <dd>
              {deliveryText}
              {dossier.delivery.address ? ` — ${dossier.delivery.address}` : ''}
            </dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="fee-title">
          <h2 id="fee-title">{t('dossier.feeTitle')}</h2>
          {dossier.fee.amount > 0 ? (
            <dl className="facts">
              <dt>{t('dossier.amount')}</dt>
              <dd>
                <Money amount={dossier.fee.amount} />
              </dd>
              <dt>{t('dossier.status')}</dt>
              <dd>
                <FeeBadge
                  state={feeState({
                    status: dossier.status,
                    feeAmount: dossier.fee.amount,
                    paid: dossier.fee.paid,
                    refunded: dossier.payments.some((p) => p.status === 'refunded'),
                  })}
                />
              </dd>
              {dossier.fee.receiptNo ? (
                <>
                  <dt>{t('dossier.receiptNo')}</dt>
                  <dd>{dossier.fee.receiptNo}</dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p>{t('dossier.noFee')}</p>
          )}
          {payError ? <Alert tone="error" title={payError} /> : null}
          {dossier.can.pay ? (
            <Button variant="primary" busy={paying} onClick={() => void pay()}>
              {paying ? t('dossier.paying') : t('dossier.pay')}
            </Button>
          ) : null}
        </section>
      </div>

      <div className="actions">
        {dossier.can.rate ? (
          <Link className="btn btn-primary" to={`/tai-khoan/ho-so/${dossier.id}/danh-gia`}>
            {dossier.rating.rated ? t('dossier.editRating') : t('dossier.rate')}
          </Link>
        ) : null}
        {dossier.can.withdraw ? (
          <Button variant="secondary" onClick={() => setWithdrawOpen(true)}>
            {t('dossier.withdraw')}
          </Button>
        ) : null}
      </div>

      <section className="portal-section" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('dossier.timeline')}</h2>
        <ol className="progress-timeline">
          {dossier.timeline.map((step) => (
            <li key={step.seq}>
              <p className="progress-when">
                <DateTime value={step.at} />
              </p>
              <p className="progress-what">
                <strong>{step.actionLabel[language]}</strong> — {step.statusLabel[language]}
              </p>
              {step.note ? <p className="progress-note">{step.note}</p> : null}
              {step.missing.length > 0 ? (
                <ul>
                  {step.missing.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="portal-section" aria-labelledby="docs-title">
        <h2 id="docs-title">{t('dossier.documents')}</h2>
        {dossier.documents.length === 0 ? <p>{t('dossier.noDocuments')}</p> : null}
        {dossier.documents.length > 0 ? (
          <ul className="doc-list">
            {dossier.documents.map((doc) => (
              <li key={doc.id}>
                <span className="doc-kind">
                  {t(`dossier.kind.${doc.kind}`)}
                  {doc.componentCode ? `: ${componentName(doc.componentCode)}` : ''}
                </span>
                <a
                  href={doc.url}
                  download={doc.name}
                  aria-label={t('dossier.download', { name: doc.name })}
                >
                  {doc.name}
                </a>{' '}
                <span className="field-hint">({formatBytes(doc.size)})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {dossier.forms.length > 0 ? (
          <>
            <h3>{t('dossier.forms')}</h3>
            <ul className="doc-list">
              {dossier.forms.map((form) => (
                <li key={form.form}>
                  <a href={form.url} target="_blank" rel="noreferrer">
                    {form[language]} (PDF)
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="portal-section" aria-labelledby="notes-title">
        <h2 id="notes-title">{t('dossier.notifications')}</h2>
        {dossier.notifications.length === 0 ? <p>{t('dossier.noNotifications')}</p> : null}
        {dossier.notifications.length > 0 ? (
          <ul className="notification-list">
            {dossier.notifications.map((note) => (
              <li key={note.id}>
                <p className="notification-title">{note.title}</p>
                <p>{note.body}</p>
                <p className="field-hint">
                  <DateTime value={note.createdAt} />
                  {note.channels.length > 0
                    ? ` · ${t('dossier.sentBy', {
                        channels: note.channels
                          .map((c) => t(`dossier.channel.${c.channel}`, { to: c.to }))
                          .join(', '),
                      })}`
                    : ''}
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <WithdrawDialog
        dossier={dossier}
        open={withdrawOpen}
        onClose={() => setWithdrawOpen(false)}
        onDone={() => {
          setWithdrawOpen(false);
          void load();
        }}
      />
    </div>
  );
}

interface Pending {
  key: string;
  name: string;
  progress: number;
  fileId?: number;
  error?: string;
}

let pendingSeq = 0;

/** The supplement request as the agency wrote it, and the form to answer it online. */
/** The fee's state in words; a fee the dossier no longer owes is said so, not "unpaid". */
function FeeBadge({ state }: { state: FeeState }) {
  const { t } = useTranslation('portal');
  if (state === 'paid') return <StatusBadge tone="success">{t('dossier.paid')}</StatusBadge>;
  if (state === 'refunded')
    return <StatusBadge tone="neutral">{t('dossier.refunded')}</StatusBadge>;
  if (state === 'not_due')
    return <StatusBadge tone="neutral">{t('dossier.feeNotDue')}</StatusBadge>;
  return <StatusBadge tone="warning">{t('dossier.unpaid')}</StatusBadge>;
}

function SupplementForm({
  dossier,
  onDone,
}: {
  dossier: CitizenDossier;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('portal');
  const toast = useToast();
  const request = dossier.supplementRequest!;
  const [component, setComponent] = useState(dossier.components[0]?.code ?? '');
  const [files, setFiles] = useState<Record<string, Pending[]>>({});
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = (code: string, chosen: File[]) => {
    for (const file of chosen) {
      pendingSeq += 1;
      const key = `s${pendingSeq}`;
      const patch = (change: Partial<Pending>) =>
        setFiles((all) => ({
          ...all,
          [code]: (all[code] ?? []).map((p) => (p.key === key ? { ...p, ...change } : p)),
        }));
      setFiles((all) => ({
        ...all,
        [code]: [...(all[code] ?? []), { key, name: file.name, progress: 0 }],
      }));
      uploadFile(file, (progress) => patch({ progress }))
        .then((stored) => patch({ fileId: stored.id, progress: 100 }))
        .catch((caught: unknown) =>
          patch({
            error: t('apply.uploadFailed', {
              name: file.name,
              message: isApiError(caught) ? caught.message : String(caught),
            }),
          }),
        );
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const all = Object.values(files).flat();
    if (all.some((p) => p.fileId === undefined && !p.error)) {
      setError(t('apply.waitUploads'));
      return;
    }
    const components = Object.entries(files)
      .map(([code, list]) => ({
        code,
        fileIds: list.filter((p) => p.fileId !== undefined).map((p) => p.fileId!),
      }))
      .filter((c) => c.fileIds.length > 0);
    if (components.length === 0) {
      setError(t('errors.supplementFiles'));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await portalApi.supplement(dossier.id, dossier.version, components, note.trim() || null);
      toast.show(t('dossier.supplementSent'), 'success');
      await onDone();
    } catch (caught) {
      setError(isApiError(caught) ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const chosen = files[component] ?? [];
  return (
    <section className="card supplement" aria-labelledby="supplement-title">
      <h2 id="supplement-title">{t('dossier.supplementTitle')}</h2>
      <p className="field-hint">
        {t('dossier.supplementAskedAt')}: <DateTime value={request.at} />
      </p>
      {request.note ? <p className="supplement-note">{request.note}</p> : null}
      {request.missing.length > 0 ? (
        <>
          <h3>{t('dossier.supplementMissing')}</h3>
          <ul>
            {request.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {error ? <Alert tone="error" title={error} /> : null}
        <div className="field">
          <label htmlFor="supplement-component">{t('dossier.supplementFor')}</label>
          <select
            id="supplement-component"
            value={component}
            onChange={(e) => setComponent(e.target.value)}
          >
            {dossier.components.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
                {(files[c.code] ?? []).length > 0 ? ` (${(files[c.code] ?? []).length})` : ''}
              </option>
            ))}
          </select>
        </div>
        <FileDrop
          label={t('dossier.supplementFiles')}
          files={[]}
          onFilesChange={(list) => add(component, list)}
          accept={ACCEPT}
          maxBytes={MAX_BYTES}
          multiple
        />
        {Object.entries(files).some(([, list]) => list.length > 0) ? (
          <ul className="file-list upload-list">
            {Object.entries(files).flatMap(([code, list]) =>
              list.map((p) => (
                <li key={p.key}>
                  <span className="upload-name">
                    {dossier.components.find((c) => c.code === code)?.name}: {p.name}
                    {p.fileId === undefined && !p.error ? (
                      <progress
                        max={100}
                        value={p.progress}
                        aria-label={t('apply.progress', { name: p.name })}
                      />
                    ) : null}
                    {p.error ? (
                      <span className="field-error" role="alert">
                        {p.error}
                      </span>
                    ) : null}
                  </span>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={t('apply.remove', { name: p.name })}
                    onClick={() =>
                      setFiles((all) => ({
                        ...all,
                        [code]: (all[code] ?? []).filter((x) => x.key !== p.key),
                      }))
                    }
                  >
                    ×
                  </button>
                </li>
              )),
            )}
          </ul>
        ) : null}
        <span className="visually-hidden" role="status">
          {chosen.length > 0 ? chosen.map((p) => p.name).join(', ') : ''}
        </span>
        <TextField
          label={t('dossier.supplementNote')}
          name="supplementNote"
          multiline={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('dossier.sendSupplement')}
        </Button>
      </form>
    </section>
  );
}

function WithdrawDialog({
  dossier,
  open,
  onClose,
  onDone,
}: {
  dossier: CitizenDossier;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('portal');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!reason.trim()) {
      setError(t('errors.withdrawReason'));
      return;
    }
    setBusy(true);
    try {
      await portalApi.withdraw(dossier.id, dossier.version, reason.trim());
      setReason('');
      setError(null);
      onDone();
    } catch (caught) {
      setError(isApiError(caught) ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('dossier.withdrawTitle', { code: dossier.code ?? `#${dossier.id}` })}
      actions={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('dossier.cancel')}
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void confirm()}>
            {t('dossier.withdrawConfirm')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('dossier.withdrawReason')}
        name="withdrawReason"
        multiline={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={error}
        required
      />
    </Dialog>
  );
}
