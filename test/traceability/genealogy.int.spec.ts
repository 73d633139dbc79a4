import fc from 'fast-check';
import { ProjectionRunner } from '@lotstream/messaging';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { Direction, LotQueries, TRACEABILITY_READ_MODELS } from '@lotstream/traceability';
import { EventLog, interleave, project, seededRandom } from './recorded-events';

interface Edge {
  from: string;
  to: string;
  kind: 'consumption' | 'split';
  quantity: number;
}

/** The answer by brute force: breadth-first over the edges, smallest depth per lot. */
function closure(edges: Edge[], root: string, direction: Direction, maxDepth = Infinity) {
  const near = (e: Edge) => (direction === 'backward' ? e.to : e.from);
  const far = (e: Edge) => (direction === 'backward' ? e.from : e.to);
  const depth = new Map<string, number>([[root, 0]]);
  let frontier = [root];
  for (let level = 0; frontier.length > 0 && level < maxDepth; level++) {
    const next: string[] = [];
    for (const lot of frontier) {
      for (const edge of edges) {
        if (near(edge) !== lot || depth.has(far(edge))) continue;
        depth.set(far(edge), level + 1);
        next.push(far(edge));
      }
    }
    frontier = next;
  }
  const walked = new Map<string, { from: string; to: string; kind: string; quantity: number }>();
  for (const edge of edges) {
    const d = depth.get(near(edge));
    if (d === undefined || d >= maxDepth) continue;
    const key = `${edge.from}>${edge.to}>${edge.kind}`;
    const sum = walked.get(key) ?? { from: edge.from, to: edge.to, kind: edge.kind, quantity: 0 };
    sum.quantity += edge.quantity;
    walked.set(key, sum);
  }
  return {
    nodes: [...depth].map(([lotNumber, d]) => ({ lotNumber, depth: d })).sort((a, b) => a.lotNumber.localeCompare(b.lotNumber)),
    edges: [...walked.values()].sort((a, b) => `${a.from}>${a.to}>${a.kind}`.localeCompare(`${b.from}>${b.to}>${b.kind}`)),
  };
}

type Operation =
  { kind: 'consume'; output: number; input: number; quantity: number } | { kind: 'split'; parent: number; quantity: number } | { kind: 'ship'; lot: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('consume' as const), output: fc.nat(), input: fc.nat(), quantity: fc.integer({ min: 1, max: 5 }) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('split' as const), parent: fc.nat(), quantity: fc.integer({ min: 1, max: 5 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('ship' as const), lot: fc.nat() }), weight: 1 },
);

/**
 * Builds a genealogy the write side could have recorded: splits, merges (several inputs), multi-level
 * consumption, repeated consumptions of the same input. Inputs always predate outputs, so no cycle.
 */
function buildGenealogy(initialLots: number, operations: Operation[]) {
  const log = new EventLog();
  const lots: string[] = [];
  const edges: Edge[] = [];
  const shipments = new Map<string, string[]>();
  for (let i = 0; i < initialLots; i++) {
    const lotNumber = `L${i}`;
    log.registerLot(lotNumber, { kind: i % 4 === 0 ? 'material' : 'production' });
    lots.push(lotNumber);
  }
  operations.forEach((op, index) => {
    if (op.kind === 'consume') {
      const a = op.output % lots.length;
      const b = op.input % lots.length;
      if (a === b) return;
      const [input, output] = a < b ? [lots[a], lots[b]] : [lots[b], lots[a]];
      log.consume(output, input, op.quantity);
      edges.push({ from: input, to: output, kind: 'consumption', quantity: op.quantity });
    } else if (op.kind === 'split') {
      const parent = lots[op.parent % lots.length];
      const child = `S${index}`;
      log.split(parent, child, op.quantity);
      lots.push(child);
      edges.push({ from: parent, to: child, kind: 'split', quantity: op.quantity });
    } else {
      const lot = lots[op.lot % lots.length];
      const shipmentId = `SH${index}`;
      log.ship(lot, shipmentId, `Customer ${index % 7}`);
      shipments.set(lot, [...(shipments.get(lot) ?? []), shipmentId]);
    }
  });
  return { log, lots, edges, shipments };
}

