import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentSuccessors,
  formerPredecessors,
  type LineageEdge,
  type LineageGraph,
  lineageEdgeProblem,
  type UnitValidity,
} from './org.lineage.js';

function graph(units: UnitValidity[], edges: LineageEdge[]): LineageGraph {
  return { units: new Map(units.map((u) => [u.id, u])), edges };
}

const unit = (id: number, validFrom: string | null, validTo: string | null): UnitValidity => ({
  id,
  validFrom,
  validTo,
});

// Two reorganisations: communes 1 and 2 merged into commune 10 in 2020; district 3 split in
// 2020 into 11 and 12; in 2025 communes 10 and 11 merged into 20, 12 renamed to 21.
const twoReorganisations = graph(
  [
    unit(1, null, '2019-12-31'),
    unit(2, null, '2019-12-31'),
    unit(3, null, '2019-12-31'),
    unit(10, '2020-01-01', '2025-06-30'),
    unit(11, '2020-01-01', '2025-06-30'),
    unit(12, '2020-01-01', '2025-06-30'),
    unit(20, '2025-07-01', null),
    unit(21, '2025-07-01', null),
  ],
  [
    { predecessorId: 1, successorId: 10, kind: 'merged', effectiveOn: '2020-01-01' },
    { predecessorId: 2, successorId: 10, kind: 'merged', effectiveOn: '2020-01-01' },
    { predecessorId: 3, successorId: 11, kind: 'split', effectiveOn: '2020-01-01' },
    { predecessorId: 3, successorId: 12, kind: 'split', effectiveOn: '2020-01-01' },
    { predecessorId: 10, successorId: 20, kind: 'merged', effectiveOn: '2025-07-01' },
    { predecessorId: 11, successorId: 20, kind: 'merged', effectiveOn: '2025-07-01' },
    { predecessorId: 12, successorId: 21, kind: 'renamed', effectiveOn: '2025-07-01' },
  ],
);

