import type { ReceptionState } from './reception.js';

/**
 * Yearly citizen-reception statistics (Luật Tiếp công dân 2013: units report
 * their reception work): per unit, the sessions of the year as they stand and the outcomes of
 * those held. Pure: the caller reads the tallies and the unit tree.
 */

/** How many sessions of one unit are in one state, with the outcomes recorded on them. */
export interface ReceptionTally {
  unitId: number;
  state: ReceptionState;
  sessions: number;
  citizensReceived: number;
  casesNoted: number;
}

export interface ReceptionCounts {
  /** Every session dated in the year, whatever its state now (a moved session and its new one both count). */
  planned: number;
  scheduled: number;
  held: number;
  cancelled: number;
  rescheduled: number;
  /** Summed over held sessions only. */
  citizensReceived: number;
  casesNoted: number;
}

export interface StatsUnit {
  id: number;
  parentId: number | null;
}

export interface ReceptionStats<U extends StatsUnit> {
  /** The units of the subtrees that have at least one session, in the order `units` gave. */
  rows: Array<{ unit: U; counts: ReceptionCounts }>;
  total: ReceptionCounts;
}

export function emptyCounts(): ReceptionCounts {
  return {
    planned: 0,
    scheduled: 0,
    held: 0,
    cancelled: 0,
    rescheduled: 0,
    citizensReceived: 0,
    casesNoted: 0,
  };
}

/** The first and last day of a calendar year (YYYY-MM-DD). */
export function yearRange(year: number): { from: string; to: string } {
  const y = String(year).padStart(4, '0');
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/**
 * The ids of `roots` and every unit under them, following parent links; `roots` null means
 * every unit. A unit whose parent chain is broken is reached only from itself.
 */
export function subtreeIds(
  units: readonly StatsUnit[],
  roots: readonly number[] | null,
): Set<number> {
  if (roots === null) return new Set(units.map((u) => u.id));
  const children = new Map<number, number[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId);
    if (list) list.push(u.id);
    else children.set(u.parentId, [u.id]);
  }
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return seen;
}

function add(counts: ReceptionCounts, tally: ReceptionTally): void {
  counts.planned += tally.sessions;
  counts[tally.state] += tally.sessions;
  // An outcome belongs to a held session; anything recorded on another state is not counted.
  if (tally.state === 'held') {
    counts.citizensReceived += tally.citizensReceived;
    counts.casesNoted += tally.casesNoted;
  }
}

/**
 * Rolls the tallies up per unit for the subtrees of `roots` (null: every unit), with the
 * total of those rows. Each row counts a unit's own sessions, so the total never counts a
 * session twice; a unit without sessions gets no row.
 */
export function summariseReception<U extends StatsUnit>(input: {
  units: readonly U[];
  tallies: readonly ReceptionTally[];
  roots: readonly number[] | null;
}): ReceptionStats<U> {
  const included = subtreeIds(input.units, input.roots);
  const byUnit = new Map<number, ReceptionCounts>();
  const total = emptyCounts();
  for (const tally of input.tallies) {
    if (!included.has(tally.unitId) || tally.sessions <= 0) continue;
    const counts = byUnit.get(tally.unitId) ?? emptyCounts();
    add(counts, tally);
    add(total, tally);
    byUnit.set(tally.unitId, counts);
  }
  const rows = input.units.flatMap((unit) => {
    const counts = byUnit.get(unit.id);
    return counts ? [{ unit, counts }] : [];
  });
  return { rows, total };
}
