/**
 * Pure evaluation of a part's consistency: facts in, answer out (no I/O, no clock).
 *
 * Glossary: the *baseline* is what every production lot of the part is held to — the routing and
 * SOP revisions of the latest prototype promotion for the part, or, when the part was never
 * promoted, those of its first registered production lot. A *deviation* is a lot's departure from
 * the baseline or from calibrated equipment.
 */
import {
  calibrationAtUse as calibrationAtUseRule,
  CalibrationTerms,
  calibrationTimeline,
  DocumentRecord,
  operatorQualifiedFor,
  PersonRecord,
  revisionInForceFor,
} from '@lotstream/domain';

export interface LotFacts {
  lotNumber: string;
  partRevision: string | null;
  siteId: string;
  routingRevision: string | null;
  registeredAt: string;
  position: string;
}

export interface StepFacts {
  lotNumber: string;
  stepId: string;
  operation: string;
  sequence: number | null;
  sopRevision: string | null;
  equipmentIds: string[];
  startedAt: string;
  completedAt: string;
  quantityIn: number;
  quantityGood: number;
  quantityScrapped: number;
  streamVersion: number;
  /** Who did the step and where (absent on rows projected before these columns existed). */
  operatorId?: string | null;
  workCenter?: string | null;
}

export interface InspectionFacts {
  lotNumber: string;
  inspectionId: string;
  stage: string;
  characteristicId: string | null;
  verdict: string | null;
  gaugeId: string | null;
  inspectedAt: string;
}

export interface NonconformanceFacts {
  lotNumber: string;
  ncId: string;
  disposition: string | null;
}

export interface CalibrationFacts {
  equipmentId: string;
  calibrationId: string;
  performedAt: string;
  asFound: string;
  asLeft: string;
  nextDueAt: string;
  position: string;
}

export interface PromotionFacts {
  buildId: string;
  partRevision: string | null;
  routingRevision: string | null;
  sopRevisions: Record<string, string> | null;
  position: string;
}

export interface ConsistencyFacts {
  partNumber: string;
  /** Every production lot of the part (whatever the caller may see), any order. */
  lots: LotFacts[];
  steps: StepFacts[];
  inspections: InspectionFacts[];
  nonconformances: NonconformanceFacts[];
  calibrations: CalibrationFacts[];
  /** The part's promotions, any order; the one with the highest position is the baseline. */
  promotions: PromotionFacts[];
  /** Lots the caller may see; undefined = all. The baseline is the part's, computed over all lots. */
  visibleLot?: (lot: LotFacts) => boolean;
  /** The operators of the steps, by person id; with `documents`, steps are judged for people and procedures. */
  people?: ReadonlyMap<string, PersonRecord>;
  /** The documents of the steps' SOP revisions, by revision id. */
  documents?: ReadonlyMap<string, DocumentRecord>;
}

export type Baseline =
  | {
      source: 'prototype-promotion';
      buildId: string;
      partRevision: string | null;
      routingRevision: string | null;
      sopRevisions: Record<string, string>;
      /** Where the SOP revisions come from: the promotion, or (when it named none) the first lot's steps. */
      sopSource: 'prototype-promotion' | 'first-lot' | 'none';
    }
  | {
      source: 'first-lot';
      /** Null when that lot belongs to a site the caller may not see. */
      lotNumber: string | null;
      partRevision: string | null;
      routingRevision: string | null;
      sopRevisions: Record<string, string>;
      sopSource: 'first-lot' | 'none';
    };

export type CalibrationStatus = true | false | 'unknown';

export interface EquipmentUse {
  equipmentId: string;
  usedIn: 'step' | 'inspection';
  stepId?: string;
  operation?: string;
  inspectionId?: string;
  /** Start and end of the use (equal for an inspection). */
  from: string;
  to: string;
  inCalibration: CalibrationStatus;
  /** The calibration the status is based on: the last one performed at or before the use. */
  calibrationId: string | null;
  nextDueAt: string | null;
  /** The next calibration after the use found the equipment out of tolerance: the use is suspect. */
  foundOutOfToleranceAfterUse: string | null;
}

export type DeviationKind =
  | 'routing-revision'
  | 'sop-revision'
  | 'operation-not-in-baseline'
  | 'equipment-out-of-calibration'
  | 'equipment-found-out-of-tolerance'
  | 'operator-not-qualified'
  | 'sop-not-in-force';

export interface Deviation {
  kind: DeviationKind;
  operation?: string;
  expected?: string | null;
  actual?: string | null;
  equipmentId?: string;
  detail: string;
}

