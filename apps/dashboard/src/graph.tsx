import { useEffect, useRef } from 'preact/hooks';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { GraphEdge, GraphNode } from './logic/genealogy';

cytoscape.use(dagre);

declare global {
  interface Window {
    /** The genealogy graph's instance, for the browser tests to read node ids from. */
    lotstreamGraph?: cytoscape.Core;
  }
}

const COLOURS: Record<GraphNode['kind'], string> = {
  root: '#1565c0',
  production: '#5c6bc0',
  material: '#8d6e63',
  customer: '#2e7d32',
  source: '#c62828',
  unknown: '#9e9e9e',
};

export function GenealogyGraph(props: { nodes: GraphNode[]; edges: GraphEdge[]; onOpenLot: (lot: string) => void; label?: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const cy = cytoscape({
      container: element.current,
      elements: [...props.nodes.map((n) => ({ data: { ...n } })), ...props.edges.map((e) => ({ data: { ...e } }))],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': (n: cytoscape.NodeSingular) => COLOURS[n.data('kind') as GraphNode['kind']],
            color: '#222',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
          },
        },
        { selector: 'node[type = "customer"]', style: { shape: 'round-rectangle' } },
        { selector: 'node[type = "source"]', style: { shape: 'diamond' } },
        {
          selector: 'edge',
          style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#90a4ae', 'target-arrow-color': '#90a4ae' },
        },
      ],
      layout: { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 80 } as cytoscape.LayoutOptions,
    });
    cy.on('tap', 'node[type = "lot"]', (event) => props.onOpenLot(event.target.id() as string));
    window.lotstreamGraph = cy;
    return () => {
      if (window.lotstreamGraph === cy) delete window.lotstreamGraph;
      cy.destroy();
    };
  }, [props.nodes, props.edges]);
  return <div ref={element} class="graph" role="img" aria-label={props.label ?? 'Genealogy graph (the lots are listed below)'} />;
}
