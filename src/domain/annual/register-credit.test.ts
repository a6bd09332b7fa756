import { describe, expect, it } from 'vitest';
import { doneOnTimeRate, initiativesFiledRate } from '../registers/index.js';
import { creditPredecessorItems, edgesEffectiveIn, type RegisterItemCounts } from './index.js';

const counts = (
  initiativesFiled: number,
  recommendations: [number, number, number] = [0, 0, 0],
  tasks: [number, number, number] = [0, 0, 0],
): RegisterItemCounts => ({
  initiativesFiled,
  recommendations: {
    due: recommendations[0],
    doneOnTime: recommendations[1],
    pending: recommendations[2],
  },
  tasks: { due: tasks[0], doneOnTime: tasks[1], pending: tasks[2] },
});

describe('edgesEffectiveIn', () => {
  it('keeps the edges effective from 1 January to 31 December of the year', () => {
    const edges = [
      { predecessorId: 1, successorId: 9, effectiveOn: '2024-12-31' },
      { predecessorId: 2, successorId: 9, effectiveOn: '2025-01-01' },
      { predecessorId: 3, successorId: 9, effectiveOn: '2025-07-01' },
      { predecessorId: 4, successorId: 9, effectiveOn: '2025-12-31' },
      { predecessorId: 5, successorId: 9, effectiveOn: '2026-01-01' },
    ];
    expect(edgesEffectiveIn(edges, 2025).map((e) => e.predecessorId)).toEqual([2, 3, 4]);
  });
});

describe('creditPredecessorItems', () => {
  // Commune 10 formed on 1 July 2025 from communes 1, 2 and 3; commune 1 filed an initiative in
  // March, commune 2 had recommendations, commune 3 nothing at all.
  const merger = [
    { predecessorId: 1, successorId: 10 },
    { predecessorId: 2, successorId: 10 },
    { predecessorId: 3, successorId: 10 },
  ];

  it('counts a commune formed by a merger as having filed when one of its former communes did', () => {
    const credited = creditPredecessorItems(new Map([[1, counts(1)]]), merger, new Set([10]));
    expect(credited.get(10)?.initiativesFiled).toBe(1);
    expect(initiativesFiledRate(credited.get(10)?.initiativesFiled ?? 0)).toBe(100);
    // Without the lineage the new commune has nothing of its own.
    expect(creditPredecessorItems(new Map([[1, counts(1)]]), [], new Set([10])).has(10)).toBe(
      false,
    );
  });

  it("adds the predecessors' recommendations and tasks to the successor's own, count by count", () => {
    const credited = creditPredecessorItems(
      new Map([
        [1, counts(0, [2, 2, 0], [1, 0, 0])],
        [2, counts(0, [3, 1, 1])],
        [10, counts(1, [1, 1, 0], [2, 2, 0])],
      ]),
      merger,
      new Set([10]),
    );
    expect(credited.get(10)).toEqual(counts(1, [6, 4, 1], [3, 2, 0]));
    // 4 of the 5 judged recommendations (one is still pending): 80 %.
    expect(doneOnTimeRate(credited.get(10)?.recommendations)).toBe(80);
    // The former communes keep their own counts (they are not assessed).
    expect(credited.get(2)).toEqual(counts(0, [3, 1, 1]));
  });

  it('follows a chain of reorganisations within the year, counting each former unit once', () => {
    const credited = creditPredecessorItems(
      new Map([
        [1, counts(1)],
        [2, counts(1)],
        [5, counts(0, [1, 1, 0])],
      ]),
      [
        { predecessorId: 1, successorId: 5 }, // 1 merged into 5 in March
        { predecessorId: 2, successorId: 5 },
        { predecessorId: 5, successorId: 10 }, // 5 renamed 10 in July
        { predecessorId: 1, successorId: 10 }, // a second path to 1 is not counted twice
      ],
      new Set([10]),
    );
    expect(credited.get(10)).toEqual(counts(2, [1, 1, 0]));
  });

  it('leaves the items of a predecessor that is itself assessed with it (a transfer, a partial split)', () => {
    const credited = creditPredecessorItems(
      new Map([
        [1, counts(1, [2, 1, 0])],
        [10, counts(0, [1, 1, 0])],
      ]),
      [{ predecessorId: 1, successorId: 10 }],
      new Set([1, 10]),
    );
    expect(credited.get(1)).toEqual(counts(1, [2, 1, 0]));
    expect(credited.get(10)).toEqual(counts(0, [1, 1, 0]));
  });

  it('does not loop on a cycle of edges', () => {
    const credited = creditPredecessorItems(
      new Map([[1, counts(1)]]),
      [
        { predecessorId: 1, successorId: 2 },
        { predecessorId: 2, successorId: 1 },
        { predecessorId: 2, successorId: 10 },
      ],
      new Set([10]),
    );
    expect(credited.get(10)?.initiativesFiled).toBe(1);
  });
});
