/**
 * The three AS9102 Rev C first article forms of a lot, assembled from loaded facts — pure: no I/O,
 * no clock. Form 1 is part number accountability, Form 2 product accountability (materials and
 * special processes), Form 3 characteristic accountability (one row per characteristic of the
 * inspection plan, beside the promoted prototype build's result for it: what changed from 0 to 1).
 *
 * Glossary: the *inspection plan* is the set of characteristics the first article must prove — here
 * the characteristics the promoted prototype build inspected. A *special process* is an operation
 * the part's promotion marks as one (heat treatment, plating…), whose operator and SOP are listed.
 */

export type CalibrationAtUse = true | false | 'unknown';

/**
 * The gauge R&R study in force when a gauge took a subgroup: its latest study of this part number ×
 * characteristic performed at or before the inspection (as the capability answer picks it); verdict
 * `none` when the gauge had no study of it then.
 */
export interface GaugeRrAtUse {
  verdict: 'acceptable' | 'conditional' | 'unacceptable' | 'none';
  studyId?: string;
  performedAt?: string;
  verdictBasis?: string;
  /** %GRR on the verdict's basis (tolerance or study variation), ANOVA. */
  pctGrr?: number | null;
  ndc?: number | null;
}

export interface FormLotFacts {
  lotNumber: string;
  partNumber: string;
  partRevision: string;
  siteId: string;
}

/** The promotion that set the part's production baseline. */
export interface FormBaselineFacts {
  buildId: string;
  partRevision: string;
  routingRevision: string;
  eventId: string;
  promotedAt: string;
  /** Operations of the routing that are special processes (optional on the promotion). */
  specialProcesses?: string[];
}

export interface PlanCharacteristic {
  id: string;
  nominal?: number;
  lsl?: number;
  usl?: number;
  unit: string;
}

/** One inspection's subgroup (a lot's FAI inspection or one of the prototype build's). */
export interface FormInspectionFacts {
  inspectionId: string;
  stage: string;
  characteristic: PlanCharacteristic;
  measurements: number[];
  verdict: 'pass' | 'fail' | 'n/a';
  gaugeId: string;
  inspectedAt: string;
  /** Whether the gauge was in calibration at the inspection (the calibration-at-use rule). */
  gaugeInCalibration?: CalibrationAtUse;
  /** The gauge's R&R study in force at the inspection. */
  gaugeRr?: GaugeRrAtUse;
  position: string;
}

export interface FormMaterialFacts {
  lotNumber: string;
  partNumber: string;
  supplier?: string;
  supplierLotNumber?: string;
  /** The registered supplier named at receipt (libs/suppliers), and whether it was approved for the part then. */
  supplierId?: string;
  supplierApproved?: boolean;
  /** Depth in the backward genealogy (1 = consumed by the lot itself). */
  depth: number;
  /** Certificate references from receiving, when recorded. */
  certificateRefs?: string[];
  /** Incoming inspection result, when recorded on the material lot. */
  iqc?: { verdict: 'pass' | 'fail' | 'n/a'; inspections: number };
  /**
   * The ISO 2859-1 receiving decision (the lot's latest ReceivingInspectionRecorded) and where the lot
   * stands after it (`use-as-is`: not accepted, then released by a nonconformance disposition).
   */
  receiving?: FormReceivingFacts;
}

export interface FormReceivingFacts {
  inspectionId: string;
  decision: 'accepted' | 'not-accepted';
  standing: 'accepted' | 'not-accepted' | 'use-as-is';
  inspectedAt: string;
  severity: string;
  codeLetter: string;
  sampleSize: number;
  nonconforming: number;
  acceptNumber: number;
  rejectNumber: number;
  /** Receiving inspections recorded on the lot (the latest one decides). */
  inspections: number;
}

export interface FormStepFacts {
  stepId: string;
  operation: string;
  operatorId: string;
  sopRevision: string;
  equipmentIds: string[];
  completedAt: string;
}

export interface FormNonconformanceFacts {
  ncId: string;
  description: string;
  position: string;
}

