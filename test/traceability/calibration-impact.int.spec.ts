import { ProjectionRunner } from '@lotstream/messaging';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { EquipmentQueries, LotQueries, TRACEABILITY_READ_MODELS } from '@lotstream/traceability';
import { EventLog, project } from './recorded-events';

const day = (n: number): string => new Date(Date.parse('2026-03-01T00:00:00Z') + n * 86_400_000).toISOString();

/**
 * A crafted timeline for gauge G: good calibrations on day 0 and day 10, uses, found out of
 * tolerance on day 30, more uses, found out of tolerance again on day 50.
 */
function craftedShop(): EventLog {
  const log = new EventLog();
  log.registerEquipment('G', 'gauge');
  log.registerEquipment('H', 'gauge');
  log.registerEquipment('M', 'machine');
  for (const lot of ['P0', 'P1', 'P2', 'P6', 'P7', 'P8', 'F1', 'F3']) log.registerLot(lot);
  log.registerLot('RAW', { kind: 'material' });
  log.calibrate('G', 'C0', day(0), day(100));
  log.calibrate('H', 'H0', day(0), day(20));
  log.calibrate('M', 'M0', day(0), day(100), 'in-tolerance', 'in-tolerance');
  log.inspect('P0', 'I0', 'G', day(5)); // before the last good calibration: not in doubt
  log.calibrate('G', 'C1', day(10), day(100)); // the last good calibration before C2
  log.inspect('P1', 'I1', 'G', day(10)); // at the instant of C1: made under C1, in doubt
  log.inspect('P2', 'I2', 'G', day(15), 'fail');
  log.inspect('P1', 'I3', 'G', day(20));
  log.inspect('P8', 'I9', 'H', day(15)); // another gauge
  log.inspect('P8', 'I10', 'H', day(25)); // H is overdue on day 25
  log.inspect('P8', 'I11', 'GX', day(25)); // a gauge nobody registered
  log.append('lot-P8', 'ProductionStepCompleted', {
    stepId: 'OP10',
    operation: 'turning',
    sequence: 10,
    workCenter: 'WC-1',
    equipmentIds: ['M', 'G'],
    operatorId: 'OP-1',
    sopRevision: 'S1',
    startedAt: day(12),
    completedAt: day(12.5),
    quantityIn: 10,
    quantityGood: 10,
    quantityScrapped: 0,
  });
  log.consume('P2', 'RAW', 5); // backward of P2: never part of its forward impact
  log.consume('F1', 'P1', 3);
  log.split('F1', 'F2', 1);
  log.ship('F2', 'SH-F2', 'Globex');
  log.ship('P2', 'SH-P2', 'ACME');
  log.ship('P0', 'SH-P0', 'Initech'); // P0 was measured before C1: not recalled
  log.calibrate('G', 'C2', day(30), day(130), 'out-of-tolerance', 'in-tolerance');
  log.inspect('P6', 'I4', 'G', day(30)); // at the instant of C2: after the adjustment
  log.inspect('P7', 'I5', 'G', day(35));
  log.consume('F3', 'P6', 1);
  log.ship('F3', 'SH-F3', 'Umbrella');
  log.calibrate('G', 'C3', day(50), day(150), 'out-of-tolerance', 'in-tolerance');
  return log;
}

