/**
 * The release gates that look beyond the lot's own stream: the equipment, people, procedures and
 * material its work rested on, judged at the moment of use by the one rule the read side answers
 * with (libs/domain validity: calibration at use, qualification at the moment, revision in force)
 * and by the receiving standing of each material lot (libs/suppliers). Pure: the records come in,
 * loaded from the streams by the caller (release-gate-records.ts).
 *
 * An `unknown` answer — an operator id that is no registered person, equipment never registered
 * or not calibrated before the use, a revision nobody released, a material lot without receiving
 * inspection — is listed in the gate's `unknown` and fails the gate: a release rests on facts that
 * are known to hold, not on the absence of a known failure.
 */
import {
  calibrationAtUse,
  calibrationTimeline,
  CalibrationTerms,
  DocumentRecord,
  operatorQualifiedFor,
  PersonRecord,
  revisionInForceFor,
} from '@lotstream/domain';
import { receivingStandingOf } from '@lotstream/suppliers/domain';
import type { ReleaseGate } from './release-gates';

type StreamEvent = { type: string; data: Record<string, unknown> };

/** What the work-condition gates read besides the lot's own stream (absent from a map = not registered). */
export interface ReleaseGateRecords {
  /** Calibrations of each registered piece of equipment the lot's steps and inspections name. */
  equipment: ReadonlyMap<string, readonly CalibrationTerms[]>;
  /** Each registered person the lot's steps name as operator. */
  persons: ReadonlyMap<string, PersonRecord>;
  /** The document each released SOP revision the lot's steps name belongs to, by revision id. */
  documents: ReadonlyMap<string, DocumentRecord>;
  /** Streams of the lots reached backward from the lot (consumptions and splits), by lot number. */
  lots: ReadonlyMap<string, readonly StreamEvent[]>;
  /** Lots named by a consumption or split whose stream holds nothing (never registered). */
  missingLots: readonly string[];
  /** Whether the backward walk stopped at its bound before reaching every lot. */
  walkTruncated: boolean;
}

export const NO_RECORDS: ReleaseGateRecords = {
  equipment: new Map(),
  persons: new Map(),
  documents: new Map(),
  lots: new Map(),
  missingLots: [],
  walkTruncated: false,
};

/** A gate that can answer unknown: it passes only when nothing failed and nothing is unknown. */
const judged = (gate: ReleaseGate['gate'], failed: string[], unknown: string[]): ReleaseGate => ({
  gate,
  passed: failed.length === 0 && unknown.length === 0,
  details: [...failed, ...unknown.map((u) => `unknown: ${u}`)],
  unknown,
});

const listed = (reasons: readonly string[]): string => (reasons.length ? ` (${reasons.join(', ')})` : '');

interface Use {
  equipmentId: string;
  from: string;
  to: string;
  what: string;
}

function usesOf(events: readonly StreamEvent[]): Use[] {
  const uses: Use[] = [];
  for (const event of events) {
    if (event.type === 'ProductionStepCompleted') {
      const d = event.data as { stepId: string; equipmentIds: string[]; startedAt: string; completedAt: string };
      for (const equipmentId of new Set(d.equipmentIds)) uses.push({ equipmentId, from: d.startedAt, to: d.completedAt, what: `step ${d.stepId}` });
    } else if (event.type === 'InspectionRecorded') {
      const d = event.data as { inspectionId: string; gaugeId: string; inspectedAt: string };
      uses.push({ equipmentId: d.gaugeId, from: d.inspectedAt, to: d.inspectedAt, what: `inspection ${d.inspectionId}` });
    }
  }
  return uses;
}

/** Every gauge (inspections, at inspectedAt) and machine (steps, over [startedAt, completedAt]) of the lot in calibration at use. */
export function equipmentGate(events: readonly StreamEvent[], records: ReleaseGateRecords): ReleaseGate {
  const failed: string[] = [];
  const unknown: string[] = [];
  for (const use of usesOf(events)) {
    const calibrations = records.equipment.get(use.equipmentId);
    if (!calibrations) {
      unknown.push(`${use.equipmentId} used in ${use.what} is not registered equipment`);
      continue;
    }
    const answer = calibrationAtUse(
      calibrationTimeline(calibrations, (c) => c),
      use.from,
      use.to,
    );
    if (answer.inCalibration === true) continue;
    const line = `${use.equipmentId} used in ${use.what} was not in calibration${listed(answer.reasons)}`;
    (answer.inCalibration === false ? failed : unknown).push(line);
  }
  return judged('equipment-in-calibration', failed, unknown);
}

