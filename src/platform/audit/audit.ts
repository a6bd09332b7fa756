import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError } from '../errors.js';
import { canonicalJson } from './canonical.js';

/** One change to record: who did what to which object, with its state before and after. */
export interface AuditEntry {
  tenantId: number;
  actorId: number | null;
  unitId?: number | null;
  /** Dotted verb, e.g. `auth.login`, `user.created`, `dossier.approved`. */
  action: string;
  /** The kind of object (`user`, `dossier`…); with entityId it names the hash-chain stream. */
  entity: string;
  entityId: number | string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** When it happened; defaults to now (pass ctx.now() where a test pins the clock). */
  at?: Date;
}

export interface RecordedAudit {
  id: number;
  stream: string;
  seq: number;
  hash: string;
}

/** The hashed content of one audit row: every column that says what happened. */
export interface AuditData {
  action: string;
  actorId: number | null;
  unitId: number | null;
  requestId: string | null;
  at: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

const MAX_ATTEMPTS = 5;

export function auditStream(entity: string, entityId: number | string): string {
  return `${entity}:${entityId}`;
}

/** sha256(prev_hash || canonical JSON of data), hex; the empty string stands for "no previous". */
export function chainHash(prevHash: string | null, canonicalData: string): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonicalData)
    .digest('hex');
}

/**
 * Appends an audit row in the caller's transaction, chained to the last row of its stream
 * (`entity:entityId`): seq = previous + 1, prev_hash = previous hash, hash = sha256(prev_hash ||
 * canonical JSON of the data). One SQL statement: a CTE reads the stream's last row, so a
 * dossier transition pays one round trip for its audit row.
 *
 * Writers of one stream take a transaction-scoped advisory lock on it inside the same statement.
 * The statement's snapshot predates the wait, so a writer that waited computes a seq already
 * taken; its insert then does nothing (ON CONFLICT, which keeps the transaction usable on
 * PostgreSQL) and the retry, holding the lock and with a fresh snapshot, succeeds: at most two
 * round trips under contention, one otherwise. Throws `version_conflict` if it still cannot
 * append (under REPEATABLE READ a retry cannot see the winner).
 */
export async function recordAudit(trx: Kysely<DB>, entry: AuditEntry): Promise<RecordedAudit> {
  const at = entry.at ?? new Date();
  const stream = auditStream(entry.entity, entry.entityId);
  const data: AuditData = {
    action: entry.action,
    actorId: entry.actorId,
    unitId: entry.unitId ?? null,
    requestId: entry.requestId ?? null,
    at: at.toISOString(),
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  const canonical = canonicalJson(data);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const result = await sql<RecordedAudit>`
      with lock as (
        select pg_advisory_xact_lock(hashtextextended(${stream}, 7274)) as held
      ),
      last as (
        select seq, hash from audit_log, lock where stream = ${stream} order by seq desc limit 1
      )
      insert into audit_log (tenant_id, stream, seq, at, actor_id, unit_id, action, request_id, data, prev_hash, hash)
      select ${entry.tenantId}::bigint, ${stream}, coalesce(last.seq, 0) + 1, ${at.toISOString()}::timestamptz,
        ${data.actorId}::bigint, ${data.unitId}::bigint, ${data.action}, ${data.requestId}, ${canonical}::jsonb, last.hash,
        encode(sha256(convert_to(coalesce(last.hash, '') || ${canonical}::text, 'UTF8')), 'hex')
      from lock left join last on true
      on conflict (stream, seq) do nothing
      returning id, stream, seq, hash`.execute(trx);
    const row = result.rows[0];
    if (row) return row;
  }
  throw new AppError('version_conflict', {
    message: `audit stream ${stream} kept changing`,
    details: { stream },
  });
}

export type AuditProblem = 'hash_mismatch' | 'gap' | 'prev_link' | 'column_mismatch';

export interface AuditBreak {
  stream: string;
  seq: number;
  id: number;
  problem: AuditProblem;
  /** A sentence for the operator: what was expected and what was found. */
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  streams: number;
  broken?: AuditBreak;
}

/**
 * Walks every stream (of one tenant, or all) in (stream, seq) order and recomputes the chain:
 * seq runs 1, 2, 3…; each prev_hash is the previous row's hash; each hash is the hash of its
 * data; the columns agree with the hashed data. Stops at the first broken link. Reads in
 * keyset pages so a large log is walked in constant memory.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  options: { tenantId?: number; pageSize?: number } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 2000;
  let rows = 0;
  let streams = 0;
  let after: { stream: string; seq: number } | null = null;
  let previous: { stream: string; seq: number; hash: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('audit_log')
      .select([
        'id',
        'tenant_id',
        'stream',
        'seq',
        'at',
        'actor_id',
        'unit_id',
        'action',
        'request_id',
        'data',
        'prev_hash',
        'hash',
      ])
      .orderBy('stream')
      .orderBy('seq')
      .limit(pageSize);
    if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
    if (after) {
      const { stream, seq } = after;
      query = query.where(sql<boolean>`(stream, seq) > (${stream}, ${seq})`);
    }
    const page = await query.execute();
    for (const row of page) {
      rows++;
      const sameStream: boolean = previous !== null && previous.stream === row.stream;
      if (!sameStream) streams++;
      const expectedSeq: number = sameStream && previous ? previous.seq + 1 : 1;
      const fail = (problem: AuditProblem, detail: string): AuditVerification => ({
        ok: false,
        rows,
        streams,
        broken: { stream: row.stream, seq: row.seq, id: row.id, problem, detail },
      });
      if (row.seq !== expectedSeq) {
        return fail(
          'gap',
          `expected seq ${expectedSeq}, found ${row.seq} (a row is missing before this one)`,
        );
      }
      const expectedPrev: string | null = sameStream && previous ? previous.hash : null;
      if (row.prev_hash !== expectedPrev) {
        return fail(
          'prev_link',
          `prev_hash ${row.prev_hash ?? 'null'} does not match the previous row's hash ${expectedPrev ?? 'null'}`,
        );
      }
      const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as AuditData;
      const computed = chainHash(row.prev_hash, canonicalJson(data));
      if (computed !== row.hash) {
        return fail('hash_mismatch', `stored hash ${row.hash} but the data hashes to ${computed}`);
      }
      const mismatch = columnMismatch(row, data);
      if (mismatch)
        return fail('column_mismatch', `column ${mismatch} differs from the hashed data`);
      previous = { stream: row.stream, seq: row.seq, hash: row.hash };
    }
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) break;
    after = { stream: last.stream, seq: last.seq };
  }
  return { ok: true, rows, streams };
}

function columnMismatch(
  row: {
    stream: string;
    at: Date;
    actor_id: number | null;
    unit_id: number | null;
    action: string;
    request_id: string | null;
  },
  data: AuditData,
): string | null {
  if (row.action !== data.action) return 'action';
  if (row.actor_id !== data.actorId) return 'actor_id';
  if (row.unit_id !== data.unitId) return 'unit_id';
  if (row.request_id !== data.requestId) return 'request_id';
  if (new Date(row.at).getTime() !== Date.parse(data.at)) return 'at';
  if (row.stream !== auditStream(data.entity, data.entityId)) return 'stream';
  return null;
}
