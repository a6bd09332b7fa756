import { describe, expect, it } from 'vitest';
import { carryThroughLineage, type PreviousResult } from './results.js';

const result = (total: number, rank: number, points: Record<string, number>): PreviousResult => ({
  total,
  rank,
  of: 3,
  points,
});

describe('carryThroughLineage', () => {
  const previous = new Map<number, PreviousResult>([
    [1, result(80, 2, { a: 10, b: 70 })],
    [2, result(60, 3, { a: 5, b: 55 })],
    [3, result(90, 1, { a: 20, b: 70 })],
  ]);

  it("gives a unit formed by a merger the mean of its former units' totals and points, without a rank", () => {
    const carried = carryThroughLineage(previous, [
      { predecessorId: 1, successorId: 10 },
      { predecessorId: 2, successorId: 10 },
    ]);
    expect(carried.get(10)).toEqual({
      total: 70,
      rank: null,
      of: null,
      points: { a: 7.5, b: 62.5 },
      predecessors: 2,
    });
  });

  it("carries one predecessor's result, still without its rank among other peers", () => {
    const carried = carryThroughLineage(previous, [{ predecessorId: 3, successorId: 11 }]);
    expect(carried.get(11)).toMatchObject({ total: 90, rank: null, predecessors: 1 });
  });

  it('keeps a unit that has a result of its own (a department that absorbed another)', () => {
    const carried = carryThroughLineage(previous, [{ predecessorId: 2, successorId: 1 }]);
    expect(carried.get(1)).toEqual(previous.get(1));
  });

  it('ignores predecessors that had no result last year', () => {
    const carried = carryThroughLineage(previous, [{ predecessorId: 99, successorId: 12 }]);
    expect(carried.has(12)).toBe(false);
  });
});
