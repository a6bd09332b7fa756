import { sql } from 'kysely';
import { formatInstant } from '../../domain/calendar/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { workflowRoles } from './dossier.policy.js';
import { claimUploadedFilesForDossier, coverageOf, loadReadable } from './dossier.service.js';

const CLOSED = new Set(['returned', 'stopped', 'withdrawn', 'not_accepted']);

export interface AttachInput {
  kind: 'component' | 'supplement' | 'result' | 'other';
  fileIds: number[];
  componentCode?: string | null;
  /** The file is an electronic original (an e-result, an online submission), not a scan. */
  electronic?: boolean;
  /** Taken from data already held instead of asking the applicant again (indicator 5.4). */
  reused?: boolean;
}

/**
 * Attaches uploaded files (POST /api/files, claimed here) to a dossier: components and
 * supplements by the counter or the applicant, results by the agency or the counter. Keeps the
 * index facts in step in the same transaction: `digitised` once every component that must be
 * digitised has a file, `e_result` when an electronic result is attached, `reused` when a
 * component was reused. Audited on the dossier's chain.
 *
 * @throws AppError `not_found` (dossier or file), `forbidden` (no role on the dossier),
 * `transition_not_allowed` (the dossier is closed), `validation_failed` (unknown component).
 */
export async function attachDocuments(
  ctx: AppContext,
  options: { actor: Actor; id: number; input: AttachInput; requestId?: string | null },
) {
  const { actor, input } = options;
  const row = await loadReadable(ctx.db, actor, options.id);
  const roles = workflowRoles(actor, coverageOf(row), row.applicant_user_id);
  const allowed =
    input.kind === 'result'
      ? roles.some((r) => r === 'specialist' || r === 'leader' || r === 'counter_officer')
      : roles.length > 0;
  if (!allowed) throw new AppError('forbidden');
  if (CLOSED.has(row.status))
    throw new AppError('transition_not_allowed', { message: `the dossier is ${row.status}` });
  if (input.fileIds.length === 0)
    throw new AppError('validation_failed', {
      details: { issues: [{ path: '/fileIds', message: 'at least one file' }] },
    });
  const components = await sql<{ code: string; must: boolean }>`
    select c ->> 'code' as code, coalesce((c ->> 'mustDigitise')::boolean, false) as must
    from procedure_versions pv, jsonb_array_elements(pv.components) c where pv.id = ${row.procedure_version_id}`.execute(
    ctx.db,
  );
  if (input.componentCode && !components.rows.some((c) => c.code === input.componentCode)) {
    throw new AppError('validation_failed', {
      details: {
        issues: [{ path: '/componentCode', message: `unknown component ${input.componentCode}` }],
      },
    });
  }
  const now = ctx.now().toISOString();
  const electronic = input.electronic === true || actor.kind === 'citizen';
  return ctx.db.transaction().execute(async (trx) => {
    const files = await claimUploadedFilesForDossier(trx, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      ids: input.fileIds,
      claimedFor: `dossier:${row.id}`,
      now,
    });
    const inserted = await trx
      .insertInto('dossier_documents')
      .values(
        files.map((f) => ({
          tenant_id: actor.tenantId,
          dossier_id: row.id,
          kind: input.kind,
          component_code: input.componentCode ?? null,
          storage_key: f.storage_key,
          name: f.name,
          mime: f.mime,
          size: f.size,
          sha256: f.sha256,
          digitised: !electronic && input.kind !== 'result',
          reused: input.reused === true,
          electronic,
          uploaded_by: actor.userId,
          created_at: now,
        })),
      )
      .returning(['id', 'name', 'kind', 'mime', 'size', 'sha256', 'electronic'])
      .execute();
    const must = components.rows.filter((c) => c.must).map((c) => c.code);
    await sql`
      update dossiers d set
        e_result = d.e_result or ${input.kind === 'result' && electronic},
        reused = d.reused or ${input.reused === true},
        digitised = d.received_at is not null and (${must.length === 0}
          or not exists (select 1 from unnest(array[${sql.join(must.length > 0 ? must : [''])}]::text[]) as m(code)
            where not exists (select 1 from dossier_documents x where x.dossier_id = d.id and x.component_code = m.code)))
      where d.id = ${row.id}`.execute(trx);
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      unitId: row.current_unit_id,
      action: 'dossier.documents_attached',
      entity: 'dossier',
      entityId: row.id,
      after: {
        kind: input.kind,
        documents: inserted.map((d) => ({ id: d.id, name: d.name, sha256: d.sha256 })),
      },
      requestId: options.requestId ?? null,
      at: new Date(now),
    });
    return inserted.map((d) => ({
      ...d,
      createdAt: formatInstant('Asia/Ho_Chi_Minh', Date.parse(now)),
    }));
  });
}

/** A document of a dossier the actor may read, for download; `not_found` otherwise. */
export async function findDocument(
  ctx: AppContext,
  options: { actor: Actor; id: number; documentId: number },
) {
  const row = await loadReadable(ctx.db, options.actor, options.id);
  const doc = await ctx.db
    .selectFrom('dossier_documents')
    .selectAll()
    .where('tenant_id', '=', options.actor.tenantId)
    .where('dossier_id', '=', row.id)
    .where('id', '=', options.documentId)
    .executeTakeFirst();
  if (!doc) throw new AppError('not_found');
  return doc;
}