describe('lot genealogy (property): backward and forward answers equal the brute-force closure', () => {
  let db: TestDatabase;
  let run = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('for random genealogies of up to a few hundred lots, projected in a shuffled cross-stream order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 200 }),
        fc.array(operation, { minLength: 1, maxLength: 400 }),
        fc.integer(),
        fc.array(fc.tuple(fc.nat(), fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined })), { minLength: 1, maxLength: 6 }),
        async (initialLots, operations, seed, probes) => {
          const { log, lots, edges, shipments } = buildGenealogy(initialLots, operations);
          const schema = `rm_genealogy_${run++}`;
          const runner = new ProjectionRunner(db.pool, TRACEABILITY_READ_MODELS, schema);
          await runner.ensureSchema();
          await project(runner, interleave(log.events, seededRandom(seed)), 200);
          const queries = new LotQueries(db.pool, schema);
          try {
            for (const [pick, depth] of probes) {
              const root = lots[pick % lots.length];
              for (const direction of ['backward', 'forward'] as const) {
                const expected = closure(edges, root, direction, depth ?? Infinity);
                const answer = (await queries.genealogy(root, { direction, depth }))!;
                expect(answer.root).toBe(root);
                expect(answer.nodes.map((n) => ({ lotNumber: n.lotNumber, depth: n.depth })).sort((a, b) => a.lotNumber.localeCompare(b.lotNumber))).toEqual(
                  expected.nodes,
                );
                expect(answer.nodes.every((n) => n.partNumber === `PN-${n.lotNumber}` || (n.lotNumber.startsWith('S') && n.partNumber !== null))).toBe(true);
                expect(
                  answer.edges
                    .map((e) => ({ from: e.from, to: e.to, kind: e.kind, quantity: e.quantity }))
                    .sort((a, b) => `${a.from}>${a.to}>${a.kind}`.localeCompare(`${b.from}>${b.to}>${b.kind}`)),
                ).toEqual(expected.edges);
                const expectedShipments = expected.nodes.flatMap((n) => shipments.get(n.lotNumber) ?? []).sort();
                expect(answer.shipments.map((s) => s.shipmentId).sort()).toEqual(expectedShipments);
              }
            }
          } finally {
            await db.pool.query(`DROP SCHEMA ${schema} CASCADE`);
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 300_000);

  it('answers an unknown lot as unknown and never walks past the depth asked for', async () => {
    const log = new EventLog();
    ['A', 'B', 'C', 'D'].forEach((lot) => log.registerLot(lot));
    log.consume('B', 'A', 1);
    log.consume('C', 'B', 1);
    log.consume('D', 'C', 1);
    const runner = new ProjectionRunner(db.pool, TRACEABILITY_READ_MODELS, 'rm_genealogy_chain');
    await runner.ensureSchema();
    await project(runner, log.events);
    const queries = new LotQueries(db.pool, 'rm_genealogy_chain');
    expect(await queries.genealogy('NOPE', { direction: 'forward' })).toBeUndefined();
    const two = await queries.genealogy('A', { direction: 'forward', depth: 2 });
    expect(two!.nodes.map((n) => [n.lotNumber, n.depth])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
    expect(two!.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['A>B', 'B>C']);
    const all = await queries.genealogy('D', { direction: 'backward' });
    expect(all!.nodes.map((n) => n.lotNumber)).toEqual(['D', 'C', 'B', 'A']);
    // A key of another site sees the root as unknown.
    expect(await queries.genealogy('D', { direction: 'backward' }, ['SITE-B'])).toBeUndefined();
  });
});
