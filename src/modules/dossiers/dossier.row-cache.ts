import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { DossierRow, GrantScopes, TransitionWrite } from './dossier.repository.js';

/**
 * The dossier rows this process last wrote, so the next transition of a dossier can skip the
 * read and be ONE round trip (issue 7: a transition was three — actor, read, write — and each
 * round trip costs both the server and PostgreSQL a socket write and a wake-up on a loaded
 * machine). Nothing here is trusted: a transition computed from a remembered row writes with a
 * `TransitionGuard` (dossier.repository.ts), so the statement itself checks that the row is
 * still the one remembered (`xmin`), that the codes the outbox message carries and the actor's
 * coverage of the units are as assumed; otherwise it writes nothing and the transition is done
 * again the ordinary way (read, decide, write). Kept per database handle, and only for the
 * pool's handle (never inside a transaction, whose writes may still roll back).
 */
const MAX_ROWS = 10_000;
const MAX_COVERAGE = 10_000;

interface Cache {
  rows: Map<number, DossierRow>;
  /** Whether a grant scope covers a unit, as the last read answered: `<units>|<unit id>`. */
  coverage: Map<string, boolean>;
}

const caches = new WeakMap<object, Cache>();

function cacheOf(db: Kysely<DB>): Cache | undefined {
  if (db.isTransaction) return undefined;
  let cache = caches.get(db);
  if (!cache) {
    cache = { rows: new Map(), coverage: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

function bounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  // A Map iterates in insertion order: the first key is the least recently stored.
  if (map.size > max) map.delete(map.keys().next().value as K);
}

/**
 * Takes (and forgets) the remembered row of a dossier when it is at `version`: a transition
 * that fails or loses a race must not leave a row behind that it may have half-used.
 */
export function takeRow(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
  version: number,
): DossierRow | undefined {
  const cache = cacheOf(db);
  const row = cache?.rows.get(id);
  if (!cache || !row) return undefined;
  cache.rows.delete(id);
  return row.tenant_id === tenantId && row.version === version ? row : undefined;
}

/** Remembers a dossier row just written and committed (a registration). */
export function rememberRow(db: Kysely<DB>, row: DossierRow): void {
  const cache = cacheOf(db);
  if (cache) bounded(cache.rows, row.id, row, MAX_ROWS);
}

/** Remembers the coverage answers a dossier read gave for its actor's grant scopes. */
export function rememberCoverage(db: Kysely<DB>, row: DossierRow, scopes: GrantScopes): void {
  const cache = cacheOf(db);
  if (!cache) return;
  const put = (units: number[] | null, unitId: number, ok: boolean) =>
    bounded(cache.coverage, coverageKey(units, unitId), ok, MAX_COVERAGE);
  put(scopes.counter, row.receiving_unit_id, row.counter_ok);
  put(scopes.specialist, row.current_unit_id, row.specialist_ok);
  put(scopes.leader, row.current_unit_id, row.leader_ok);
}

/** Whether `units` (a grant scope) covers `unitId` as last read; undefined when never read. */
export function knownCoverage(
  db: Kysely<DB>,
  units: number[] | null,
  unitId: number,
): boolean | undefined {
  if (units === null) return true;
  if (units.length === 0) return false;
  return cacheOf(db)?.coverage.get(coverageKey(units, unitId));
}

function coverageKey(units: number[] | null, unitId: number): string {
  return `${units === null ? '*' : units.join(',')}|${unitId}`;
}

const at = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Remembers the row a transition wrote: the row it was computed from with the written columns,
 * the new version and `xmin`. The joined names (current unit, assignee) are not kept up to date:
 * the transition does not read them, and nothing else reads this cache.
 */
export function rememberWritten(
  db: Kysely<DB>,
  row: DossierRow,
  w: TransitionWrite,
  written: { version: number; xmin: string },
): void {
  const cache = cacheOf(db);
  if (!cache) return;
  const next: DossierRow = {
    ...row,
    status: w.status,
    version: written.version,
    xmin: written.xmin,
    code: w.code ?? row.code,
    received_at: at(w.receivedAt),
    current_unit_id: w.currentUnitId,
    step_index: w.stepIndex,
    step_code: w.stepCode,
    step_role: w.stepRole,
    step_started_at: at(w.stepStartedAt),
    step_due_at: at(w.stepDueAt),
    assignee_id: w.assigneeId,
    clock: w.clock,
    due_at: at(w.dueAt),
    original_due_at: at(w.originalDueAt),
    paused_since: at(w.pausedSince),
    supplement_count: w.supplementCount,
    extended: w.extended,
    extension_request: w.extensionRequest,
    proposed_outcome: w.proposedOutcome,
    finished_at: at(w.finishedAt),
    returned_at: at(w.returnedAt),
    outcome: w.outcome,
    updated_at: new Date(w.at),
  };
  bounded(cache.rows, next.id, next, MAX_ROWS);
}
