import type { StreamView } from '@lotstream/recording';
import { lotOf } from './lot.state';
import { lotStreamId } from './lot.events';

/**
 * Lots reachable forward from `start` through the edges lots record (issued to, split into), not
 * counting `start` itself. Pure: the edges come in as a map lot → direct successors.
 */
export function reachableForward(start: string, successors: ReadonlyMap<string, readonly string[]>): Set<string> {
  const reached = new Set<string>();
  const queue = [...(successors.get(start) ?? [])];
  while (queue.length > 0) {
    const lot = queue.shift()!;
    if (reached.has(lot)) continue;
    reached.add(lot);
    queue.push(...(successors.get(lot) ?? []));
  }
  return reached;
}

/**
 * Loads the lot streams forward of `start` (breadth first) and returns their successor lists, the
 * input `reachableForward` needs. Genealogy is acyclic by construction, so each lot is read once.
 */
export async function loadForwardEdges(view: StreamView, start: string): Promise<Map<string, readonly string[]>> {
  const edges = new Map<string, readonly string[]>();
  let frontier = [start];
  while (frontier.length > 0) {
    const states = await Promise.all(frontier.map(async (lot) => [lot, lotOf(await view.load(lotStreamId(lot)))] as const));
    frontier = [];
    for (const [lot, state] of states) {
      edges.set(lot, state.successors);
      for (const next of state.successors) if (!edges.has(next) && !frontier.includes(next)) frontier.push(next);
    }
  }
  return edges;
}
