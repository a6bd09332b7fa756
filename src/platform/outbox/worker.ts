import { type Kysely, sql } from 'kysely';
import type { Config } from '../config.js';
import { maskLogObject, maskPersonalData } from '../crypto/redact.js';
import type { DB } from '../db/schema.js';
import './handlers.js';
import {
  type DeliveryContext,
  type DeliveryLog,
  type OutboxHandler,
  type OutboxMessage,
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
  /** Messages claimed per round (small, so a slow endpoint holds few). */
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
  batchSize: 10,
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

/**
 * One round of delivery: claims up to batchSize due messages with FOR UPDATE SKIP LOCKED (so
 * several workers or processes never take the same message), leasing them (attempts + 1,
 * next_attempt_at pushed by leaseMs) in a short transaction; delivers them outside any
 * transaction (a slow endpoint never holds a database connection or PGlite's single one); then
 * records the outcome: sent / dry_run (final), retry with back-off, or dead after maxAttempts
 * or a permanent failure. A crash between delivery and the outcome leaves the lease to expire
 * and the message is delivered again: at least once, never lost; a message marked sent is
 * never claimed again.
 */
export async function runOutboxRound(options: OutboxWorkerOptions): Promise<RoundResult> {
  const o = { ...OUTBOX_DEFAULTS, ...definedOnly(options) };
  const now = (options.now ?? (() => new Date()))();
  const random = options.random ?? Math.random;
  const log = options.log ?? consoleLog(options.config.logLevel);
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
  const context: DeliveryContext = { config: options.config, log };
  await Promise.all(
    claimed.rows.map(async (row) => {
      const message: OutboxMessage = {
        id: row.id,
        tenantId: row.tenant_id,
        topic: row.topic,
        payload: (typeof row.payload === 'string'
          ? JSON.parse(row.payload)
          : row.payload) as Record<string, unknown>,
        attempt: row.attempts,
        createdAt: new Date(row.created_at),
      };
      const handler = options.handlers?.[row.topic] ?? outboxHandler(row.topic);
      try {
        if (!handler) throw new Error(`no handler registered for topic ${row.topic}`);
        const outcome = (await handler(message, context)) ?? 'sent';
        const doneAt = (options.now ?? (() => new Date()))();
        await sql`
          update outbox set status = ${outcome}, sent_at = ${doneAt.toISOString()}::timestamptz, last_error = null
          where id = ${row.id} and status = 'pending'`.execute(options.db);
        if (outcome === 'dry_run') result.dryRun++;
        else result.sent++;
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError;
        const text = maskPersonalData(error instanceof Error ? error.message : String(error)).slice(
          0,
          2000,
        );
        if (permanent || row.attempts >= o.maxAttempts) {
          await sql`update outbox set status = 'dead', last_error = ${text} where id = ${row.id} and status = 'pending'`.execute(
            options.db,
          );
          log.warn(
            { outboxId: row.id, topic: row.topic, attempts: row.attempts, error: text },
            'outbox message dead',
          );
          result.dead++;
        } else {
          const next = new Date(
            now.getTime() +
              backoffMs(row.attempts, {
                baseDelayMs: o.baseDelayMs,
                maxDelayMs: o.maxDelayMs,
                random,
              }),
          );
          await sql`
            update outbox set next_attempt_at = ${next.toISOString()}::timestamptz, last_error = ${text}
            where id = ${row.id} and status = 'pending'`.execute(options.db);
          result.retried++;
        }
      }
    }),
  );
  return result;
}

export interface RunningWorker {
  name: string;
  stop(): Promise<void>;
}

/** Polls the outbox until stopped; a full batch is followed at once by the next round. */
export function startOutboxWorker(options: OutboxWorkerOptions): RunningWorker {
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const pollMs = options.pollMs ?? OUTBOX_DEFAULTS.pollMs;
  const log = options.log ?? consoleLog(options.config.logLevel);
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

/** The server's outbox worker (registered in WORKERS). */
export function outboxWorker(runtime: { ctx: { db: Kysely<DB> }; config: Config }): RunningWorker {
  return startOutboxWorker({ db: runtime.ctx.db, config: runtime.config });
}

const LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/** JSON lines on stdout in pino's shape, personal data masked, at the configured level. */
export function consoleLog(level: string): DeliveryLog {
  const threshold = LEVELS[level] ?? 30;
  const write = (lvl: number, object: Record<string, unknown>, msg: string) => {
    if (lvl < threshold) return;
    process.stdout.write(
      `${JSON.stringify({ level: lvl, time: Date.now(), name: 'outbox', ...maskLogObject(object), msg: maskPersonalData(msg) })}\n`,
    );
  };
  return {
    info: (object, msg) => write(30, object, msg),
    warn: (object, msg) => write(40, object, msg),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
