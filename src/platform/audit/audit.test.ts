import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createTestDatabase } from '../db/testing.js';
import { canonicalJson, chainHash, recordAudit, verifyAuditChain } from './index.js';

let database: Database;
let tenantId: number;
let otherTenant: number;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = (
    await database.db
      .insertInto('tenants')
      .values({ code: 'A', name: 'A', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  otherTenant = (
    await database.db
      .insertInto('tenants')
      .values({ code: 'B', name: 'B', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await database?.close();
});

/** Hand edits as an operator would make them (past the append-only trigger). */
async function byHand(statement: string): Promise<void> {
  await database.exec(`begin; set local motcua.audit_maintenance = 'on'; ${statement}; commit;`);
}

describe('canonical JSON', () => {
  it('sorts keys recursively and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":"é","z":1}]},"b":1}',
    );
  });
});

describe('recordAudit', () => {
  it('chains rows of a stream: seq 1, 2, 3 and each prev_hash is the previous hash', async () => {
    const rows = [];
    for (let i = 0; i < 3; i++) {
      rows.push(
        await database.db.transaction().execute((trx) =>
          recordAudit(trx, {
            tenantId,
            actorId: 7,
            unitId: null,
            action: 'thing.changed',
            entity: 'thing',
            entityId: 1,
            before: { n: i },
            after: { n: i + 1, ký_tự: 'Sở Tư pháp' },
            requestId: `r${i}`,
          }),
        ),
      );
    }
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    const stored = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('stream', '=', 'thing:1')
      .orderBy('seq')
      .execute();
    expect(stored[0]!.prev_hash).toBeNull();
    expect(stored[1]!.prev_hash).toBe(stored[0]!.hash);
    expect(stored[2]!.prev_hash).toBe(stored[1]!.hash);
    // The hash computed in SQL is the one a verifier computes in JavaScript.
    expect(stored[1]!.hash).toBe(chainHash(stored[0]!.hash, canonicalJson(stored[1]!.data)));
    expect(stored[2]!.actor_id).toBe(7);
    expect(stored[2]!.request_id).toBe('r2');
  });

  it('rolls back with the caller transaction', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, {
          tenantId,
          actorId: null,
          action: 'x',
          entity: 'rolled',
          entityId: 1,
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const n = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('stream', '=', 'rolled:1')
      .execute();
    expect(n).toHaveLength(0);
  });

  it('gives 30 concurrent writers of one stream 30 consecutive seqs and a valid chain', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          await recordAudit(trx, {
            tenantId,
            actorId: i,
            action: 'race',
            entity: 'race',
            entityId: 1,
            after: { i },
          });
        }),
      ),
    );
    const seqs = await database.db
      .selectFrom('audit_log')
      .select('seq')
      .where('stream', '=', 'race:1')
      .orderBy('seq')
      .execute();
    expect(seqs.map((s) => s.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('refuses updates and deletes without the maintenance setting', async () => {
    await expect(sql`update audit_log set action = 'forged'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

describe('verifyAuditChain', () => {
  async function stream(entity: string, n: number, tenant = tenantId): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = await recordAudit(database.db, {
        tenantId: tenant,
        actorId: 1,
        action: 'step',
        entity,
        entityId: 9,
        after: { step: i },
      });
      ids.push(row.id);
    }
    return ids;
  }

  it('reports OK with the number of rows and streams, per tenant or for all', async () => {
    await stream('counted', 4, otherTenant);
    const other = await verifyAuditChain(database.db, { tenantId: otherTenant });
    expect(other).toEqual({ ok: true, rows: 4, streams: 1 });
    const all = await verifyAuditChain(database.db, { pageSize: 7 });
    expect(all.ok).toBe(true);
    expect(all.rows).toBeGreaterThan(4);
  });

  it('names exactly the row whose data was edited by hand', async () => {
    const ids = await stream('edited', 5);
    await byHand(
      `update audit_log set data = jsonb_set(data, '{after,step}', '99') where id = ${ids[2]}`,
    );
    const result = await verifyAuditChain(database.db, { pageSize: 3 });
    expect(result.ok).toBe(false);
    expect(result.broken).toMatchObject({
      stream: 'edited:9',
      seq: 3,
      id: ids[2],
      problem: 'hash_mismatch',
    });
    await byHand(`delete from audit_log where stream = 'edited:9'`);
  });

  it('reports the gap where a middle row was deleted', async () => {
    const ids = await stream('deleted', 5);
    await byHand(`delete from audit_log where id = ${ids[1]}`);
    const result = await verifyAuditChain(database.db);
    expect(result.broken).toMatchObject({
      stream: 'deleted:9',
      seq: 3,
      id: ids[2],
      problem: 'gap',
    });
    await byHand(`delete from audit_log where stream = 'deleted:9'`);
  });

  it('catches a forger who recomputes the edited row hash: the next row link breaks', async () => {
    const ids = await stream('forged', 3);
    const row = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', ids[1]!)
      .executeTakeFirstOrThrow();
    const data = { ...(row.data as Record<string, unknown>), after: { step: 42 } };
    const hash = chainHash(row.prev_hash, canonicalJson(data));
    await byHand(
      `update audit_log set data = '${JSON.stringify(data)}'::jsonb, hash = '${hash}' where id = ${ids[1]}`,
    );
    const result = await verifyAuditChain(database.db);
    expect(result.broken).toMatchObject({
      stream: 'forged:9',
      seq: 3,
      id: ids[2],
      problem: 'prev_link',
    });
    await byHand(`delete from audit_log where stream = 'forged:9'`);
  });

  it('catches a column changed without touching the hashed data', async () => {
    const ids = await stream('actor', 2);
    await byHand(`update audit_log set actor_id = 666 where id = ${ids[0]}`);
    const result = await verifyAuditChain(database.db);
    expect(result.broken).toMatchObject({
      stream: 'actor:9',
      seq: 1,
      id: ids[0],
      problem: 'column_mismatch',
    });
    await byHand(`delete from audit_log where stream = 'actor:9'`);
  });
});
