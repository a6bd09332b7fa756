import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { ClockLedger } from '../../domain/calendar/index.js';
import type { DossierStatus, ExtensionRequest } from '../../domain/workflow/index.js';
import type { DB } from '../../platform/db/schema.js';
import './dossier.tables.js';

/** Unit ids per role for the coverage check; null = tenant-wide grant. */
export interface GrantScopes {
  counter: number[] | null;
  specialist: number[] | null;
  leader: number[] | null;
  reader: number[] | null;
}

const covers = (units: number[] | null, column: ReturnType<typeof sql.ref>) =>
  units === null
    ? sql<boolean>`true`
    : units.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from unit_closure c where c.descendant_id = ${column} and c.ancestor_id in (${sql.join(units)}))`;

/** The dossier row plus what a transition needs from its procedure version. */
export interface DossierRow {
  id: number;
  tenant_id: number;
  code: string | null;
  status: DossierStatus;
  version: number;
  receiving_unit_id: number;
  agency_unit_id: number;
  current_unit_id: number;
  step_index: number | null;
  step_code: string | null;
  step_role: string | null;
  step_started_at: Date | null;
  step_due_at: Date | null;
  assignee_id: number | null;
  procedure_id: number;
  procedure_version_id: number;
  channel: number;
  applicant_kind: 'individual' | 'organisation';
  applicant_name: string;
  applicant_id_last4: string | null;
  applicant_tax_code: string | null;
  applicant_email: string | null;
  applicant_address: string | null;
  applicant_phone_enc: string | null;
  applicant_id_enc: string | null;
  applicant_user_id: number | null;
  delivery: 'counter' | 'post' | 'electronic';
  delivery_address: string | null;
  clock: ClockLedger | null;
  received_at: Date | null;
  due_at: Date | null;
  original_due_at: Date | null;
  paused_since: Date | null;
  supplement_count: number;
  extended: boolean;
  extension_request: ExtensionRequest | null;
  proposed_outcome: 'approved' | 'refused' | null;
  finished_at: Date | null;
  returned_at: Date | null;
  outcome: 'approved' | 'refused' | 'stopped' | 'withdrawn' | null;
  fee_amount: number;
  online_level: string;
  result_required: boolean;
  synced: boolean;
  synced_at: Date | null;
  paid_online: boolean;
  digitised: boolean;
  e_result: boolean;
  reused: boolean;
  rating: number | null;
  complaint: boolean;
  source: string;
  created_at: Date;
  updated_at: Date;
  // joined
  procedure_code: string;
  procedure_name: string;
  steps: unknown;
  limit_unit: string;
  promised_limit: number;
  legal_limit: number;
  receiving_unit_code: string;
  receiving_unit_name: string;
  agency_unit_code: string;
  agency_unit_name: string;
  current_unit_name: string;
  assignee_name: string | null;
  counter_ok: boolean;
  specialist_ok: boolean;
  leader_ok: boolean;
  reader_ok: boolean;
  /** The row version's transaction id (`xmin`): any write to the row, versioned or not, changes it. */
  xmin: string;
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * One round trip: the dossier, its procedure version's template and limit, unit names, and
 * whether the actor's grants cover the receiving and current units (the permission check).
 */
export async function loadDossierForActor(
  db: Kysely<DB>,
  tenantId: number,
  id: number,
  scopes: GrantScopes,
): Promise<DossierRow | undefined> {
  const result = await sql<DossierRow>`
    select d.id, d.tenant_id, d.code, d.status, d.version, d.receiving_unit_id, d.agency_unit_id, d.current_unit_id,
      d.step_index, d.step_code, d.step_role, d.step_started_at, d.step_due_at, d.assignee_id,
      d.procedure_id, d.procedure_version_id, d.channel, d.applicant_kind, d.applicant_name, d.applicant_id_last4,
      d.applicant_tax_code, d.applicant_email, d.applicant_address, d.applicant_phone_enc, d.applicant_id_enc, d.applicant_user_id,
      d.delivery, d.delivery_address, d.clock, d.received_at, d.due_at, d.original_due_at, d.paused_since,
      d.supplement_count, d.extended, d.extension_request, d.proposed_outcome, d.finished_at, d.returned_at, d.outcome,
      d.fee_amount, d.online_level, d.result_required, d.synced, d.synced_at, d.paid_online, d.digitised, d.e_result,
      d.reused, d.rating, d.complaint, d.source, d.created_at, d.updated_at,
      p.code as procedure_code, pv.name as procedure_name, pv.steps, pv.limit_unit, pv.promised_limit, pv.legal_limit,
      ru.code as receiving_unit_code, ru.name as receiving_unit_name, au.code as agency_unit_code, au.name as agency_unit_name,
      cu.name as current_unit_name, u.full_name as assignee_name,
      ${covers(scopes.counter, sql.ref('d.receiving_unit_id'))} as counter_ok,
      ${covers(scopes.specialist, sql.ref('d.current_unit_id'))} as specialist_ok,
      ${covers(scopes.leader, sql.ref('d.current_unit_id'))} as leader_ok,
      (${covers(scopes.reader, sql.ref('d.receiving_unit_id'))} or ${covers(scopes.reader, sql.ref('d.agency_unit_id'))}
        or ${covers(scopes.reader, sql.ref('d.current_unit_id'))}) as reader_ok,
      d.xmin::text as xmin
    from dossiers d
    join procedure_versions pv on pv.id = d.procedure_version_id
    join procedures p on p.id = d.procedure_id
    join units ru on ru.id = d.receiving_unit_id
    join units au on au.id = d.agency_unit_id
    join units cu on cu.id = d.current_unit_id
    left join users u on u.id = d.assignee_id
    where d.tenant_id = ${tenantId} and d.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  row.clock = row.clock ? parseJson<ClockLedger>(row.clock) : null;
  row.extension_request = row.extension_request
    ? parseJson<ExtensionRequest>(row.extension_request)
    : null;
  return row;
}