export interface FirstArticleFormFacts {
  lot: FormLotFacts;
  baseline: FormBaselineFacts | null;
  faiType: 'full' | 'partial';
  reason?: string;
  materials: FormMaterialFacts[];
  steps: FormStepFacts[];
  /** The promoted build's inspections: the plan and the 0-to-1 comparison. */
  prototypeInspections: FormInspectionFacts[];
  /** The lot's inspections of every stage; only FAI-stage ones enter Form 3. */
  lotInspections: FormInspectionFacts[];
  nonconformances: FormNonconformanceFacts[];
}

export interface SubgroupSummary {
  n: number;
  mean: number;
  range: number;
}

export interface Form3Row {
  characteristicId: string;
  nominal?: number;
  lsl?: number;
  usl?: number;
  unit: string;
  results: number[];
  verdict: 'pass' | 'fail' | 'missing';
  /** False for a characteristic measured at FAI on the lot but absent from the plan. */
  inPlan: boolean;
  inspectionIds: string[];
  gaugeId?: string;
  gaugeInCalibration?: CalibrationAtUse;
  /** The R&R study in force for `gaugeId` when it took the row's last FAI subgroup. */
  gaugeRr?: GaugeRrAtUse;
  ncId?: string;
  prototype?: SubgroupSummary & { buildId: string };
  lot?: SubgroupSummary;
}

export interface FirstArticleForms {
  lotNumber: string;
  partNumber: string;
  form1: {
    partNumber: string;
    partRevision: string;
    lotNumber: string;
    siteId: string;
    faiType: 'full' | 'partial';
    reason?: string;
    baseline: { source: 'prototype-promotion'; buildId: string; partRevision: string; routingRevision: string; eventId: string; promotedAt: string } | null;
  };
  form2: {
    materials: Array<Omit<FormMaterialFacts, 'depth'> & { depth: number }>;
    specialProcesses: Array<{ operation: string; stepId: string; operatorId: string; sopRevision: string; equipmentIds: string[]; completedAt: string }>;
  };
  form3: { characteristics: Form3Row[] };
  /** Every characteristic of the plan has FAI results and passed (and the plan is not empty). */
  complete: boolean;
  missing: string[];
  failed: string[];
}

