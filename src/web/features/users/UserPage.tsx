import './users.css';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DateTime } from '../../components/DateTime.js';
import { Dialog } from '../../components/Dialog.js';
import { formatDateTime } from '../../components/format.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { Skeleton } from '../../components/Skeleton.js';
import { currentLanguage } from '../../i18n.js';
import {
  type AdminUser,
  GRANTABLE_ROLES,
  type RoleGrant,
  type StaffRole,
  usersApi,
} from './api.js';
import { actionHint, TENANT_WIDE } from './rules.js';
import { UserStatusBadge, useGrantWords, useUnitChoices } from './UserBits.js';

type Notice = { tone: 'success' | 'error'; text: string };

/**
 * `/quan-tri/nguoi-dung/:id` — one account: its facts, its role grants (each over a unit and
 * the units under it), a form to grant a role over a unit the administrator covers, revoking a
 * grant and disabling the account, each behind a confirmation. The outcome of an action is
 * announced in a message that takes focus (the button that was pressed may be gone; a toast
 * as well would make screen readers say it twice); a refusal shows the API's sentence in the
 * user's language with what it means here. A disabled account gets no new roles.
 */
export default function UserPage() {
  const { t } = useTranslation('users');
  const userId = Number(useParams().id);
  const from = (useLocation().state as { listSearch?: string } | null)?.listSearch;
  const back = from ? `/quan-tri/nguoi-dung?${from}` : '/quan-tri/nguoi-dung';
  const ids = useId();
  const { user: me } = useAuth();
  const words = useGrantWords();
  const [account, setAccount] = useState<AdminUser | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [revoking, setRevoking] = useState<RoleGrant | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setAccount(await usersApi.get(userId));
      setLoadError(null);
    } catch (e) {
      setAccount(null);
      setLoadError(isApiError(e) ? e.message : String(e));
    }
  }, [userId]);

  useEffect(() => {
    void load();
  }, [load]);

  // After a dialog closes the browser hands focus back to its opener; the message takes it
  // instead, in an effect that runs after the dialog's own (a child's effects run first).
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const succeed = (updated: AdminUser, text: string) => {
    setAccount(updated);
    setNotice({ tone: 'success', text });
  };

  /** The API's sentence (already in the user's language) and, when known, what it means here. */
  const fail = async (action: 'grant' | 'revoke' | 'disable' | 'enable', e: unknown) => {
    if (!isApiError(e)) return setNotice({ tone: 'error', text: String(e) });
    const hint = actionHint(action, e);
    if (e.code === 'not_found') await load();
    setNotice({ tone: 'error', text: hint ? `${e.message}. ${t(`errors.${hint}`)}` : e.message });
  };

  /** A new action starts: the message of the last one goes. */
  const startRevoke = (grant: RoleGrant) => {
    setNotice(null);
    setRevoking(grant);
  };

  const revoke = async () => {
    if (!revoking) return;
    const grant = revoking;
    setBusy(true);
    try {
      const updated = await usersApi.revoke(userId, grant.id);
      setRevoking(null);
      succeed(
        updated,
        t('detail.revoked', { role: words.role(grant.role), unit: words.unit(grant) }),
      );
    } catch (e) {
      setRevoking(null);
      await fail('revoke', e);
    } finally {
      setBusy(false);
    }
  };

  const enable = async () => {
    setNotice(null);
    setBusy(true);
    try {
      const updated = await usersApi.enable(userId);
      succeed(updated, t('detail.enabled', { username: updated.username ?? updated.name }));
    } catch (e) {
      await fail('enable', e);
    } finally {
      setBusy(false);
    }
  };

  const disable = async () => {
    setBusy(true);
    try {
      const updated = await usersApi.disable(userId);
      setDisabling(false);
      succeed(updated, t('detail.disabled', { username: updated.username ?? updated.name }));
    } catch (e) {
      setDisabling(false);
      await fail('disable', e);
    } finally {
      setBusy(false);
    }
  };

  if (loadError && !account)
    return (
      <div className="users">
        <PageTitle title={t('list.title')} />
        <Alert tone="error">{loadError}</Alert>
        <p>
          <Link to={back}>{t('detail.back')}</Link>
        </p>
      </div>
    );
  if (!account) return <Skeleton lines={6} label={t('detail.loading')} />;

  const self = me?.id === account.id;
  const columns: Column<RoleGrant>[] = [
    { key: 'role', header: t('detail.role'), rowHeader: true, render: (g) => words.role(g.role) },
    { key: 'unit', header: t('detail.unit'), render: (g) => words.unit(g) },
    {
      key: 'actions',
      header: t('detail.actions'),
      render: (g) => (
        <Button
          size="small"
          variant="danger"
          aria-label={t('detail.revokeLabel', { role: words.role(g.role), unit: words.unit(g) })}
          onClick={() => startRevoke(g)}
        >
          {t('detail.revoke')}
        </Button>
      ),
    },
  ];

  return (
    <div className="users users-detail">
      <p>
        <Link to={back}>{t('detail.back')}</Link>
      </p>
      <PageTitle
        title={account.name}
        subtitle={`${account.username ?? '—'} · ${t(`kind.${account.kind}`)}`}
      />
      <div ref={noticeRef} tabIndex={-1} className="users-notice">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      </div>
      {account.disabled ? <Alert tone="warning">{t('detail.disabledNote')}</Alert> : null}

      <section className="users-card" aria-labelledby={`${ids}-account`}>
        <h2 id={`${ids}-account`}>{t('detail.account')}</h2>
        <dl className="facts">
          <dt>{t('detail.status')}</dt>
          <dd data-testid="user-status">
            <UserStatusBadge user={account} />
          </dd>
          <dt>{t('detail.username')}</dt>
          <dd className="users-username">{account.username ?? t('detail.none')}</dd>
          <dt>{t('detail.kind')}</dt>
          <dd>{t(`kind.${account.kind}`)}</dd>
          <dt>{t('detail.email')}</dt>
          <dd className="users-wrap">{account.email ?? t('detail.none')}</dd>
          <dt>{t('detail.phone')}</dt>
          <dd>{account.phone ?? t('detail.none')}</dd>
          <dt>{t('detail.createdAt')}</dt>
          <dd>
            <DateTime value={account.createdAt} />
          </dd>
        </dl>
      </section>

      <section className="users-card" aria-labelledby={`${ids}-roles`}>
        <h2 id={`${ids}-roles`}>{t('detail.roles')}</h2>
        <p className="field-hint">{t('detail.rolesHint')}</p>
        {account.roles.length === 0 ? (
          <p data-testid="user-no-roles">{t('detail.noRoles')}</p>
        ) : (
          <>
            <ul className="users-cards users-grant-cards">
              {account.roles.map((g) => (
                <li key={g.id} className="users-card">
                  <p>
                    <strong>{words.role(g.role)}</strong>
                  </p>
                  <p>{words.unit(g)}</p>
                  <Button
                    size="small"
                    variant="danger"
                    aria-label={t('detail.revokeLabel', {
                      role: words.role(g.role),
                      unit: words.unit(g),
                    })}
                    onClick={() => startRevoke(g)}
                  >
                    {t('detail.revoke')}
                  </Button>
                </li>
              ))}
            </ul>
            <div className="users-results">
              <DataTable
                caption={t('detail.rolesCaption', { name: account.name })}
                captionHidden
                columns={columns}
                rows={account.roles}
                rowKey={(g) => g.id}
              />
            </div>
          </>
        )}
        {account.disabled ? null : (
          <GrantForm
            userId={account.id}
            onStart={() => setNotice(null)}
            onGranted={(updated, text) => succeed(updated, text)}
            onFailed={(e) => fail('grant', e)}
          />
        )}
      </section>

      {account.disabled || account.lockedUntil ? (
        <section className="users-card" aria-labelledby={`${ids}-enable`}>
          <h2 id={`${ids}-enable`}>{t('detail.enable')}</h2>
          <p>
            {account.disabled
              ? t('detail.enableDisabled')
              : t('detail.enableLocked', {
                  time: formatDateTime(account.lockedUntil ?? '', currentLanguage()),
                })}
          </p>
          <p className="actions">
            <Button busy={busy} onClick={() => void enable()}>
              {t('detail.enable')}
            </Button>
          </p>
        </section>
      ) : null}

      {account.disabled ? null : (
        <section className="users-card users-danger" aria-labelledby={`${ids}-disable`}>
          <h2 id={`${ids}-disable`}>{t('detail.disable')}</h2>
          {self ? (
            <p>{t('detail.disableSelf')}</p>
          ) : (
            <>
              <p>{t('detail.disableText')}</p>
              <p className="actions">
                <Button
                  variant="danger"
                  onClick={() => {
                    setNotice(null);
                    setDisabling(true);
                  }}
                >
                  {t('detail.disable')}
                </Button>
              </p>
            </>
          )}
        </section>
      )}

      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('detail.revokeTitle')}
        actions={
          <>
            <Button variant="ghost" onClick={() => setRevoking(null)}>
              {t('detail.cancel')}
            </Button>
            <Button variant="danger" busy={busy} onClick={() => void revoke()}>
              {t('detail.revokeConfirm')}
            </Button>
          </>
        }
      >
        {revoking ? (
          <p>
            {t('detail.revokeText', {
              name: account.name,
              role: words.role(revoking.role),
              unit: words.unit(revoking),
            })}
          </p>
        ) : null}
      </Dialog>

      <Dialog
        open={disabling}
        onClose={() => setDisabling(false)}
        title={t('detail.disableTitle', { username: account.username ?? account.name })}
        actions={
          <>
            <Button variant="ghost" onClick={() => setDisabling(false)}>
              {t('detail.cancel')}
            </Button>
            <Button variant="danger" busy={busy} onClick={() => void disable()}>
              {t('detail.disableConfirm')}
            </Button>
          </>
        }
      >
        <p>{t('detail.disableText')}</p>
      </Dialog>
    </div>
  );
}

