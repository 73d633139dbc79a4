/**
 * From stored events to the facts the FAI-due rule and the form assembly take — pure, so a loader
 * only has to fetch events (lot, prototype and equipment streams) and hand them here. No I/O.
 */
import { calibrationAtUse, calibrationTimeline } from '@lotstream/domain';
import type { PartFact } from '../first-article-due/first-article-due';
import { receivingStandingOf } from '@lotstream/suppliers/domain';
import type {
  FirstArticleFormFacts,
  FormBaselineFacts,
  FormInspectionFacts,
  FormMaterialFacts,
  FormReceivingFacts,
  GaugeRrAtUse,
} from '../first-article-form/first-article-form';

/** What is read of a stored event (a RecordedEvent of the store fits). */
export interface StoredFact {
  eventId: string;
  type: string;
  streamId: string;
  position: string;
  occurredAt: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any>;
}

const lotOf = (streamId: string): string => streamId.replace(/^lot-/, '');
const sourceOf = (event: StoredFact) => ({
  eventId: event.eventId,
  type: event.type,
  streamId: event.streamId,
  position: event.position,
  occurredAt: event.occurredAt,
});

/**
 * The rule's facts from the events of the part's production lots. `supplierOf` answers the supplier
 * of a consumed (material) lot; `isMachine` whether equipment is a machine (gauges are not process).
 */
export function partFactsFromEvents(
  events: readonly StoredFact[],
  supplierOf: (lotNumber: string) => string | null,
  isMachine: (equipmentId: string) => boolean,
): PartFact[] {
  return events.flatMap((event): PartFact[] => {
    const lotNumber = lotOf(event.streamId);
    const source = sourceOf(event);
    switch (event.type) {
      case 'LotRegistered':
        return event.data.kind === 'material' ? [] : [{ kind: 'lot-registered', source, lotNumber, partRevision: event.data.partRevision }];
      case 'ProductionStepCompleted':
        return [
          {
            kind: 'step-completed',
            source,
            lotNumber,
            operation: event.data.operation,
            sopRevision: event.data.sopRevision,
            machineIds: (event.data.equipmentIds as string[]).filter(isMachine),
          },
        ];
      case 'MaterialConsumed':
        return [{ kind: 'material-consumed', source, lotNumber, inputLotNumber: event.data.inputLotNumber, supplier: supplierOf(event.data.inputLotNumber) }];
      case 'FirstArticleApproved':
        return [
          { kind: 'first-article-approved', source, lotNumber, faiId: event.data.faiId, faiType: event.data.type, partRevision: event.data.partRevision },
        ];
      default:
        return [];
    }
  });
}

