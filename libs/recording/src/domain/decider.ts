/**
 * The shape every context's domain follows: pure `decide(command, state, now)` returning events or
 * a typed rejection, and pure `evolve(state, event)`. No clock, no I/O, no framework imports.
 */
export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  type: T;
  data: D;
}

/**
 * Why a command was refused, as a value. `not-found` → 404, `conflict` → 409 (the fact already
 * exists differently), `rule` → 422 (a domain rule forbids it). Mapped to HTTP at the edge only.
 */
export interface Rejection {
  rejected: true;
  kind: 'not-found' | 'conflict' | 'rule';
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
