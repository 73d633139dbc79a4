import type { RecordedEvent } from '@lotstream/event-store';
import { ProjectionRunner, type ReadModel } from '@lotstream/messaging';
import { characteristicCapabilityReadModel, PartConsistencyQuery, partConsistencyReadModel } from '@lotstream/repeatability';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { EquipmentQueries, LotQueries, PeopleDocumentQueries, TRACEABILITY_READ_MODELS } from '@lotstream/traceability';
import { dumpTables, EventLog, project } from './recorded-events';

const day = (n: number): string => new Date(Date.parse('2026-03-01T00:00:00Z') + n * 86_400_000).toISOString();

const MODELS: ReadModel[] = [...TRACEABILITY_READ_MODELS, partConsistencyReadModel, characteristicCapabilityReadModel];

const RECORD_ID: Record<string, string> = { ProductionStepCompleted: 'stepId', InspectionRecorded: 'inspectionId' };

function correct(log: EventLog, target: RecordedEvent, correctionId: string, corrected: Record<string, unknown>): void {
  log.append(target.streamId, 'EventCorrected', {
    correctionId,
    eventId: target.eventId,
    eventVersion: target.streamVersion,
    eventType: target.type,
    recordId: String(target.data[RECORD_ID[target.type]]),
    reason: 'transcription error',
    corrected,
    previous: Object.fromEntries(Object.keys(corrected).map((k) => [k, target.data[k] ?? null])),
    correctedBy: 'QE-1',
  });
}

function voidEvent(log: EventLog, target: RecordedEvent, voidId: string): void {
  log.append(target.streamId, 'EventVoided', {
    voidId,
    eventId: target.eventId,
    eventVersion: target.streamVersion,
    eventType: target.type,
    recordId: String(target.data[RECORD_ID[target.type]]),
    reason: 'recorded on the wrong lot',
    previous: target.data,
    voidedBy: 'QE-1',
  });
}

const last = (log: EventLog): RecordedEvent => log.events[log.events.length - 1];

function step(log: EventLog, lot: string, stepId: string, operation: string, at: number): RecordedEvent {
  log.append(`lot-${lot}`, 'ProductionStepCompleted', {
    stepId,
    operation,
    sequence: 10,
    workCenter: 'WC-1',
    equipmentIds: ['M'],
    operatorId: 'OP-1',
    sopRevision: 'S1',
    startedAt: day(at),
    completedAt: day(at + 0.5),
    quantityIn: 10,
    quantityGood: 10,
    quantityScrapped: 0,
  });
  return last(log);
}

function inspection(log: EventLog, lot: string, inspectionId: string, at: number, verdict: 'pass' | 'fail'): RecordedEvent {
  log.inspect(lot, inspectionId, 'G', day(at), verdict);
  return last(log);
}

/**
 * OP-1 is qualified for turning only; machine M and gauge G were found out of tolerance on day 30
 * (their uses since day 0 are in doubt). On lot L1: step OP10 recorded as milling on day 40 and
 * corrected to turning on day 10; step OP20 (milling, day 12) voided; inspection I1 recorded failing
 * on day 40, corrected to passing measurements on day 15; inspection I2 (day 20) voided. L1 was
 * released before the corrections and is on hold; L2 is released and uncorrected; L3 never released.
 */
