import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WorkerLog } from '../worker.js';

export interface NewOutboxMessage {
  tenantId: number;
  /** Who delivers it: `email`, `sms`, `portal_sync`… (a handler registered for the topic). */
  topic: string;
  payload: Record<string, unknown>;
  /** A second message with the same topic and key is not queued (e.g. `dossier:42:received`). */
  dedupeKey?: string | null;
  /** Deliver no earlier than this (defaults to now). */
  notBefore?: Date;
}

/**
 * Queues a message in the caller's transaction, so it exists exactly when the change it
 * reports was committed (transactional outbox). Returns the message id, which receivers use to
 * drop duplicates (delivery is at least once), and whether an earlier message with the same
 * dedupe key already stood in for it.
 */
export async function enqueue(
  trx: Kysely<DB>,
  message: NewOutboxMessage,
): Promise<{ id: number; duplicate: boolean }> {
  const payload = JSON.stringify(message.payload);
  const notBefore = (message.notBefore ?? new Date()).toISOString();
  if (message.dedupeKey == null) {
    const row = await sql<{ id: number }>`
      insert into outbox (tenant_id, topic, payload, next_attempt_at)
      values (${message.tenantId}, ${message.topic}, ${payload}::jsonb, ${notBefore}::timestamptz)
      returning id`.execute(trx);
    return { id: row.rows[0]!.id, duplicate: false };
  }
  // One statement either way: insert, or on a dedupe-key clash return the existing row's id.
  const row = await sql<{ id: number; inserted: boolean }>`
    with ins as (
      insert into outbox (tenant_id, topic, payload, dedupe_key, next_attempt_at)
      values (${message.tenantId}, ${message.topic}, ${payload}::jsonb, ${message.dedupeKey}, ${notBefore}::timestamptz)
      on conflict (topic, dedupe_key) do nothing
      returning id
    )
    select id, true as inserted from ins
    union all
    select id, false from outbox where topic = ${message.topic} and dedupe_key = ${message.dedupeKey} and not exists (select 1 from ins)`.execute(
    trx,
  );
  const first = row.rows[0];
  if (!first) throw new Error(`outbox: could not queue ${message.topic}/${message.dedupeKey}`);
  return { id: first.id, duplicate: !first.inserted };
}

/** A message as handed to its topic's handler. */
export interface OutboxMessage {
  /** Stable across retries: receivers drop a message whose id they have seen. */
  id: number;
  tenantId: number;
  topic: string;
  payload: Record<string, unknown>;
  /** 1 on the first delivery attempt. */
  attempt: number;
  createdAt: Date;
}

export type DeliveryLog = WorkerLog;

export interface DeliveryContext {
  config: {
    smtpUrl: string | undefined;
    mailFrom: string;
    smsGatewayUrl: string | undefined;
    nationalPortalUrl: string | undefined;
    env: string;
  };
  log: DeliveryLog;
  /**
   * The worker's database handle (its own small pool on PostgreSQL, so deliveries never wait
   * behind requests for a connection nor hold one a request needs); handlers that write use it.
   */
  db?: Kysely<DB>;
}

/**
 * What a handler reports: `sent` (delivered), or `dry_run` (nothing configured to deliver to:
 * kept with that status and logged, never retried). Throwing means "try again later";
 * throwing a PermanentDeliveryError means "never going to work" (dead at once).
 */
export type DeliveryResult = 'sent' | 'dry_run';
export type OutboxHandler = (
  message: OutboxMessage,
  context: DeliveryContext,
) => Promise<DeliveryResult | undefined>;

/** A failure retrying cannot fix (a 4xx answer, a malformed payload): the message goes dead. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/**
 * Delivers several messages of one topic at once, so the database work for a batch is a few
 * set-based statements instead of a few per message. Returns one outcome per message, in order:
 * a DeliveryResult, or the Error that message failed with (retried or dead on its own; the
 * others of the batch are recorded as delivered). Throwing instead means nothing was delivered
 * and nothing irreversible was done: the worker then delivers each message with the topic's
 * single-message handler, so one bad message cannot hold up the batch.
 */
export type OutboxBatchHandler = (
  messages: OutboxMessage[],
  context: DeliveryContext,
) => Promise<Array<DeliveryResult | Error>>;

const handlers = new Map<string, OutboxHandler>();
const batchHandlers = new Map<string, OutboxBatchHandler>();

/**
 * Registers the deliverer of a topic (one per topic; registering again replaces it), and
 * optionally its batch form (see OutboxBatchHandler), used when a round claims several messages
 * of the topic.
 */
export function registerOutboxHandler(
  topic: string,
  handler: OutboxHandler,
  batch?: OutboxBatchHandler,
): void {
  handlers.set(topic, handler);
  if (batch) batchHandlers.set(topic, batch);
  else batchHandlers.delete(topic);
}

export function outboxHandler(topic: string): OutboxHandler | undefined {
  return handlers.get(topic);
}

export function outboxBatchHandler(topic: string): OutboxBatchHandler | undefined {
  return batchHandlers.get(topic);
}