/** The new state of a dossier after a transition, with everything derived from it. */
export interface TransitionWrite {
  tenantId: number;
  dossierId: number;
  expectedVersion: number;
  at: string;
  status: DossierStatus;
  /** Set once, on registration of an online submission. */
  code: string | null;
  receivedAt: string | null;
  currentUnitId: number;
  stepIndex: number | null;
  stepCode: string | null;
  stepRole: string | null;
  stepStartedAt: string | null;
  stepDueAt: string | null;
  assigneeId: number | null;
  clock: ClockLedger | null;
  dueAt: string | null;
  originalDueAt: string | null;
  pausedSince: string | null;
  supplementCount: number;
  extended: boolean;
  extensionRequest: ExtensionRequest | null;
  proposedOutcome: 'approved' | 'refused' | null;
  finishedAt: string | null;
  returnedAt: string | null;
  outcome: 'approved' | 'refused' | 'stopped' | 'withdrawn' | null;
  /** The history event. */
  event: {
    action: string;
    fromStatus: string;
    toStatus: string;
    stepCode: string | null;
    fromUnitId: number;
    toUnitId: number;
    assigneeId: number | null;
    actorId: number | null;
    note: string | null;
    stepDueAt: string | null;
    onTime: boolean | null;
    data: Record<string, unknown>;
  };
  /** The audit row (src/platform/audit chain; stream `dossier:<id>`), canonical JSON given. */
  audit: {
    stream: string;
    actorId: number | null;
    unitId: number | null;
    action: string;
    requestId: string | null;
    canonical: string;
  };
  /** The outbox message (topic dossier.status), or null when nothing is published. */
  outbox: { topic: string; payload: Record<string, unknown> } | null;
}

/**
 * What a transition computed without reading the dossier (from the row its previous transition
 * wrote, see dossier.row-cache.ts) relied on, checked by the write itself: the row is the one it
 * was computed from (`xmin`: no write of any kind since), the joined codes the outbox message
 * carries are unchanged, and the actor's grants cover the dossier's units as assumed. Any
 * difference and the statement writes nothing, as for a stale version.
 */
export interface TransitionGuard {
  xmin: string;
  procedureCode: string;
  receivingUnitCode: string;
  agencyUnitCode: string;
  scopes: GrantScopes;
  counterOk: boolean;
  specialistOk: boolean;
  leaderOk: boolean;
  /** That the request's actor is still what a look-up would give (platform/auth `rememberedActorHolds`). */
  actorHolds: RawBuilder<boolean>;
}

