import type { InspectionRecorded, NonconformanceDispositioned, NonconformanceRaised } from '../inspection/inspection.events';
import { ReleaseGateRecords, workConditionGates } from './work-condition-gates';

/**
 * One condition of a lot's release: passed or not, and what fails it. Gates that ask other
 * timelines (equipment, people, procedures, material) also list what they could not answer in
 * `unknown` (each also in `details`, prefixed `unknown:`); an unknown answer fails the gate.
 */
// A type alias, not an interface: event data must stay assignable to Record<string, unknown>.
export type ReleaseGate = { gate: ReleaseGateName; passed: boolean; details: string[]; unknown?: string[] };

export type ReleaseGateName =
  | 'oqc-recorded'
  | 'oqc-passed'
  | 'nonconformances-dispositioned'
  | 'no-active-hold'
  | 'equipment-in-calibration'
  | 'operators-qualified'
  | 'sop-revisions-in-force'
  | 'material-accepted-at-iqc';

interface GateFacts {
  /** Latest OQC inspection per characteristic (by inspectedAt, later recording wins a tie). */
  latestOqc: Map<string, InspectionRecorded['data']>;
  nonconformances: Map<string, { inspectionId?: string; dispositioned: boolean }>;
  activeHolds: Set<string>;
}

type StreamEvent = { type: string; data: Record<string, unknown> };

function factsOf(events: readonly StreamEvent[]): GateFacts {
  const facts: GateFacts = { latestOqc: new Map(), nonconformances: new Map(), activeHolds: new Set() };
  for (const event of events) {
    if (event.type === 'InspectionRecorded') {
      const inspection = event.data as InspectionRecorded['data'];
      if (inspection.stage !== 'OQC') continue;
      const previous = facts.latestOqc.get(inspection.characteristic.id);
      if (!previous || Date.parse(inspection.inspectedAt) >= Date.parse(previous.inspectedAt)) facts.latestOqc.set(inspection.characteristic.id, inspection);
    } else if (event.type === 'NonconformanceRaised') {
      const nc = event.data as NonconformanceRaised['data'];
      facts.nonconformances.set(nc.ncId, { ...(nc.inspectionId !== undefined ? { inspectionId: nc.inspectionId } : {}), dispositioned: false });
    } else if (event.type === 'NonconformanceDispositioned') {
      const nc = event.data as NonconformanceDispositioned['data'];
      const raised = facts.nonconformances.get(nc.ncId);
      if (raised) raised.dispositioned = true;
    } else if (event.type === 'LotHeld') {
      facts.activeHolds.add(String(event.data.holdId));
    } else if (event.type === 'LotHoldReleased') {
      facts.activeHolds.delete(String(event.data.holdId));
    }
  }
  return facts;
}

/**
 * The release gates of a lot: from its own stream, OQC recorded; the latest OQC result of every
 * characteristic passes, or its failure is covered by a dispositioned nonconformance naming that
 * inspection; every nonconformance dispositioned; no hold in force; then the work-condition gates
 * from the equipment, person, document and material lot streams it names (work-condition-gates.ts).
 * Pure: the command side and the readiness query judge with this one function, on the streams as
 * loaded, never on a read model that may lag.
 */
export function releaseGates(lotNumber: string, events: readonly StreamEvent[], records: ReleaseGateRecords): ReleaseGate[] {
  const facts = factsOf(events);
  const covered = new Set([...facts.nonconformances.values()].filter((nc) => nc.dispositioned && nc.inspectionId).map((nc) => nc.inspectionId!));
  const failing = [...facts.latestOqc.entries()]
    .filter(([, inspection]) => inspection.verdict === 'fail' && !covered.has(inspection.inspectionId))
    .map(([characteristic, inspection]) => `${characteristic}: latest OQC ${inspection.inspectionId} failed and no dispositioned nonconformance covers it`);
  const open = [...facts.nonconformances.entries()].filter(([, nc]) => !nc.dispositioned).map(([ncId]) => `${ncId} is not dispositioned`);
  return [
    { gate: 'oqc-recorded', passed: facts.latestOqc.size > 0, details: facts.latestOqc.size > 0 ? [] : ['no OQC inspection is recorded on the lot'] },
    { gate: 'oqc-passed', passed: facts.latestOqc.size > 0 && failing.length === 0, details: failing },
    { gate: 'nonconformances-dispositioned', passed: open.length === 0, details: open },
    { gate: 'no-active-hold', passed: facts.activeHolds.size === 0, details: [...facts.activeHolds].map((holdId) => `hold ${holdId} is in force`) },
    ...workConditionGates(lotNumber, events, records),
  ];
}

export const isReady = (gates: readonly ReleaseGate[]): boolean => gates.every((g) => g.passed);
