import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Pool } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { ProjectionRunner } from '@lotstream/messaging';
import { createTestDatabase, type TestDatabase } from '@lotstream/testing';
import { PartConsistencyQuery } from '../part-consistency/part-consistency.query';
import { REPEATABILITY_READ_MODELS } from '../repeatability.module';
import { interleave, RecordedEventLog } from '../testing/recorded-events';
import { CharacteristicCapabilityQuery } from './characteristic-capability.query';

// Property-based tests through the read models: events → ProjectionRunner → tables → query.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await db.close();
}, 60_000);

const PART = 'P-100';
const CHARACTERISTIC = 'bore-diameter';

interface World {
  subgroupSize: number;
  lsl: number;
  usl: number;
  lots: Array<{ kind: 'production' | 'material'; subgroups: number[][]; sop: string; site: string }>;
  promote: boolean;
}

const value = fc.double({ min: 24.9, max: 25.1, noNaN: true, noDefaultInfinity: true });

const world: fc.Arbitrary<World> = fc.integer({ min: 1, max: 6 }).chain((subgroupSize) =>
  fc.record({
    subgroupSize: fc.constant(subgroupSize),
    lsl: fc.double({ min: 24.5, max: 24.95, noNaN: true }),
    usl: fc.double({ min: 25.05, max: 25.5, noNaN: true }),
    lots: fc.array(
      fc.record({
        kind: fc.constantFrom<'production' | 'material'>('production', 'production', 'production', 'material'),
        subgroups: fc.array(fc.array(value, { minLength: subgroupSize, maxLength: subgroupSize }), { minLength: 1, maxLength: 3 }),
        sop: fc.constantFrom('B', 'B', 'C'),
        site: fc.constantFrom('S1', 'S2'),
      }),
      { minLength: 2, maxLength: 8 },
    ),
    promote: fc.boolean(),
  }),
);

/** The events of a world, in global order. Inspection times are not in lot order, on purpose. */
function eventsOf(w: World): RecordedEvent[] {
  const log = new RecordedEventLog();
  log.add('equipment-M1', 'CalibrationRecorded', {
    calibrationId: 'CAL-1',
    performedAt: '2026-10-01T00:00:00Z',
    asFound: 'in-tolerance',
    asLeft: 'in-tolerance',
    nextDueAt: '2026-11-10T00:00:00Z',
    certificateRef: 'C-1',
    performedBy: 'lab',
  });
  if (w.promote) {
    log.add('prototype-B1', 'PrototypePromoted', { partNumber: PART, partRevision: 'A', routingRevision: 'R1', sopRevisions: { turn: 'B' } });
  }
  w.lots.forEach((lot, i) => {
    const lotStream = `lot-L${i}`;
    log.add(lotStream, 'LotRegistered', {
      lotNumber: `L${i}`,
      partNumber: PART,
      partRevision: 'A',
      quantity: 100,
      unit: 'pcs',
      siteId: lot.site,
      kind: lot.kind,
      routingRevision: 'R1',
    });
    const day = String(1 + ((i * 7) % 20)).padStart(2, '0');
    log.add(lotStream, 'ProductionStepCompleted', {
      stepId: `S${i}`,
      operation: 'turn',
      sequence: 10,
      workCenter: 'WC1',
      equipmentIds: ['M1'],
      operatorId: 'op',
      sopRevision: lot.sop,
      startedAt: `2026-11-${day}T08:00:00Z`,
      completedAt: `2026-11-${day}T09:00:00Z`,
      quantityIn: 100,
      quantityGood: 97,
      quantityScrapped: 3,
    });
    lot.subgroups.forEach((measurements, j) => {
      log.add(lotStream, 'InspectionRecorded', {
        inspectionId: `I${j}`,
        stage: 'IPQC',
        characteristic: { id: CHARACTERISTIC, lsl: w.lsl, usl: w.usl, nominal: 25, unit: 'mm' },
        measurements,
        gaugeId: 'G1',
        inspectorId: 'qa',
        inspectedAt: `2026-11-${day}T1${j}:00:00Z`,
        verdict: measurements.every((x) => x >= w.lsl && x <= w.usl) ? 'pass' : 'fail',
        partNumber: PART,
      });
    });
  });
  return log.events;
}