/** Grant a role over a unit the administrator covers (the unit and its subtree). */
function GrantForm({
  userId,
  onStart,
  onGranted,
  onFailed,
}: {
  userId: number;
  onStart: () => void;
  onGranted: (updated: AdminUser, text: string) => void;
  onFailed: (e: unknown) => Promise<void>;
}) {
  const { t } = useTranslation('users');
  const ids = useId();
  const words = useGrantWords();
  const units = useUnitChoices();
  const [role, setRole] = useState('');
  const [unit, setUnit] = useState('');
  const [errors, setErrors] = useState<{ role?: string; unit?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onStart();
    const found: { role?: string; unit?: string } = {};
    if (!role) found.role = t('errors.roleRequired');
    if (!unit) found.unit = t('errors.unitRequired');
    setErrors(found);
    if (found.role || found.unit) {
      document.getElementById(`${ids}-${found.role ? 'role' : 'unit'}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const unitId = unit === TENANT_WIDE ? null : Number(unit);
      const updated = await usersApi.grant(userId, { role: role as StaffRole, unitId });
      const picked = units.units.find((u) => u.id === unitId);
      const unitWords = words.unit({
        unitId,
        unitName: picked?.name ?? null,
        unitNameEn: picked?.nameEn ?? null,
        unitCode: picked?.code ?? null,
      });
      setRole('');
      setUnit('');
      onGranted(updated, t('detail.granted', { role: words.role(role), unit: unitWords }));
    } catch (e) {
      await onFailed(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="users-grant-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${ids}-title`}>{t('detail.grant')}</h3>
      <p className="field-hint">{t('detail.grantHint')}</p>
      {units.error ? <Alert tone="error">{units.error}</Alert> : null}
      <div className="users-grant-fields">
        <Select
          id={`${ids}-role`}
          label={t('detail.role')}
          name="grantRole"
          required
          value={role}
          placeholder={t('create.choose')}
          options={GRANTABLE_ROLES.map((r) => ({ value: r, label: words.role(r) }))}
          onChange={(e) => setRole(e.target.value)}
          error={errors.role ?? null}
        />
        <Select
          id={`${ids}-unit`}
          label={t('create.unit')}
          name="grantUnit"
          required
          value={unit}
          placeholder={t('create.choose')}
          options={units.options}
          onChange={(e) => setUnit(e.target.value)}
          error={errors.unit ?? null}
        />
      </div>
      <p className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('detail.grantSubmit')}
        </Button>
      </p>
    </form>
  );
}
