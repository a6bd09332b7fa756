import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { WorkingCalendar } from '../../domain/calendar/index.js';
import {
  allowedActions,
  answerDueAfterInfo,
  deadlinesFrom,
  type FeedbackAction,
  type FeedbackChannel,
  type FeedbackKind,
  type FeedbackState,
  hasReply,
  nextState,
  pendingDueAt,
  publishDueFrom,
} from '../../domain/feedback/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { encryptField, protectField } from '../../platform/crypto/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { loadTenantCalendar } from '../calendar/index.js';
import {
  assertCanAct,
  assertCanRead,
  canReadReporter,
  FEEDBACK_ACTION_ROLES,
  FEEDBACK_READ_ROLES,
  REPORTER_GRANT_ROLES,
  readScope,
  reporterUnits,
} from './feedback.policy.js';
import {
  type FeedbackRow,
  iso7,
  presentDetail,
  presentListItem,
  presentPublicAnswer,
  presentTracking,
} from './feedback.presenter.js';
import './feedback.tables.js';
import { assertRoleOverUnit, hasRoleOverUnit } from '../auth/index.js';

/** Contact details of whoever submits an item; all optional, all encrypted at rest. */
export interface SubmitterInput {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  idNumber?: string | null | undefined;
  email?: string | null | undefined;
  address?: string | null | undefined;
}

