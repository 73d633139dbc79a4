import { foldStream, LoadedStream } from '@lotstream/domain';
import { evolveLot, initialLotState, LotState } from '@lotstream/production/domain';
import { QUALITY_EVENT_TYPES, type QualityEvent } from '../inspection/inspection.events';

/**
 * What quality's decisions know of a lot: production's state of the lot (registered, quantities —
 * folded by production, which owns those facts) and quality's own facts on the same stream. Each
 * context folds what it owns and ignores the rest, so production never depends on quality.
 */
export interface LotQualityFacts {
  inspectionIds: ReadonlySet<string>;
  /** ncId → dispositioned yet. */
  nonconformances: ReadonlyMap<string, { dispositioned: boolean }>;
}

export type QualityLot = LotState & LotQualityFacts;

export const initialLotQuality: LotQualityFacts = { inspectionIds: new Set(), nonconformances: new Map() };

const QUALITY_TYPES: ReadonlySet<string> = new Set(QUALITY_EVENT_TYPES);
const isQualityEvent = (event: { type: string }): event is QualityEvent => QUALITY_TYPES.has(event.type);

export function evolveLotQuality<S extends LotQualityFacts>(state: S, event: { type: string; data: Record<string, unknown> }): S {
  if (!isQualityEvent(event)) return state;
  switch (event.type) {
    case 'InspectionRecorded':
      return { ...state, inspectionIds: new Set(state.inspectionIds).add(event.data.inspectionId) };
    case 'NonconformanceRaised':
      return { ...state, nonconformances: new Map(state.nonconformances).set(event.data.ncId, { dispositioned: false }) };
    case 'NonconformanceDispositioned':
      return { ...state, nonconformances: new Map(state.nonconformances).set(event.data.ncId, { dispositioned: true }) };
  }
}

/** The whole lot stream as quality decides on it: production's fold, then quality's. */
export const qualityLotDecider = {
  initialState: { ...initialLotState, ...initialLotQuality } as QualityLot,
  evolve: (state: QualityLot, event: { type: string; data: Record<string, unknown> }): QualityLot => evolveLotQuality(evolveLot(state, event), event),
};

export const qualityLotOf = (stream: LoadedStream): QualityLot => foldStream(stream, qualityLotDecider.initialState, qualityLotDecider.evolve);

export function foldQualityLot(events: readonly { type: string; data: unknown }[]): QualityLot {
  return (events as { type: string; data: Record<string, unknown> }[]).reduce(qualityLotDecider.evolve, qualityLotDecider.initialState);
}
