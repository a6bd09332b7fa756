import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { assertCanRead } from './registers.policy.js';

/**
 * Whether the actor may download a file attached to register items: it must read one of the
 * items it is attached to (the same units that open the item's page). A file attached to nothing
 * the actor reads — or to nothing in the registers — answers `register_item_not_found`.
 */
export async function assertCanReadRegisterFile(
  ctx: AppContext,
  options: { actor: Actor; fileId: number },
): Promise<void> {
  const { actor } = options;
  const links = await ctx.db
    .selectFrom('register_files')
    .select(['entity', 'entity_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('file_id', '=', options.fileId)
    .execute();
  for (const link of links) {
    const units = await unitsOf(ctx, link.entity, link.entity_id);
    try {
      await assertCanRead(ctx.db, actor, units);
      return;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'register_item_not_found') throw error;
    }
  }
  throw new AppError('register_item_not_found');
}

/** The units whose readers read an item (as on its page). */
async function unitsOf(
  ctx: AppContext,
  entity: 'initiative' | 'inspection' | 'recommendation',
  id: number,
): Promise<number[]> {
  switch (entity) {
    case 'initiative': {
      const row = await ctx.db
        .selectFrom('register_initiatives')
        .select('unit_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? [row.unit_id] : [];
    }
    case 'inspection':
    case 'recommendation': {
      const inspectionId =
        entity === 'inspection'
          ? id
          : (
              await ctx.db
                .selectFrom('register_recommendations')
                .select('inspection_id')
                .where('id', '=', id)
                .executeTakeFirst()
            )?.inspection_id;
      if (inspectionId === undefined) return [];
      const [inspection, recs] = await Promise.all([
        ctx.db
          .selectFrom('register_inspections')
          .select('inspected_unit_id')
          .where('id', '=', inspectionId)
          .executeTakeFirst(),
        ctx.db
          .selectFrom('register_recommendations')
          .select('responsible_unit_id')
          .where('inspection_id', '=', inspectionId)
          .execute(),
      ]);
      return [
        ...(inspection ? [inspection.inspected_unit_id] : []),
        ...recs.map((r) => r.responsible_unit_id),
      ];
    }
    default: {
      const never: never = entity;
      throw new RangeError(`unknown entity ${String(never)}`);
    }
  }
}
