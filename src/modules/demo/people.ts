import { hashPassword } from '../../platform/auth/password.js';
import { protectField } from '../../platform/crypto/index.js';
import type { Role } from '../../platform/db/schema.js';
import { asciiSlug, citizenId, personName, phoneNumber } from './names.js';
import type { Rng } from './rng.js';
import type { OrgPlan, UnitIds } from './units.js';
import type { DemoWriter } from './writer.js';

/**
 * Staff and citizens of a demo province. Every one-stop desk has a counter officer, a
 * specialist and a leader; departments have specialists and a leader; the service centre has
 * counter officers; the province has an administrator and the reform office. Staff of a former
 * unit are the staff of the unit that succeeded it (the same people carried on after the 2025
 * mergers), with a grant over both, so they can read the history they made.
 */

export const DEMO_PASSWORD = 'MotCua@2025';

export interface StaffMember {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  /** Plan key of the unit the person works in (grants cover the unit's whole team). */
  teamKey: string;
}

/** Staff by team and role, for dossier generation: who received, appraised, approved. */
export interface Staff {
  members: StaffMember[];
  byTeam: Map<string, Partial<Record<Role, StaffMember[]>>>;
  /** Logins to print: one per role at least, and staff for every kind of unit. */
  logins: DemoLogin[];
}

export interface DemoLogin {
  role: Role;
  username: string;
  password: string;
  unit: string;
  unitKind: string;
}

const USER_COLUMNS = [
  'id',
  'tenant_id',
  'kind',
  'username',
  'full_name',
  'email',
  'phone_enc',
  'phone_hash',
  'id_number_enc',
  'id_number_hash',
  'password_hash',
  'created_at',
] as const;
const GRANT_COLUMNS = ['id', 'tenant_id', 'user_id', 'role', 'unit_id', 'created_at'] as const;

interface StaffPlan {
  username: string;
  fullName: string;
  role: Role;
  teamKey: string;
  unitKeys: string[];
}

function rolesOf(kind: string, level: string): Role[] {
  if (kind === 'people_committee') return ['administrator', 'reform_office', 'leader'];
  if (kind === 'service_centre')
    return ['counter_officer', 'counter_officer', 'counter_officer', 'leader'];
  if (kind === 'department') return ['specialist', 'specialist', 'leader'];
  if (level === 'district' || level === 'commune')
    return ['counter_officer', 'specialist', 'leader'];
  return ['specialist'];
}

/** Short, readable usernames: role prefix + unit slug (tiepnhan.tanphong, lanhdao.sotuphap). */
const ROLE_PREFIX: Record<Role, string> = {
  citizen: 'congdan',
  counter_officer: 'tiepnhan',
  specialist: 'chuyenvien',
  leader: 'lanhdao',
  reform_office: 'cchc',
  administrator: 'admin',
};

/** The unit part of a username: `ttpvhcc` for the centre, the department key, the place name. */
function usernameSlug(key: string, kind: string, name: string): string {
  if (kind === 'people_committee') return '';
  if (kind === 'service_centre') return 'ttpvhcc';
  if (key.startsWith('dept:')) return `so${key.slice(5)}`;
  return asciiSlug(
    name.replace(/\(cũ\)/, '').replace(/^(UBND|Xã|Phường|Thị trấn|Huyện|Thành phố)\s+/, ''),
  );
}

/** The staff plan (pure): one team per current unit, each with grants over its former units. */
export function planStaff(rng: Rng, org: OrgPlan): StaffPlan[] {
  const teams = new Map<string, string[]>();
  for (const unit of org.units) {
    const list = teams.get(unit.teamKey) ?? [];
    list.push(unit.key);
    teams.set(unit.teamKey, list);
  }
  const byKey = new Map(org.units.map((u) => [u.key, u]));
  const used = new Set<string>();
  const plans: StaffPlan[] = [];
  for (const [teamKey, unitKeys] of teams) {
    const lead = byKey.get(teamKey);
    if (!lead) continue;
    const roles = rolesOf(lead.kind, lead.level);
    const slug = usernameSlug(lead.key, lead.kind, lead.name);
    for (const role of roles) {
      let username = slug ? `${ROLE_PREFIX[role]}.${slug}` : ROLE_PREFIX[role];
      for (let n = 2; used.has(username); n++)
        username = `${slug ? `${ROLE_PREFIX[role]}.${slug}` : ROLE_PREFIX[role]}${n}`;
      used.add(username);
      plans.push({ username, fullName: personName(rng).name, role, teamKey, unitKeys });
    }
  }
  return plans;
}

/**
 * Writes staff users and their grants. The demo password is hashed once with the application's
 * own `hashPassword` (scrypt, random salt) in the thread pool while the caller goes on
 * generating, and that one hash is given to every staff account of the run: the password is
 * printed on every run, so a salt shared by the demo's accounts reveals nothing, while one
 * scrypt per account (~50 ms of CPU and 32 MB each, 187 in a province) was a sixth of
 * `npm start`'s CPU on two cores. Users are written first without a hash and updated in the
 * same transaction before commit, so no committed row ever lacks it. Call `finish()` before
 * committing.
 */