/** Prototype builds of the same part and characteristic, with values far outside anything real. */
function prototypeNoise(wild: number[][]): RecordedEvent[] {
  const log = new RecordedEventLog();
  wild.forEach((measurements, i) => {
    const stream = `prototype-X${i}`;
    log.add(stream, 'PrototypeBuildStarted', { buildId: `X${i}`, partNumber: PART, designRevision: 'D', siteId: 'S1', requestedBy: 'eng', purpose: 'try' });
    const inspection = {
      inspectionId: `PI${i}`,
      stage: 'FAI',
      characteristic: { id: CHARACTERISTIC, lsl: -1e9, usl: 1e9, unit: 'mm' },
      measurements,
      gaugeId: 'G9',
      inspectorId: 'eng',
      inspectedAt: '2026-11-15T00:00:00Z',
      verdict: 'pass',
    };
    log.add(stream, 'PrototypeInspectionRecorded', inspection);
    // Even an InspectionRecorded written on a prototype stream must not reach SPC.
    log.add(stream, 'InspectionRecorded', { ...inspection, partNumber: PART });
    log.add(stream, 'PrototypeStepRecorded', {
      stepId: `PS${i}`,
      operation: 'turn',
      sequence: 10,
      workCenter: 'LAB',
      equipmentIds: ['M1'],
      operatorId: 'eng',
      sopRevision: 'Z',
      startedAt: '2026-11-15T00:00:00Z',
      completedAt: '2026-11-15T01:00:00Z',
      quantityIn: 1,
      quantityGood: 0,
      quantityScrapped: 1,
    });
  });
  // Renumber so they do not collide with the world's positions.
  return log.events.map((e) => ({ ...e, position: String(100000 + Number(e.position)) }));
}

async function project(events: readonly RecordedEvent[], chunk = 3): Promise<string> {
  const schema = `rm_p_${randomBytes(4).toString('hex')}`;
  const runner = new ProjectionRunner(db.pool, REPEATABILITY_READ_MODELS, schema);
  await runner.ensureSchema();
  for (let i = 0; i < events.length; i += chunk) await runner.apply(events.slice(i, i + chunk));
  return schema;
}

async function answers(schema: string, sites?: string[]) {
  const capability = await new CharacteristicCapabilityQuery(db.pool, schema).capability({ partNumber: PART, characteristicId: CHARACTERISTIC, sites });
  const consistency = await new PartConsistencyQuery(db.pool, schema).consistency(PART, sites);
  return { capability, consistency };
}

const drop = (schema: string) => db.pool.query(`DROP SCHEMA ${schema} CASCADE`);

