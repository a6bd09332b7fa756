import { type Kysely, sql } from 'kysely';
import type { Config } from '../config.js';
import { maskPersonalData } from '../crypto/redact.js';
import type { DB } from '../db/schema.js';
import { consoleLog, type Worker } from '../worker.js';
import './handlers.js';
import {
  type DeliveryContext,
  type DeliveryLog,
  type DeliveryResult,
  type OutboxBatchHandler,
  type OutboxHandler,
  type OutboxMessage,
  outboxBatchHandler,
  outboxHandler,
  PermanentDeliveryError,
} from './outbox.js';

export interface OutboxWorkerOptions {
  db: Kysely<DB>;
  config: Pick<
    Config,
    'smtpUrl' | 'mailFrom' | 'smsGatewayUrl' | 'nationalPortalUrl' | 'env' | 'logLevel'
  >;
  log?: DeliveryLog;
  /** Handlers by topic instead of the registered ones (tests). */
  handlers?: Record<string, OutboxHandler>;
  /** Batch handlers for topics given in `handlers` (tests). */
  batchHandlers?: Record<string, OutboxBatchHandler>;
  /**
   * Messages claimed per round. 50: a round costs a fixed handful of round trips (claim, the
   * batch handlers' set-based writes, one outcome update), so larger rounds are cheaper per
   * message (dossier.status: 3.3 round trips per message one by one, 0.6 in rounds of 10, 0.12
   * in rounds of 50); still bounded, since a round's HTTP deliveries run at once and its outcomes
   * are written when the slowest answers (10 s timeout, well inside the lease).
   */
  batchSize?: number;
  /** Pause between rounds when there was nothing (more) to do. */
  pollMs?: number;
  /** Attempts before a message is dead. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A claimed message is offered again after this long if its worker died mid-delivery. */
  leaseMs?: number;
  now?: () => Date;
  /** [0, 1); jitter source (tests pin it). */
  random?: () => number;
}

export interface RoundResult {
  claimed: number;
  sent: number;
  dryRun: number;
  retried: number;
  dead: number;
}

export const OUTBOX_DEFAULTS = {
  batchSize: 50,
  pollMs: 1000,
  maxAttempts: 8,
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
} as const;

/**
 * Delay before attempt `attempts + 1`: exponential (base · 2^(attempts−1), capped) with "equal
 * jitter" (half fixed, half random), so many messages failing together do not retry together.
 */
export function backoffMs(
  attempts: number,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const exponential = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.max(0, attempts - 1),
  );
  return Math.round(exponential / 2 + (exponential / 2) * options.random());
}

type Outcome = { ok: true; result: DeliveryResult } | { ok: false; error: unknown };

/**
 * One round of delivery: claims up to batchSize due messages with FOR UPDATE SKIP LOCKED (so
 * several workers or processes never take the same message), leasing them (attempts + 1,
 * next_attempt_at pushed by leaseMs) in one statement; delivers them outside any transaction (a
 * slow endpoint never holds a database connection or PGlite's single one), a topic's messages
 * together through its batch handler when it has one; then records every outcome in one
 * statement: sent / dry_run (final), retry with back-off, or dead after maxAttempts or a
 * permanent failure. A crash between delivery and the outcome leaves the lease to expire and
 * the message is delivered again: at least once, never lost; a message marked sent is never
 * claimed again.
 */
