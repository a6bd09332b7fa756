import { type Kysely, sql } from 'kysely';
import { actionSpec } from '../../domain/workflow/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { decryptField } from '../../platform/crypto/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { currentVersionAt, type ProcedureVersionAt } from '../catalogue/index.js';
import {
  type ApplicantInput,
  applicantColumns,
  claimUploadedFilesForDossier,
  isCitizenId,
  isPhone,
  isTaxCode,
  loadReadable,
  performAction,
  type TransitionResult,
} from '../dossiers/index.js';
import { localIso } from './lookup.service.js';
import { publicStatus } from './public-status.js';
import './portal.tables.js';

/**
 * Online application (DOMAIN §4, channel 2): a signed-in applicant builds a draft from the
 * procedure's components, uploads the papers (POST /api/files), chooses how to receive the
 * result, submits it (→ `submitted`, awaiting the counter's check), and answers a request to
 * supplement online. Every state change goes through the dossier module's `performAction`, so
 * the table, the history, the audit chain and the outbox stay the dossier module's.
 */

type Issue = { path: string; message: string };
type DeliveryMethod = 'counter' | 'post' | 'electronic';

export interface ApplicationComponentInput {
  code: string;
  /** Ids of the applicant's own uploads (POST /api/files), claimed for this dossier. */
  fileIds: number[];
}

export interface ApplicationInput {
  /** The one-stop unit that receives it; required only when the procedure offers a choice. */
  receivingUnitId?: number | null;
  applicant: ApplicantInput;
  delivery: { method: DeliveryMethod; address?: string | null };
  /** Files to add, per component. */
  components?: ApplicationComponentInput[];
  /** Documents of the draft to take out again (the uploads go back to the applicant's own). */
  removeDocumentIds?: number[];
}

interface Component {
  code: string;
  name: string;
  required: boolean;
}

/** Statuses in which the applicant still edits the dossier as a draft. */
const EDITABLE = new Set(['draft']);
/** Statuses in which the agency waits for the applicant's papers, and the action that answers. */
const SUPPLEMENT_ACTION: Record<string, 'resubmit' | 'record_supplement'> = {
  reception_supplement: 'resubmit',
  awaiting_supplement: 'record_supplement',
};
const CLOSED = new Set(['not_accepted', 'returned', 'stopped', 'withdrawn']);
const WITHDRAWABLE = new Set([
  'draft',
  'submitted',
  'reception_supplement',
  'received',
  'in_appraisal',
  'in_consultation',
  'awaiting_supplement',
  'awaiting_approval',
]);
const RATEABLE = new Set(['result_ready', 'returned', 'not_accepted', 'stopped']);
/** Timeline notes written TO the applicant (guidance, reasons); other notes are internal. */
const NOTES_FOR_APPLICANT = new Set([
  'request_supplement_at_reception',
  'request_supplement',
  'refuse_at_reception',
  'stop',
  'withdraw',
  'resubmit',
  'record_supplement',
  'approve_extension',
]);

function components(version: ProcedureVersionAt): Component[] {
  return version.record.components.map((c) => ({
    code: c.code,
    name: c.name,
    required: c.required,
  }));
}

/** How the result may be received for this procedure (DOMAIN §3: result type, postal return). */
export function deliveryMethods(version: ProcedureVersionAt): DeliveryMethod[] {
  const methods: DeliveryMethod[] = ['counter'];
  if (version.record.postalOut) methods.push('post');
  if (version.record.resultType === 'electronic' || version.record.resultType === 'both')
    methods.push('electronic');
  return methods;
}

async function onlineVersion(
  ctx: AppContext,
  tenantId: number,
  code: string,
): Promise<ProcedureVersionAt> {
  const version = await currentVersionAt(ctx.db, tenantId, code, ctx.now());
  if (!version || version.status !== 'active') throw new AppError('not_found');
  if (version.record.onlineLevel === 'none') {
    throw new AppError('rule_violation', {
      message: 'this procedure is not offered online',
      details: { rule: 'not_offered_online', procedureCode: code },
    });
  }
  return version;
}

/**
 * Where an online dossier of this procedure can be received: a commune-level procedure at the
 * commune or ward the applicant chooses; otherwise the service centres at the procedure's level
 * (the provincial public administration service centre), else the processing agency itself.
 * Only units in force today (2025 reorganisation: former districts are closed).
 */
