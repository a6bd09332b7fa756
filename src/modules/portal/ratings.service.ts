import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import './portal.tables.js';

/** The five SIPAS elements (DOMAIN §8), in the order the form asks them. */
export const SIPAS_ELEMENTS = ['access', 'procedure', 'staff', 'result', 'feedback'] as const;
export type SipasElement = (typeof SIPAS_ELEMENTS)[number];

/** How long an applicant may still change a rating (this project's default). */
export const RATING_EDIT_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface RatingInput {
  access: number;
  procedure: number;
  staff: number;
  result: number;
  feedback?: number | null;
  comment?: string | null;
}

/**
 * The dossier's overall rating: the mean of the elements answered, rounded half up, so the
 * per-dossier figure uses the same five levels as SIPAS. 1–2 count as a negative rating for
 * indicator 6.3 (DOMAIN §6).
 */
export function overallRating(input: RatingInput): number {
  const values = [
    input.access,
    input.procedure,
    input.staff,
    input.result,
    ...(input.feedback ? [input.feedback] : []),
  ];
  return Math.floor(values.reduce((a, b) => a + b, 0) / values.length + 0.5);
}

const RATEABLE = new Set(['result_ready', 'returned', 'not_accepted', 'stopped']);

/**
 * Records the applicant's rating of a finished dossier (once per dossier; DOMAIN §8) or changes
 * it within the edit window, and writes the overall level onto the dossier in the same
 * transaction so the satisfaction indicator moves with it. Only the dossier's own applicant may
 * rate (`not_found` for anyone else); before a result exists, or after the window,
 * `rule_violation`.
 */
export async function rateDossier(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  rating: RatingInput;
}) {
  const { ctx, actor, rating } = options;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const dossier = await trx
      .selectFrom('dossiers')
      .select(['id', 'tenant_id', 'status', 'applicant_user_id', 'receiving_unit_id', 'rating'])
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', options.dossierId)
      .forUpdate()
      .executeTakeFirst();
    if (!dossier || dossier.applicant_user_id !== actor.userId) throw new AppError('not_found');
    if (!RATEABLE.has(dossier.status)) {
      throw new AppError('rule_violation', {
        message: 'a dossier can be rated once it has a result',
        details: { rule: 'not_finished' },
      });
    }
    const existing = await trx
      .selectFrom('dossier_ratings')
      .selectAll()
      .where('dossier_id', '=', dossier.id)
      .executeTakeFirst();
    if (
      existing &&
      now.getTime() - new Date(existing.created_at).getTime() > RATING_EDIT_WINDOW_MS
    ) {
      throw new AppError('rule_violation', {
        message: 'the rating can no longer be changed',
        details: { rule: 'rating_window_closed' },
      });
    }
    const values = {
      access: rating.access,
      procedure: rating.procedure,
      staff: rating.staff,
      result: rating.result,
      feedback: rating.feedback ?? null,
      comment: rating.comment?.trim() || null,
    };
    const overall = overallRating(rating);
    if (existing) {
      await trx
        .updateTable('dossier_ratings')
        .set({ ...values, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('dossier_ratings')
        .values({
          tenant_id: dossier.tenant_id,
          dossier_id: dossier.id,
          user_id: actor.userId,
          ...values,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await trx
      .updateTable('dossiers')
      .set({ rating: overall, updated_at: now })
      .where('id', '=', dossier.id)
      .execute();
    await recordAudit(trx, {
      tenantId: dossier.tenant_id,
      actorId: actor.userId,
      unitId: dossier.receiving_unit_id,
      action: existing ? 'dossier.rating_changed' : 'dossier.rated',
      entity: 'dossier',
      entityId: dossier.id,
      before: existing ? { rating: dossier.rating } : null,
      after: { rating: overall, ...values },
      at: now,
    });
    return {
      dossierId: dossier.id,
      overall,
      ...values,
      editableUntil: new Date(
        (existing ? new Date(existing.created_at).getTime() : now.getTime()) +
          RATING_EDIT_WINDOW_MS,
      ).toISOString(),
    };
  });
}

/** The applicant's own rating of a dossier, or null. */
export async function getRating(options: { ctx: AppContext; actor: Actor; dossierId: number }) {
  const row = await options.ctx.db
    .selectFrom('dossier_ratings')
    .innerJoin('dossiers', 'dossiers.id', 'dossier_ratings.dossier_id')
    .select([
      'dossier_ratings.access',
      'dossier_ratings.procedure',
      'dossier_ratings.staff',
      'dossier_ratings.result',
      'dossier_ratings.feedback',
      'dossier_ratings.comment',
      'dossier_ratings.created_at',
      'dossiers.applicant_user_id',
    ])
    .where('dossiers.tenant_id', '=', options.actor.tenantId)
    .where('dossiers.id', '=', options.dossierId)
    .executeTakeFirst();
  if (!row || row.applicant_user_id !== options.actor.userId) return null;
  const { applicant_user_id: _owner, created_at, ...rating } = row;
  return {
    ...rating,
    editableUntil: new Date(new Date(created_at).getTime() + RATING_EDIT_WINDOW_MS).toISOString(),
  };
}
