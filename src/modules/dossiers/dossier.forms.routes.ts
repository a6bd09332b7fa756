import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { decryptField } from '../../platform/crypto/index.js';
import { AppError } from '../../platform/errors.js';
import { sendStoredFile } from '../../platform/storage/index.js';
import { requireStaff } from '../auth/index.js';
import {
  count2,
  type Form01ReceiptData,
  type FormHeader,
  type Handover,
  type MissingItem,
  type ReceivedComponent,
  type RegisterRow,
  renderForm01Receipt,
  renderForm02Supplement,
  renderForm03Refusal,
  renderForm04Apology,
  renderForm05Stop,
  renderForm06ProcessControl,
  renderForm07Register,
  renderRegisterXlsx,
} from '../forms/index.js';
import { dossierRegister, processControlSlip } from './dossier.queries.js';
import { type DossierRow, listDocuments, listEvents } from './dossier.repository.js';
import { loadReadable } from './dossier.service.js';

/** The per-dossier forms of Circular 03/2025/TT-VPCP a dossier can print (07 is the register). */
export const DOSSIER_FORMS = ['01', '02', '03', '04', '05', '06'] as const;
export type DossierForm = (typeof DOSSIER_FORMS)[number];

const FORM_TITLES: Record<DossierForm, { vi: string; en: string }> = {
  '01': { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'Receipt and appointment slip' },
  '02': { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request to supplement' },
  '03': { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'Refusal to accept' },
  '04': { vi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new date' },
  '05': { vi: 'Thông báo dừng / không giải quyết hồ sơ', en: 'Notice of stopping or refusal' },
  '06': { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'Process-control slip' },
};

type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

interface FormSources {
  row: DossierRow;
  events: EventRow[];
  tenant: { name: string };
}

function eventData(e: EventRow): Record<string, unknown> {
  return (typeof e.data === 'string' ? JSON.parse(e.data) : (e.data ?? {})) as Record<
    string,
    unknown
  >;
}

function lastEvent(events: EventRow[], ...actions: string[]): EventRow | undefined {
  return events.filter((e) => actions.includes(e.action)).at(-1);
}

/** The note split into its non-empty lines (reasons and guidance are written one per line). */
function lines(note: string | null | undefined): string[] {
  return (note ?? '')
    .split(/\r?\n/)
    .map((l) => l.replace(/^[-•*\s]+/, '').trim())
    .filter(Boolean);
}

/**
 * The forms this dossier has, from its record and history: 01 once registered; 02 after a
 * request to supplement (at reception or during processing); 03 after a refusal at reception;
 * 04 after an extension was proposed; 05 after a stop or a refused result; 06 once registered.
 */
export function availableForms(row: DossierRow, events: EventRow[]): DossierForm[] {
  const has = (...actions: string[]) => events.some((e) => actions.includes(e.action));
  const forms: DossierForm[] = [];
  if (row.code && row.received_at && has('receive')) forms.push('01');
  if (has('request_supplement_at_reception', 'request_supplement')) forms.push('02');
  if (has('refuse_at_reception')) forms.push('03');
  if (has('propose_extension')) forms.push('04');
  if (has('stop') || (row.outcome === 'refused' && has('approve'))) forms.push('05');
  if (row.code && row.received_at) forms.push('06');
  return forms;
}

async function loadSources(ctx: AppContext, actor: Actor, id: number): Promise<FormSources> {
  const row = await loadReadable(ctx.db, actor, id);
  const [events, tenant] = await Promise.all([
    listEvents(ctx.db, actor.tenantId, row.id),
    ctx.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', actor.tenantId)
      .executeTakeFirstOrThrow(),
  ]);
  return { row, events, tenant };
}

function header(tenantName: string, agencyName: string, issuedAt: Date | string): FormHeader {
  return {
    governingBody: `UBND ${tenantName.toLocaleUpperCase('vi')}`,
    agencyName,
    place: tenantName.replace(/^(tỉnh|thành phố)\s+/i, ''),
    issuedAt,
    tenantName,
  };
}

function reveal(secret: string, stored: string | null, purpose: string): string | undefined {
  if (!stored) return undefined;
  try {
    return decryptField(secret, stored, purpose);
  } catch {
    // A value written under another key is not printed rather than failing the whole form.
    return undefined;
  }
}

function applicantOf(ctx: AppContext, row: DossierRow) {
  const id =
    row.applicant_kind === 'organisation'
      ? (row.applicant_tax_code ?? undefined)
      : reveal(ctx.config.secretKey, row.applicant_id_enc, 'dossiers.applicant_id');
  const phone = reveal(ctx.config.secretKey, row.applicant_phone_enc, 'dossiers.applicant_phone');
  return {
    name: row.applicant_name,
    kind: row.applicant_kind,
    ...(id ? { idNumber: id } : {}),
    ...(row.applicant_address ? { address: row.applicant_address } : {}),
    ...(phone ? { phone } : {}),
    ...(row.applicant_email ? { email: row.applicant_email } : {}),
  };
}

const LIMIT_WORDS: Record<string, string> = {
  working_days: 'ngày làm việc',
  working_hours: 'giờ làm việc',
  calendar_days: 'ngày',
};

function timeLimitText(unit: string, limit: number): string {
  if (unit === 'same_day') return 'Trong ngày';
  return `${count2(Number(limit))} ${LIMIT_WORDS[unit] ?? unit}`;
}

async function form01(ctx: AppContext, s: FormSources, lookupUrl: string): Promise<Buffer> {
  const { row, events } = s;
  const [version, documents] = await Promise.all([
    ctx.db
      .selectFrom('procedure_versions')
      .select(['components', 'fees'])
      .where('id', '=', row.procedure_version_id)
      .where('tenant_id', '=', row.tenant_id)
      .executeTakeFirstOrThrow(),
    listDocuments(ctx.db, row.tenant_id, row.id),
  ]);
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as unknown;
  const components = (parse(version.components) as Array<Record<string, unknown>> | null) ?? [];
  const withFiles = new Set(documents.map((d) => d.component_code).filter(Boolean));
  const received: ReceivedComponent[] = components
    .filter((c) => c.required !== false || withFiles.has(String(c.code)))
    .map((c) => ({
      name: String(c.name ?? c.code),
      form:
        row.channel === 2
          ? 'Bản điện tử'
          : withFiles.has(String(c.code))
            ? 'Bản giấy, đã số hóa'
            : 'Bản chính hoặc bản sao',
      copies: Number(c.copies ?? 1) || 1,
    }));
  const fees = ((parse(version.fees) as Array<{ name?: string; amount?: number }> | null) ?? [])
    .filter((f) => Number(f.amount) > 0)
    .map((f) => ({ label: String(f.name ?? 'Phí, lệ phí'), amount: Number(f.amount) }));
  if (fees.length === 0 && row.fee_amount > 0)
    fees.push({ label: 'Phí, lệ phí', amount: Number(row.fee_amount) });
  const receive = lastEvent(events, 'receive');
  const delivery: Form01ReceiptData['resultDelivery'] =
    row.delivery === 'post'
      ? { channel: 'post', address: row.delivery_address ?? row.applicant_address ?? '' }
      : row.delivery === 'electronic'
        ? {
            channel: 'electronic',
            ...(row.applicant_email ? { address: row.applicant_email } : {}),
          }
        : { channel: 'counter', place: row.receiving_unit_name };
  return renderForm01Receipt({
    header: header(s.tenant.name, row.receiving_unit_name, row.received_at as Date),
    dossierCode: row.code as string,
    applicant: applicantOf(ctx, row),
    procedure: { code: row.procedure_code, name: row.procedure_name },
    channel: (row.channel === 2 || row.channel === 3 ? row.channel : 1) as 1 | 2 | 3,
    components: received.length > 0 ? received : [{ name: 'Hồ sơ', form: 'Bản giấy', copies: 1 }],
    timeLimit: timeLimitText(row.limit_unit, row.promised_limit),
    receivedAt: row.received_at as Date,
    dueAt: (row.original_due_at ?? row.due_at) as Date,
    fees,
    feesPaid: row.paid_online,
    resultDelivery: delivery,
    lookupUrl,
    officer: { name: receive?.actor_name ?? '', unit: row.receiving_unit_name },
  });
}

function form02(ctx: AppContext, s: FormSources): Promise<Buffer> {
  const { row, events } = s;
  const e = lastEvent(events, 'request_supplement_at_reception', 'request_supplement');
  if (!e) throw new AppError('not_found', { message: 'no request to supplement' });
  const listed = (eventData(e).missing as string[] | undefined) ?? [];
  const fromNote = listed.length === 0;
  const seen = new Set<string>();
  const missing: MissingItem[] = [];
  for (const item of fromNote ? lines(e.note) : listed) {
    const key = item.toLocaleLowerCase('vi');
    if (seen.has(key)) continue;
    seen.add(key);
    missing.push({ item });
  }
  const during = e.action === 'request_supplement';
  const agency = during ? row.agency_unit_name : row.receiving_unit_name;
  return renderForm02Supplement({
    header: header(s.tenant.name, agency, e.at),
    ...(row.code ? { dossierCode: row.code } : {}),
    applicant: applicantOf(ctx, row),
    procedure: { code: row.procedure_code, name: row.procedure_name },
    receivedAt: row.received_at ?? row.created_at,
    missing,
    ...(!fromNote && e.note ? { reason: e.note } : {}),
    contact: { name: e.actor_name ?? agency },
    duringProcessing: during,
    officer: { name: e.actor_name ?? '', unit: agency },
  });
}

function form03(ctx: AppContext, s: FormSources): Promise<Buffer> {
  const { row, events } = s;
  const e = lastEvent(events, 'refuse_at_reception');
  if (!e) throw new AppError('not_found', { message: 'no refusal' });
  return renderForm03Refusal({
    header: header(s.tenant.name, row.receiving_unit_name, e.at),
    applicant: applicantOf(ctx, row),
    procedure: { code: row.procedure_code, name: row.procedure_name },
    receivedAt: row.created_at,
    reasons: lines(e.note),
    officer: { name: e.actor_name ?? '', unit: row.receiving_unit_name },
  });
}

function form04(ctx: AppContext, s: FormSources): Promise<Buffer> {
  const { row, events } = s;
  const proposal = lastEvent(events, 'propose_extension');
  if (!proposal || !row.code || !row.received_at)
    throw new AppError('not_found', { message: 'no extension proposed' });
  const approval = events.find((e) => e.action === 'approve_extension' && e.seq > proposal.seq);
  const newDue =
    (approval ? (eventData(approval).extendedTo as string | undefined) : undefined) ??
    (eventData(proposal).extensionDueAt as string | undefined);
  if (!newDue) throw new AppError('not_found', { message: 'no new date' });
  const signer = approval ?? proposal;
  return renderForm04Apology({
    header: header(s.tenant.name, row.agency_unit_name, signer.at),
    dossierCode: row.code,
    applicant: applicantOf(ctx, row),
    procedure: { code: row.procedure_code, name: row.procedure_name },
    receivedAt: row.received_at,
    dueAt: (row.original_due_at ?? row.due_at) as Date,
    reason: proposal.note ?? '',
    newDueAt: newDue,
    signer: { name: signer.actor_name ?? '', unit: row.agency_unit_name },
  });
}

function form05(ctx: AppContext, s: FormSources): Promise<Buffer> {
  const { row, events } = s;
  const stop = lastEvent(events, 'stop');
  const approve = lastEvent(events, 'approve');
  const proposal = lastEvent(events, 'propose_result');
  const e = stop ?? (row.outcome === 'refused' ? approve : undefined);
  if (!e || !row.code || !row.received_at)
    throw new AppError('not_found', { message: 'no stop or refusal' });
  // A refused result states the specialist's reasons (proposal) or the leader's (approval).
  const reasons = stop ? lines(stop.note) : [...lines(proposal?.note), ...lines(approve?.note)];
  return renderForm05Stop({
    header: header(s.tenant.name, row.agency_unit_name, e.at),
    dossierCode: row.code,
    applicant: applicantOf(ctx, row),
    procedure: { code: row.procedure_code, name: row.procedure_name },
    receivedAt: row.received_at,
    kind: stop ? 'stop' : 'refuse',
    reasons,
    signer: { name: e.actor_name ?? '', unit: row.agency_unit_name },
  });
}

async function form06(ctx: AppContext, actor: Actor, s: FormSources): Promise<Buffer> {
  const { row } = s;
  const slip = await processControlSlip(ctx, { actor, id: row.id });
  const handovers: Handover[] = slip.handovers.map((h) => ({
    step: h.stepCode ? `${h.actionLabel.vi} (${h.stepCode})` : h.actionLabel.vi,
    from: { name: h.by ?? '', ...(h.fromUnit ? { unit: h.fromUnit } : {}) },
    // Handed to a person (assignee) of a unit, or to the unit itself.
    to: h.to ? { name: h.to, ...(h.toUnit ? { unit: h.toUnit } : {}) } : { name: h.toUnit ?? '' },
    at: h.at,
    ...(h.stepDueAt ? { dueAt: h.stepDueAt } : {}),
    ...(h.onTime === false && !h.stepDueAt ? { outcome: 'late' as const } : {}),
    ...(h.note ? { note: h.note } : {}),
  }));
  return renderForm06ProcessControl({
    header: header(s.tenant.name, row.receiving_unit_name, ctx.now()),
    dossierCode: row.code as string,
    applicant: applicantOf(ctx, row),
    procedure: { code: row.procedure_code, name: row.procedure_name },
    receivedAt: row.received_at as Date,
    dueAt: row.due_at as Date,
    leadAgency: row.agency_unit_name,
    handovers,
  });
}

/**
 * Renders one form of a dossier as a PDF from its record and history (Circular 03/2025).
 *
 * @throws AppError `not_found` when the dossier is unknown or unreadable, or does not have that
 * form (e.g. Form 03 for a registered dossier); `validation_failed` from the renderers.
 */
export async function renderDossierForm(
  ctx: AppContext,
  options: { actor: Actor; id: number; form: DossierForm; lookupUrl: string },
): Promise<{ pdf: Buffer; name: string }> {
  const s = await loadSources(ctx, options.actor, options.id);
  if (!availableForms(s.row, s.events).includes(options.form))
    throw new AppError('not_found', {
      message: `this dossier has no form ${options.form}`,
      details: { form: options.form },
    });
  const pdf = await (() => {
    switch (options.form) {
      case '01':
        return form01(ctx, s, options.lookupUrl);
      case '02':
        return form02(ctx, s);
      case '03':
        return form03(ctx, s);
      case '04':
        return form04(ctx, s);
      case '05':
        return form05(ctx, s);
      case '06':
        return form06(ctx, options.actor, s);
      default: {
        const never: never = options.form;
        throw new AppError('not_found', { details: { form: String(never) } });
      }
    }
  })();
  const tag = s.row.code ?? `id${s.row.id}`;
  return { pdf, name: `mau-${options.form}_${tag}.pdf` };
}

/** The register (Form 07) rows in the forms module's shape. */
function registerRows(rows: Awaited<ReturnType<typeof dossierRegister>>): RegisterRow[] {
  return rows
    .filter((r) => r.receivedAt !== null)
    .map((r) => ({
      code: r.code ?? '',
      procedure: r.procedureName,
      applicant: r.applicantName,
      ...(r.applicantAddress ? { contact: r.applicantAddress } : {}),
      agency: r.agencyName,
      receivedAt: r.receivedAt as string,
      dueAt: (r.extendedDueAt ?? r.dueAt ?? r.receivedAt) as string,
      resultAt: r.finishedAt,
      returnedAt: r.returnedAt,
      ...(r.class
        ? {
            status: (r.class === 'in_progress_on_time'
              ? 'in_progress'
              : r.class) as RegisterRow['status'],
          }
        : {}),
      ...(r.extendedDueAt ? { note: `Hẹn lại từ ${r.dueAt ?? ''}` } : {}),
    }));
}

/**
 * The register (Form 07) of a unit for a reception date range as a PDF or .xlsx file.
 *
 * @throws AppError `forbidden` (unit outside the actor's grants), `invalid_date`, `not_found`.
 */
export async function exportDossierRegister(
  ctx: AppContext,
  options: { actor: Actor; unitId: number; from: string; to: string; format: 'pdf' | 'xlsx' },
): Promise<{ body: Buffer; name: string; mime: string }> {
  const [rows, unit, tenant] = await Promise.all([
    dossierRegister(ctx, options),
    ctx.db
      .selectFrom('units')
      .select('name')
      .where('tenant_id', '=', options.actor.tenantId)
      .where('id', '=', options.unitId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', options.actor.tenantId)
      .executeTakeFirstOrThrow(),
  ]);
  if (!unit) throw new AppError('not_found', { details: { unitId: options.unitId } });
  const meta = {
    header: header(tenant.name, unit.name, ctx.now()),
    unitName: unit.name,
    from: `${options.from}T00:00:00+07:00`,
    to: `${options.to}T00:00:00+07:00`,
  };
  const name = `so-theo-doi-ho-so_${options.from}_${options.to}.${options.format}`;
  if (options.format === 'xlsx')
    return {
      body: await renderRegisterXlsx(registerRows(rows), meta),
      name,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  return {
    body: await renderForm07Register(registerRows(rows), meta),
    name,
    mime: 'application/pdf',
  };
}

const FormParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  form: Type.Union(DOSSIER_FORMS.map((f) => Type.Literal(f))),
});
const FormList = Type.Object({
  forms: Type.Array(
    Type.Object({ form: Type.String(), vi: Type.String(), en: Type.String(), url: Type.String() }),
  ),
});
const ExportQuery = Type.Object({
  unitId: Type.Integer({ minimum: 1 }),
  from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]),
});

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Downloads of the generated forms: the forms a dossier has (01–06) as PDFs rendered from its
 * record and history, and the register (Form 07) as .xlsx or PDF. Staff only; the dossier's
 * read permission applies (unknown and forbidden answer the same not_found).
 */