export interface FormEventSources {
  /** The FAI lot's stream. */
  lotEvents: readonly StoredFact[];
  /** The streams of every lot the FAI lot may have consumed from, by lot number (the backward walk reads them). */
  lotStreams: ReadonlyMap<string, readonly StoredFact[]>;
  /** The promoted build's stream (the baseline), if the part was promoted. */
  prototypeEvents: readonly StoredFact[];
  /** Equipment streams of the gauges used, by equipment id. */
  equipmentStreams: ReadonlyMap<string, readonly StoredFact[]>;
  faiType: 'full' | 'partial';
  reason?: string;
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The gauge's study of this part × characteristic in force at `at`: the latest MsaStudyRecorded
 * performed at or before it (a tie goes to the later recorded), with its recorded verdict — the
 * figures are the write side's, never recomputed. Verdict `none` when there is none.
 */
export function gaugeRrAtUse(gaugeEvents: readonly StoredFact[], partNumber: string, characteristicId: string, at: string): GaugeRrAtUse {
  const when = Date.parse(at);
  let found: StoredFact | undefined;
  for (const event of gaugeEvents) {
    if (event.type !== 'MsaStudyRecorded' || event.data.partNumber !== partNumber || event.data.characteristic?.id !== characteristicId) continue;
    const performed = Date.parse(event.data.performedAt);
    if (!(performed <= when)) continue;
    if (
      !found ||
      performed > Date.parse(found.data.performedAt) ||
      (performed === Date.parse(found.data.performedAt) && BigInt(event.position) > BigInt(found.position))
    ) {
      found = event;
    }
  }
  const results = found?.data.results;
  if (!found || !results || typeof results.verdict !== 'string') return { verdict: 'none' };
  const pctGrr = results.verdictBasis === 'tolerance' ? results.anova?.pctTolerance?.grr : results.anova?.pctStudyVariation?.grr;
  return {
    verdict: results.verdict,
    studyId: found.data.studyId,
    performedAt: found.data.performedAt,
    verdictBasis: results.verdictBasis,
    pctGrr: numberOrNull(pctGrr),
    ndc: numberOrNull(results.anova?.ndc),
  };
}

function inspectionFacts(event: StoredFact, equipmentStreams: ReadonlyMap<string, readonly StoredFact[]>, partNumber: string): FormInspectionFacts {
  const gaugeEvents = equipmentStreams.get(event.data.gaugeId) ?? [];
  const calibrations = gaugeEvents.filter((e) => e.type === 'CalibrationRecorded');
  const timeline = calibrationTimeline(calibrations, (e) => ({
    calibrationId: e.data.calibrationId,
    performedAt: e.data.performedAt,
    nextDueAt: e.data.nextDueAt,
    asFound: e.data.asFound,
    asLeft: e.data.asLeft,
    recorded: BigInt(e.position),
  }));
  return {
    inspectionId: event.data.inspectionId,
    stage: event.data.stage,
    characteristic: event.data.characteristic,
    measurements: event.data.measurements,
    verdict: event.data.verdict,
    gaugeId: event.data.gaugeId,
    inspectedAt: event.data.inspectedAt,
    gaugeInCalibration: calibrationAtUse(timeline, event.data.inspectedAt).inCalibration,
    gaugeRr: gaugeRrAtUse(gaugeEvents, partNumber, event.data.characteristic.id, event.data.inspectedAt),
    position: event.position,
  };
}

/**
 * The ISO 2859-1 receiving decision of a material lot from its own stream (the service records
 * ReceivingInspectionRecorded on the supplier's stream and the lot's): the latest inspection decides,
 * and the standing is the suppliers context's fold (receivingStandingOf). Undefined when not inspected.
 */
export function receivingFacts(lotEvents: readonly StoredFact[]): FormReceivingFacts | undefined {
  const inspections = lotEvents.filter((e) => e.type === 'ReceivingInspectionRecorded');
  const latest = inspections[inspections.length - 1];
  const standing = receivingStandingOf(lotEvents);
  if (!latest || standing === 'not-inspected') return undefined;
  return {
    inspectionId: latest.data.inspectionId,
    decision: latest.data.decision === 'not-accepted' ? 'not-accepted' : 'accepted',
    standing,
    inspectedAt: latest.data.inspectedAt,
    severity: latest.data.plan?.severity,
    codeLetter: latest.data.plan?.codeLetter,
    sampleSize: latest.data.sampleSize,
    nonconforming: latest.data.nonconforming,
    acceptNumber: latest.data.plan?.acceptNumber,
    rejectNumber: latest.data.plan?.rejectNumber,
    inspections: inspections.length,
  };
}

/** Material lots reached backward from the lot through MaterialConsumed, nearest first, each once. */
function materialsBackward(root: string, rootEvents: readonly StoredFact[], lotStreams: ReadonlyMap<string, readonly StoredFact[]>): FormMaterialFacts[] {
  const materials: FormMaterialFacts[] = [];
  const seen = new Set([root]);
  let frontier: Array<{ events: readonly StoredFact[] }> = [{ events: rootEvents }];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: Array<{ events: readonly StoredFact[] }> = [];
    for (const { events } of frontier) {
      for (const consumed of events.filter((e) => e.type === 'MaterialConsumed')) {
        const input: string = consumed.data.inputLotNumber;
        if (seen.has(input)) continue;
        seen.add(input);
        const inputEvents = lotStreams.get(input) ?? [];
        const registered = inputEvents.find((e) => e.type === 'LotRegistered');
        if (registered?.data.kind === 'material') {
          const iqc = inputEvents.filter((e) => e.type === 'InspectionRecorded' && e.data.stage === 'IQC');
          const receiving = receivingFacts(inputEvents);
          const certificateRefs: string[] | undefined = registered.data.certificateRefs;
          materials.push({
            lotNumber: input,
            partNumber: registered.data.partNumber,
            ...(registered.data.supplier !== undefined ? { supplier: registered.data.supplier } : {}),
            ...(registered.data.supplierLotNumber !== undefined ? { supplierLotNumber: registered.data.supplierLotNumber } : {}),
            ...(registered.data.supplierId !== undefined ? { supplierId: registered.data.supplierId } : {}),
            ...(typeof registered.data.supplierApproved === 'boolean' ? { supplierApproved: registered.data.supplierApproved } : {}),
            depth,
            ...(certificateRefs !== undefined && certificateRefs.length > 0 ? { certificateRefs: [...certificateRefs] } : {}),
            ...(iqc.length > 0 ? { iqc: { verdict: iqc.some((e) => e.data.verdict === 'fail') ? 'fail' : 'pass', inspections: iqc.length } } : {}),
            ...(receiving ? { receiving } : {}),
          });
        }
        next.push({ events: inputEvents });
      }
    }
    frontier = next;
  }
  return materials;
}