export async function receivingUnitsFor(
  db: Kysely<DB>,
  tenantId: number,
  version: ProcedureVersionAt,
  today: string,
): Promise<Array<{ id: number; code: string; name: string; nameEn: string | null }>> {
  const level = version.record.level;
  const rows = await sql<{ id: number; code: string; name: string; name_en: string | null }>`
    select id, code, name, name_en from units
    where tenant_id = ${tenantId}
      and (valid_from is null or valid_from <= ${today}::date)
      and (valid_to is null or valid_to >= ${today}::date)
      and ${
        level === 'commune'
          ? sql`level = 'commune'`
          : sql`kind = 'service_centre' and level = ${level === 'ministry' ? 'province' : level}`
      }
    order by name, id`.execute(db);
  let units = rows.rows;
  if (units.length === 0 && version.agencyUnitId !== null) {
    const agency = await sql<{ id: number; code: string; name: string; name_en: string | null }>`
      select id, code, name, name_en from units where tenant_id = ${tenantId} and id = ${version.agencyUnitId}`.execute(
      db,
    );
    units = agency.rows;
  }
  return units.map((u) => ({ id: u.id, code: u.code, name: u.name, nameEn: u.name_en }));
}

function reveal(secret: string, stored: string | null, context: string): string | null {
  if (!stored) return null;
  try {
    return decryptField(secret, stored, context);
  } catch {
    return null;
  }
}

function today(ctx: AppContext): string {
  return (localIso(ctx.now()) as string).slice(0, 10);
}

/**
 * What the online application form needs: the procedure (components, fee, time, result),
 * the units that can receive it, the ways to receive the result, and the applicant's details
 * prefilled from the account and their latest dossier (so they are not asked again).
 *
 * @throws AppError `not_found` (unknown or retired procedure), `rule_violation`
 * (`not_offered_online`).
 */
