import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { createTestDatabase } from '../db/testing.js';
import {
  backoffMs,
  deliverHttp,
  enqueue,
  type OutboxHandler,
  type OutboxWorkerOptions,
  PermanentDeliveryError,
  runOutboxRound,
  startOutboxWorker,
} from './index.js';

let database: Database;
let tenantId: number;
let server: Server;
let url: string;
/** What the endpoint answers next (status codes, consumed in order; then 200). */
let script: number[] = [];
const received: Array<{
  messageId: string;
  key: string | undefined;
  body: Record<string, unknown>;
}> = [];

const config = loadConfig({}, { NODE_ENV: 'test' });
const silent = { info() {}, warn() {} };

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = (
    await database.db
      .insertInto('tenants')
      .values({ code: 'O', name: 'O', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const status = script.shift() ?? 200;
      if (status === 200) {
        const body = JSON.parse(text) as Record<string, unknown>;
        received.push({
          messageId: String(body.messageId),
          key: request.headers['idempotency-key'] as string | undefined,
          body,
        });
      }
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(status === 200 ? '{"ok":true}' : '{"error":"down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});

const httpHandler: OutboxHandler = async (message) => {
  await deliverHttp({ url, messageId: message.id, body: message.payload });
  return 'sent';
};

function options(at: Date, extra: Partial<OutboxWorkerOptions> = {}): OutboxWorkerOptions {
  return {
    db: database.db,
    config,
    log: silent,
    handlers: { hook: httpHandler },
    now: () => at,
    random: () => 1,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    ...extra,
  };
}

/** Queued as due since 2025, so the pinned clocks below find it due. */
function queue(topic: string, payload: Record<string, unknown>) {
  return enqueue(database.db, {
    tenantId,
    topic,
    payload,
    notBefore: new Date('2025-01-01T00:00:00Z'),
  });
}

async function row(id: number) {
  return database.db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('enqueue', () => {
  it('queues in the caller transaction and not at all when it rolls back', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueue(trx, {
          tenantId,
          topic: 'hook',
          payload: { n: 0 },
          dedupeKey: 'rolled-back',
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(
      await database.db
        .selectFrom('outbox')
        .select('id')
        .where('dedupe_key', '=', 'rolled-back')
        .execute(),
    ).toHaveLength(0);
  });

  it('returns the first message for a repeated dedupe key', async () => {
    const a = await enqueue(database.db, {
      tenantId,
      topic: 'dedupe',
      payload: { n: 1 },
      dedupeKey: 'k1',
    });
    const b = await enqueue(database.db, {
      tenantId,
      topic: 'dedupe',
      payload: { n: 2 },
      dedupeKey: 'k1',
    });
    expect(b).toEqual({ id: a.id, duplicate: true });
    expect(a.duplicate).toBe(false);
    await database.db.deleteFrom('outbox').where('topic', '=', 'dedupe').execute();
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap with at most half of it random', () => {
    const o = { baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, { ...o, random: () => 1 }))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffMs(3, { ...o, random: () => 0 })).toBe(2000);
  });
});

describe('delivery', () => {
  it('retries a failing endpoint with growing back-off, then delivers once with the message id', async () => {
    const { id } = await queue('hook', { dossier: 'X-1' });
    script = [500, 503, 429];
    let at = new Date('2025-05-05T01:00:00Z');
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const r = await runOutboxRound(options(at));
      expect(r).toMatchObject({ claimed: 1, retried: 1 });
      const after = await row(id);
      expect(after.attempts).toBe(attempt);
      expect(after.status).toBe('pending');
      expect(after.last_error).toMatch(/answered (500|503|429)/);
      delays.push(new Date(after.next_attempt_at).getTime() - at.getTime());
      // Not due yet: nothing is claimed just before the back-off ends.
      expect(
        (await runOutboxRound(options(new Date(new Date(after.next_attempt_at).getTime() - 1))))
          .claimed,
      ).toBe(0);
      at = new Date(after.next_attempt_at);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    const done = await runOutboxRound(options(at));
    expect(done).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 4, last_error: null });
    const got = received.filter((m) => m.messageId === `outbox-${id}`);
    expect(got).toHaveLength(1);
    expect(got[0]!.key).toBe(`outbox-${id}`);
    expect(got[0]!.body.dossier).toBe('X-1');
  });

  it('never sends a sent message again, even from a new worker after a restart', async () => {
    const { id } = await queue('hook', { once: true });
    await runOutboxRound(options(new Date('2025-05-06T00:00:00Z')));
    for (let restart = 0; restart < 3; restart++) {
      expect((await runOutboxRound(options(new Date('2030-01-01T00:00:00Z')))).claimed).toBe(0);
    }
    expect(received.filter((m) => m.messageId === `outbox-${id}`)).toHaveLength(1);
  });

  it('dead-letters after maxAttempts with the last error', async () => {
    const { id } = await queue('hook', { doomed: true });
    script = Array(5).fill(502);
    let at = new Date('2025-05-07T00:00:00Z');
    for (let i = 0; i < 5; i++) {
      await runOutboxRound(options(at, { maxAttempts: 5 }));
      at = new Date(at.getTime() + 3_600_000);
    }
    expect(await row(id)).toMatchObject({
      status: 'dead',
      attempts: 5,
      last_error: expect.stringContaining('answered 502'),
    });
    expect(
      (await runOutboxRound(options(new Date('2031-01-01T00:00:00Z'), { maxAttempts: 5 }))).claimed,
    ).toBe(0);
    script = [];
  });

  it('dead-letters at once on a permanent failure (4xx)', async () => {
    const { id } = await queue('hook', { rejected: true });
    script = [422];
    await runOutboxRound(options(new Date('2025-05-08T00:00:00Z')));
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('offers a message again when its worker died mid-delivery (lease expired)', async () => {
    const { id } = await queue('crashy', {});
    const crash: OutboxHandler = () => new Promise(() => {});
    const at = new Date('2025-05-09T00:00:00Z');
    void runOutboxRound(options(at, { handlers: { crashy: crash }, leaseMs: 60_000 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      (
        await runOutboxRound(
          options(new Date(at.getTime() + 30_000), { handlers: { crashy: async () => 'sent' } }),
        )
      ).claimed,
    ).toBe(0);
    const later = await runOutboxRound(
      options(new Date(at.getTime() + 61_000), { handlers: { crashy: async () => 'sent' } }),
    );
    expect(later).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('records e-mail and SMS as dry_run when no SMTP or SMS gateway is configured', async () => {
    const mail = await queue('email', { to: 'a@b.vn', subject: 'Chào', text: 'Xin chào' });
    const sms = await queue('sms', { to: '0912345678', text: 'Xin chào' });
    const logged: string[] = [];
    await runOutboxRound(
      options(new Date('2025-05-10T00:00:00Z'), {
        handlers: {},
        log: { info: (o, m) => logged.push(`${JSON.stringify(o)} ${m}`), warn() {} },
      }),
    );
    expect(await row(mail.id)).toMatchObject({ status: 'dry_run' });
    expect(await row(sms.id)).toMatchObject({ status: 'dry_run' });
    expect(logged.join('\n')).toContain('091****678');
    expect(logged.join('\n')).not.toContain('0912345678');
  });

  it('posts SMS to the configured gateway', async () => {
    const { id } = await queue('sms', { to: '0987654321', text: 'Mã 123456' });
    await runOutboxRound(
      options(new Date('2025-05-11T00:00:00Z'), {
        handlers: {},
        config: { ...config, smsGatewayUrl: url },
      }),
    );
    expect(await row(id)).toMatchObject({ status: 'sent' });
    expect(received.find((m) => m.messageId === `outbox-${id}`)?.body).toMatchObject({
      to: '0987654321',
      text: 'Mã 123456',
    });
  });

  it('dead-letters a malformed message at once', async () => {
    const { id } = await queue('sms', { text: 'no recipient' });
    await runOutboxRound(options(new Date('2025-05-12T00:00:00Z'), { handlers: {} }));
    expect(await row(id)).toMatchObject({
      status: 'dead',
      last_error: expect.stringContaining('has no to'),
    });
    expect(new PermanentDeliveryError('x')).toBeInstanceOf(Error);
  });

  it('delivers a topic through its batch handler and retries only the message that failed', async () => {
    const at = new Date('2032-01-01T00:00:00Z');
    const ids = [
      (await queue('bulk', { n: 1 })).id,
      (await queue('bulk', { n: 2, fail: true })).id,
      (await queue('bulk', { n: 3 })).id,
    ];
    const batches: number[][] = [];
    await runOutboxRound(
      options(at, {
        handlers: {
          bulk: async () => {
            throw new Error('the single-message handler is not used when the batch succeeds');
          },
        },
        batchHandlers: {
          bulk: async (messages) => {
            batches.push(messages.map((m) => m.id));
            return messages.map((m) => (m.payload.fail ? new Error('rejected n=2') : 'sent'));
          },
        },
      }),
    );
    expect(batches).toEqual([ids]);
    const [a, b, c] = await Promise.all(ids.map(row));
    expect([a?.status, c?.status]).toEqual(['sent', 'sent']);
    expect(a?.sent_at).toBeTruthy();
    expect(b).toMatchObject({ status: 'pending', attempts: 1, last_error: 'rejected n=2' });
    expect(new Date(b!.next_attempt_at).getTime()).toBe(at.getTime() + 1000);
    // Its retry, alone in its round, goes through the single-message handler.
    const retry = await runOutboxRound(
      options(new Date(at.getTime() + 1000), { handlers: { bulk: async () => 'sent' } }),
    );
    expect(retry).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(ids[1]!)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('delivers one message at a time when the batch handler throws, each failing alone', async () => {
    const at = new Date('2032-02-01T00:00:00Z');
    const ids = [
      (await queue('bulk2', { n: 1 })).id,
      (await queue('bulk2', { n: 2, fail: true })).id,
      (await queue('bulk2', { n: 3 })).id,
    ];
    const singles: number[] = [];
    const round = await runOutboxRound(
      options(at, {
        handlers: {
          bulk2: async (message) => {
            singles.push(message.id);
            if (message.payload.fail) throw new PermanentDeliveryError('malformed n=2');
            return 'dry_run';
          },
        },
        batchHandlers: {
          bulk2: async () => {
            throw new Error('database went away');
          },
        },
      }),
    );
    expect(round).toMatchObject({ claimed: 3, dryRun: 2, dead: 1, retried: 0 });
    expect(singles.sort((x, y) => x - y)).toEqual(ids);
    const [a, b, c] = await Promise.all(ids.map(row));
    expect([a?.status, b?.status, c?.status]).toEqual(['dry_run', 'dead', 'dry_run']);
    expect(b?.last_error).toBe('malformed n=2');
  });

  it('delivers 60 messages exactly once with three workers polling at the same time', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push((await queue('hook', { i })).id);
    const workers = [0, 1, 2].map(() =>
      startOutboxWorker({
        db: database.db,
        config,
        log: silent,
        handlers: { hook: httpHandler },
        pollMs: 20,
        batchSize: 5,
      }),
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const pending = await database.db
        .selectFrom('outbox')
        .select('id')
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .execute();
      if (pending.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(workers.map((w) => w.stop()));
    const counts = new Map<string, number>();
    for (const m of received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    expect(ids.map((id) => counts.get(`outbox-${id}`))).toEqual(ids.map(() => 1));
  });
});
