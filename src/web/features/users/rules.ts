import { unitsUnderGrants } from '../../unitScope.js';
import type { CreateUserInput, StaffRole, UnitTreeItem } from './api.js';

/**
 * Pure rules of the user-administration screens: which units an administrator may grant over,
 * the checks the server makes on a new account (run first in the browser so every problem shows
 * at once), and where a server error belongs on the form.
 */

/** The value of the unit picker meaning "the whole tenant" (a grant with a null unit). */
export const TENANT_WIDE = 'tenant';

/**
 * The units an administrator acts on: the subtrees of their `administrator` grants, in the tree's
 * depth-first order; a grant without a unit covers the tenant (`tenantWide`). The server checks
 * again (users.service assertAdminOver); this keeps the pickers to what will be accepted.
 */
export function administeredUnits(
  units: readonly UnitTreeItem[],
  grants: ReadonlyArray<{ role: string; unitId: number | null }>,
): { units: UnitTreeItem[]; tenantWide: boolean } {
  return unitsUnderGrants(units, grants, ['administrator']);
}

/** The new-account form as typed. `unit` is a unit id, TENANT_WIDE, or '' (not chosen). */
export interface UserDraft {
  name: string;
  username: string;
  kind: 'staff' | 'system';
  role: StaffRole | '';
  unit: string;
  passwordMode: 'generate' | 'own';
  password: string;
  email: string;
  phone: string;
  idNumber: string;
}

export const EMPTY_USER_DRAFT: UserDraft = {
  name: '',
  username: '',
  kind: 'staff',
  role: '',
  unit: '',
  passwordMode: 'generate',
  password: '',
  email: '',
  phone: '',
  idNumber: '',
};

export type DraftField =
  | 'name'
  | 'username'
  | 'role'
  | 'unit'
  | 'password'
  | 'email'
  | 'phone'
  | 'idNumber';

/** A problem with one field; `key` is the message under `users:errors`. */
export interface DraftIssue {
  field: DraftField;
  key: string;
}

// The server's own rules (users.service): user name, password, phone and citizen ID formats.
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,49}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CITIZEN_ID = /^\d{12}$/;

/** The phone as the server normalises it: no spaces, dots or dashes; +84 becomes 0. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s.-]/g, '').replace(/^\+84/, '0');
}

/** Every problem of a draft, in the form's order (the first one gets focus). */
export function draftIssues(d: UserDraft): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const name = d.name.trim();
  if (!name) issues.push({ field: 'name', key: 'nameRequired' });
  else if (name.length < 2 || name.length > 200) issues.push({ field: 'name', key: 'nameLength' });
  const username = d.username.trim().toLowerCase();
  if (!username) issues.push({ field: 'username', key: 'usernameRequired' });
  else if (!USERNAME.test(username)) issues.push({ field: 'username', key: 'usernameFormat' });
  if (!d.role) issues.push({ field: 'role', key: 'roleRequired' });
  if (!d.unit) issues.push({ field: 'unit', key: 'unitRequired' });
  if (d.passwordMode === 'own') {
    const p = d.password;
    if (p.length < 8 || p.length > 200 || !/\p{L}/u.test(p) || !/\d/.test(p))
      issues.push({ field: 'password', key: 'passwordRule' });
  }
  if (d.email.trim() && !EMAIL.test(d.email.trim()))
    issues.push({ field: 'email', key: 'emailFormat' });
  const phone = normalisePhone(d.phone);
  if (phone && !/^0\d{9}$/.test(phone)) issues.push({ field: 'phone', key: 'phoneFormat' });
  if (d.idNumber.trim() && !CITIZEN_ID.test(d.idNumber.trim()))
    issues.push({ field: 'idNumber', key: 'idNumberFormat' });
  return issues;
}

/** The request body for a valid draft: trimmed, optional fields left out when empty. */
export function draftToInput(d: UserDraft): CreateUserInput {
  const input: CreateUserInput = {
    username: d.username.trim().toLowerCase(),
    name: d.name.trim(),
    role: d.role as StaffRole,
    unitId: d.unit === TENANT_WIDE ? null : Number(d.unit),
    kind: d.kind,
  };
  if (d.passwordMode === 'own') input.password = d.password;
  if (d.email.trim()) input.email = d.email.trim();
  if (normalisePhone(d.phone)) input.phone = normalisePhone(d.phone);
  if (d.idNumber.trim()) input.idNumber = d.idNumber.trim();
  return input;
}

const FIELDS: readonly DraftField[] = [
  'name',
  'username',
  'role',
  'unit',
  'password',
  'email',
  'phone',
  'idNumber',
];

/**
 * The form field a refusal of the server belongs to, with the message key for it: the service
 * names the field (`details.field`), a schema failure gives a JSON path (`details.issues`), a
 * taken user name is `already_exists` on `username`. Null when the error is about no one field.
 */
export function serverIssue(error: { code: string; details?: unknown }): DraftIssue | null {
  const details = (error.details ?? {}) as { field?: unknown; issues?: unknown };
  let field: string | undefined = typeof details.field === 'string' ? details.field : undefined;
  if (!field && Array.isArray(details.issues)) {
    const path = (details.issues[0] as { path?: unknown } | undefined)?.path;
    if (typeof path === 'string') field = path.split('/').pop();
  }
  if (field === 'unitId') field = 'unit';
  if (!field || !(FIELDS as readonly string[]).includes(field)) {
    if (error.code === 'forbidden') return { field: 'unit', key: 'unitForbidden' };
    return null;
  }
  const f = field as DraftField;
  if (error.code === 'already_exists' && f === 'username')
    return { field: f, key: 'usernameTaken' };
  const byField: Record<DraftField, string> = {
    name: 'nameLength',
    username: 'usernameFormat',
    role: 'roleRequired',
    unit: 'unitRequired',
    password: 'passwordRule',
    email: 'emailFormat',
    phone: 'phoneFormat',
    idNumber: 'idNumberFormat',
  };
  return { field: f, key: byField[f] };
}

/** What an action on a grant or an account ran into, beyond the catalogue's sentence, if known. */
export function actionHint(
  action: 'grant' | 'revoke' | 'disable' | 'enable',
  error: { code: string },
): string | null {
  if (error.code === 'forbidden') return 'outOfScope';
  if (action === 'grant' && error.code === 'already_exists') return 'grantExists';
  if (action === 'revoke' && error.code === 'rule_violation') return 'lastAdminGrant';
  if (action === 'disable' && error.code === 'rule_violation') return 'disableSelf';
  if (error.code === 'not_found') return 'gone';
  return null;
}
