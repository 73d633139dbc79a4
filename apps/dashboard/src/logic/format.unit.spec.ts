import { capabilityBand, formatInstant, formatNumber, formatQuantity } from './format';
import { axisRange, dispersionName, histogram, normalCurve } from './chart-data';
import { genealogyGraph, customerNodeId, impactGraph } from './genealogy';
import type { Genealogy } from '../api-types';

describe('dashboard logic', () => {
  it('colours capability: ≥ 1.33 green, 1.00–1.33 amber, < 1.00 red, none without a value', () => {
    expect(capabilityBand(1.33)).toBe('good');
    expect(capabilityBand(2)).toBe('good');
    expect(capabilityBand(1.3299)).toBe('marginal');
    expect(capabilityBand(1)).toBe('marginal');
    expect(capabilityBand(0.999)).toBe('poor');
    expect(capabilityBand(null)).toBe('none');
    expect(capabilityBand(Number.NaN)).toBe('none');
  });

  it('formats numbers, instants and quantities', () => {
    expect(formatNumber(1.23456, 2)).toBe('1.23');
    expect(formatNumber(null)).toBe('—');
    expect(formatInstant('2026-03-01T14:05:09.000Z')).toBe('2026-03-01 14:05 UTC');
    expect(formatQuantity(5, 'pcs')).toBe('5 pcs');
    expect(formatQuantity(null, 'pcs')).toBe('—');
  });

  it('bins every value and keeps the spec limits on the axis', () => {
    const bins = histogram([10, 10.1, 10.2, 10.2], { lsl: 9, usl: 11 }, 4);
    expect(bins).toHaveLength(4);
    expect(bins[0].from).toBe(9);
    expect(bins[3].to).toBe(11);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(4);
    expect(bins[2].count).toBe(4);
  });

  it('scales the normal curve to counts and peaks at the mean', () => {
    const curve = normalCurve(0, 1, -3, 3, 100, 0.5, 6);
    expect(curve).toHaveLength(7);
    expect(curve[3][0]).toBe(0);
    expect(curve[3][1]).toBeCloseTo((100 * 0.5) / Math.sqrt(2 * Math.PI), 6);
    expect(normalCurve(0, 0, -1, 1, 10, 1)).toEqual([]);
  });

  it('joins backward and forward genealogy with customers as leaves', () => {
    const base = { depth: null, hiddenLots: 0, customers: [] };
    const backward: Genealogy = {
      ...base,
      root: 'L2',
      direction: 'backward',
      nodes: [
        { lotNumber: 'L2', partNumber: 'P', kind: 'production', depth: 0 },
        { lotNumber: 'M1', partNumber: 'R', kind: 'material', depth: 1 },
      ],
      edges: [{ from: 'M1', to: 'L2', quantity: 1, unit: 'kg', kind: 'consumption' }],
      shipments: [],
    };
    const forward: Genealogy = {
      ...base,
      root: 'L2',
      direction: 'forward',
      nodes: [{ lotNumber: 'L2', partNumber: 'P', kind: 'production', depth: 0 }],
      edges: [],
      shipments: [{ lotNumber: 'L2', shipmentId: 'S1', customer: 'ACME', quantity: 1, shippedAt: null }],
    };
    const graph = genealogyGraph(backward, forward);
    expect(graph.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['L2', 'root'],
      ['M1', 'material'],
      [customerNodeId('ACME'), 'customer'],
    ]);
    expect(graph.edges.map((e) => e.id)).toEqual(['M1->L2', `L2->${customerNodeId('ACME')}`]);
  });
});

describe('control chart axis', () => {
  it('covers the points and every limit line, with room on both sides', () => {
    const range = axisRange([25.0, 25.006, 24.997, 24.9731, 25.0294, 24.9, 25.1, null])!;
    expect(range.min).toBeLessThan(24.9);
    expect(range.max).toBeGreaterThan(25.1);
    expect(range.max - range.min).toBeCloseTo(0.2 * 1.1, 6);
  });
  it('has no range without finite values, and a non-empty one for a single value', () => {
    expect(axisRange([null, undefined, Number.NaN])).toBeUndefined();
    const one = axisRange([10])!;
    expect(one.min).toBeLessThan(10);
    expect(one.max).toBeGreaterThan(10);
  });

  it('draws an impact from its source to the lots it touched, forward through genealogy, to customers', () => {
    const graph = impactGraph(
      { id: 'equipment:G-1', label: 'G-1' },
      {
        lots: ['L-1'],
        reachedLots: [
          { lotNumber: 'L-1', kind: 'production' },
          { lotNumber: 'L-2', kind: 'production' },
        ],
        reachedEdges: [
          { from: 'L-1', to: 'L-2' },
          { from: 'L-2', to: 'L-HIDDEN' },
        ],
        shipments: [{ lotNumber: 'L-2', customer: 'ACME' }],
      },
    );
    expect(graph.nodes.map((n) => [n.id, n.type]).sort()).toEqual([
      ['L-1', 'lot'],
      ['L-2', 'lot'],
      ['customer:ACME', 'customer'],
      ['equipment:G-1', 'source'],
    ]);
    // The edge to a lot not in the answer (another site's) is left out, not drawn to nowhere.
    expect(graph.edges.map((e) => e.id).sort()).toEqual(['L-1->L-2', 'L-2->customer:ACME', 'equipment:G-1->L-1']);
  });

  it('names the dispersion chart after the chart the API chose', () => {
    expect(dispersionName('xbar-r')).toBe('R');
    expect(dispersionName('xbar-s')).toBe('S');
    expect(dispersionName('i-mr')).toBe('MR');
  });
});