export async function applicationForm(options: {
  ctx: AppContext;
  actor: Actor;
  procedureCode: string;
}) {
  const { ctx, actor } = options;
  const version = await onlineVersion(ctx, actor.tenantId, options.procedureCode);
  const secret = ctx.config.secretKey;
  const [units, user, last] = await Promise.all([
    receivingUnitsFor(ctx.db, actor.tenantId, version, today(ctx)),
    ctx.db
      .selectFrom('users')
      .select(['full_name', 'email', 'phone_enc', 'id_number_enc'])
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', actor.userId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('dossiers')
      .select([
        'applicant_kind',
        'applicant_name',
        'applicant_id_enc',
        'applicant_tax_code',
        'applicant_phone_enc',
        'applicant_email',
        'applicant_address',
      ])
      .where('tenant_id', '=', actor.tenantId)
      .where('applicant_user_id', '=', actor.userId)
      .where('applicant_name', '<>', '')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  // A code sign-in names the account after the masked phone ("091****678"): not a name.
  const accountName = user && !user.full_name.includes('*') ? user.full_name : null;
  const r = version.record;
  return {
    procedure: {
      code: version.code,
      name: r.name,
      nameEn: r.nameEn,
      level: r.level,
      onlineLevel: r.onlineLevel,
      feeTotal: version.feeTotal,
      fees: r.fees,
      promisedLimit: r.promisedLimit,
      limitUnit: r.limitUnit,
      resultType: r.resultType,
      resultName: r.resultName,
      applicantKinds: r.applicantKinds,
      components: components(version),
    },
    receivingUnits: units,
    deliveryMethods: deliveryMethods(version),
    applicant: {
      kind: (last?.applicant_kind ?? 'individual') as 'individual' | 'organisation',
      name: accountName ?? last?.applicant_name ?? '',
      idNumber:
        reveal(secret, user?.id_number_enc ?? null, 'id_number') ??
        reveal(secret, last?.applicant_id_enc ?? null, 'dossiers.applicant_id'),
      taxCode: last?.applicant_tax_code ?? null,
      phone:
        reveal(secret, user?.phone_enc ?? null, 'phone') ??
        reveal(secret, last?.applicant_phone_enc ?? null, 'dossiers.applicant_phone'),
      email: user?.email ?? last?.applicant_email ?? null,
      address: last?.applicant_address ?? null,
    },
  };
}

/** Format checks on what was typed; `complete` adds what a submission must have. */
function applicantIssues(a: ApplicantInput, complete: boolean, kinds: string[]): Issue[] {
  const issues: Issue[] = [];
  const name = a.name?.trim() ?? '';
  if (complete && name === '') issues.push({ path: '/applicant/name', message: 'required' });
  if (!kinds.includes(a.kind))
    issues.push({ path: '/applicant/kind', message: `this procedure is for: ${kinds.join(', ')}` });
  if (a.idNumber && !isCitizenId(a.idNumber))
    issues.push({
      path: '/applicant/idNumber',
      message: 'must be a 12-digit citizen ID (province code 001–096 first)',
    });
  if (complete && a.kind === 'individual' && !a.idNumber)
    issues.push({ path: '/applicant/idNumber', message: 'required for an individual' });
  if (complete && a.kind === 'organisation' && !a.taxCode)
    issues.push({ path: '/applicant/taxCode', message: 'required for an organisation' });
  if (a.taxCode && !isTaxCode(a.taxCode))
    issues.push({ path: '/applicant/taxCode', message: 'must be a 10 or 13-digit tax code' });
  if (a.phone && !isPhone(a.phone))
    issues.push({ path: '/applicant/phone', message: 'must be a Vietnamese phone number' });
  if (a.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email))
    issues.push({ path: '/applicant/email', message: 'invalid e-mail address' });
  // The applicant is told of every step by SMS or e-mail (DOMAIN §4): one of them is needed.
  if (complete && !a.phone && !a.email)
    issues.push({ path: '/applicant/phone', message: 'a phone number or an e-mail is needed' });
  return issues;
}

function fail(issues: Issue[], message = 'invalid application'): never {
  throw new AppError('validation_failed', { message, details: { issues } });
}

interface DraftRow {
  id: number;
  tenant_id: number;
  status: string;
  version: number;
  applicant_user_id: number | null;
  receiving_unit_id: number;
  procedure_code: string;
}

/** The applicant's own dossier, locked for the transaction; `not_found` for anyone else's. */
async function lockOwn(trx: Kysely<DB>, actor: Actor, id: number): Promise<DraftRow> {
  const result = await sql<DraftRow>`
    select d.id, d.tenant_id, d.status, d.version, d.applicant_user_id, d.receiving_unit_id, p.code as procedure_code
    from dossiers d join procedures p on p.id = d.procedure_id
    where d.tenant_id = ${actor.tenantId} and d.id = ${id}
    for update of d`.execute(trx);
  const row = result.rows[0];
  if (!row || row.applicant_user_id !== actor.userId) throw new AppError('not_found');
  return row;
}

async function addDocuments(
  trx: Kysely<DB>,
  o: {
    actor: Actor;
    dossierId: number;
    known: Map<string, Component>;
    components: ApplicationComponentInput[];
    kind: 'component' | 'supplement';
    now: string;
  },
): Promise<number> {
  const unknown = o.components.filter((c) => !o.known.has(c.code));
  if (unknown.length > 0)
    fail(
      unknown.map((c) => ({
        path: `/components/${c.code}`,
        message: `unknown component ${c.code}`,
      })),
      'unknown components',
    );
  const ids = o.components.flatMap((c) => c.fileIds);
  if (ids.length === 0) return 0;
  const files = await claimUploadedFilesForDossier(trx, {
    tenantId: o.actor.tenantId,
    userId: o.actor.userId,
    ids,
    claimedFor: `dossier:${o.dossierId}`,
    now: o.now,
  });
  const byId = new Map(files.map((f) => [f.id, f]));
  const seen = new Set<number>();
  const rows = o.components.flatMap((c) =>
    c.fileIds
      .filter((id) => !seen.has(id) && seen.add(id))
      .map((fileId) => {
        const f = byId.get(fileId)!;
        return {
          tenant_id: o.actor.tenantId,
          dossier_id: o.dossierId,
          kind: o.kind,
          component_code: c.code,
          storage_key: f.storage_key,
          name: f.name,
          mime: f.mime,
          size: f.size,
          sha256: f.sha256,
          // Submitted online: an electronic original, not a scan of paper.
          digitised: false,
          electronic: true,
          uploaded_by: o.actor.userId,
          created_at: o.now,
        };
      }),
  );
  await trx.insertInto('dossier_documents').values(rows).execute();
  return rows.length;
}

/** Takes documents out of a draft; their uploads return to the applicant's unattached files. */
async function removeDocuments(
  trx: Kysely<DB>,
  o: { actor: Actor; dossierId: number; ids: number[] },
): Promise<void> {
  if (o.ids.length === 0) return;
  const removed = await trx
    .deleteFrom('dossier_documents')
    .where('tenant_id', '=', o.actor.tenantId)
    .where('dossier_id', '=', o.dossierId)
    .where('id', 'in', o.ids)
    .where('uploaded_by', '=', o.actor.userId)
    .where('kind', '=', 'component')
    .returning(['storage_key'])
    .execute();
  if (removed.length !== new Set(o.ids).size)
    throw new AppError('not_found', { message: 'document not found', details: { ids: o.ids } });
  await sql`
    update stored_files set claimed_at = null, claimed_for = null
    where tenant_id = ${o.actor.tenantId} and uploaded_by = ${o.actor.userId}
      and claimed_for = ${`dossier:${o.dossierId}`}
      and storage_key in (${sql.join(removed.map((r) => r.storage_key))})`.execute(trx);
}

function checkDelivery(
  delivery: ApplicationInput['delivery'],
  allowed: DeliveryMethod[],
  complete: boolean,
): Issue[] {
  const issues: Issue[] = [];
  if (!allowed.includes(delivery.method))
    issues.push({
      path: '/delivery/method',
      message: `this procedure returns its result by: ${allowed.join(', ')}`,
    });
  if (complete && delivery.method === 'post' && !delivery.address?.trim())
    issues.push({ path: '/delivery/address', message: 'required for post' });
  return issues;
}

async function resolveReceivingUnit(
  ctx: AppContext,
  actor: Actor,
  version: ProcedureVersionAt,
  wanted: number | null | undefined,
): Promise<number> {
  const units = await receivingUnitsFor(ctx.db, actor.tenantId, version, today(ctx));
  if (wanted !== null && wanted !== undefined) {
    if (!units.some((u) => u.id === wanted))
      fail([{ path: '/receivingUnitId', message: 'this unit does not receive this procedure' }]);
    return wanted;
  }
  if (units.length === 1) return units[0]!.id;
  if (units.length === 0)
    throw new AppError('rule_violation', {
      message: 'no unit receives this procedure online',
      details: { rule: 'no_receiving_unit' },
    });
  return fail([{ path: '/receivingUnitId', message: 'choose where to submit' }]);
}

/**
 * Creates an online application as a draft (`create_draft`, channel 2): the applicant's details
 * (encrypted as at the counter), the receiving unit, the delivery choice and the uploads per
 * component, all in one transaction with its history event and audit row. Nothing is sent to
 * the counter yet; drafts have no code and never appear in public look-ups.
 *
 * @throws AppError `not_found` (procedure, file), `rule_violation` (`not_offered_online`,
 * `no_receiving_unit`), `validation_failed` (formats, unknown component, delivery not offered).
 */
export async function createApplication(options: {
  ctx: AppContext;
  actor: Actor;
  procedureCode: string;
  input: ApplicationInput;
  requestId?: string | null;
}): Promise<{ id: number; version: number; status: string }> {
  const { ctx, actor, input } = options;
  const version = await onlineVersion(ctx, actor.tenantId, options.procedureCode);
  const issues = [
    ...applicantIssues(input.applicant, false, version.record.applicantKinds),
    ...checkDelivery(input.delivery, deliveryMethods(version), false),
  ];
  if (issues.length > 0) fail(issues);
  const unitId = await resolveReceivingUnit(ctx, actor, version, input.receivingUnitId);
  const known = new Map(components(version).map((c) => [c.code, c]));
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('dossiers')
      .values({
        tenant_id: actor.tenantId,
        code: null,
        status: 'draft',
        receiving_unit_id: unitId,
        agency_unit_id: version.agencyUnitId ?? unitId,
        current_unit_id: unitId,
        procedure_id: version.procedureId,
        procedure_version_id: version.versionId,
        channel: 2,
        ...applicantColumns(ctx.config.secretKey, {
          ...input.applicant,
          name: input.applicant.name ?? '',
        }),
        applicant_user_id: actor.userId,
        delivery: input.delivery.method,
        delivery_address: input.delivery.address?.trim() || null,
        fee_amount: version.feeTotal,
        online_level: version.record.onlineLevel,
        result_required: version.record.resultType !== 'none',
        certification: version.record.certification,
        population_db: false,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await addDocuments(trx, {
      actor,
      dossierId: inserted.id,
      known,
      components: input.components ?? [],
      kind: 'component',
      now,
    });
    await trx
      .insertInto('dossier_events')
      .values({
        tenant_id: actor.tenantId,
        dossier_id: inserted.id,
        seq: 1,
        action: 'create_draft',
        from_status: null,
        to_status: 'draft',
        step_code: null,
        from_unit_id: unitId,
        to_unit_id: unitId,
        actor_id: actor.userId,
        at: now,
        note: null,
        data: JSON.stringify({ channel: 2 }),
      })
      .execute();
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      unitId,
      action: 'dossier.create_draft',
      entity: 'dossier',
      entityId: inserted.id,
      before: null,
      after: { status: 'draft', version: 1, procedureCode: version.code, channel: 2 },
      requestId: options.requestId ?? null,
      at: new Date(now),
    });
    return { id: inserted.id, version: inserted.version, status: 'draft' };
  });
}