const byPosition = (a: { position: string }, b: { position: string }): number => {
  const x = BigInt(a.position);
  const y = BigInt(b.position);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Mean and range (max − min) of all values pooled; null for none. */
export function summarise(values: readonly number[]): SubgroupSummary | null {
  if (values.length === 0) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { n: values.length, mean, range: Math.max(...values) - Math.min(...values) };
}

/** The plan: each characteristic the build inspected, with the limits of its latest inspection. */
export function inspectionPlan(prototypeInspections: readonly FormInspectionFacts[]): PlanCharacteristic[] {
  const plan = new Map<string, PlanCharacteristic>();
  for (const inspection of [...prototypeInspections].sort(byPosition)) plan.set(inspection.characteristic.id, inspection.characteristic);
  return [...plan.values()];
}

const limitsOf = (characteristic: PlanCharacteristic) => ({
  ...(characteristic.nominal !== undefined ? { nominal: characteristic.nominal } : {}),
  ...(characteristic.lsl !== undefined ? { lsl: characteristic.lsl } : {}),
  ...(characteristic.usl !== undefined ? { usl: characteristic.usl } : {}),
  unit: characteristic.unit,
});

/** The worst calibration state among the gauges used: false beats unknown beats true. */
function worstCalibration(states: ReadonlyArray<CalibrationAtUse | undefined>): CalibrationAtUse | undefined {
  const known = states.filter((state): state is CalibrationAtUse => state !== undefined);
  if (known.length === 0) return undefined;
  if (known.includes(false)) return false;
  return known.includes('unknown') ? 'unknown' : true;
}

function row(characteristic: PlanCharacteristic, inPlan: boolean, faiInspections: FormInspectionFacts[], facts: FirstArticleFormFacts): Form3Row {
  const results = faiInspections.flatMap((inspection) => inspection.measurements);
  const failedInspection = faiInspections.find((inspection) => inspection.verdict === 'fail');
  const verdict: Form3Row['verdict'] = faiInspections.length === 0 ? 'missing' : failedInspection ? 'fail' : 'pass';
  const last = faiInspections[faiInspections.length - 1];
  // A nonconformance carries no characteristic field: the one raised on the lot after the failure
  // that names the characteristic (or the failing inspection) in its description is the failure's.
  const nc = failedInspection
    ? facts.nonconformances
        .filter((candidate) => byPosition(candidate, failedInspection) > 0)
        .sort(byPosition)
        .find((candidate) => candidate.description.includes(characteristic.id) || candidate.description.includes(failedInspection.inspectionId))
    : undefined;
  const prototypeValues = facts.prototypeInspections.filter((inspection) => inspection.characteristic.id === characteristic.id).flatMap((i) => i.measurements);
  const prototype = summarise(prototypeValues);
  const lot = summarise(results);
  const gaugeInCalibration = worstCalibration(faiInspections.map((inspection) => inspection.gaugeInCalibration));
  return {
    characteristicId: characteristic.id,
    ...limitsOf(characteristic),
    results,
    verdict,
    inPlan,
    inspectionIds: faiInspections.map((inspection) => inspection.inspectionId),
    ...(last ? { gaugeId: last.gaugeId } : {}),
    ...(gaugeInCalibration !== undefined ? { gaugeInCalibration } : {}),
    ...(last?.gaugeRr ? { gaugeRr: last.gaugeRr } : {}),
    ...(nc ? { ncId: nc.ncId } : {}),
    ...(prototype && facts.baseline ? { prototype: { buildId: facts.baseline.buildId, ...prototype } } : {}),
    ...(lot ? { lot } : {}),
  };
}

export function assembleFirstArticle(facts: FirstArticleFormFacts): FirstArticleForms {
  const plan = inspectionPlan(facts.prototypeInspections);
  const fai = [...facts.lotInspections].filter((inspection) => inspection.stage === 'FAI').sort(byPosition);
  const faiOf = (id: string) => fai.filter((inspection) => inspection.characteristic.id === id);
  const planIds = new Set(plan.map((characteristic) => characteristic.id));
  const extra = inspectionPlan(fai.filter((inspection) => !planIds.has(inspection.characteristic.id)));

  const characteristics = [
    // The plan's limits are the design's; an FAI inspection recorded other limits does not move them.
    ...plan.map((characteristic) => row(characteristic, true, faiOf(characteristic.id), facts)),
    ...extra.map((characteristic) => row(characteristic, false, faiOf(characteristic.id), facts)),
  ];
  const missing = characteristics.filter((r) => r.inPlan && r.verdict === 'missing').map((r) => r.characteristicId);
  const failed = characteristics.filter((r) => r.verdict === 'fail').map((r) => r.characteristicId);
  const special = new Set(facts.baseline?.specialProcesses ?? []);

  return {
    lotNumber: facts.lot.lotNumber,
    partNumber: facts.lot.partNumber,
    form1: {
      partNumber: facts.lot.partNumber,
      partRevision: facts.lot.partRevision,
      lotNumber: facts.lot.lotNumber,
      siteId: facts.lot.siteId,
      faiType: facts.faiType,
      ...(facts.reason !== undefined ? { reason: facts.reason } : {}),
      baseline: facts.baseline
        ? {
            source: 'prototype-promotion',
            buildId: facts.baseline.buildId,
            partRevision: facts.baseline.partRevision,
            routingRevision: facts.baseline.routingRevision,
            eventId: facts.baseline.eventId,
            promotedAt: facts.baseline.promotedAt,
          }
        : null,
    },
    form2: {
      materials: [...facts.materials].sort((a, b) => a.depth - b.depth || a.lotNumber.localeCompare(b.lotNumber)),
      specialProcesses: facts.steps
        .filter((step) => special.has(step.operation))
        .map((step) => ({
          operation: step.operation,
          stepId: step.stepId,
          operatorId: step.operatorId,
          sopRevision: step.sopRevision,
          equipmentIds: step.equipmentIds,
          completedAt: step.completedAt,
        })),
    },
    form3: { characteristics },
    complete: plan.length > 0 && missing.length === 0 && failed.length === 0,
    missing,
    failed,
  };
}
