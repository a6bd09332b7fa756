import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  defaultTemplate,
  LIMIT_UNITS,
  type ProcedureContent,
} from '../../domain/catalogue/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { contentDisposition, registerMultipart } from '../../platform/storage/index.js';
import { requireRoles, requireStaff } from '../auth/index.js';
import { detectFormat } from './catalogue.files.js';
import { exportCatalogue, importCatalogue } from './catalogue.import.js';
import { assertCatalogueEditor, CATALOGUE_EDIT_ROLES } from './catalogue.policy.js';
import {
  presentPublicProcedure,
  presentPublicSummary,
  presentStaffDetail,
  presentStaffSummary,
} from './catalogue.presenter.js';
import { listFields } from './catalogue.repository.js';
import {
  ChangeResult,
  CodeParams,
  CreateBody,
  ExportQuery,
  FieldList,
  ImportReportSchema,
  PublicListQuery,
  PublicPage,
  PublicProcedure,
  StaffDetail,
  StaffListQuery,
  StaffPage,
  StatusBody,
  UpdateBody,
} from './catalogue.schemas.js';
import {
  createProcedure,
  getProcedure,
  listProcedures,
  setProcedureActive,
  updateProcedure,
} from './catalogue.service.js';

/** Largest import file accepted (2,000 procedures take about 4 MB as CSV). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

const ImportQuery = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean', default: false, description: 'Check and report; write nothing' },
    skipInvalid: {
      type: 'boolean',
      default: false,
      description: 'Write the valid rows even when others are invalid',
    },
    effectiveFrom: {
      type: 'string',
      description: 'When changed procedures take their new version (default now)',
    },
  },
  additionalProperties: false,
} as const;

/**
 * The procedure catalogue. Public (anyone, no sign-in): browse and search active procedures
 * under /api/public/procedures, never showing internal fields. Back office (staff): list with
 * retired and upcoming ones, detail with version history; reform office and administrators
 * create, edit (a new version), retire, reactivate, import and export.
 */