export async function runOutboxRound(options: OutboxWorkerOptions): Promise<RoundResult> {
  const o = { ...OUTBOX_DEFAULTS, ...definedOnly(options) };
  const now = (options.now ?? (() => new Date()))();
  const random = options.random ?? Math.random;
  const log = options.log ?? consoleLog(options.config.logLevel, 'outbox');
  const claimed = await sql<{
    id: number;
    tenant_id: number;
    topic: string;
    payload: unknown;
    attempts: number;
    created_at: Date;
  }>`
    update outbox as o set attempts = o.attempts + 1, next_attempt_at = ${new Date(now.getTime() + o.leaseMs).toISOString()}::timestamptz
    from (
      select id from outbox
      where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at, id
      limit ${o.batchSize}
      for update skip locked
    ) as due
    where o.id = due.id
    returning o.id, o.tenant_id, o.topic, o.payload, o.attempts, o.created_at`.execute(options.db);
  const result: RoundResult = {
    claimed: claimed.rows.length,
    sent: 0,
    dryRun: 0,
    retried: 0,
    dead: 0,
  };
  if (claimed.rows.length === 0) return result;
  const context: DeliveryContext = { config: options.config, log, db: options.db };
  const byTopic = new Map<string, OutboxMessage[]>();
  for (const row of claimed.rows) {
    const message: OutboxMessage = {
      id: row.id,
      tenantId: row.tenant_id,
      topic: row.topic,
      payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<
        string,
        unknown
      >,
      attempt: row.attempts,
      createdAt: new Date(row.created_at),
    };
    const group = byTopic.get(row.topic);
    if (group) group.push(message);
    else byTopic.set(row.topic, [message]);
  }
  const outcomes = new Map<number, Outcome>();
  await Promise.all(
    [...byTopic].map(async ([topic, messages]) => {
      const delivered = await deliverTopic(topic, messages, context, options);
      for (const [i, message] of messages.entries()) outcomes.set(message.id, delivered[i]!);
    }),
  );
  const doneAt = (options.now ?? (() => new Date()))();
  const updates: Array<{
    id: number;
    status: string;
    last_error: string | null;
    next_attempt_at: string | null;
  }> = [];
  for (const row of claimed.rows) {
    const outcome = outcomes.get(row.id)!;
    if (outcome.ok) {
      updates.push({ id: row.id, status: outcome.result, last_error: null, next_attempt_at: null });
      if (outcome.result === 'dry_run') result.dryRun++;
      else result.sent++;
      continue;
    }
    const error = outcome.error;
    const permanent = error instanceof PermanentDeliveryError;
    const text = maskPersonalData(error instanceof Error ? error.message : String(error)).slice(
      0,
      2000,
    );
    if (permanent || row.attempts >= o.maxAttempts) {
      updates.push({ id: row.id, status: 'dead', last_error: text, next_attempt_at: null });
      log.warn(
        { outboxId: row.id, topic: row.topic, attempts: row.attempts, error: text },
        'outbox message dead',
      );
      result.dead++;
    } else {
      const next = new Date(
        now.getTime() +
          backoffMs(row.attempts, { baseDelayMs: o.baseDelayMs, maxDelayMs: o.maxDelayMs, random }),
      );
      updates.push({
        id: row.id,
        status: 'pending',
        last_error: text,
        next_attempt_at: next.toISOString(),
      });
      result.retried++;
    }
  }
  // Every outcome of the round in one statement (one round trip, however many messages). The
  // JSON parameter keeps the statement text the same for any batch size, so it stays prepared.
  // `status = 'pending'` leaves alone a message an operator changed meanwhile.
  await sql`
    update outbox as o set
      status = v.status,
      sent_at = case when v.status in ('sent', 'dry_run') then ${doneAt.toISOString()}::timestamptz else o.sent_at end,
      last_error = v.last_error,
      next_attempt_at = coalesce(v.next_attempt_at, o.next_attempt_at)
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
      as v(id bigint, status text, last_error text, next_attempt_at timestamptz)
    where o.id = v.id and o.status = 'pending'`.execute(options.db);
  return result;
}

/**
 * Delivers one topic's messages of a round: through the topic's batch handler when there are
 * several and it has one, falling back to one message at a time if the batch handler throws;
 * otherwise each message through the topic's handler, concurrently. Never throws.
 */
async function deliverTopic(
  topic: string,
  messages: OutboxMessage[],
  context: DeliveryContext,
  options: OutboxWorkerOptions,
): Promise<Outcome[]> {
  const own = options.handlers?.[topic];
  const handler = own ?? outboxHandler(topic);
  // A test's own handler for a topic replaces the registered pair, batch form included.
  const batch = own ? options.batchHandlers?.[topic] : outboxBatchHandler(topic);
  if (batch && messages.length > 1) {
    try {
      const results = await batch(messages, context);
      if (results.length !== messages.length)
        throw new Error(`batch handler returned ${results.length} outcomes for ${messages.length}`);
      return results.map(
        (r): Outcome => (r instanceof Error ? { ok: false, error: r } : { ok: true, result: r }),
      );
    } catch (error) {
      context.log.warn(
        { topic, messages: messages.length, error: (error as Error).message },
        'outbox batch failed; delivering its messages one by one',
      );
    }
  }
  return Promise.all(
    messages.map(async (message): Promise<Outcome> => {
      try {
        if (!handler) throw new Error(`no handler registered for topic ${topic}`);
        return { ok: true, result: (await handler(message, context)) ?? 'sent' };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
}

/** Polls the outbox until stopped; a full batch is followed at once by the next round. */
export function startOutboxWorker(options: OutboxWorkerOptions): Worker {
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const pollMs = options.pollMs ?? OUTBOX_DEFAULTS.pollMs;
  const log = options.log ?? consoleLog(options.config.logLevel, 'outbox');
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      try {
        const round = await runOutboxRound({ ...options, log });
        if (round.claimed === batchSize) continue;
      } catch (error) {
        if (stopped) break;
        log.warn({ error: (error as Error).message }, 'outbox round failed');
      }
      if (!stopped) await sleep(pollMs);
    }
  })();
  return {
    name: 'outbox',
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/**
 * The server's outbox worker (registered in WORKERS), on the database's background handle: its
 * own two connections on PostgreSQL, so delivery neither starves requests of the pool nor waits
 * behind them.
 */
export function outboxWorker(runtime: {
  database: { background(): Kysely<DB> };
  config: Config;
}): Worker {
  return startOutboxWorker({ db: runtime.database.background(), config: runtime.config });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