/**
 * Saves changes to a draft: details, receiving unit, delivery, files added or taken out. The
 * version is checked but not advanced (a draft's edits are not workflow steps; the history
 * keeps its gap-free numbering). The procedure version is re-pinned to the one in force, so
 * what is submitted follows the current catalogue.
 *
 * @throws AppError `not_found`, `version_conflict`, `transition_not_allowed` (no longer a
 * draft), `validation_failed`.
 */
export async function updateApplication(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  version: number;
  input: ApplicationInput;
  requestId?: string | null;
}): Promise<{ id: number; version: number; status: string }> {
  const { ctx, actor, input } = options;
  const now = ctx.now().toISOString();
  const current = await ctx.db
    .transaction()
    .execute((trx) => lockOwn(trx, actor, options.dossierId));
  const version = await onlineVersion(ctx, actor.tenantId, current.procedure_code);
  const issues = [
    ...applicantIssues(input.applicant, false, version.record.applicantKinds),
    ...checkDelivery(input.delivery, deliveryMethods(version), false),
  ];
  if (issues.length > 0) fail(issues);
  const unitId = await resolveReceivingUnit(
    ctx,
    actor,
    version,
    input.receivingUnitId ?? current.receiving_unit_id,
  );
  const known = new Map(components(version).map((c) => [c.code, c]));
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, actor, options.dossierId);
    if (row.version !== options.version)
      throw new AppError('version_conflict', {
        details: { expected: options.version, current: row.version },
      });
    if (!EDITABLE.has(row.status))
      throw new AppError('transition_not_allowed', { message: `the dossier is ${row.status}` });
    await removeDocuments(trx, {
      actor,
      dossierId: row.id,
      ids: input.removeDocumentIds ?? [],
    });
    await addDocuments(trx, {
      actor,
      dossierId: row.id,
      known,
      components: input.components ?? [],
      kind: 'component',
      now,
    });
    await trx
      .updateTable('dossiers')
      .set({
        ...applicantColumns(ctx.config.secretKey, {
          ...input.applicant,
          name: input.applicant.name ?? '',
        }),
        receiving_unit_id: unitId,
        current_unit_id: unitId,
        agency_unit_id: version.agencyUnitId ?? unitId,
        procedure_version_id: version.versionId,
        fee_amount: version.feeTotal,
        online_level: version.record.onlineLevel,
        result_required: version.record.resultType !== 'none',
        certification: version.record.certification,
        delivery: input.delivery.method,
        delivery_address: input.delivery.address?.trim() || null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      unitId,
      action: 'dossier.draft_saved',
      entity: 'dossier',
      entityId: row.id,
      after: {
        delivery: input.delivery.method,
        added: (input.components ?? []).flatMap((c) => c.fileIds),
        removed: input.removeDocumentIds ?? [],
      },
      requestId: options.requestId ?? null,
      at: new Date(now),
    });
    return { id: row.id, version: row.version, status: row.status };
  });
}

