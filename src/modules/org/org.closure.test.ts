import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { AppError } from '../../platform/errors.js';
import { insertUnit } from './org.repository.js';
import { createTenant, updateUnit } from './org.service.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** The closure the parent column implies: every (ancestor, descendant, depth) pair. */
function expectedClosure(parents: Map<number, number | null>): string[] {
  const pairs: string[] = [];
  for (const id of parents.keys()) {
    let depth = 0;
    let at: number | null = id;
    const seen = new Set<number>();
    while (at !== null) {
      if (seen.has(at)) throw new Error('cycle in parents');
      seen.add(at);
      pairs.push(`${at}>${id}@${depth}`);
      at = parents.get(at) ?? null;
      depth++;
    }
  }
  return pairs.sort();
}

async function actualClosure(tenantId: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('unit_closure')
    .select(['ancestor_id', 'descendant_id', 'depth'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((r) => `${r.ancestor_id}>${r.descendant_id}@${r.depth}`).sort();
}

async function parentsOf(tenantId: number): Promise<Map<number, number | null>> {
  const rows = await database.db
    .selectFrom('units')
    .select(['id', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

let tenantSeq = 0;

describe('unit closure after moves', () => {
  it('equals the transitive parent relation after any sequence of moves, and refuses cycles', async () => {
    // A random tree (parent index < own index) and random moves (unit index, new parent index or root).
    const arb = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.record({
        parents: fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            i === 0 ? fc.constant(-1) : fc.integer({ min: -1, max: i - 1 }),
          ),
        ),
        moves: fc.array(
          fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: -1, max: n - 1 })),
          { minLength: 1, maxLength: 8 },
        ),
      }),
    );
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(arb, async ({ parents, moves }) => {
        tenantSeq++;
        const tenantId = await createTenant({
          db: database.db,
          code: `T${tenantSeq}`,
          name: `Tỉnh ${tenantSeq}`,
        });
        const ids: number[] = [];
        for (const [i, p] of parents.entries()) {
          ids.push(
            await insertUnit(database.db, {
              tenantId,
              parentId: p < 0 ? null : (ids[p] as number),
              kind: 'department',
              level: 'province',
              code: `U${tenantSeq}-${i}`,
              name: `Đơn vị ${i}`,
            }),
          );
        }
        expect(await actualClosure(tenantId)).toEqual(expectedClosure(await parentsOf(tenantId)));
        for (const [u, p] of moves) {
          const unitId = ids[u] as number;
          const parentId = p < 0 ? null : (ids[p] as number);
          const before = await parentsOf(tenantId);
          let wouldCycle = false;
          for (let at: number | null = parentId; at !== null; at = before.get(at) ?? null) {
            if (at === unitId) wouldCycle = true;
          }
          try {
            await updateUnit({
              db: database.db,
              actor: null,
              operator: true,
              tenantId,
              unitId,
              input: { parentId },
            });
            expect(wouldCycle).toBe(false);
          } catch (error) {
            expect(wouldCycle).toBe(true);
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe('rule_violation');
            refusals++;
          }
          expect(await actualClosure(tenantId)).toEqual(expectedClosure(await parentsOf(tenantId)));
        }
      }),
      { numRuns: 25 },
    );
    // The generator does produce refused moves (a unit under its own subtree).
    expect(refusals).toBeGreaterThan(0);
  }, 120_000);
});
