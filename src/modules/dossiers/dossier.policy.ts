import type { WorkflowRole } from '../../domain/workflow/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Role } from '../../platform/db/schema.js';

/**
 * Who may do what to which dossier (deny by default; a grant over a unit covers its subtree):
 * - `counter_officer` over the RECEIVING unit: reception, transfer, return, supplements received
 *   at the counter, withdrawals on the applicant's written request;
 * - `specialist` / `leader` over the unit the dossier is AT (the agency, or the consulted unit):
 *   appraisal, supplements, extensions, approval, stops;
 * - the applicant (the citizen account that submitted it online): submit, supplement, withdraw;
 * - reading: any of those, plus `reform_office` and `leader` over the receiving or agency unit.
 */

/** The unit ids under which the actor holds `role`; `null` = tenant-wide; `[]` = none. */
export function grantUnits(actor: Actor, role: Role): number[] | null {
  const grants = actor.grants.filter((g) => g.role === role);
  if (grants.some((g) => g.unitId === null)) return null;
  return grants.map((g) => g.unitId as number);
}

/** Subtree coverage answered by the database for one dossier (see the repository's read). */
export interface Coverage {
  counterOverReceiving: boolean;
  specialistOverCurrent: boolean;
  leaderOverCurrent: boolean;
  readerOverDossier: boolean;
}

/** The actor's workflow roles on a dossier, from coverage and applicant ownership. */
export function workflowRoles(
  actor: Actor,
  coverage: Coverage,
  applicantUserId: number | null,
): WorkflowRole[] {
  const roles: WorkflowRole[] = [];
  if (actor.kind !== 'citizen') {
    if (coverage.counterOverReceiving) roles.push('counter_officer');
    if (coverage.specialistOverCurrent) roles.push('specialist');
    if (coverage.leaderOverCurrent) roles.push('leader');
  }
  if (applicantUserId !== null && actor.userId === applicantUserId) roles.push('applicant');
  return roles;
}

/** Roles that may read a dossier of a unit they cover (beyond those who may act on it). */
export const READER_ROLES: readonly Role[] = [
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
];

/** Whether the actor may read the dossier at all. */
export function mayRead(actor: Actor, coverage: Coverage, applicantUserId: number | null): boolean {
  return (
    workflowRoles(actor, coverage, applicantUserId).length > 0 ||
    (actor.kind !== 'citizen' && coverage.readerOverDossier)
  );
}