function guardCondition(g: TransitionGuard | undefined) {
  if (!g) return sql``;
  return sql`
        and ${g.actorHolds}
        and xmin = ${g.xmin}::xid
        and (select p.code from procedures p where p.id = dossiers.procedure_id) = ${g.procedureCode}
        and (select u.code from units u where u.id = dossiers.receiving_unit_id) = ${g.receivingUnitCode}
        and (select u.code from units u where u.id = dossiers.agency_unit_id) = ${g.agencyUnitCode}
        and (${covers(g.scopes.counter, sql.ref('dossiers.receiving_unit_id'))}) = ${g.counterOk}
        and (${covers(g.scopes.specialist, sql.ref('dossiers.current_unit_id'))}) = ${g.specialistOk}
        and (${covers(g.scopes.leader, sql.ref('dossiers.current_unit_id'))}) = ${g.leaderOk}`;
}

/**
 * Writes a transition as ONE data-modifying statement (one round trip, atomic without an
 * explicit transaction): the guarded update (`version = expected`), the outbox message, the
 * history event (seq = the new version, so history has no gaps), and the hash-chained audit row
 * composed exactly as `recordAudit` does. Nothing is written when the version is stale: the
 * inserts read from the update's result. Returns null on a stale version.
 *
 * A concurrent audit write to the same stream raises a unique violation (23505), which aborts
 * the whole statement; the caller retries.
 */
export async function writeTransition(
  db: Kysely<DB>,
  w: TransitionWrite,
  guard?: TransitionGuard,
): Promise<{ version: number; seq: number; outboxId: number | null; xmin: string } | null> {
  const ob = w.outbox;
  const result = await sql<{
    version: number;
    seq: number;
    outbox_id: number | null;
    xmin: string;
  }>`
    with upd as (
      update dossiers set
        status = ${w.status}, version = version + 1, current_unit_id = ${w.currentUnitId},
        code = coalesce(${w.code}, code), received_at = ${w.receivedAt}::timestamptz,
        step_index = ${w.stepIndex}, step_code = ${w.stepCode}, step_role = ${w.stepRole},
        step_started_at = ${w.stepStartedAt}::timestamptz, step_due_at = ${w.stepDueAt}::timestamptz,
        assignee_id = ${w.assigneeId}::bigint, clock = ${w.clock === null ? null : JSON.stringify(w.clock)}::jsonb,
        due_at = ${w.dueAt}::timestamptz, original_due_at = ${w.originalDueAt}::timestamptz,
        paused_since = ${w.pausedSince}::timestamptz, supplement_count = ${w.supplementCount},
        extended = ${w.extended}, extension_request = ${w.extensionRequest === null ? null : JSON.stringify(w.extensionRequest)}::jsonb,
        proposed_outcome = ${w.proposedOutcome}, finished_at = ${w.finishedAt}::timestamptz,
        returned_at = ${w.returnedAt}::timestamptz, outcome = ${w.outcome}, updated_at = ${w.at}::timestamptz
      where id = ${w.dossierId} and tenant_id = ${w.tenantId} and version = ${w.expectedVersion}${guardCondition(guard)}
      returning id, version, tenant_id, xmin::text as xmin
    ),
    ob as (
      insert into outbox (tenant_id, topic, payload, dedupe_key, next_attempt_at)
      select upd.tenant_id, ${ob?.topic ?? 'dossier.status'}, ${ob ? JSON.stringify(ob.payload) : '{}'}::jsonb,
        'dossier:' || upd.id || ':' || upd.version, ${w.at}::timestamptz
      from upd where ${ob !== null}
      returning id
    ),
    ev as (
      insert into dossier_events (tenant_id, dossier_id, seq, action, from_status, to_status, step_code, from_unit_id,
        to_unit_id, assignee_id, actor_id, at, note, step_due_at, on_time, outbox_id, data)
      select upd.tenant_id, upd.id, upd.version, ${w.event.action}, ${w.event.fromStatus}, ${w.event.toStatus},
        ${w.event.stepCode}, ${w.event.fromUnitId}::bigint, ${w.event.toUnitId}::bigint, ${w.event.assigneeId}::bigint,
        ${w.event.actorId}::bigint, ${w.at}::timestamptz, ${w.event.note}, ${w.event.stepDueAt}::timestamptz,
        ${w.event.onTime}::boolean, (select id from ob), ${JSON.stringify(w.event.data)}::jsonb
      from upd
      returning seq
    ),
    last as (
      select seq, hash from audit_log where stream = ${w.audit.stream} order by seq desc limit 1
    ),
    au as (
      insert into audit_log (tenant_id, stream, seq, at, actor_id, unit_id, action, request_id, data, prev_hash, hash)
      select upd.tenant_id, ${w.audit.stream}, coalesce(last.seq, 0) + 1, ${w.at}::timestamptz, ${w.audit.actorId}::bigint,
        ${w.audit.unitId}::bigint, ${w.audit.action}, ${w.audit.requestId}, ${w.audit.canonical}::jsonb, last.hash,
        encode(sha256(convert_to(coalesce(last.hash, '') || ${w.audit.canonical}::text, 'UTF8')), 'hex')
      from upd left join last on true
      returning seq
    )
    select upd.version, upd.xmin, (select seq from ev) as seq, (select id from ob) as outbox_id, (select count(*) from au) as audited
    from upd`.execute(db);
  const row = result.rows[0];
  return row
    ? { version: row.version, seq: row.seq, outboxId: row.outbox_id, xmin: row.xmin }
    : null;
}