describe('calibration impact and calibration at the moment of use', () => {
  let db: TestDatabase;
  let lots: LotQueries;
  let equipment: EquipmentQueries;

  beforeAll(async () => {
    db = await createTestDatabase();
    const runner = new ProjectionRunner(db.pool, TRACEABILITY_READ_MODELS);
    await runner.ensureSchema();
    const events = craftedShop().events;
    // Every lot event first, the gauges' calibrations last: uses projected before the calibrations.
    await project(runner, [...events.filter((e) => e.streamCategory !== 'equipment'), ...events.filter((e) => e.streamCategory === 'equipment')]);
    lots = new LotQueries(db.pool);
    equipment = new EquipmentQueries(db.pool);
  });
  afterAll(async () => {
    await db.close();
  });

  it('names exactly the inspections, lots and customers since the last good calibration for an out-of-tolerance calibration', async () => {
    const outcome = await equipment.impact('G', { calibrationId: 'C2' });
    if (!outcome.found) throw new Error('expected an impact');
    const impact = outcome.impact;
    expect(impact.calibration).toMatchObject({ calibrationId: 'C2', asFound: 'out-of-tolerance' });
    expect(impact.since).toMatchObject({ calibrationId: 'C1' });
    expect(impact.inspections.map((i) => i.inspectionId)).toEqual(['I1', 'I2', 'I3']);
    expect(impact.steps.map((s) => `${s.lotNumber}/${s.stepId}`)).toEqual(['P8/OP10']);
    expect(impact.lots).toEqual(['P1', 'P2', 'P8']);
    expect(impact.reachedLots.map((n) => [n.lotNumber, n.depth])).toEqual([
      ['P1', 0],
      ['P2', 0],
      ['P8', 0],
      ['F1', 1],
      ['F2', 2],
    ]);
    expect(impact.shipments.map((s) => s.shipmentId).sort()).toEqual(['SH-F2', 'SH-P2']);
    expect(impact.customers).toEqual(['ACME', 'Globex']);
  });

  it('takes the latest calibration found out of tolerance by default: only what came after the previous good one', async () => {
    const outcome = await equipment.impact('G');
    if (!outcome.found) throw new Error('expected an impact');
    expect(outcome.impact.calibration?.calibrationId).toBe('C3');
    expect(outcome.impact.since?.calibrationId).toBe('C2');
    expect(outcome.impact.inspections.map((i) => i.inspectionId)).toEqual(['I4', 'I5']);
    expect(outcome.impact.lots).toEqual(['P6', 'P7']);
    expect(outcome.impact.customers).toEqual(['Umbrella']);
  });

  it('has no impact for a calibration found in tolerance, and says so for an unknown calibration or equipment', async () => {
    const inTolerance = await equipment.impact('G', { calibrationId: 'C1' });
    expect(inTolerance).toMatchObject({ found: true, impact: { inspections: [], lots: [], shipments: [] } });
    expect(await equipment.impact('G', { calibrationId: 'NOPE' })).toEqual({ found: false, reason: 'calibration-not-found' });
    expect(await equipment.impact('NOPE')).toEqual({ found: false, reason: 'equipment-not-found' });
    expect(await equipment.impact('G', {}, ['SITE-B'])).toEqual({ found: false, reason: 'equipment-not-found' });
  });

  it('leaves out lots of sites the caller may not see, and counts them', async () => {
    const log = new EventLog();
    log.registerEquipment('GS', 'gauge');
    log.calibrate('GS', 'S1', day(0), day(100));
    log.registerLot('A1');
    log.registerLot('B1', { siteId: 'SITE-B' });
    log.inspect('A1', 'IA', 'GS', day(1));
    log.consume('B1', 'A1', 1);
    log.ship('B1', 'SH-B1', 'Hooli');
    log.calibrate('GS', 'S2', day(5), day(100), 'out-of-tolerance', 'in-tolerance');
    const runner = new ProjectionRunner(db.pool, TRACEABILITY_READ_MODELS, 'rm_sites');
    await runner.ensureSchema();
    await project(runner, log.events);
    const scoped = await new EquipmentQueries(db.pool, 'rm_sites').impact('GS', {}, ['SITE-A']);
    expect(scoped).toMatchObject({ found: true, impact: { lots: ['A1'], hiddenLots: 1, shipments: [], customers: [] } });
    const all = await new EquipmentQueries(db.pool, 'rm_sites').impact('GS');
    expect(all).toMatchObject({ found: true, impact: { hiddenLots: 0, customers: ['Hooli'] } });
  });

  it('shows in the history whether each gauge and machine was in calibration at the moment of use', async () => {
    const history = await lots.history('P8');
    const uses = Object.fromEntries(
      history!.events
        .filter((e) => e.equipment)
        .map((e) => [String(e.data.inspectionId ?? e.data.stepId), e.equipment!.map((u) => [u.equipmentId, u.inCalibration])]),
    );
    expect(uses).toEqual({
      I9: [['H', true]],
      I10: [['H', false]], // overdue since day 20
      I11: [['GX', 'unknown']],
      OP10: [
        ['M', true],
        ['G', true],
      ],
    });
    const p0 = await lots.history('P0');
    expect(p0!.events.find((e) => e.type === 'InspectionRecorded')!.equipment).toEqual([
      { equipmentId: 'G', inCalibration: true, calibration: expect.objectContaining({ calibrationId: 'C0' }) },
    ]);
  });

  it('answers the equipment status now from the timeline', async () => {
    expect(await equipment.status('G', new Date(day(60)))).toMatchObject({
      kind: 'gauge',
      status: 'in-calibration',
      lastCalibration: { calibrationId: 'C3' },
      nextDueAt: day(150),
    });
    expect((await equipment.status('H', new Date(day(60))))!.status).toBe('overdue');
    expect(await equipment.status('G', new Date(day(60)), ['SITE-B'])).toBeUndefined();
  });
});
