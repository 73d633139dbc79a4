/** Injection tokens shared by every app: infrastructure behind ports. */
export const CONFIG = Symbol('CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const PG_POOL = Symbol('PG_POOL');
export const EVENT_STORE = Symbol('EVENT_STORE');
/** `() => Date`: the only clock the application reads; domain code receives time as an argument. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