/** The form facts of a lot from its events and those it reaches; null when the lot is unknown. */
export function formFactsFromEvents(sources: FormEventSources): FirstArticleFormFacts | null {
  const registered = sources.lotEvents.find((e) => e.type === 'LotRegistered');
  if (!registered) return null;
  const lotNumber: string = registered.data.lotNumber;
  const promotion = [...sources.prototypeEvents].reverse().find((e) => e.type === 'PrototypePromoted');
  const baseline: FormBaselineFacts | null = promotion
    ? {
        buildId: promotion.streamId.replace(/^prototype-/, ''),
        partRevision: promotion.data.partRevision,
        routingRevision: promotion.data.routingRevision,
        eventId: promotion.eventId,
        promotedAt: promotion.occurredAt,
        ...(promotion.data.specialProcesses ? { specialProcesses: promotion.data.specialProcesses } : {}),
      }
    : null;
  return {
    lot: { lotNumber, partNumber: registered.data.partNumber, partRevision: registered.data.partRevision, siteId: registered.data.siteId },
    baseline,
    faiType: sources.faiType,
    ...(sources.reason !== undefined ? { reason: sources.reason } : {}),
    materials: materialsBackward(lotNumber, sources.lotEvents, sources.lotStreams),
    steps: sources.lotEvents
      .filter((e) => e.type === 'ProductionStepCompleted')
      .map((e) => ({
        stepId: e.data.stepId,
        operation: e.data.operation,
        operatorId: e.data.operatorId,
        sopRevision: e.data.sopRevision,
        equipmentIds: e.data.equipmentIds,
        completedAt: e.data.completedAt,
      })),
    prototypeInspections: sources.prototypeEvents
      .filter((e) => e.type === 'PrototypeInspectionRecorded')
      .map((e) => inspectionFacts(e, sources.equipmentStreams, registered.data.partNumber)),
    lotInspections: sources.lotEvents
      .filter((e) => e.type === 'InspectionRecorded')
      .map((e) => inspectionFacts(e, sources.equipmentStreams, registered.data.partNumber)),
    nonconformances: sources.lotEvents
      .filter((e) => e.type === 'NonconformanceRaised')
      .map((e) => ({ ncId: e.data.ncId, description: e.data.description, position: e.position })),
  };
}
