/**
 * The decider kit every context's domain is written with: events, typed rejections, folds and the
 * loaded stream a decision is made on. Pure: no framework, no I/O, no clock (the command carries its
 * times), so any domain file can be loaded — and tested — alone.
 */

/** The shape every context's domain follows: pure `decide(command, state)` returning events or a typed rejection, and pure `evolve(state, event)`. */
export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  type: T;
  data: D;
}

/**
 * Why a command was refused, as a value. `not-found` → 404, `conflict` → 409 (the fact already
 * exists differently), `rule` → 422 (a domain rule forbids it), `forbidden` → 403 (a signature or
 * an enrolment token that does not authenticate). Mapped to HTTP at the edge only.
 */
export interface Rejection {
  rejected: true;
  kind: 'not-found' | 'conflict' | 'rule' | 'forbidden';
  code: string;
  detail: string;
  field?: string;
}

export const reject = (kind: Rejection['kind'], code: string, detail: string, field?: string): Rejection => ({
  rejected: true,
  kind,
  code,
  detail,
  ...(field ? { field } : {}),
});

export const isRejection = (value: unknown): value is Rejection => typeof value === 'object' && value !== null && (value as Rejection).rejected === true;

export type Decision<E> = E[] | Rejection;

export interface Decider<C, S, E extends DomainEvent> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, now: string): Decision<E>;
}

/** Folds events into state with the decider's own evolve: one definition of state everywhere. */
export function fold<S, E extends DomainEvent>(decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>, events: E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Exhaustiveness check for switch statements over event unions. */
export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}

/** A stream as a handler saw it: its events (current schema) and the version they bring it to. */
export interface LoadedStream {
  streamId: string;
  version: number;
  events: DomainEvent[];
  /** The stream this one extends (a batch's in-memory view): its folded state can be reused. */
  base?: LoadedStream;
}

const folded = new WeakMap<LoadedStream, Map<unknown, unknown>>();

/**
 * The stream's events folded with `evolve`, remembered per stream object, and built on the folded
 * state of the stream it extends: a batch of 1,000 steps on one lot folds each event once, not
 * once per item.
 */
export function foldStream<S>(stream: LoadedStream, initialState: S, evolve: (state: S, event: any) => S): S {
  const memo = folded.get(stream) ?? new Map<unknown, unknown>();
  if (memo.has(evolve)) return memo.get(evolve) as S;
  let state = initialState;
  let from = 0;
  if (stream.base) {
    state = foldStream(stream.base, initialState, evolve);
    from = stream.base.events.length;
  }
  for (let i = from; i < stream.events.length; i++) state = evolve(state, stream.events[i]);
  memo.set(evolve, state);
  folded.set(stream, memo);
  return state;
}

/**
 * foldStream for a state with a fold of its own over many events (one cheaper than `evolve` applied
 * event by event, e.g. linear where evolve copies): `fold(events, from)` must equal reducing `events`
 * with evolve from `from`, and leave `from` as it was (the folded state of a base is shared).
 */
export function foldStreamEvents<S>(stream: LoadedStream, initialState: S, fold: (events: readonly any[], from: S) => S): S {
  const memo = folded.get(stream) ?? new Map<unknown, unknown>();
  if (memo.has(fold)) return memo.get(fold) as S;
  const base = stream.base ? foldStreamEvents(stream.base, initialState, fold) : initialState;
  const state = fold(stream.base ? stream.events.slice(stream.base.events.length) : stream.events, base);
  memo.set(fold, state);
  folded.set(stream, memo);
  return state;
}