function shop(): { log: EventLog; corrections: Set<string> } {
  const log = new EventLog();
  log.append('person-OP-1', 'PersonRegistered', { personId: 'OP-1', name: 'Dana', siteId: 'SITE-A' });
  log.append('person-OP-1', 'QualificationGranted', { qualificationId: 'Q-1', operation: 'turning', validFrom: day(-10), grantedBy: 'QE-1' });
  log.append('document-SOP-1', 'DocumentRevisionReleased', {
    documentId: 'SOP-1',
    revision: 'A',
    revisionId: 'S1',
    title: 'Turning and milling',
    kind: 'sop',
    siteId: 'SITE-A',
    operations: ['turning', 'milling'],
    effectiveFrom: day(-10),
    requiresTraining: false,
    approvedBy: 'QE-1',
  });
  log.registerEquipment('M', 'machine');
  log.registerEquipment('G', 'gauge');
  for (const id of ['M', 'G']) log.calibrate(id, `${id}0`, day(0), day(100));
  for (const lot of ['L1', 'L2', 'L3']) log.registerLot(lot, { partNumber: 'PN-1' });
  const op10 = step(log, 'L1', 'OP10', 'milling', 40);
  const op20 = step(log, 'L1', 'OP20', 'milling', 12);
  const i1 = inspection(log, 'L1', 'I1', 40, 'fail');
  const i2 = inspection(log, 'L1', 'I2', 20, 'pass');
  step(log, 'L2', 'OP10', 'turning', 5);
  for (const id of ['M', 'G']) log.calibrate(id, `${id}1`, day(30), day(130), 'out-of-tolerance', 'in-tolerance');
  log.append('lot-L1', 'LotReleased', { releaseId: 'REL-1' });
  log.append('lot-L2', 'LotReleased', { releaseId: 'REL-2' });
  log.append('lot-L1', 'LotHeld', { holdId: 'H-1', reason: 'customer complaint', scope: 'lot' });
  const first = log.events.length;
  correct(log, op10, 'C-1', { operation: 'turning', startedAt: day(10), completedAt: day(10.5) });
  voidEvent(log, op20, 'V-1');
  correct(log, i1, 'C-2', { measurements: [10.0, 10.01, 9.99], inspectedAt: day(15), verdict: 'pass' });
  correct(log, i1, 'C-3', { inspectedAt: day(16) }); // a later correction of the same field wins
  voidEvent(log, i2, 'V-2');
  return { log, corrections: new Set(log.events.slice(first).map((e) => e.eventId)) };
}