export async function writeStaff(
  writer: DemoWriter,
  tenantId: number,
  org: OrgPlan,
  units: UnitIds,
  rng: Rng,
  createdAt: string,
  passwords: 'all' | 'logins' = 'all',
): Promise<{ staff: Staff; finish: () => Promise<void> }> {
  const plans = planStaff(rng, org);
  const first = await writer.reserveIds('users', plans.length);
  const members: StaffMember[] = [];
  const byTeam: Staff['byTeam'] = new Map();
  let grantCount = 0;
  for (const plan of plans) grantCount += plan.unitKeys.length;
  let grantId = await writer.reserveIds('role_grants', grantCount);
  for (const [i, plan] of plans.entries()) {
    const id = first + i;
    await writer.push('users', USER_COLUMNS, [
      id,
      tenantId,
      'staff',
      plan.username,
      plan.fullName,
      `${plan.username}@demo.motcua.local`,
      null,
      null,
      null,
      null,
      null,
      createdAt,
    ]);
    for (const key of plan.unitKeys) {
      await writer.push('role_grants', GRANT_COLUMNS, [
        grantId++,
        tenantId,
        id,
        plan.role,
        units.get(key) as number,
        createdAt,
      ]);
    }
    const member: StaffMember = {
      id,
      username: plan.username,
      fullName: plan.fullName,
      role: plan.role,
      teamKey: plan.teamKey,
    };
    members.push(member);
    const team = byTeam.get(plan.teamKey) ?? {};
    const list = team[plan.role] ?? [];
    list.push(member);
    team[plan.role] = list;
    byTeam.set(plan.teamKey, team);
  }
  const logins = pickLogins(members, org);
  // At national scale (thousands of staff, ~50 ms of scrypt each) only the printed logins get
  // a password; the other accounts wait for an administrator to set one.
  const printed = new Set(logins.map((l) => l.username));
  const withPassword =
    passwords === 'all' ? members : members.filter((m) => printed.has(m.username));
  const hash = withPassword.length > 0 ? hashPassword(DEMO_PASSWORD) : undefined;
  const finish = async () => {
    await writer.flush();
    if (!hash) return;
    await writer.query('update users set password_hash = $2 where id = any($1::bigint[])', [
      withPassword.map((m) => m.id),
      await hash,
    ]);
  };
  return { staff: { members, byTeam, logins }, finish };
}

function pickLogins(members: StaffMember[], org: OrgPlan): DemoLogin[] {
  const byKey = new Map(org.units.map((u) => [u.key, u]));
  const seen = new Set<string>();
  const logins: DemoLogin[] = [];
  for (const m of members) {
    const unit = byKey.get(m.teamKey);
    if (!unit) continue;
    const slot = `${m.role}/${unit.kind}`;
    if (seen.has(slot)) continue;
    seen.add(slot);
    logins.push({
      role: m.role,
      username: m.username,
      password: DEMO_PASSWORD,
      unit: unit.name,
      unitKind: unit.kind,
    });
  }
  return logins;
}

export interface Citizen {
  id: number;
  name: string;
  female: boolean;
  idNumber: string;
  phone: string;
}

/**
 * Citizens with an account on the portal (they submit the online dossiers), with their phone
 * and citizen ID encrypted and hashed as the auth module stores them. They sign in with a
 * one-time code, so they have no password.
 */
export async function writeCitizens(
  writer: DemoWriter,
  tenantId: number,
  rng: Rng,
  count: number,
  secret: string,
  createdAt: string,
): Promise<Citizen[]> {
  const first = await writer.reserveIds('users', count);
  let grantId = await writer.reserveIds('role_grants', count);
  const citizens: Citizen[] = [];
  for (let i = 0; i < count; i++) {
    const { name, female } = personName(rng);
    const idNumber = citizenId(rng, female);
    const phone = i === 0 ? '0912345678' : phoneNumber(rng);
    const p = protectField(secret, 'phone', phone);
    const n = protectField(secret, 'id_number', idNumber);
    const id = first + i;
    await writer.push('users', USER_COLUMNS, [
      id,
      tenantId,
      'citizen',
      null,
      name,
      null,
      p.enc,
      p.hash,
      n.enc,
      n.hash,
      null,
      createdAt,
    ]);
    // As the portal's sign-in creates them: a citizen grant with no unit.
    await writer.push('role_grants', GRANT_COLUMNS, [
      grantId++,
      tenantId,
      id,
      'citizen',
      null,
      createdAt,
    ]);
    citizens.push({ id, name, female, idNumber, phone });
  }
  return citizens;
}