describe('lineage across reorganisations', () => {
  it('follows a former commune through two reorganisations to the current unit', () => {
    const reached = currentSuccessors(twoReorganisations, 1, { asOf: '2025-08-01' });
    expect(reached.map((r) => r.unitId)).toEqual([20]);
    expect(reached[0]?.path.map((e) => [e.predecessorId, e.successorId])).toEqual([
      [1, 10],
      [10, 20],
    ]);
    expect(reached[0]?.partial).toBe(false);
  });

  it('gives the successor valid at the reference date, not the latest one', () => {
    expect(
      currentSuccessors(twoReorganisations, 1, { asOf: '2023-05-01' }).map((r) => r.unitId),
    ).toEqual([10]);
  });

  it('sends a split district to every current successor and marks the link partial', () => {
    const reached = currentSuccessors(twoReorganisations, 3, { asOf: '2025-08-01' });
    expect(reached.map((r) => r.unitId).sort()).toEqual([20, 21]);
    expect(reached.every((r) => r.partial)).toBe(true);
  });

  it('lists a still-valid unit as its own successor', () => {
    expect(currentSuccessors(twoReorganisations, 20, { asOf: '2025-08-01' })).toEqual([
      { unitId: 20, path: [], partial: false },
    ]);
  });

  it('gathers every former unit that fed a current one, nearest first', () => {
    const fed = formerPredecessors(twoReorganisations, 20);
    expect(fed.map((r) => r.unitId)).toEqual([10, 11, 1, 2, 3]);
    const byId = new Map(fed.map((r) => [r.unitId, r]));
    expect(byId.get(1)?.partial).toBe(false);
    // District 3 went to two successors: its data cannot all be attributed to 20.
    expect(byId.get(3)?.partial).toBe(true);
    // Commune 11 came from a split but went whole into 20.
    expect(byId.get(11)?.partial).toBe(false);
  });

  it('limits predecessors to edges in effect before a date', () => {
    expect(formerPredecessors(twoReorganisations, 20, { before: '2024-12-31' })).toEqual([]);
  });

  it('keeps a unit that transferred part of itself among the successors', () => {
    const g = graph(
      [unit(1, null, null), unit(2, null, null)],
      [{ predecessorId: 1, successorId: 2, kind: 'transferred', effectiveOn: '2025-07-01' }],
    );
    const reached = currentSuccessors(g, 1, { asOf: '2025-08-01' });
    expect(reached.map((r) => r.unitId)).toEqual([1, 2]);
    expect(reached[1]?.partial).toBe(true);
  });

  it('ends the walk on a cycle in bad data instead of looping', () => {
    const g = graph(
      [unit(1, null, '2020-01-01'), unit(2, null, '2020-01-01')],
      [
        { predecessorId: 1, successorId: 2, kind: 'merged', effectiveOn: '2020-01-01' },
        { predecessorId: 2, successorId: 1, kind: 'merged', effectiveOn: '2020-01-01' },
      ],
    );
    expect(currentSuccessors(g, 1, { asOf: '2025-01-01' })).toEqual([]);
    expect(formerPredecessors(g, 1).map((r) => r.unitId)).toEqual([2]);
  });

  it('refuses an edge that succeeds itself or closes a cycle', () => {
    expect(
      lineageEdgeProblem(twoReorganisations, {
        predecessorId: 5,
        successorId: 5,
        kind: 'merged',
        effectiveOn: '2025-07-01',
      }),
    ).toMatch(/itself/);
    expect(
      lineageEdgeProblem(twoReorganisations, {
        predecessorId: 20,
        successorId: 1,
        kind: 'merged',
        effectiveOn: '2026-01-01',
      }),
    ).toMatch(/cycle/);
    expect(
      lineageEdgeProblem(twoReorganisations, {
        predecessorId: 21,
        successorId: 20,
        kind: 'merged',
        effectiveOn: '2026-01-01',
      }),
    ).toBeNull();
  });

  it('finds as current successors exactly the valid units reachable by edges (random chains)', () => {
    // Random layered lineage: layer k units end the day before layer k+1 starts.
    const arb = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 })
      .chain((widths) =>
        fc
          .array(fc.tuple(fc.nat(), fc.nat()), {
            minLength: widths.length * 2,
            maxLength: widths.length * 6,
          })
          .map((pairs) => ({ widths, pairs })),
      );
    fc.assert(
      fc.property(arb, ({ widths, pairs }) => {
        const layers: number[][] = [];
        let next = 1;
        for (const w of widths) layers.push(Array.from({ length: w }, () => next++));
        const units: UnitValidity[] = [];
        layers.forEach((layer, k) => {
          const from = k === 0 ? null : `${2000 + k}-01-01`;
          const to = k === layers.length - 1 ? null : `${2000 + k}-12-31`;
          for (const id of layer) units.push(unit(id, from, to));
        });
        const edges: LineageEdge[] = [];
        for (const [a, b] of pairs) {
          const k = a % (layers.length - 1);
          const from = layers[k] as number[];
          const to = layers[k + 1] as number[];
          edges.push({
            predecessorId: from[b % from.length] as number,
            successorId: to[a % to.length] as number,
            kind: 'merged',
            effectiveOn: `${2001 + k}-01-01`,
          });
        }
        const g = graph(units, edges);
        const last = new Set(layers[layers.length - 1]);
        for (const start of layers[0] as number[]) {
          // Reachability by plain fixpoint, independent of the walk under test.
          const reach = new Set([start]);
          for (let changed = true; changed; ) {
            changed = false;
            for (const e of edges) {
              if (reach.has(e.predecessorId) && !reach.has(e.successorId)) {
                reach.add(e.successorId);
                changed = true;
              }
            }
          }
          const expected = [...reach].filter((id) => last.has(id)).sort((x, y) => x - y);
          const got = currentSuccessors(g, start, { asOf: '2100-01-01' })
            .map((r) => r.unitId)
            .sort((x, y) => x - y);
          expect(got).toEqual(expected);
          for (const id of expected) {
            expect(formerPredecessors(g, id).some((r) => r.unitId === start)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
