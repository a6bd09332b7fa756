import './org.css';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth, userHasRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import {
  LINEAGE_RELATIONS,
  type LineageReach,
  type LineageRelation,
  orgApi,
  type UnitDetail,
  type UnitTreeItem,
} from './api.js';
import { UnitForm } from './UnitForm.js';
import { unitName, useKindLabel } from './UnitsPage.js';

/**
 * One unit: where it sits (ancestors), its details and children, its reorganisation history as
 * a timeline, the current units that carry it on and the former units it was formed from; for
 * administrators, forms to edit or move it, record lineage and end its validity.
 */
export default function UnitPage() {
  const { id } = useParams();
  const unitId = Number(id);
  const { t, i18n } = useTranslation('org');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { user } = useAuth();
  const toast = useToast();
  const kindLabel = useKindLabel();
  const isAdmin = userHasRole(user, ['administrator']);
  const [detail, setDetail] = useState<UnitDetail | null>(null);
  const [all, setAll] = useState<UnitTreeItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const ids = {
    details: useId(),
    children: useId(),
    lineage: useId(),
    edit: useId(),
    record: useId(),
    close: useId(),
  };

  const load = useCallback(async () => {
    setError(null);
    try {
      setDetail(await orgApi.unit(unitId));
    } catch (e) {
      setDetail(null);
      setError(isApiError(e) ? e.message : t('unit.loadError'));
    }
  }, [unitId, t]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (isAdmin)
      void orgApi.tree().then(
        (body) => setAll(body.units),
        () => setAll([]),
      );
  }, [isAdmin]);

  // A unit cannot move under itself or its descendants: those are left out of the parent list.
  const parents = useMemo(() => {
    const own = new Set<number>([unitId]);
    for (const u of all) if (u.parentId !== null && own.has(u.parentId)) own.add(u.id);
    return all.filter((u) => !own.has(u.id));
  }, [all, unitId]);

  if (error)
    return (
      <Alert tone="error" title={t('unit.loadError')}>
        {error}
      </Alert>
    );
  if (!detail) return <Skeleton lines={8} />;
  const { unit } = detail;
  const name = unitName(unit, lang);
  const date = (d: string | null) => (d ? formatDate(d, lang) : '…');

  const reach = (r: LineageReach) => (
    <li key={r.unit.id}>
      {r.unit.id === unit.id ? (
        t('unit.self')
      ) : (
        <Link to={`/quan-tri/don-vi/${r.unit.id}`}>
          {unitName(r.unit, lang)} ({r.unit.code})
        </Link>
      )}
      {r.partial ? (
        <>
          {' '}
          <StatusBadge tone="warning">{t('unit.partial')}</StatusBadge>{' '}
          <span className="field-hint">{t('unit.partialHint')}</span>
        </>
      ) : null}
    </li>
  );

  return (
    <>
      <p>
        <Link to="/quan-tri/don-vi">← {t('unit.back')}</Link>
      </p>
      {detail.ancestors.length > 0 ? (
        <nav className="unit-crumbs" aria-label={t('unit.breadcrumb')}>
          <ol>
            {detail.ancestors.map((a) => (
              <li key={a.id}>
                <Link to={`/quan-tri/don-vi/${a.id}`}>{unitName(a, lang)}</Link>
              </li>
            ))}
            <li aria-current="page">{name}</li>
          </ol>
        </nav>
      ) : null}
      <PageTitle title={name} subtitle={`${unit.code} · ${kindLabel(unit.kind)}`} />
      {unit.former ? <StatusBadge tone="neutral">{t('former')}</StatusBadge> : null}

      <div className="unit-columns">
        <section aria-labelledby={ids.details}>
          <h2 id={ids.details}>{t('unit.details')}</h2>
          <dl className="unit-facts">
            <dt>{t('fields.code')}</dt>
            <dd>{unit.code}</dd>
            <dt>{t('fields.kind')}</dt>
            <dd>{kindLabel(unit.kind)}</dd>
            <dt>{t('fields.level')}</dt>
            <dd>
              {i18n.exists(`org:levels.${unit.level}`) ? t(`levels.${unit.level}`) : unit.level}
            </dd>
            <dt>{t('fields.name')}</dt>
            <dd lang="vi">{unit.name}</dd>
            {unit.nameEn ? (
              <>
                <dt>{t('fields.nameEn')}</dt>
                <dd lang="en">{unit.nameEn}</dd>
              </>
            ) : null}
            <dt>{t('unit.validity')}</dt>
            <dd>
              {unit.validFrom || unit.validTo
                ? `${date(unit.validFrom)} – ${date(unit.validTo)}`
                : t('unit.validAlways')}
            </dd>
          </dl>
        </section>
        <section aria-labelledby={ids.children}>
          <h2 id={ids.children}>{t('unit.children')}</h2>
          {detail.children.length === 0 ? (
            <p>{t('unit.noChildren')}</p>
          ) : (
            <ul>
              {detail.children.map((c) => (
                <li key={c.id}>
                  <Link to={`/quan-tri/don-vi/${c.id}`}>{unitName(c, lang)}</Link>{' '}
                  <span className="unit-code">{c.code}</span>{' '}
                  {c.former ? <StatusBadge tone="neutral">{t('former')}</StatusBadge> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby={ids.lineage}>
        <h2 id={ids.lineage}>{t('unit.lineage')}</h2>
        {detail.lineage.length === 0 ? (
          <p>{t('unit.noLineage')}</p>
        ) : (
          <ol className="unit-timeline">
            {detail.lineage.map((link) => (
              <li key={link.id}>
                <time dateTime={link.effectiveOn}>{formatDate(link.effectiveOn, lang)}</time>
                {t(`timeline.${link.direction}.${link.kind}`)}{' '}
                <Link to={`/quan-tri/don-vi/${link.unit.id}`}>
                  {unitName(link.unit, lang)} ({link.unit.code})
                </Link>
                {link.note ? <span className="field-hint"> — {link.note}</span> : null}
              </li>
            ))}
          </ol>
        )}
        <div className="unit-columns">
          <div>
            <h3>{t('unit.successors', { date: formatDate(detail.asOf, lang) })}</h3>
            {detail.successors.length === 0 ? <p>—</p> : <ul>{detail.successors.map(reach)}</ul>}
          </div>
          <div>
            <h3>{t('unit.predecessors')}</h3>
            {detail.predecessors.length === 0 ? (
              <p>—</p>
            ) : (
              <ul>{detail.predecessors.map(reach)}</ul>
            )}
          </div>
        </div>
      </section>

      {isAdmin ? (
        <>
          <section aria-labelledby={ids.edit}>
            <h2 id={ids.edit}>{t('unit.edit')}</h2>
            <UnitForm
              key={`${unit.id}-${unit.parentId}-${unit.name}-${unit.validTo}`}
              initial={{
                parentId: unit.parentId,
                kind: unit.kind,
                level: unit.level,
                code: unit.code,
                name: unit.name,
                nameEn: unit.nameEn,
                validFrom: unit.validFrom,
                validTo: unit.validTo,
              }}
              parents={parents}
              hint={t('unit.moveHint')}
              submitLabel={t('save')}
              onSubmit={async (input) => {
                const patch = Object.fromEntries(
                  Object.entries(input).filter(
                    ([key, value]) => value !== (unit as unknown as Record<string, unknown>)[key],
                  ),
                );
                if (Object.keys(patch).length > 0) await orgApi.update(unit.id, patch);
                toast.show(t('saved'), 'success');
                await load();
              }}
            />
          </section>
          <LineageForm headingId={ids.record} unitId={unit.id} units={all} onDone={load} />
          <CloseForm headingId={ids.close} unitId={unit.id} onDone={load} />
        </>
      ) : null}
    </>
  );
}

function LineageForm({
  headingId,
  unitId,
  units,
  onDone,
}: {
  headingId: string;
  unitId: number;
  units: UnitTreeItem[];
  onDone: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation('org');
  const toast = useToast();
  const [relation, setRelation] = useState<LineageRelation>('merged_into');
  const [other, setOther] = useState('');
  const [effectiveOn, setEffectiveOn] = useState('2025-07-01');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await orgApi.lineage(unitId, {
        relation,
        otherUnitId: Number(other),
        effectiveOn,
        note: note || null,
      });
      toast.show(t('unit.recorded'), 'success');
      setNote('');
      await onDone();
    } catch (e) {
      const reason = isApiError(e)
        ? (e.details as { reason?: string } | undefined)?.reason
        : undefined;
      setError(isApiError(e) ? `${e.message}${reason ? ` — ${reason}` : ''}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('unit.recordLineage')}</h2>
      <form className="unit-form" onSubmit={submit}>
        <Select
          label={t('unit.relation')}
          value={relation}
          onChange={(e) => setRelation(e.target.value as LineageRelation)}
          options={LINEAGE_RELATIONS.map((r) => ({ value: r, label: t(`relations.${r}`) }))}
        />
        <Select
          label={t('unit.other')}
          value={other}
          required
          placeholder="—"
          onChange={(e) => setOther(e.target.value)}
          options={units
            .filter((u) => u.id !== unitId)
            .map((u) => ({
              value: String(u.id),
              label: `${unitName(u, i18n.language)} (${u.code})${u.former ? ` — ${t('former')}` : ''}`,
            }))}
        />
        <TextField
          label={t('unit.effectiveOn')}
          type="date"
          value={effectiveOn}
          required
          onChange={(e) => setEffectiveOn(e.target.value)}
        />
        <TextField
          label={t('unit.note')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="unit-form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={other === ''}>
            {t('unit.record')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function CloseForm({
  headingId,
  unitId,
  onDone,
}: {
  headingId: string;
  unitId: number;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('org');
  const toast = useToast();
  const [validTo, setValidTo] = useState('2025-06-30');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await orgApi.close(unitId, validTo);
      toast.show(t('unit.closed'), 'success');
      await onDone();
    } catch (e) {
      const details = isApiError(e)
        ? (e.details as { reason?: string; children?: string[] } | undefined)
        : undefined;
      const extra = details?.children ? ` (${details.children.join(', ')})` : '';
      setError(
        isApiError(e)
          ? `${e.message}${details?.reason ? ` — ${details.reason}` : ''}${extra}`
          : String(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('unit.close')}</h2>
      <form className="unit-form" onSubmit={submit}>
        <TextField
          label={t('fields.validTo')}
          hint={t('unit.closeHint')}
          type="date"
          value={validTo}
          required
          onChange={(e) => setValidTo(e.target.value)}
        />
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="unit-form-actions">
          <Button type="submit" variant="danger" busy={busy}>
            {t('unit.close')}
          </Button>
        </div>
      </form>
    </section>
  );
}
