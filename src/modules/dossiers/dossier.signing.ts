import { buffer } from 'node:stream/consumers';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { signerFor } from '../../platform/signing/index.js';
import { fileStorageFor } from '../../platform/storage/index.js';
import { workflowRoles } from './dossier.policy.js';
import { coverageOf, loadReadable } from './dossier.service.js';

/**
 * Signs an electronic result document of a dossier (DOMAIN §4 step 5: the leader approves and
 * signs electronic results) through the configured signing adapter, replaces the stored file by
 * the signed one and keeps the signature record beside it. Only a leader over the dossier's
 * current unit may sign; only PDF results, once.
 *
 * @throws AppError `not_found` (dossier or document), `forbidden` (not a leader over the unit),
 * `rule_violation` (`not_a_result`, `not_pdf`, `already_signed`).
 */
export async function signResultDocument(
  ctx: AppContext,
  options: { actor: Actor; id: number; documentId: number; requestId?: string | null },
) {
  const { actor } = options;
  const row = await loadReadable(ctx.db, actor, options.id);
  if (!workflowRoles(actor, coverageOf(row), row.applicant_user_id).includes('leader')) {
    throw new AppError('forbidden');
  }
  const doc = await ctx.db
    .selectFrom('dossier_documents')
    .selectAll()
    .where('dossier_id', '=', row.id)
    .where('id', '=', options.documentId)
    .executeTakeFirst();
  if (!doc) throw new AppError('not_found');
  if (doc.kind !== 'result')
    throw new AppError('rule_violation', { details: { rule: 'not_a_result' } });
  if (doc.mime !== 'application/pdf')
    throw new AppError('rule_violation', { details: { rule: 'not_pdf' } });
  if (doc.signed) throw new AppError('rule_violation', { details: { rule: 'already_signed' } });

  const storage = fileStorageFor(ctx.config);
  const unsigned = await buffer(await storage.get(doc.storage_key));
  const unit = await ctx.db
    .selectFrom('units')
    .select('name')
    .where('id', '=', row.current_unit_id)
    .executeTakeFirst();
  const user = await ctx.db
    .selectFrom('users')
    .select('full_name')
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  const { signedPdf, signature } = await signerFor(ctx.config).sign(unsigned, {
    name: user?.full_name ?? actor.name,
    title: 'Lãnh đạo',
    unit: unit?.name ?? '',
  });
  const stored = await storage.put(signedPdf, { mime: 'application/pdf' });
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // Guarded by `signed = false`, so two leaders signing at once leave one signature.
      const updated = await sql<{ id: number }>`
        update dossier_documents set storage_key = ${stored.key}, size = ${stored.size}, sha256 = ${stored.sha256},
          signed = true, electronic = true, signature = ${JSON.stringify(signature)}::jsonb
        where id = ${doc.id} and signed = false returning id`.execute(trx);
      if (updated.rows.length === 0)
        throw new AppError('rule_violation', { details: { rule: 'already_signed' } });
      await sql`update dossiers set e_result = true, updated_at = ${ctx.now()} where id = ${row.id}`.execute(
        trx,
      );
      await recordAudit(trx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        unitId: row.current_unit_id,
        action: 'dossier.result_signed',
        entity: 'dossier',
        entityId: row.id,
        before: { documentId: doc.id, sha256: doc.sha256 },
        after: {
          documentId: doc.id,
          sha256: stored.sha256,
          signature: {
            provider: signature.provider,
            certificateFingerprint: signature.certificateFingerprint,
            signedAt: signature.signedAt,
            legallyValid: signature.legallyValid,
          },
        },
        requestId: options.requestId ?? null,
        at: ctx.now(),
      });
    });
  } catch (error) {
    await storage.delete(stored.key);
    throw error;
  }
  // The unsigned file is no longer referenced once the signed one is in place.
  await storage.delete(doc.storage_key);
  return { documentId: doc.id, sha256: stored.sha256, size: stored.size, signature };
}