export async function dossierFormRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['dossiers'];

  r.get(
    '/dossiers/:id/forms',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'The forms (Circular 03/2025) this dossier has, with their PDF links',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: FormList },
      },
    },
    async (request) => {
      const s = await loadSources(ctx, request.actor!, request.params.id);
      return {
        forms: availableForms(s.row, s.events).map((form) => ({
          form,
          ...FORM_TITLES[form],
          url: `/api/dossiers/${s.row.id}/forms/${form}`,
        })),
      };
    },
  );

  r.get(
    '/dossiers/:id/forms/:form',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'One form of a dossier as a PDF (01 receipt … 06 process-control slip)',
        params: FormParams,
      },
    },
    async (request, reply) => {
      const { pdf, name } = await renderDossierForm(ctx, {
        actor: request.actor!,
        id: request.params.id,
        form: request.params.form,
        lookupUrl: `${origin(request)}/tra-cuu`,
      });
      return sendStoredFile(
        reply,
        Readable.from(pdf),
        { name, mime: 'application/pdf', size: pdf.length },
        { disposition: 'inline' },
      );
    },
  );

  r.get(
    '/dossiers/register/export',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'The dossier register (Form 07) of a unit for a date range as .xlsx or PDF',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const file = await exportDossierRegister(ctx, { actor: request.actor!, ...request.query });
      return sendStoredFile(reply, Readable.from(file.body), {
        name: file.name,
        mime: file.mime,
        size: file.body.length,
      });
    },
  );
}