/** Every step's operator qualified (and trained on the revision when it requires it), and every step's SOP revision in force, over the step. */
export function peopleAndProcedureGates(events: readonly StreamEvent[], records: ReleaseGateRecords): [ReleaseGate, ReleaseGate] {
  const operators = { failed: [] as string[], unknown: [] as string[] };
  const revisions = { failed: [] as string[], unknown: [] as string[] };
  for (const event of events) {
    if (event.type !== 'ProductionStepCompleted') continue;
    const step = event.data as {
      stepId: string;
      operation: string;
      workCenter: string;
      operatorId: string;
      sopRevision: string;
      startedAt: string;
      completedAt: string;
    };
    const work = { ...step, revisionId: step.sopRevision };
    const person = records.persons.get(step.operatorId);
    const document = records.documents.get(step.sopRevision);
    const operator = operatorQualifiedFor(person, document, work);
    if (operator.qualified !== true) {
      const why = person ? operator.reasons : ['person-not-registered'];
      const reasons = why.length ? why : ['revision-not-registered'];
      const line = `${step.operatorId} in step ${step.stepId} (${step.operation}) not qualified${listed(reasons)}`;
      (operator.qualified === false ? operators.failed : operators.unknown).push(line);
    }
    const revision = revisionInForceFor(document, work);
    if (revision.inForce !== true) {
      const reasons = revision.reasons.length ? revision.reasons : ['revision-not-registered'];
      const inForce = revision.revisionInForce ? `; in force: ${revision.revisionInForce}` : '';
      const line = `${step.sopRevision} in step ${step.stepId} (${step.operation}) not in force${listed(reasons)}${inForce}`;
      (revision.inForce === false ? revisions.failed : revisions.unknown).push(line);
    }
  }
  return [judged('operators-qualified', operators.failed, operators.unknown), judged('sop-revisions-in-force', revisions.failed, revisions.unknown)];
}

const registrationOf = (events: readonly StreamEvent[] | undefined) =>
  events?.find((e) => e.type === 'LotRegistered')?.data as { kind?: string; splitFrom?: string } | undefined;

/**
 * Every material lot the lot rests on accepted at incoming inspection (or released use-as-is after
 * a not-accepted decision). "Rests on" is the whole backward genealogy: the lot's consumptions,
 * and theirs, through intermediate production lots, and a split child back to the lot it was split
 * from. A material lot split before inspection is judged by the nearest lot up its split line that
 * has a receiving inspection.
 */
export function materialGate(lotNumber: string, records: ReleaseGateRecords): ReleaseGate {
  const failed: string[] = [];
  const unknown: string[] = [];
  const materialLots = [...records.lots.keys()].filter((lot) => registrationOf(records.lots.get(lot))?.kind === 'material').sort();
  for (const material of materialLots) {
    let judgedOn = material;
    let standing = receivingStandingOf(records.lots.get(material)!);
    const seen = new Set([material]);
    for (let parent = registrationOf(records.lots.get(judgedOn))?.splitFrom; standing === 'not-inspected' && parent && !seen.has(parent);) {
      seen.add(parent);
      judgedOn = parent;
      standing = receivingStandingOf(records.lots.get(parent) ?? []);
      parent = registrationOf(records.lots.get(parent))?.splitFrom;
    }
    const via = judgedOn === material ? '' : ` (split from ${judgedOn})`;
    if (standing === 'not-accepted') failed.push(`material lot ${material}${via} was not accepted at incoming inspection`);
    else if (standing === 'not-inspected') unknown.push(`material lot ${material} has no receiving inspection`);
  }
  for (const missing of records.missingLots) unknown.push(`lot ${missing}, consumed on the way to ${lotNumber}, is not registered`);
  if (records.walkTruncated) unknown.push(`the genealogy of ${lotNumber} is larger than the release walk reads; not every material lot was judged`);
  return judged('material-accepted-at-iqc', failed, unknown);
}

/** The work-condition gates of a lot, in the order they are shown. */
export function workConditionGates(lotNumber: string, events: readonly StreamEvent[], records: ReleaseGateRecords): ReleaseGate[] {
  return [equipmentGate(events, records), ...peopleAndProcedureGates(events, records), materialGate(lotNumber, records)];
}