interface DocRow {
  id: number;
  kind: string;
  component_code: string | null;
}

async function documentsOf(db: Kysely<DB>, tenantId: number, dossierId: number) {
  return db
    .selectFrom('dossier_documents')
    .select(['id', 'kind', 'component_code', 'name', 'mime', 'size', 'electronic', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('dossier_id', '=', dossierId)
    .orderBy('id')
    .execute();
}

/**
 * Submits a draft online (`submit` → `submitted`): checks first that it is complete as the
 * counter would (details, one file at least for every required component, a postal address
 * when the result goes by post), then performs the transition, which notifies the counter's
 * queue through the outbox. The legal clock does not start until the counter receives it.
 *
 * @throws AppError `validation_failed` (details.issues, one per missing item), `not_found`,
 * `version_conflict`, `transition_not_allowed`.
 */
export async function submitApplication(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  version: number;
  requestId?: string | null;
}): Promise<TransitionResult> {
  const { ctx, actor } = options;
  const row = await loadReadable(ctx.db, actor, options.dossierId);
  if (row.applicant_user_id !== actor.userId) throw new AppError('not_found');
  if (row.status !== 'draft')
    throw new AppError('transition_not_allowed', { message: `the dossier is ${row.status}` });
  const version = await onlineVersion(ctx, actor.tenantId, row.procedure_code);
  const docs: DocRow[] = await documentsOf(ctx.db, actor.tenantId, row.id);
  const applicant: ApplicantInput = {
    kind: row.applicant_kind,
    name: row.applicant_name,
    idNumber: reveal(ctx.config.secretKey, row.applicant_id_enc, 'dossiers.applicant_id'),
    taxCode: row.applicant_tax_code,
    phone: reveal(ctx.config.secretKey, row.applicant_phone_enc, 'dossiers.applicant_phone'),
    email: row.applicant_email,
    address: row.applicant_address,
  };
  const issues = [
    ...applicantIssues(applicant, true, version.record.applicantKinds),
    ...checkDelivery(
      { method: row.delivery, address: row.delivery_address },
      deliveryMethods(version),
      true,
    ),
    ...components(version)
      .filter((c) => c.required && !docs.some((d) => d.component_code === c.code))
      .map((c) => ({ path: `/components/${c.code}`, message: `missing: ${c.name}` })),
  ];
  if (issues.length > 0) fail(issues, 'the application is incomplete');
  return performAction(ctx, {
    actor,
    dossierId: row.id,
    action: 'submit',
    version: options.version,
    requestId: options.requestId ?? null,
  });
}

/**
 * Answers a request to supplement online: attaches the new papers (as supplements, each tied
 * to its component) and performs `resubmit` (asked at reception → back to the counter) or
 * `record_supplement` (asked during processing → the legal clock resumes). The files are
 * attached first; if the transition is then refused (a stale version, say) they are taken off
 * again, so nothing half-done remains.
 *
 * @throws AppError `transition_not_allowed` (nothing was asked), `validation_failed` (no file,
 * unknown component), `not_found`, `version_conflict`.
 */
export async function answerSupplement(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  version: number;
  components: ApplicationComponentInput[];
  note?: string | null;
  requestId?: string | null;
}): Promise<TransitionResult> {
  const { ctx, actor } = options;
  const row = await loadReadable(ctx.db, actor, options.dossierId);
  if (row.applicant_user_id !== actor.userId) throw new AppError('not_found');
  const action = SUPPLEMENT_ACTION[row.status];
  if (!action)
    throw new AppError('transition_not_allowed', {
      message: `no supplement is asked for (the dossier is ${row.status})`,
    });
  if (row.version !== options.version)
    throw new AppError('version_conflict', {
      details: { expected: options.version, current: row.version },
    });
  if (options.components.every((c) => c.fileIds.length === 0))
    fail([{ path: '/components', message: 'attach at least one file' }]);
  const cv = await ctx.db
    .selectFrom('procedure_versions')
    .select('components')
    .where('id', '=', row.procedure_version_id)
    .executeTakeFirstOrThrow();
  const list = (typeof cv.components === 'string' ? JSON.parse(cv.components) : cv.components) as
    | Component[]
    | null;
  const known = new Map((list ?? []).map((c) => [c.code, c]));
  const now = ctx.now().toISOString();
  const added = await ctx.db.transaction().execute(async (trx) => {
    await lockOwn(trx, actor, row.id);
    const before = await trx
      .selectFrom('dossier_documents')
      .select(sql<number>`coalesce(max(id), 0)`.as('max'))
      .where('dossier_id', '=', row.id)
      .executeTakeFirstOrThrow();
    await addDocuments(trx, {
      actor,
      dossierId: row.id,
      known,
      components: options.components,
      kind: 'supplement',
      now,
    });
    return Number(before.max);
  });
  try {
    return await performAction(ctx, {
      actor,
      dossierId: row.id,
      action,
      version: options.version,
      input: { note: options.note?.trim() || null },
      requestId: options.requestId ?? null,
    });
  } catch (error) {
    await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .deleteFrom('dossier_documents')
        .where('dossier_id', '=', row.id)
        .where('kind', '=', 'supplement')
        .where('id', '>', added)
        .where('uploaded_by', '=', actor.userId)
        .returning('storage_key')
        .execute();
      if (taken.length > 0)
        await sql`update stored_files set claimed_at = null, claimed_for = null
          where tenant_id = ${actor.tenantId} and claimed_for = ${`dossier:${row.id}`}
            and storage_key in (${sql.join(taken.map((t) => t.storage_key))})`.execute(trx);
    });
    throw error;
  }
}

