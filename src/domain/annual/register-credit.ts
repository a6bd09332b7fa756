import type { DeadlineCounts } from '../registers/index.js';

/**
 * A unit formed during the year takes over its predecessors' register items (DOMAIN §1: data
 * recorded under a former unit is carried on by the units that succeed it). Without this rule a
 * commune formed on 1 July 2025 from three communes, one of which filed a reform initiative in
 * March, would count as having filed none, and its predecessors' inspection recommendations and
 * remediation tasks would count for nobody, since the former communes are not assessed.
 */

/** What the registers hold for one unit and year, as the annual register metrics read it. */
export interface RegisterItemCounts {
  initiativesFiled: number;
  recommendations: DeadlineCounts;
  tasks: DeadlineCounts;
}

/** A lineage edge "predecessor → successor" from a day on (src/modules/org). */
export interface LineageLink {
  predecessorId: number;
  successorId: number;
  effectiveOn: string;
}

/**
 * The lineage edges effective during `year` (1 January to 31 December): the reorganisations a
 * year's results look through — last year's results carried to the units formed this year
 * ({@link carryThroughLineage}), this year's register items credited to them.
 */
export function edgesEffectiveIn<E extends LineageLink>(edges: readonly E[], year: number): E[] {
  const first = `${String(year).padStart(4, '0')}-01-01`;
  const last = `${String(year).padStart(4, '0')}-12-31`;
  return edges.filter((e) => e.effectiveOn >= first && e.effectiveOn <= last);
}

/** Counts add up field by field (every count of the registers' shape, whatever it holds). */
function addCounts<T extends object>(a: T, b: T): T {
  const sum: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [key, value] of Object.entries(b))
    if (typeof value === 'number') {
      const before = sum[key];
      sum[key] = (typeof before === 'number' ? before : 0) + value;
    }
  return sum as T;
}

const add = (a: RegisterItemCounts, b: RegisterItemCounts): RegisterItemCounts => ({
  ...a,
  initiativesFiled: a.initiativesFiled + b.initiativesFiled,
  recommendations: addCounts(a.recommendations, b.recommendations),
  tasks: addCounts(a.tasks, b.tasks),
});

/**
 * Each assessed unit's register counts for the year, with the items of the units it succeeded
 * during the year added: its predecessors through `edges` (the edges effective in the year,
 * {@link edgesEffectiveIn}), and theirs in turn when a chain of reorganisations falls in the
 * same year. A predecessor that is itself assessed — it goes on after a transfer or a partial
 * split — keeps its items and is not walked through, so an item counts once. A former unit
 * split between several successors credits each of them whole: its items cannot be apportioned.
 * Units that are not assessed keep their own counts unchanged.
 */
export function creditPredecessorItems<C extends RegisterItemCounts>(
  counts: ReadonlyMap<number, C>,
  edges: ReadonlyArray<{ predecessorId: number; successorId: number }>,
  assessed: ReadonlySet<number>,
): Map<number, RegisterItemCounts> {
  const predecessors = new Map<number, number[]>();
  for (const e of edges)
    predecessors.set(e.successorId, [...(predecessors.get(e.successorId) ?? []), e.predecessorId]);
  const credited = new Map<number, RegisterItemCounts>(counts);
  for (const unitId of assessed) {
    const seen = new Set<number>([unitId]);
    const queue = [...(predecessors.get(unitId) ?? [])];
    let total: RegisterItemCounts | undefined = counts.get(unitId);
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id) || assessed.has(id)) continue;
      seen.add(id);
      const own = counts.get(id);
      if (own) total = total ? add(total, own) : { ...own };
      queue.push(...(predecessors.get(id) ?? []));
    }
    if (total) credited.set(unitId, total);
  }
  return credited;
}
