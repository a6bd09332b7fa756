/**
 * Lineage of units through reorganisations, as pure functions over a graph of edges
 * "predecessor → successor" (no I/O). Since 1 July 2025 districts are abolished and many units
 * merged (DOMAIN §1): data recorded under a former unit must still be attributed to the units
 * that carry it on, and a current unit's history must gather the data of every unit that fed it,
 * however many reorganisations lie between.
 */

export const LINEAGE_KINDS = ['merged', 'split', 'renamed', 'transferred'] as const;
/**
 * - `merged`: the predecessor ceased and was merged into the successor (with others, usually);
 * - `split`: the successor was formed from part of the predecessor (which may cease or go on);
 * - `renamed`: same territory and duties under a new unit;
 * - `transferred`: part of the predecessor's territory or duties moved to the successor, the
 *   predecessor goes on.
 */
export type LineageKind = (typeof LINEAGE_KINDS)[number];

export interface LineageEdge {
  predecessorId: number;
  successorId: number;
  kind: LineageKind;
  /** First day the successor carries the predecessor's part (YYYY-MM-DD). */
  effectiveOn: string;
}

export interface UnitValidity {
  id: number;
  /** First valid day (YYYY-MM-DD), null = always. */
  validFrom: string | null;
  /** Last valid day (YYYY-MM-DD), null = still valid. */
  validTo: string | null;
}

/** The units of a tenant and the lineage edges between them. */
export interface LineageGraph {
  units: ReadonlyMap<number, UnitValidity>;
  edges: readonly LineageEdge[];
}

/** A unit reached by following lineage, with the edges walked to reach it. */
export interface LineageReach {
  unitId: number;
  /** The edges from the starting unit to this one, in walking order. */
  path: LineageEdge[];
  /**
   * True when the data of one side cannot be carried whole to the other: the path goes through
   * a split or a transfer, or through a unit with several successors. Comparisons over such a
   * link are approximate and a screen should say so.
   */
  partial: boolean;
}

/** True when `unit` is valid on `date` (YYYY-MM-DD; ISO dates compare as text). */
export function isUnitValidOn(unit: UnitValidity, date: string): boolean {
  return (
    (unit.validFrom === null || unit.validFrom <= date) &&
    (unit.validTo === null || unit.validTo >= date)
  );
}

function indexEdges(
  edges: readonly LineageEdge[],
  key: 'predecessorId' | 'successorId',
): Map<number, LineageEdge[]> {
  const index = new Map<number, LineageEdge[]>();
  for (const edge of edges) {
    const list = index.get(edge[key]);
    if (list) list.push(edge);
    else index.set(edge[key], [edge]);
  }
  return index;
}

function isPartialStep(edge: LineageEdge, fanOut: number): boolean {
  return edge.kind === 'split' || edge.kind === 'transferred' || fanOut > 1;
}

/**
 * The units valid on `asOf` that carry on a unit's territory and duties: follows successor
 * edges that took effect on or before `asOf` through any number of reorganisations (a commune
 * merged in 2019 into a district-level town, then in 2025 into a new ward), breadth first so
 * each unit is reached by its shortest path; cycles in bad data end the walk instead of looping.
 * A unit still valid on `asOf` is its own successor (path empty). A transferred-from unit that
 * goes on is listed together with the units that took part of it.
 *
 * Source: the 2025 reorganisation of provinces and communes (DOMAIN §1): "units have lineage (predecessors,
 * successors, effective dates)".
 */
export function currentSuccessors(
  graph: LineageGraph,
  unitId: number,
  options: { asOf: string },
): LineageReach[] {
  const outgoing = indexEdges(
    graph.edges.filter((e) => e.effectiveOn <= options.asOf),
    'predecessorId',
  );
  return walk(graph, unitId, outgoing, 'successorId', (id) => {
    const unit = graph.units.get(id);
    return unit !== undefined && isUnitValidOn(unit, options.asOf);
  });
}

/**
 * The units that fed a unit through lineage, however far back (the former districts and
 * communes whose data belongs to a current commune's history), nearest first. With `before`,
 * only predecessors whose edge took effect on or before that date are followed. The unit itself
 * is not listed. `partial` marks predecessors whose data went to several successors.
 */
export function formerPredecessors(
  graph: LineageGraph,
  unitId: number,
  options: { before?: string } = {},
): LineageReach[] {
  const edges =
    options.before === undefined
      ? graph.edges
      : graph.edges.filter((e) => e.effectiveOn <= (options.before as string));
  const incoming = indexEdges(edges, 'successorId');
  const outgoing = indexEdges(graph.edges, 'predecessorId');
  const reached: LineageReach[] = [];
  const seen = new Set<number>([unitId]);
  let frontier: LineageReach[] = [{ unitId, path: [], partial: false }];
  while (frontier.length > 0) {
    const next: LineageReach[] = [];
    for (const from of frontier) {
      for (const edge of incoming.get(from.unitId) ?? []) {
        if (seen.has(edge.predecessorId)) continue;
        seen.add(edge.predecessorId);
        const fanOut = new Set((outgoing.get(edge.predecessorId) ?? []).map((e) => e.successorId))
          .size;
        const reach: LineageReach = {
          unitId: edge.predecessorId,
          path: [...from.path, edge],
          partial: from.partial || isPartialStep(edge, fanOut),
        };
        reached.push(reach);
        next.push(reach);
      }
    }
    frontier = next;
  }
  return reached;
}

function walk(
  graph: LineageGraph,
  start: number,
  index: Map<number, LineageEdge[]>,
  to: 'successorId',
  isTarget: (id: number) => boolean,
): LineageReach[] {
  const results: LineageReach[] = [];
  const seen = new Set<number>([start]);
  let frontier: LineageReach[] = [{ unitId: start, path: [], partial: false }];
  while (frontier.length > 0) {
    const next: LineageReach[] = [];
    for (const from of frontier) {
      if (isTarget(from.unitId)) results.push(from);
      const edges = index.get(from.unitId) ?? [];
      const fanOut = new Set(edges.map((e) => e[to])).size;
      for (const edge of edges) {
        const id = edge[to];
        if (seen.has(id) || !graph.units.has(id)) continue;
        seen.add(id);
        next.push({
          unitId: id,
          path: [...from.path, edge],
          partial: from.partial || isPartialStep(edge, fanOut),
        });
      }
    }
    frontier = next;
  }
  return results;
}

/**
 * Checks a new lineage edge against the graph: a unit cannot succeed itself, and the edge must
 * not close a cycle (a successor cannot also be, through earlier edges, a predecessor of its
 * predecessor). Returns the reason, or null when the edge is acceptable.
 */
export function lineageEdgeProblem(graph: LineageGraph, edge: LineageEdge): string | null {
  if (edge.predecessorId === edge.successorId) return 'a unit cannot succeed itself';
  const outgoing = indexEdges(graph.edges, 'predecessorId');
  const stack = [edge.successorId];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (id === edge.predecessorId) return 'the edge would make a cycle in the lineage';
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of outgoing.get(id) ?? []) stack.push(e.successorId);
  }
  return null;
}