/**
 * Withdraws the applicant's own dossier (`withdraw`, a written reason required): a draft is
 * simply closed; a registered dossier stops its clock and counts as withdrawn.
 *
 * @throws AppError `not_found`, `version_conflict`, `transition_not_allowed`, `rule_violation`.
 */
export async function withdrawApplication(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  version: number;
  reason: string;
  requestId?: string | null;
}): Promise<TransitionResult> {
  const row = await loadReadable(options.ctx.db, options.actor, options.dossierId);
  if (row.applicant_user_id !== options.actor.userId) throw new AppError('not_found');
  return performAction(options.ctx, {
    actor: options.actor,
    dossierId: row.id,
    action: 'withdraw',
    version: options.version,
    input: { note: options.reason },
    requestId: options.requestId ?? null,
  });
}

/** Forms of Circular 03/2025 addressed to the applicant (06 and 07 are internal registers). */
function applicantForms(
  row: { code: string | null; received_at: Date | null; outcome: string | null },
  actions: string[],
): string[] {
  const has = (...names: string[]) => actions.some((a) => names.includes(a));
  const forms: string[] = [];
  if (row.code && row.received_at && has('receive')) forms.push('01');
  if (has('request_supplement_at_reception', 'request_supplement')) forms.push('02');
  if (has('refuse_at_reception')) forms.push('03');
  if (has('approve_extension')) forms.push('04');
  if (has('stop') || (row.outcome === 'refused' && has('approve'))) forms.push('05');
  return forms;
}

