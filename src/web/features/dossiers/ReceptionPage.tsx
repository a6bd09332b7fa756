import './dossiers.css';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { FileDrop } from '../../components/FileDrop.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { TextField } from '../../components/TextField.js';
import {
  type Channel,
  type Decision,
  type DeliveryMethod,
  dossierApi,
  formUrl,
  type ProcedureDetail,
  type ProcedureSummary,
  type ReceiveBody,
  type ReceiveResult,
} from './api.js';
import {
  fieldErrors,
  isCitizenId,
  isEmail,
  isPhone,
  isTaxCode,
  newIdempotencyKey,
  nonEmptyLines,
} from './dossierFormat.js';

const ACCEPT = '.pdf,.jpg,.jpeg,.png';
const MAX_BYTES = 20 * 1024 * 1024;

type Errors = Record<string, string>;

interface Outcome {
  decision: Decision;
  result: ReceiveResult;
}

/**
 * Reception at the counter (DOMAIN §4 step 1): find the procedure, record the applicant, tick
 * the components and attach their scans, choose channel and result delivery, then register
 * (Form 01), ask for a supplement (Form 02) or refuse (Form 03). One Idempotency-Key per
 * submission attempt: a double click or a retry after a lost answer never makes two dossiers.
 */
export default function ReceptionPage() {
  const { t, i18n } = useTranslation('dossiers');
  const { user } = useAuth();
  const units = useMemo(() => {
    const seen = new Map<number, string>();
    for (const g of user?.roles ?? [])
      if (g.role === 'counter_officer' && g.unitId !== null)
        seen.set(g.unitId, g.unitName ?? String(g.unitId));
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [user]);
  const [unitId, setUnitId] = useState<number | null>(null);
  const receivingUnitId = unitId ?? units[0]?.id ?? null;

  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProcedureSummary[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [procedure, setProcedure] = useState<ProcedureDetail | null>(null);

  const [kind, setKind] = useState<'individual' | 'organisation'>('individual');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [taxCode, setTaxCode] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [address, setAddress] = useState('');

  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [files, setFiles] = useState<Record<string, File[]>>({});
  const [channel, setChannel] = useState<Channel>(1);
  const [delivery, setDelivery] = useState<DeliveryMethod>('counter');
  const [deliveryAddress, setDeliveryAddress] = useState('');
  const [missingText, setMissingText] = useState('');
  const [note, setNote] = useState('');

  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Decision | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const key = useRef(newIdempotencyKey());
  const uploaded = useRef(new Map<File, number>());
  const form = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLElement>(null);
  const focusInvalid = useRef(false);
  const ids = useId();

  // Search the catalogue as the officer types (diacritics and case ignored by the server).
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setSearching(true);
      dossierApi
        .searchProcedures(q, controller.signal)
        .then((page) => setResults(page.items))
        .catch((e) => {
          if (!(e instanceof DOMException)) setFormError(isApiError(e) ? e.message : String(e));
        })
        .finally(() => setSearching(false));
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });

  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);

  const choose = async (code: string) => {
    setFormError(null);
    try {
      const detail = await dossierApi.procedure(code);
      setProcedure(detail);
      setTicked(new Set());
      setFiles({});
      setErrors((e) => ({ ...e, '/procedureCode': '' }));
    } catch (e) {
      setFormError(isApiError(e) ? e.message : String(e));
    }
  };

  const components = procedure?.current?.components ?? [];
  const requiredMissing = components.filter((c) => c.required && !ticked.has(c.code));
  const procName = (p: { name: string; nameEn: string | null }) =>
    i18n.language === 'en' && p.nameEn ? p.nameEn : p.name;

  const validate = (decision: Decision): Errors => {
    const e: Errors = {};
    if (!procedure?.current) e['/procedureCode'] = t('reception.errors.procedure');
    if (!name.trim()) e['/applicant/name'] = t('reception.errors.name');
    if (kind === 'individual' && !idNumber.trim())
      e['/applicant/idNumber'] = t('reception.errors.idRequired');
    else if (idNumber.trim() && !isCitizenId(idNumber.trim()))
      e['/applicant/idNumber'] = t('reception.errors.idFormat');
    if (kind === 'organisation' && !taxCode.trim())
      e['/applicant/taxCode'] = t('reception.errors.taxRequired');
    else if (taxCode.trim() && !isTaxCode(taxCode.trim()))
      e['/applicant/taxCode'] = t('reception.errors.taxFormat');
    if (phone.trim() && !isPhone(phone.trim())) e['/applicant/phone'] = t('reception.errors.phone');
    if (email.trim() && !isEmail(email.trim())) e['/applicant/email'] = t('reception.errors.email');
    if (delivery === 'post' && !deliveryAddress.trim())
      e['/delivery/address'] = t('reception.errors.deliveryAddress');
    if (decision === 'complete' && requiredMissing.length > 0)
      e['/components'] = t('reception.errors.componentsMissing', {
        list: requiredMissing.map((c) => c.name).join('; '),
      });
    if (
      decision === 'incomplete' &&
      requiredMissing.length === 0 &&
      nonEmptyLines(missingText).length === 0 &&
      !note.trim()
    )
      e['/missing'] = t('reception.errors.missingEmpty');
    if (decision === 'refused' && !note.trim()) e['/note'] = t('reception.errors.reasons');
    return e;
  };

  const submit = async (decision: Decision) => {
    setFormError(null);
    const found = validate(decision);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusInvalid.current = true;
      return;
    }
    if (!procedure?.current || receivingUnitId === null) return;
    setBusy(decision);
    try {
      // Upload the scans not uploaded by an earlier attempt; each file's field names it.
      const pending: { field: string; file: File; code: string }[] = [];
      for (const code of ticked)
        (files[code] ?? []).forEach((file, i) => {
          if (!uploaded.current.has(file)) pending.push({ field: `${code}__${i}`, file, code });
        });
      if (pending.length > 0) {
        const res = await dossierApi.upload(pending);
        res.files.forEach((stored, i) => {
          const match = pending.find((p) => p.field === stored.field) ?? pending[i];
          if (match) uploaded.current.set(match.file, stored.id);
        });
      }
      const body: ReceiveBody = {
        procedureCode: procedure.code,
        receivingUnitId,
        applicant: {
          kind,
          name: name.trim(),
          idNumber: idNumber.trim() || null,
          taxCode: taxCode.trim() || null,
          phone: phone.trim() || null,
          email: email.trim() || null,
          address: address.trim() || null,
        },
        components: [...ticked].map((code) => {
          const fileIds = (files[code] ?? [])
            .map((f) => uploaded.current.get(f))
            .filter((id): id is number => id !== undefined);
          return fileIds.length > 0 ? { code, fileIds } : { code };
        }),
        channel,
        delivery: {
          method: delivery,
          address: delivery === 'post' ? deliveryAddress.trim() : null,
        },
        decision,
        note: note.trim() || null,
        ...(decision === 'incomplete' ? { missing: nonEmptyLines(missingText) } : {}),
      };
      const result = await dossierApi.receive(body, key.current);
      setOutcome({ decision, result });
    } catch (e) {
      if (isApiError(e)) {
        const fields = fieldErrors(e.details);
        const rule = (e.details as { rule?: string } | undefined)?.rule;
        if (rule === 'components_missing') fields['/components'] = e.message;
        if (rule === 'note_required') fields['/note'] = e.message;
        setErrors(fields);
        if (Object.keys(fields).length > 0) focusInvalid.current = true;
        setFormError(e.message);
      } else setFormError(String(e));
    } finally {
      setBusy(null);
    }
  };

  const startOver = () => {
    key.current = newIdempotencyKey();
    uploaded.current = new Map();
    setOutcome(null);
    setProcedure(null);
    setQuery('');
    setResults(null);
    setName('');
    setIdNumber('');
    setTaxCode('');
    setPhone('');
    setEmail('');
    setAddress('');
    setTicked(new Set());
    setFiles({});
    setChannel(1);
    setDelivery('counter');
    setDeliveryAddress('');
    setMissingText('');
    setNote('');
    setErrors({});
    setFormError(null);
  };

  const err = (path: string) => errors[path] || null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit('complete');
  };

  if (units.length === 0) {
    return (
      <>
        <PageTitle title={t('reception.title')} />
        <Alert tone="warning">{t('reception.noCounterUnit')}</Alert>
      </>
    );
  }

  if (outcome) {
    const { decision, result } = outcome;
    return (
      <>
        <PageTitle title={t('reception.title')} />
        <section
          ref={resultRef}
          tabIndex={-1}
          aria-labelledby={`${ids}-result`}
          className="dossier-card reception-result"
        >
          <h2 id={`${ids}-result`}>{t(`reception.result.${decision}.title`)}</h2>
          {result.replayed ? <Alert tone="info">{t('reception.result.replayed')}</Alert> : null}
          {decision === 'complete' ? (
            <dl className="facts">
              <dt>{t('reception.result.code')}</dt>
              <dd>
                <strong className="dossier-code" data-testid="dossier-code">
                  {result.code}
                </strong>
              </dd>
              <dt>{t('reception.result.due')}</dt>
              <dd>
                <DateTime value={result.dueAt} />
              </dd>
            </dl>
          ) : null}
          {decision === 'incomplete' && result.missing.length > 0 ? (
            <>
              <p>{t('reception.result.incomplete.listed')}</p>
              <ul>
                {result.missing.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="actions">
            <a
              className="btn btn-primary"
              href={formUrl(
                result.id,
                decision === 'complete' ? '01' : decision === 'incomplete' ? '02' : '03',
              )}
              target="_blank"
              rel="noopener"
            >
              {t(`reception.result.${decision}.print`)}
            </a>
            <Link className="btn btn-secondary" to={`/quan-tri/ho-so/${result.id}`}>
              {t('reception.result.open')}
            </Link>
            <Button variant="ghost" onClick={startOver}>
              {t('reception.result.again')}
            </Button>
          </p>
        </section>
      </>
    );
  }

  return (
    <>
      <PageTitle title={t('reception.title')} subtitle={t('reception.subtitle')} />
      <form ref={form} className="reception" onSubmit={onSubmit} noValidate>
        {formError ? <Alert tone="error">{formError}</Alert> : null}

        <fieldset className="dossier-card">
          <legend>{t('reception.procedure.legend')}</legend>
          {units.length > 1 ? (
            <Select
              label={t('reception.unit')}
              value={String(receivingUnitId)}
              options={units.map((u) => ({ value: String(u.id), label: u.name }))}
              onChange={(e) => setUnitId(Number(e.target.value))}
            />
          ) : (
            <p className="field-hint">{t('reception.unitFixed', { unit: units[0]?.name ?? '' })}</p>
          )}
          <TextField
            label={t('reception.procedure.search')}
            hint={t('reception.procedure.searchHint')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            error={err('/procedureCode')}
            autoComplete="off"
            name="procedure-search"
          />
          <p className="visually-hidden" aria-live="polite">
            {searching
              ? t('reception.procedure.searching')
              : results
                ? t('reception.procedure.found', { count: results.length })
                : ''}
          </p>
          {results && results.length > 0 ? (
            <ul className="procedure-results" aria-label={t('reception.procedure.results')}>
              {results.map((p) => (
                <li key={p.code}>
                  <button
                    type="button"
                    className="procedure-option"
                    aria-pressed={procedure?.code === p.code}
                    onClick={() => void choose(p.code)}
                  >
                    <span className="procedure-code">{p.code}</span> {procName(p)}
                    {p.agency ? <span className="field-hint"> — {p.agency.name}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          ) : results ? (
            <p>{t('reception.procedure.none')}</p>
          ) : null}
          {procedure?.current ? (
            <Alert tone="info" title={t('reception.procedure.chosen')}>
              <span data-testid="chosen-procedure">
                {procedure.code} — {procName(procedure.current)}
              </span>
            </Alert>
          ) : null}
        </fieldset>

        <fieldset className="dossier-card">
          <legend>{t('reception.applicant.legend')}</legend>
          <fieldset className="choice-row">
            <legend>{t('reception.applicant.kind')}</legend>
            {(['individual', 'organisation'] as const).map((k) => (
              <label key={k} className="choice">
                <input
                  type="radio"
                  name="applicant-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                {t(`reception.applicant.kinds.${k}`)}
              </label>
            ))}
          </fieldset>
          <div className="field-grid">
            <TextField
              label={
                kind === 'individual'
                  ? t('reception.applicant.name')
                  : t('reception.applicant.orgName')
              }
              required
              name="applicant-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={err('/applicant/name')}
              autoComplete="off"
            />
            <TextField
              label={t('reception.applicant.idNumber')}
              hint={t('reception.applicant.idHint')}
              required={kind === 'individual'}
              name="applicant-id"
              inputMode="numeric"
              maxLength={12}
              value={idNumber}
              onChange={(e) => setIdNumber(e.target.value)}
              error={err('/applicant/idNumber')}
              autoComplete="off"
            />
            {kind === 'organisation' ? (
              <TextField
                label={t('reception.applicant.taxCode')}
                hint={t('reception.applicant.taxHint')}
                required
                name="applicant-tax"
                value={taxCode}
                onChange={(e) => setTaxCode(e.target.value)}
                error={err('/applicant/taxCode')}
                autoComplete="off"
              />
            ) : null}
            <TextField
              label={t('reception.applicant.phone')}
              type="tel"
              name="applicant-phone"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              error={err('/applicant/phone')}
              autoComplete="off"
            />
            <TextField
              label={t('reception.applicant.email')}
              type="email"
              name="applicant-email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={err('/applicant/email')}
              autoComplete="off"
            />
            <TextField
              label={t('reception.applicant.address')}
              name="applicant-address"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              error={err('/applicant/address')}
              autoComplete="off"
            />
          </div>
        </fieldset>

        <fieldset
          className="dossier-card"
          aria-describedby={err('/components') ? `${ids}-comp-err` : undefined}
        >
          <legend>{t('reception.components.legend')}</legend>
          {components.length === 0 ? (
            <p className="field-hint">{t('reception.components.choose')}</p>
          ) : (
            <ul className="component-list">
              {components.map((c) => {
                const checked = ticked.has(c.code);
                return (
                  <li key={c.code} className="component">
                    <label className="choice">
                      <input
                        type="checkbox"
                        name={`component-${c.code}`}
                        checked={checked}
                        aria-invalid={
                          err('/components') && c.required && !checked ? true : undefined
                        }
                        onChange={(e) => {
                          setErrors((prev) => ({ ...prev, '/components': '' }));
                          setTicked((s) => {
                            const next = new Set(s);
                            if (e.target.checked) next.add(c.code);
                            else next.delete(c.code);
                            return next;
                          });
                        }}
                      />
                      <span>
                        {c.name}{' '}
                        {c.required ? (
                          <span className="badge badge-warning">
                            {t('reception.components.required')}
                          </span>
                        ) : (
                          <span className="badge">{t('reception.components.optional')}</span>
                        )}
                        <span className="field-hint">
                          {' '}
                          {t('reception.components.copies', { count: c.copies })}
                          {c.mustDigitise ? ` · ${t('reception.components.digitise')}` : ''}
                        </span>
                      </span>
                    </label>
                    {checked ? (
                      <FileDrop
                        label={t('reception.components.scan', { name: c.name })}
                        files={files[c.code] ?? []}
                        onFilesChange={(list) => setFiles((f) => ({ ...f, [c.code]: list }))}
                        accept={ACCEPT}
                        maxBytes={MAX_BYTES}
                        multiple
                      />
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          {err('/components') ? (
            <p className="field-error" id={`${ids}-comp-err`} role="alert">
              {err('/components')}
            </p>
          ) : null}
        </fieldset>

        <fieldset className="dossier-card">
          <legend>{t('reception.delivery.legend')}</legend>
          <div className="field-grid">
            <Select
              label={t('reception.channel.label')}
              name="channel"
              value={String(channel)}
              options={([1, 2, 3] as const).map((c) => ({
                value: String(c),
                label: t(`channel.${c}`),
              }))}
              onChange={(e) => setChannel(Number(e.target.value) as Channel)}
            />
            <Select
              label={t('reception.delivery.label')}
              name="delivery"
              value={delivery}
              options={(['counter', 'post', 'electronic'] as const).map((d) => ({
                value: d,
                label: t(`delivery.${d}`),
              }))}
              onChange={(e) => setDelivery(e.target.value as DeliveryMethod)}
            />
          </div>
          {delivery === 'post' ? (
            <TextField
              label={t('reception.delivery.address')}
              required
              name="delivery-address"
              value={deliveryAddress}
              onChange={(e) => setDeliveryAddress(e.target.value)}
              error={err('/delivery/address')}
            />
          ) : null}
        </fieldset>

        <fieldset className="dossier-card">
          <legend>{t('reception.notes.legend')}</legend>
          <TextField
            label={t('reception.notes.missing')}
            hint={t('reception.notes.missingHint')}
            multiline={3}
            name="missing"
            value={missingText}
            onChange={(e) => setMissingText(e.target.value)}
            error={err('/missing')}
          />
          <TextField
            label={t('reception.notes.note')}
            hint={t('reception.notes.noteHint')}
            multiline={3}
            name="note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={err('/note')}
          />
        </fieldset>

        <div className="actions reception-actions">
          <Button
            type="submit"
            variant="primary"
            busy={busy === 'complete'}
            disabled={busy !== null}
          >
            {t('reception.submit.complete')}
          </Button>
          <Button
            variant="secondary"
            busy={busy === 'incomplete'}
            disabled={busy !== null}
            onClick={() => void submit('incomplete')}
          >
            {t('reception.submit.incomplete')}
          </Button>
          <Button
            variant="danger"
            busy={busy === 'refused'}
            disabled={busy !== null}
            onClick={() => void submit('refused')}
          >
            {t('reception.submit.refused')}
          </Button>
        </div>
      </form>
    </>
  );
}
