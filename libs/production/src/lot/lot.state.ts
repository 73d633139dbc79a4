import { assertNever, fold, foldStream, isCorrectionEvent, LoadedStream } from '@lotstream/domain';
import { reject, Rejection } from '@lotstream/domain';
import { LOT_EVENT_TYPES, type LotEvent, type LotHeld, type LotKind, type LotRegistered } from './lot.events';

/**
 * What production folds of a lot stream: its own facts. Other contexts record on the same stream
 * (quality's inspections and nonconformances) and fold those themselves; production ignores them.
 */
export type LotStreamEvent = LotEvent | { type: string; data: Record<string, unknown> };

const LOT_EVENT_TYPES_SET: ReadonlySet<string> = new Set(LOT_EVENT_TYPES);
const isLotEvent = (event: LotStreamEvent): event is LotEvent => LOT_EVENT_TYPES_SET.has(event.type);

/**
 * What write decisions need to know about a lot. *Remaining* quantity is what is still in the lot:
 * registered − issued to other lots − split off; shipments are counted apart (a shipped lot is done).
 */
export interface LotState {
  registered?: LotRegistered['data'];
  issued: number;
  splitOff: number;
  shipped: number;
  stepIds: ReadonlySet<string>;
  shipmentIds: ReadonlySet<string>;
  /** Lots this lot went into directly (issued to, or split into): genealogy edges forward. */
  successors: readonly string[];
  /** Holds in force on this lot, by hold id. */
  activeHolds: ReadonlyMap<string, LotHeld['data']>;
  /** Every hold ever put on the lot (released or not), by hold id. */
  holds: ReadonlyMap<string, LotHeld['data']>;
}

export const initialLotState: LotState = {
  issued: 0,
  splitOff: 0,
  shipped: 0,
  stepIds: new Set(),
  shipmentIds: new Set(),
  successors: [],
  activeHolds: new Map(),
  holds: new Map(),
};

const withItem = (set: ReadonlySet<string>, item: string): ReadonlySet<string> => new Set(set).add(item);

/** A corrected or voided issue or shipment changes the quantities by the difference it records. */
function evolveCorrection<S extends LotState>(state: S, event: LotStreamEvent): S {
  if (!isCorrectionEvent(event)) return state;
  const { eventType, previous } = event.data;
  if (eventType !== 'MaterialIssued' && eventType !== 'LotShipped') return state;
  const before = Number(previous.quantity ?? 0);
  const after = event.type === 'EventVoided' ? 0 : Number(event.data.corrected.quantity ?? before);
  if (eventType === 'MaterialIssued') return { ...state, issued: state.issued + after - before };
  return { ...state, shipped: state.shipped + after - before };
}

export function evolveLot<S extends LotState>(state: S, stored: LotStreamEvent): S {
  if (!isLotEvent(stored)) return evolveCorrection(state, stored);
  const event = stored;
  switch (event.type) {
    case 'LotRegistered':
      return { ...state, registered: event.data };
    case 'MaterialConsumed':
      return state;
    case 'MaterialIssued':
      return { ...state, issued: state.issued + event.data.quantity, successors: [...state.successors, event.data.toLotNumber] };
    case 'LotSplit':
      return { ...state, splitOff: state.splitOff + event.data.quantity, successors: [...state.successors, event.data.childLotNumber] };
    case 'ProductionStepCompleted':
      return { ...state, stepIds: withItem(state.stepIds, event.data.stepId) };
    case 'LotShipped':
      return { ...state, shipped: state.shipped + event.data.quantity, shipmentIds: withItem(state.shipmentIds, event.data.shipmentId) };
    case 'LotHeld':
      return {
        ...state,
        activeHolds: new Map(state.activeHolds).set(event.data.holdId, event.data),
        holds: new Map(state.holds).set(event.data.holdId, event.data),
      };
    case 'LotHoldReleased': {
      const activeHolds = new Map(state.activeHolds);
      activeHolds.delete(event.data.holdId);
      return { ...state, activeHolds };
    }
    default:
      return assertNever(event);
  }
}

export const lotDecider = { initialState: initialLotState, evolve: evolveLot };

export function foldLot(events: readonly { type: string; data: unknown }[]): LotState {
  return fold(lotDecider, events as LotStreamEvent[]);
}

export const lotOf = (stream: LoadedStream): LotState => foldStream(stream, initialLotState, evolveLot);

/** Quantities are compared with a tolerance: 0.1 + 0.2 kg must not exceed 0.3 kg. */
const EPSILON = 1e-9;

export function remainingQuantity(state: LotState): number {
  return (state.registered?.quantity ?? 0) - state.issued - state.splitOff;
}

export function exceeds(quantity: number, available: number): boolean {
  return quantity > available + EPSILON;
}

/** A lot whose shipments took all that remained in it: it is out of the shop. */
export function isShippedOut(state: LotState): boolean {
  return state.registered !== undefined && state.shipped > 0 && !exceeds(remainingQuantity(state), state.shipped);
}

export type { LotKind };

/**
 * Prototype builds live in `prototype-<buildId>` streams (libs/prototyping); a lot number may not
 * be a build id. Spelled here to keep production independent of the prototyping library.
 */
export const prototypeStreamOf = (buildId: string): string => `prototype-${buildId}`;

/** 422 `lot-on-hold` when the lot has a hold in force: it may not be consumed, split or shipped. */
export function holdRefusal(state: LotState, lotNumber: string, field?: string): Rejection | undefined {
  if (state.activeHolds.size === 0) return undefined;
  const holds = [...state.activeHolds.keys()].join(', ');
  return reject('rule', 'lot-on-hold', `Lot ${lotNumber} is on hold (${holds}); it cannot be consumed, split or shipped until released.`, field);
}
