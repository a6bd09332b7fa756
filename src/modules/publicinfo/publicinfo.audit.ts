import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * Records one public-information change in the caller's transaction. The command line acts
 * as a system operator without a user row (userId 0), recorded as no actor.
 */
export function auditPublicInfo(
  trx: Kysely<DB>,
  entry: {
    actor: Actor;
    action: string;
    entity: 'hotline' | 'reception_session';
    entityId: number;
    unitId: number;
    before?: unknown;
    after?: unknown;
    requestId?: string | undefined;
    at: Date;
  },
) {
  return recordAudit(trx, {
    tenantId: entry.actor.tenantId,
    actorId: entry.actor.userId > 0 ? entry.actor.userId : null,
    unitId: entry.unitId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId ?? null,
    at: entry.at,
  });
}
