import './users.css';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import {
  type AdminUser,
  GRANTABLE_ROLES,
  type StaffRole,
  USER_KINDS,
  USER_STATUSES,
  type UserKind,
  type UserPage,
  type UserStatus,
  usersApi,
} from './api.js';
import { TENANT_WIDE } from './rules.js';
import { GrantList, UserStatusBadge, useUnitChoices } from './UserBits.js';

const PAGE_SIZE = 20;

interface Filters {
  q: string;
  kind: string;
  role: string;
  status: string;
  unit: string;
}

const FILTER_KEYS = ['q', 'kind', 'role', 'status', 'unit'] as const;

function filtersFrom(params: URLSearchParams): Filters {
  return {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? '',
    role: params.get('role') ?? '',
    status: params.get('status') ?? '',
    unit: params.get('unit') ?? '',
  };
}

/** A value from the address the API accepts, else '' (a hand-edited address lists everyone). */
function oneOf<T extends string>(value: string, allowed: readonly T[]): T | '' {
  return (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

/**
 * `/quan-tri/nguoi-dung` — the accounts holding roles in the units the administrator covers (the
 * API scopes them), searched by name or user name and filtered by account type, role, status
 * (active, locked after failed sign-ins, disabled) and unit (a role over it or under it), 20 a page. The
 * filters and the page live in the address, so Back and a bookmark restore the list.
 */
export default function UsersPage() {
  const { t } = useTranslation('users');
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [filters, setFilters] = useState<Filters>(filtersFrom(params));
  const [list, setList] = useState<UserPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const units = useUnitChoices();

  useEffect(() => {
    let live = true;
    const p = new URLSearchParams(key);
    const f = filtersFrom(p);
    setFilters(f);
    // The last page stays on screen while the next loads, so the page button keeps the focus.
    setLoading(true);
    setError(null);
    usersApi
      .list({
        q: f.q,
        kind: oneOf<UserKind>(f.kind, USER_KINDS),
        role: oneOf<StaffRole>(f.role, GRANTABLE_ROLES),
        status: oneOf<UserStatus>(f.status, USER_STATUSES),
        ...(/^[1-9]\d{0,9}$/.test(f.unit) ? { unitId: Number(f.unit) } : {}),
        page: Math.max(1, Number(p.get('page') ?? 1) || 1),
        pageSize: PAGE_SIZE,
      })
      .then(
        (r) => live && setList(r),
        (e: unknown) => {
          if (!live) return;
          setList(null);
          setError(isApiError(e) ? e.message : String(e));
        },
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [key]);

  const apply = (next: Filters, nextPage = 1) => {
    const p = new URLSearchParams();
    if (next.q.trim()) p.set('q', next.q.trim());
    if (next.kind) p.set('kind', next.kind);
    if (next.role) p.set('role', next.role);
    if (next.status) p.set('status', next.status);
    if (next.unit) p.set('unit', next.unit);
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(filters);
  };

  const nameLink = (u: AdminUser) => (
    <Link to={`/quan-tri/nguoi-dung/${u.id}`} state={{ listSearch: key }} className="users-name">
      {u.name}
    </Link>
  );

  const columns: Column<AdminUser>[] = [
    { key: 'name', header: t('list.name'), rowHeader: true, render: nameLink },
    {
      key: 'username',
      header: t('list.username'),
      render: (u) => (
        <>
          <span className="users-username">{u.username ?? '—'}</span>
          <br />
          <span className="field-hint">{t(`kind.${u.kind}`)}</span>
        </>
      ),
    },
    { key: 'roles', header: t('list.roles'), render: (u) => <GrantList grants={u.roles} /> },
    { key: 'status', header: t('list.status'), render: (u) => <UserStatusBadge user={u} /> },
  ];

  return (
    <div className="users">
      <PageTitle title={t('list.title')} subtitle={t('list.subtitle')} />
      <p className="actions">
        <Link className="btn btn-primary" to="/quan-tri/nguoi-dung/moi">
          {t('list.create')}
        </Link>
      </p>
      <section className="users-card" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`}>{t('list.filters')}</h2>
        <form onSubmit={submit} aria-labelledby={`${ids}-filters`} className="users-filters">
          <TextField
            label={t('list.q')}
            name="q"
            type="search"
            maxLength={100}
            value={filters.q}
            onChange={(e) => setFilters((f) => ({ ...f, q: e.target.value }))}
          />
          <Select
            label={t('list.kind')}
            name="kind"
            value={filters.kind}
            placeholder={t('list.any')}
            options={USER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            onChange={(e) => setFilters((f) => ({ ...f, kind: e.target.value }))}
          />
          <Select
            label={t('list.role')}
            name="role"
            value={filters.role}
            placeholder={t('list.any')}
            options={GRANTABLE_ROLES.map((r) => ({ value: r, label: t(`roles:${r}`) }))}
            onChange={(e) => setFilters((f) => ({ ...f, role: e.target.value }))}
          />
          <Select
            label={t('list.status')}
            name="status"
            value={filters.status}
            placeholder={t('list.any')}
            options={USER_STATUSES.map((st) => ({ value: st, label: t(`list.statuses.${st}`) }))}
            onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value }))}
          />
          <Select
            label={t('list.unit')}
            name="unit"
            value={filters.unit}
            placeholder={t('list.any')}
            options={units.options.filter((o) => o.value !== TENANT_WIDE)}
            onChange={(e) => setFilters((f) => ({ ...f, unit: e.target.value }))}
          />
          <p className="actions">
            <Button type="submit" variant="primary">
              {t('list.apply')}
            </Button>
            {FILTER_KEYS.some((k) => params.get(k)) ? (
              <Button variant="ghost" onClick={() => setParams(new URLSearchParams())}>
                {t('list.clear')}
              </Button>
            ) : null}
          </p>
        </form>
      </section>

      <div className="users-results" aria-busy={loading}>
        <p className="visually-hidden" aria-live="polite">
          {list ? t('list.count', { count: list.total }) : ''}
        </p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
        {list ? (
          <>
            <p>{t('list.count', { count: list.total })}</p>
            {/* Phones read a card per user; wider screens the table (one is hidden by CSS). */}
            <ul className="users-cards">
              {list.items.map((u) => (
                <li key={u.id} className="users-card">
                  <p className="users-card-head">{nameLink(u)}</p>
                  <p>
                    <span className="users-username">{u.username ?? '—'}</span> ·{' '}
                    {t(`kind.${u.kind}`)} · <UserStatusBadge user={u} />
                  </p>
                  <GrantList grants={u.roles} />
                </li>
              ))}
            </ul>
            {list.items.length === 0 ? <p className="users-cards">{t('list.empty')}</p> : null}
            <DataTable
              caption={t('list.caption')}
              captionHidden
              columns={columns}
              rows={list.items}
              rowKey={(u) => u.id}
              empty={t('list.empty')}
            />
            {list.total > PAGE_SIZE ? (
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={list.total}
                onPageChange={(p) => apply(filtersFrom(params), p)}
              />
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
