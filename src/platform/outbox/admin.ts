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

const MESSAGE_COLUMNS = [
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
] as const;

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
      .select(MESSAGE_COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize };
}

/** One message (`not_found` when it is not the tenant's). */
export async function getOutboxMessage(db: Kysely<DB>, options: { id: number; tenantId?: number }) {
  let query = db.selectFrom('outbox').select(MESSAGE_COLUMNS).where('id', '=', options.id);
  if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
  const message = await query.executeTakeFirst();
  if (!message) throw new AppError('not_found');
  return message;
}

/**
 * The topics the tenant's outbox holds, each with its messages by status: what the filter
 * offers, including topics a later module adds, and where dead letters are at a glance.
 */
export async function outboxTopics(db: Kysely<DB>, options: { tenantId?: number }) {
  let query = db
    .selectFrom('outbox')
    .select(['topic', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['topic', 'status']);
  if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
  const rows = await query.execute();
  const topics = new Map<string, Record<OutboxStatus, number>>();
  for (const row of rows) {
    let counts = topics.get(row.topic);
    if (!counts) {
      counts = { pending: 0, sent: 0, dead: 0, dry_run: 0 };
      topics.set(row.topic, counts);
    }
    counts[row.status as OutboxStatus] = Number(row.n);
  }
  return [...topics]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, counts]) => ({ topic, counts }));
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