export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const by = (request: FastifyRequest) => ({
    actorId: request.actor?.userId ?? null,
    requestId: String(request.id),
  });
  const editor = requireRoles(...CATALOGUE_EDIT_ROLES);

  r.get(
    '/public/procedures',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Search the active procedures (case and Vietnamese diacritics ignored)',
        querystring: PublicListQuery,
        response: { 200: PublicPage },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listProcedures(ctx, {
        tenantId: request.tenantId,
        query: q.q,
        fieldCode: q.field,
        level: q.level,
        agencyCode: q.agency,
        onlineLevel: q.onlineLevel,
        sort: q.sort,
        direction: q.direction,
        page: q.page,
        pageSize: q.pageSize,
        publicView: true,
      });
      return { ...page, items: page.items.map(presentPublicSummary) };
    },
  );

  r.get(
    '/public/procedures/:code',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'One active procedure as the public sees it (not_found when retired or unknown)',
        params: CodeParams,
        response: { 200: PublicProcedure },
      },
    },
    async (request) => {
      const detail = await getProcedure(ctx, {
        tenantId: request.tenantId,
        code: request.params.code,
        publicView: true,
      });
      return presentPublicProcedure(detail.current!);
    },
  );

  r.get(
    '/public/procedure-fields',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Fields (lĩnh vực) of the active procedures, for filters',
        response: { 200: FieldList },
      },
    },
    async (request) => ({ items: await listFields(ctx.db, request.tenantId, ctx.now(), true) }),
  );

  r.get(
    '/catalogue/procedures',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['catalogue'],
        summary: 'Back-office list: search, filter (status included), sort, page',
        querystring: StaffListQuery,
        response: { 200: StaffPage },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listProcedures(ctx, {
        tenantId: request.tenantId,
        query: q.q,
        fieldCode: q.field,
        level: q.level,
        agencyCode: q.agency,
        onlineLevel: q.onlineLevel,
        status: q.status,
        sort: q.sort,
        direction: q.direction,
        page: q.page,
        pageSize: q.pageSize,
        publicView: false,
      });
      const now = ctx.now();
      return { ...page, items: page.items.map((row) => presentStaffSummary(row, now)) };
    },
  );

  r.get(
    '/catalogue/fields',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['catalogue'],
        summary: 'Fields of every procedure, retired ones included',
        response: { 200: FieldList },
      },
    },
    async (request) => ({ items: await listFields(ctx.db, request.tenantId, ctx.now(), false) }),
  );

  r.get(
    '/catalogue/procedures/:code',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['catalogue'],
        summary: 'One procedure: current version, upcoming versions and the full history',
        params: CodeParams,
        response: { 200: StaffDetail },
      },
    },
    async (request) =>
      presentStaffDetail(
        await getProcedure(ctx, {
          tenantId: request.tenantId,
          code: request.params.code,
          publicView: false,
        }),
      ),
  );

  r.post(
    '/catalogue/procedures',
    {
      preValidation: editor,
      schema: {
        tags: ['catalogue'],
        summary: 'Create a procedure (version 1)',
        description:
          'Rule failures answer `validation_failed` with `details.issues` naming each field (`components[1].copies`). Empty `steps` get the default template.',
        body: CreateBody,
        response: { 201: StaffDetail },
      },
    },
    async (request, reply) => {
      await assertCatalogueEditor(ctx.db, request.actor, request.tenantId);
      const { effectiveFrom, note, ...record } = request.body;
      const detail = await createProcedure(ctx, {
        tenantId: request.tenantId,
        record: withTemplate(record),
        ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
        note: note ?? null,
        by: by(request),
      });
      return reply.status(201).send(presentStaffDetail(detail));
    },
  );

  r.put(
    '/catalogue/procedures/:code',
    {
      preValidation: editor,
      schema: {
        tags: ['catalogue'],
        summary:
          'Edit a procedure: the content becomes a new version from `effectiveFrom` (default now)',
        description:
          'Unchanged content makes no version (`changed: false`). `expectedVersion` guards against overwriting another editor (`version_conflict`).',
        params: CodeParams,
        body: UpdateBody,
        response: { 200: ChangeResult },
      },
    },
    async (request) => {
      await assertCatalogueEditor(ctx.db, request.actor, request.tenantId);
      const { effectiveFrom, note, expectedVersion, ...content } = request.body;
      const result = await updateProcedure(ctx, {
        tenantId: request.tenantId,
        code: request.params.code,
        content: withTemplate(content),
        ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        note: note ?? null,
        by: by(request),
      });
      return { changed: result.changed, procedure: presentStaffDetail(result.detail) };
    },
  );

  for (const [action, active] of [
    ['retire', false],
    ['reactivate', true],
  ] as const) {
    r.post(
      `/catalogue/procedures/:code/${action}`,
      {
        preValidation: editor,
        schema: {
          tags: ['catalogue'],
          summary: active
            ? 'Reactivate a retired procedure'
            : 'Retire a procedure (no new dossiers; received ones keep their version)',
          params: CodeParams,
          body: StatusBody,
          response: { 200: ChangeResult },
        },
      },
      async (request) => {
        await assertCatalogueEditor(ctx.db, request.actor, request.tenantId);
        const result = await setProcedureActive(ctx, {
          tenantId: request.tenantId,
          code: request.params.code,
          active,
          reason: request.body?.reason ?? null,
          by: by(request),
        });
        return { changed: result.changed, procedure: presentStaffDetail(result.detail) };
      },
    );
  }

  r.get(
    '/catalogue/export',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['catalogue'],
        summary:
          'Export every procedure (latest version) as xlsx or CSV in the import layout (docs/catalogue.md)',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const exported = await exportCatalogue(ctx, {
        tenantId: request.tenantId,
        format: request.query.format ?? 'xlsx',
      });
      return reply
        .header('content-type', exported.mime)
        .header('content-disposition', contentDisposition(exported.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-procedure-count', String(exported.count))
        .send(exported.bytes);
    },
  );

  await app.register(async (scope) => {
    await registerMultipart(scope, { maxBytes: IMPORT_MAX_BYTES, maxFiles: 1 });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/catalogue/import',
      {
        preValidation: editor,
        schema: {
          tags: ['catalogue'],
          summary: 'Import an xlsx or CSV catalogue (multipart field `file`)',
          description:
            'Every row is checked; issues name the row and column. With invalid rows and no `skipInvalid`, nothing is written and the answer is `import_invalid` (422) with the report in `details`. `dryRun` reports without writing.',
          consumes: ['multipart/form-data'],
          querystring: ImportQuery,
          response: { 200: ImportReportSchema },
        },
      },
      async (request) => {
        await assertCatalogueEditor(ctx.db, request.actor, request.tenantId);
        const query = request.query as {
          dryRun: boolean;
          skipInvalid: boolean;
          effectiveFrom?: string;
        };
        const file = await readUploadedFile(request);
        const report = await importCatalogue(ctx, {
          tenantId: request.tenantId,
          file,
          ...(query.effectiveFrom ? { effectiveFrom: query.effectiveFrom } : {}),
          skipInvalid: query.skipInvalid,
          dryRun: query.dryRun,
          by: by(request),
        });
        if (!report.dryRun && !report.written)
          throw new AppError('import_invalid', { details: report });
        return report;
      },
    );
  });
}

/** Empty steps get the default template (the form may leave the template to the server). */
function withTemplate<T extends ProcedureContent>(content: T): T {
  if (
    content.steps.length > 0 ||
    !Number.isFinite(content.promisedLimit) ||
    !LIMIT_UNITS.includes(content.limitUnit)
  )
    return content;
  return { ...content, steps: defaultTemplate(content.promisedLimit, content.limitUnit) };
}

/** The one file of a multipart upload, in memory (an import is parsed whole). */
async function readUploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
    throw new AppError('validation_failed', {
      message: 'multipart/form-data with a file expected',
    });
  }
  let bytes: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (bytes !== undefined) {
      part.file.resume();
      throw new AppError('upload_too_large', {
        message: 'one file per import',
        details: { reason: 'too_many_files', maxFiles: 1 },
      });
    }
    bytes = await part.toBuffer();
  }
  if (!bytes || bytes.length === 0)
    throw new AppError('validation_failed', {
      message: 'no file in the upload',
      details: { field: 'file' },
    });
  if (detectFormat(bytes) === 'csv' && bytes.includes(0)) {
    throw new AppError('upload_type_rejected', {
      message: 'an import is an .xlsx workbook or a CSV text file',
    });
  }
  return bytes;
}