export interface LotConsistency {
  lotNumber: string;
  partRevision: string | null;
  siteId: string;
  registeredAt: string;
  routingRevision: string | null;
  operations: Array<{
    stepId: string;
    operation: string;
    sequence: number | null;
    sopRevision: string | null;
    baselineSopRevision: string | null;
    quantityIn: number;
    quantityGood: number;
    quantityScrapped: number;
    startedAt: string;
    completedAt: string;
  }>;
  equipment: EquipmentUse[];
  /** Π over steps of quantityGood / quantityIn (rolled throughput yield); null without steps. */
  firstPassYield: number | null;
  inspections: { total: number; passed: number; failed: number; passRate: number | null };
  openNonconformances: string[];
  deviations: Deviation[];
}

export interface ConsistencyAnswer {
  partNumber: string;
  baseline: Baseline | null;
  consistent: boolean;
  reasons: string[];
  lots: LotConsistency[];
}

/** Reasons listed in full up to this many; beyond, one line counts the rest. */
export const MAX_REASONS = 100;

const byPosition = (a: { position: string }, b: { position: string }): number => {
  const x = BigInt(a.position);
  const y = BigInt(b.position);
  return x < y ? -1 : x > y ? 1 : 0;
};

const ms = (iso: string): number => Date.parse(iso);

function stepOrder(a: StepFacts, b: StepFacts): number {
  const sa = a.sequence ?? Number.MAX_SAFE_INTEGER;
  const sb = b.sequence ?? Number.MAX_SAFE_INTEGER;
  return sa - sb || ms(a.startedAt) - ms(b.startedAt) || a.streamVersion - b.streamVersion;
}

/** First SOP revision seen per operation in one lot's steps (in step order). */
function sopRevisionsOf(steps: readonly StepFacts[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of [...steps].sort(stepOrder)) {
    if (step.sopRevision !== null && !(step.operation in out)) out[step.operation] = step.sopRevision;
  }
  return out;
}

export function baselineOf(facts: ConsistencyFacts, stepsByLot: Map<string, StepFacts[]>): Baseline | null {
  const firstLot = [...facts.lots].sort(byPosition)[0];
  const firstLotSops = firstLot ? sopRevisionsOf(stepsByLot.get(firstLot.lotNumber) ?? []) : {};
  const hasFirstLotSops = Object.keys(firstLotSops).length > 0;
  const promotion = [...facts.promotions].sort(byPosition).at(-1);
  if (promotion) {
    const promoted = promotion.sopRevisions && Object.keys(promotion.sopRevisions).length > 0 ? promotion.sopRevisions : null;
    return {
      source: 'prototype-promotion',
      buildId: promotion.buildId,
      partRevision: promotion.partRevision,
      routingRevision: promotion.routingRevision,
      sopRevisions: promoted ?? firstLotSops,
      sopSource: promoted ? 'prototype-promotion' : hasFirstLotSops ? 'first-lot' : 'none',
    };
  }
  if (!firstLot) return null;
  const visible = facts.visibleLot?.(firstLot) ?? true;
  return {
    source: 'first-lot',
    lotNumber: visible ? firstLot.lotNumber : null,
    partRevision: firstLot.partRevision,
    routingRevision: firstLot.routingRevision,
    sopRevisions: firstLotSops,
    sopSource: hasFirstLotSops ? 'first-lot' : 'none',
  };
}

const calibrationTerms = (c: CalibrationFacts): CalibrationTerms => ({ ...c, recorded: BigInt(c.position) });

/**
 * Calibration status of one equipment over a use [from, to], by the one calibration-at-use rule
 * (`calibrationAtUse` in libs/domain): the last calibration performed at or before `from` (ties: the
 * later recorded) must have left it in tolerance and be due after `to` — in calibration for the
 * whole use. No calibration before the use → 'unknown'.
 */
