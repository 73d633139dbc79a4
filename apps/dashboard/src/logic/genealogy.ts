import type { Genealogy } from '../api-types';

export interface GraphNode {
  id: string;
  label: string;
  type: 'lot' | 'customer';
  kind: 'production' | 'material' | 'root' | 'customer' | 'unknown';
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export const customerNodeId = (customer: string): string => `customer:${customer}`;

/**
 * Backward and forward genealogy of one lot as one graph: edges point from input to output, and each
 * shipment adds an edge from its lot to its customer (customers are leaves).
 */
export function genealogyGraph(backward: Genealogy, forward: Genealogy): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const answer of [backward, forward]) {
    for (const n of answer.nodes) {
      const kind = n.lotNumber === answer.root ? 'root' : (n.kind ?? 'unknown');
      const existing = nodes.get(n.lotNumber);
      if (!existing || kind === 'root') nodes.set(n.lotNumber, { id: n.lotNumber, label: n.lotNumber, type: 'lot', kind });
    }
    for (const e of answer.edges) edges.set(`${e.from}->${e.to}`, { id: `${e.from}->${e.to}`, source: e.from, target: e.to });
  }
  for (const s of forward.shipments) {
    const id = customerNodeId(s.customer);
    nodes.set(id, { id, label: s.customer, type: 'customer', kind: 'customer' });
    if (nodes.has(s.lotNumber)) edges.set(`${s.lotNumber}->${id}`, { id: `${s.lotNumber}->${id}`, source: s.lotNumber, target: id });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