/** Next gap-free sequence of an agency on a local day, inside the caller's transaction. */
export async function nextCodeSequence(
  trx: Kysely<DB>,
  tenantId: number,
  agencyCode: string,
  day: string,
): Promise<number> {
  const result = await sql<{ last: number }>`
    insert into dossier_code_counters as c (tenant_id, agency_code, day, last)
    values (${tenantId}, ${agencyCode}, ${day}::date, 1)
    on conflict (tenant_id, agency_code, day) do update set last = c.last + 1
    returning last`.execute(trx);
  return (result.rows[0] as { last: number }).last;
}

/**
 * What a registration writes once its gap-free code is known. The code is taken LAST, just
 * before the commit: the counter row of an agency's day is the one row every registration of
 * that agency updates, and it stays locked until the commit, so whatever runs after taking it
 * makes every other registration wait. The dossier is inserted without it first; the code and
 * whatever carries it (the outbox message, the first history event that links the message, the
 * audit row, the idempotency answer) are written here, in one statement: the lock is held for
 * this statement and the commit only.
 */
export interface RegistrationCode {
  tenantId: number;
  dossierId: number;
  agencyCode: string;
  /** The local day of reception, YYYY-MM-DD. */
  day: string;
  /** `<agency>-<YYMMDD>-`, the code before its number (formatDossierCode's layout). */
  prefix: string;
  /** A string that stands for the code in `audit.canonical` and `response` until it is known. */
  placeholder: string;
  /** The `dossier.status` message; `payload` is JSON with the placeholder for the code. */
  outbox: { topic: string; dedupeKey: string; payload: string; notBefore: string };
  /** The first history event (seq 1, from no status), which links the message. */
  event: {
    action: string;
    toStatus: string;
    unitId: number;
    actorId: number;
    at: string;
    note: string | null;
    data: string;
  };
  audit: {
    stream: string;
    actorId: number | null;
    unitId: number | null;
    action: string;
    requestId: string | null;
    at: string;
    /** Canonical JSON of the audit data, the code given as the JSON string `placeholder`. */
    canonical: string;
  };
  /** The idempotency key whose stored answer (JSON with the placeholder) completes here. */
  idempotency: { scope: string; key: string; response: string } | null;
}

/**
 * `c` and `k`: the agency day's next gap-free number (the counter row stays locked until the
 * statement's commit) and the code made of it, as text and as a JSON string. Shared by both
 * registration statements.
 */
function codeCtes(r: RegistrationCode) {
  return sql`c as (
      insert into dossier_code_counters as c (tenant_id, agency_code, day, last)
      values (${r.tenantId}, ${r.agencyCode}, ${r.day}::date, 1)
      on conflict (tenant_id, agency_code, day) do update set last = c.last + 1
      returning last
    ),
    k as (
      select code, to_json(code)::text as json from (
        select ${r.prefix}::text || case when c.last < 10000 then lpad(c.last::text, 4, '0') else c.last::text end as code
        from c
      ) x
    )`;
}

