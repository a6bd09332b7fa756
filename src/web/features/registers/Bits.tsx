import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { unitsUnderGrants } from '../../unitScope.js';
import type { FileRef, HistoryEntry, StaffUnit } from './api.js';
import { registersApi, stateTone } from './api.js';

export const BASE = '/quan-tri/so-theo-doi';

/** The registers' own navigation: one entry in the side menu, these links inside. */
export function RegistersNav() {
  const { t } = useTranslation('registers');
  const links: Array<[string, string]> = [
    [BASE, t('nav.initiatives')],
    [`${BASE}/thanh-tra`, t('nav.inspections')],
    [`${BASE}/ke-hoach`, t('nav.plans')],
    [`${BASE}/bien-che`, t('nav.headcount')],
    [`${BASE}/qua-han`, t('nav.overdue')],
  ];
  return (
    <nav aria-label={t('nav.label')} className="rg-tabs">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end={to === BASE}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation('registers');
  return <StatusBadge tone={stateTone(state)}>{t(`state.${state}`)}</StatusBadge>;
}

export function OverdueBadge({ days }: { days: number }) {
  const { t } = useTranslation('registers');
  return days > 0 ? (
    <StatusBadge tone="danger">{t('overdue.badge', { count: days })}</StatusBadge>
  ) : null;
}

/** A date (YYYY-MM-DD) as people write it: 31/07/2025. */
export function day(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = value.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/**
 * A list as cards on a phone and a table on a wider screen, from one set of columns (the card
 * shows each column's header beside its value).
 */
export function ItemList<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  empty: string;
}) {
  const cell = (c: Column<T>, r: T): ReactNode =>
    c.render ? c.render(r) : String((r as Record<string, unknown>)[c.key] ?? '');
  return (
    <div className="rg-results">
      {rows.length === 0 ? <p>{empty}</p> : null}
      <ul className="rg-cards" aria-label={caption}>
        {rows.map((r) => (
          <li key={rowKey(r)} className="rg-card">
            {columns.map((c, i) =>
              i === 0 ? (
                <p key={c.key} className="rg-card-head">
                  {cell(c, r)}
                </p>
              ) : (
                // A div, not a p: a cell may hold a form (the reform office's restore).
                <div key={c.key} className="rg-card-cell">
                  <span className="field-hint">{c.header}: </span>
                  {cell(c, r)}
                </div>
              ),
            )}
          </li>
        ))}
      </ul>
      {rows.length > 0 ? (
        <DataTable caption={caption} captionHidden columns={columns} rows={rows} rowKey={rowKey} />
      ) : null}
    </div>
  );
}

/** What a refusal or a failure says, for an alert. */
export function errorText(e: unknown): string {
  return isApiError(e) ? e.message : String(e);
}

/**
 * A part of a register page with its heading, which names it as a region (`id` is the
 * heading's, so tests and links can find the part).
 */
export function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section className="rg-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The history of a record (and its recommendations or tasks), oldest first, in its section. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation('registers');
  return (
    <Section id="rg-history" title={t('common.history')}>
      <ol className="rg-history">
        {entries.map((h) => (
          <li key={h.id}>
            <span className="field-hint">
              {day(h.at)} {h.at.slice(11, 16)}
            </span>{' '}
            <strong>{t(`action.${h.entity}.${h.action}`)}</strong>
            {h.toState && h.toState !== h.fromState ? <> → {t(`state.${h.toState}`)}</> : null}
            {h.actor ? <> · {h.actor}</> : null}
            {h.note ? <p className="rg-text">{h.note}</p> : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/**
 * The active units the user's register roles cover (for pickers and filters; the server checks
 * again), and all active units of the tenant (responsible units, replications).
 */
export function useUnits(roles: readonly string[]) {
  const { user } = useAuth();
  const [all, setAll] = useState<StaffUnit[]>([]);
  useEffect(() => {
    registersApi.units().then(
      (r) => setAll(r.units),
      () => setAll([]),
    );
  }, []);
  const covered = unitsUnderGrants(all, user?.roles ?? [], roles).units;
  return { all, covered };
}

export function unitOptions(units: StaffUnit[], language: string) {
  return units.map((u) => ({
    value: u.code,
    label: `${language === 'en' && u.nameEn ? u.nameEn : u.name} (${u.code})`,
  }));
}

/** Years offered in filters and forms: the coming year and the six before. */
export function yearOptions(now = new Date()): Array<{ value: string; label: string }> {
  const y = now.getFullYear() + 1;
  return Array.from({ length: 7 }, (_, i) => ({ value: String(y - i), label: String(y - i) }));
}

/** Attached files, each a download link (served to whoever reads the item). */
export function FileLinks({ files }: { files: FileRef[] }) {
  if (files.length === 0) return null;
  return (
    <ul>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/api/registers/files/${f.id}`} download={f.name}>
            {f.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A link that downloads a list as CSV with the filters in the address (not the page). */
export function CsvLink({ path, search }: { path: string; search: string }) {
  const { t } = useTranslation('registers');
  const params = new URLSearchParams(search);
  params.delete('page');
  const query = params.toString();
  return (
    <a className="btn btn-secondary" href={`${path}${query ? `?${query}` : ''}`} download>
      {t('list.csv')}
    </a>
  );
}
