import { analyseGaugeRr, MSA_ANALYSIS } from '@lotstream/metrology/domain';
import { EventLog, seededRandom } from './recorded-events';

const day = (n: number): string => new Date(Date.parse('2026-01-01T00:00:00Z') + n * 86_400_000).toISOString();
const dayBefore = (instant: unknown): string => new Date(Date.parse(String(instant)) - 86_400_000).toISOString();

/**
 * A random but plausible shop: material and production lots, consumptions, splits, steps on
 * machines, inspections with gauges, nonconformances, shipments, calibrations (some found out of
 * tolerance) and prototype builds that use the same gauges — every event type traceability reads.
 */
export function randomShop(
  seed: number,
  size = 30,
): { log: EventLog; lots: string[]; gauges: string[]; machines: string[]; builds: string[]; people: string[]; documents: string[] } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const log = new EventLog();
  const gauges = ['G1', 'G2', 'G3'];
  const machines = ['M1', 'M2'];
  for (const id of gauges) log.registerEquipment(id, 'gauge');
  for (const id of machines) log.registerEquipment(id, 'machine');
  // People and one controlled document: operators granted, trained, some revoked (retroactively
  // too); revisions S1 then S2 (its effective date falls inside the shop's time), S1 obsoleted.
  const people = ['OP-7', 'OP-8', 'OP-9'];
  const documents = ['SOP-1'];
  for (const [i, personId] of people.entries()) {
    log.append(`person-${personId}`, 'PersonRegistered', { personId, name: `Operator ${i}`, siteId: 'SITE-A' });
    log.append(`person-${personId}`, 'QualificationGranted', {
      qualificationId: `Q-${personId}`,
      operation: 'turning',
      validFrom: day(i * 10),
      ...(random() < 0.5 ? { validUntil: day(20 + Math.floor(random() * size * 3)) } : {}),
      grantedBy: 'QE-1',
    });
    if (random() < 0.7)
      log.append(`person-${personId}`, 'TrainingCompleted', { trainingId: `T-${personId}`, revisionId: 'S1', completedAt: day(i * 5), trainer: 'QE-1' });
  }
  log.append('document-SOP-1', 'DocumentRevisionReleased', {
    documentId: 'SOP-1',
    revision: 'A',
    revisionId: 'S1',
    title: 'Turning',
    kind: 'sop',
    siteId: 'SITE-A',
    operations: ['turning'],
    effectiveFrom: day(0),
    requiresTraining: true,
    approvedBy: 'QE-1',
  });
  let documentEvents = 0;
  const lots: string[] = [];
  const builds: string[] = [];
  let calibrations = 0;
  for (let i = 0; i < size; i++) {
    const now = i * 3;
    const roll = random();
    if (roll < 0.15 || lots.length < 3) {
      const lot = `R${i}`;
      log.registerLot(lot, { kind: lots.length % 3 === 0 ? 'material' : 'production', siteId: random() < 0.2 ? 'SITE-B' : 'SITE-A' });
      lots.push(lot);
    } else if (roll < 0.3) {
      const lot = `R${i}`;
      log.registerLot(lot);
      log.consume(lot, pick(lots), 1 + Math.floor(random() * 3));
      if (random() < 0.5) log.consume(lot, pick(lots), 1);
      lots.push(lot);
    } else if (roll < 0.38) {
      const child = `C${i}`;
      log.split(pick(lots), child, 2);
      lots.push(child);
    } else if (roll < 0.55) {
      const lot = pick(lots);
      log.append(`lot-${lot}`, 'ProductionStepCompleted', {
        stepId: `OP${i}`,
        operation: 'turning',
        sequence: i,
        workCenter: 'WC-1',
        equipmentIds: [pick(machines), pick(gauges)],
        operatorId: pick(people),
        sopRevision: pick(['S1', 'S2']),
        startedAt: day(now),
        completedAt: day(now + 0.5),
        quantityIn: 10,
        quantityGood: 9,
        quantityScrapped: 1,
      });
    } else if (roll < 0.72) {
      log.inspect(pick(lots), `I${i}`, pick(gauges), day(now + 1), random() < 0.8 ? 'pass' : 'fail');
    } else if (roll < 0.78) {
      const lot = pick(lots);
      log.append(`lot-${lot}`, 'NonconformanceRaised', { ncId: `NC${i}`, description: 'burr', quantityAffected: 2 });
      if (random() < 0.5) log.append(`lot-${lot}`, 'NonconformanceDispositioned', { ncId: `NC${i}`, disposition: 'rework', authorizedBy: 'QE-1' });
    } else if (roll < 0.8) {
      // A late fact about people or the document: a revocation (possibly in the past) or the next revision.
      if (documentEvents++ === 0) {
        log.append('document-SOP-1', 'DocumentRevisionReleased', {
          documentId: 'SOP-1',
          revision: 'B',
          revisionId: 'S2',
          title: 'Turning',
          kind: 'sop',
          siteId: 'SITE-A',
          operations: ['turning'],
          effectiveFrom: day(Math.floor(random() * size * 3)),
          requiresTraining: false,
          approvedBy: 'QE-1',
        });
      } else if (documentEvents === 2) {
        log.append('document-SOP-1', 'DocumentRevisionObsoleted', { revisionId: 'S1', effectiveFrom: day(now), reason: 'superseded' });
      } else {
        const personId = pick(people);
        log.append(`person-${personId}`, 'QualificationRevoked', {
          qualificationId: `Q-${personId}`,
          reason: 'audit',
          effectiveFrom: day(Math.floor(random() * now)),
        });
      }
    } else if (roll < 0.86) {
      log.ship(pick(lots), `SH${i}`, pick(['ACME', 'Globex', 'Initech']), 1, day(now + 2));
    } else if (roll < 0.95) {
      const found = random() < 0.3 ? 'out-of-tolerance' : 'in-tolerance';
      log.calibrate(
        pick([...gauges, ...machines]),
        `CAL${calibrations++}`,
        day(now),
        day(now + 30),
        found,
        random() < 0.1 ? 'out-of-tolerance' : 'in-tolerance',
      );
    } else {
      const build = `PB${i}`;
      builds.push(build);
      log.append(`prototype-${build}`, 'PrototypeBuildStarted', {
        buildId: build,
        partNumber: 'PN-PROTO',
        designRevision: 'D1',
        siteId: 'SITE-A',
        requestedBy: 'ENG-1',
        purpose: 'fit check',
      });
      log.append(`prototype-${build}`, 'PrototypeInspectionRecorded', {
        inspectionId: `PI${i}`,
        stage: 'FAI',
        characteristic: { id: 'DIA-1', unit: 'mm' },
        measurements: [10],
        gaugeId: pick(gauges),
        inspectorId: 'QA-2',
        inspectedAt: day(now + 1),
        verdict: 'pass',
      });
      log.append(`prototype-${build}`, 'PrototypeNoteAdded', { kind: 'decision', text: 'go' });
      log.append(`prototype-${build}`, 'PrototypeBuildCompleted', { outcome: 'accepted' });
    }
  }
  // Gauge R&R studies (after the loop: the random sequence above stays what other tests expect), two
  // on one gauge and characteristic so "the latest per part × characteristic" has a choice to make.
  for (const [index, gaugeId] of gauges.slice(0, 2).entries()) {
    for (const studyNumber of [1, 2]) {
      const measurements = ['S1', 'S2', 'S3'].flatMap((part, p) =>
        ['A', 'B'].flatMap((appraiser, a) =>
          [1, 2].map((trial) => ({ part, appraiser, trial, value: p + a * 0.01 * studyNumber + (trial - 1.5) * random() * 0.02 })),
        ),
      );
      const results = analyseGaugeRr(measurements, { lsl: -1, usl: 4 });
      log.append(`equipment-${gaugeId}`, 'MsaStudyRecorded', {
        studyId: `MSA-${gaugeId}-${studyNumber}`,
        partNumber: 'PN-MSA',
        characteristic: { id: 'DIA-1', unit: 'mm', lsl: -1, usl: 4 },
        method: 'crossed',
        performedAt: day(index * 10 + studyNumber),
        measurements,
        analysis: MSA_ANALYSIS,
        results,
      });
    }
  }
  // Corrections and voids of consumptions, shipments, inspections and steps, signed later (issue 17): they
  // travel on the quality topic, the events they correct on production's, so either may come first.
  let corrections = 0;
  for (const event of [...log.events]) {
    const recordId = { MaterialConsumed: 'inputLotNumber', LotShipped: 'shipmentId', InspectionRecorded: 'inspectionId', ProductionStepCompleted: 'stepId' }[
      event.type
    ];
    if (!recordId || !event.streamId.startsWith('lot-')) continue;
    const roll = random();
    if (roll >= 0.35) continue;
    const base = { eventId: event.eventId, eventVersion: event.streamVersion, eventType: event.type, recordId: String(event.data[recordId]), reason: 'review' };
    if (roll < 0.12) {
      log.append(event.streamId, 'EventVoided', { ...base, voidId: `V${corrections++}`, previous: event.data, voidedBy: 'QE-1' });
      continue;
    }
    const corrected =
      event.type === 'InspectionRecorded'
        ? { measurements: (event.data.measurements as number[]).map((x) => x + 0.01), verdict: 'pass', inspectedAt: dayBefore(event.data.inspectedAt) }
        : event.type === 'LotShipped'
          ? { quantity: 2, customer: 'Umbrella' }
          : event.type === 'ProductionStepCompleted'
            ? // A day earlier (into or out of a suspect calibration window), under the other revision.
              {
                startedAt: dayBefore(event.data.startedAt),
                completedAt: dayBefore(event.data.completedAt),
                sopRevision: event.data.sopRevision === 'S1' ? 'S2' : 'S1',
              }
            : { quantity: Number(event.data.quantity) + 1 };
    const previous = Object.fromEntries(Object.keys(corrected).map((k) => [k, event.data[k] ?? null]));
    log.append(event.streamId, 'EventCorrected', { ...base, correctionId: `C${corrections++}`, corrected, previous, correctedBy: 'QE-1' });
  }
  return { log, lots, gauges, machines, builds, people, documents };
}
