import { describe, expect, it } from 'vitest';
import { unitOptionLabel } from '../../unitScope.js';
import type { UnitTreeItem } from './api.js';
import {
  actionHint,
  administeredUnits,
  draftIssues,
  draftToInput,
  EMPTY_USER_DRAFT,
  serverIssue,
  TENANT_WIDE,
  type UserDraft,
} from './rules.js';

function unit(
  id: number,
  parentId: number | null,
  depth: number,
  name = `Unit ${id}`,
): UnitTreeItem {
  return {
    id,
    parentId,
    depth,
    childCount: 0,
    kind: 'department',
    level: 'province',
    code: `000.00.${String(id).padStart(2, '0')}.H40`,
    name,
    nameEn: `${name} (en)`,
    validFrom: null,
    validTo: null,
    former: false,
  };
}

// Province 1 → centre 2, justice 3 → justice office 4; ward 5.
const UNITS = [unit(1, null, 0), unit(2, 1, 1), unit(3, 1, 1), unit(4, 3, 2), unit(5, 1, 1)];

const draft = (patch: Partial<UserDraft>): UserDraft => ({
  ...EMPTY_USER_DRAFT,
  name: 'Nguyễn Văn An',
  username: 'nguyen.van.an',
  role: 'specialist',
  unit: '3',
  ...patch,
});

describe('administeredUnits', () => {
  it('keeps the subtrees of administrator grants in tree order, ignoring other roles', () => {
    const scope = administeredUnits(UNITS, [
      { role: 'administrator', unitId: 3 },
      { role: 'leader', unitId: 5 },
    ]);
    expect(scope.units.map((u) => u.id)).toEqual([3, 4]);
    expect(scope.tenantWide).toBe(false);
  });

  it('covers every unit and offers the whole tenant for a grant without a unit', () => {
    const scope = administeredUnits(UNITS, [{ role: 'administrator', unitId: null }]);
    expect(scope.units).toHaveLength(5);
    expect(scope.tenantWide).toBe(true);
  });

  it('offers nothing to a user who administers nothing', () => {
    expect(administeredUnits(UNITS, [{ role: 'specialist', unitId: null }]).units).toEqual([]);
  });
});

describe('unitOptionLabel', () => {
  it('indents a unit under the first shown level and names it in the current language', () => {
    expect(unitOptionLabel(UNITS[3]!, 1, 'vi')).toBe('\u00a0\u00a0\u00a0Unit 4 (000.00.04.H40)');
    expect(unitOptionLabel(UNITS[0]!, 0, 'en')).toBe('Unit 1 (en) (000.00.01.H40)');
  });
});

describe('draftIssues', () => {
  it('accepts a complete draft with a generated password', () => {
    expect(draftIssues(draft({}))).toEqual([]);
  });

  it('lists every problem of an empty form in the form order', () => {
    expect(draftIssues(EMPTY_USER_DRAFT).map((i) => i.key)).toEqual([
      'nameRequired',
      'usernameRequired',
      'roleRequired',
      'unitRequired',
    ]);
  });

  it('refuses user names the server refuses, after lower-casing as the server does', () => {
    expect(draftIssues(draft({ username: 'Nguyen.An' }))).toEqual([]);
    for (const bad of ['ab', 'nguyễn', '.an', 'an an', 'x'.repeat(51)])
      expect(draftIssues(draft({ username: bad })).map((i) => i.key)).toEqual(['usernameFormat']);
  });

  it('checks an own password (8–200, a letter and a digit) only when one is set', () => {
    expect(draftIssues(draft({ password: 'short' }))).toEqual([]);
    for (const bad of ['short1', '12345678', 'password'])
      expect(draftIssues(draft({ passwordMode: 'own', password: bad }))[0]?.key).toBe(
        'passwordRule',
      );
    expect(draftIssues(draft({ passwordMode: 'own', password: 'Mật khẩu 2025' }))).toEqual([]);
  });

  it('checks e-mail, phone (+84 or 0, spaces allowed) and a 12-digit citizen ID when given', () => {
    expect(draftIssues(draft({ phone: '+84 912 345 678', idNumber: '012345678901' }))).toEqual([]);
    expect(
      draftIssues(draft({ email: 'an@', phone: '091234', idNumber: '123' })).map((i) => i.field),
    ).toEqual(['email', 'phone', 'idNumber']);
  });
});

describe('draftToInput', () => {
  it('trims, lower-cases the user name and leaves the password out to have one generated', () => {
    expect(draftToInput(draft({ name: ' An ', username: ' An.Nguyen ', phone: '' }))).toEqual({
      username: 'an.nguyen',
      name: 'An',
      role: 'specialist',
      unitId: 3,
      kind: 'staff',
    });
  });

  it('sends a null unit for the whole tenant, the own password and normalised contacts', () => {
    expect(
      draftToInput(
        draft({
          unit: TENANT_WIDE,
          passwordMode: 'own',
          password: 'abc12345',
          email: ' an@laichau.gov.vn ',
          phone: '+84 912.345.678',
          idNumber: '012345678901',
        }),
      ),
    ).toMatchObject({
      unitId: null,
      password: 'abc12345',
      email: 'an@laichau.gov.vn',
      phone: '0912345678',
      idNumber: '012345678901',
    });
  });
});

describe('serverIssue', () => {
  it('puts a taken user name on its field', () => {
    expect(serverIssue({ code: 'already_exists', details: { field: 'username' } })).toEqual({
      field: 'username',
      key: 'usernameTaken',
    });
  });

  it('reads the field of a schema failure from its JSON path', () => {
    expect(
      serverIssue({
        code: 'validation_failed',
        details: { in: 'body', issues: [{ path: '/idNumber', message: 'pattern' }] },
      }),
    ).toEqual({ field: 'idNumber', key: 'idNumberFormat' });
  });

  it('blames the unit for a refusal outside the administrator’s scope, and nothing else for others', () => {
    expect(serverIssue({ code: 'forbidden', details: { unitId: 9 } })).toEqual({
      field: 'unit',
      key: 'unitForbidden',
    });
    expect(serverIssue({ code: 'internal' })).toBeNull();
  });
});

describe('actionHint', () => {
  it('explains the refusals each action can meet', () => {
    expect(actionHint('grant', { code: 'already_exists' })).toBe('grantExists');
    expect(actionHint('revoke', { code: 'rule_violation' })).toBe('lastAdminGrant');
    expect(actionHint('disable', { code: 'rule_violation' })).toBe('disableSelf');
    expect(actionHint('grant', { code: 'forbidden' })).toBe('outOfScope');
    expect(actionHint('disable', { code: 'not_found' })).toBe('gone');
    expect(actionHint('grant', { code: 'internal' })).toBeNull();
  });
});