describe('characteristic capability read model (property-based)', () => {
  it('Cp ≥ Cpk and Pp ≥ Ppk for any data, through the read model', async () => {
    let analysed = 0;
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const schema = await project(eventsOf(w));
        try {
          const { capability } = await answers(schema);
          const production = w.lots.filter((l) => l.kind === 'production');
          if (production.length === 0) return expect(capability.kind).toBe('no-data');
          if (capability.kind !== 'ok') return; // e.g. a single individual value: a typed SPC refusal (422)
          const a = capability.answer;
          analysed++;
          expect(a.subgroups).toBe(production.reduce((k, l) => k + l.subgroups.length, 0));
          if (a.cp !== null && a.cpk !== null) expect(a.cp).toBeGreaterThanOrEqual(a.cpk - 1e-9);
          if (a.pp !== null && a.ppk !== null) expect(a.pp).toBeGreaterThanOrEqual(a.ppk - 1e-9);
        } finally {
          await drop(schema);
        }
      }),
      { numRuns: 25 },
    );
    expect(analysed).toBeGreaterThan(5);
  }, 120_000);

  it('gives the same answers whatever order the streams and topics interleave in', async () => {
    await fc.assert(
      fc.asyncProperty(
        world,
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (w, first, second, chunk) => {
          const events = eventsOf(w);
          const a = await project(interleave(events, first), chunk);
          const b = await project(interleave(events, second), 1);
          try {
            const [x, y] = [await answers(a), await answers(b)];
            expect(y).toEqual(x);
            // …and the same as a replay in global order.
            const c = await project(events, 50);
            try {
              expect(await answers(c)).toEqual(x);
            } finally {
              await drop(c);
            }
          } finally {
            await drop(a);
            await drop(b);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);

  it('does not change when prototype inspections with wild values are added', async () => {
    const wild = fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(world, wild, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), async (w, noise, choices) => {
        const events = eventsOf(w);
        const plain = await project(events);
        const noisy = await project(interleave([...events, ...prototypeNoise(noise)], choices));
        try {
          expect(await answers(noisy)).toEqual(await answers(plain));
          const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ${noisy}.spc_subgroups WHERE lot_number LIKE 'X%' OR inspection_id LIKE 'PI%'`);
          expect(rows[0].n).toBe(0);
        } finally {
          await drop(plain);
          await drop(noisy);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('splits by supplier into groups whose answers are the ungrouped computation on their lots; one supplier for all = the ungrouped answer', async () => {
    const suppliers = fc.array(fc.subarray(['SUP-A', 'SUP-B', 'SUP-C']), { minLength: 8, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(world, suppliers, async (w, assigned) => {
        const schema = await project(eventsOf(w));
        try {
          const criteria = { partNumber: PART, characteristicId: CHARACTERISTIC };
          // Lot Li's material came from assigned[i] (none: no-supplier); the genealogy itself is the traceability read model's.
          const sourcesOf = (supplierIds: (lot: number) => string[]) => async (lots: readonly string[]) =>
            new Map(lots.map((lot) => [lot, { supplierIds: supplierIds(Number(lot.slice(1))), unverifiedSuppliers: [], withoutSupplier: false }]));
          const query = (supplierIds: (lot: number) => string[]) => new CharacteristicCapabilityQuery(db.pool, schema, undefined, sourcesOf(supplierIds));
          const plain = await query(() => []).capability(criteria);
          const grouped = await query((i) => assigned[i]).capabilityBySupplier(criteria);
          if (plain.kind === 'no-data') return expect(grouped.kind).toBe('no-data');
          if (grouped.kind !== 'ok') throw new Error('grouped answer missing');
          const production = w.lots.flatMap((l, i) => (l.kind === 'production' ? [`L${i}`] : []));
          for (const group of grouped.answer.groups) {
            const expected =
              group.source === 'no-supplier'
                ? production.filter((lot) => assigned[Number(lot.slice(1))].length === 0)
                : production.filter((lot) => assigned[Number(lot.slice(1))].includes(group.supplierId!));
            expect([...group.lots].sort()).toEqual(expected.sort());
            expect(group.mixedLots).toEqual(group.lots.filter((lot) => assigned[Number(lot.slice(1))].length > 1));
            if (group.capability) {
              expect([...new Set(group.capability.points.map((p) => p.lotNumber))].sort()).toEqual(expected.sort());
              const times = group.capability.points.map((p) => Date.parse(p.inspectedAt));
              expect(times).toEqual([...times].sort((a, b) => a - b));
            } else expect(group.spcError).not.toBeNull();
          }
          // Everybody's material from one supplier: its group is exactly the ungrouped answer.
          const single = await query(() => ['SUP-A']).capabilityBySupplier(criteria);
          if (single.kind !== 'ok') throw new Error('grouped answer missing');
          expect(single.answer.groups).toHaveLength(1);
          expect(single.answer.groups[0].capability).toEqual(plain.kind === 'ok' ? plain.answer : null);
          expect(single.answer.groups[0].spcError).toEqual(plain.kind === 'spc-error' ? plain.error : null);
        } finally {
          await drop(schema);
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('scopes both answers to the sites of the caller', async () => {
    const w: World = {
      subgroupSize: 3,
      lsl: 24.8,
      usl: 25.2,
      promote: false,
      lots: [
        { kind: 'production', subgroups: [[25, 25.01, 24.99]], sop: 'B', site: 'S2' },
        { kind: 'production', subgroups: [[25.02, 25, 24.98]], sop: 'C', site: 'S1' },
        { kind: 'production', subgroups: [[25.01, 25.03, 24.97]], sop: 'B', site: 'S1' },
      ],
    };
    const schema = await project(eventsOf(w));
    try {
      const { capability, consistency } = await answers(schema, ['S1']);
      expect(capability.kind === 'ok' && capability.answer.points.map((p) => p.lotNumber)).toEqual(['L1', 'L2']);
      expect(consistency!.lots.map((l) => l.lotNumber)).toEqual(['L1', 'L2']);
      expect(consistency!.baseline).toMatchObject({ source: 'first-lot', lotNumber: null, sopRevisions: { turn: 'B' } });
      expect(consistency!.lots[0].deviations.map((d) => d.kind)).toContain('sop-revision');
    } finally {
      await drop(schema);
    }
  });

  it('answers over 1,000 lots from its own rows, without reading a single event', async () => {
    const log = new RecordedEventLog();
    for (let i = 0; i < 1000; i++) {
      const lot = `K${String(i).padStart(4, '0')}`;
      log.add(`lot-${lot}`, 'LotRegistered', {
        lotNumber: lot,
        partNumber: 'P-BIG',
        partRevision: 'A',
        quantity: 1,
        unit: 'pcs',
        siteId: 'S1',
        kind: 'production',
      });
      log.add(`lot-${lot}`, 'InspectionRecorded', {
        inspectionId: 'I1',
        stage: 'IPQC',
        characteristic: { id: 'D', lsl: 9, usl: 11, unit: 'mm' },
        measurements: Array.from({ length: 5 }, (_, j) => 10 + 0.1 * Math.sin(i * 5 + j)),
        gaugeId: 'G1',
        inspectorId: 'qa',
        inspectedAt: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(),
        verdict: 'pass',
        partNumber: 'P-BIG',
      });
    }
    const schema = await project(log.events, 500);
    // Hold an exclusive lock on the event store: a query touching it would wait and hit lock_timeout.
    const locker = await db.pool.connect();
    const reader = new Pool({ connectionString: db.url, max: 2, options: '-c lock_timeout=2000' });
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const outcome = await new CharacteristicCapabilityQuery(reader, schema).capability({ partNumber: 'P-BIG', characteristicId: 'D' });
      const elapsed = Date.now() - started;
      expect(outcome.kind === 'ok' && [outcome.answer.subgroups, outcome.answer.n]).toEqual([1000, 5000]);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
      await reader.end();
      await drop(schema);
    }
  }, 120_000);
});
