import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideSessionChange,
  RECEPTION_STATES,
  type ReceptionTally,
  subtreeIds,
  summariseReception,
  yearRange,
} from './index.js';

// province 1 ─┬─ justice 2 ── legal aid 4
//             └─ construction 3
const units = [
  { id: 1, parentId: null, code: 'P' },
  { id: 2, parentId: 1, code: 'J' },
  { id: 4, parentId: 2, code: 'J.A' },
  { id: 3, parentId: 1, code: 'C' },
];
const tally = (
  unitId: number,
  state: ReceptionTally['state'],
  sessions: number,
  citizensReceived = 0,
  casesNoted = 0,
): ReceptionTally => ({ unitId, state, sessions, citizensReceived, casesNoted });

describe('yearly reception statistics', () => {
  it('bounds a year from 1 January to 31 December', () => {
    expect(yearRange(2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('finds a subtree by parent links, or every unit without roots', () => {
    expect([...subtreeIds(units, [2])].sort()).toEqual([2, 4]);
    expect([...subtreeIds(units, [1])].sort()).toEqual([1, 2, 3, 4]);
    expect([...subtreeIds(units, [4, 3])].sort()).toEqual([3, 4]);
    expect(subtreeIds(units, null).size).toBe(4);
  });

  it('counts each unit’s sessions by state, in the order of the units, with a total', () => {
    const stats = summariseReception({
      units,
      roots: null,
      tallies: [
        tally(3, 'cancelled', 1),
        tally(2, 'held', 2, 9, 4),
        tally(2, 'scheduled', 3),
        tally(2, 'rescheduled', 1),
        tally(4, 'held', 1, 2, 1),
      ],
    });
    expect(stats.rows.map((r) => [r.unit.code, r.counts.planned])).toEqual([
      ['J', 6],
      ['J.A', 1],
      ['C', 1],
    ]);
    expect(stats.rows[0]!.counts).toEqual({
      planned: 6,
      scheduled: 3,
      held: 2,
      cancelled: 0,
      rescheduled: 1,
      citizensReceived: 9,
      casesNoted: 4,
    });
    expect(stats.total).toEqual({
      planned: 8,
      scheduled: 3,
      held: 3,
      cancelled: 1,
      rescheduled: 1,
      citizensReceived: 11,
      casesNoted: 5,
    });
  });

  it('rolls up only the chosen subtree', () => {
    const stats = summariseReception({
      units,
      roots: [2],
      tallies: [tally(2, 'held', 1, 5, 1), tally(4, 'held', 1, 2, 0), tally(3, 'held', 4, 40, 8)],
    });
    expect(stats.rows.map((r) => r.unit.code)).toEqual(['J', 'J.A']);
    expect(stats.total).toMatchObject({ planned: 2, held: 2, citizensReceived: 7, casesNoted: 1 });
  });

  it('counts citizens and cases from held sessions only', () => {
    const stats = summariseReception({
      units,
      roots: null,
      tallies: [tally(2, 'cancelled', 1, 5, 5), tally(2, 'held', 1, 1, 1)],
    });
    expect(stats.total).toMatchObject({ planned: 2, citizensReceived: 1, casesNoted: 1 });
  });

  it('makes the total the sum of the rows, and planned the sum of the states', () => {
    const anyTally = fc.record({
      unitId: fc.constantFrom(1, 2, 3, 4, 99),
      state: fc.constantFrom(...RECEPTION_STATES),
      sessions: fc.nat(50),
      citizensReceived: fc.nat(500),
      casesNoted: fc.nat(500),
    });
    fc.assert(
      fc.property(
        fc.array(anyTally, { maxLength: 30 }),
        fc.option(fc.constantFrom([1], [2], [3], [2, 3])),
        (tallies, roots) => {
          const stats = summariseReception({ units, tallies, roots });
          const keys = Object.keys(stats.total) as Array<keyof typeof stats.total>;
          for (const key of keys)
            expect(stats.rows.reduce((sum, r) => sum + r.counts[key], 0)).toBe(stats.total[key]);
          const t = stats.total;
          expect(t.planned).toBe(t.scheduled + t.held + t.cancelled + t.rescheduled);
        },
      ),
    );
  });
});

describe('editing and deleting a session', () => {
  it('allows both only while scheduled', () => {
    for (const state of ['held', 'cancelled', 'rescheduled'] as const)
      for (const change of ['edit', 'delete'] as const)
        expect(decideSessionChange({ state, change, replacesMovedSession: false })).toEqual({
          ok: false,
          reason: 'not_scheduled',
        });
    expect(
      decideSessionChange({ state: 'scheduled', change: 'delete', replacesMovedSession: false }),
    ).toEqual({ ok: true });
  });

  it('keeps the session that replaces a moved one, which may still be edited', () => {
    expect(
      decideSessionChange({ state: 'scheduled', change: 'delete', replacesMovedSession: true }),
    ).toEqual({ ok: false, reason: 'replaces_moved_session' });
    expect(
      decideSessionChange({ state: 'scheduled', change: 'edit', replacesMovedSession: true }),
    ).toEqual({ ok: true });
  });
});
