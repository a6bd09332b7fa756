import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { formatDateTime } from '../../components/format.js';
import type { SelectOption } from '../../components/Select.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { currentLanguage } from '../../i18n.js';
import { unitOptionLabel } from '../../unitScope.js';
import { type AdminUser, type RoleGrant, type UnitTreeItem, usersApi } from './api.js';
import { administeredUnits, TENANT_WIDE } from './rules.js';

/** "Đang hoạt động", "Tạm khóa đến …" or "Đã vô hiệu hóa"; the colour repeats the words. */
export function UserStatusBadge({ user }: { user: Pick<AdminUser, 'disabled' | 'lockedUntil'> }) {
  const { t } = useTranslation('users');
  if (user.disabled) return <StatusBadge tone="danger">{t('status.disabled')}</StatusBadge>;
  if (user.lockedUntil)
    return (
      <StatusBadge tone="warning">
        {t('status.locked', { time: formatDateTime(user.lockedUntil, currentLanguage()) })}
      </StatusBadge>
    );
  return <StatusBadge tone="success">{t('status.active')}</StatusBadge>;
}

/** The words for a grant's role and unit ("Chuyên viên xử lý", "Sở Tư pháp (000.00.12.H40)"). */
export function useGrantWords() {
  const { t, i18n } = useTranslation('users');
  const english = i18n.language === 'en';
  return useMemo(
    () => ({
      role: (role: string) => t(`roles:${role}`, { defaultValue: role }),
      unit: (grant: Pick<RoleGrant, 'unitId' | 'unitName' | 'unitNameEn' | 'unitCode'>) => {
        if (grant.unitId === null) return t('scope.tenant');
        const name = (english ? grant.unitNameEn : null) ?? grant.unitName ?? grant.unitId;
        return `${name}${grant.unitCode ? ` (${grant.unitCode})` : ''}`;
      },
    }),
    [t, english],
  );
}

/** A user's grants as a list: "role — unit", one per line. */
export function GrantList({ grants }: { grants: RoleGrant[] }) {
  const { t } = useTranslation('users');
  const words = useGrantWords();
  if (grants.length === 0) return <span className="field-hint">{t('list.noRoles')}</span>;
  return (
    <ul className="users-grants">
      {grants.map((g) => (
        <li key={g.id}>
          <strong>{words.role(g.role)}</strong> — {words.unit(g)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The unit picker's choices for the signed-in administrator: the tenant's current units inside
 * their administrator grants, indented as a tree, with "the whole province" first when they
 * administer the whole tenant. `error` holds the API's message if the units could not be read.
 */
export function useUnitChoices(): {
  options: SelectOption[];
  units: UnitTreeItem[];
  error: string | null;
} {
  const { i18n, t } = useTranslation('users');
  const { user } = useAuth();
  const [all, setAll] = useState<UnitTreeItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    usersApi.units().then(
      (r) => live && setAll(r.units),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const scope = administeredUnits(all ?? [], user?.roles ?? []);
    const base = Math.min(...scope.units.map((u) => u.depth), Number.POSITIVE_INFINITY);
    const options: SelectOption[] = scope.units.map((u) => ({
      value: String(u.id),
      label: unitOptionLabel(u, base, i18n.language),
    }));
    if (scope.tenantWide) options.unshift({ value: TENANT_WIDE, label: t('scope.tenant') });
    return { options, units: scope.units, error };
  }, [all, user, i18n.language, t, error]);
}
