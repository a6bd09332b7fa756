import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError } from '../errors.js';

export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'dry_run';

export interface OutboxListOptions {
  tenantId?: number;
  status?: OutboxStatus;
  topic?: string;
  page?: number;
  pageSize?: number;
}

/** Outbox messages newest first, filtered by tenant, status and topic, one page at a time. */
export async function listOutbox(db: Kysely<DB>, options: OutboxListOptions) {
  const page = Math.max(1, options.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, options.pageSize ?? 50));
  let query = db.selectFrom('outbox');
  if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.topic) query = query.where('topic', '=', options.topic);
  const [items, total] = await Promise.all([
    query
      .select([
        'id',
        'tenant_id',
        'topic',
        'status',
        'attempts',
        'payload',
        'dedupe_key',
        'next_attempt_at',
        'last_error',
        'created_at',
        'sent_at',
      ])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize };
}

/**
 * Puts a dead (or pending) message back in the queue for delivery now, attempts reset. A sent
 * or dry-run message is never re-sent: `rule_violation`. Unknown id: `not_found`.
 */
export async function retryOutboxMessage(
  db: Kysely<DB>,
  options: { id: number; tenantId?: number; now: Date },
): Promise<void> {
  let query = db.selectFrom('outbox').select(['id', 'status']).where('id', '=', options.id);
  if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('not_found', { message: `no outbox message ${options.id}` });
  if (row.status === 'sent' || row.status === 'dry_run') {
    throw new AppError('rule_violation', {
      message: `message ${options.id} is ${row.status}; a delivered message is never sent again`,
    });
  }
  await db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: options.now, last_error: null })
    .where('id', '=', options.id)
    .where('status', 'in', ['dead', 'pending'])
    .execute();
}
