import { api } from '../../api.js';
import type { Role } from '../../auth.js';
import type { UnitTreeItem } from '../org/api.js';

/** The contract of src/modules/users (users.schemas.ts): accounts and role grants. */
export type StaffRole = Exclude<Role, 'citizen'>;

/** Roles an administrator grants, in the order the forms offer them (users.schemas StaffRole). */
export const GRANTABLE_ROLES: readonly StaffRole[] = [
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
  'administrator',
];

export type UserKind = 'staff' | 'system' | 'citizen';
export const USER_KINDS: readonly UserKind[] = ['staff', 'system', 'citizen'];

export interface RoleGrant {
  id: number;
  role: string;
  /** null: the whole tenant (every unit). */
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  unitNameEn: string | null;
}

export interface AdminUser {
  id: number;
  kind: UserKind;
  username: string | null;
  name: string;
  email: string | null;
  /** Masked by the server: 091****678. */
  phone: string | null;
  disabled: boolean;
  /** Set while sign-in is locked after repeated wrong passwords (ISO, +07:00). */
  lockedUntil: string | null;
  createdAt: string;
  roles: RoleGrant[];
}

export interface UserPage {
  items: AdminUser[];
  total: number;
  page: number;
  pageSize: number;
}

/** The list's status filter (the API's `status`): active = neither disabled nor locked. */
export type UserStatus = 'active' | 'locked' | 'disabled';
export const USER_STATUSES: readonly UserStatus[] = ['active', 'locked', 'disabled'];

export interface UserFilters {
  q?: string;
  kind?: UserKind | '';
  status?: UserStatus | '';
  role?: StaffRole | '';
  /** A unit id: holders of a role over it or a unit under it. */
  unitId?: number;
  page?: number;
  pageSize?: number;
}

export interface CreateUserInput {
  username: string;
  name: string;
  role: StaffRole;
  unitId: number | null;
  kind?: 'staff' | 'system';
  /** Left out: the server generates one and returns it once. */
  password?: string;
  email?: string | null;
  phone?: string | null;
  idNumber?: string | null;
}

export interface CreatedUser {
  user: AdminUser;
  /** Only when no password was given; shown once and never again. */
  generatedPassword: string | null;
}

export type { UnitTreeItem };

export const usersApi = {
  list: (filters: UserFilters) =>
    api.get<UserPage>('/api/admin/users', {
      query: {
        q: filters.q?.trim() || undefined,
        kind: filters.kind || undefined,
        status: filters.status || undefined,
        role: filters.role || undefined,
        unitId: filters.unitId,
        page: filters.page,
        pageSize: filters.pageSize,
      },
    }),
  get: (id: number) => api.get<AdminUser>(`/api/admin/users/${id}`),
  create: (input: CreateUserInput) => api.post<CreatedUser>('/api/admin/users', input),
  grant: (id: number, body: { role: StaffRole; unitId: number | null }) =>
    api.post<AdminUser>(`/api/admin/users/${id}/roles`, body),
  revoke: (id: number, grantId: number) =>
    api.del<AdminUser>(`/api/admin/users/${id}/roles/${grantId}`),
  disable: (id: number) => api.post<AdminUser>(`/api/admin/users/${id}/disable`),
  enable: (id: number) => api.post<AdminUser>(`/api/admin/users/${id}/enable`),
  /** The tenant's current units (src/modules/org GET /api/units?active=true), depth-first. */
  units: () => api.get<{ units: UnitTreeItem[] }>('/api/units', { query: { active: true } }),
};