export interface FeedbackInput {
  kind: FeedbackKind;
  subject: string;
  content: string;
  relatedDossierCode?: string | null | undefined;
  relatedProcedureCode?: string | null | undefined;
  anonymous?: boolean | undefined;
  submitter?: SubmitterInput | null | undefined;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A tracking code `PA-YYMMDD-XXXXXXXX`: the day of receipt (Vietnam time) and 40 random bits in
 * Crockford base 32. The code is what a submitter (possibly anonymous) holds to follow, rate
 * and complain again, so it must not be guessable from another one; the same prefix for every
 * kind, so a code does not tell that it belongs to a denunciation.
 */
export function newTrackingCode(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  const day = `${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}`;
  const bytes = randomBytes(8);
  let tail = '';
  for (const b of bytes) tail += CODE_ALPHABET[b & 31];
  return `PA-${day}-${tail}`;
}

function normalisePhone(value: string): string {
  const digits = value.replace(/[\s.-]/g, '');
  return digits.startsWith('+84') ? `0${digits.slice(3)}` : digits;
}

/**
 * Checks the input rules the schema cannot say: an anonymous item carries no contact; a named
 * one gives a name and a way to answer (phone or e-mail). Throws `validation_failed`.
 */
function checkInput(input: FeedbackInput): void {
  const issues: Array<{ path: string; message: string }> = [];
  const s = input.submitter ?? null;
  const given = s ? Object.values(s).some((v) => typeof v === 'string' && v.trim() !== '') : false;
  if (input.anonymous) {
    if (given)
      issues.push({ path: '/submitter', message: 'an anonymous submission carries no contact' });
  } else {
    if (!s?.name?.trim()) issues.push({ path: '/submitter/name', message: 'required' });
    if (!s?.phone?.trim() && !s?.email?.trim())
      issues.push({ path: '/submitter', message: 'a phone number or an e-mail address' });
  }
  if (s?.phone && !/^(0|\+84)\d{9,10}$/.test(s.phone.replace(/[\s.-]/g, '')))
    issues.push({ path: '/submitter/phone', message: 'must be a Vietnamese phone number' });
  if (s?.idNumber && !/^\d{9}$|^\d{12}$/.test(s.idNumber))
    issues.push({ path: '/submitter/idNumber', message: 'must be 9 or 12 digits' });
  if (!input.subject.trim()) issues.push({ path: '/subject', message: 'required' });
  if (!input.content.trim()) issues.push({ path: '/content', message: 'required' });
  if (issues.length > 0)
    throw new AppError('validation_failed', { message: 'invalid feedback', details: { issues } });
}

/** Encrypted columns of the submitter (src/platform/crypto; key from MOTCUA_SECRET_KEY). */
function submitterColumns(secret: string, input: FeedbackInput) {
  const s = input.anonymous ? null : (input.submitter ?? null);
  const text = (value: string | null | undefined, context: string) =>
    value?.trim() ? encryptField(secret, value.trim(), context) : null;
  const phone = protectField(
    secret,
    'feedback.submitter_phone',
    s?.phone ? normalisePhone(s.phone) : null,
  );
  const id = protectField(secret, 'feedback.submitter_id', s?.idNumber ?? null);
  return {
    submitter_name_enc: text(s?.name, 'feedback.submitter_name'),
    submitter_phone_enc: phone.enc,
    submitter_phone_hash: phone.hash,
    submitter_id_enc: id.enc,
    submitter_id_hash: id.hash,
    submitter_email_enc: text(s?.email, 'feedback.submitter_email'),
    submitter_address_enc: text(s?.address, 'feedback.submitter_address'),
  };
}

async function unitOfTenant(db: Kysely<DB>, tenantId: number, unitId: number) {
  const unit = await db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw new AppError('not_found', { message: `no unit ${unitId}` });
  return unit;
}

/**
 * Takes in a feedback item, complaint or denunciation: stores it with its tracking code, the
 * deadlines of the receiving unit (DOMAIN §9, from the tenant's working calendar), the
 * submitter's contact encrypted, the first history event and an audit row that names no one,
 * in one transaction. Staff intake (`actor` staff) needs a reading role over the unit; a portal
 * submission (`actor` null or a citizen) goes to the unit given or the tenant's root unit.
 * Throws `validation_failed`, `not_found` (unit), `forbidden`.
 */
export async function submitFeedback(
  ctx: AppContext,
  options: {
    tenantId: number;
    actor: Actor | null;
    channel: FeedbackChannel;
    unitId?: number | null | undefined;
    unitCode?: string | null | undefined;
    input: FeedbackInput;
    requestId?: string;
  },
) {
  const { tenantId, actor, input } = options;
  checkInput(input);
  const staff = actor !== null && actor.kind !== 'citizen';
  let unitId: number;
  if (options.unitId) {
    unitId = (await unitOfTenant(ctx.db, tenantId, options.unitId)).id;
  } else if (options.unitCode) {
    const unit = await ctx.db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('code', '=', options.unitCode)
      .executeTakeFirst();
    if (!unit) throw new AppError('not_found', { message: `no unit ${options.unitCode}` });
    unitId = unit.id;
  } else {
    if (staff) throw new AppError('validation_failed', { message: 'unitId: the receiving unit' });
    // Decree 20/2008: the provincial people's committee receives feedback on its procedures;
    // its reform office sorts and transfers.
    const root = await ctx.db
      .selectFrom('units')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('parent_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    if (!root) throw new AppError('not_found', { message: 'the tenant has no unit' });
    unitId = root.id;
  }
  if (staff) await assertRoleOverUnit(ctx.db, actor, FEEDBACK_READ_ROLES, unitId);

  const now = ctx.now();
  const due = dueColumns(await loadTenantCalendar(ctx.db, tenantId), now);
  const code = newTrackingCode(now);
  // A citizen's account would name a denunciation's reporter: neither the item, its history nor
  // the audit row keeps it (the contact given is stored encrypted instead).
  const protectedReporter = input.kind === 'denunciation' && actor?.kind === 'citizen';
  const recordedActor = protectedReporter ? null : (actor?.userId ?? null);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('feedback')
      .values({
        tenant_id: tenantId,
        code,
        kind: input.kind,
        channel: options.channel,
        unit_id: unitId,
        received_unit_id: unitId,
        state: 'received',
        subject: input.subject.trim(),
        content: input.content.trim(),
        related_dossier_code: input.relatedDossierCode?.trim() || null,
        related_procedure_code: input.relatedProcedureCode?.trim() || null,
        follow_up_of: null,
        anonymous: input.anonymous === true,
        submitter_user_id: actor?.kind === 'citizen' && !protectedReporter ? actor.userId : null,
        ...submitterColumns(ctx.config.secretKey, input),
        received_at: now,
        ...due,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('feedback_events')
      .values({
        tenant_id: tenantId,
        feedback_id: row.id,
        action: 'receive',
        from_state: null,
        to_state: 'received',
        unit_id: unitId,
        actor_id: recordedActor,
        note: null,
        at: now,
      })
      .execute();
    // The audit row names the item, never the submitter (a denunciation's reporter included).
    await recordAudit(trx, {
      tenantId,
      actorId: recordedActor,
      unitId,
      action: 'feedback.received',
      entity: 'feedback',
      entityId: row.id,
      after: {
        code,
        kind: row.kind,
        channel: row.channel,
        anonymous: row.anonymous,
        followUpOf: row.follow_up_of,
      },
      requestId: options.requestId ?? null,
      at: now,
    });
    // The id lets staff open the item they just took in; the public routes leave it out.
    return { id: row.id, ...presentTracking(row, await unitName(trx, unitId)) };
  });
}

async function unitName(db: Kysely<DB>, unitId: number): Promise<string> {
  const unit = await db
    .selectFrom('units')
    .select('name')
    .where('id', '=', unitId)
    .executeTakeFirst();
  return unit?.name ?? '';
}

export interface ActionInput {
  version: number;
  note?: string | null | undefined;
  reply?: string | null | undefined;
  toUnitId?: number | null | undefined;
}

/**
 * Performs one transition of the state machine (DOMAIN §9) on an item: checks the actor's
 * scope (`not_found` outside it), the action's roles (`forbidden`), the version
 * (`version_conflict`) and the table (`transition_not_allowed`), then writes the new state, the
 * step's instant and the deadlines it starts (transfer: the new unit's 2/5/15 working days;
 * supply of information: the answer deadline pushed by the time spent waiting; answer: the
 * 2-day publication deadline), the history event and the audit row in one transaction.
 * `reject` and `answer` need a `reply`; `transfer` a `toUnitId` of another unit of the tenant.
 */
export async function performFeedbackAction(
  ctx: AppContext,
  options: {
    actor: Actor;
    id: number;
    action: FeedbackAction;
    input: ActionInput;
    requestId?: string;
  },
) {
  const { actor, action, input } = options;
  const now = ctx.now();
  const cal = await loadTenantCalendar(ctx.db, actor.tenantId);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('feedback')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', options.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    await assertCanRead(trx, actor, row.unit_id);
    await assertCanAct(trx, actor, action, row.unit_id);
    if (row.version !== input.version)
      throw new AppError('version_conflict', { details: { version: row.version } });
    const to = nextState(row.state, row.kind, action);
    if (to === null)
      throw new AppError('transition_not_allowed', {
        details: { state: row.state, action },
      });
    const reply = input.reply?.trim() || null;
    if ((action === 'reject' || action === 'answer') && !reply)
      throw new AppError('validation_failed', {
        message: `${action}: a reply is required`,
        details: { issues: [{ path: '/reply', message: 'required' }] },
      });

    const patch: Partial<Record<string, unknown>> = {};
    let toUnitId: number | null = null;
    switch (action) {
      case 'start':
        break;
      case 'request_info':
        patch.info_requested_at = now;
        break;
      case 'supply_info':
        Object.assign(patch, suppliedPatch(cal, row as FeedbackRow, now));
        break;
      case 'transfer': {
        if (!input.toUnitId || input.toUnitId === row.unit_id)
          throw new AppError('validation_failed', {
            message: 'transfer: toUnitId, another unit',
            details: { issues: [{ path: '/toUnitId', message: 'another unit of the tenant' }] },
          });
        toUnitId = (await unitOfTenant(trx, actor.tenantId, input.toUnitId)).id;
        Object.assign(patch, {
          unit_id: toUnitId,
          transferred_at: now,
          ...dueColumns(cal, now),
          // The new unit starts afresh: its own requests for information.
          info_requested_at: null,
          info_supplied_at: null,
        });
        break;
      }
      case 'reject':
        Object.assign(patch, { rejected_at: now, finished_at: now, reply });
        break;
      case 'answer':
        Object.assign(patch, {
          answered_at: now,
          reply,
          publish_due_at:
            row.kind === 'feedback' ? new Date(publishDueFrom(cal, now.getTime())) : null,
          finished_at: row.kind === 'feedback' ? null : now,
        });
        break;
      case 'publish':
        Object.assign(patch, { published_at: now, finished_at: now });
        break;
      default: {
        const never: never = action;
        throw new RangeError(`unknown action ${String(never)}`);
      }
    }
    const updated = await changeState(trx, row as FeedbackRow, {
      to,
      patch,
      action,
      toUnitId,
      actorId: actor.userId,
      note: input.note?.trim() || null,
      now,
    });
    await recordAudit(trx, {
      tenantId: row.tenant_id,
      actorId: actor.userId,
      unitId: row.unit_id,
      action: `feedback.${action}`,
      entity: 'feedback',
      entityId: row.id,
      before: { state: row.state, unitId: row.unit_id, version: row.version },
      after: { state: to, unitId: updated.unit_id, version: updated.version },
      requestId: options.requestId ?? null,
      at: now,
    });
    return getFeedback({ ...ctx, db: trx }, { actor, id: row.id, audit: false, row: updated });
  });
}