describe('corrections applied to each step and inspection read model', () => {
  let db: TestDatabase;
  let schemas = 0;
  const { log, corrections } = shop();

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  async function projected(events: readonly RecordedEvent[], pageSize: number): Promise<string> {
    const schema = `rm_corr_${schemas++}`;
    const runner = new ProjectionRunner(db.pool, MODELS, schema);
    await runner.ensureSchema();
    await project(runner, events, pageSize);
    return schema;
  }

  async function answers(schema: string) {
    const lots = new LotQueries(db.pool, schema);
    const equipment = new EquipmentQueries(db.pool, schema);
    const people = new PeopleDocumentQueries(db.pool, schema);
    const consistency = await new PartConsistencyQuery(db.pool, schema).facts('PN-1');
    return {
      personImpact: await people.impact('OP-1'),
      person: await people.person('OP-1', new Date(day(60))),
      machineImpact: await equipment.impact('M', { calibrationId: 'M1' }),
      gaugeImpact: await equipment.impact('G', { calibrationId: 'G1' }),
      summary: await lots.summary('L1'),
      history: await lots.history('L1'),
      releasedLot: (await lots.summary('L2'))?.release,
      neverReleased: (await lots.summary('L3'))?.release,
      consistencySteps: consistency.steps.filter((s) => s.lotNumber === 'L1'),
      consistencyInspections: consistency.inspections.filter((i) => i.lotNumber === 'L1'),
    };
  }

  const impactOf = (outcome: Awaited<ReturnType<EquipmentQueries['impact']>>) => {
    if (!outcome.found) throw new Error(`expected an impact, got ${outcome.reason}`);
    return outcome.impact;
  };

  it('shows every step and inspection read model as corrected, and leaves voided entries out', async () => {
    const a = await answers(await projected(log.events, 50));

    // Person impact: OP10 is turning now (qualified), OP20 is void: nothing left in doubt.
    expect(a.personImpact?.steps).toEqual([]);
    expect(a.personImpact?.lots).toEqual([]);
    expect(a.person?.steps.filter((s) => s.lotNumber === 'L1').map((s) => [s.stepId, s.operation, s.startedAt, s.qualified])).toEqual([
      ['OP10', 'turning', day(10), true],
    ]);
    expect(a.person?.stepsTotal).toBe(2); // with L2's

    // Calibration impact: OP10 now ran on day 10, inside M's window; OP20 is no use of M any more.
    const machine = impactOf(a.machineImpact);
    expect(machine.steps.filter((s) => s.lotNumber === 'L1').map((s) => [s.stepId, s.startedAt])).toEqual([['OP10', day(10)]]);
    const gauge = impactOf(a.gaugeImpact);
    expect(gauge.inspections.map((i) => [i.inspectionId, i.inspectedAt, i.verdict])).toEqual([['I1', day(16), 'pass']]);

    // Device history: the original stays, conditions are judged on the step as corrected.
    const op10 = a.history!.events.find((e) => e.type === 'ProductionStepCompleted' && e.data.stepId === 'OP10')!;
    expect(op10.data.operation).toBe('milling');
    expect(op10.current?.operation).toBe('turning');
    expect(op10.operator?.qualified).toBe(true);
    const op20 = a.history!.events.find((e) => e.data.stepId === 'OP20')!;
    expect(op20.voidedBy?.id).toBe('V-1');

    // Part consistency: corrected fields, voided step and inspection gone.
    expect(a.consistencySteps.map((s) => [s.stepId, s.operation, s.startedAt, s.completedAt])).toEqual([['OP10', 'turning', day(10), day(10.5)]]);
    expect(a.consistencyInspections.map((i) => [i.inspectionId, i.verdict, i.inspectedAt])).toEqual([['I1', 'pass', day(16)]]);

    // Lot summary: as corrected, and its release superseded by the corrections recorded after it.
    expect(a.summary?.stepsDone).toBe(1);
    expect(a.summary?.inspections).toEqual({ total: 1, pass: 1, fail: 0, 'n/a': 0 });
    expect(a.summary?.release).toEqual({
      status: 'superseded',
      releaseId: 'REL-1',
      supersededBy: ['C-1', 'V-1', 'C-2', 'C-3', 'V-2'],
      onHold: true,
      activeHolds: [{ holdId: 'H-1', reason: 'customer complaint' }],
    });
    expect(a.releasedLot).toEqual({ status: 'in-force', releaseId: 'REL-2', onHold: false, activeHolds: [] });
    expect(a.neverReleased).toEqual({ status: 'none', onHold: false, activeHolds: [] });
  });

  it('answers as recorded when the corrections are not projected (the controls above can fail)', async () => {
    const a = await answers(
      await projected(
        log.events.filter((e) => !corrections.has(e.eventId)),
        50,
      ),
    );
    expect(a.personImpact?.steps.map((s) => s.stepId).sort()).toEqual(['OP10', 'OP20']);
    expect(
      impactOf(a.machineImpact)
        .steps.filter((s) => s.lotNumber === 'L1')
        .map((s) => s.stepId),
    ).toEqual(['OP20']);
    expect(impactOf(a.gaugeImpact).inspections.map((i) => i.inspectionId)).toEqual(['I2']);
    expect(a.consistencyInspections.map((i) => [i.inspectionId, i.verdict]).sort()).toEqual([
      ['I1', 'fail'],
      ['I2', 'pass'],
    ]);
    expect(a.summary?.release).toMatchObject({ status: 'in-force', onHold: true });
  });

  it('ends with the same tables and answers when corrections arrive before the events they correct, paged and redelivered', async () => {
    const inOrder = await projected(log.events, 50);
    const correctionsFirst = [...log.events.filter((e) => corrections.has(e.eventId)), ...log.events.filter((e) => !corrections.has(e.eventId))];
    const early = await projected(correctionsFirst, 1);
    // A feed re-sending everything after the corrections were applied: the originals come again.
    const redelivered = await projected([...correctionsFirst, ...log.events.filter((e) => !corrections.has(e.eventId))], 7);
    const expected = await dumpTables(db.pool, inOrder, MODELS);
    expect(await dumpTables(db.pool, early, MODELS)).toEqual(expected);
    expect(await dumpTables(db.pool, redelivered, MODELS)).toEqual(expected);
    const answer = await answers(inOrder);
    expect(await answers(early)).toEqual(answer);
    expect(await answers(redelivered)).toEqual(answer);
  });
});