/**
 * `ob`, `ev`, `last`, `canon`, `au`: what a registration writes once its code `k` is known —
 * the outbox message, the first history event linking it, and the audit row chained to its
 * stream's last (composed exactly as `recordAudit` does), each with the placeholder replaced by
 * the code. A concurrent audit write to the stream fails the statement (23505); callers retry.
 */
function chainCtes(r: RegistrationCode, dossierId: number) {
  const placeholder = JSON.stringify(r.placeholder);
  return sql`ob as (
      insert into outbox (tenant_id, topic, payload, dedupe_key, next_attempt_at)
      select ${r.tenantId}::bigint, ${r.outbox.topic}, replace(${r.outbox.payload}::text, ${placeholder}::text, k.json)::jsonb,
        ${r.outbox.dedupeKey}, ${r.outbox.notBefore}::timestamptz
      from k
      returning id
    ),
    ev as (
      insert into dossier_events (tenant_id, dossier_id, seq, action, from_status, to_status, step_code,
        from_unit_id, to_unit_id, actor_id, at, note, outbox_id, data)
      select ${r.tenantId}::bigint, ${dossierId}::bigint, 1, ${r.event.action}, null, ${r.event.toStatus}, null,
        ${r.event.unitId}::bigint, ${r.event.unitId}::bigint, ${r.event.actorId}::bigint, ${r.event.at}::timestamptz,
        ${r.event.note}, ob.id, ${r.event.data}::jsonb
      from ob
      returning seq
    ),
    last as (
      select seq, hash from audit_log where stream = ${r.audit.stream} order by seq desc limit 1
    ),
    canon as (
      select replace(${r.audit.canonical}::text, ${placeholder}::text, k.json) as text from k
    ),
    au as (
      insert into audit_log (tenant_id, stream, seq, at, actor_id, unit_id, action, request_id, data, prev_hash, hash)
      select ${r.tenantId}::bigint, ${r.audit.stream}, coalesce(last.seq, 0) + 1, ${r.audit.at}::timestamptz,
        ${r.audit.actorId}::bigint, ${r.audit.unitId}::bigint, ${r.audit.action}, ${r.audit.requestId},
        canon.text::jsonb, last.hash,
        encode(sha256(convert_to(coalesce(last.hash, '') || canon.text, 'UTF8')), 'hex')
      from canon left join last on true
      returning seq
    )`;
}

/**
 * Takes the next gap-free code of an agency's day and writes it into the dossier, then its
 * outbox message, first history event, first audit row and the idempotency answer, inside the
 * caller's transaction.
 * Sequences past 9999 grow in width rather than wrap, as in formatDossierCode.
 */
export async function assignRegistrationCode(
  trx: Kysely<DB>,
  w: RegistrationCode,
): Promise<string> {
  const placeholder = JSON.stringify(w.placeholder);
  const key = w.idempotency;
  const result = await sql<{ code: string; dossiers: number; audited: number; events: number }>`
    with ${codeCtes(w)},
    d as (
      update dossiers set code = k.code from k
      where dossiers.id = ${w.dossierId} and dossiers.tenant_id = ${w.tenantId}
      returning dossiers.id
    ),
    ${chainCtes(w, w.dossierId)},
    ik as (
      update idempotency_keys set response = replace(${key?.response ?? 'null'}::text, ${placeholder}::text, k.json)::jsonb
      from k
      where ${key !== null} and idempotency_keys.tenant_id = ${w.tenantId}
        and idempotency_keys.scope = ${key?.scope ?? ''} and idempotency_keys.key = ${key?.key ?? ''}
      returning 1
    )
    select k.code, (select count(*) from d) as dossiers, (select count(*) from au) as audited,
      (select count(*) from ev) as events, (select count(*) from ik) as answered
    from k`.execute(trx);
  const row = result.rows[0];
  if (!row || Number(row.dossiers) !== 1 || Number(row.audited) !== 1 || Number(row.events) !== 1)
    throw new Error(`registration of dossier ${w.dossierId}: code not written`);
  return row.code;
}

