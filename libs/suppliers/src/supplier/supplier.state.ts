import { assertNever, foldStreamEvents, LoadedStream } from '@lotstream/domain';
import type { InspectionLevel } from '../sampling/iso2859-tables';
import { applyInspectedLot, applyInspectedLotInPlace, initialSwitchingState, resumeInspection, SwitchingState } from '../sampling/switching';
import type { ReceivingInspectionRecorded, SupplierApproved, SupplierEvent, SupplierRegistered, SupplierSuspended } from './supplier.events';

export interface PartSampling {
  partNumber: string;
  inspectionLevel: InspectionLevel;
  aql: number;
  switching: SwitchingState;
}

/** What decisions and the supplier answers need: approvals, suspensions, plans with their switching state. */
export interface SupplierState {
  registered?: SupplierRegistered['data'];
  approvals: ReadonlyArray<SupplierApproved['data']>;
  /** Suspension periods, in order; an open one has no `until`. */
  suspensions: ReadonlyArray<{ from: string; until?: string; reason: string }>;
  plans: ReadonlyMap<string, PartSampling>;
  inspections: ReadonlyMap<string, ReceivingInspectionRecorded['data']>;
}

export const initialSupplierState: SupplierState = { approvals: [], suspensions: [], plans: new Map(), inspections: new Map() };

const suspend = (state: SupplierState, data: SupplierSuspended['data']): SupplierState => ({
  ...state,
  suspensions: [...state.suspensions, { from: data.effectiveFrom, reason: data.reason }],
});

export function evolveSupplier(state: SupplierState, event: SupplierEvent): SupplierState {
  switch (event.type) {
    case 'SupplierRegistered':
      return { ...state, registered: event.data };
    case 'SupplierApproved':
      return { ...state, approvals: [...state.approvals, event.data] };
    case 'SupplierSuspended':
      return suspend(state, event.data);
    case 'SupplierReinstated': {
      const suspensions = state.suspensions.map((s, i) =>
        i === state.suspensions.length - 1 && s.until === undefined ? { ...s, until: event.data.effectiveFrom } : s,
      );
      return { ...state, suspensions };
    }
    case 'SamplingPlanSet': {
      const { partNumber, inspectionLevel, aql, severity } = event.data;
      const plans = new Map(state.plans).set(partNumber, { partNumber, inspectionLevel, aql, switching: initialSwitchingState(severity) });
      return { ...state, plans };
    }
    case 'SamplingResumed': {
      const plan = state.plans.get(event.data.partNumber);
      if (!plan) return state;
      return { ...state, plans: new Map(state.plans).set(plan.partNumber, { ...plan, switching: resumeInspection(plan.switching) }) };
    }
    case 'ReceivingInspectionRecorded': {
      const inspection = event.data;
      const inspections = new Map(state.inspections).set(inspection.inspectionId, inspection);
      const plan = state.plans.get(inspection.partNumber);
      if (!plan) return { ...state, inspections };
      const switching = applyInspectedLot(plan.switching, {
        lotId: inspection.lotNumber,
        accepted: inspection.decision === 'accepted',
        acceptNumber: inspection.plan.acceptNumber,
        acceptedOneStepTighter: inspection.acceptedOneStepTighter,
      });
      return { ...state, inspections, plans: new Map(state.plans).set(plan.partNumber, { ...plan, switching }) };
    }
    default:
      return assertNever(event);
  }
}

/**
 * The fold of evolveSupplier over `events`, from `from` (the initial state unless given), in time
 * linear in the events: evolveSupplier copies the inspections and the switching history at every
 * receiving inspection, so folding a supplier with thousands of received lots through it is
 * quadratic. Here the state's collections are copied once and then extended in place; `from` is
 * left as it was, so a state already handed out never changes.
 */
export function foldSupplierEvents(events: Iterable<SupplierEvent>, from: SupplierState = initialSupplierState): SupplierState {
  const copyPlan = (plan: PartSampling): PartSampling => ({
    ...plan,
    switching: { ...plan.switching, sinceSwitch: [...plan.switching.sinceSwitch], history: [...plan.switching.history] },
  });
  const inspections = new Map(from.inspections);
  let plans = new Map([...from.plans].map(([partNumber, plan]) => [partNumber, copyPlan(plan)]));
  let state: SupplierState = { ...from, plans, inspections };
  for (const event of events) {
    if (event.type !== 'ReceivingInspectionRecorded') {
      // Rare events (registration, approvals, plans): evolveSupplier as it is. A new plans map it
      // makes holds the plans of this fold and new ones, so it is this fold's to extend.
      state = evolveSupplier({ ...state, plans, inspections }, event);
      plans = state.plans as Map<string, PartSampling>;
      continue;
    }
    const inspection = event.data;
    inspections.set(inspection.inspectionId, inspection);
    const plan = plans.get(inspection.partNumber);
    if (!plan) continue;
    const switching = applyInspectedLotInPlace(plan.switching, {
      lotId: inspection.lotNumber,
      accepted: inspection.decision === 'accepted',
      acceptNumber: inspection.plan.acceptNumber,
      acceptedOneStepTighter: inspection.acceptedOneStepTighter,
    });
    plans.set(plan.partNumber, { ...plan, switching });
  }
  return { ...state, plans, inspections };
}

export const supplierDecider = { initialState: initialSupplierState, evolve: evolveSupplier };

/** The supplier as a handler decides on it: its stream folded linearly (a receipt's write folds every receipt before it). */
export const supplierOf = (stream: LoadedStream): SupplierState => foldStreamEvents(stream, initialSupplierState, foldSupplierEvents);

/** Suspended at `at`: inside a suspension period (from inclusive, until exclusive). */
export function isSuspendedAt(state: SupplierState, at: string): boolean {
  const t = Date.parse(at);
  return state.suspensions.some((s) => Date.parse(s.from) <= t && (s.until === undefined || t < Date.parse(s.until)));
}

/** The approval covering a part (by part number, or by commodity when given) at `at`, if any and not suspended. */
export function approvalFor(state: SupplierState, partNumber: string, at: string, commodity?: string): SupplierApproved['data'] | undefined {
  if (isSuspendedAt(state, at)) return undefined;
  const t = Date.parse(at);
  return state.approvals.find(
    (a) =>
      Date.parse(a.validFrom) <= t &&
      (a.validUntil === undefined || t < Date.parse(a.validUntil)) &&
      ((a.partNumbers?.includes(partNumber) ?? false) || (commodity !== undefined && a.commodity === commodity)),
  );
}