/** Whether a form is one the applicant may download for this dossier. */
export async function applicantMayDownloadForm(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  form: string;
}): Promise<boolean> {
  const view = await citizenDossier(options);
  return view.forms.some((f) => f.form === options.form);
}

const FORM_TITLES: Record<string, { vi: string; en: string }> = {
  '01': { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'Receipt and appointment slip' },
  '02': { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request to supplement' },
  '03': { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'Refusal to accept' },
  '04': { vi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new date' },
  '05': { vi: 'Thông báo dừng / không giải quyết hồ sơ', en: 'Notice of stopping or refusal' },
};

/**
 * The applicant's view of their own dossier: status and promised date, the procedure and the
 * receiving unit, their details as submitted (ID masked), the timeline with the notes written
 * to them (guidance, reasons) but no officer names, the documents (components, supplements,
 * results) with download links, the open supplement request, payments, the notifications sent
 * about it, the forms addressed to them, and what they may do next.
 *
 * @throws AppError `not_found` for anyone but the applicant.
 */
export async function citizenDossier(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
}) {
  const { ctx, actor } = options;
  const row = await loadReadable(ctx.db, actor, options.dossierId);
  if (row.applicant_user_id !== actor.userId) throw new AppError('not_found');
  const [events, docs, payments, notifications, rating, version] = await Promise.all([
    ctx.db
      .selectFrom('dossier_events')
      .select(['seq', 'action', 'to_status', 'at', 'note', 'data'])
      .where('tenant_id', '=', actor.tenantId)
      .where('dossier_id', '=', row.id)
      .orderBy('seq')
      .execute(),
    documentsOf(ctx.db, actor.tenantId, row.id),
    ctx.db
      .selectFrom('payments')
      .select(['id', 'amount', 'status', 'receipt_no', 'paid_at', 'refunded_at', 'created_at'])
      .where('tenant_id', '=', actor.tenantId)
      .where('dossier_id', '=', row.id)
      .orderBy('id', 'desc')
      .execute(),
    ctx.db
      .selectFrom('notifications')
      .select(['id', 'event', 'title', 'body', 'channels', 'created_at'])
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('dossier_id', '=', row.id)
      .orderBy('id', 'desc')
      .execute(),
    ctx.db
      .selectFrom('dossier_ratings')
      .select(['created_at'])
      .where('dossier_id', '=', row.id)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('procedure_versions')
      .select(['components', 'result_type'])
      .where('id', '=', row.procedure_version_id)
      .executeTakeFirstOrThrow(),
  ]);
  const list = (
    typeof version.components === 'string' ? JSON.parse(version.components) : version.components
  ) as Component[] | null;
  const parse = (d: unknown) =>
    (typeof d === 'string' ? JSON.parse(d) : (d ?? {})) as Record<string, unknown>;
  const lastAsk = events
    .filter(
      (e) => e.action === 'request_supplement_at_reception' || e.action === 'request_supplement',
    )
    .at(-1);
  const paid = payments.find((p) => p.status === 'paid');
  const fee = Number(row.fee_amount);
  const secret = ctx.config.secretKey;
  const phone = reveal(secret, row.applicant_phone_enc, 'dossiers.applicant_phone');
  const idNumber = reveal(secret, row.applicant_id_enc, 'dossiers.applicant_id');
  const original = row.original_due_at ? row.original_due_at.getTime() : null;
  const finishedMs = row.finished_at ? row.finished_at.getTime() : null;
  const resultDocs = docs.filter((d) => d.kind === 'result');
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    statusLabel: publicStatus(row.status),
    version: row.version,
    channel: row.channel,
    procedure: { code: row.procedure_code, name: row.procedure_name },
    receivingUnit: { id: row.receiving_unit_id, name: row.receiving_unit_name },
    agencyUnit: { id: row.agency_unit_id, name: row.agency_unit_name },
    applicant: {
      kind: row.applicant_kind,
      name: row.applicant_name,
      idNumber,
      taxCode: row.applicant_tax_code,
      phone,
      email: row.applicant_email,
      address: row.applicant_address,
    },
    delivery: { method: row.delivery, address: row.delivery_address },
    createdAt: localIso(row.created_at),
    receivedAt: localIso(row.received_at),
    dueAt: localIso(row.due_at),
    originalDueAt: localIso(row.original_due_at),
    finishedAt: localIso(row.finished_at),
    returnedAt: localIso(row.returned_at),
    outcome: row.outcome,
    late: original !== null && (finishedMs ?? ctx.now().getTime()) > original,
    paused: row.paused_since !== null,
    components: (list ?? []).map((c) => ({ code: c.code, name: c.name, required: c.required })),
    timeline: events.map((e) => {
      const data = parse(e.data);
      return {
        seq: e.seq,
        at: localIso(e.at) as string,
        action: e.action,
        actionLabel: {
          vi: actionSpec(e.action)?.vi ?? e.action,
          en: actionSpec(e.action)?.en ?? e.action,
        },
        status: e.to_status,
        statusLabel: publicStatus(e.to_status),
        note: NOTES_FOR_APPLICANT.has(e.action) ? e.note : null,
        missing: Array.isArray(data.missing) ? (data.missing as string[]) : [],
      };
    }),
    supplementRequest:
      SUPPLEMENT_ACTION[row.status] && lastAsk
        ? {
            at: localIso(lastAsk.at) as string,
            note: lastAsk.note,
            missing: Array.isArray(parse(lastAsk.data).missing)
              ? (parse(lastAsk.data).missing as string[])
              : [],
          }
        : null,
    documents: docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      componentCode: d.component_code,
      name: d.name,
      mime: d.mime,
      size: Number(d.size),
      electronic: d.electronic,
      createdAt: localIso(d.created_at) as string,
      url: `/api/dossiers/${row.id}/documents/${d.id}`,
    })),
    result: {
      ready: row.status === 'result_ready' || row.status === 'returned',
      electronic: resultDocs.map((d) => ({
        id: d.id,
        name: d.name,
        url: `/api/dossiers/${row.id}/documents/${d.id}`,
      })),
    },
    fee: {
      amount: fee,
      paid: paid !== undefined,
      paidOnline: row.paid_online,
      receiptNo: paid?.receipt_no ?? null,
      due: fee > 0 && !paid && !CLOSED.has(row.status) && row.status !== 'draft',
    },
    payments: payments.map((p) => ({
      id: p.id,
      amount: Number(p.amount),
      status: p.status,
      receiptNo: p.receipt_no,
      createdAt: localIso(p.created_at) as string,
      paidAt: localIso(p.paid_at),
      refundedAt: localIso(p.refunded_at),
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      event: n.event,
      title: n.title,
      body: n.body,
      channels: (typeof n.channels === 'string' ? JSON.parse(n.channels) : n.channels) as Array<{
        channel: string;
        to: string;
      }>,
      createdAt: localIso(n.created_at) as string,
    })),
    forms: applicantForms(
      row,
      events.map((e) => e.action),
    ).map((form) => ({
      form,
      ...FORM_TITLES[form]!,
      url: `/api/portal/dossiers/${row.id}/forms/${form}`,
    })),
    rating: { rated: rating !== undefined, rateable: RATEABLE.has(row.status) },
    can: {
      edit: EDITABLE.has(row.status),
      submit: row.status === 'draft',
      supplement: SUPPLEMENT_ACTION[row.status] !== undefined,
      withdraw: WITHDRAWABLE.has(row.status),
      pay: fee > 0 && !paid && !CLOSED.has(row.status) && row.status !== 'draft',
      rate: RATEABLE.has(row.status),
    },
  };
}