/**
 * One item as staff see it: the item, its history, its ratings and the actions the actor may
 * take. The submitter's contact is decrypted for feedback and complaints; a denunciation's
 * reporter only with `feedback.reporter.read` over the unit (else `submitter: null`,
 * `reporterProtected: true`), and each such reading is audited. `not_found` outside the
 * actor's scope.
 */
export async function getFeedback(
  ctx: AppContext,
  options: { actor: Actor; id: number; audit?: boolean; row?: FeedbackRow; requestId?: string },
) {
  const { actor } = options;
  const row =
    options.row ??
    (await ctx.db
      .selectFrom('feedback')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', options.id)
      .executeTakeFirst());
  if (!row) throw new AppError('not_found');
  await assertCanRead(ctx.db, actor, row.unit_id);
  const [events, ratings, units, revealed] = await Promise.all([
    ctx.db
      .selectFrom('feedback_events')
      .leftJoin('users', 'users.id', 'feedback_events.actor_id')
      .select([
        'feedback_events.action',
        'feedback_events.from_state',
        'feedback_events.to_state',
        'feedback_events.unit_id',
        'feedback_events.to_unit_id',
        'feedback_events.note',
        'feedback_events.at',
        'users.full_name as actor_name',
        'users.kind as actor_kind',
      ])
      .where('feedback_events.feedback_id', '=', row.id)
      .orderBy('feedback_events.id')
      .execute(),
    ratingCounts(ctx.db, [row.id]),
    ctx.db
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('tenant_id', '=', actor.tenantId)
      .execute(),
    row.kind === 'denunciation'
      ? canReadReporter(ctx.db, actor, row.unit_id)
      : Promise.resolve(true),
  ]);
  const allowed: FeedbackAction[] = [];
  for (const a of allowedActions(row.state, row.kind))
    if (await hasRoleOverUnit(ctx.db, actor, FEEDBACK_ACTION_ROLES[a], row.unit_id))
      allowed.push(a);
  if (row.kind === 'denunciation' && revealed && options.audit !== false && !row.anonymous) {
    // Who looked at a protected reporter's identity, and when (never the identity itself).
    await recordAudit(ctx.db, {
      tenantId: row.tenant_id,
      actorId: actor.userId,
      unitId: row.unit_id,
      action: 'feedback.reporter_viewed',
      entity: 'feedback',
      entityId: row.id,
      requestId: options.requestId ?? null,
      at: ctx.now(),
    });
  }
  const byId = new Map(units.map((u) => [u.id, u]));
  return presentDetail(row, {
    secret: ctx.config.secretKey,
    reporterVisible: revealed,
    units: byId,
    events,
    ratings: ratings.get(row.id) ?? { likes: 0, dislikes: 0 },
    allowedActions: allowed,
    now: ctx.now(),
  });
}

