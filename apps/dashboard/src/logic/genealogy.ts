import type { Genealogy } from '../api-types';

export interface GraphNode {
  id: string;
  label: string;
  type: 'lot' | 'customer' | 'source';
  kind: 'production' | 'material' | 'root' | 'customer' | 'source' | 'unknown';
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

/** What an impact answer (an equipment's out-of-tolerance calibration, a person's void qualification) names. */
export interface ImpactScope {
  lots: string[];
  reachedLots: Array<{ lotNumber: string; kind: 'production' | 'material' | null }>;
  reachedEdges: Array<{ from: string; to: string }>;
  shipments: Array<{ lotNumber: string; customer: string }>;
}

/**
 * An impact as one graph: the source (a gauge, a person) points at the lots it touched directly,
 * genealogy edges carry it forward, shipments end at customers.
 */
export function impactGraph(source: { id: string; label: string }, impact: ImpactScope): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>([[source.id, { id: source.id, label: source.label, type: 'source', kind: 'source' }]]);
  const edges = new Map<string, GraphEdge>();
  const edge = (from: string, to: string) => edges.set(`${from}->${to}`, { id: `${from}->${to}`, source: from, target: to });
  for (const n of impact.reachedLots) nodes.set(n.lotNumber, { id: n.lotNumber, label: n.lotNumber, type: 'lot', kind: n.kind ?? 'unknown' });
  for (const lot of impact.lots) if (nodes.has(lot)) edge(source.id, lot);
  for (const e of impact.reachedEdges) if (nodes.has(e.from) && nodes.has(e.to)) edge(e.from, e.to);
  for (const s of impact.shipments) {
    const id = customerNodeId(s.customer);
    nodes.set(id, { id, label: s.customer, type: 'customer', kind: 'customer' });
    if (nodes.has(s.lotNumber)) edge(s.lotNumber, id);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
