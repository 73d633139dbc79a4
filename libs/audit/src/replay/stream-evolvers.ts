import type { RecordedEvent } from '@lotstream/event-store';

/** The command side's state of a stream: its initial state and evolve, exactly as its decider has them. */
export interface StreamEvolver<S = unknown> {
  initialState: S;
  evolve(state: S, event: { type: string; data: any }): S;
}

/**
 * State for a stream category whose decider is not registered: how many events of each type, and
 * the data of the latest event of each type. Good enough to see what the record showed.
 */
export interface GenericStreamState {
  events: number;
  eventTypes: Record<string, number>;
  latest: Record<string, unknown>;
}

export const genericEvolver: StreamEvolver<GenericStreamState> = {
  initialState: { events: 0, eventTypes: {}, latest: {} },
  evolve: (state, event) => ({
    events: state.events + 1,
    eventTypes: { ...state.eventTypes, [event.type]: (state.eventTypes[event.type] ?? 0) + 1 },
    latest: { ...state.latest, [event.type]: event.data },
  }),
};

/** Stream category (`lot`, `equipment`, `prototype`) → the evolve its command side uses. */
export type StreamEvolvers = Record<string, StreamEvolver<any>>;

export function evolverFor(evolvers: StreamEvolvers, category: string): { evolver: StreamEvolver<any>; generic: boolean } {
  const evolver = evolvers[category];
  return evolver ? { evolver, generic: false } : { evolver: genericEvolver, generic: true };
}

export function foldEvents<S>(evolver: StreamEvolver<S>, events: RecordedEvent[]): S {
  return events.reduce((state, event) => evolver.evolve(state, { type: event.type, data: event.data }), evolver.initialState);
}

/** States hold Sets and Maps; JSON shows them as arrays and objects. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(toJsonValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJsonValue(v)]),
    );
  }
  return value;
}