/**
 * A complete reception in ONE statement, without a transaction around it (issue 7: a
 * registration was BEGIN, the idempotency claim, the insert, the code, COMMIT): the next
 * gap-free code, the dossier with it (under the id `findReceptionTargets` allocated), its outbox
 * message, first history event, first audit row and the idempotency key with its stored answer.
 * The counter row of the agency's day is locked by this statement and its commit only. A key
 * used before makes the statement fail with a unique violation on idempotency_keys, writing
 * nothing (the number is given back); the caller answers with the first request's answer.
 */
export async function insertRegistration(
  db: Kysely<DB>,
  w: { id: number; values: Insertable<DB['dossiers']>; code: RegistrationCode },
): Promise<{ code: string; row: Record<string, unknown> & { xmin: string } }> {
  const r = w.code;
  const placeholder = JSON.stringify(r.placeholder);
  const key = r.idempotency;
  const columns = Object.keys(w.values).filter((c) => c !== 'code' && c !== 'id');
  const values = columns.map((c) => sql`${(w.values as Record<string, unknown>)[c]}`);
  const result = await sql<
    Record<string, unknown> & { xmin: string; code: string; audited: number; events: number }
  >`
    with ${codeCtes(r)},
    d as (
      insert into dossiers (id, code, ${sql.join(columns.map((c) => sql.ref(c)))}) overriding system value
      values (${w.id}, (select code from k), ${sql.join(values)})
      returning *, xmin::text as xmin
    ),
    ${chainCtes(r, w.id)},
    ik as (
      insert into idempotency_keys (tenant_id, key, scope, response)
      select ${r.tenantId}::bigint, ${key?.key ?? ''}, ${key?.scope ?? ''},
        replace(${key?.response ?? 'null'}::text, ${placeholder}::text, k.json)::jsonb
      from k where ${key !== null}
      returning 1
    )
    select d.*, (select count(*) from au) as audited, (select count(*) from ev) as events,
      (select count(*) from ik) as answered
    from d`.execute(db);
  const row = result.rows[0];
  if (!row || Number(row.audited) !== 1 || Number(row.events) !== 1)
    throw new Error(`registration of dossier ${w.id}: not written whole`);
  const { audited: _a, events: _e, answered: _k, ...dossier } = row;
  return { code: row.code, row: dossier as Record<string, unknown> & { xmin: string } };
}

/** The procedure version in force at `at` for a procedure code, with its agency. */
export async function findVersionAt(
  db: Kysely<DB>,
  tenantId: number,
  procedureCode: string,
  at: string,
): Promise<VersionRow | undefined> {
  const result = await versionAt(tenantId, procedureCode, at).execute(db);
  return result.rows[0];
}

interface VersionRow {
  procedure_id: number;
  procedure_code: string;
  status: string;
  version_id: number;
  name: string;
  agency_unit_id: number | null;
  /** The agency unit's code (null when the version names no agency). */
  agency_unit_code: string | null;
  legal_limit: number;
  promised_limit: number;
  limit_unit: string;
  fee_amount: number;
  components: unknown;
  steps: unknown;
  result_type: string;
  online_level: 'full' | 'partial' | 'none';
  certification: boolean;
  population_db: boolean;
  applicant_kinds: unknown;
}

function versionAt(tenantId: number, procedureCode: string, at: string) {
  return sql<VersionRow>`
    select p.id as procedure_id, p.code as procedure_code, p.status, pv.id as version_id, pv.name, pv.agency_unit_id,
      (select au.code from units au where au.id = pv.agency_unit_id) as agency_unit_code, pv.legal_limit, pv.promised_limit, pv.limit_unit, pv.fee_amount, pv.components, pv.steps, pv.result_type,
      pv.online_level, pv.certification, pv.population_db, pv.applicant_kinds
    from procedures p
    join lateral (
      select * from procedure_versions v where v.procedure_id = p.id and v.effective_from <= ${at}::timestamptz
      order by v.effective_from desc, v.version desc limit 1
    ) pv on true
    where p.tenant_id = ${tenantId} and p.code = ${procedureCode}`;
}