async function ratingCounts(
  db: Kysely<DB>,
  ids: number[],
): Promise<Map<number, { likes: number; dislikes: number }>> {
  const out = new Map<number, { likes: number; dislikes: number }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('feedback_ratings')
    .select([
      'feedback_id',
      sql<number>`count(*) filter (where value = 'like')`.as('likes'),
      sql<number>`count(*) filter (where value = 'dislike')`.as('dislikes'),
    ])
    .where('feedback_id', 'in', ids)
    .groupBy('feedback_id')
    .execute();
  for (const r of rows)
    out.set(r.feedback_id, { likes: Number(r.likes), dislikes: Number(r.dislikes) });
  return out;
}

export interface ListFilters {
  unitCode?: string | undefined;
  state?: FeedbackState | undefined;
  kind?: FeedbackKind | undefined;
  channel?: FeedbackChannel | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** SQL twin of `pendingDueAt` (src/domain/feedback): the deadline a unit works against now. */
const PENDING_DUE = sql<Date | null>`case
  when feedback.state in ('received', 'processing') then feedback.answer_due_at
  when feedback.state = 'awaiting_publication' then feedback.publish_due_at
  else null end`;

/**
 * Items in the actor's unit subtrees (or in the subtree of `unitCode` within them), newest
 * first, filtered, with an overdue flag (the pending deadline has passed now). The submitter's
 * name shows for feedback and complaints; a denunciation's reporter only with
 * `feedback.reporter.read`. Throws `forbidden` for an actor without a reading role.
 */
export async function listFeedback(
  ctx: AppContext,
  options: { actor: Actor; filters: ListFilters },
) {
  const { actor, filters } = options;
  const scope = readScope(actor);
  const now = ctx.now();
  let query = ctx.db
    .selectFrom('feedback')
    .innerJoin('units', 'units.id', 'feedback.unit_id')
    .where('feedback.tenant_id', '=', actor.tenantId);
  if (scope !== null)
    query = query.where('feedback.unit_id', 'in', (qb) =>
      qb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', scope),
    );
  if (filters.unitCode) {
    const unitCode = filters.unitCode;
    query = query.where('feedback.unit_id', 'in', (qb) =>
      qb
        .selectFrom('unit_closure')
        .innerJoin('units as root', 'root.id', 'unit_closure.ancestor_id')
        .select('unit_closure.descendant_id')
        .where('root.tenant_id', '=', actor.tenantId)
        .where('root.code', '=', unitCode),
    );
  }
  if (filters.state) query = query.where('feedback.state', '=', filters.state);
  if (filters.kind) query = query.where('feedback.kind', '=', filters.kind);
  if (filters.channel) query = query.where('feedback.channel', '=', filters.channel);
  if (filters.overdue !== undefined)
    query = filters.overdue
      ? query.where(sql<boolean>`${PENDING_DUE} < ${now}`)
      : query.where(sql<boolean>`coalesce(${PENDING_DUE} >= ${now}, true)`);
  if (filters.q) {
    // Words of the subject, or the tracking code a caller reads out (exactly, any case).
    const q = filters.q;
    query = query.where((eb) =>
      eb.or([
        eb('feedback.subject', 'ilike', `%${escapeLike(q)}%`),
        eb('feedback.code', '=', q.trim().toUpperCase()),
      ]),
    );
  }
  if (filters.from)
    query = query.where(
      sql<boolean>`feedback.received_at >= ${filters.from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh'`,
    );
  if (filters.to)
    query = query.where(
      sql<boolean>`feedback.received_at < (${filters.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`,
    );
  const [rows, total, revealUnits] = await Promise.all([
    query
      .selectAll('feedback')
      .select(['units.code as unit_code', 'units.name as unit_name'])
      .orderBy('feedback.received_at', 'desc')
      .orderBy('feedback.id', 'desc')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    reporterUnits(ctx.db, actor),
  ]);
  const ratings = await ratingCounts(
    ctx.db,
    rows.map((r) => r.id),
  );
  const visible = (r: { kind: string; unit_id: number }) =>
    r.kind !== 'denunciation' || revealUnits === null || revealUnits.has(r.unit_id);
  // A list that shows a protected reporter is a reading too: audited per item, as the page.
  for (const r of rows)
    if (r.kind === 'denunciation' && !r.anonymous && visible(r))
      await recordAudit(ctx.db, {
        tenantId: r.tenant_id,
        actorId: actor.userId || null,
        unitId: r.unit_id,
        action: 'feedback.reporter_viewed',
        entity: 'feedback',
        entityId: r.id,
        after: { via: 'list' },
        at: now,
      });
  return {
    total: Number(total.n),
    page: filters.page,
    pageSize: filters.pageSize,
    items: rows.map((r) =>
      presentListItem(r, {
        secret: ctx.config.secretKey,
        reporterVisible: visible(r),
        unit: { code: r.unit_code, name: r.unit_name },
        ratings: ratings.get(r.id) ?? { likes: 0, dislikes: 0 },
        now,
      }),
    ),
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function byCode(db: Kysely<DB> | Transaction<DB>, tenantId: number, code: string) {
  return db
    .selectFrom('feedback')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code.trim().toUpperCase())
    .executeTakeFirst();
}

/**
 * The public look-up by tracking code: state, dates, deadlines and the reply once given; no
 * personal data and not the content (the holder of the code wrote it). Unknown: `not_found`.
 */
export async function trackFeedback(ctx: AppContext, options: { tenantId: number; code: string }) {
  const row = await byCode(ctx.db, options.tenantId, options.code);
  if (!row) throw new AppError('not_found');
  return presentTrackingFor(ctx.db, row);
}

/**
 * The look-up's answer for a row: with the likes and dislikes, the code holder's own rating (the
 * applicant's: the screen shows its button pressed) and, while the item awaits information, the
 * note of the request (what the unit asked for; staff write it to the applicant).
 */
/**
 * Moves an item to `to` with the action's `patch` (the version advanced) and writes its history
 * event, inside the caller's transaction: one place for what every state change records, staff
 * action or the citizen's reply alike. Returns the updated row.
 */
async function changeState(
  trx: Transaction<DB>,
  row: FeedbackRow,
  change: {
    to: FeedbackState;
    patch: Partial<Record<string, unknown>>;
    action: FeedbackAction;
    toUnitId: number | null;
    actorId: number | null;
    note: string | null;
    now: Date;
  },
): Promise<FeedbackRow> {
  const { now } = change;
  const updated = await trx
    .updateTable('feedback')
    .set({ ...change.patch, state: change.to, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('feedback_events')
    .values({
      tenant_id: row.tenant_id,
      feedback_id: row.id,
      action: change.action,
      from_state: row.state,
      to_state: change.to,
      unit_id: row.unit_id,
      to_unit_id: change.toUnitId,
      actor_id: change.actorId,
      note: change.note,
      at: now,
    })
    .execute();
  return updated as FeedbackRow;
}

async function presentTrackingFor(db: Kysely<DB> | Transaction<DB>, row: FeedbackRow) {
  const [ratings, own, request, name] = await Promise.all([
    ratingCounts(db, [row.id]),
    db
      .selectFrom('feedback_ratings')
      .select('value')
      .where('feedback_id', '=', row.id)
      .where('rater', '=', 'applicant')
      .executeTakeFirst(),
    row.state === 'info_requested'
      ? db
          .selectFrom('feedback_events')
          .select(['note', 'at'])
          .where('feedback_id', '=', row.id)
          .where('action', '=', 'request_info')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined,
    unitName(db, row.unit_id),
  ]);
  return {
    ...presentTracking(row, name),
    ratings: ratings.get(row.id) ?? { likes: 0, dislikes: 0 },
    rating: (own?.value ?? null) as 'like' | 'dislike' | null,
    infoRequest:
      row.state === 'info_requested'
        ? {
            note: request?.note ?? null,
            requestedAt: iso7(request?.at ?? row.info_requested_at ?? row.updated_at) as string,
          }
        : null,
  };
}

/**
 * The answer clock after requested information arrives (DOMAIN §9): the answer deadline is
 * pushed by the working time spent waiting. Shared by staff (`supply_info`) and the public route.
 */
function suppliedPatch(cal: WorkingCalendar, row: FeedbackRow, now: Date) {
  const asked = row.info_requested_at ? new Date(row.info_requested_at).getTime() : null;
  const patch: { info_supplied_at: Date; answer_due_at?: Date } = { info_supplied_at: now };
  if (asked !== null)
    patch.answer_due_at = new Date(
      answerDueAfterInfo(cal, new Date(row.answer_due_at).getTime(), asked, now.getTime()),
    );
  return patch;
}

/**
 * The code holder answers a request for information online: the same `supply_info` transition
 * staff record (answer clock restarted, pushed by the waiting time), the answer kept as the
 * history event's note for the unit, an audit row that names no one. Not awaiting information:
 * 409 `transition_not_allowed`. Unknown code: `not_found`. Answers the tracking.
 */
export async function supplyInformation(
  ctx: AppContext,
  options: { tenantId: number; code: string; content: string; requestId?: string },
) {
  const content = options.content.trim();
  if (!content)
    throw new AppError('validation_failed', {
      message: 'the information is required',
      details: { issues: [{ path: '/content', message: 'required' }] },
    });
  const now = ctx.now();
  const cal = await loadTenantCalendar(ctx.db, options.tenantId);
  return ctx.db.transaction().execute(async (trx) => {
    const found = await byCode(trx, options.tenantId, options.code);
    if (!found) throw new AppError('not_found');
    // Locked, then read again: a staff member may record the same supply concurrently.
    const row = await trx
      .selectFrom('feedback')
      .selectAll()
      .where('id', '=', found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const to = nextState(row.state, row.kind, 'supply_info');
    if (to === null)
      throw new AppError('transition_not_allowed', {
        message: 'the unit is not waiting for information on this item',
        details: { state: row.state, action: 'supply_info' },
      });
    const updated = await changeState(trx, row, {
      to,
      patch: suppliedPatch(cal, row, now),
      action: 'supply_info',
      toUnitId: null,
      actorId: null,
      note: content,
      now,
    });
    await recordAudit(trx, {
      tenantId: row.tenant_id,
      actorId: null,
      unitId: row.unit_id,
      action: 'feedback.supply_info',
      entity: 'feedback',
      entityId: row.id,
      before: { state: row.state, version: row.version },
      after: { state: to, version: updated.version, via: 'public' },
      requestId: options.requestId ?? null,
      at: now,
    });
    return presentTrackingFor(trx, updated);
  });
}

/**
 * Published answers to feedback (never complaints or denunciations), newest first, with their
 * likes and dislikes; the question's text is shown with phone numbers, ID numbers and e-mail
 * addresses masked, and no tracking code (it is the submitter's key).
 */
export async function listPublishedAnswers(
  ctx: AppContext,
  options: { tenantId: number; page: number; pageSize: number; q?: string | undefined },
) {
  let query = ctx.db
    .selectFrom('feedback')
    .innerJoin('units', 'units.id', 'feedback.unit_id')
    .where('feedback.tenant_id', '=', options.tenantId)
    .where('feedback.kind', '=', 'feedback')
    .where('feedback.state', '=', 'published');
  if (options.q) query = query.where('feedback.subject', 'ilike', `%${escapeLike(options.q)}%`);
  const [rows, total] = await Promise.all([
    query
      .select([
        'feedback.id',
        'feedback.subject',
        'feedback.content',
        'feedback.reply',
        'feedback.received_at',
        'feedback.published_at',
        'feedback.related_procedure_code',
        'units.name as unit_name',
      ])
      .orderBy('feedback.published_at', 'desc')
      .orderBy('feedback.id', 'desc')
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const ratings = await ratingCounts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    total: Number(total.n),
    page: options.page,
    pageSize: options.pageSize,
    items: rows.map((r) => presentPublicAnswer(r, ratings.get(r.id) ?? { likes: 0, dislikes: 0 })),
  };
}

/**
 * The applicant's like or dislike of the reply (DOMAIN §9), by tracking code; a second rating
 * replaces the first. Before a reply: `rule_violation` (`no_reply_yet`). Unknown code:
 * `not_found`.
 */
export async function rateReply(
  ctx: AppContext,
  options: { tenantId: number; code: string; value: 'like' | 'dislike'; requestId?: string },
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await byCode(trx, options.tenantId, options.code);
    if (!row) throw new AppError('not_found');
    if (!hasReply(row.state))
      throw new AppError('rule_violation', {
        message: 'the reply can be rated once it is given',
        details: { rule: 'no_reply_yet' },
      });
    await trx
      .insertInto('feedback_ratings')
      .values({
        tenant_id: row.tenant_id,
        feedback_id: row.id,
        rater: 'applicant',
        value: options.value,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['feedback_id', 'rater']).doUpdateSet({ value: options.value, updated_at: now }),
      )
      .execute();
    await recordAudit(trx, {
      tenantId: row.tenant_id,
      actorId: null,
      unitId: row.unit_id,
      action: 'feedback.rated',
      entity: 'feedback',
      entityId: row.id,
      after: { value: options.value },
      requestId: options.requestId ?? null,
      at: now,
    });
    const counts = await ratingCounts(trx, [row.id]);
    return {
      code: row.code,
      value: options.value,
      ratings: counts.get(row.id) ?? { likes: 0, dislikes: 0 },
    };
  });
}

/** The deadlines of an item received (or transferred) at `at`, as its three columns. */
function dueColumns(cal: WorkingCalendar, at: Date) {
  const due = deadlinesFrom(cal, at.getTime());
  return {
    reject_due_at: new Date(due.rejectDueAt),
    info_due_at: new Date(due.infoDueAt),
    answer_due_at: new Date(due.answerDueAt),
  };
}

/**
 * The applicant complains again about a reply (DOMAIN §9; counted against indicator 6.2): the
 * original is marked and a follow-up item of the same kind is taken in at the unit that replied,
 * with its own tracking code and deadlines; the submitter's contact is carried over encrypted as
 * it is. Before a reply: `rule_violation` (`no_reply_yet`). Unknown code: `not_found`.
 */
export async function complainAgain(
  ctx: AppContext,
  options: { tenantId: number; code: string; content: string; requestId?: string },
) {
  const now = ctx.now();
  const original = await byCode(ctx.db, options.tenantId, options.code);
  if (!original) throw new AppError('not_found');
  if (!hasReply(original.state))
    throw new AppError('rule_violation', {
      message: 'a complaint about the reply can be made once it is given',
      details: { rule: 'no_reply_yet' },
    });
  const due = dueColumns(await loadTenantCalendar(ctx.db, options.tenantId), now);
  const code = newTrackingCode(now);
  return ctx.db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('feedback')
      .set({ complained_again_at: sql`coalesce(complained_again_at, ${now})`, updated_at: now })
      .where('id', '=', original.id)
      .returning('complained_again_at')
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('feedback')
      .values({
        tenant_id: original.tenant_id,
        code,
        kind: original.kind,
        channel: 'portal',
        unit_id: original.unit_id,
        received_unit_id: original.unit_id,
        state: 'received',
        subject: `Khiếu nại lại: ${original.subject}`.slice(0, 300),
        content: options.content.trim(),
        related_dossier_code: original.related_dossier_code,
        related_procedure_code: original.related_procedure_code,
        follow_up_of: original.id,
        anonymous: original.anonymous,
        submitter_user_id: original.submitter_user_id,
        submitter_name_enc: original.submitter_name_enc,
        submitter_phone_enc: original.submitter_phone_enc,
        submitter_phone_hash: original.submitter_phone_hash,
        submitter_id_enc: original.submitter_id_enc,
        submitter_id_hash: original.submitter_id_hash,
        submitter_email_enc: original.submitter_email_enc,
        submitter_address_enc: original.submitter_address_enc,
        received_at: now,
        ...due,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('feedback_events')
      .values([
        {
          tenant_id: original.tenant_id,
          feedback_id: original.id,
          action: 'complained_again',
          from_state: original.state,
          to_state: original.state,
          unit_id: original.unit_id,
          actor_id: null,
          note: row.code,
          at: now,
        },
        {
          tenant_id: original.tenant_id,
          feedback_id: row.id,
          action: 'complain_again',
          from_state: null,
          to_state: 'received',
          unit_id: original.unit_id,
          actor_id: null,
          note: null,
          at: now,
        },
      ])
      .execute();
    await recordAudit(trx, {
      tenantId: original.tenant_id,
      actorId: null,
      unitId: original.unit_id,
      action: 'feedback.complained_again',
      entity: 'feedback',
      entityId: original.id,
      after: { followUp: row.id, complainedAgainAt: marked.complained_again_at },
      requestId: options.requestId ?? null,
      at: now,
    });
    return presentTracking(row, await unitName(trx, row.unit_id));
  });
}

/**
 * Grants `feedback.reporter.read` to a staff member over a unit subtree (null = the tenant):
 * an administrator over that unit (over the root for the tenant). Idempotent. Throws
 * `forbidden`, `not_found` (user or unit), `validation_failed` (a citizen).
 */
export async function grantReporterAccess(
  ctx: AppContext,
  options: { actor: Actor; userId: number; unitId: number | null; requestId?: string },
) {
  const { actor } = options;
  if (options.unitId === null) {
    if (!actor.grants.some((g) => REPORTER_GRANT_ROLES.includes(g.role) && g.unitId === null))
      throw new AppError('forbidden', { details: { requiredRoles: REPORTER_GRANT_ROLES } });
  } else {
    await unitOfTenant(ctx.db, actor.tenantId, options.unitId);
    await assertRoleOverUnit(ctx.db, actor, REPORTER_GRANT_ROLES, options.unitId);
  }
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'kind'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', options.userId)
    .executeTakeFirst();
  if (!user) throw new AppError('not_found');
  if (user.kind !== 'staff')
    throw new AppError('validation_failed', { message: 'only staff hold permissions' });
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('permission_grants')
      .select('id')
      .where('user_id', '=', user.id)
      .where('permission', '=', 'feedback.reporter.read')
      .where((eb) =>
        options.unitId === null ? eb('unit_id', 'is', null) : eb('unit_id', '=', options.unitId),
      )
      .executeTakeFirst();
    const id =
      existing?.id ??
      (
        await trx
          .insertInto('permission_grants')
          .values({
            tenant_id: actor.tenantId,
            user_id: user.id,
            permission: 'feedback.reporter.read',
            unit_id: options.unitId,
            granted_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    if (!existing)
      await recordAudit(trx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        unitId: options.unitId,
        action: 'permission.granted',
        entity: 'user',
        entityId: user.id,
        after: { permission: 'feedback.reporter.read', unitId: options.unitId },
        requestId: options.requestId ?? null,
        at: ctx.now(),
      });
    return {
      id,
      userId: user.id,
      permission: 'feedback.reporter.read' as const,
      unitId: options.unitId,
    };
  });
}

/** The deadline the unit works against now, as an instant, or null (for the CLI and screens). */
export function pendingDue(row: Pick<FeedbackRow, 'state' | 'answer_due_at' | 'publish_due_at'>) {
  const due = pendingDueAt(row.state, {
    answerDueAt: new Date(row.answer_due_at).getTime(),
    publishDueAt: row.publish_due_at ? new Date(row.publish_due_at).getTime() : null,
  });
  return due === null ? null : new Date(due);
}
