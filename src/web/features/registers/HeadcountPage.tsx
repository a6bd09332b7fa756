import './registers.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type HeadcountList, type HeadcountRow, registersApi } from './api.js';
import { errorText, ItemList, RegistersNav, Section, useUnits } from './Bits.js';
import { FilterForm, yearAndUnitFilters } from './FilterForm.js';
import { unitField, yearField } from './fields.js';
import { RegisterForm } from './RegisterForm.js';
import { withdrawnReasonColumn } from './RestoreColumn.js';
import { useListParams } from './useListParams.js';
import { Notice, RestoreAction, WithdrawAction, WithdrawnListHeading } from './Withdraw.js';

const KEYS = ['year', 'unit', 'withdrawn'] as const;

/**
 * `/quan-tri/so-theo-doi/bien-che` — organisation and headcount: per unit, the headcount
 * assigned, staff in post, the year's reduction target and the posts cut, with the shortfall;
 * the reform office records or corrects a unit's figures below, withdraws a row entered by
 * mistake (out of the total and shortfalls) and restores it from the list of withdrawn rows.
 */
export default function HeadcountPage() {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const { applied, apply, key } = useListParams(KEYS);
  const year = Number(applied.year) || new Date().getFullYear();
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const managed = useUnits(['reform_office']).covered;
  const managedCodes = new Set(managed.map((u) => u.code));
  const showingWithdrawn = applied.withdrawn === 'true';
  const [list, setList] = useState<HeadcountList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    const p = new URLSearchParams(key);
    setError(null);
    registersApi
      .headcount(
        Number(p.get('year')) || new Date().getFullYear(),
        p.get('unit') ?? undefined,
        p.get('withdrawn') === 'true',
      )
      .then(setList, (e: unknown) => setError(errorText(e)));
  }, [key]);
  useEffect(load, [load]);

  const n = (value: number | null) =>
    value === null
      ? '—'
      : new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'vi').format(value);
  const columns: Column<HeadcountRow>[] = [
    { key: 'unit', header: t('common.unit'), rowHeader: true, render: (r) => r.unit.name },
    {
      key: 'assigned',
      header: t('headcount.assigned'),
      align: 'end',
      render: (r) => n(r.assigned),
    },
    {
      key: 'inPost',
      header: t('headcount.inPost'),
      align: 'end',
      render: (r) => (
        <>
          {n(r.inPost)}{' '}
          {r.overAssigned ? <StatusBadge tone="warning">{t('headcount.over')}</StatusBadge> : null}
        </>
      ),
    },
    {
      key: 'target',
      header: t('headcount.target'),
      align: 'end',
      render: (r) => n(r.reductionTarget),
    },
    { key: 'reduced', header: t('headcount.reduced'), align: 'end', render: (r) => n(r.reduced) },
    {
      key: 'status',
      header: t('common.state'),
      render: (r) =>
        r.targetMet ? (
          <StatusBadge tone="success">{t('headcount.met')}</StatusBadge>
        ) : (
          <StatusBadge tone="danger">{t('headcount.short', { count: r.shortfall })}</StatusBadge>
        ),
    },
  ];
  const what = (r: HeadcountRow) =>
    t('withdraw.whatHeadcount', { unit: r.unit.name, year: r.year });
  if (showingWithdrawn) columns.push(withdrawnReasonColumn(t));
  // The reform office withdraws a row of a unit it manages, or restores one from the withdrawn.
  if (hasRole('reform_office'))
    columns.push({
      key: 'manage',
      header: showingWithdrawn ? t('restore.column') : t('withdraw.open'),
      render: (r) =>
        !managedCodes.has(r.unit.code) ? null : showingWithdrawn ? (
          <RestoreAction
            what={what(r)}
            hint={t('restore.hintHeadcount', { what: what(r) })}
            onRestore={async (reason) => {
              await registersApi.restoreHeadcount(r.id, { reason, version: r.version });
              setNotice(t('restore.restoredWhat', { what: what(r) }));
              load();
            }}
          />
        ) : (
          <WithdrawAction
            label={t('withdraw.openHeadcount')}
            what={what(r)}
            onWithdraw={async (reason) => {
              await registersApi.withdrawHeadcount(r.id, { reason, version: r.version });
              setNotice(t('withdraw.withdrawn'));
              load();
            }}
          />
        ),
    });

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      <WithdrawnListHeading
        title={t('nav.headcount')}
        showing={showingWithdrawn}
        onToggle={(next) => apply({ ...applied, withdrawn: next ? 'true' : '' })}
      />
      {showingWithdrawn ? <p className="field-hint">{t('headcount.withdrawnShort')}</p> : null}
      <FilterForm
        applied={{ ...applied, year: applied.year || String(year) }}
        onApply={apply}
        fields={yearAndUnitFilters(t, covered, i18n.language)}
      />
      <Notice text={notice} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
      {list ? (
        <>
          <p aria-live="polite">
            {showingWithdrawn
              ? t('list.count', { count: list.rows.length })
              : t('headcount.total', {
                  year: list.year,
                  assigned: n(list.total.assigned),
                  reduced: n(list.total.reduced),
                  target: n(list.total.reductionTarget),
                })}
          </p>
          <ItemList
            caption={t('nav.headcount')}
            columns={columns}
            rows={list.rows}
            rowKey={(r) => r.id}
            empty={t('list.empty')}
          />
        </>
      ) : null}
      {hasRole('reform_office') ? (
        <Section id="rg-headcount-form" title={t('headcount.record')}>
          <p className="field-hint">{t('headcount.recordHint')}</p>
          <RegisterForm
            submitLabel={t('headcount.save')}
            initial={{ year: String(year) }}
            fields={[
              unitField(t('common.unit'), managed, i18n.language),
              yearField(t),
              {
                name: 'assigned',
                label: t('headcount.assigned'),
                kind: 'number',
                required: true,
                min: 0,
                step: '1',
              },
              { name: 'inPost', label: t('headcount.inPost'), kind: 'number', min: 0, step: '1' },
              {
                name: 'reductionTarget',
                label: t('headcount.target'),
                kind: 'number',
                required: true,
                min: 0,
                step: '1',
              },
              {
                name: 'reduced',
                label: t('headcount.reduced'),
                kind: 'number',
                required: true,
                min: 0,
                step: '1',
              },
              { name: 'note', label: t('common.note') },
            ]}
            onSubmit={async (v) => {
              const saved = await registersApi.setHeadcount({
                unitCode: v.unitCode,
                year: Number(v.year),
                assigned: Number(v.assigned),
                inPost: v.inPost?.trim() ? Number(v.inPost) : null,
                reductionTarget: Number(v.reductionTarget),
                reduced: Number(v.reduced),
                note: v.note?.trim() || null,
              });
              setNotice(t('headcount.saved', { unit: saved.unit.name, year: saved.year }));
              if (saved.year === year) load();
            }}
          />
        </Section>
      ) : null}
    </div>
  );
}