/**
 * What a reception checks before it writes, in one round trip: the receiving unit with whether
 * the officer's counter grants cover it (findReceivingUnit) and the procedure version in force
 * (findVersionAt). Either is undefined when not found.
 */
export async function findReceptionTargets(
  db: Kysely<DB>,
  tenantId: number,
  unitId: number,
  counterUnits: number[] | null,
  procedureCode: string,
  at: string,
  options: { allocateId: boolean; actorHolds: RawBuilder<boolean> },
): Promise<{
  unit: ReceivingUnit | undefined;
  version: VersionRow | undefined;
  /** A new dossier id (nextval of the identity) when `allocateId`, else null. */
  nextId: number | null;
  /** Whether the request's actor holds (platform/auth `rememberedActorHolds`). */
  actorHolds: boolean;
}> {
  const result = await sql<
    Partial<VersionRow> & {
      u_id: number | null;
      u_code: string;
      u_name: string;
      u_kind: string;
      u_counter_ok: boolean;
      next_id: number | null;
      actor_holds: boolean;
    }
  >`
    select u.id as u_id, u.code as u_code, u.name as u_name, u.kind as u_kind,
      ${covers(counterUnits, sql.ref('u.id'))} as u_counter_ok, v.*,
      ${options.allocateId ? sql`nextval(pg_get_serial_sequence('dossiers', 'id'))` : sql`null::bigint`} as next_id,
      ${options.actorHolds} as actor_holds
    from (select 1) as one
    left join units u on u.tenant_id = ${tenantId} and u.id = ${unitId}
    left join lateral (${versionAt(tenantId, procedureCode, at)}) v on true`.execute(db);
  const { u_id, u_code, u_name, u_kind, u_counter_ok, next_id, actor_holds, ...version } =
    result.rows[0]!;
  return {
    nextId: next_id,
    actorHolds: actor_holds,
    unit:
      u_id === null
        ? undefined
        : { id: u_id, code: u_code, name: u_name, kind: u_kind, counter_ok: u_counter_ok },
    version: version.procedure_id == null ? undefined : (version as VersionRow),
  };
}

export type VersionAt = NonNullable<Awaited<ReturnType<typeof findVersionAt>>>;

export async function findUnit(db: Kysely<DB>, tenantId: number, id: number) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A reception's receiving unit; whether the officer's counter grants (null = all) cover it. */
interface ReceivingUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  counter_ok: boolean;
}

export async function findUnitByCode(db: Kysely<DB>, tenantId: number, code: string) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The tenant's workflow settings (tenants.settings.workflow). */
export async function tenantSettings(
  db: Kysely<DB>,
  tenantId: number,
): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('tenants')
    .select('settings')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return parseJson<Record<string, unknown>>(row?.settings ?? {}) ?? {};
}

/** History of a dossier in order, with actor names. */
export async function listEvents(db: Kysely<DB>, tenantId: number, dossierId: number) {
  return db
    .selectFrom('dossier_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .leftJoin('users as s', 's.id', 'e.assignee_id')
    .leftJoin('units as fu', 'fu.id', 'e.from_unit_id')
    .leftJoin('units as tu', 'tu.id', 'e.to_unit_id')
    .leftJoin('outbox as o', 'o.id', 'e.outbox_id')
    .select([
      'e.seq',
      'e.action',
      'e.from_status',
      'e.to_status',
      'e.step_code',
      'e.from_unit_id',
      'e.to_unit_id',
      'fu.name as from_unit_name',
      'tu.name as to_unit_name',
      'e.assignee_id',
      's.full_name as assignee_name',
      'e.actor_id',
      'a.full_name as actor_name',
      'e.at',
      'e.note',
      'e.step_due_at',
      'e.on_time',
      'e.data',
      'e.outbox_id',
      'o.status as outbox_status',
      'o.attempts as outbox_attempts',
      'o.last_error as outbox_error',
      'o.sent_at as outbox_sent_at',
    ])
    .where('e.tenant_id', '=', tenantId)
    .where('e.dossier_id', '=', dossierId)
    .orderBy('e.seq')
    .execute();
}

export async function listDocuments(db: Kysely<DB>, tenantId: number, dossierId: number) {
  return db
    .selectFrom('dossier_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('dossier_id', '=', dossierId)
    .orderBy('id')
    .execute();
}