export function calibrationAtUse(
  calibrations: readonly CalibrationFacts[],
  from: string,
  to: string,
): Pick<EquipmentUse, 'inCalibration' | 'calibrationId' | 'nextDueAt' | 'foundOutOfToleranceAfterUse'> & { why: string } {
  const answer = calibrationAtUseRule(calibrationTimeline(calibrations, calibrationTerms), from, to);
  const foundOutOfToleranceAfterUse = answer.foundOutOfToleranceAfterUse?.calibrationId ?? null;
  const last = answer.calibration;
  const [reason] = answer.reasons;
  if (reason === 'invalid-time')
    return { inCalibration: 'unknown', calibrationId: null, nextDueAt: null, foundOutOfToleranceAfterUse, why: 'use times not readable' };
  if (!last) return { inCalibration: 'unknown', calibrationId: null, nextDueAt: null, foundOutOfToleranceAfterUse, why: 'no calibration recorded before use' };
  const base = { calibrationId: last.calibrationId, nextDueAt: last.nextDueAt, foundOutOfToleranceAfterUse };
  if (reason === 'left-out-of-tolerance') return { ...base, inCalibration: false, why: `calibration ${last.calibrationId} left it ${last.asLeft}` };
  if (reason === 'calibration-due') return { ...base, inCalibration: false, why: `calibration ${last.calibrationId} was due at ${last.nextDueAt}` };
  return { ...base, inCalibration: answer.inCalibration, why: 'in calibration' };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function evaluateLot(
  lot: LotFacts,
  baseline: Baseline | null,
  steps: readonly StepFacts[],
  inspections: readonly InspectionFacts[],
  nonconformances: readonly NonconformanceFacts[],
  calibrationsOf: (equipmentId: string) => readonly CalibrationFacts[],
  workConditions?: { people: ReadonlyMap<string, PersonRecord>; documents: ReadonlyMap<string, DocumentRecord> },
): LotConsistency {
  const deviations: Deviation[] = [];
  const orderedSteps = [...steps].sort(stepOrder);
  const baselineSops = baseline?.sopRevisions ?? {};
  const sopBaselineKnown = baseline !== null && baseline.sopSource !== 'none';

  if (baseline?.routingRevision != null && lot.routingRevision !== baseline.routingRevision) {
    deviations.push({
      kind: 'routing-revision',
      expected: baseline.routingRevision,
      actual: lot.routingRevision,
      detail:
        lot.routingRevision === null
          ? `registered without a routing revision; baseline is ${baseline.routingRevision}`
          : `routing revision ${lot.routingRevision}, baseline ${baseline.routingRevision}`,
    });
  }

  const equipment: EquipmentUse[] = [];
  for (const step of orderedSteps) {
    if (sopBaselineKnown) {
      const expected = baselineSops[step.operation];
      if (expected === undefined) {
        deviations.push({
          kind: 'operation-not-in-baseline',
          operation: step.operation,
          actual: step.sopRevision,
          detail: `operation ${step.operation} (step ${step.stepId}) is not in the baseline`,
        });
      } else if (step.sopRevision !== expected) {
        deviations.push({
          kind: 'sop-revision',
          operation: step.operation,
          expected,
          actual: step.sopRevision,
          detail: `step ${step.stepId} (${step.operation}) ran SOP revision ${step.sopRevision}, baseline ${expected}`,
        });
      }
    }
    if (workConditions && step.operatorId && step.sopRevision) {
      // People and procedures, by the same rule as the lot history (libs/domain work-conditions).
      const work = {
        operation: step.operation,
        workCenter: step.workCenter ?? '',
        revisionId: step.sopRevision,
        startedAt: step.startedAt,
        completedAt: step.completedAt,
      };
      const document = workConditions.documents.get(step.sopRevision);
      const operator = operatorQualifiedFor(workConditions.people.get(step.operatorId), document, work);
      if (operator.qualified === false) {
        deviations.push({
          kind: 'operator-not-qualified',
          operation: step.operation,
          actual: step.operatorId,
          detail: `step ${step.stepId} (${step.operation}) by ${step.operatorId}: ${operator.reasons.join(', ')}`,
        });
      }
      const revision = revisionInForceFor(document, work);
      if (revision.inForce === false) {
        deviations.push({
          kind: 'sop-not-in-force',
          operation: step.operation,
          expected: revision.revisionInForce ?? null,
          actual: step.sopRevision,
          detail: `step ${step.stepId} (${step.operation}) ran ${step.sopRevision}: ${revision.reasons.join(', ')}`,
        });
      }
    }
    for (const equipmentId of step.equipmentIds) {
      const status = calibrationAtUse(calibrationsOf(equipmentId), step.startedAt, step.completedAt);
      const { why, ...rest } = status;
      equipment.push({ equipmentId, usedIn: 'step', stepId: step.stepId, operation: step.operation, from: step.startedAt, to: step.completedAt, ...rest });
      if (status.inCalibration === false) {
        deviations.push({
          kind: 'equipment-out-of-calibration',
          operation: step.operation,
          equipmentId,
          detail: `${equipmentId} used in step ${step.stepId} (${step.operation}) out of calibration: ${why}`,
        });
      }
      if (status.foundOutOfToleranceAfterUse) {
        deviations.push({
          kind: 'equipment-found-out-of-tolerance',
          operation: step.operation,
          equipmentId,
          detail: `${equipmentId} used in step ${step.stepId} was found out of tolerance at its next calibration ${status.foundOutOfToleranceAfterUse}`,
        });
      }
    }
  }

  const orderedInspections = [...inspections].sort((a, b) => ms(a.inspectedAt) - ms(b.inspectedAt) || a.inspectionId.localeCompare(b.inspectionId));
  for (const inspection of orderedInspections) {
    if (!inspection.gaugeId) continue;
    const status = calibrationAtUse(calibrationsOf(inspection.gaugeId), inspection.inspectedAt, inspection.inspectedAt);
    const { why, ...rest } = status;
    equipment.push({
      equipmentId: inspection.gaugeId,
      usedIn: 'inspection',
      inspectionId: inspection.inspectionId,
      from: inspection.inspectedAt,
      to: inspection.inspectedAt,
      ...rest,
    });
    if (status.inCalibration === false) {
      deviations.push({
        kind: 'equipment-out-of-calibration',
        equipmentId: inspection.gaugeId,
        detail: `gauge ${inspection.gaugeId} used in inspection ${inspection.inspectionId} out of calibration: ${why}`,
      });
    }
    if (status.foundOutOfToleranceAfterUse) {
      deviations.push({
        kind: 'equipment-found-out-of-tolerance',
        equipmentId: inspection.gaugeId,
        detail: `gauge ${inspection.gaugeId} used in inspection ${inspection.inspectionId} was found out of tolerance at its next calibration ${status.foundOutOfToleranceAfterUse}`,
      });
    }
  }

  const yieldSteps = orderedSteps.filter((s) => s.quantityIn > 0);
  const firstPassYield = yieldSteps.length === 0 ? null : yieldSteps.reduce((p, s) => p * (s.quantityGood / s.quantityIn), 1);
  const passed = inspections.filter((i) => i.verdict === 'pass').length;
  const failed = inspections.filter((i) => i.verdict === 'fail').length;

  return {
    lotNumber: lot.lotNumber,
    partRevision: lot.partRevision,
    siteId: lot.siteId,
    registeredAt: lot.registeredAt,
    routingRevision: lot.routingRevision,
    operations: orderedSteps.map((s) => ({
      stepId: s.stepId,
      operation: s.operation,
      sequence: s.sequence,
      sopRevision: s.sopRevision,
      baselineSopRevision: sopBaselineKnown ? (baselineSops[s.operation] ?? null) : null,
      quantityIn: s.quantityIn,
      quantityGood: s.quantityGood,
      quantityScrapped: s.quantityScrapped,
      startedAt: s.startedAt,
      completedAt: s.completedAt,
    })),
    equipment,
    firstPassYield,
    inspections: { total: inspections.length, passed, failed, passRate: passed + failed === 0 ? null : passed / (passed + failed) },
    openNonconformances: nonconformances
      .filter((nc) => nc.disposition === null)
      .map((nc) => nc.ncId)
      .sort(),
    deviations,
  };
}

/** The consistency answer for a part, or null when it has neither a promotion nor a production lot. */
export function evaluateConsistency(facts: ConsistencyFacts): ConsistencyAnswer | null {
  const stepsByLot = groupBy(facts.steps, (s) => s.lotNumber);
  const baseline = baselineOf(facts, stepsByLot);
  if (baseline === null) return null;
  const inspectionsByLot = groupBy(facts.inspections, (i) => i.lotNumber);
  const ncsByLot = groupBy(facts.nonconformances, (nc) => nc.lotNumber);
  const calibrationsByEquipment = groupBy(facts.calibrations, (c) => c.equipmentId);
  const visible = facts.visibleLot ?? (() => true);

  const lots = [...facts.lots]
    .sort(byPosition)
    .filter(visible)
    .map((lot) =>
      evaluateLot(
        lot,
        baseline,
        stepsByLot.get(lot.lotNumber) ?? [],
        inspectionsByLot.get(lot.lotNumber) ?? [],
        ncsByLot.get(lot.lotNumber) ?? [],
        (equipmentId) => calibrationsByEquipment.get(equipmentId) ?? [],
        facts.people && facts.documents ? { people: facts.people, documents: facts.documents } : undefined,
      ),
    );

  const all = lots.flatMap((lot) => lot.deviations.map((d) => `lot ${lot.lotNumber}: ${d.kind}: ${d.detail}`));
  const reasons = all.length > MAX_REASONS ? [...all.slice(0, MAX_REASONS), `… and ${all.length - MAX_REASONS} more deviation(s)`] : all;
  return { partNumber: facts.partNumber, baseline, consistent: all.length === 0, reasons, lots };
}
